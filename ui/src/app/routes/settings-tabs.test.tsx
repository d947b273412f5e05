// The settings tabs against a mocked server: replay and recording settings (live file name
// preview, a 422 shown at its field, saved and read back), the hotkey map (capture, clash,
// server and browser storage), OBS connections (add, name taken, test, delete) and the log.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { mockState } from "@/testing/mocks/handlers";
import { server } from "@/testing/mocks/server";
import { eventSocket, pushOnConnect, snapshotMessage } from "@/testing/mocks/socket";
import { renderRoute } from "@/testing/render-route";
import type { SocketMessage } from "@/types/api";

describe("replay and recording settings", () => {
  it("previews the file name, shows the server's refusal at its field and saves", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/settings/replay");
    const template = await screen.findByRole("textbox", { name: "File name template" });
    await waitFor(() => expect(template).toHaveValue("{number}_{blue}_{blue_ioc}_vs_{red}_{red_ioc}"));
    const preview = screen.getByRole("status", { name: "File name preview" });
    expect(preview).toHaveTextContent("101_KIM Tae-hun_KOR_vs_DUPONT Jean_FRA");
    fireEvent.change(template, { target: { value: "{date}_{number}_{court}" } });
    expect(preview).toHaveTextContent(/^unknown placeholder \{court\}/);

    await user.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByText("unknown placeholder {court} in the name template")).toBeInTheDocument();
    expect(template).toHaveAttribute("aria-invalid", "true");
    expect(template).toHaveFocus();
    expect(mockState.settings.recording.name_template).toBe("{number}_{blue}_{blue_ioc}_vs_{red}_{red_ioc}");

    fireEvent.change(template, { target: { value: "{date}_{number}" } });
    expect(template).not.toHaveAttribute("aria-invalid");
    const lead = screen.getByRole("textbox", { name: "Replay lead (s)" });
    await user.clear(lead);
    await user.type(lead, "-1");
    await user.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByText("replay.lead_seconds must be between 0 and 600 seconds")).toBeInTheDocument();
    expect(lead).toHaveAttribute("aria-invalid", "true");

    await user.clear(lead);
    await user.type(lead, "7.5");
    await user.clear(screen.getByRole("textbox", { name: "Screen" }));
    await user.click(screen.getByRole("checkbox", { name: "Fullscreen" }));
    const exactStart = screen.getByRole("checkbox", { name: "Exact start (slower: decodes from the previous keyframe)" });
    expect(exactStart).not.toBeChecked();
    await user.click(exactStart);
    await user.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByText("Settings saved")).toBeInTheDocument();
    expect(mockState.settings.replay).toMatchObject({ lead_seconds: 7.5, exact_start: true, screen: null, fullscreen: false, mpv_args: ["--vo=gpu"] });
    expect(mockState.settings.recording.name_template).toBe("{date}_{number}");
    expect(mockState.settings.hotkeys.mark).toBe("Ctrl+Alt+M");
  });
});

describe("settings saved elsewhere", () => {
  it("shows another client's saved settings unless the form has changes", async () => {
    let send: ((message: SocketMessage) => void) | null = null;
    server.use(
      eventSocket.addEventListener("connection", ({ client }) => {
        client.send(JSON.stringify(snapshotMessage(1)));
        send = (message) => client.send(JSON.stringify(message));
      }),
    );
    renderRoute("/settings/replay");
    const scene = await screen.findByRole("textbox", { name: "IVR scene" });
    await waitFor(() => expect(scene).toHaveValue("IVR_SCENE"));
    await waitFor(() => expect(send).not.toBeNull());
    const other = { ...mockState.settings, replay: { ...mockState.settings.replay, ivr_scene: "REVIEW" } };
    act(() => send!({ type: "settings", seq: 2, settings: other }));
    await waitFor(() => expect(scene).toHaveValue("REVIEW"));

    fireEvent.change(screen.getByRole("textbox", { name: "LIVE scene" }), { target: { value: "PROGRAM" } });
    act(() => send!({ type: "settings", seq: 3, settings: { ...other, replay: { ...other.replay, ivr_scene: "THIRD" } } }));
    await new Promise((wait) => setTimeout(wait, 100));
    expect(scene).toHaveValue("REVIEW");
    expect(screen.getByRole("textbox", { name: "LIVE scene" })).toHaveValue("PROGRAM");
  });
});

