// GET /api/events?match_id=: every event of one stored match, for its timeline.
import { useEffect, useState } from "react";
import { z } from "zod";

import { apiRequest } from "@/lib/api-client";
import { eventSchema, type Event } from "@/types/api";

import type { Loaded } from "./get-matches";

/** Enough for a whole match including every clock tick. */
const TIMELINE_LIMIT = 5000;

/** The events of match `matchId`, newest first. */
export function getMatchEvents(matchId: number, signal?: AbortSignal): Promise<Event[]> {
  return apiRequest("GET", `/api/events?match_id=${matchId}&limit=${TIMELINE_LIMIT}`, z.array(eventSchema), {
    signal,
    notifyAs: `Could not load the events of match #${matchId}`,
  });
}

/** The events of one match. */
export function useMatchEvents(matchId: number): Loaded<Event[]> {
  const [state, setState] = useState<Loaded<Event[]>>({ data: null, loading: true, failed: false });
  useEffect(() => {
    const abort = new AbortController();
    getMatchEvents(matchId, abort.signal)
      .then((data) => setState({ data, loading: false, failed: false }))
      .catch(() => {
        if (!abort.signal.aborted) setState({ data: null, loading: false, failed: true });
      });
    return () => abort.abort();
  }, [matchId]);
  return state;
}
