// GET/PUT /api/manual: whether the PSS feed is ignored.
import { apiRequest } from "@/lib/api-client";
import { manualModeSchema } from "@/types/api";

/** Whether manual mode is on. */
export async function getManualMode(): Promise<boolean> {
  const { enabled } = await apiRequest("GET", "/api/manual", manualModeSchema, {
    notifyAs: "Could not read manual mode",
  });
  return enabled;
}

/** Turns manual mode on or off; resolves to the server's answer. */
export async function putManualMode(enabled: boolean): Promise<boolean> {
  const answer = await apiRequest("PUT", "/api/manual", manualModeSchema, {
    body: { enabled },
    notifyAs: enabled ? "Could not enter manual mode" : "Could not leave manual mode",
  });
  return answer.enabled;
}
