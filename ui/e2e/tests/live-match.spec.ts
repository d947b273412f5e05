// One championship demo, watched from start to end: the dock's score changes as the simulator
// plays, the event table fills and filters, a challenge brings the replay controls and the
// replay banner, the end brings the winner card, and the archive shows the match's timeline.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startDemo, type Backend } from "../support/backend";
import { openBrowser, screenshot, type Session } from "../support/browser";

let backend: Backend;
let session: Session;
let dock: Page;

const DOCK_VIEWPORT = { width: 380, height: 1000 };
const OVERLAY_VIEWPORT = { width: 1920, height: 1080 };

async function score(page: Page, side: "blue" | "red"): Promise<number> {
  return Number((await page.getByLabel(`${side} score`, { exact: true }).textContent()) ?? "NaN");
}

async function eventRows(page: Page) {
  return page.getByRole("table", { name: "Match events" }).locator("tbody tr[data-category]");
}

async function apiState(): Promise<{ phase: string; winner: string | null; open_challenge: number | null }> {
  const response = await fetch(`${backend.url}/api/state`);
  return ((await response.json()) as { state: { phase: string; winner: string | null; open_challenge: number | null } }).state;
}

beforeAll(async () => {
  backend = await startDemo();
  session = await openBrowser();
  dock = await session.page(DOCK_VIEWPORT);
  await dock.goto(`${backend.url}/`);
});

afterAll(async () => {
  await session?.close();
  await backend?.stop();
});

