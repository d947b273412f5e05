// The API client: answers are validated, non-2xx answers become ApiError with the server's
// code, message and line, and the operator is notified unless the caller shows the error.
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { server } from "@/testing/mocks/server";

import { ApiError, apiRequest } from "./api-client";
import { useNotifications } from "./notifications";

describe("api client", () => {
  it("returns a validated answer", async () => {
    const health = await apiRequest("GET", "/api/health", z.object({ status: z.string() }));
    expect(health).toEqual({ status: "ok" });
  });

  it("turns an error body into an ApiError and a notification", async () => {
    server.use(http.put("*/api/protocol", () => HttpResponse.json({ error: { code: "protocol_refused", message: "line 3: bad", line: 3 } }, { status: 422 })));
    const error = await apiRequest("PUT", "/api/protocol", z.unknown(), { body: { text: "x" }, notifyAs: "Save failed" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: "protocol_refused", message: "line 3: bad", line: 3, request: "PUT /api/protocol" });
    expect(useNotifications.getState().items).toMatchObject([{ tone: "error", title: "Save failed", message: "line 3: bad" }]);
  });

  it("reports an answer that is not JSON, an unexpected shape, and no notification when asked", async () => {
    server.use(http.get("*/api/counters", () => new HttpResponse("gateway down", { status: 502, statusText: "Bad Gateway" })));
    const gateway = await apiRequest("GET", "/api/counters", z.unknown()).catch((caught: unknown) => caught);
    expect(gateway).toMatchObject({ status: 502, code: "http_502", message: "GET /api/counters: Bad Gateway" });
    const shape = await apiRequest("GET", "/api/health", z.object({ status: z.number() }), { notifyAs: false }).catch((caught: unknown) => caught);
    expect(shape).toMatchObject({ code: "bad_response" });
    expect((shape as ApiError).message).toContain("status");
    expect(useNotifications.getState().items).toHaveLength(1);
  });

  it("reports a server that cannot be reached", async () => {
    server.use(http.get("*/api/udp", () => HttpResponse.error()));
    const error = await apiRequest("GET", "/api/udp", z.unknown()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 0, code: "network" });
    expect(useNotifications.getState().items[0]?.message).toMatch(/^the server cannot be reached/);
  });
});
