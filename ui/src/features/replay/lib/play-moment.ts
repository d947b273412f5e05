// playMoment: "play the recording at that moment", from a double-click in the event table or a
// click on an archive timeline: POST /api/replay/play with a match and a time, or a recording
// and an offset. A 404 (no recording covers that moment) and a 503 (no replay player) are
// told plainly with the server's reason.
import { ApiError, apiRequest, describeError } from "@/lib/api-client";
import { notify } from "@/lib/notifications";
import { playAnswerSchema } from "@/types/api";

/** A moment of a stored match, or a place in one recording or clip (ids count per kind). */
export type Moment =
  | { match_id: number | null; at_us: number; description: string }
  | { recording_id: number; kind?: "clip"; offset_seconds: number; description: string };

/** Asks the replay player to play the recording at `moment`. Never throws. */
export async function playMoment(moment: Moment): Promise<boolean> {
  const { description, ...body } = moment;
  if ("match_id" in body && body.match_id === null) {
    notify("info", "No recording", `${description} is not part of a match`);
    return false;
  }
  try {
    const answer = await apiRequest("POST", "/api/replay/play", playAnswerSchema, { body, notifyAs: false });
    notify("success", "Playing", `${description} (from ${answer.offset_seconds.toFixed(1)} s of ${answer.path})`);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      notify("info", "No recording of this moment", `${description}: ${describeError(error)}`);
    } else if (error instanceof ApiError && error.status === 503) {
      notify("error", "Replay player not connected", `${description} cannot be shown: ${describeError(error)}`);
    } else if (error instanceof ApiError) {
      notify("error", "Could not play the moment", describeError(error));
    }
    return false;
  }
}
