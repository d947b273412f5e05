// MSW handlers for every REST endpoint of API.md and the new API's contract, answering with
// fixtures.ts. OBS connections, settings and marks keep state for one test (mockState, reset
// after each test by testing/setup.ts). The replay player answers 503 like a server without a
// replay flow.
import { http, HttpResponse } from "msw";

import type { AuthStatus, DeviceToken } from "@/features/access/api/auth";
import type { Day, Tournament } from "@/features/organiser/api/organiser";
import type { Licence, LogLevel, Mark, ObsConnection, PssSources, Settings, UdpStatus } from "@/types/api";

import {
  archiveRecordings,
  counters,
  devices,
  FINGERPRINT,
  licenceMissing,
  liveState,
  logLines,
  mark,
  matchEvents,
  networkInterfaces,
  obsConnection,
  protocolText,
  pssSources,
  settings,
  storedMatch,
} from "./fixtures";

/** What the mocked server holds during one test. */
export const mockState = {
  settings: settings(),
  obs: [obsConnection()] as ObsConnection[],
  marks: [mark()] as Mark[],
  manual: false,
  udp: { bind: "0.0.0.0:6000", listening: true } as UdpStatus,
  licence: licenceMissing() as Licence,
  pss: pssSources() as PssSources,
  auth: localAuth(),
  tokens: [] as DeviceToken[],
  tournaments: tournaments(),
  days: days(),
};

/** The organiser's records: one active tournament with one day that has a match. */
function tournaments(): Tournament[] {
  return [{ id: 1, name: "Open Riga 2026", venue: "Arena Riga", starts_on: "2026-12-01", ends_on: "2026-12-03", active: true, days: 1, matches: 1 }];
}

function days(): Day[] {
  return [{ id: 1, tournament_id: 1, name: "2026-12-01", date: "2026-12-01", active: true, chosen: false, closed: false, closed_at_us: null, matches: 1 }];
}

/** The sign-in status of the court laptop's own loopback page. */
function localAuth(): AuthStatus {
  return { password_set: false, sign_in_required: false, signed_in: true, role: "operator", actor: "local", may_set_first_password: true };
}

/** Back to the fixtures (after each test). */
export function resetMockState(): void {
  mockState.settings = settings();
  mockState.obs = [obsConnection()];
  mockState.marks = [mark()];
  mockState.manual = false;
  mockState.udp = { bind: "0.0.0.0:6000", listening: true };
  mockState.licence = licenceMissing();
  mockState.pss = pssSources();
  mockState.auth = localAuth();
  mockState.tokens = [];
  mockState.tournaments = tournaments();
  mockState.days = days();
}

const kinds = (punch: number, body: number, head: number) => ({ punch, body, head, technical_body: 0, technical_head: 0 });
const outcomes = (requested = 0) => ({ requested, accepted: requested, denied: 0, cancelled: 0, won: requested, lost: 0 });
const challengeStats = () => ({ blue: outcomes(1), red: outcomes(), referee: outcomes(), all: outcomes(1), overturn_rate: 1, replay: { count: 1, p50_ms: 310, p95_ms: 310 } });

/** The analytics of a stored match, as the server shapes them. */
function analyticsMatch(id: number) {
  return {
    match_id: id,
    number: "101",
    wall_seconds: 412,
    clock_seconds: 360,
    events_per_minute: 61.5,
    score: { blue: 7, red: 3 },
    points: { blue: kinds(1, 2, 1), red: kinds(0, 0, 1) },
    points_by_round: [{ round: 1, blue: kinds(1, 2, 1), red: kinds(0, 0, 1) }],
    gamjeom: { blue: 0, red: 1 },
    challenges: challengeStats(),
    lead_changes: 1,
    timeline: [],
  };
}

function analyticsDay() {
  return {
    day_id: 1, name: "2026-12-01", date: "2026-12-01", matches: 2, finished: 2, completion_rate: 1, average_wall_seconds: 400, average_clock_seconds: 360, events_per_minute: 60,
    points: { blue: kinds(1, 2, 1), red: kinds(0, 0, 1) }, gamjeom: { blue: 0, red: 1 }, challenges: challengeStats(), events_by_kind: { point: 5 },
    hourly: [{ hour: 9, events: 120 }, { hour: 10, events: 300 }], peak_hour: 10,
    top_athletes: [{ athlete_id: 3, name: "Kim LEE", ioc: "KOR", matches: 1, wins: 1, points: 7, win_rate: 1 }],
  };
}

