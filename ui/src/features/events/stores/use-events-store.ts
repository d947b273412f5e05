// useEventsStore: the events of the live match, newest first. Filled from
// `GET /api/events?match_id=` when a match appears and then from each datagram message; the
// operator's marks join them as events of kind `mark`.
import { create } from "zustand";

import { markAsEvent } from "@/lib/marks";
import type { Event, Mark } from "@/types/api";

interface EventsState {
  /** The match the events belong to. */
  matchId: number | null;
  /** Newest first (highest seq, then highest index). */
  events: Event[];
  /** Replaces everything with `events` of `matchId` (keeps live ones already received). */
  load: (matchId: number | null, events: Event[]) => void;
  /** Adds live events; events of another match start a new list. */
  append: (events: Event[]) => void;
  /** Adds the operator's marks of the shown match (others are ignored). */
  addMarks: (marks: Mark[]) => void;
  reset: () => void;
}

/** The most events kept in memory for the dock. */
export const MAX_EVENTS = 5000;

function key(event: Event): string {
  return `${event.seq}:${event.index}`;
}

function newestFirst(a: Event, b: Event): number {
  return b.seq - a.seq || b.index - a.index;
}

function merge(current: Event[], incoming: Event[]): Event[] {
  const seen = new Set(current.map(key));
  const added = incoming.filter((event) => !seen.has(key(event)));
  if (added.length === 0) return current;
  return [...current, ...added].sort(newestFirst).slice(0, MAX_EVENTS);
}

/** The live events store. */
export const useEventsStore = create<EventsState>()((set) => ({
  matchId: null,
  events: [],
  load: (matchId, events) =>
    set((state) => {
      const live = state.matchId === matchId ? state.events : [];
      return { matchId, events: merge(live, events) };
    }),
  append: (incoming) =>
    set((state) => {
      if (incoming.length === 0) return state;
      const matchId = incoming[0]?.match_id ?? state.matchId;
      if (matchId !== state.matchId && matchId !== null) {
        return { matchId, events: merge([], incoming) };
      }
      return { events: merge(state.events, incoming) };
    }),
  addMarks: (marks) =>
    set((state) => {
      const mine = marks.filter((mark) => mark.match_id !== null && mark.match_id === state.matchId);
      if (mine.length === 0) return state;
      return { events: merge(state.events, mine.map((mark) => markAsEvent(mark, state.events))) };
    }),
  reset: () => set({ matchId: null, events: [] }),
}));
