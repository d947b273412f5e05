// GET/PUT /api/udp: where the PSS listener binds.
import { apiRequest } from "@/lib/api-client";
import { udpBindSchema } from "@/types/api";

/** The current bind address. */
export async function getUdpBind(): Promise<string> {
  return (await apiRequest("GET", "/api/udp", udpBindSchema, { notifyAs: "Could not read the UDP bind" })).bind;
}

/** Rebinds the listener; throws ApiError (409 when taken) without notifying: the form shows it. */
export async function putUdpBind(bind: string): Promise<string> {
  return (await apiRequest("PUT", "/api/udp", udpBindSchema, { body: { bind }, notifyAs: false })).bind;
}
