// MSW handlers for every REST endpoint of API.md, answering with fixtures.ts. Endpoints the
// server does not have yet (/api/replay/..., /api/manual/match) answer 404 as the real one does.
import { http, HttpResponse } from "msw";

import { counters, devices, liveState, matchEvents, protocolText, storedMatch } from "./fixtures";

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

/** The default handlers. */
export const handlers = [
  http.get("*/api/health", () => HttpResponse.json({ status: "ok", version: "0.1.0" })),
  http.get("*/api/state", () =>
    HttpResponse.json({ state: liveState(), counters, udp: { bind: "0.0.0.0:6000" }, manual_mode: false, protocol_version: "2.3", ...devices }),
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
  http.get("*/api/udp", () => HttpResponse.json({ bind: "0.0.0.0:6000" })),
  http.put("*/api/udp", async ({ request }) => {
    const { bind } = (await request.json()) as { bind: string };
    if (bind.endsWith(":7000")) return apiError(409, "address_in_use", `${bind} is already in use by another program`);
    return HttpResponse.json({ bind });
  }),
  http.get("*/api/protocol", () => HttpResponse.json({ version: "2.3", text: protocolText })),
  http.put("*/api/protocol", async ({ request }) => {
    const { text } = (await request.json()) as { text: string };
    return checkProtocol(text) ?? HttpResponse.json({ version: "2.3" });
  }),
  http.post("*/api/protocol/validate", async ({ request }) => {
    const { text } = (await request.json()) as { text: string };
    return checkProtocol(text) ?? HttpResponse.json({ ok: true, version: "2.3" });
  }),
  http.get("*/api/manual", () => HttpResponse.json({ enabled: false })),
  http.put("*/api/manual", async ({ request }) => HttpResponse.json((await request.json()) as { enabled: boolean })),
  http.post("*/api/mark", () => HttpResponse.json({ seq: 622 })),
  http.all("*/api/replay/*", () => apiError(404, "not_found", "no route for this path")),
  http.post("*/api/manual/match", () => apiError(404, "not_found", "no route for this path")),
];
