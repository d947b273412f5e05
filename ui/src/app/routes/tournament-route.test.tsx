// The Tournament page against a mocked server: a new tournament is created and made active,
// a day is added to it and chosen; a name with a path character, a duplicate and deleting a
// day with matches are refused in place.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { mockState } from "@/testing/mocks/handlers";
import { server } from "@/testing/mocks/server";
import { pushOnConnect, snapshotMessage } from "@/testing/mocks/socket";
import { renderRoute } from "@/testing/render-route";

describe("tournament page", () => {
  it("creates a tournament, makes it active and chooses a new day of it", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/tournament");
    const list = await screen.findByRole("region", { name: "Tournaments" });
    await within(list).findByRole("row", { name: "Tournament Open Riga 2026" });
    const form = within(list).getByRole("form", { name: "New tournament" });
    await user.type(within(form).getByLabelText("Name"), "Riga/Open");
    await user.click(within(form).getByRole("button", { name: "Create tournament" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("name: must not contain '/'");
    await user.clear(within(form).getByLabelText("Name"));
    await user.type(within(form).getByLabelText("Name"), "Open Riga 2026");
    await user.click(within(form).getByRole("button", { name: "Create tournament" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent('a tournament named "Open Riga 2026" already exists');
    await user.clear(within(form).getByLabelText("Name"));
    await user.type(within(form).getByLabelText("Name"), "Baltic Cup");
    await user.click(within(form).getByRole("button", { name: "Create tournament" }));
    const row = await within(list).findByRole("row", { name: "Tournament Baltic Cup" });
    await user.click(within(row).getByRole("button", { name: "Make active" }));
    await waitFor(() => expect(mockState.tournaments.find((t) => t.name === "Baltic Cup")?.active).toBe(true));

    const days = await screen.findByRole("region", { name: "Days of Baltic Cup" });
    const newDay = within(days).getByRole("form", { name: "New day" });
    await user.type(within(newDay).getByLabelText("Day name"), "Day 2 – Finals");
    await user.click(within(newDay).getByRole("button", { name: "Add day" }));
    const day = await within(days).findByRole("row", { name: "Day Day 2 – Finals" });
    await user.click(within(day).getByRole("button", { name: "Make active" }));
    await waitFor(() => expect(mockState.days.find((d) => d.name === "Day 2 – Finals")?.active).toBe(true));
  });

  it("refuses to delete a day that has matches, in place", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/tournament");
    const days = await screen.findByRole("region", { name: "Days of Open Riga 2026" });
    const day = await within(days).findByRole("row", { name: "Day 2026-12-01" });
    await user.click(within(day).getByRole("button", { name: "Delete" }));
    expect(await within(day).findByRole("alert")).toHaveTextContent("has 1 match(es)");
    expect(mockState.days).toHaveLength(1);
  });
});
