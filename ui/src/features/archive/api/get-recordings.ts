// GET /api/recordings: the archive's recordings and clips, as request-hook state.
import { useEffect, useState } from "react";
import { z } from "zod";

import { apiRequest } from "@/lib/api-client";
import { archiveRecordingSchema, type ArchiveRecording } from "@/types/api";

import type { Loaded } from "./get-matches";

/** The server's filters of the archive. */
export interface RecordingFilter {
  /** Number, athlete name or IOC code. */
  q: string;
  /** Keep recordings whose match has events of this kind (`point`, `gam_jeom`, ...). */
  eventKind: string;
  /** Keep those made on this tournament day (its id as text; empty for every day). */
  dayId?: string;
}

/** Recordings and clips, newest first. */
export function getRecordings(filter: RecordingFilter, limit = 50, signal?: AbortSignal): Promise<ArchiveRecording[]> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (filter.q) query.set("q", filter.q);
  if (filter.eventKind) query.set("event_kind", filter.eventKind);
  if (filter.dayId) query.set("day_id", filter.dayId);
  return apiRequest("GET", `/api/recordings?${query}`, z.array(archiveRecordingSchema), {
    signal,
    notifyAs: "Could not load the recordings",
  });
}

/** The recordings for `filter`, refetched when it changes. */
export function useRecordings(filter: RecordingFilter): Loaded<ArchiveRecording[]> {
  const [state, setState] = useState<Loaded<ArchiveRecording[]>>({ data: null, loading: true, failed: false });
  const { q, eventKind, dayId } = filter;
  useEffect(() => {
    const abort = new AbortController();
    setState((current) => ({ ...current, loading: true }));
    getRecordings({ q, eventKind, dayId }, 50, abort.signal)
      .then((data) => setState({ data, loading: false, failed: false }))
      .catch(() => {
        if (!abort.signal.aborted) setState({ data: null, loading: false, failed: true });
      });
    return () => abort.abort();
  }, [q, eventKind, dayId]);
  return state;
}
