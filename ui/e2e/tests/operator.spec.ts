// The operator's screens against the real server: settings saved and read back after a
// reload, a refused setting shown at its field, an OBS connection added and its Test
// reporting a refused connection, the live log with its level filter, a mark on the archive
// timeline, and manual mode (confirm, create a match, the dock shows it, drive OBS by hand).
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { freePort, startDemo, type Backend } from "../support/backend";
import { openBrowser, screenshot, type Session } from "../support/browser";

let backend: Backend;
let session: Session;
let page: Page;

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${backend.url}${path}`);
  expect(response.ok, `${path}: HTTP ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

beforeAll(async () => {
  backend = await startDemo({ log: "info" });
  session = await openBrowser();
  page = await session.page({ width: 1280, height: 900 });
});

afterAll(async () => {
  await session?.close();
  await backend?.stop();
});

describe("settings", () => {
  it("saves the replay and recording settings and reads them back after a reload", async () => {
    await page.goto(`${backend.url}/settings/replay`);
    const lead = page.getByRole("textbox", { name: "Replay lead (s)" });
    await expect.poll(() => lead.inputValue(), { timeout: 15_000 }).not.toBe("");
    const template = page.getByRole("textbox", { name: "File name template" });
    await lead.fill("7.5");
    await page.getByRole("textbox", { name: "IVR scene" }).fill("REVIEW_E2E");
    await template.fill("{date}_{number}_{blue_ioc}_vs_{red_ioc}");
    await expect.poll(() => page.getByRole("status", { name: "File name preview" }).textContent()).toMatch(/^\d{4}-\d\d-\d\d_101_KOR_vs_FRA$/);
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Settings saved").first().waitFor({ timeout: 10_000 });

    await page.reload();
    await expect.poll(() => page.getByRole("textbox", { name: "Replay lead (s)" }).inputValue(), { timeout: 15_000 }).toBe("7.5");
    expect(await page.getByRole("textbox", { name: "IVR scene" }).inputValue()).toBe("REVIEW_E2E");
    expect(await page.getByRole("textbox", { name: "File name template" }).inputValue()).toBe("{date}_{number}_{blue_ioc}_vs_{red_ioc}");
    const stored = await api<{ replay: { lead_seconds: number; ivr_scene: string }; recording: { name_template: string } }>("/api/settings");
    expect(stored.replay).toMatchObject({ lead_seconds: 7.5, ivr_scene: "REVIEW_E2E" });
    await screenshot(page, "settings-replay", { fullPage: true });
  });

  it("shows the server's refusal at the refused field", async () => {
    const template = page.getByRole("textbox", { name: "File name template" });
    await template.fill("{number}_{court}");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => template.getAttribute("aria-invalid"), { timeout: 10_000 }).toBe("true");
    const error = page.locator('[data-field="recording.name_template"] [role="alert"]');
    expect(await error.textContent()).toContain("court");
    await page.locator('[data-field="recording.name_template"]').scrollIntoViewIfNeeded();
    await screenshot(page, "settings-field-error");
    const stored = await api<{ recording: { name_template: string } }>("/api/settings");
    expect(stored.recording.name_template).toBe("{date}_{number}_{blue_ioc}_vs_{red_ioc}");
  });
});

describe("OBS connections", () => {
  it("adds a connection and its Test reports the refused connection", async () => {
    const closed = await freePort();
    await page.goto(`${backend.url}/settings/obs`);
    await page.getByRole("button", { name: "Add connection" }).click();
    const form = page.getByRole("form", { name: "Add an OBS connection" });
    await form.getByRole("textbox", { name: "Name" }).fill("e2e-court");
    await form.getByRole("textbox", { name: "Host" }).fill("127.0.0.1");
    await form.getByRole("textbox", { name: "Port" }).fill(String(closed));
    await form.getByRole("combobox", { name: "Role" }).selectOption("rec");
    await form.getByRole("button", { name: "Add connection" }).click();
    const row = page.getByRole("listitem", { name: "OBS connection e2e-court" });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getByLabel("Role").textContent()).toBe("REC (recording)");
    expect(await row.textContent()).toContain(`127.0.0.1:${closed}`);
    await row.getByRole("button", { name: "Test e2e-court" }).click();
    const result = row.getByRole("status", { name: "Test of e2e-court" });
    await result.waitFor({ timeout: 20_000 });
    expect(await result.textContent()).toMatch(/^Test failed: .*refused/i);
    const listed = await api<{ name: string; port: number; role: string }[]>("/api/obs/connections");
    expect(listed.find((connection) => connection.name === "e2e-court")).toMatchObject({ port: closed, role: "rec" });
    await screenshot(page, "settings-obs");
  });
});

