// The PSS listener (GET/PUT /api/udp, POST /api/udp/start and /stop) and the machine's network
// interfaces (GET /api/network/interfaces).
import { z } from "zod";

import { apiRequest } from "@/lib/api-client";
import { networkInterfaceSchema, udpStatusSchema, type NetworkInterface, type UdpStatus } from "@/types/api";

/** Where the listener is and whether it listens. */
export async function getUdp(): Promise<UdpStatus> {
  return apiRequest("GET", "/api/udp", udpStatusSchema, { notifyAs: "Could not read the UDP listener" });
}

/** Moves the listener (and starts it when stopped); throws ApiError (409 when taken) without notifying: the form shows it. */
export async function putUdpBind(bind: string): Promise<UdpStatus> {
  return apiRequest("PUT", "/api/udp", udpStatusSchema, { body: { bind }, notifyAs: false });
}

/** Starts listening on `bind`, or where it last listened; throws ApiError without notifying. */
export async function startUdp(bind?: string): Promise<UdpStatus> {
  return apiRequest("POST", "/api/udp/start", udpStatusSchema, { body: bind === undefined ? {} : { bind }, notifyAs: false });
}

/** Stops listening (the socket is closed; what was received is kept). */
export async function stopUdp(): Promise<UdpStatus> {
  return apiRequest("POST", "/api/udp/stop", udpStatusSchema, { body: {}, notifyAs: false });
}

/** The machine's network interfaces with their addresses. */
export async function getNetworkInterfaces(): Promise<NetworkInterface[]> {
  return apiRequest("GET", "/api/network/interfaces", z.array(networkInterfaceSchema), { notifyAs: "Could not list the network interfaces" });
}
