// GET /api/matches?q=: stored matches, newest first, as request-hook state.
import { useEffect, useState } from "react";
import { z } from "zod";

import { apiRequest } from "@/lib/api-client";
import { matchSchema, type Match } from "@/types/api";

/** A request's state. */
export interface Loaded<T> {
  data: T | null;
  loading: boolean;
  failed: boolean;
}

/** Stored matches matching `q` (number, athlete name or IOC code), of the day `dayId` when given. */
export function getMatches(q: string, limit = 50, signal?: AbortSignal, dayId = ""): Promise<Match[]> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (q) query.set("q", q);
  if (dayId) query.set("day_id", dayId);
  return apiRequest("GET", `/api/matches?${query}`, z.array(matchSchema), {
    signal,
    notifyAs: "Could not load the recordings archive",
  });
}

/** The matches for `q` (and the day `dayId`), refetched when one of them or `refresh` changes. */
export function useMatches(q: string, refresh = 0, dayId = ""): Loaded<Match[]> {
  const [state, setState] = useState<Loaded<Match[]>>({ data: null, loading: true, failed: false });
  useEffect(() => {
    const abort = new AbortController();
    setState((current) => ({ ...current, loading: true }));
    getMatches(q, 50, abort.signal, dayId)
      .then((data) => setState({ data, loading: false, failed: false }))
      .catch((error: unknown) => {
        if (!abort.signal.aborted) setState({ data: null, loading: false, failed: Boolean(error) });
      });
    return () => abort.abort();
  }, [q, refresh, dayId]);
  return state;
}
