// The event socket against a mocked server: messages reach the handler once each and in seq
// order, bad frames are reported, and a dropped socket resumes with ?since=<last seq>.
import { waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { liveState } from "@/testing/mocks/fixtures";
import { server } from "@/testing/mocks/server";
import { eventSocket, snapshotMessage } from "@/testing/mocks/socket";
import type { SocketMessage } from "@/types/api";

import { connectEventSocket, type SocketStatus } from "./event-socket";

function datagram(seq: number): SocketMessage {
  return { type: "datagram", seq, datagram_seq: seq + 100, received_at_us: seq, match_id: 2, events: [], domain_events: [] };
}

describe("event socket", () => {
  it("applies messages in order, once, and resumes with since after a drop", async () => {
    const urls: string[] = [];
    server.use(
      eventSocket.addEventListener("connection", ({ client }) => {
        urls.push(client.url.toString());
        if (urls.length === 1) {
          client.send(JSON.stringify(snapshotMessage(10)));
          client.send(JSON.stringify(datagram(11)));
          client.send(JSON.stringify({ type: "state", seq: 12, state: liveState({ round: 3 }) }));
          client.send(JSON.stringify(datagram(11)));
          client.send(JSON.stringify({ type: "obs_status", seq: 13, whatever: true }));
          client.send("not json");
          client.send(JSON.stringify({ type: "state", seq: 14, state: { phase: "nonsense" } }));
          setTimeout(() => client.close(), 20);
        } else {
          client.send(JSON.stringify({ type: "stored", seq: 15, up_to_seq: 111 }));
        }
      }),
    );
    const seen: string[] = [];
    const statuses: SocketStatus[] = [];
    const invalid: string[] = [];
    const socket = connectEventSocket(
      {
        onMessage: (message) => seen.push(`${message.type}:${message.seq}`),
        onStatus: (status) => statuses.push(status),
        onInvalid: (reason) => invalid.push(reason),
      },
      { initialDelayMs: 10 },
    );
    await waitFor(() => expect(seen).toContain("stored:15"));
    expect(seen).toEqual(["snapshot:10", "datagram:11", "state:12", "stored:15"]);
    expect(urls).toHaveLength(2);
    expect(urls[0]).toMatch(/\/api\/ws$/);
    expect(urls[1]).toMatch(/\/api\/ws\?since=12$/);
    expect(invalid).toEqual([
      "a frame that is not JSON",
      expect.stringMatching(/^a state message that does not match the API \(state\./),
    ]);
    expect(statuses.slice(0, 2)).toEqual(["connecting", "open"]);
    expect(statuses).toContain("reconnecting");
    expect(socket.lastSeq()).toBe(15);
    socket.close();
    expect(statuses.at(-1)).toBe("closed");
  });

  it("takes a snapshot even when its seq is not above the last one (server restarted)", async () => {
    const urls: string[] = [];
    server.use(
      eventSocket.addEventListener("connection", ({ client }) => {
        urls.push(client.url.toString());
        if (urls.length === 1) {
          client.send(JSON.stringify(snapshotMessage(500)));
          setTimeout(() => client.close(), 20);
        } else {
          client.send(JSON.stringify(snapshotMessage(3, liveState({ number: "102" }))));
          client.send(JSON.stringify(datagram(4)));
        }
      }),
    );
    const seen: string[] = [];
    const socket = connectEventSocket({ onMessage: (message) => seen.push(`${message.type}:${message.seq}`), onStatus: () => {} }, { initialDelayMs: 10 });
    await waitFor(() => expect(seen).toEqual(["snapshot:500", "snapshot:3", "datagram:4"]));
    expect(urls[1]).toMatch(/\?since=500$/);
    socket.close();
  });
});
