// ui/src/types/api.ts against the real server: every REST answer and WebSocket message the
// UI reads must match its hand-written schema, with no field the schema does not know.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

import {
  countersSchema,
  errorBodySchema,
  eventSchema,
  healthSchema,
  matchSchema,
  protocolFileSchema,
  protocolValidSchema,
  socketMessageSchema,
  stateResponseSchema,
  udpBindSchema,
} from "../../src/types/api";
import { startDemo, type Backend } from "../support/backend";
import { openBrowser, type Session } from "../support/browser";
import { contractProblems } from "../support/contract";

let backend: Backend;
let session: Session;

async function get(path: string): Promise<unknown> {
  const response = await fetch(`${backend.url}${path}`);
  expect(response.ok, `${path}: HTTP ${response.status}`).toBe(true);
  return response.json();
}

beforeAll(async () => {
  backend = await startDemo();
  session = await openBrowser();
});

afterAll(async () => {
  await session?.close();
  await backend?.stop();
});

describe("the API matches ui/src/types/api.ts", () => {
  it("REST answers", async () => {
    // Let the demo play a while so matches, events and challenges exist.
    await expect.poll(async () => ((await get("/api/events?limit=1000")) as unknown[]).length, { timeout: 30_000 }).toBeGreaterThan(100);
    const problems = [
      ...contractProblems(healthSchema, await get("/api/health"), "GET /api/health"),
      ...contractProblems(stateResponseSchema, await get("/api/state"), "GET /api/state"),
      ...contractProblems(countersSchema, await get("/api/counters"), "GET /api/counters"),
      ...contractProblems(udpBindSchema, await get("/api/udp"), "GET /api/udp"),
      ...contractProblems(z.array(matchSchema), await get("/api/matches"), "GET /api/matches"),
      ...contractProblems(z.array(eventSchema), await get("/api/events?limit=1000"), "GET /api/events"),
      ...contractProblems(protocolFileSchema, await get("/api/protocol"), "GET /api/protocol"),
    ];
    const text = ((await get("/api/protocol")) as { text: string }).text;
    const valid = await fetch(`${backend.url}/api/protocol/validate`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text }) });
    problems.push(...contractProblems(protocolValidSchema, await valid.json(), "POST /api/protocol/validate"));
    const refused = await fetch(`${backend.url}/api/protocol/validate`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "version 2.3\nstream pt1 point side=blue\n    point_kind colr\n" }) });
    expect(refused.status).toBe(422);
    const refusal = await refused.json();
    problems.push(...contractProblems(errorBodySchema, refusal, "422 body"));
    expect((refusal as { error: { line?: number } }).error.line).toBe(3);
    expect(problems).toEqual([]);
  });

  it("WebSocket messages, and a resume with since", async () => {
    const page = await session.page({ width: 800, height: 600 });
    await page.goto(`${backend.url}/overlay/scoreboard`);
    const frames = await page.evaluate(async () => {
      const collect = (url: string, ms: number) =>
        new Promise<string[]>((resolve) => {
          const received: string[] = [];
          const socket = new WebSocket(url);
          socket.onmessage = (message) => received.push(String(message.data));
          setTimeout(() => {
            socket.close();
            resolve(received);
          }, ms);
        });
      const base = `ws://${location.host}/api/ws`;
      const first = await collect(base, 2500);
      const last = JSON.parse(first.at(-1) ?? "{}") as { seq?: number };
      const resumed = await collect(`${base}?since=${last.seq ?? 0}`, 1500);
      return { first, resumed, since: last.seq ?? 0 };
    });
    const first = frames.first.map((frame) => JSON.parse(frame) as { type: string; seq: number });
    expect(first[0]?.type).toBe("snapshot");
    const types = new Set(first.map((message) => message.type));
    expect(types).toContain("counters");
    expect(types).toContain("datagram");
    const problems = first.flatMap((message, index) => contractProblems(socketMessageSchema, message, `frame ${index} (${message.type})`));
    expect(problems).toEqual([]);
    const seqs = first.map((message) => message.seq);
    expect(seqs.slice(1)).toEqual([...seqs.slice(1)].sort((a, b) => a - b));
    const resumed = frames.resumed.map((frame) => JSON.parse(frame) as { type: string; seq: number });
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed[0]?.type).not.toBe("snapshot");
    expect(resumed.every((message) => message.seq > frames.since)).toBe(true);
    await page.close();
  });
});