describe("live match in the dock", () => {
  it("shows the match and its score changes as the simulator plays", async () => {
    await dock.getByText("Match 101").waitFor({ timeout: 30_000 });
    await expect.poll(() => dock.getByRole("img", { name: "flag of SUI" }).count()).toBe(1);
    const total = async () => (await score(dock, "blue")) + (await score(dock, "red"));
    const first = await total();
    await expect.poll(total, { timeout: 60_000, interval: 200 }).toBeGreaterThan(first);
    await expect.poll(() => dock.getByRole("status", { name: "PSS: ok" }).count()).toBe(1);
    // The demo runs without OBS: REC and STR are grey and say so.
    expect(await dock.getByRole("status", { name: "REC: not configured" }).getAttribute("title")).toBe("OBS recording: no connection configured");
    expect(await dock.getByRole("status", { name: "STR: not configured" }).getAttribute("title")).toBe("OBS streaming: no connection configured");
    await expect.poll(async () => (await dock.getByLabel("Clock", { exact: true }).textContent()) ?? "").toMatch(/^\d:\d\d$/);
  });

  it("fills the event table and filters it by type", async () => {
    const rows = await eventRows(dock);
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(3);
    await dock.getByRole("button", { name: "Points", exact: true }).click();
    await expect.poll(() => dock.url()).toContain("types=point");
    await expect.poll(async () => {
      const categories = await rows.evaluateAll((all) => all.map((row) => row.getAttribute("data-category")));
      return categories.length > 0 && categories.every((category) => category === "point");
    }).toBe(true);
    await dock.getByRole("button", { name: "All", exact: true }).click();
    await expect.poll(async () => new Set(await rows.evaluateAll((all) => all.map((row) => row.getAttribute("data-category")))).size, { timeout: 30_000 }).toBeGreaterThan(1);
    await screenshot(dock, "dock-expanded");
  });

  it("shows the replay controls and the replay banner while a challenge is open", async () => {
    const banner = await session.page(OVERLAY_VIEWPORT);
    await banner.goto(`${backend.url}/overlay/replay`);
    // A background tab gets no animation frames, which Playwright's clicks wait for.
    await dock.bringToFront();
    const controls = dock.getByRole("region", { name: "Replay controls" });
    const names = ["Speed 0.25×", "Speed 0.5×", "Speed 1×", "Frame back", "Frame forward", "Back 2 s", "Forward 2 s", "Loop A", "Loop B", "Clear loop", "Close replay"];
    // Each review stays open 12 s / 8 = 1.5 s; the championship has five, so a review that
    // closes before the checks are done is followed by the next one.
    const bannerShot = (async () => {
      await banner.getByRole("status", { name: "Replay banner" }).waitFor({ timeout: 90_000 });
      await banner.waitForTimeout(450);
      await screenshot(banner, "overlay-replay", { omitBackground: true });
    })();
    let checked = false;
    for (let review = 0; review < 5 && !checked; review++) {
      await controls.waitFor({ state: "visible", timeout: 90_000 });
      try {
        await controls.getByRole("button", { name: "Speed 0.5×" }).click({ timeout: 1_000 });
        const counts = await Promise.all(names.map((name) => controls.getByRole("button", { name, exact: true }).count()));
        const closeReplay = await dock.getByRole("button", { name: "CLOSE REPLAY", exact: true }).count();
        expect(counts).toEqual(names.map(() => 1));
        expect(closeReplay).toBe(1);
        await screenshot(dock, "dock-replay");
        checked = true;
      } catch (error) {
        if (!(error instanceof Error) || error.name !== "TimeoutError") throw error;
        console.log(`review ${review + 1} closed before the checks: ${error.message.split("\n")[0]}`);
        await controls.waitFor({ state: "hidden", timeout: 30_000 });
      }
    }
    await bannerShot;
    expect(checked).toBe(true);
    await dock.getByText("Replay player not connected").first().waitFor({ timeout: 5_000 });
    expect(await banner.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgba(0, 0, 0, 0)");
    await controls.waitFor({ state: "hidden", timeout: 30_000 });
    await banner.close();
  });

  it("collapses to the 150×150 square with the record and status dots", async () => {
    await dock.getByRole("button", { name: "Collapse the dock" }).click();
    const square = dock.getByRole("region", { name: "Dock (collapsed)" });
    await square.waitFor();
    const box = await square.boundingBox();
    expect(box?.width).toBe(150);
    expect(box?.height).toBe(150);
    expect(await square.getByRole("img", { name: "not recording" }).count()).toBe(1);
    expect(await square.getByRole("status").count()).toBe(4);
    await screenshot(square, "dock-collapsed");
    await square.getByRole("button", { name: "Expand the dock" }).click();
    await dock.getByRole("main", { name: "Dock" }).waitFor();
  });

  it("draws the scoreboard overlay on a transparent 1920×1080 page", async () => {
    const overlay = await session.page(OVERLAY_VIEWPORT);
    await overlay.goto(`${backend.url}/overlay/scoreboard`);
    await overlay.getByLabel("Scoreboard overlay").waitFor({ timeout: 10_000 });
    expect(await overlay.getByText("M. MÜLLER").count()).toBe(1);
    expect(await overlay.getByRole("img", { name: "flag of SUI" }).count()).toBe(1);
    expect(await overlay.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgba(0, 0, 0, 0)");
    await screenshot(overlay, "overlay-scoreboard", { omitBackground: true });
    await overlay.close();
  });

  it("shows the winner card when the match ends", async () => {
    const overlay = await session.page(OVERLAY_VIEWPORT);
    await overlay.goto(`${backend.url}/overlay/winner`);
    await expect.poll(async () => (await apiState()).winner, { timeout: 110_000, interval: 1000 }).not.toBeNull();
    const card = overlay.getByRole("status", { name: "Winner card" });
    await card.waitFor({ timeout: 10_000 });
    expect(await card.textContent()).toContain("WINNER");
    await overlay.waitForTimeout(600);
    await screenshot(overlay, "overlay-winner", { omitBackground: true });
    await overlay.close();
  });

  it("lists the match in the archive with a timeline", async () => {
    await expect.poll(async () => (await apiState()).phase, { timeout: 60_000, interval: 1000 }).toBe("finished");
    const archive = await session.page({ width: 1280, height: 720 });
    await archive.goto(`${backend.url}/archive`);
    const match = archive.getByRole("listitem", { name: "Match 101" });
    await match.waitFor({ timeout: 15_000 });
    const markers = match.getByRole("group", { name: "Timeline of Match 101" }).getByRole("button");
    await expect.poll(() => markers.count(), { timeout: 15_000 }).toBeGreaterThan(20);
    const categories = new Set(await markers.evaluateAll((all) => all.map((marker) => marker.getAttribute("data-category"))));
    expect([...categories].sort()).toEqual(["challenge", "clock_stop", "penalty", "point"]);
    await markers.nth(5).hover();
    await archive.getByRole("tooltip").waitFor();
    await screenshot(archive, "archive-timeline");
    await archive.getByRole("textbox", { name: "IOC code" }).fill("KOR");
    await expect.poll(() => archive.getByRole("listitem", { name: "Match 101" }).count()).toBe(0);
    await archive.getByRole("textbox", { name: "IOC code" }).fill("SUI");
    await match.waitFor();
    await archive.close();
  });
});
