// The REC/STR status dots and the record dot against a mocked server: the snapshot's OBS
// connections and recorder state, then live `obs` and `recording` socket messages.
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { licenceValid, liveState } from "@/testing/mocks/fixtures";
import { server } from "@/testing/mocks/server";
import { eventSocket, pushOnConnect, snapshotMessage } from "@/testing/mocks/socket";
import { renderRoute } from "@/testing/render-route";
import type { ObsConnection, SocketMessage } from "@/types/api";

import { obsDot } from "./obs-dot";

const recConnected: ObsConnection = { name: "rec-pc", role: "rec", status: "connected", reason: null };
const strError: ObsConnection = { name: "stream-pc", role: "str", status: "error", reason: "wrong password" };

describe("obsDot", () => {
  it("is grey without a connection of the role and counts BOTH for REC and STR", () => {
    expect(obsDot([], "rec")).toEqual({ state: "unknown", word: "not configured", title: "OBS recording: no connection configured" });
    expect(obsDot([strError], "rec").state).toBe("unknown");
    const both: ObsConnection = { name: "court", role: "both", status: "connecting", reason: null };
    expect(obsDot([both], "rec").state).toBe("warn");
    expect(obsDot([both], "str").state).toBe("warn");
    expect(obsDot([recConnected, both], "rec")).toEqual({
      state: "warn",
      word: "connecting",
      title: "OBS recording: rec-pc: connected; court: connecting",
    });
  });

  it("shows the worst connection: red for an error or a lost one, with the reason", () => {
    expect(obsDot([strError], "str")).toEqual({
      state: "error",
      word: "error",
      title: "OBS streaming: stream-pc: error (wrong password)",
    });
    const lost: ObsConnection = { ...recConnected, status: "disconnected" };
    expect(obsDot([recConnected, { ...lost, name: "spare" }], "rec")).toMatchObject({ state: "error", word: "disconnected" });
    expect(obsDot([recConnected], "rec")).toMatchObject({ state: "ok", word: "connected" });
  });
});

describe("status dots", () => {
  it("show the snapshot's OBS connections and recorder", async () => {
    server.use(
      pushOnConnect([
        snapshotMessage(10, liveState(), {
          obs: [recConnected, strError],
          recording: { active: true, path: "/videos/101.mkv", match_id: 2 },
        }),
      ]),
    );
    renderRoute("/");
    const rec = (await screen.findAllByRole("status", { name: "REC: connected" }))[0];
    expect(rec).toHaveAttribute("data-state", "ok");
    expect(rec).toHaveAttribute("title", "OBS recording: rec-pc: connected");
    const [str] = screen.getAllByRole("status", { name: "STR: error" });
    if (!str) throw new Error("no STR dot");
    expect(str).toHaveAttribute("data-state", "error");
    expect(str.getAttribute("title")).toContain("wrong password");
    const lic = screen.getAllByRole("status", { name: "LIC: missing" })[0];
    expect(lic).toHaveAttribute("data-state", "unknown");
    expect(lic?.getAttribute("title")).toContain("No licence installed");
    const [dot] = screen.getAllByRole("img", { name: "recording" });
    if (!dot) throw new Error("no record dot");
    expect(dot).toHaveAttribute("title", "OBS is recording into /videos/101.mkv");
    expect(dot.className).toContain("animate-rec-pulse");
  });

  it("are grey without OBS and follow live obs and recording messages", async () => {
    const later: SocketMessage[] = [
      { type: "obs", seq: 11, obs: [{ name: "court", role: "both", status: "connecting", reason: null }] },
      { type: "recording", seq: 12, recording: { active: true, path: null, match_id: 2 } },
    ];
    let send: ((message: SocketMessage) => void) | null = null;
    server.use(
      eventSocket.addEventListener("connection", ({ client }) => {
        client.send(JSON.stringify(snapshotMessage(10)));
        send = (message) => client.send(JSON.stringify(message));
      }),
    );
    renderRoute("/");
    const rec = (await screen.findAllByRole("status", { name: "REC: not configured" }))[0];
    expect(rec).toHaveAttribute("data-state", "unknown");
    expect(rec).toHaveAttribute("title", "OBS recording: no connection configured");
    expect(screen.getAllByRole("status", { name: "STR: not configured" })[0]).toHaveAttribute(
      "title",
      "OBS streaming: no connection configured",
    );
    expect(screen.getAllByRole("img", { name: "not recording" }).length).toBeGreaterThan(0);

    await waitFor(() => expect(send).not.toBeNull());
    for (const message of later) send!(message);
    await waitFor(() => expect(screen.getAllByRole("status", { name: "REC: connecting" })[0]).toHaveAttribute("data-state", "warn"));
    expect(screen.getAllByRole("status", { name: "STR: connecting" })[0]).toHaveAttribute("title", "OBS streaming: court: connecting");
    await waitFor(() => expect(screen.getAllByRole("img", { name: "recording" }).length).toBeGreaterThan(0));
    expect(screen.queryByRole("img", { name: "not recording" })).not.toBeInTheDocument();
  });

  it("show the licence from the snapshot and follow a licence message", async () => {
    let send: ((message: SocketMessage) => void) | null = null;
    server.use(
      eventSocket.addEventListener("connection", ({ client }) => {
        client.send(JSON.stringify(snapshotMessage(10, liveState(), { licence: { ...licenceValid("2020-01-01"), status: "expired", reason: "the licence expired on 2020-01-01" } })));
        send = (message) => client.send(JSON.stringify(message));
      }),
    );
    renderRoute("/");
    const expired = (await screen.findAllByRole("status", { name: "LIC: expired" }))[0];
    expect(expired).toHaveAttribute("data-state", "error");
    expect(expired?.getAttribute("title")).toContain("the licence expired on 2020-01-01");

    await waitFor(() => expect(send).not.toBeNull());
    send!({ type: "licence", seq: 11, licence: licenceValid("2099-12-31") });
    const valid = (await screen.findAllByRole("status", { name: "LIC: valid" }))[0];
    expect(valid).toHaveAttribute("data-state", "ok");
    expect(valid).toHaveAttribute("title", "Licence valid for Dojang Open until 2099-12-31");
  });
});
