// useReplayKeys: the operator's own keys for the replay controls, kept in localStorage
// (`vta.replay-keys`); an action without a choice uses its default from lib/hotkeys.ts.
import { create } from "zustand";

import { normalizeCombo } from "@/lib/key-combo";

import { REPLAY_ACTIONS } from "../lib/hotkeys";

const KEY = "vta.replay-keys";

interface ReplayKeysState {
  /** Action id -> combination, only for actions the operator changed. */
  chosen: Record<string, string>;
  /** Sets an action's keys; the default's keys clear the choice. */
  choose: (id: string, combo: string) => void;
  /** Back to every default. */
  resetAll: () => void;
  /** Reads localStorage again (tests, another tab). */
  reload: () => void;
}

function read(): Record<string, string> {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(KEY) ?? "{}");
    if (typeof stored !== "object" || stored === null) return {};
    const known = new Set(REPLAY_ACTIONS.map((action) => action.id));
    return Object.fromEntries(
      Object.entries(stored as Record<string, unknown>).flatMap(([id, combo]) => {
        const normal = typeof combo === "string" ? normalizeCombo(combo) : null;
        return known.has(id) && normal ? [[id, normal]] : [];
      }),
    );
  } catch {
    return {};
  }
}

function write(chosen: Record<string, string>): void {
  localStorage.setItem(KEY, JSON.stringify(chosen));
}

/** The replay keys store. */
export const useReplayKeys = create<ReplayKeysState>()((set) => ({
  chosen: read(),
  choose: (id, combo) =>
    set((state) => {
      const action = REPLAY_ACTIONS.find((candidate) => candidate.id === id);
      const normal = normalizeCombo(combo);
      if (!action || !normal) return state;
      const chosen = { ...state.chosen };
      if (normal === normalizeCombo(action.defaultKeys)) delete chosen[id];
      else chosen[id] = normal;
      write(chosen);
      return { chosen };
    }),
  resetAll: () => {
    write({});
    set({ chosen: {} });
  },
  reload: () => set({ chosen: read() }),
}));

/** The keys in force for each replay action id. */
export function replayKeysInForce(chosen: Record<string, string>): Record<string, string> {
  return Object.fromEntries(REPLAY_ACTIONS.map((action) => [action.id, chosen[action.id] ?? action.defaultKeys]));
}
