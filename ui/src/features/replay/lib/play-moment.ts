// playMoment: "play the recording at that moment", from a double-click in the event table or a
// click on an archive timeline. One function so the recordings endpoint plugs in here: it
// already asks POST /api/replay/play {match_id, at_us} and says clearly when the server has
// no recordings yet (404).
import { z } from "zod";

import { ApiError, apiRequest, describeError } from "@/lib/api-client";
import { notify } from "@/lib/notifications";

/** A moment of a stored match. */
export interface Moment {
  match_id: number | null;
  /** µs since the Unix epoch. */
  at_us: number;
  /** For the notice: `R2 1:23 Head kick`. */
  description: string;
}

/** Asks the replay player to play the recording of `moment`. Never throws. */
export async function playMoment(moment: Moment): Promise<boolean> {
  if (moment.match_id === null) {
    notify("info", "No recording", `${moment.description} is not part of a match`);
    return false;
  }
  try {
    await apiRequest("POST", "/api/replay/play", z.unknown(), {
      body: { match_id: moment.match_id, at_us: moment.at_us },
      notifyAs: false,
    });
    notify("success", "Playing", moment.description);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      notify(
        "info",
        "Recordings are not available yet",
        `the server cannot play recordings yet, so ${moment.description} cannot be shown`,
      );
    } else if (error instanceof ApiError) {
      notify("error", "Could not play the moment", describeError(error));
    }
    return false;
  }
}
