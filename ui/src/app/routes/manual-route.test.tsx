// Manual mode: a confirm dialog before PUT /api/manual, then the match form (flag preview,
// refusals at their field) and the OBS controls (record, replay buffer, scenes).
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";

import { mockState } from "@/testing/mocks/handlers";
import { server } from "@/testing/mocks/server";
import { eventSocket, pushOnConnect, snapshotMessage } from "@/testing/mocks/socket";
import type { SocketMessage } from "@/types/api";
import { renderRoute } from "@/testing/render-route";

describe("manual mode", () => {
  it("asks before ignoring the PSS feed, then creates a match by hand", async () => {
    const bodies: unknown[] = [];
    server.use(
      pushOnConnect([snapshotMessage(1)]),
      http.post("*/api/manual/match", async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ match_id: 7 }, { status: 201 });
      }),
    );
    const user = userEvent.setup();
    renderRoute("/");
    await user.click(await screen.findByRole("button", { name: "MANUAL MODE" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Enter manual mode?" });
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(dialog).not.toBeInTheDocument();
    expect(mockState.manual).toBe(false);

    await user.click(screen.getByRole("button", { name: "Enter manual mode" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Enter manual mode" }));
    await waitFor(() => expect(screen.getByRole("status", { name: "Manual mode state" })).toHaveTextContent("ON"));
    expect(mockState.manual).toBe(true);

    await user.click(screen.getByRole("button", { name: "Create match" }));
    expect(screen.getByText("a match number is needed")).toBeInTheDocument();
    expect(screen.getAllByText("an IOC code is three letters, e.g. KOR")).toHaveLength(2);

    await user.type(screen.getByRole("textbox", { name: "Match number" }), "205");
    await user.type(screen.getByRole("textbox", { name: "Blue name" }), "Kim LEE");
    await user.type(screen.getByRole("textbox", { name: "Blue IOC" }), "kor");
    await user.type(screen.getByRole("textbox", { name: "Red name" }), "Ana DIAZ");
    await user.type(screen.getByRole("textbox", { name: "Red IOC" }), "ESP");
    await user.type(screen.getByRole("textbox", { name: "Weight class (optional)" }), "F-49kg");
    expect(screen.getByRole("textbox", { name: "Blue IOC" })).toHaveValue("KOR");
    expect(screen.getByRole("img", { name: "flag of KOR" })).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "flag of ESP" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Create match" }));
    expect(await screen.findByText("Match 205 is the live match (#7)")).toBeInTheDocument();
    expect(bodies).toEqual([{ number: "205", blue: { name: "Kim LEE", ioc: "KOR" }, red: { name: "Ana DIAZ", ioc: "ESP" }, weight_class: "F-49kg" }]);
    expect(screen.getByRole("textbox", { name: "Match number" })).toHaveValue("");

    await user.click(screen.getByRole("button", { name: "Leave manual mode" }));
    await waitFor(() => expect(screen.getByRole("status", { name: "Manual mode state" })).toHaveTextContent("off"));
    expect(mockState.manual).toBe(false);
  });

  it("shows the server's refusals: a bad field at the field, manual mode off above the button", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/manual");
    await user.click(await screen.findByRole("button", { name: "Enter manual mode" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Enter manual mode" }));
    await user.type(screen.getByRole("textbox", { name: "Match number" }), "9");
    await user.type(screen.getByRole("textbox", { name: "Blue name" }), "A");
    await user.type(screen.getByRole("textbox", { name: "Blue IOC" }), "XXX");
    await user.type(screen.getByRole("textbox", { name: "Red name" }), "B");
    await user.type(screen.getByRole("textbox", { name: "Red IOC" }), "FRA");
    await user.click(screen.getByRole("button", { name: "Create match" }));
    expect(await screen.findByText("XXX is not an IOC code")).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Blue IOC" })).toHaveAttribute("aria-invalid", "true");

    // Another client left manual mode meanwhile.
    mockState.manual = false;
    await user.clear(screen.getByRole("textbox", { name: "Blue IOC" }));
    await user.type(screen.getByRole("textbox", { name: "Blue IOC" }), "KOR");
    await user.click(screen.getByRole("button", { name: "Create match" }));
    expect(await screen.findByText(/^Manual mode is off on the server: manual mode is off/)).toBeInTheDocument();
  });

  it("drives recording, the replay buffer and scenes by hand", async () => {
    server.use(pushOnConnect([{ ...snapshotMessage(1), manual_mode: true } as ReturnType<typeof snapshotMessage>]));
    const scenes: unknown[] = [];
    server.use(
      http.post("*/api/obs/scene", async ({ request }) => {
        scenes.push(await request.json());
        return HttpResponse.json({ ok: true });
      }),
    );
    const user = userEvent.setup();
    renderRoute("/manual");
    const controls = await screen.findByRole("region", { name: "Manual controls" });
    await user.click(within(controls).getByRole("button", { name: "Start recording" }));
    expect(await screen.findByText("/videos/205_Kim LEE_KOR_vs_Ana DIAZ_ESP.mkv")).toBeInTheDocument();
    await user.click(within(controls).getByRole("button", { name: "Save replay buffer" }));
    expect(await screen.findByText("/videos/clips/replay.mkv")).toBeInTheDocument();
    const group = await within(controls).findByRole("group", { name: "Scenes" });
    expect(within(group).getByRole("button", { name: "LIVE_SCENE" })).toHaveAttribute("aria-pressed", "true");
    await user.click(within(group).getByRole("button", { name: "IVR_SCENE" }));
    await waitFor(() => expect(within(group).getByRole("button", { name: "IVR_SCENE" })).toHaveAttribute("aria-pressed", "true"));
    expect(scenes).toEqual([{ scene: "IVR_SCENE" }]);
  });

  it("says why there are no scenes when the server has no STR connection", async () => {
    server.use(
      pushOnConnect([{ ...snapshotMessage(1), manual_mode: true } as ReturnType<typeof snapshotMessage>]),
      http.get("*/api/obs/scenes", () => HttpResponse.json({ error: { code: "no_str_connection", message: "no OBS connection has the STR role" } }, { status: 409 })),
    );
    renderRoute("/manual");
    expect(await screen.findByText("No scenes: no OBS connection has the STR role")).toBeInTheDocument();
  });

  it("follows manual mode changed by another client (the manual message)", async () => {
    let send: ((message: SocketMessage) => void) | null = null;
    server.use(
      eventSocket.addEventListener("connection", ({ client }) => {
        client.send(JSON.stringify(snapshotMessage(1)));
        send = (message) => client.send(JSON.stringify(message));
      }),
    );
    renderRoute("/");
    const button = await screen.findByRole("button", { name: "MANUAL MODE" });
    expect(button).toHaveAttribute("aria-pressed", "false");
    await waitFor(() => expect(send).not.toBeNull());
    act(() => send!({ type: "manual", seq: 2, enabled: true }));
    await waitFor(() => expect(button).toHaveAttribute("aria-pressed", "true"));
  });
});
