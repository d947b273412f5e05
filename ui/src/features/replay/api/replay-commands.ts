// POST /api/replay/...: the replay player's controls. A server without a running replay flow
// answers 503 and the review screen refuses a control with 409 (nothing loaded); both become
// a clear notice with the server's own words instead of a raw error.
import { z } from "zod";

import { ApiError, apiRequest, describeError } from "@/lib/api-client";
import { notify } from "@/lib/notifications";
import { loopAnswerSchema, type LoopAnswer } from "@/types/api";

/** One command of the replay player. */
export type ReplayCommand =
  | { action: "start" }
  | { action: "speed"; speed: 0.25 | 0.5 | 1 }
  | { action: "step"; frames: 1 | -1 }
  | { action: "seek"; seconds: 2 | -2 }
  | { action: "loop"; point: "a" | "b" | "clear" }
  | { action: "close" };

function explain(action: string, error: unknown): void {
  if (!(error instanceof ApiError)) return;
  if (error.status === 503) {
    notify("error", "Replay player not connected", `POST /api/replay/${action} answered 503: ${describeError(error)}`);
  } else if (error.status === 409) {
    notify("error", "The review screen refused", `${action}: ${describeError(error)}`);
  } else {
    notify("error", `Replay ${action} failed`, describeError(error));
  }
}

/** Sends a command; resolves to the server's answer, or null when it was refused. Never throws. */
export async function sendReplayCommand(command: ReplayCommand): Promise<unknown> {
  const { action, ...body } = command;
  try {
    return await apiRequest("POST", `/api/replay/${action}`, z.unknown(), { body, notifyAs: false });
  } catch (error) {
    explain(action, error);
    return null;
  }
}

/** Sets or clears an A-B loop point; resolves to both points (seconds in the file) or null. */
export async function setLoopPoint(point: "a" | "b" | "clear"): Promise<LoopAnswer | null> {
  try {
    return await apiRequest("POST", "/api/replay/loop", loopAnswerSchema, { body: { point }, notifyAs: false });
  } catch (error) {
    explain("loop", error);
    return null;
  }
}
