// The archive against a mocked server: recordings and clips with their timelines (events and
// operator marks inside the recording's span), stored matches without a recording, filters,
// tooltips, and a click on a marker playing that moment.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";

import { mark, matchEvents } from "@/testing/mocks/fixtures";
import { server } from "@/testing/mocks/server";
import { eventSocket, pushOnConnect, snapshotMessage } from "@/testing/mocks/socket";
import { renderRoute } from "@/testing/render-route";
import type { SocketMessage } from "@/types/api";

describe("archive", () => {
  it("lists recordings and clips with flags, tags, file state and a timeline with marks", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    renderRoute("/archive");
    const recording = await screen.findByRole("listitem", { name: "Recording 3 of match 101" });
    expect(recording).toHaveTextContent("Nicolas DESMOND (MRN)");
    expect(recording).toHaveTextContent("Marcel MÜLLER (SUI)");
    expect(within(recording).getByRole("img", { name: "flag of SUI" })).toBeInTheDocument();
    expect(recording).toHaveTextContent("Round of 16 · M- 80 kg");
    expect(recording).toHaveTextContent("file exists");
    expect(within(recording).getByRole("list", { name: "Event tags" })).toHaveTextContent("pointsgam-jeomchallengesclock");
    const timeline = await within(recording).findByRole("group", { name: "Timeline of Recording 3 of match 101" });
    const markers = within(timeline).getAllByRole("button");
    expect(markers.map((marker) => marker.dataset.category)).toEqual(["point", "mark", "point", "clock_stop", "point", "challenge", "penalty", "point"]);
    expect(within(timeline).getByRole("button", { name: "R1 1:30 Operator mark: play this moment" })).toBeInTheDocument();

    const clip = screen.getByRole("listitem", { name: "Clip 4 of match 101" });
    expect(clip).toHaveTextContent("file missing");
    const clipMarkers = within(await within(clip).findByRole("group", { name: /Timeline of Clip 4/ })).getAllByRole("button");
    expect(clipMarkers.map((marker) => marker.dataset.category)).toEqual(["clock_stop", "point", "challenge"]);

    // Match 2 has recordings; match 1 (100) is listed as a stored match without one.
    expect(screen.queryByRole("listitem", { name: "Match 101" })).not.toBeInTheDocument();
    expect(await screen.findByRole("listitem", { name: "Match 100" })).toHaveTextContent("no recording");
  });

  it("plays a recording's marker at its offset and says when a match has no recording", async () => {
    const plays: unknown[] = [];
    server.use(
      pushOnConnect([snapshotMessage(1)]),
      // Match 100 had the same events as match 101.
      http.get("*/api/events", () => HttpResponse.json(matchEvents)),
      http.post("*/api/replay/play", async ({ request }) => {
        const body = (await request.json()) as { match_id?: number };
        plays.push(body);
        if (body.match_id !== undefined) return HttpResponse.json({ error: { code: "no_recording", message: "no recording of match 100 covers that moment" } }, { status: 404 });
        return HttpResponse.json({ ok: true, path: "/videos/101.mkv", offset_seconds: 5 });
      }),
    );
    const user = userEvent.setup();
    renderRoute("/archive");
    const recording = await screen.findByRole("listitem", { name: "Recording 3 of match 101" });
    const timeline = await within(recording).findByRole("group", { name: /Timeline of Recording 3/ });
    const first = within(timeline).getAllByRole("button")[0]!;
    await user.hover(first);
    expect(within(timeline).getByRole("tooltip")).toHaveTextContent("R1 1:52 blue Body kick +2");
    await user.click(first);
    expect(await screen.findByText(/R1 1:52 blue Body kick \+2 \(from 5\.0 s of \/videos\/101\.mkv\)/)).toBeInTheDocument();
    // The point came 3 s after the match's start; the recording started 1 s before it.
    expect(plays[0]).toEqual({ recording_id: 3, offset_seconds: 4 });

    // Clip ids count apart from recording ids: a clip is named as one.
    const clip = screen.getByRole("listitem", { name: "Clip 4 of match 101" });
    const clipTimeline = await within(clip).findByRole("group", { name: /Timeline of Clip 4/ });
    await user.click(within(clipTimeline).getAllByRole("button")[1]!);
    await waitFor(() => expect(plays).toHaveLength(2));
    expect(plays[1]).toEqual({ recording_id: 4, kind: "clip", offset_seconds: 1 });

    const match = await screen.findByRole("listitem", { name: "Match 100" });
    const matchMarkers = await within(match).findByRole("group", { name: "Timeline of Match 100" });
    await user.click(within(matchMarkers).getAllByRole("button")[0]!);
    expect(await screen.findByText("No recording of this moment")).toBeInTheDocument();
    expect(screen.getByText(/no recording of match 100 covers that moment/)).toBeInTheDocument();
  });

  it("filters by IOC code, event type and kind", async () => {
    server.use(pushOnConnect([snapshotMessage(1)]));
    const user = userEvent.setup();
    renderRoute("/archive");
    await screen.findByRole("listitem", { name: "Match 100" });
    await user.type(screen.getByRole("textbox", { name: "IOC code" }), "sui");
    await waitFor(() => expect(screen.queryByRole("listitem", { name: "Match 100" })).not.toBeInTheDocument());
    const recording = screen.getByRole("listitem", { name: "Recording 3 of match 101" });

    await user.selectOptions(screen.getByRole("combobox", { name: "Event type" }), "penalty");
    await waitFor(() => expect(screen.queryByRole("listitem", { name: "Clip 4 of match 101" })).not.toBeInTheDocument());
    const timeline = await within(recording).findByRole("group", { name: /Timeline of Recording 3/ });
    await waitFor(() => expect(within(timeline).getAllByRole("button")).toHaveLength(1));
    await user.hover(within(timeline).getByRole("button"));
    expect(within(timeline).getByRole("tooltip")).toHaveTextContent("R1 1:06 red Gam-jeom (1)");

    await user.selectOptions(screen.getByRole("combobox", { name: "Event type" }), "");
    await user.selectOptions(screen.getByRole("combobox", { name: "Kind" }), "clip");
    expect(await screen.findByRole("listitem", { name: "Clip 4 of match 101" })).toBeInTheDocument();
    expect(screen.queryByRole("listitem", { name: "Recording 3 of match 101" })).not.toBeInTheDocument();

    await user.type(screen.getByRole("textbox", { name: "Athlete" }), "nobody");
    expect(await screen.findByText("Nothing in the archive matches these filters.")).toBeInTheDocument();
  });

  it("redraws the timelines when a mark arrives", async () => {
    let send: ((message: SocketMessage) => void) | null = null;
    const later = mark({ id: 20, at_us: 1_700_000_002_000_000 + 8_500_000, round: 1, clock_seconds: 70, note: "coach protest" });
    let marks = [mark()];
    server.use(
      eventSocket.addEventListener("connection", ({ client }) => {
        client.send(JSON.stringify(snapshotMessage(1)));
        send = (message) => client.send(JSON.stringify(message));
      }),
      http.get("*/api/marks", () => HttpResponse.json(marks)),
    );
    renderRoute("/archive");
    const recording = await screen.findByRole("listitem", { name: "Recording 3 of match 101" });
    const timeline = await within(recording).findByRole("group", { name: /Timeline of Recording 3/ });
    await waitFor(() => expect(within(timeline).getAllByRole("button").filter((marker) => marker.dataset.category === "mark")).toHaveLength(1));
    marks = [mark(), later];
    await waitFor(() => expect(send).not.toBeNull());
    act(() => send!({ type: "mark", seq: 2, mark: later }));
    expect(await within(timeline).findByRole("button", { name: "R1 1:10 Operator mark: coach protest: play this moment" })).toBeInTheDocument();
  });
});
