// Settings, PSS feed tab, against a mocked server: the protocol editor shows a refused file
// at its line, the UDP form shows a refused bind, stops and starts the listener and picks an
// interface, counters (with the OBS round trip) come from the socket.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { protocolText } from "@/testing/mocks/fixtures";
import { server } from "@/testing/mocks/server";
import { pushOnConnect, snapshotMessage } from "@/testing/mocks/socket";
import { renderRoute } from "@/testing/render-route";

describe("settings", () => {
  it("shows a refused protocol file's error at its line", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/settings");
    const editor = await screen.findByRole("textbox", { name: "Protocol file text" });
    await waitFor(() => expect(editor).toHaveValue(protocolText));
    expect(screen.getByText("in force: WT_UDP 2.3")).toBeInTheDocument();

    const broken = protocolText.replace("point_kind int 1..5\nstream pt2", "point_kind colr\nstream pt2");
    fireEvent.change(editor, { target: { value: broken } });
    await user.click(screen.getByRole("button", { name: "Save protocol file" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent('Line 5: unknown field type "colr"');
    expect(editor).toHaveAttribute("aria-invalid", "true");
    const highlight = screen.getByTestId("error-line-highlight");
    expect(highlight.style.top).toBe(`${8 + 4 * 20}px`);
    const textarea = editor as HTMLTextAreaElement;
    expect(textarea.value.slice(textarea.selectionStart, textarea.selectionEnd)).toBe("    point_kind colr");
    expect(screen.getByText("in force: WT_UDP 2.3")).toBeInTheDocument();
  });

  it("validates and saves a good file, and loads an uploaded one", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/settings");
    const editor = await screen.findByRole("textbox", { name: "Protocol file text" });
    await waitFor(() => expect(editor).toHaveValue(protocolText));
    await user.click(screen.getByRole("button", { name: "Validate" }));
    expect(await screen.findByText("Valid: protocol 2.3")).toBeInTheDocument();

    const file = new File(["version 2.4\n"], "wt_udp_v2.4.schema", { type: "text/plain" });
    await user.upload(screen.getByLabelText("Upload a protocol file"), file);
    await waitFor(() => expect(editor).toHaveValue("version 2.4\n"));
    expect(screen.getByText(/Loaded wt_udp_v2.4.schema/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Save protocol file" }));
    expect(await screen.findByText("Saved: protocol 2.3 is in force")).toBeInTheDocument();
  });

  it("shows a refused UDP bind under the field", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/settings");
    const field = await screen.findByRole("textbox", { name: "Bind address (interface:port)" });
    await waitFor(() => expect(field).toHaveValue("0.0.0.0:6000"));
    await user.clear(field);
    await user.type(field, "0.0.0.0:7000");
    await user.click(screen.getByRole("button", { name: "Apply" }));
    expect(await screen.findByText("0.0.0.0:7000 is already in use by another program")).toBeInTheDocument();
    expect(field).toHaveAttribute("aria-invalid", "true");

    await user.clear(field);
    await user.type(field, "0.0.0.0:8888");
    await user.click(screen.getByRole("button", { name: "Apply" }));
    expect(await screen.findByText("Listening on 0.0.0.0:8888")).toBeInTheDocument();
  });

  it("stops and starts the PSS listener, and the PSS dot says stopped meanwhile", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/settings");
    expect(await screen.findByText("Listening on 0.0.0.0:6000")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Stop listening" }));
    expect(await screen.findByText(/^Stopped: not listening \(last on 0\.0\.0\.0:6000\)/)).toBeInTheDocument();
    const dot = screen.getByRole("status", { name: "PSS: stopped" });
    expect(dot).toHaveAttribute("data-state", "off");
    expect(dot).toHaveAttribute("title", expect.stringContaining("Start listening"));

    await user.click(screen.getByRole("button", { name: "Start listening" }));
    expect(await screen.findByText("Listening on 0.0.0.0:6000")).toBeInTheDocument();
    expect(screen.queryByRole("status", { name: "PSS: stopped" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Stop listening" })).toBeInTheDocument();
  });

  it("fills the bind address from the interface picked and the port typed", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/settings");
    const bind = await screen.findByRole("textbox", { name: "Bind address (interface:port)" });
    await waitFor(() => expect(bind).toHaveValue("0.0.0.0:6000"));
    const picker = screen.getByRole("combobox", { name: "Interface facing the PSS" });
    await screen.findByRole("option", { name: "eth0 — 192.168.1.20" });
    expect(screen.getByRole("option", { name: "wlan0 — 10.0.0.7 (down)" })).toBeInTheDocument();
    expect(screen.getByRole("option", { name: "lo — 127.0.0.1 (this machine only)" })).toBeInTheDocument();
    expect(picker).toHaveValue("0.0.0.0");

    await user.selectOptions(picker, "192.168.1.20");
    expect(bind).toHaveValue("192.168.1.20:6000");
    const port = screen.getByRole("textbox", { name: "Port" });
    await user.clear(port);
    await user.type(port, "6100");
    expect(bind).toHaveValue("192.168.1.20:6100");
    await user.selectOptions(picker, "2001:db8::20");
    expect(bind).toHaveValue("[2001:db8::20]:6100");
    await user.selectOptions(picker, "0.0.0.0");
    expect(bind).toHaveValue("0.0.0.0:6100");

    await user.clear(bind);
    await user.type(bind, "10.9.9.9:6000");
    expect(picker).toHaveValue("");
    expect(screen.getByRole("option", { name: "Other: 10.9.9.9" })).toBeInTheDocument();
    await user.selectOptions(picker, "192.168.1.20");
    await user.click(screen.getByRole("button", { name: "Apply" }));
    expect(await screen.findByText("Listening on 192.168.1.20:6000")).toBeInTheDocument();
  });

  it("follows a stop made by another client over the socket", async () => {
    server.use(pushOnConnect([snapshotMessage(1), { type: "udp", seq: 2, udp: { bind: "0.0.0.0:6000", listening: false } }]));
    renderRoute("/settings");
    expect(await screen.findByRole("button", { name: "Start listening" })).toBeInTheDocument();
    expect(screen.getByRole("status", { name: "PSS: stopped" })).toBeInTheDocument();
  });

  it("shows the counters from the socket with the OBS round trip", async () => {
    server.use(pushOnConnect([snapshotMessage(1, undefined, { obs: [{ name: "court-1", role: "both", status: "connected", reason: null, rtt_ms: 2.4 }] })]));
    renderRoute("/settings");
    const counters = await screen.findByRole("region", { name: "Counters" });
    await waitFor(() => expect(counters).toHaveTextContent("Datagrams/s12.5"));
    expect(counters).toHaveTextContent("Parse errors2");
    expect(counters).toHaveTextContent("Store queue0 (max 9)");
    expect(counters).toHaveTextContent("OBS round trip (court-1)2.4 ms");
  });
});
