// useLogStore: the server's log lines the viewer shows, oldest first, without duplicates:
// loaded from GET /api/logs, then each `log` message of the feed (app/live-feed.ts).
import { create } from "zustand";

import { LOG_LEVELS, type LogLevel, type LogLine } from "@/types/api";

/** The most lines kept in memory. */
export const MAX_LOG_LINES = 2000;

interface LogState {
  lines: LogLine[];
  /** Merges lines from any source. */
  add: (lines: LogLine[]) => void;
  reset: () => void;
}

/** The log store. */
export const useLogStore = create<LogState>()((set) => ({
  lines: [],
  add: (incoming) =>
    set((state) => {
      if (incoming.length === 0) return state;
      const seen = new Set(state.lines.map((line) => line.seq));
      const added = incoming.filter((line) => !seen.has(line.seq));
      if (added.length === 0) return state;
      const lines = [...state.lines, ...added].sort((a, b) => a.seq - b.seq).slice(-MAX_LOG_LINES);
      return { lines };
    }),
  reset: () => set({ lines: [] }),
}));

/** Whether `line` is at `level` or more severe. */
export function atLeast(line: LogLine, level: LogLevel): boolean {
  return LOG_LEVELS.indexOf(line.level) <= LOG_LEVELS.indexOf(level);
}
