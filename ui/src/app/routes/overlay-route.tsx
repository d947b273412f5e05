// The overlays as routes (/overlay/scoreboard, /overlay/replay, /overlay/winner) for servers
// that fall back to index.html; the same components as the overlay/*.html entry pages.
import { useEffect } from "react";
import { useParams } from "react-router";

import { useMatchStore } from "@/features/live-match/stores/use-match-store";
import { ReplayBanner } from "@/features/overlays/components/replay-banner";
import { ScoreboardOverlay } from "@/features/overlays/components/scoreboard-overlay";
import { WinnerCard } from "@/features/overlays/components/winner-card";

/** The overlay names. */
export type OverlayName = "scoreboard" | "replay" | "winner";

/** One overlay bound to the live match. */
export function LiveOverlay({ name }: { name: OverlayName }) {
  const match = useMatchStore((state) => state.match);
  const replay = useMatchStore((state) => state.replay);
  return (
    <div className="relative h-[1080px] w-[1920px] overflow-hidden">
      {name === "scoreboard" ? <ScoreboardOverlay match={match} /> : null}
      {name === "replay" ? <ReplayBanner match={match} replay={replay} /> : null}
      {name === "winner" ? <WinnerCard match={match} /> : null}
    </div>
  );
}

/** /overlay/:name with a transparent page. */
export function OverlayRoute() {
  const { name } = useParams();
  useEffect(() => {
    document.body.classList.remove("operator");
    return () => document.body.classList.add("operator");
  }, []);
  if (name !== "scoreboard" && name !== "replay" && name !== "winner") {
    return <p className="text-white">Unknown overlay {name}: use scoreboard, replay or winner.</p>;
  }
  return <LiveOverlay name={name} />;
}
