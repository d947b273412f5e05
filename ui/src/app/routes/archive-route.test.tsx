// The archive against a mocked server: stored matches with timelines, filters, tooltips, and
// a click on a marker asking to play that moment.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { server } from "@/testing/mocks/server";
import { pushOnConnect, snapshotMessage } from "@/testing/mocks/socket";
import { renderRoute } from "@/testing/render-route";

describe("archive", () => {
  it("lists stored matches with a timeline of coloured markers", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    renderRoute("/archive");
    const match = await screen.findByRole("listitem", { name: "Match 101" });
    expect(match).toHaveTextContent("Nicolas DESMOND (MRN)");
    expect(match).toHaveTextContent("Marcel MÜLLER (SUI)");
    expect(within(match).getByRole("img", { name: "flag of SUI" })).toBeInTheDocument();
    expect(within(match).getByLabelText("Final score")).toHaveTextContent("24 : 16");
    expect(within(match).getByText(/Round of 16 · M- 80 kg · Senior/)).toBeInTheDocument();
    const timeline = await within(match).findByRole("group", { name: "Timeline of Match 101" });
    const markers = within(timeline).getAllByRole("button");
    expect(markers.map((marker) => marker.dataset.category)).toEqual([
      "point",
      "point",
      "clock_stop",
      "point",
      "challenge",
      "penalty",
      "point",
    ]);
    expect(screen.getByRole("listitem", { name: "Match 100" })).toBeInTheDocument();
    const challenge = within(timeline).getByRole("button", { name: /challenge/ });
    expect(challenge).toHaveAccessibleName("R1 1:20 red challenge: denied: play this moment");
  });

  it("filters by IOC code and event type, shows a tooltip and plays a marker's moment", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/archive");
    await screen.findByRole("listitem", { name: "Match 100" });
    await user.type(screen.getByRole("textbox", { name: "IOC code" }), "sui");
    await waitFor(() => expect(screen.queryByRole("listitem", { name: "Match 100" })).not.toBeInTheDocument());
    const match = screen.getByRole("listitem", { name: "Match 101" });

    await user.selectOptions(screen.getByRole("combobox", { name: "Event type" }), "penalty");
    const timeline = await within(match).findByRole("group", { name: "Timeline of Match 101" });
    await waitFor(() => expect(within(timeline).getAllByRole("button")).toHaveLength(1));
    const marker = within(timeline).getByRole("button");
    await user.hover(marker);
    expect(within(timeline).getByRole("tooltip")).toHaveTextContent("R1 1:06 red Gam-jeom (1)");
    await user.click(marker);
    expect(await screen.findByText("Recordings are not available yet")).toBeInTheDocument();
  });

  it("says when nothing matches", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/archive");
    await screen.findByRole("listitem", { name: "Match 100" });
    await user.type(screen.getByRole("textbox", { name: "Athlete" }), "nobody");
    expect(await screen.findByText("No stored match matches these filters.")).toBeInTheDocument();
  });
});
