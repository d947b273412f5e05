// The replay controls' keyboard shortcuts, as data: the controls bind them, settings shows and
// edits the map. Defaults are mpv's keys where mpv has one; the operator's changes are kept in
// this browser (stores/use-replay-keys.ts), since only this page reacts to them.
import type { ReplayCommand } from "../api/replay-commands";

/** One replay control. */
export interface ReplayAction {
  /** Stable id, the key of the operator's changes. */
  id: string;
  /** The button's accessible name and the hotkey map's action. */
  name: string;
  /** The combination used when the operator did not choose one (`lib/key-combo.ts` syntax). */
  defaultKeys: string;
  command: ReplayCommand;
}

/** Every replay control in the order of the buttons. */
export const REPLAY_ACTIONS: ReplayAction[] = [
  { id: "speed_quarter", name: "Speed 0.25×", defaultKeys: "1", command: { action: "speed", speed: 0.25 } },
  { id: "speed_half", name: "Speed 0.5×", defaultKeys: "2", command: { action: "speed", speed: 0.5 } },
  { id: "speed_normal", name: "Speed 1×", defaultKeys: "3", command: { action: "speed", speed: 1 } },
  { id: "frame_back", name: "Frame back", defaultKeys: "Comma", command: { action: "step", frames: -1 } },
  { id: "frame_forward", name: "Frame forward", defaultKeys: "Period", command: { action: "step", frames: 1 } },
  { id: "seek_back", name: "Back 2 s", defaultKeys: "ArrowLeft", command: { action: "seek", seconds: -2 } },
  { id: "seek_forward", name: "Forward 2 s", defaultKeys: "ArrowRight", command: { action: "seek", seconds: 2 } },
  { id: "loop_a", name: "Loop A", defaultKeys: "A", command: { action: "loop", point: "a" } },
  { id: "loop_b", name: "Loop B", defaultKeys: "B", command: { action: "loop", point: "b" } },
  { id: "loop_clear", name: "Clear loop", defaultKeys: "X", command: { action: "loop", point: "clear" } },
  { id: "close", name: "Close replay", defaultKeys: "Escape", command: { action: "close" } },
];
