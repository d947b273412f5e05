// The dock against a mocked server: the snapshot's match is shown, live datagrams fill the
// event table, filters work, a challenge or a playing replay brings the replay controls with
// the A-B loop, a double-click plays a moment, MARK EVENT and the hotkey map work.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { liveState, settings } from "@/testing/mocks/fixtures";
import { server } from "@/testing/mocks/server";
import { pushOnConnect, snapshotMessage } from "@/testing/mocks/socket";
import { renderRoute } from "@/testing/render-route";

describe("dock", () => {
  it("shows the match from the snapshot", async () => {
    server.use(pushOnConnect([snapshotMessage(10)]));
    renderRoute("/");
    expect(await screen.findByText("Match 101")).toBeInTheDocument();
    expect(screen.getByLabelText("blue score")).toHaveTextContent("8");
    expect(screen.getByLabelText("red score")).toHaveTextContent("5");
    expect(screen.getByLabelText("Clock")).toHaveTextContent("1:23");
    expect(screen.getByLabelText("Round")).toHaveTextContent("R2/3");
    expect(screen.getByLabelText("red gam-jeom")).toHaveTextContent("GJ 2");
    expect(screen.getByLabelText("red injury time")).toHaveTextContent("0:52");
    expect(screen.getByText("Round of 16 · M- 80 kg · Senior")).toBeInTheDocument();
    expect(screen.getByText("Marcel MÜLLER")).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "flag of SUI" })).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "not recording" })).toBeInTheDocument();
    expect(screen.getByRole("status", { name: "REC: not configured" })).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Replay controls" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "CLOSE REPLAY" })).not.toBeInTheDocument();
  });

  it("fills the event table newest first and filters it by type", async () => {
    server.use(pushOnConnect([snapshotMessage(10)]));
    const user = userEvent.setup();
    renderRoute("/");
    const table = await screen.findByRole("table", { name: "Match events" });
    await waitFor(() => expect(within(table).getAllByRole("row").length).toBeGreaterThan(5));
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[0]).toHaveTextContent("Body kick +2");
    expect(rows.at(-1)).toHaveTextContent("Round 1");
    expect(within(table).queryByText(/hit level/i)).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Points" }));
    await waitFor(() => expect(within(table).getAllByRole("row").slice(1)).toHaveLength(4));
    for (const row of within(table).getAllByRole("row").slice(1)) expect(row).toHaveAttribute("data-category", "point");
    expect(within(table).getAllByRole("row")[1]).toHaveAttribute("data-side", "red");

    await user.click(screen.getByRole("button", { name: "Gam-jeom" }));
    await waitFor(() => expect(within(table).getAllByRole("row").slice(1)).toHaveLength(5));
    await user.click(screen.getByRole("button", { name: "All" }));
    await waitFor(() => expect(within(table).getAllByRole("row").slice(1)).toHaveLength(10));

    // The operator's mark of this match sits where it was made: between 1:52 and 1:41.
    await user.click(screen.getByRole("button", { name: "Marks" }));
    await waitFor(() => expect(within(table).getAllByRole("row").slice(1)).toHaveLength(1));
    expect(within(table).getAllByRole("row")[1]).toHaveAttribute("data-category", "mark");
    await user.click(screen.getByRole("button", { name: "All" }));
    const rows10 = within(table).getAllByRole("row").slice(1);
    const markRow = rows10.findIndex((row) => row.dataset.category === "mark");
    expect(rows10[markRow + 1]).toHaveTextContent("Body kick +2");
    expect(rows10[markRow - 1]).toHaveTextContent("Punch +1");
  });

  it("adds live events and scores from the socket", async () => {
    const live = liveState({ red: { ...liveState().red, score: 8 } });
    server.use(
      pushOnConnect([
        snapshotMessage(10),
        {
          type: "datagram",
          seq: 11,
          datagram_seq: 99,
          received_at_us: 1_700_000_030_000_000,
          match_id: 2,
          events: [{ seq: 99, index: 0, kind: "point", side: "red", value: 3, round: 2, clock_seconds: 80, match_id: 2, received_at_us: 1_700_000_030_000_000, data: { point: "head" } }],
          domain_events: [{ kind: "point_scored", side: "red" }],
        },
        { type: "state", seq: 12, state: live },
      ]),
    );
    renderRoute("/");
    await waitFor(() => expect(screen.getByLabelText("red score")).toHaveTextContent("8"));
    const table = screen.getByRole("table", { name: "Match events" });
    await waitFor(() => expect(within(table).getAllByRole("row")[1]).toHaveTextContent("Head kick +3"));
    expect(screen.getByRole("status", { name: "PSS: ok" })).toBeInTheDocument();
  });

  it("shows the replay controls while a challenge is open and reports the missing player", async () => {
    const open = liveState({
      open_challenge: 1,
      challenges: [
        ...liveState().challenges,
        { index: 1, side: "red", outcome: "requested", won: null, round: 2, clock_seconds: 85, requested_at_us: 1, resolved_at_us: null },
      ],
    });
    server.use(pushOnConnect([snapshotMessage(10, open)]));
    const user = userEvent.setup();
    renderRoute("/");
    const controls = await screen.findByRole("region", { name: "Replay controls" });
    expect(within(controls).getByText(/red challenge, R2 1:25/)).toBeInTheDocument();
    for (const name of ["Speed 0.25×", "Speed 0.5×", "Speed 1×", "Frame back", "Frame forward", "Back 2 s", "Forward 2 s", "Loop A", "Loop B", "Clear loop", "Close replay"]) {
      expect(within(controls).getByRole("button", { name })).toBeInTheDocument();
    }
    expect(screen.getByRole("button", { name: "CLOSE REPLAY" })).toBeInTheDocument();
    await user.click(within(controls).getByRole("button", { name: "Speed 0.5×" }));
    expect(await screen.findByText("Replay player not connected")).toBeInTheDocument();
    expect(screen.getByText(/POST \/api\/replay\/speed answered 503: this run has no replay flow/)).toBeInTheDocument();
    await user.keyboard("{ArrowRight}");
    expect(await screen.findByText(/POST \/api\/replay\/seek answered 503/)).toBeInTheDocument();
  });

  it("sets the A-B loop and shows the player's times", async () => {
    server.use(pushOnConnect([snapshotMessage(10, liveState(), { replay: { status: "playing", replay_id: 3, reason: null } })]));
    const user = userEvent.setup();
    renderRoute("/");
    const controls = await screen.findByRole("region", { name: "Replay controls" });
    expect(within(controls).getByText(/operator replay/)).toBeInTheDocument();
    const loop = within(controls).getByRole("status", { name: "A-B loop" });
    expect(loop).toHaveTextContent("A-B loop: A — · B —");
    await user.click(within(controls).getByRole("button", { name: "Loop A" }));
    await waitFor(() => expect(loop).toHaveTextContent("A-B loop: A 3.2 s · B —"));
    await user.keyboard("b");
    await waitFor(() => expect(loop).toHaveTextContent("A-B loop: A 3.2 s · B 7.9 s (looping)"));
    await user.click(within(controls).getByRole("button", { name: "Clear loop" }));
    await waitFor(() => expect(loop).toHaveTextContent("A-B loop: A — · B —"));
    expect(screen.getByRole("button", { name: "CLOSE REPLAY" })).toBeInTheDocument();
  });

  it("plays the recording at an event on a double-click", async () => {
    server.use(pushOnConnect([snapshotMessage(10)]));
    const user = userEvent.setup();
    renderRoute("/");
    const table = await screen.findByRole("table", { name: "Match events" });
    const row = await within(table).findByText("Head kick +3");
    await user.dblClick(row);
    expect(await screen.findByText("Playing")).toBeInTheDocument();
    expect(screen.getByText(/R1 1:27 Head kick \+3 \(from 9\.5 s of \/videos\/101\.mkv\)/)).toBeInTheDocument();
  });

  it("marks an event and collapses to the 150 px square", async () => {
    server.use(pushOnConnect([snapshotMessage(10)]));
    const user = userEvent.setup();
    renderRoute("/");
    const markButton = await screen.findByRole("button", { name: "MARK EVENT" });
    expect(markButton).toHaveAttribute("aria-keyshortcuts", "Ctrl+Alt+M");
    await user.click(markButton);
    expect(await screen.findByText("Mark #11 at R1 1:25 of match #2")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Collapse the dock" }));
    const square = screen.getByRole("region", { name: "Dock (collapsed)" });
    expect(within(square).getByRole("img", { name: "not recording" })).toBeInTheDocument();
    expect(within(square).getAllByRole("status")).toHaveLength(4);
    await user.click(within(square).getByRole("button", { name: "Expand the dock" }));
    expect(screen.getByRole("main", { name: "Dock" })).toBeInTheDocument();
  });

  it("follows the hotkey map: the server's combinations mark, collapse and expand", async () => {
    const hotkeys = { replay: "Ctrl+Alt+R", toggle_dock: "Ctrl+Shift+D", mark: "Ctrl+Alt+K", close_replay: "Ctrl+Alt+C" };
    server.use(pushOnConnect([snapshotMessage(10, liveState(), {}), { type: "settings", seq: 11, settings: { ...settings(), hotkeys } }]));
    const user = userEvent.setup();
    renderRoute("/");
    await waitFor(() => expect(screen.getByRole("button", { name: "MARK EVENT" })).toHaveAttribute("aria-keyshortcuts", "Ctrl+Alt+K"));
    expect(screen.getByRole("button", { name: "MARK EVENT" })).toHaveTextContent("Ctrl+Alt+K");
    await user.keyboard("{Control>}{Alt>}m{/Alt}{/Control}");
    await user.keyboard("{Control>}{Alt>}k{/Alt}{/Control}");
    expect(await screen.findByText(/^Mark #11 at/)).toBeInTheDocument();
    expect(screen.queryByText(/^Mark #12 at/)).not.toBeInTheDocument();
    await user.keyboard("{Control>}{Shift>}d{/Shift}{/Control}");
    expect(screen.getByRole("region", { name: "Dock (collapsed)" })).toBeInTheDocument();
    await user.keyboard("{Control>}{Shift>}d{/Shift}{/Control}");
    expect(screen.getByRole("main", { name: "Dock" })).toBeInTheDocument();
  });
});
