// /api/obs/connections: list, add, change, delete, connect, disconnect and test the OBS
// connections. Changes throw ApiError without notifying: the form shows the refusal at its
// field (409 name_taken at the name, 422 at `field`).
import { z } from "zod";

import { apiRequest } from "@/lib/api-client";
import {
  obsConnectionSchema,
  obsTestResultSchema,
  type ObsConnection,
  type ObsConnectionInput,
  type ObsTestResult,
} from "@/types/api";

const BASE = "/api/obs/connections";

function one(name: string): string {
  return `${BASE}/${encodeURIComponent(name)}`;
}

/** Every connection, ordered by name. */
export function listObsConnections(): Promise<ObsConnection[]> {
  return apiRequest("GET", BASE, z.array(obsConnectionSchema), { notifyAs: "Could not load the OBS connections" });
}

/** Adds a connection. */
export function createObsConnection(input: ObsConnectionInput): Promise<ObsConnection> {
  return apiRequest("POST", BASE, obsConnectionSchema, { body: input, notifyAs: false });
}

/** Changes connection `name` (the body may rename it). */
export function updateObsConnection(name: string, input: ObsConnectionInput): Promise<ObsConnection> {
  return apiRequest("PUT", one(name), obsConnectionSchema, { body: input, notifyAs: false });
}

/** Deletes connection `name`. */
export async function deleteObsConnection(name: string): Promise<void> {
  await apiRequest("DELETE", one(name), z.unknown(), { notifyAs: `Could not delete ${name}` });
}

/** Connects or disconnects `name`; resolves to its new state. */
export function switchObsConnection(name: string, action: "connect" | "disconnect"): Promise<ObsConnection> {
  return apiRequest("POST", `${one(name)}/${action}`, obsConnectionSchema, {
    body: {},
    notifyAs: `Could not ${action} ${name}`,
  });
}

/** Tries the connection once: versions and round trip, or why it failed. */
export function testObsConnection(name: string): Promise<ObsTestResult> {
  return apiRequest("POST", `${one(name)}/test`, obsTestResultSchema, { body: {}, notifyAs: `Could not test ${name}` });
}
