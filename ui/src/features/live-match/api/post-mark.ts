// POST /api/mark: an operator mark on the match timeline; the operator is told where it went.
import { formatClock } from "@/lib/event-kinds";
import { apiRequest } from "@/lib/api-client";
import { notify } from "@/lib/notifications";
import { markSchema, type Mark } from "@/types/api";

import { useMarksStore } from "../stores/use-marks-store";

/** Where a mark sits, for the operator: "R2 1:23 of match #7" or the wall-clock time. */
export function describeMark(mark: Mark): string {
  const time = new Date(mark.at_us / 1000).toLocaleTimeString(undefined, { hour12: false });
  const where = mark.round !== null ? `R${mark.round} ${formatClock(mark.clock_seconds)}` : time;
  return `${where}${mark.match_id !== null ? ` of match #${mark.match_id}` : " (no match loaded)"}`;
}

/** Marks the current moment; notifies the operator where the mark went. */
export async function postMark(note: string): Promise<Mark> {
  const mark = await apiRequest("POST", "/api/mark", markSchema, {
    body: { note },
    notifyAs: "Could not mark the event",
  });
  useMarksStore.getState().add(mark);
  notify("success", "Event marked", `Mark #${mark.id} at ${describeMark(mark)}`);
  return mark;
}
