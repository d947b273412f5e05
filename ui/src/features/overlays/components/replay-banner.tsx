// The replay banner overlay follows the replay flow: it slides in when a replay starts
// playing and out (the close animation) when the replay closes or fails. A server without a
// replay flow reports `idle`; the banner then follows the open challenge instead.
import { useEffect, useState } from "react";

import type { MatchState, ReplayStatus } from "@/types/api";

/** How long the close animation runs before the banner is removed. */
export const BANNER_CLOSE_MS = 400;

/** What the banner says about the replay: the challenge under review, if any. */
function describe(match: MatchState | null): string {
  const challenge = match?.challenges.find((candidate) => candidate.index === match.open_challenge);
  if (!match || !challenge) return "VIDEO REPLAY";
  if (challenge.side === null || challenge.side === "referee") return "REFEREE REVIEW";
  const athlete = challenge.side === "red" ? match.red : match.blue;
  return `VIDEO REPLAY · ${challenge.side.toUpperCase()} CHALLENGE${athlete.short_name ? ` · ${athlete.short_name}` : ""}`;
}

/**
 * Whether the banner is on screen: `playing` (and a `warning` while playing) shows it,
 * `closed` and `failed` take it away, `saving` and `queued` do not show it yet; `idle` (no
 * replay flow) follows the open challenge.
 */
export function bannerWanted(match: MatchState | null, replay: ReplayStatus, shown: boolean): boolean {
  switch (replay.status) {
    case "playing":
      return true;
    case "warning":
      return shown;
    case "idle":
      return match !== null && match.open_challenge !== null;
    default:
      return false;
  }
}

/** The banner; keeps the last text on screen while it animates out. */
export function ReplayBanner({ match, replay }: { match: MatchState | null; replay: ReplayStatus }) {
  const [shown, setShown] = useState<{ text: string; closing: boolean } | null>(null);
  const on = shown !== null && !shown.closing;
  const text = bannerWanted(match, replay, on) ? describe(match) : null;
  useEffect(() => {
    if (text !== null) {
      setShown({ text, closing: false });
      return;
    }
    setShown((current) => (current ? { ...current, closing: true } : null));
    const timer = setTimeout(() => setShown(null), BANNER_CLOSE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  if (!shown) return null;
  return (
    <div className="absolute left-0 right-0 top-[60px] flex justify-center">
      <div
        role="status"
        aria-label="Replay banner"
        data-closing={shown.closing}
        className={`flex items-center gap-6 rounded-xl bg-purple-800/95 px-14 py-6 text-5xl font-black tracking-wide text-white shadow-2xl ring-4 ring-white/80 ${
          shown.closing ? "animate-banner-out" : "animate-banner-in"
        }`}
      >
        <span className="inline-block h-8 w-8 rounded-full bg-red-500" aria-hidden="true" />
        {shown.text}
      </div>
    </div>
  );
}
