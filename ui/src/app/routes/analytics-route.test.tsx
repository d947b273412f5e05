// The Analytics page against a mocked server: the newest match's figures and chart, the day
// with its hours and top athletes, and an athlete with their matches.
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { server } from "@/testing/mocks/server";
import { pushOnConnect, snapshotMessage } from "@/testing/mocks/socket";
import { renderRoute } from "@/testing/render-route";

describe("analytics page", () => {
  it("shows the newest match, then the day and an athlete with their matches", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/analytics");
    const match = await screen.findByRole("region", { name: "Match 101" });
    expect(within(match).getByLabelText("Score")).toHaveTextContent("7 – 3");
    expect(within(match).getByLabelText("Overturn rate")).toHaveTextContent("100 %");
    expect(within(match).getByRole("figure", { name: "Points by kind" })).toBeInTheDocument();
    expect(within(match).getByRole("link", { name: "timeline" })).toHaveAttribute("href", expect.stringContaining("format=csv&table=timeline"));

    await user.click(screen.getByRole("button", { name: "Day" }));
    const day = await screen.findByRole("region", { name: "Day 2026-12-01" });
    expect(within(day).getByLabelText("Peak hour")).toHaveTextContent("10:00");
    expect(within(day).getByRole("table", { name: "Top athletes of the day" })).toHaveTextContent("Kim LEE");

    await user.click(screen.getByRole("button", { name: "Athlete" }));
    const athlete = await screen.findByRole("region", { name: "Athlete Kim LEE" });
    expect(within(athlete).getByLabelText("Best performance")).toHaveTextContent("100: 7 – 3");
    expect(await within(athlete).findByRole("table", { name: "Matches of the athlete" })).toHaveTextContent("100");
  });
});
