// GET /api/events?match_id= and GET /api/marks?match_id=: the stored events and marks of the
// live match, loaded into useEventsStore whenever the live match changes (live events and
// marks then arrive over the socket).
import { useEffect } from "react";
import { z } from "zod";

import { apiRequest } from "@/lib/api-client";
import { getMarks } from "@/lib/marks";
import { eventSchema, type Event } from "@/types/api";

import { useEventsStore } from "../stores/use-events-store";

/**
 * How many events the dock loads: a whole match (the server answers in arrival order, so a
 * smaller limit would keep the oldest, not the newest).
 */
const INITIAL_LIMIT = 5000;

/** The newest `limit` events of a match. */
export function getEvents(matchId: number, limit = INITIAL_LIMIT, signal?: AbortSignal): Promise<Event[]> {
  return apiRequest("GET", `/api/events?match_id=${matchId}&limit=${limit}`, z.array(eventSchema), {
    signal,
    notifyAs: "Could not load the match's events",
  });
}

/** Keeps useEventsStore on the events and marks of `matchId`. */
export function useLiveMatchEvents(matchId: number | null): void {
  useEffect(() => {
    if (matchId === null) return;
    const abort = new AbortController();
    Promise.all([getEvents(matchId, INITIAL_LIMIT, abort.signal), getMarks(matchId, abort.signal)])
      .then(([events, marks]) => {
        useEventsStore.getState().load(matchId, events);
        useEventsStore.getState().addMarks(marks);
      })
      .catch(() => {
        // aborted, or the API client has notified the operator
      });
    return () => abort.abort();
  }, [matchId]);
}
