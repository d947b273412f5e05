// Settings > Backup against a mocked server: an export downloads the file; an import asks
// first, then says what it replaced; a wrong passphrase is shown in place.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { server } from "@/testing/mocks/server";
import { pushOnConnect, snapshotMessage } from "@/testing/mocks/socket";
import { renderRoute } from "@/testing/render-route";

afterEach(() => vi.restoreAllMocks());

describe("settings > backup", () => {
  it("exports under a passphrase typed twice and downloads the file", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const created = vi.fn((blob: Blob) => (void blob, "blob:backup"));
    URL.createObjectURL = created as unknown as typeof URL.createObjectURL;
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
    const user = userEvent.setup();
    renderRoute("/settings/backup");
    const form = await screen.findByRole("form", { name: "Export the configuration" });
    await user.type(within(form).getByLabelText("Backup passphrase"), "tournament backup");
    await user.type(within(form).getByLabelText("Passphrase again"), "tournament backuq");
    await user.click(within(form).getByRole("button", { name: "Download backup" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("the two passphrases differ");
    await user.clear(within(form).getByLabelText("Passphrase again"));
    await user.type(within(form).getByLabelText("Passphrase again"), "tournament backup");
    await user.click(within(form).getByRole("button", { name: "Download backup" }));
    expect(await within(form).findByRole("status")).toHaveTextContent("Backup downloaded.");
    expect(click).toHaveBeenCalledOnce();
    const blob = created.mock.calls[0]?.[0];
    expect(JSON.parse(await (blob as Blob).text())).toMatchObject({ format: "restrike-vta-config", version: 1 });
  });

  it("imports only after the confirmation, and shows a wrong passphrase in place", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/settings/backup");
    const form = await screen.findByRole("form", { name: "Import a configuration" });
    const file = new File(['{"format":"restrike-vta-config","version":1}'], "vta-config.json", { type: "application/json" });
    await user.upload(within(form).getByLabelText("Backup file"), file);
    await user.type(within(form).getByLabelText("Its passphrase"), "not the one");
    await user.click(within(form).getByRole("button", { name: "Import…" }));
    const dialog = within(form).getByRole("alertdialog", { name: "Replace the configuration?" });
    await user.click(within(dialog).getByRole("button", { name: "Replace the configuration" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("wrong passphrase for this backup; nothing changed");

    await user.clear(within(form).getByLabelText("Its passphrase"));
    await user.type(within(form).getByLabelText("Its passphrase"), "tournament backup");
    await user.click(within(form).getByRole("button", { name: "Import…" }));
    await user.click(within(form).getByRole("button", { name: "Replace the configuration" }));
    const summary = await within(form).findByRole("status", { name: "Imported" });
    expect(summary).toHaveTextContent("Imported 2 setting(s) and 1 OBS connection(s), with the built-in protocol schema");
    await waitFor(() => expect(within(form).queryByRole("alertdialog")).not.toBeInTheDocument());
  });
});
