// useMarksStore: the operator's marks this page has seen (its own POST /api/mark answers and
// the feed's `mark` messages, from any client), newest last, with a counter that the archive
// watches to reload its timelines.
import { create } from "zustand";

import type { Mark } from "@/types/api";

interface MarksState {
  marks: Mark[];
  /** Bumped on every new mark. */
  version: number;
  add: (mark: Mark) => void;
  reset: () => void;
}

/** The most marks kept. */
const MAX_MARKS = 500;

/** The marks store. */
export const useMarksStore = create<MarksState>()((set) => ({
  marks: [],
  version: 0,
  add: (mark) =>
    set((state) => {
      if (state.marks.some((known) => known.id === mark.id)) return state;
      return { marks: [...state.marks, mark].slice(-MAX_MARKS), version: state.version + 1 };
    }),
  reset: () => set({ marks: [], version: 0 }),
}));
