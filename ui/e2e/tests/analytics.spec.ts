// The Analytics page against the real server while the demo plays: the match view's figures
// equal the stored match and follow it live; the chart draws both sides; each table downloads
// as CSV; the day and tournament views open.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startDemo, type Backend } from "../support/backend";
import { openBrowser, screenshot, type Session } from "../support/browser";

let backend: Backend;
let session: Session;
let page: Page;

type Stored = { id: number; score: { blue: number; red: number } };

async function newest(): Promise<Stored | undefined> {
  const matches = (await (await fetch(`${backend.url}/api/matches`)).json()) as Stored[];
  return matches[0];
}

beforeAll(async () => {
  backend = await startDemo();
  session = await openBrowser();
  page = await session.page({ width: 1280, height: 1100 });
});

afterAll(async () => {
  await session?.close();
  await backend?.stop();
});

describe("analytics", () => {
  it("shows the live match's figures, follows them, and downloads a table as CSV", async () => {
    // Wait until the demo match has points on both sides.
    await expect.poll(async () => {
      const match = await newest();
      return match ? match.score.blue > 0 && match.score.red > 0 : false;
    }, { timeout: 60_000 }).toBe(true);
    await page.goto(`${backend.url}/analytics`);
    const score = page.getByLabel("Score", { exact: true });
    const shown = async () => (await score.textContent()) ?? "";
    await expect.poll(shown, { timeout: 15_000 }).toMatch(/^\d+ – \d+$/);
    // What the page shows is what is stored, also after the match moved on.
    await expect
      .poll(async () => {
        const match = await newest();
        return match ? (await shown()) === `${match.score.blue} – ${match.score.red}` : false;
      }, { timeout: 20_000 })
      .toBe(true);
    const chart = page.getByRole("figure", { name: "Points by kind" });
    expect(await chart.locator("svg .recharts-bar-rectangle").count()).toBeGreaterThan(0);
    await screenshot(page, "analytics-match");

    const match = await newest();
    const csv = await (await fetch(`${backend.url}/api/analytics/match/${match!.id}?format=csv&table=points`)).text();
    expect(csv.startsWith("side,kind,count\r\n")).toBe(true);
    const link = page.getByRole("link", { name: "points", exact: true });
    expect(await link.getAttribute("href")).toContain("format=csv&table=points");

    await page.getByRole("button", { name: "Day" }).click();
    await expect.poll(async () => page.getByRole("figure", { name: "Events by hour" }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole("button", { name: "Tournament" }).click();
    await expect.poll(async () => page.getByRole("table", { name: "Top 10 by points" }).count(), { timeout: 15_000 }).toBe(1);
  });
});
