// The venue network: `vta demo` bound to 0.0.0.0 with an operator password (reached on
// 127.0.0.1). The API refuses a browser that has not signed in; the operator signs in, the
// dock works as on loopback, a viewer token is made in Settings > Access and an overlay
// opened with it in its URL (as an OBS browser source) shows the live match; Settings > Audit
// lists the sign-ins and the change.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startDemo, type Backend } from "../support/backend";
import { openBrowser, screenshot, type Session } from "../support/browser";

const PASSWORD = "ringside-court-1";

let backend: Backend;
let session: Session;
let page: Page;

beforeAll(async () => {
  backend = await startDemo({ offLoopbackPassword: PASSWORD });
  session = await openBrowser();
  page = await session.page({ width: 1280, height: 900 });
});

afterAll(async () => {
  await session?.close();
  await backend?.stop();
});

describe("signing in off loopback", () => {
  it("refuses the API without a credential and signs in with the operator password", async () => {
    expect((await fetch(`${backend.url}/api/state`)).status).toBe(401);
    await page.goto(`${backend.url}/`);
    const form = page.getByRole("region", { name: "Sign in" });
    await form.getByLabel("Operator password").fill("not-the-password");
    await form.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(async () => form.getByRole("alert").textContent()).toContain("not the operator password");
    await screenshot(page, "sign-in");
    await form.getByLabel("Operator password").fill(PASSWORD);
    await form.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("blue score", { exact: true }).waitFor({ timeout: 15_000 });
    // The dock's live feed came through: the score follows the simulator.
    await expect
      .poll(async () => Number((await page.getByLabel("blue score", { exact: true }).textContent()) ?? "0") + Number((await page.getByLabel("red score", { exact: true }).textContent()) ?? "0"), { timeout: 60_000 })
      .toBeGreaterThan(0);
  });

  it("makes a viewer token in Settings > Access and an overlay opened with it shows the match", async () => {
    await page.goto(`${backend.url}/settings/access`);
    const panel = page.getByRole("region", { name: "Access" });
    await panel.getByLabel("Token name").fill("obs-overlay");
    await panel.getByRole("button", { name: "Create token" }).click();
    const created = panel.getByRole("status", { name: "New token" });
    await created.waitFor();
    await screenshot(page, "settings-access");
    const text = (await created.textContent()) ?? "";
    // 32 random bytes in base64url: 43 characters.
    const token = /vta_t_[A-Za-z0-9_-]{43}/.exec(text)?.[0];
    expect(token).toBeDefined();
    // A fresh browser (no session cookie), as OBS's browser source is.
    const obs = await openBrowser();
    try {
      const overlay = await obs.page({ width: 1920, height: 1080 });
      await overlay.goto(`${backend.url}/overlay/scoreboard?token=${token}`);
      await overlay.getByLabel("Scoreboard overlay").waitFor({ timeout: 15_000 });
      expect(await overlay.getByRole("region", { name: "Sign in" }).count()).toBe(0);
      const viewerPut = await fetch(`${backend.url}/api/manual?token=${token}`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ enabled: true }) });
      expect(viewerPut.status).toBe(403);
    } finally {
      await obs.close();
    }
  });

  it("shows the sign-ins and the token's creation in Settings > Audit", async () => {
    await page.goto(`${backend.url}/settings/audit`);
    const table = page.getByRole("table", { name: "Audit entries" });
    await expect.poll(async () => (await table.textContent()) ?? "", { timeout: 10_000 }).toContain("POST /api/auth/tokens");
    const text = (await table.textContent()) ?? "";
    expect(text).toContain("sign_in_failed");
    expect(text).toContain("sign_in");
    expect(text).not.toContain(PASSWORD);
    await screenshot(page, "settings-audit");
  });
});
