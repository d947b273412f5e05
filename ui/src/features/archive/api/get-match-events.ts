// GET /api/events?match_id= and GET /api/marks?match_id=: everything a match's timeline
// draws, reloaded when `refresh` changes (a new mark).
import { useEffect, useState } from "react";
import { z } from "zod";

import { apiRequest } from "@/lib/api-client";
import { getMarks } from "@/lib/marks";
import { eventSchema, type Event, type Mark } from "@/types/api";

import type { Loaded } from "./get-matches";

/** Enough for a whole match including every clock tick. */
const TIMELINE_LIMIT = 5000;

/** The events of match `matchId`. */
export function getMatchEvents(matchId: number, signal?: AbortSignal): Promise<Event[]> {
  return apiRequest("GET", `/api/events?match_id=${matchId}&limit=${TIMELINE_LIMIT}`, z.array(eventSchema), {
    signal,
    notifyAs: `Could not load the events of match #${matchId}`,
  });
}

/** A match's events and marks. */
export interface MatchMoments {
  events: Event[];
  marks: Mark[];
}

/** The events and marks of one match. */
export function useMatchMoments(matchId: number, refresh = 0): Loaded<MatchMoments> {
  const [state, setState] = useState<Loaded<MatchMoments>>({ data: null, loading: true, failed: false });
  useEffect(() => {
    const abort = new AbortController();
    Promise.all([getMatchEvents(matchId, abort.signal), getMarks(matchId, abort.signal)])
      .then(([events, marks]) => setState({ data: { events, marks }, loading: false, failed: false }))
      .catch(() => {
        if (!abort.signal.aborted) setState((current) => ({ data: current.data, loading: false, failed: current.data === null }));
      });
    return () => abort.abort();
  }, [matchId, refresh]);
  return state;
}
