// The dock (default view): about 350 px wide and full height on the left or right edge;
// collapsed it is a 150×150 square with the record dot and status dots.
import { useNavigate } from "react-router";

import { Button } from "@/components/ui/button";
import { EventTable } from "@/features/events/components/event-table";
import { useLiveMatchEvents } from "@/features/events/api/get-events";
import { ActionButtons } from "@/features/live-match/components/action-buttons";
import { MatchHeader } from "@/features/live-match/components/match-header";
import { RecordDot } from "@/features/live-match/components/record-dot";
import { Scoreboard } from "@/features/live-match/components/scoreboard";
import { StatusDots } from "@/features/live-match/components/status-dots";
import { useMatchStore } from "@/features/live-match/stores/use-match-store";
import { sendReplayCommand } from "@/features/replay/api/replay-commands";
import { ReplayControls } from "@/features/replay/components/replay-controls";
import { formatClock } from "@/lib/event-kinds";
import type { MatchState } from "@/types/api";

import { AppNav } from "../app-nav";
import { useDockPreferences } from "../dock-preferences";
import { playEvent } from "../play-event";

function challengeTitle(match: MatchState): string {
  const challenge = match.challenges.find((candidate) => candidate.index === match.open_challenge);
  if (!challenge) return "challenge";
  const who = challenge.side === null || challenge.side === "referee" ? "referee review" : `${challenge.side} challenge`;
  return `${who}, R${challenge.round ?? "?"} ${formatClock(challenge.clock_seconds)}`;
}

/** The dock screen. */
export function DockRoute() {
  const match = useMatchStore((state) => state.match);
  const manualMode = useMatchStore((state) => state.manualMode);
  const navigate = useNavigate();
  const dock = useDockPreferences();
  useLiveMatchEvents(match?.match_id ?? null);
  const justify = dock.side === "left" ? "justify-start" : "justify-end";

  if (dock.collapsed) {
    return (
      <div className={`flex h-full ${justify}`}>
        <div
          aria-label="Dock (collapsed)"
          role="region"
          className="relative flex h-[150px] w-[150px] flex-col items-center justify-center gap-3 bg-neutral-950 ring-1 ring-neutral-700"
        >
          <RecordDot size={56} />
          <StatusDots grid />
          <button
            type="button"
            aria-label="Expand the dock"
            onClick={() => dock.setCollapsed(false)}
            className="absolute inset-0 opacity-0 focus-visible:opacity-100"
          />
        </div>
      </div>
    );
  }

  const challengeOpen = match !== null && match.open_challenge !== null;
  return (
    <div className={`flex h-full ${justify}`}>
      <main aria-label="Dock" className="flex h-full w-[350px] flex-col gap-2 overflow-hidden bg-neutral-950 p-2 ring-1 ring-neutral-800">
        <div className="flex items-center justify-between gap-1">
          <AppNav />
        </div>
        <div className="flex items-center gap-2">
          <RecordDot size={28} />
          <div className="flex-1">
            <StatusDots />
          </div>
          <Button tone="ghost" aria-label={`Move the dock to the ${dock.side === "left" ? "right" : "left"}`} onClick={() => dock.setSide(dock.side === "left" ? "right" : "left")}>
            {dock.side === "left" ? "→" : "←"}
          </Button>
          <Button tone="ghost" aria-label="Collapse the dock" onClick={() => dock.setCollapsed(true)}>
            ▢
          </Button>
        </div>
        {match === null ? (
          <p role="status" className="p-4 text-center text-neutral-300">
            Connecting to the server…
          </p>
        ) : (
          <>
            <MatchHeader match={match} />
            <Scoreboard match={match} />
            {challengeOpen ? <ReplayControls challenge={challengeTitle(match)} /> : null}
            <ActionButtons
              challengeOpen={challengeOpen}
              manualMode={manualMode}
              onReplay={() => void sendReplayCommand({ action: "start" })}
              onCloseReplay={() => void sendReplayCommand({ action: "close" })}
              onManualMode={() => void navigate("/manual?confirm=1")}
            />
            <EventTable onPlayMoment={(event) => playEvent(event)} />
          </>
        )}
      </main>
    </div>
  );
}
