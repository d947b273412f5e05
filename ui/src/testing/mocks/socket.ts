// A mocked event socket (MSW WebSocket link): tests decide what the server pushes and see
// the URLs the client connected with (to check `?since=`).
import { ws } from "msw";

import type { SocketMessage } from "@/types/api";

import { counters, devices, liveState, settings } from "./fixtures";

/** The link every test socket handler uses. */
export const eventSocket = ws.link("*/api/ws");

/** A snapshot message of `liveState()` at `seq`, with `device` fields replacing the defaults. */
export function snapshotMessage(seq: number, state = liveState(), device: Partial<typeof devices> = {}): SocketMessage {
  return { type: "snapshot", seq, state, counters, udp: { bind: "0.0.0.0:6000", listening: true }, manual_mode: false, ...devices, settings: settings(), ...device };
}

/** A handler that sends `messages` to every client on connect and records the URLs. */
export function pushOnConnect(messages: SocketMessage[], urls: string[] = []) {
  return eventSocket.addEventListener("connection", ({ client }) => {
    urls.push(client.url.toString());
    for (const message of messages) client.send(JSON.stringify(message));
  });
}