function analyticsAthlete() {
  return {
    athlete_id: 3, name: "Kim LEE", ioc: "KOR", matches: 1, wins: 1, losses: 0, win_rate: 1, score_for: 7, score_against: 3, gamjeom: 0, injuries: 0,
    challenges: outcomes(1), points_for: kinds(1, 2, 1), points_against: kinds(0, 0, 1), points_per_round: {}, points_per_match: 7,
    best_performance: { match_id: 1, number: "100", score_for: 7, score_against: 3 },
  };
}

/** A refused organiser name, as the server words it. */
function badName(name: string) {
  if (!name.trim()) return HttpResponse.json({ error: { code: "invalid_field", message: "name: must not be empty", field: "name" } }, { status: 422 });
  if (/[/\\:*?"<>|]/.test(name)) return HttpResponse.json({ error: { code: "invalid_field", message: `name: must not contain '${name.match(/[/\\:*?"<>|]/)![0]}'`, field: "name" } }, { status: 422 });
  return null;
}

/** The server's licence check, cut down: a licence file naming this machine's code and an
 * expiry is valid; another machine's is refused like the server refuses it. */
function installLicence(text: string) {
  let terms: { licensee?: string; machine?: string; expires?: string } = {};
  try {
    terms = (JSON.parse(text) as { licence?: typeof terms }).licence ?? {};
  } catch {
    return apiError(422, "licence_refused", "not a licence file: expected value at line 1 column 1");
  }
  if (terms.machine !== FINGERPRINT) {
    return apiError(422, "licence_refused", `the licence is for the machine ${terms.machine ?? "?"}, this one is ${FINGERPRINT}`);
  }
  mockState.licence = { status: "valid", licensee: terms.licensee ?? "", expires: terms.expires ?? null, fingerprint: FINGERPRINT, reason: null };
  return HttpResponse.json(mockState.licence);
}

const PLACEHOLDERS = ["number", "blue", "blue_ioc", "red", "red_ioc", "phase", "weight_class", "division", "date"];

/** The server's settings checks: non-negative seconds, known placeholders. */
function checkSettings(body: Settings) {
  for (const [field, value] of [
    ["replay.lead_seconds", body.replay.lead_seconds],
    ["replay.clip_timeout_seconds", body.replay.clip_timeout_seconds],
    ["replay.link_window_seconds", body.replay.link_window_seconds],
    ["recording.stop_delay_seconds", body.recording.stop_delay_seconds],
  ] as const) {
    if (value < 0 || value > 600) return settingError(field, `${field} must be between 0 and 600 seconds`);
  }
  const unknown = [...body.recording.name_template.matchAll(/\{([^}]*)\}/g)].find((match) => !PLACEHOLDERS.includes(match[1] ?? ""));
  if (unknown) return settingError("recording.name_template", `unknown placeholder {${unknown[1]}} in the name template`);
  return null;
}

function settingError(field: string, message: string) {
  return HttpResponse.json({ error: { code: "invalid_setting", message, field } }, { status: 422 });
}

const LEVELS: LogLevel[] = ["error", "warn", "info", "debug"];

function apiError(status: number, code: string, message: string, line?: number) {
  return HttpResponse.json({ error: { code, message, ...(line === undefined ? {} : { line }) } }, { status });
}

/** A schema check like the server's: `colr` is an unknown type. */
function checkProtocol(text: string) {
  const lines = text.split("\n");
  const bad = lines.findIndex((line) => /\bcolr\b/.test(line));
  if (bad >= 0) return apiError(422, "protocol_refused", `line ${bad + 1}: unknown field type "colr"`, bad + 1);
  if (!lines.some((line) => line.startsWith("version "))) return apiError(422, "protocol_refused", 'line 1: missing "version"', 1);
  return null;
}

/** The server's listener: `:7000` is taken by another program, the rest binds. */
function listen(bind: string) {
  if (!/^(\[[0-9a-f:]+\]|[0-9.]+):\d+$/.test(bind)) return apiError(400, "bad_request", `"${bind}" is not an address such as 0.0.0.0:6000`);
  if (bind.endsWith(":7000")) return apiError(409, "address_in_use", `${bind} is already in use by another program`);
  mockState.udp = { bind, listening: true };
  return HttpResponse.json(mockState.udp);
}

