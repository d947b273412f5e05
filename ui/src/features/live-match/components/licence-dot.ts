// The LIC dot's colour, word and title from the server's licence: green valid, amber when it
// ends within 14 days, red expired / wrong machine / invalid, grey missing or not known yet.
import type { DotState } from "@/components/ui/status-dot";
import type { Licence } from "@/types/api";

/** Days before the last valid day from which the dot turns amber. */
export const EXPIRY_WARNING_DAYS = 14;

/** What the LIC dot shows. */
export interface LicenceDot {
  state: DotState;
  word: string;
  title: string;
}

/** Whole days from `today` (UTC) to the `YYYY-MM-DD` day `expires`; null when unreadable. */
export function daysUntil(expires: string, today: Date): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(expires);
  if (!match) return null;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const end = Date.UTC(year, month - 1, day);
  const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Math.round((end - start) / 86_400_000);
}

/** The LIC dot for `licence` (null: the server has not said) on `today`. */
export function licenceDot(licence: Licence | null, today: Date): LicenceDot {
  if (licence === null) {
    return { state: "unknown", word: "unknown", title: "Licence: the server has not reported it yet" };
  }
  const reason = licence.reason ?? "";
  switch (licence.status) {
    case "valid": {
      const left = licence.expires === null ? null : daysUntil(licence.expires, today);
      const who = licence.licensee ?? "this machine";
      if (left !== null && left <= EXPIRY_WARNING_DAYS) {
        const when = left === 0 ? "today" : left === 1 ? "tomorrow" : `in ${left} days`;
        return {
          state: "warn",
          word: "expires soon",
          title: `Licence for ${who} ends ${when} (last day ${licence.expires}): ask the vendor for a new one`,
        };
      }
      return { state: "ok", word: "valid", title: `Licence valid for ${who} until ${licence.expires ?? "—"}` };
    }
    case "missing":
      return {
        state: "unknown",
        word: "missing",
        title: `No licence installed (Settings, Licence); this machine is ${licence.fingerprint ?? "unknown"}. Everything still works.`,
      };
    case "expired":
      return { state: "error", word: "expired", title: `Licence expired: ${reason}. Everything still works.` };
    case "wrong_machine":
      return { state: "error", word: "wrong machine", title: `Licence for another machine: ${reason}. Everything still works.` };
    case "invalid":
      return { state: "error", word: "invalid", title: `Licence invalid: ${reason}. Everything still works.` };
  }
}
