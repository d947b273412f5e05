// useSettingsStore: the server's settings as the snapshot, the `settings` message and the last
// GET/PUT reported them. The dock reads the hotkeys from here; app/live-feed.ts writes it.
import { create } from "zustand";

import type { Settings } from "@/types/api";

interface SettingsState {
  /** null until the server sent them. */
  settings: Settings | null;
  apply: (settings: Settings) => void;
  reset: () => void;
}

/** The settings store. */
export const useSettingsStore = create<SettingsState>()((set) => ({
  settings: null,
  apply: (settings) => set({ settings }),
  reset: () => set({ settings: null }),
}));
