// POST /api/manual/match: a match created by hand in manual mode. The server does not have
// this endpoint yet; a 404 says so plainly.
import { z } from "zod";

import { ApiError, apiRequest, describeError } from "@/lib/api-client";
import { notify } from "@/lib/notifications";

/** What the operator types. */
export interface ManualMatchInput {
  number: string;
  blue: { name: string; ioc: string };
  red: { name: string; ioc: string };
}

/** Checks the form; returns a message per invalid field. */
export function validateManualMatch(input: ManualMatchInput): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!input.number.trim()) errors.number = "a match number is needed";
  for (const side of ["blue", "red"] as const) {
    if (!input[side].name.trim()) errors[`${side}.name`] = `the ${side} athlete's name is needed`;
    if (!/^[A-Z]{3}$/.test(input[side].ioc)) errors[`${side}.ioc`] = "an IOC code is three letters, e.g. KOR";
  }
  return errors;
}

/** Asks the server to start the match. Resolves true when it did. Never throws. */
export async function createManualMatch(input: ManualMatchInput): Promise<boolean> {
  try {
    await apiRequest("POST", "/api/manual/match", z.unknown(), { body: input, notifyAs: false });
    notify("success", "Match created", `Match ${input.number} is loaded`);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      notify(
        "error",
        "Manual matches are not available yet",
        "the server has no POST /api/manual/match yet, so the match was not created",
      );
    } else if (error instanceof ApiError) {
      notify("error", "Could not create the match", describeError(error));
    }
    return false;
  }
}