/** The server's follow: `auto`, or an IP / IP:PORT matched against the sources by IP. */
function follow(source: string) {
  const text = source.trim();
  if (text === "auto") {
    mockState.pss = { ...mockState.pss, rule: "auto", followed: null, sources: mockState.pss.sources.map((row) => ({ ...row, followed: false })) };
    return HttpResponse.json(mockState.pss);
  }
  if (!/^[0-9.]+(:\d+)?$/.test(text)) {
    return apiError(400, "bad_request", `"${text}" is not auto, an IP address or IP:PORT (e.g. 10.0.0.11 or 10.0.0.11:6000)`);
  }
  const ip = text.split(":")[0];
  mockState.pss = {
    ...mockState.pss,
    rule: text,
    followed: text,
    sources: mockState.pss.sources.map((row) => ({ ...row, followed: row.address.split(":")[0] === ip })),
  };
  return HttpResponse.json(mockState.pss);
}

/** The default handlers. */
export const handlers = [
  http.get("*/api/auth/status", () => HttpResponse.json(mockState.auth)),
  http.post("*/api/auth/login", async ({ request }) => {
    const body = (await request.json()) as { password: string };
    if (body.password !== "ringside-court-1") {
      return HttpResponse.json({ error: { code: "wrong_password", message: "that is not the operator password" } }, { status: 401 });
    }
    mockState.auth = { ...mockState.auth, signed_in: true, role: "operator", actor: "session:1a2b3c4d" };
    return HttpResponse.json({ role: "operator", actor: "session:1a2b3c4d" });
  }),
  http.get("*/api/auth/tokens", () => HttpResponse.json(mockState.tokens)),
  http.get("*/api/audit", () =>
    HttpResponse.json([
      { id: 2, at_us: 1_764_000_000_000_000, actor: "token:stream-deck", address: "10.0.0.31", action: "PUT /api/obs/connections/{name}", target: "/api/obs/connections/REC" },
      { id: 1, at_us: 1_763_999_990_000_000, actor: "anonymous", address: "10.0.0.66", action: "sign_in_failed", target: null },
    ]),
  ),
  http.post("*/api/auth/tokens", async ({ request }) => {
    const body = (await request.json()) as { name: string; role: "operator" | "viewer" };
    mockState.tokens = [...mockState.tokens, { name: body.name, role: body.role, created_at_us: 1, last_used_at_us: null }];
    return HttpResponse.json({ ...body, token: "vta_t_secretvalue" }, { status: 201 });
  }),
  http.delete("*/api/auth/tokens/:name", ({ params }) => {
    mockState.tokens = mockState.tokens.filter((token) => token.name !== params.name);
    return new HttpResponse(null, { status: 204 });
  }),
  http.post("*/api/config/export", async ({ request }) => {
    const body = (await request.json()) as { passphrase: string };
    if (body.passphrase.length < 8) return apiError(422, "weak_passphrase", "the backup passphrase must have at least 8 characters; nothing changed");
    return HttpResponse.json({ format: "restrike-vta-config", version: 1, content: {}, seal: "c2VhbA==" });
  }),
  http.post("*/api/config/import", async ({ request }) => {
    const body = (await request.json()) as { passphrase: string; backup: string };
    if (body.passphrase !== "tournament backup") return apiError(422, "wrong_passphrase", "wrong passphrase for this backup; nothing changed");
    return HttpResponse.json({ settings: 2, obs_connections: 1, protocol_schema: false, copy: "/data/backups/vta-before-import-1.sqlite3" });
  }),
  http.get("*/api/tournaments", () => HttpResponse.json(mockState.tournaments)),
  http.get("*/api/athletes", () => HttpResponse.json([{ id: 3, ioc: "KOR", name: "Kim LEE", short_name: "K. LEE", matches: 1 }])),
  http.get("*/api/athletes/:id", () =>
    HttpResponse.json({ id: 3, ioc: "KOR", name: "Kim LEE", short_name: "K. LEE", matches: 1, match_list: [storedMatch({ id: 1, match_number: "100" })] }),
  ),
  http.get("*/api/analytics/match/:id", ({ params }) => HttpResponse.json(analyticsMatch(Number(params.id)))),
  http.get("*/api/analytics/day/:id", () => HttpResponse.json(analyticsDay())),
  http.get("*/api/analytics/athlete/:id", () => HttpResponse.json(analyticsAthlete())),
  http.post("*/api/tournaments", async ({ request }) => {
    const body = (await request.json()) as { name: string; venue?: string; starts_on?: string; ends_on?: string };
    const refused = badName(body.name);
    if (refused) return refused;
    if (mockState.tournaments.some((t) => t.name === body.name.trim())) {
      return HttpResponse.json({ error: { code: "name_taken", message: `a tournament named "${body.name.trim()}" already exists` } }, { status: 409 });
    }
    const created: Tournament = { id: mockState.tournaments.length + 1, name: body.name.trim(), venue: body.venue || null, starts_on: body.starts_on || null, ends_on: body.ends_on || null, active: false, days: 0, matches: 0 };
    mockState.tournaments = [created, ...mockState.tournaments];
    return HttpResponse.json(created, { status: 201 });
  }),
  http.post("*/api/tournaments/:id/activate", ({ params }) => {
    mockState.tournaments = mockState.tournaments.map((t) => ({ ...t, active: t.id === Number(params.id) }));
    return HttpResponse.json(mockState.tournaments.find((t) => t.id === Number(params.id)));
  }),
  http.get("*/api/tournaments/:id/days", ({ params }) => HttpResponse.json(mockState.days.filter((day) => day.tournament_id === Number(params.id)))),
  http.post("*/api/tournaments/:id/days", async ({ params, request }) => {
    const body = (await request.json()) as { name: string; date?: string };
    const refused = badName(body.name);
    if (refused) return refused;
    const day: Day = { id: mockState.days.length + 1, tournament_id: Number(params.id), name: body.name.trim(), date: body.date ?? "2026-12-02", active: false, chosen: false, closed: false, closed_at_us: null, matches: 0 };
    mockState.days = [...mockState.days, day];
    return HttpResponse.json(day, { status: 201 });
  }),
  http.post("*/api/days/:id/activate", ({ params }) => {
    mockState.days = mockState.days.map((day) => ({ ...day, active: day.id === Number(params.id), chosen: day.chosen || day.id === Number(params.id) }));
    return HttpResponse.json(mockState.days.find((day) => day.id === Number(params.id)));
  }),
  http.delete("*/api/days/:id", ({ params }) => {
    const day = mockState.days.find((d) => d.id === Number(params.id));
    if (day && day.matches > 0) {
      return HttpResponse.json({ error: { code: "day_has_matches", message: `day "${day.name}" has ${day.matches} match(es) and 0 recording(s) or clip(s): close it instead of deleting it` } }, { status: 409 });
    }
    mockState.days = mockState.days.filter((d) => d.id !== Number(params.id));
    return new HttpResponse(null, { status: 204 });
  }),
  http.get("*/api/health", () => HttpResponse.json({ status: "ok", version: "0.1.0" })),
  http.get("*/api/state", () =>
    HttpResponse.json({ state: liveState(), counters, udp: mockState.udp, manual_mode: mockState.manual, protocol_version: "2.3", ...devices, settings: mockState.settings, licence: mockState.licence, pss: mockState.pss }),
  ),
  http.get("*/api/events", ({ request }) => {
    const url = new URL(request.url);
    const matchId = Number(url.searchParams.get("match_id"));
    return HttpResponse.json(matchEvents.filter((event) => event.match_id === matchId));
  }),
  http.get("*/api/matches", ({ request }) => {
    const q = (new URL(request.url).searchParams.get("q") ?? "").toLowerCase();
    const all = [
      storedMatch(),
      storedMatch({ id: 1, match_number: "100", blue: { short_name: "K. LEE", long_name: "Kim LEE", ioc: "KOR" }, red: { short_name: "A. DIAZ", long_name: "Ana DIAZ", ioc: "ESP" } }),
    ];
    return HttpResponse.json(
      all.filter((match) =>
        !q ||
        [match.match_number, match.blue.long_name, match.red.long_name, match.blue.ioc, match.red.ioc].some((field) =>
          (field ?? "").toLowerCase().includes(q),
        ),
      ),
    );
  }),
  http.get("*/api/counters", () => HttpResponse.json(counters)),
  http.get("*/api/pss/sources", () => HttpResponse.json(mockState.pss)),
  http.post("*/api/pss/follow", async ({ request }) => {
    const { source } = (await request.json()) as { source: string };
    return follow(source);
  }),
  http.get("*/api/udp", () => HttpResponse.json(mockState.udp)),
  http.put("*/api/udp", async ({ request }) => {
    const { bind } = (await request.json()) as { bind: string };
    return listen(bind);
  }),
  http.post("*/api/udp/start", async ({ request }) => {
    const { bind } = (await request.json()) as { bind?: string };
    return listen(bind ?? mockState.udp.bind);
  }),
  http.post("*/api/udp/stop", () => {
    mockState.udp = { ...mockState.udp, listening: false };
    return HttpResponse.json(mockState.udp);
  }),
  http.get("*/api/network/interfaces", () => HttpResponse.json(networkInterfaces)),
  http.get("*/api/protocol", () => HttpResponse.json({ version: "2.3", text: protocolText })),
  http.put("*/api/protocol", async ({ request }) => {
    const { text } = (await request.json()) as { text: string };
    return checkProtocol(text) ?? HttpResponse.json({ version: "2.3" });
  }),
  http.post("*/api/protocol/validate", async ({ request }) => {
    const { text } = (await request.json()) as { text: string };
    return checkProtocol(text) ?? HttpResponse.json({ ok: true, version: "2.3" });
  }),
  http.get("*/api/licence", () => HttpResponse.json(mockState.licence)),
  http.put("*/api/licence", async ({ request }) => installLicence(((await request.json()) as { text: string }).text)),
  http.get("*/api/manual", () => HttpResponse.json({ enabled: mockState.manual })),
  http.put("*/api/manual", async ({ request }) => {
    mockState.manual = ((await request.json()) as { enabled: boolean }).enabled;
    return HttpResponse.json({ enabled: mockState.manual });
  }),
  http.post("*/api/manual/match", async ({ request }) => {
    if (!mockState.manual) return apiError(409, "not_manual", "manual mode is off: turn it on before creating a match");
    const body = (await request.json()) as { blue: { ioc: string } };
    if (body.blue.ioc === "XXX") return HttpResponse.json({ error: { code: "invalid_field", message: "XXX is not an IOC code", field: "blue.ioc" } }, { status: 422 });
    return HttpResponse.json({ match_id: 7 }, { status: 201 });
  }),
  http.post("*/api/mark", async ({ request }) => {
    const { note } = (await request.json()) as { note: string };
    const created = mark({ id: mockState.marks.length + 10, note, at_us: liveState().started_at_us! + 5_500_000, round: 1, clock_seconds: 85 });
    mockState.marks.push(created);
    return HttpResponse.json(created, { status: 201 });
  }),
  http.get("*/api/marks", ({ request }) => {
    const matchId = Number(new URL(request.url).searchParams.get("match_id"));
    return HttpResponse.json(mockState.marks.filter((item) => item.match_id === matchId));
  }),
  http.get("*/api/settings", () => HttpResponse.json(mockState.settings)),
  http.put("*/api/settings", async ({ request }) => {
    const body = (await request.json()) as Settings;
    const refused = checkSettings(body);
    if (refused) return refused;
    mockState.settings = body;
    return HttpResponse.json(body);
  }),
  http.get("*/api/obs/connections", () => HttpResponse.json(mockState.obs)),
  http.post("*/api/obs/connections", async ({ request }) => {
    const body = (await request.json()) as ObsConnection & { password?: string };
    if (mockState.obs.some((connection) => connection.name === body.name)) {
      return apiError(409, "name_taken", `a connection named ${body.name} exists already`);
    }
    const { password, ...rest } = body;
    const created: ObsConnection = { ...rest, has_password: Boolean(password), status: "disconnected", reason: null, rtt_ms: null };
    mockState.obs = [...mockState.obs, created].sort((a, b) => a.name.localeCompare(b.name));
    return HttpResponse.json(created, { status: 201 });
  }),
  http.put("*/api/obs/connections/:name", async ({ params, request }) => {
    const index = mockState.obs.findIndex((connection) => connection.name === params.name);
    if (index < 0) return apiError(404, "not_found", `no connection named ${String(params.name)}`);
    const { password, ...rest } = (await request.json()) as ObsConnection & { password?: string };
    const before = mockState.obs[index]!;
    const updated = { ...before, ...rest, has_password: password === undefined ? before.has_password : password !== "" };
    mockState.obs[index] = updated;
    return HttpResponse.json(updated);
  }),
  http.delete("*/api/obs/connections/:name", ({ params }) => {
    const before = mockState.obs.length;
    mockState.obs = mockState.obs.filter((connection) => connection.name !== params.name);
    return before === mockState.obs.length ? apiError(404, "not_found", "no such connection") : new HttpResponse(null, { status: 204 });
  }),
  http.post("*/api/obs/connections/:name/:action", ({ params }) => {
    const connection = mockState.obs.find((candidate) => candidate.name === params.name);
    if (!connection) return apiError(404, "not_found", "no such connection");
    if (params.action === "test") {
      if (connection.port === 4455) {
        return HttpResponse.json({ ok: true, obs_version: "29.1.3", websocket_version: "5.2.3", rtt_ms: 3.1, error: null });
      }
      return HttpResponse.json({ ok: false, obs_version: null, websocket_version: null, rtt_ms: null, error: `connection refused by ${connection.host}:${connection.port}` });
    }
    connection.status = params.action === "connect" ? "connecting" : "disconnected";
    return HttpResponse.json(connection);
  }),
  http.get("*/api/obs/scenes", () => HttpResponse.json({ connection: "court-1", current: "LIVE_SCENE", scenes: ["LIVE_SCENE", "IVR_SCENE"] })),
  http.post("*/api/obs/scene", () => HttpResponse.json({ ok: true })),
  http.post("*/api/obs/record", async ({ request }) => {
    const { action } = (await request.json()) as { action: string };
    return HttpResponse.json({
      ...archiveRecordings[1]!,
      id: 9,
      path: "/videos/205_Kim LEE_KOR_vs_Ana DIAZ_ESP.mkv",
      match_id: 7,
      stopped_at_us: action === "start" ? null : 1_700_000_100_000_000,
    });
  }),
  http.post("*/api/obs/replay-buffer", async ({ request }) => {
    const { action } = (await request.json()) as { action: string };
    return HttpResponse.json(action === "save" ? { ok: true, path: "/videos/clips/replay.mkv" } : { ok: true });
  }),
  http.get("*/api/recordings", ({ request }) => {
    const url = new URL(request.url);
    const q = (url.searchParams.get("q") ?? "").toLowerCase();
    const eventKind = url.searchParams.get("event_kind");
    return HttpResponse.json(
      archiveRecordings.filter(
        (recording) =>
          (!eventKind || recording.event_kinds.includes(eventKind)) &&
          (!q || [recording.match_number, recording.blue.name, recording.red.name, recording.blue.ioc, recording.red.ioc].some((field) => (field ?? "").toLowerCase().includes(q))),
      ),
    );
  }),
  http.post("*/api/replay/play", async ({ request }) => {
    const body = (await request.json()) as { match_id?: number; recording_id?: number; offset_seconds?: number };
    if (body.match_id === 1) return apiError(404, "no_recording", "no recording of match 100 covers that moment");
    return HttpResponse.json({ ok: true, path: "/videos/101.mkv", offset_seconds: body.offset_seconds ?? 9.5 });
  }),
  http.post("*/api/replay/loop", async ({ request }) => {
    const { point } = (await request.json()) as { point: string };
    return HttpResponse.json(point === "a" ? { a: 3.2, b: null } : point === "b" ? { a: 3.2, b: 7.9 } : { a: null, b: null });
  }),
  http.all("*/api/replay/*", () => apiError(503, "replay_unavailable", "this run has no replay flow (--no-replay)")),
  http.get("*/api/logs", ({ request }) => {
    const level = (new URL(request.url).searchParams.get("level") ?? "info") as LogLevel;
    return HttpResponse.json(logLines.filter((line) => LEVELS.indexOf(line.level) <= LEVELS.indexOf(level)));
  }),
];
