// POST /api/mark: an operator mark on the match timeline.
import { apiRequest } from "@/lib/api-client";
import { notify } from "@/lib/notifications";
import { markSchema } from "@/types/api";

/** Marks the current moment; notifies the operator of the stored seq. */
export async function postMark(note: string): Promise<number> {
  const { seq } = await apiRequest("POST", "/api/mark", markSchema, {
    body: { note },
    notifyAs: "Could not mark the event",
  });
  notify("success", "Event marked", `Mark stored as datagram #${seq}`);
  return seq;
}
