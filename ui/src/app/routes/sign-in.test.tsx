// Signing in on the venue network, and Settings > Access, against a mocked server: the dock
// appears only after the right password; a wrong one is shown in place; a token is created
// (its value and overlay URL shown once) and revoked; Settings > Audit lists the trail.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { mockState } from "@/testing/mocks/handlers";
import { server } from "@/testing/mocks/server";
import { pushOnConnect, snapshotMessage } from "@/testing/mocks/socket";
import { renderRoute } from "@/testing/render-route";

describe("sign-in", () => {
  it("off loopback the dock waits for the operator password", async () => {
    mockState.auth = { password_set: true, sign_in_required: true, signed_in: false, role: null, actor: null, may_set_first_password: false };
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/");
    const form = await screen.findByRole("region", { name: "Sign in" });
    await user.type(within(form).getByLabelText("Operator password"), "wrong-password");
    await user.click(within(form).getByRole("button", { name: "Sign in" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("that is not the operator password");
    await user.clear(within(form).getByLabelText("Operator password"));
    await user.type(within(form).getByLabelText("Operator password"), "ringside-court-1");
    await user.click(within(form).getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(screen.queryByRole("region", { name: "Sign in" })).not.toBeInTheDocument());
  });

  it("says how to set the first password when this device may not", async () => {
    mockState.auth = { password_set: false, sign_in_required: true, signed_in: false, role: null, actor: null, may_set_first_password: false };
    renderRoute("/");
    expect(await screen.findByRole("alert")).toHaveTextContent("vta auth set-password");
  });
});

describe("settings > access", () => {
  it("creates a viewer token, shows its value and overlay URL once, and revokes it", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/settings/access");
    const panel = await screen.findByRole("region", { name: "Access" });
    await user.type(within(panel).getByLabelText("Token name"), "overlay-1");
    await user.click(within(panel).getByRole("button", { name: "Create token" }));
    const created = await within(panel).findByRole("status", { name: "New token" });
    expect(created).toHaveTextContent("vta_t_secretvalue");
    expect(created).toHaveTextContent("/overlay/scoreboard?token=vta_t_secretvalue");
    await user.click(await within(panel).findByRole("button", { name: "Revoke overlay-1" }));
    await waitFor(() => expect(mockState.tokens).toEqual([]));
    await waitFor(() => expect(within(panel).queryByRole("status", { name: "New token" })).not.toBeInTheDocument());
  });
});

describe("settings > audit", () => {
  it("lists who changed what from where, newest first", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    renderRoute("/settings/audit");
    const table = await screen.findByRole("table", { name: "Audit entries" });
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(3));
    const rows = within(table).getAllByRole("row");
    expect(rows[1]).toHaveTextContent("token:stream-deck10.0.0.31PUT /api/obs/connections/{name}/api/obs/connections/REC");
    expect(rows[2]).toHaveTextContent("sign_in_failed");
  });
});
