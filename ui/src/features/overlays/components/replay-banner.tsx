// The replay banner overlay: slides in when a challenge opens and out when it closes.
import { useEffect, useState } from "react";

import type { MatchState } from "@/types/api";

/** How long the close animation runs before the banner is removed. */
export const BANNER_CLOSE_MS = 400;

/** What the banner says about the open challenge. */
function describe(match: MatchState | null): string | null {
  if (!match || match.open_challenge === null) return null;
  const challenge = match.challenges.find((candidate) => candidate.index === match.open_challenge);
  if (!challenge || challenge.side === null || challenge.side === "referee") return "REFEREE REVIEW";
  const athlete = challenge.side === "red" ? match.red : match.blue;
  return `VIDEO REPLAY · ${challenge.side.toUpperCase()} CHALLENGE${athlete.short_name ? ` · ${athlete.short_name}` : ""}`;
}

/** The banner; keeps the last text on screen while it animates out. */
export function ReplayBanner({ match }: { match: MatchState | null }) {
  const text = describe(match);
  const [shown, setShown] = useState<{ text: string; closing: boolean } | null>(null);
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
