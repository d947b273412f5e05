// Manual mode: a confirm dialog before PUT /api/manual, then the match form, whose endpoint
// the server does not have yet.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";

import { server } from "@/testing/mocks/server";
import { pushOnConnect, snapshotMessage } from "@/testing/mocks/socket";
import { renderRoute } from "@/testing/render-route";

describe("manual mode", () => {
  it("asks before ignoring the PSS feed, then offers the match form", async () => {
    const bodies: unknown[] = [];
    server.use(
      pushOnConnect([snapshotMessage(1)]),
      http.put("*/api/manual", async ({ request }) => {
        const body = await request.json();
        bodies.push(body);
        return HttpResponse.json(body);
      }),
    );
    const user = userEvent.setup();
    renderRoute("/");
    await user.click(await screen.findByRole("button", { name: "MANUAL MODE" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Enter manual mode?" });
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(dialog).not.toBeInTheDocument();
    expect(bodies).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Enter manual mode" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Enter manual mode" }));
    await waitFor(() => expect(screen.getByRole("status", { name: "Manual mode state" })).toHaveTextContent("ON"));
    expect(bodies).toEqual([{ enabled: true }]);

    await user.click(screen.getByRole("button", { name: "Create match" }));
    expect(screen.getByText("a match number is needed")).toBeInTheDocument();
    expect(screen.getAllByText("an IOC code is three letters, e.g. KOR")).toHaveLength(2);

    await user.type(screen.getByRole("textbox", { name: "Match number" }), "205");
    await user.type(screen.getByRole("textbox", { name: "Blue name" }), "Kim LEE");
    await user.type(screen.getByRole("textbox", { name: "Blue IOC" }), "kor");
    await user.type(screen.getByRole("textbox", { name: "Red name" }), "Ana DIAZ");
    await user.type(screen.getByRole("textbox", { name: "Red IOC" }), "ESP");
    expect(screen.getByRole("textbox", { name: "Blue IOC" })).toHaveValue("KOR");
    await user.click(screen.getByRole("button", { name: "Create match" }));
    expect(await screen.findByText("Manual matches are not available yet")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Leave manual mode" }));
    await waitFor(() => expect(screen.getByRole("status", { name: "Manual mode state" })).toHaveTextContent("off"));
    expect(bodies).toEqual([{ enabled: true }, { enabled: false }]);
  });
});
