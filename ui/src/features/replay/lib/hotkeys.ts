// The replay keyboard shortcuts, as data: the controls bind them, settings shows the map.
import type { ReplayCommand } from "../api/replay-commands";

/** One shortcut. */
export interface ReplayHotkey {
  /** `KeyboardEvent.key` values that trigger it. */
  keys: string[];
  /** What the operator reads in the hotkey map. */
  label: string;
  /** The button's accessible name. */
  name: string;
  command: ReplayCommand | "loop-cycle";
}

/** Every replay shortcut (mpv's where mpv has one). */
export const REPLAY_HOTKEYS: ReplayHotkey[] = [
  { keys: ["1"], label: "1", name: "Speed 0.25×", command: { action: "speed", speed: 0.25 } },
  { keys: ["2"], label: "2", name: "Speed 0.5×", command: { action: "speed", speed: 0.5 } },
  { keys: ["3"], label: "3", name: "Speed 1×", command: { action: "speed", speed: 1 } },
  { keys: [","], label: ",", name: "Frame back", command: { action: "step", frames: -1 } },
  { keys: ["."], label: ".", name: "Frame forward", command: { action: "step", frames: 1 } },
  { keys: ["ArrowLeft"], label: "←", name: "Back 2 s", command: { action: "seek", seconds: -2 } },
  { keys: ["ArrowRight"], label: "→", name: "Forward 2 s", command: { action: "seek", seconds: 2 } },
  { keys: ["l", "L"], label: "L", name: "A-B loop", command: "loop-cycle" },
  { keys: ["Escape"], label: "Esc", name: "Close replay", command: { action: "close" } },
];
