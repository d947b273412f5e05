// POST /api/manual/match: a match created by hand while manual mode is on; it becomes the
// live match. A refusal (409 not_manual, 422 with the field) is shown by the form.
import { apiRequest } from "@/lib/api-client";
import { manualMatchCreatedSchema } from "@/types/api";

/** What the operator types. */
export interface ManualMatchInput {
  number: string;
  blue: { name: string; ioc: string };
  red: { name: string; ioc: string };
  weight_class: string;
  phase: string;
}

/** An empty form. */
export const EMPTY_MANUAL_MATCH: ManualMatchInput = {
  number: "",
  blue: { name: "", ioc: "" },
  red: { name: "", ioc: "" },
  weight_class: "",
  phase: "",
};

/** Checks the form; returns a message per invalid field (`number`, `blue.ioc`, ...). */
export function validateManualMatch(input: ManualMatchInput): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!input.number.trim()) errors.number = "a match number is needed";
  for (const side of ["blue", "red"] as const) {
    if (!input[side].name.trim()) errors[`${side}.name`] = `the ${side} athlete's name is needed`;
    if (!/^[A-Z]{3}$/.test(input[side].ioc)) errors[`${side}.ioc`] = "an IOC code is three letters, e.g. KOR";
  }
  return errors;
}

/** The request body: trimmed, optional fields left out when empty. */
export function manualMatchBody(input: ManualMatchInput) {
  return {
    number: input.number.trim(),
    blue: { name: input.blue.name.trim(), ioc: input.blue.ioc },
    red: { name: input.red.name.trim(), ioc: input.red.ioc },
    ...(input.weight_class.trim() ? { weight_class: input.weight_class.trim() } : {}),
    ...(input.phase.trim() ? { phase: input.phase.trim() } : {}),
  };
}

/** Creates the match; resolves to its id, throws ApiError (not notified: the form shows it). */
export async function createManualMatch(input: ManualMatchInput): Promise<number> {
  const { match_id } = await apiRequest("POST", "/api/manual/match", manualMatchCreatedSchema, {
    body: manualMatchBody(input),
    notifyAs: false,
  });
  return match_id;
}
