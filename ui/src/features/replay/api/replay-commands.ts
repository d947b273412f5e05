// POST /api/replay/...: the replay player's controls. A server without a running replay flow
// answers 503 (or 404 for a command it does not have); both become the clear notice "replay
// player not connected" with the server's own words, instead of a raw error.
import { z } from "zod";

import { ApiError, apiRequest, describeError } from "@/lib/api-client";
import { notify } from "@/lib/notifications";

/** One command of the replay player. */
export type ReplayCommand =
  | { action: "start" }
  | { action: "speed"; speed: 0.25 | 0.5 | 1 }
  | { action: "step"; frames: 1 | -1 }
  | { action: "seek"; seconds: 2 | -2 }
  | { action: "loop"; point: "a" | "b" | "clear" }
  | { action: "close" };

/** Sends a command; resolves true when the player took it. Never throws. */
export async function sendReplayCommand(command: ReplayCommand): Promise<boolean> {
  const { action, ...body } = command;
  try {
    await apiRequest("POST", `/api/replay/${action}`, z.unknown(), { body, notifyAs: false });
    return true;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 503)) {
      notify(
        "error",
        "Replay player not connected",
        `POST /api/replay/${action} answered ${error.status}: ${describeError(error)}`,
      );
    } else if (error instanceof ApiError) {
      notify("error", `Replay ${action} failed`, describeError(error));
    }
    return false;
  }
}
