// The operator's marks as the event table and the archive show them: GET /api/marks, and a
// mark as an Event of kind `mark` so it sorts, filters ("Marks") and plays like any event.
import { z } from "zod";

import { apiRequest } from "@/lib/api-client";
import { markSchema, type Event, type Mark } from "@/types/api";

/** Marks sort after the datagram's own events of the same seq. */
const MARK_INDEX_BASE = 1_000_000;

/** The marks of match `matchId`, oldest first. */
export function getMarks(matchId: number, signal?: AbortSignal): Promise<Mark[]> {
  return apiRequest("GET", `/api/marks?match_id=${matchId}&limit=500`, z.array(markSchema), {
    signal,
    notifyAs: `Could not load the marks of match #${matchId}`,
  });
}

/**
 * `mark` as an event placed after the last of `events` (any order) that arrived before it,
 * so the newest-first table shows it where it happened.
 */
export function markAsEvent(mark: Mark, events: Event[]): Event {
  const before = events.filter((event) => event.received_at_us <= mark.at_us && event.kind !== "mark");
  const seq = before.reduce((highest, event) => Math.max(highest, event.seq), 0);
  return {
    seq,
    index: MARK_INDEX_BASE + mark.id,
    kind: "mark",
    side: null,
    value: null,
    round: mark.round,
    clock_seconds: mark.clock_seconds,
    match_id: mark.match_id,
    received_at_us: mark.at_us,
    data: { note: mark.note },
  };
}
