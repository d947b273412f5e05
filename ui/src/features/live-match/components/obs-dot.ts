// What the REC and STR status dots show for the server's list of OBS connections.
import type { DotState } from "@/components/ui/status-dot";
import type { ObsConnection } from "@/types/api";

/** What one OBS dot shows: its colour, the word of its name and the tooltip. */
export interface ObsDot {
  state: DotState;
  word: string;
  title: string;
}

function describe(connection: ObsConnection): string {
  const reason = connection.reason ? ` (${connection.reason})` : "";
  return `${connection.name}: ${connection.status}${reason}`;
}

/**
 * The dot of the connections with `role` (a BOTH connection counts for REC and STR): grey when
 * none is configured, else the worst of them: red for an error or a lost connection, amber
 * while connecting, green when all are connected.
 */
export function obsDot(obs: ObsConnection[], role: "rec" | "str"): ObsDot {
  const label = role === "rec" ? "OBS recording" : "OBS streaming";
  const mine = obs.filter((connection) => connection.role === role || connection.role === "both");
  if (mine.length === 0) return { state: "unknown", word: "not configured", title: `${label}: no connection configured` };
  const title = `${label}: ${mine.map(describe).join("; ")}`;
  if (mine.some((c) => c.status === "error" || c.status === "disconnected")) {
    const down = mine.find((c) => c.status === "error") ?? mine.find((c) => c.status === "disconnected");
    return { state: "error", word: down?.status ?? "disconnected", title };
  }
  if (mine.some((c) => c.status === "connecting")) return { state: "warn", word: "connecting", title };
  return { state: "ok", word: "connected", title };
}
