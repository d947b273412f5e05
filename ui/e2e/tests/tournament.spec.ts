// The Tournament page against the real server: a tournament is created and made active, a
// day is added and chosen (the server then files new matches under it), a name with a path
// character is refused in place, and the archive offers the new day as a filter.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startDemo, type Backend } from "../support/backend";
import { openBrowser, screenshot, type Session } from "../support/browser";

let backend: Backend;
let session: Session;
let page: Page;

beforeAll(async () => {
  backend = await startDemo();
  session = await openBrowser();
  page = await session.page({ width: 1280, height: 900 });
  await page.goto(`${backend.url}/tournament`);
});

afterAll(async () => {
  await session?.close();
  await backend?.stop();
});

describe("tournament page", () => {
  it("creates a tournament, chooses a new day of it, and refuses a name with a path character", async () => {
    const list = page.getByRole("region", { name: "Tournaments" });
    const form = list.getByRole("form", { name: "New tournament" });
    await form.getByLabel("Name").fill("Baltic/Cup");
    await form.getByRole("button", { name: "Create tournament" }).click();
    await expect.poll(async () => (await form.getByRole("alert").textContent()) ?? "").toContain("must not contain '/'");

    await form.getByLabel("Name").fill("Baltic Cup 2026");
    await form.getByLabel("Venue").fill("Arena Riga");
    await form.getByRole("button", { name: "Create tournament" }).click();
    const row = list.getByRole("row", { name: "Tournament Baltic Cup 2026" });
    await row.getByRole("button", { name: "Make active" }).click();
    await expect.poll(async () => (await row.textContent()) ?? "").toContain("active");

    const days = page.getByRole("region", { name: "Days of Baltic Cup 2026" });
    await days.getByLabel("Day name").fill("Day 2 – Finals");
    await days.getByRole("button", { name: "Add day" }).click();
    const day = days.getByRole("row", { name: "Day Day 2 – Finals" });
    await day.getByRole("button", { name: "Make active" }).click();
    await expect.poll(async () => (await day.textContent()) ?? "").toContain("active");
    const active = (await (await fetch(`${backend.url}/api/days/active`)).json()) as { day: { name: string }; tournament: { name: string } };
    expect(active.day.name).toBe("Day 2 – Finals");
    expect(active.tournament.name).toBe("Baltic Cup 2026");
    await screenshot(page, "tournament");

    await page.getByRole("link", { name: "Archive" }).click();
    const filter = page.getByRole("combobox", { name: "Day" });
    await expect.poll(async () => (await filter.textContent()) ?? "", { timeout: 15_000 }).toContain("Baltic Cup 2026 · Day 2 – Finals");
  });
});
