// Debian's Chromium through playwright-core: headless, no sandbox (root), no background
// networking (the machine has no network), a fresh profile per launch.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";

import { screenshotDir } from "./paths";

/** The browser under test. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** A browser context with its own profile directory. */
export interface Session {
  context: BrowserContext;
  page: (viewport: { width: number; height: number }) => Promise<Page>;
  close: () => Promise<void>;
}

/** Launches Chromium with a fresh user-data-dir. */
export async function openBrowser(): Promise<Session> {
  const profile = mkdtempSync(join(tmpdir(), "vta-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    page: async (viewport) => {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
      return page;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a PNG into ui/e2e/screenshots/. */
export async function screenshot(
  target: Page | Locator,
  name: string,
  options: { omitBackground?: boolean; fullPage?: boolean } = {},
): Promise<string> {
  const path = join(screenshotDir, `${name}.png`);
  const omitBackground = options.omitBackground ?? false;
  if (options.fullPage && "goto" in target) await target.screenshot({ path, omitBackground, fullPage: true });
  else await target.screenshot({ path, omitBackground });
  return path;
}
