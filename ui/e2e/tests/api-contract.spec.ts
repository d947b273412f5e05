// ui/src/types/api.ts against the real server: every REST answer and WebSocket message the
// UI reads must match its hand-written schema, with no field the schema does not know.
import { createSocket } from "node:dgram";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

import {
  archiveRecordingSchema,
  countersSchema,
  errorBodySchema,
  eventSchema,
  healthSchema,
  licenceSchema,
  logLineSchema,
  manualMatchCreatedSchema,
  manualModeSchema,
  markSchema,
  matchSchema,
  networkInterfaceSchema,
  obsConnectionSchema,
  obsTestResultSchema,
  protocolFileSchema,
  protocolValidSchema,
  pssSourcesSchema,
  settingsSchema,
  socketMessageSchema,
  stateResponseSchema,
  udpStatusSchema,
} from "../../src/types/api";
import { freePort, startDemo, type Backend } from "../support/backend";
import { openBrowser, type Session } from "../support/browser";
import { contractProblems } from "../support/contract";

let backend: Backend;
let session: Session;

async function get(path: string): Promise<unknown> {
  const response = await fetch(`${backend.url}${path}`);
  expect(response.ok, `${path}: HTTP ${response.status}`).toBe(true);
  return response.json();
}

/** Sends a JSON body; resolves to the status and the parsed body (null when there is none). */
async function send(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${backend.url}${path}`, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

beforeAll(async () => {
  backend = await startDemo({ log: "info" });
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
      ...contractProblems(udpStatusSchema, await get("/api/udp"), "GET /api/udp"),
      ...contractProblems(z.array(networkInterfaceSchema), await get("/api/network/interfaces"), "GET /api/network/interfaces"),
      ...contractProblems(z.array(matchSchema), await get("/api/matches"), "GET /api/matches"),
      ...contractProblems(z.array(eventSchema), await get("/api/events?limit=1000"), "GET /api/events"),
      ...contractProblems(protocolFileSchema, await get("/api/protocol"), "GET /api/protocol"),
      ...contractProblems(pssSourcesSchema, await get("/api/pss/sources"), "GET /api/pss/sources"),
    ];
    const state = (await get("/api/state")) as { pss?: unknown };
    expect(state.pss, "GET /api/state has pss").toBeDefined();
    const followed = await send("POST", "/api/pss/follow", { source: "127.0.0.1" });
    expect(followed.status).toBe(200);
    problems.push(...contractProblems(pssSourcesSchema, followed.body, "POST /api/pss/follow"));
    const notAnAddress = await send("POST", "/api/pss/follow", { source: "court 2" });
    expect(notAnAddress.status).toBe(400);
    problems.push(...contractProblems(errorBodySchema, notAnAddress.body, "POST /api/pss/follow 400"));
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

  it("the licence: GET, and PUT refusing a file not signed by the vendor", async () => {
    const problems: string[] = [];
    const state = (await get("/api/state")) as { licence?: unknown };
    expect(state.licence, "GET /api/state has licence").toBeDefined();
    problems.push(...contractProblems(licenceSchema, state.licence, "GET /api/state licence"));
    const licence = await get("/api/licence");
    problems.push(...contractProblems(licenceSchema, licence, "GET /api/licence"));
    // The demo's data folder has no licence; the code is this machine's.
    expect(licence).toMatchObject({ status: "missing", licensee: null, expires: null, reason: "no licence is installed" });
    const code = (licence as { fingerprint: string }).fingerprint;
    expect(code).toMatch(/^VTA-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);

    // Well formed, for this machine, but not signed by the vendor's key.
    const forged = JSON.stringify({
      licence: { licensee: "Contract Test", machine: code, issued: "2026-01-01", expires: "2099-12-31" },
      signature: Buffer.alloc(64, 7).toString("base64"),
    });
    const refused = await send("PUT", "/api/licence", { text: forged });
    expect(refused.status).toBe(422);
    problems.push(...contractProblems(errorBodySchema, refused.body, "PUT /api/licence 422"));
    expect(refused.body).toMatchObject({
      error: { code: "licence_refused", message: "the signature does not match: the file was altered or is not from the vendor" },
    });
    const notAFile = await send("PUT", "/api/licence", { text: "hello" });
    expect(notAFile.status).toBe(422);
    expect((notAFile.body as { error: { message: string } }).error.message).toMatch(/^not a licence file/);
    const badBody = await send("PUT", "/api/licence", { licence: forged });
    expect(badBody.status).toBe(400);
    problems.push(...contractProblems(errorBodySchema, badBody.body, "PUT /api/licence 400"));
    expect(await get("/api/licence")).toEqual(licence);
    expect(problems).toEqual([]);
  });

  it("the operator API: settings, manual mode, marks, OBS connections, archive, logs", async () => {
    const problems: string[] = [];
    const state = (await get("/api/state")) as { settings?: unknown };
    expect(state.settings, "GET /api/state has settings").toBeDefined();

    const settings = await get("/api/settings");
    problems.push(...contractProblems(settingsSchema, settings, "GET /api/settings"));
    const saved = await send("PUT", "/api/settings", settings);
    expect(saved.status).toBe(200);
    problems.push(...contractProblems(settingsSchema, saved.body, "PUT /api/settings"));
    const refusedSettings = structuredClone(settings) as { recording: { name_template: string } };
    refusedSettings.recording.name_template = "{number}_{court}";
    const refused = await send("PUT", "/api/settings", refusedSettings);
    expect(refused.status).toBe(422);
    problems.push(...contractProblems(errorBodySchema, refused.body, "PUT /api/settings 422"));
    expect(refused.body).toMatchObject({ error: { code: "invalid_setting", field: "recording.name_template" } });

    problems.push(...contractProblems(manualModeSchema, await get("/api/manual"), "GET /api/manual"));
    const notManual = await send("POST", "/api/manual/match", { number: "9", blue: { name: "A", ioc: "KOR" }, red: { name: "B", ioc: "FRA" } });
    expect(notManual.status).toBe(409);
    expect(notManual.body).toMatchObject({ error: { code: "not_manual" } });

    const mark = await send("POST", "/api/mark", { note: "contract" });
    expect(mark.status).toBe(201);
    problems.push(...contractProblems(markSchema, mark.body, "POST /api/mark"));
    problems.push(...contractProblems(z.array(markSchema), await get("/api/marks?limit=10"), "GET /api/marks"));

    const closed = await freePort();
    const input = { name: "contract", host: "127.0.0.1", port: closed, protocol: "v5", role: "rec", enabled: false, password: "x" };
    const created = await send("POST", "/api/obs/connections", input);
    expect(created.status).toBe(201);
    problems.push(...contractProblems(obsConnectionSchema, created.body, "POST /api/obs/connections"));
    expect(created.body).toMatchObject({ name: "contract", has_password: true });
    expect(JSON.stringify(created.body)).not.toContain('"x"');
    expect((await send("POST", "/api/obs/connections", input)).body).toMatchObject({ error: { code: "name_taken" } });
    problems.push(...contractProblems(z.array(obsConnectionSchema), await get("/api/obs/connections"), "GET /api/obs/connections"));
    const test = await send("POST", "/api/obs/connections/contract/test", {});
    problems.push(...contractProblems(obsTestResultSchema, test.body, "POST /api/obs/connections/{name}/test"));
    expect(test.body).toMatchObject({ ok: false });
    const updated = await send("PUT", "/api/obs/connections/contract", { ...input, password: undefined, role: "both" });
    problems.push(...contractProblems(obsConnectionSchema, updated.body, "PUT /api/obs/connections/{name}"));
    expect(updated.body).toMatchObject({ role: "both", has_password: true });
    expect((await send("DELETE", "/api/obs/connections/contract")).status).toBe(204);
    expect((await send("DELETE", "/api/obs/connections/contract")).status).toBe(404);
    const scenes = await send("GET", "/api/obs/scenes");
    expect(scenes.status).toBe(409);
    problems.push(...contractProblems(errorBodySchema, scenes.body, "GET /api/obs/scenes 409"));

    problems.push(...contractProblems(z.array(archiveRecordingSchema), await get("/api/recordings?limit=50"), "GET /api/recordings"));
    problems.push(...contractProblems(z.array(logLineSchema), await get("/api/logs?level=debug&limit=100"), "GET /api/logs"));
    const play = await send("POST", "/api/replay/play", { match_id: 1, at_us: 0 });
    expect([404, 503]).toContain(play.status);
    problems.push(...contractProblems(errorBodySchema, play.body, "POST /api/replay/play refused"));
    const loop = await send("POST", "/api/replay/loop", { point: "a" });
    expect(loop.status).toBe(503);
    problems.push(...contractProblems(errorBodySchema, loop.body, "POST /api/replay/loop 503"));
    // The manual match's answer is checked once manual mode is on; then it is turned off again.
    expect((await send("PUT", "/api/manual", { enabled: true })).body).toEqual({ enabled: true });
    const made = await send("POST", "/api/manual/match", { number: "9", blue: { name: "A", ioc: "KOR" }, red: { name: "B", ioc: "FRA" } });
    expect(made.status).toBe(201);
    problems.push(...contractProblems(manualMatchCreatedSchema, made.body, "POST /api/manual/match"));
    const badIoc = await send("POST", "/api/manual/match", { number: "9", blue: { name: "A", ioc: "K1" }, red: { name: "B", ioc: "FRA" } });
    expect(badIoc.status).toBe(422);
    expect(badIoc.body).toMatchObject({ error: { field: "blue.ioc" } });
    expect((await send("PUT", "/api/manual", { enabled: false })).body).toEqual({ enabled: false });

    // The PSS listener: stop, a refused start (the address is taken), start where it was.
    const udp = (await get("/api/udp")) as { bind: string };
    const stopped = await send("POST", "/api/udp/stop", {});
    problems.push(...contractProblems(udpStatusSchema, stopped.body, "POST /api/udp/stop"));
    expect(stopped.body).toEqual({ bind: udp.bind, listening: false });
    const taken = createSocket("udp4");
    await new Promise<void>((bound) => taken.bind(0, "127.0.0.1", bound));
    const takenAddress = `127.0.0.1:${taken.address().port}`;
    const refusedStart = await send("POST", "/api/udp/start", { bind: takenAddress });
    taken.close();
    expect(refusedStart.status).toBe(409);
    problems.push(...contractProblems(errorBodySchema, refusedStart.body, "POST /api/udp/start 409"));
    expect(JSON.stringify(refusedStart.body)).toContain(takenAddress);
    const started = await send("POST", "/api/udp/start", {});
    problems.push(...contractProblems(udpStatusSchema, started.body, "POST /api/udp/start"));
    expect(started.body).toEqual({ bind: udp.bind, listening: true });
    const moved = await send("PUT", "/api/udp", { bind: udp.bind });
    problems.push(...contractProblems(udpStatusSchema, moved.body, "PUT /api/udp"));
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
      const firstPromise = collect(base, 2500);
      // Changes made while the socket listens: each must come back as its message.
      await new Promise((wait) => setTimeout(wait, 500));
      const json = { "content-type": "application/json" };
      const settings = await (await fetch("/api/settings")).json();
      await fetch("/api/settings", { method: "PUT", headers: json, body: JSON.stringify(settings) });
      await fetch("/api/manual", { method: "PUT", headers: json, body: JSON.stringify({ enabled: false }) });
      await fetch("/api/mark", { method: "POST", headers: json, body: JSON.stringify({ note: "socket" }) });
      await fetch("/api/udp/stop", { method: "POST", headers: json, body: "{}" });
      await fetch("/api/udp/start", { method: "POST", headers: json, body: "{}" });
      const first = await firstPromise;
      const last = JSON.parse(first.at(-1) ?? "{}") as { seq?: number };
      const resumed = await collect(`${base}?since=${last.seq ?? 0}`, 1500);
      return { first, resumed, since: last.seq ?? 0 };
    });
    const first = frames.first.map((frame) => JSON.parse(frame) as { type: string; seq: number });
    expect(first[0]?.type).toBe("snapshot");
    const types = new Set(first.map((message) => message.type));
    expect(types).toContain("counters");
    expect(types).toContain("datagram");
    expect(types, "a pss message (once a second, beside counters)").toContain("pss");
    for (const type of ["settings", "manual", "mark", "udp"]) expect(types, `a ${type} message`).toContain(type);
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
