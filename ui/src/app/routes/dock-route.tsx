// The dock (default view): about 350 px wide and full height on the left or right edge;
// collapsed it is a 150×150 square with the record dot and status dots. The hotkey map's
// combinations (replay, collapse/expand, mark, close replay) work while the page has focus.
import { useEffect } from "react";
import { useNavigate } from "react-router";

import { Button } from "@/components/ui/button";
import { EventTable } from "@/features/events/components/event-table";
import { useLiveMatchEvents } from "@/features/events/api/get-events";
import { ActionButtons, markNow } from "@/features/live-match/components/action-buttons";
import { MatchHeader } from "@/features/live-match/components/match-header";
import { PssSourcesWarning } from "@/features/live-match/components/pss-sources-warning";
import { RecordDot } from "@/features/live-match/components/record-dot";
import { Scoreboard } from "@/features/live-match/components/scoreboard";
import { StatusDots } from "@/features/live-match/components/status-dots";
import { useMatchStore } from "@/features/live-match/stores/use-match-store";
import { sendReplayCommand } from "@/features/replay/api/replay-commands";
import { ReplayControls } from "@/features/replay/components/replay-controls";
import { useSettingsStore } from "@/features/settings/stores/use-settings-store";
import { formatClock } from "@/lib/event-kinds";
import { isTyping, matchesCombo } from "@/lib/key-combo";
import type { HotkeySettings, MatchState, ReplayStatus } from "@/types/api";

import { AppNav } from "../app-nav";
import { useDockPreferences } from "../dock-preferences";
import { playEvent } from "../play-event";

/** Replay states in which the review screen shows something the controls act on. */
const OPEN_REPLAY: ReplayStatus["status"][] = ["saving", "queued", "playing", "warning"];

/** Whether the replay controls and CLOSE REPLAY are shown. */
export function replayIsOpen(match: MatchState | null, replay: ReplayStatus): boolean {
  return (match !== null && match.open_challenge !== null) || OPEN_REPLAY.includes(replay.status);
}

function replayTitle(match: MatchState | null): string {
  const challenge = match?.challenges.find((candidate) => candidate.index === match.open_challenge);
  if (!challenge) return "operator replay";
  const who = challenge.side === null || challenge.side === "referee" ? "referee review" : `${challenge.side} challenge`;
  return `${who}, R${challenge.round ?? "?"} ${formatClock(challenge.clock_seconds)}`;
}

/** What each global hotkey does in the page. */
type HotkeyActions = Record<keyof HotkeySettings, () => void>;

/** Runs the hotkey map's actions on their combinations while mounted. */
function useDockHotkeys(hotkeys: HotkeySettings | null, actions: HotkeyActions): void {
  useEffect(() => {
    if (!hotkeys) return;
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      const name = (Object.keys(actions) as (keyof HotkeySettings)[]).find((key) => matchesCombo(event, hotkeys[key]));
      if (!name) return;
      event.preventDefault();
      actions[name]();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [hotkeys, actions]);
}

/** The dock screen. */
export function DockRoute() {
  const match = useMatchStore((state) => state.match);
  const manualMode = useMatchStore((state) => state.manualMode);
  const replay = useMatchStore((state) => state.replay);
  const hotkeys = useSettingsStore((state) => state.settings?.hotkeys ?? null);
  const navigate = useNavigate();
  const dock = useDockPreferences();
  useLiveMatchEvents(match?.match_id ?? null);
  const replayOpen = replayIsOpen(match, replay);
  const { collapsed, setCollapsed } = dock;
  useDockHotkeys(hotkeys, {
    replay: () => void sendReplayCommand({ action: "start" }),
    toggle_dock: () => setCollapsed(!collapsed),
    mark: () => void markNow(),
    close_replay: () => void sendReplayCommand({ action: "close" }),
  });
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

  return (
    <div className={`flex h-full ${justify}`}>
      <main
        aria-label="Dock"
        style={{ width: dock.width }}
        className="flex h-full max-w-full flex-col gap-2 overflow-hidden bg-neutral-950 p-2 ring-1 ring-neutral-800"
      >
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
        <PssSourcesWarning />
        {match === null ? (
          <p role="status" className="p-4 text-center text-neutral-300">
            Connecting to the server…
          </p>
        ) : (
          <>
            <MatchHeader match={match} />
            <Scoreboard match={match} />
            {replayOpen ? <ReplayControls title={replayTitle(match)} /> : null}
            <ActionButtons
              replayOpen={replayOpen}
              manualMode={manualMode}
              hotkeys={hotkeys}
              onReplay={() => void sendReplayCommand({ action: "start" })}
              onCloseReplay={() => void sendReplayCommand({ action: "close" })}
              onManualMode={() => void navigate(manualMode ? "/manual" : "/manual?confirm=1")}
            />
            <EventTable onPlayMoment={(event) => playEvent(event)} />
          </>
        )}
      </main>
    </div>
  );
}