describe("keyboard shortcuts", () => {
  it("captures a combination: dock keys go to the server, replay keys stay in the browser", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/settings/hotkeys");
    const section = await screen.findByRole("region", { name: "Keyboard shortcuts" });
    expect(await within(section).findByLabelText("Dock: MARK EVENT keys")).toHaveTextContent("Ctrl+Alt+M");
    expect(within(section).getByLabelText("Replay: Back 2 s keys")).toHaveTextContent("←");

    await user.click(within(section).getByRole("button", { name: "Change the keys of Dock: MARK EVENT" }));
    const capture = within(section).getByRole("button", { name: "Press the new keys for Dock: MARK EVENT" });
    expect(capture).toHaveFocus();
    await user.keyboard("{Control>}{Shift>}k{/Shift}{/Control}");
    await waitFor(() => expect(mockState.settings.hotkeys.mark).toBe("Ctrl+Shift+K"));
    expect(within(section).getByLabelText("Dock: MARK EVENT keys")).toHaveTextContent("Ctrl+Shift+K");

    await user.click(within(section).getByRole("button", { name: "Change the keys of Replay: Loop A" }));
    await user.keyboard("{Control>}{Alt>}r{/Alt}{/Control}");
    expect(await within(section).findByText("Ctrl+Alt+R is already used by Dock: REPLAY")).toBeInTheDocument();

    await user.click(within(section).getByRole("button", { name: "Change the keys of Replay: Loop A" }));
    await user.keyboard("q");
    await waitFor(() => expect(within(section).getByLabelText("Replay: Loop A keys")).toHaveTextContent("Q"));
    expect(JSON.parse(localStorage.getItem("vta.replay-keys") ?? "{}")).toEqual({ loop_a: "Q" });
    expect(mockState.settings.hotkeys.replay).toBe("Ctrl+Alt+R");
  });
});

