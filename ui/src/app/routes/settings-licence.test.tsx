// Settings, Licence tab, against a mocked server: the status and this machine's code from the
// socket, copying the code, a refused licence shown with the server's reason, a pasted one
// installed, an uploaded one loaded.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { FINGERPRINT } from "@/testing/mocks/fixtures";
import { mockState } from "@/testing/mocks/handlers";
import { server } from "@/testing/mocks/server";
import { pushOnConnect, snapshotMessage } from "@/testing/mocks/socket";
import { renderRoute } from "@/testing/render-route";

const licenceFile = (machine: string) =>
  JSON.stringify({
    licence: { licensee: "Dojang Open", machine, issued: "2026-12-01", expires: "2099-06-30" },
    signature: "c2lnbmVk",
  });

describe("licence card", () => {
  it("shows the missing licence and copies this machine's code", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/settings/licence");
    const card = await screen.findByRole("region", { name: "Licence" });
    await waitFor(() => expect(card).toHaveTextContent("StatusNo licence installed"));
    expect(card).toHaveTextContent("Whyno licence is installed");
    expect(within(card).getByLabelText("Machine code")).toHaveTextContent(FINGERPRINT);
    expect(screen.getAllByRole("status", { name: "LIC: missing" }).length).toBeGreaterThan(0);

    await user.click(within(card).getByRole("button", { name: "Copy the machine code" }));
    expect(await navigator.clipboard.readText()).toBe(FINGERPRINT);
    expect(within(card).getByText("Copied")).toBeInTheDocument();
  });

  it("shows a refused licence's reason, then installs a good one and the dot turns green", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/settings/licence");
    const card = await screen.findByRole("region", { name: "Licence" });
    const field = within(card).getByRole("textbox", { name: "Licence file" });
    const install = within(card).getByRole("button", { name: "Install licence" });
    expect(install).toBeDisabled();

    await user.click(field);
    await user.paste(licenceFile("VTA-0000-0000-0000-0000"));
    await user.click(install);
    expect(await within(card).findByRole("alert")).toHaveTextContent(
      `the licence is for the machine VTA-0000-0000-0000-0000, this one is ${FINGERPRINT}`,
    );
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(mockState.licence.status).toBe("missing");

    await user.clear(field);
    await user.paste(licenceFile(FINGERPRINT));
    await user.click(install);
    expect(await within(card).findByText("Installed: valid until 2099-06-30")).toBeInTheDocument();
    expect(card).toHaveTextContent("StatusValid");
    expect(card).toHaveTextContent("LicenseeDojang Open");
    expect(card).toHaveTextContent("Last valid day2099-06-30");
    expect(field).toHaveValue("");
    expect(screen.getAllByRole("status", { name: "LIC: valid" })[0]).toHaveAttribute("data-state", "ok");
    expect(mockState.licence.status).toBe("valid");
  });

  it("loads an uploaded licence file into the form", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/settings/licence");
    const card = await screen.findByRole("region", { name: "Licence" });
    const file = new File([licenceFile(FINGERPRINT)], "licence.json", { type: "application/json" });
    await user.upload(within(card).getByLabelText("Upload a licence file"), file);
    await waitFor(() => expect(within(card).getByRole("textbox", { name: "Licence file" })).toHaveValue(licenceFile(FINGERPRINT)));
    expect(within(card).getByText("Loaded licence.json: press Install")).toBeInTheDocument();
  });
});