describe("log viewer", () => {
  it("shows the server's lines and filters them by level", async () => {
    await page.goto(`${backend.url}/settings/log`);
    const log = page.getByRole("log", { name: "Server log lines" });
    const levels = () => log.locator("[data-level]").evaluateAll((lines) => lines.map((line) => line.getAttribute("data-level")));
    await expect.poll(async () => (await levels()).length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(new Set(await levels()).has("debug")).toBe(false);
    const atInfo = (await levels()).length;
    await page.getByRole("combobox", { name: "Level" }).selectOption("warn");
    await expect.poll(async () => (await levels()).every((level) => level === "warn" || level === "error")).toBe(true);
    expect((await levels()).length).toBeLessThan(atInfo);
    await page.getByRole("combobox", { name: "Level" }).selectOption("info");
    await expect.poll(async () => (await levels()).includes("info"), { timeout: 10_000 }).toBe(true);
    await screenshot(page, "settings-log");
  });
});

describe("marks and manual mode", () => {
  it("marks a moment from the dock and shows it on the archive timeline", async () => {
    const dock = await session.page({ width: 380, height: 1000 });
    await dock.goto(`${backend.url}/`);
    await dock.getByText("Match 101").waitFor({ timeout: 30_000 });
    await dock.getByRole("button", { name: "MARK EVENT" }).click();
    await dock.getByText(/^Mark #\d+ at /).first().waitFor({ timeout: 10_000 });
    const marks = await api<{ id: number; match_id: number | null }[]>("/api/marks");
    expect(marks.length).toBeGreaterThan(0);
    const matchId = marks.at(-1)?.match_id;
    expect(matchId).not.toBeNull();
    await dock.close();

    await page.goto(`${backend.url}/archive`);
    const match = page.getByRole("listitem", { name: "Match 101" });
    await match.waitFor({ timeout: 15_000 });
    const markers = match.getByRole("group", { name: "Timeline of Match 101" }).locator('[data-category="mark"]');
    await expect.poll(() => markers.count(), { timeout: 15_000 }).toBe(1);
    await markers.first().hover();
    expect(await page.getByRole("tooltip").textContent()).toContain("Operator mark");
  });

  it("enters manual mode after confirming, creates a match that the dock shows, and offers the OBS controls", async () => {
    const dock = await session.page({ width: 380, height: 1000 });
    await dock.goto(`${backend.url}/`);
    await dock.getByRole("button", { name: "MANUAL MODE" }).click();
    const dialog = dock.getByRole("alertdialog", { name: "Enter manual mode?" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Enter manual mode" }).click();
    await expect.poll(() => dock.getByRole("status", { name: "Manual mode state" }).textContent(), { timeout: 10_000 }).toContain("ON");
    expect((await api<{ enabled: boolean }>("/api/manual")).enabled).toBe(true);

    await dock.getByRole("textbox", { name: "Match number" }).fill("205");
    await dock.getByRole("textbox", { name: "Blue name" }).fill("Kim LEE");
    await dock.getByRole("textbox", { name: "Blue IOC" }).fill("KOR");
    await dock.getByRole("textbox", { name: "Red name" }).fill("Ana DIAZ");
    await dock.getByRole("textbox", { name: "Red IOC" }).fill("ESP");
    await dock.getByRole("textbox", { name: "Weight class (optional)" }).fill("F-49kg");
    await dock.getByRole("img", { name: "flag of ESP" }).waitFor();
    await dock.getByRole("region", { name: "Manual controls" }).waitFor();
    await screenshot(dock, "manual-panel", { fullPage: true });
    await dock.getByRole("button", { name: "Create match" }).click();
    await dock.getByText(/^Match 205 is the live match/).waitFor({ timeout: 10_000 });

    await dock.getByRole("link", { name: "Dock" }).click();
    await dock.getByText("Match 205", { exact: true }).waitFor({ timeout: 10_000 });
    expect(await dock.getByText("Kim LEE", { exact: true }).count()).toBe(1);
    expect(await dock.getByRole("img", { name: "flag of KOR" }).count()).toBe(1);
    expect(await dock.getByRole("button", { name: "MANUAL MODE" }).getAttribute("aria-pressed")).toBe("true");
    const state = await api<{ state: { number: string | null }; manual_mode: boolean }>("/api/state");
    expect(state).toMatchObject({ manual_mode: true, state: { number: "205" } });
    await dock.close();
  });
});