describe("OBS connections", () => {
  it("lists, adds, refuses a taken name, tests and deletes", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/settings/obs");
    const row = await screen.findByRole("listitem", { name: "OBS connection court-1" });
    expect(within(row).getByRole("status", { name: "court-1: connected" })).toHaveAttribute("data-state", "ok");
    expect(within(row).getByLabelText("Role")).toHaveTextContent("REC + STR");
    expect(within(row).getByLabelText("Round trip")).toHaveTextContent("RTT 2.4 ms");
    await user.click(within(row).getByRole("button", { name: "Test court-1" }));
    expect(await within(row).findByRole("status", { name: "Test of court-1" })).toHaveTextContent(
      "OK: OBS 29.1.3, obs-websocket 5.2.3, round trip 3.1 ms",
    );

    await user.click(screen.getByRole("button", { name: "Add connection" }));
    const form = screen.getByRole("form", { name: "Add an OBS connection" });
    await user.type(within(form).getByRole("textbox", { name: "Name" }), "court-1");
    await user.click(within(form).getByRole("button", { name: "Add connection" }));
    expect(await within(form).findByText("a connection named court-1 exists already")).toBeInTheDocument();
    expect(within(form).getByRole("textbox", { name: "Name" })).toHaveAttribute("aria-invalid", "true");

    const name = within(form).getByRole("textbox", { name: "Name" });
    await user.clear(name);
    await user.type(name, "stream-pc");
    const port = within(form).getByRole("textbox", { name: "Port" });
    await user.clear(port);
    await user.type(port, "4460");
    await user.selectOptions(within(form).getByRole("combobox", { name: "Role" }), "str");
    await user.type(within(form).getByLabelText("Password"), "secret");
    await user.click(within(form).getByRole("button", { name: "Add connection" }));
    const added = await screen.findByRole("listitem", { name: "OBS connection stream-pc" });
    expect(mockState.obs.find((connection) => connection.name === "stream-pc")).toMatchObject({ port: 4460, role: "str", has_password: true });
    await user.click(within(added).getByRole("button", { name: "Test stream-pc" }));
    expect(await within(added).findByRole("status", { name: "Test of stream-pc" })).toHaveTextContent(
      "Test failed: connection refused by 127.0.0.1:4460",
    );

    await user.click(within(added).getByRole("button", { name: "Delete stream-pc" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(screen.queryByRole("listitem", { name: "OBS connection stream-pc" })).not.toBeInTheDocument());
    expect(mockState.obs.map((connection) => connection.name)).toEqual(["court-1"]);
  });
});

describe("log viewer", () => {
  it("shows the kept lines and live ones, filters by level and pauses while scrolled up", async () => {
    let send: ((message: SocketMessage) => void) | null = null;
    server.use(
      eventSocket.addEventListener("connection", ({ client }) => {
        client.send(JSON.stringify(snapshotMessage(1)));
        send = (message) => client.send(JSON.stringify(message));
      }),
    );
    const user = userEvent.setup();
    renderRoute("/settings/log");
    const log = await screen.findByRole("log", { name: "Server log lines" });
    await waitFor(() => expect(log).toHaveTextContent("mpv did not start"));
    expect(log).toHaveTextContent("OBS connection lost name=court-1");
    expect(log).not.toHaveTextContent("batch committed");

    await waitFor(() => expect(send).not.toBeNull());
    act(() => send!({ type: "log", seq: 2, log: { seq: 9, at_us: 1, level: "info", target: "app::obs", message: "court-1 connected", fields: {} } }));
    await waitFor(() => expect(log).toHaveTextContent("court-1 connected"));

    await user.selectOptions(screen.getByRole("combobox", { name: "Level" }), "warn");
    await waitFor(() => expect(log).not.toHaveTextContent("listening"));
    expect(log.querySelectorAll("[data-level]")).toHaveLength(2);
    await user.selectOptions(screen.getByRole("combobox", { name: "Level" }), "debug");
    await waitFor(() => expect(log).toHaveTextContent("batch committed"));

    expect(screen.getByRole("status", { name: "Log scrolling" })).toHaveTextContent("following the newest line");
    Object.defineProperty(log, "scrollHeight", { configurable: true, value: 1000 });
    Object.defineProperty(log, "clientHeight", { configurable: true, value: 200 });
    log.scrollTop = 100;
    fireEvent.scroll(log);
    expect(screen.getByRole("status", { name: "Log scrolling" })).toHaveTextContent("auto-scroll paused");
    act(() => send!({ type: "log", seq: 3, log: { seq: 10, at_us: 2, level: "error", target: "app", message: "late line", fields: {} } }));
    await waitFor(() => expect(log).toHaveTextContent("late line"));
    expect(log.scrollTop).toBe(100);
    await user.click(screen.getByRole("button", { name: "Jump to newest" }));
    expect(log.scrollTop).toBe(1000);
    expect(screen.getByRole("status", { name: "Log scrolling" })).toHaveTextContent("following the newest line");
  });
});

describe("dock width", () => {
  it("stores the chosen width where the dock and the desktop shell read it", async () => {
    localStorage.setItem("vta.dock", JSON.stringify({ collapsed: false, side: "right" }));
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/settings/hotkeys");
    const group = await screen.findByRole("group", { name: "Expanded dock width" });
    expect(within(group).getByRole("button", { name: "350 px" })).toHaveAttribute("aria-pressed", "true");
    await user.click(within(group).getByRole("button", { name: "420 px" }));
    expect(within(group).getByRole("button", { name: "420 px" })).toHaveAttribute("aria-pressed", "true");
    expect(JSON.parse(localStorage.getItem("vta.dock") ?? "{}")).toEqual({ collapsed: false, side: "right", width: 420 });
  });
});
