// The dock's big touch buttons. REPLAY and CLOSE REPLAY come from the replay feature and
// MANUAL MODE from the manual feature, so the route passes them in; MARK EVENT is ours. Each
// shows the key combination of the hotkey map that triggers it.
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { comboLabel } from "@/lib/key-combo";
import type { HotkeySettings } from "@/types/api";

import { postMark } from "../api/post-mark";

interface ActionButtonsProps {
  /** Whether a replay is open (shows CLOSE REPLAY). */
  replayOpen: boolean;
  onReplay: () => void;
  onCloseReplay: () => void;
  onManualMode: () => void;
  manualMode: boolean;
  /** The hotkey map, for the labels; null until the server sent it. */
  hotkeys: HotkeySettings | null;
}

/** Marks the current moment; the API client tells the operator when it fails. */
export async function markNow(): Promise<void> {
  try {
    await postMark("");
  } catch {
    // the API client has notified the operator
  }
}

function Keys({ combo }: { combo: string | undefined }) {
  if (!combo) return null;
  return <kbd className="mt-0.5 block text-[10px] font-semibold tracking-normal opacity-80">{comboLabel(combo)}</kbd>;
}

/** REPLAY, MANUAL MODE, MARK EVENT and (while a replay is open) CLOSE REPLAY. */
export function ActionButtons({ replayOpen, onReplay, onCloseReplay, onManualMode, manualMode, hotkeys }: ActionButtonsProps) {
  const [marking, setMarking] = useState(false);
  const mark = async () => {
    setMarking(true);
    await markNow();
    setMarking(false);
  };
  return (
    <div className="grid grid-cols-2 gap-2">
      <Button big tone="primary" onClick={onReplay} aria-label="REPLAY" aria-keyshortcuts={hotkeys?.replay}>
        REPLAY
        <Keys combo={hotkeys?.replay} />
      </Button>
      <Button big tone={manualMode ? "warning" : "neutral"} onClick={onManualMode} aria-pressed={manualMode} aria-label="MANUAL MODE">
        MANUAL MODE
      </Button>
      <Button big tone="neutral" onClick={() => void mark()} disabled={marking} aria-label="MARK EVENT" aria-keyshortcuts={hotkeys?.mark}>
        MARK EVENT
        <Keys combo={hotkeys?.mark} />
      </Button>
      {replayOpen ? (
        <Button big tone="danger" onClick={onCloseReplay} aria-label="CLOSE REPLAY" aria-keyshortcuts={hotkeys?.close_replay}>
          CLOSE REPLAY
          <Keys combo={hotkeys?.close_replay} />
        </Button>
      ) : null}
    </div>
  );
}
