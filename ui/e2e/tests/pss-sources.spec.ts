// Issue #20, against the real server: the demo's court plays from 127.0.0.1 and is followed
// (auto: it loaded a fight first); a second scoring PC, `vta sim --from 127.0.0.3`, plays
// another fight to the same port. The dock warns that two PCs send; following the second from
// Settings > PSS feed rebuilds the live match from its stored datagrams, and the dock shows it
// with its events.
import { spawn, type ChildProcess } from "node:child_process";

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startDemo, type Backend } from "../support/backend";
import { openBrowser, screenshot, type Session } from "../support/browser";
import { repoRoot, vtaBinary } from "../support/paths";

let backend: Backend;
let session: Session;
let page: Page;
let courtTwo: ChildProcess | undefined;

interface Sources {
  rule: string;
  followed: string | null;
  sending: number;
  sources: { address: string; datagrams: number; last_match: string | null; followed: boolean }[];
}

async function sources(): Promise<Sources> {
  return (await (await fetch(`${backend.url}/api/pss/sources`)).json()) as Sources;
}

async function liveNumber(): Promise<string | null> {
  const body = (await (await fetch(`${backend.url}/api/state`)).json()) as { state: { number: string | null } };
  return body.state.number;
}

beforeAll(async () => {
  backend = await startDemo();
  session = await openBrowser();
  page = await session.page({ width: 1280, height: 900 });
  // The demo's court loads its fight first, so auto follows it.
  const deadline = Date.now() + 30_000;
  while ((await sources()).followed !== "127.0.0.1") {
    if (Date.now() > deadline) throw new Error(`the demo's court is not followed: ${JSON.stringify(await sources())}`);
    await new Promise((wait) => setTimeout(wait, 200));
  }
  const udp = (await (await fetch(`${backend.url}/api/udp`)).json()) as { bind: string };
  const port = udp.bind.split(":").at(-1)!;
  // The second court: the basic bout, slow enough to still be sending while the test runs.
  courtTwo = spawn(vtaBinary(), ["sim", "--target", `127.0.0.1:${port}`, "--from", "127.0.0.3", "play", "--scenario", "basic", "--speed", "2"], {
    cwd: repoRoot,
    stdio: "ignore",
  });
});

afterAll(async () => {
  courtTwo?.kill("SIGINT");
  await session?.close();
  await backend?.stop();
});

describe("two scoring PCs on one port", () => {
  it("warns in the dock that two PCs send and which one is followed", async () => {
    await expect.poll(async () => (await sources()).sending, { timeout: 30_000 }).toBe(2);
    expect(await liveNumber()).toBe("101");
    await page.goto(`${backend.url}/`);
    const warning = page.getByRole("alert", { name: "PSS sources" });
    await expect.poll(() => warning.textContent(), { timeout: 15_000 }).toContain("2 scoring PCs on this port; following 127.0.0.1");
    await screenshot(page, "pss-sources-dock-warning");
  });

  it("follows the other PC from Settings > PSS feed and the dock shows its match", async () => {
    await page.goto(`${backend.url}/settings`);
    const table = page.getByRole("table", { name: "Scoring PCs" });
    const courtTwoRow = table.getByRole("row", { name: /^127\.0\.0\.3:/ });
    await expect.poll(() => courtTwoRow.textContent(), { timeout: 15_000 }).toContain("245.A");
    expect(await courtTwoRow.textContent()).toContain("stored only");
    await screenshot(page, "pss-sources-settings");

    await courtTwoRow.getByRole("button", { name: "Follow 127.0.0.3" }).click();
    await expect.poll(() => page.getByText("Following 127.0.0.3", { exact: true }).count()).toBe(1);
    await expect.poll(() => courtTwoRow.textContent()).toContain("followed");
    expect(await liveNumber()).toBe("245.A");
    const followed = await sources();
    expect(followed.rule).toBe("127.0.0.3");
    expect(followed.sources.find((source) => source.address.startsWith("127.0.0.1:"))?.followed).toBe(false);

    await page.goto(`${backend.url}/`);
    await page.getByText("Match 245.A").waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByText("Ana KIM").count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole("img", { name: "flag of ITA" }).count()).toBe(1);
    // Its datagrams stored before the switch were taken into its match: the event table shows
    // them, and the archive has the match.
    const events = page.getByRole("table", { name: "Match events" }).locator("tbody tr[data-category]");
    await expect.poll(() => events.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const matches = (await (await fetch(`${backend.url}/api/matches`)).json()) as { match_number: string | null }[];
    expect(matches.map((stored) => stored.match_number)).toContain("245.A");
    await screenshot(page, "pss-sources-followed");
    // The demo's court keeps sending; its datagrams are stored, not folded: the match stays.
    const before = (await sources()).sources.find((source) => source.address.startsWith("127.0.0.1:"))!.datagrams;
    await expect
      .poll(async () => (await sources()).sources.find((source) => source.address.startsWith("127.0.0.1:"))!.datagrams, { timeout: 15_000 })
      .toBeGreaterThan(before);
    expect(await liveNumber()).toBe("245.A");
  });
});
