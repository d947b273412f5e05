// Issue #20: several courts' scoring PCs on one port. The PSS feed tab lists every PC heard
// and follows another; the dock warns while more than one sends.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { useMatchStore } from "@/features/live-match/stores/use-match-store";
import { liveState, pssSources } from "@/testing/mocks/fixtures";
import { mockState } from "@/testing/mocks/handlers";
import { server } from "@/testing/mocks/server";
import { pushOnConnect, snapshotMessage } from "@/testing/mocks/socket";
import { renderRoute } from "@/testing/render-route";

describe("PSS sources", () => {
  it("lists every scoring PC heard and follows another by its IP", async () => {
    mockState.pss = pssSources(true);
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/settings");
    const table = await screen.findByRole("table", { name: "Scoring PCs" });
    const courtA = within(table).getByRole("row", { name: "10.0.0.11:6000" });
    expect(courtA).toHaveTextContent("621");
    expect(courtA).toHaveTextContent("101");
    expect(courtA).toHaveTextContent("followed");
    expect(courtA).toHaveTextContent("2 s ago");
    const courtB = within(table).getByRole("row", { name: "10.0.0.12:51234" });
    expect(courtB).toHaveTextContent("202");
    expect(courtB).toHaveTextContent("stored only");
    expect(screen.getByText("Following 10.0.0.11 (auto: the first that loaded a fight)")).toBeInTheDocument();

    await user.click(within(courtB).getByRole("button", { name: "Follow 10.0.0.12" }));
    expect(await screen.findByText("Following 10.0.0.12")).toBeInTheDocument();
    expect(within(table).getByRole("row", { name: "10.0.0.12:51234" })).toHaveTextContent("followed");
    expect(within(table).getByRole("row", { name: "10.0.0.11:6000" })).toHaveTextContent("stored only");
    expect(mockState.pss.rule).toBe("10.0.0.12");

    await user.click(screen.getByRole("button", { name: "Follow auto" }));
    expect(await screen.findByText("Following auto: the first scoring PC that loads a fight")).toBeInTheDocument();
  });

  it("shows a refused address under the field", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/settings");
    const field = await screen.findByRole("textbox", { name: "Scoring PC (IP or IP:PORT)" });
    await user.type(field, "court 2");
    await user.click(screen.getByRole("button", { name: "Follow this PC" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent('"court 2" is not auto, an IP address or IP:PORT');
    expect(field).toHaveAttribute("aria-invalid", "true");
  });

  it("warns in the dock while two scoring PCs send, and not while one does", async () => {
    server.use(pushOnConnect([snapshotMessage(1, liveState(), {}), { type: "pss", seq: 2, pss: pssSources(true) }]));
    renderRoute("/");
    const warning = await screen.findByRole("alert", { name: "PSS sources" });
    expect(warning).toHaveTextContent("2 scoring PCs on this port; following 10.0.0.11");
    useMatchStore.getState().applyPss(pssSources(false));
    await waitFor(() => expect(screen.queryByRole("alert", { name: "PSS sources" })).not.toBeInTheDocument());
  });
});
