// Settings against the real server: a broken protocol file is refused with its line, which
// the editor highlights; the file in force is unchanged. The PSS listener stops (the status dot
// says so) and starts again on an interface picked from the machine's list. The Licence tab
// shows the demo's missing licence with this machine's code and refuses a file the vendor did
// not sign. A configuration exported from the Backup tab is imported back.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startDemo, type Backend } from "../support/backend";
import { openBrowser, screenshot, type Session } from "../support/browser";

let backend: Backend;
let session: Session;
let page: Page;

async function protocolInForce(): Promise<string> {
  return ((await (await fetch(`${backend.url}/api/protocol`)).json()) as { text: string }).text;
}

beforeAll(async () => {
  backend = await startDemo();
  session = await openBrowser();
  page = await session.page({ width: 1280, height: 900 });
  await page.goto(`${backend.url}/settings`);
});

afterAll(async () => {
  await session?.close();
  await backend?.stop();
});

describe("settings", () => {
  it("refuses a broken protocol file with its line", async () => {
    const original = await protocolInForce();
    const editor = page.getByRole("textbox", { name: "Protocol file text" });
    await expect.poll(() => editor.inputValue(), { timeout: 15_000 }).toBe(original);
    const lines = original.split("\n");
    const index = lines.findIndex((line) => /^\s+[a-z_]+\s+int\s/.test(line));
    expect(index).toBeGreaterThan(0);
    lines[index] = lines[index]!.replace(/\bint\b.*/, "colr");
    await editor.fill(lines.join("\n"));
    await page.getByRole("button", { name: "Save protocol file" }).click();
    const alert = page.locator("#protocol-verdict");
    await expect.poll(() => alert.textContent()).toContain(`Line ${index + 1}:`);
    expect(await alert.textContent()).toContain("colr");
    expect(await editor.getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByTestId("error-line-highlight").count()).toBe(1);
    expect(await protocolInForce()).toBe(original);
    await screenshot(page, "settings-protocol-error");

    await editor.fill(original);
    await page.getByRole("button", { name: "Validate" }).click();
    await expect.poll(() => alert.textContent()).toMatch(/^Valid: protocol \d/);
  });

  it("stops the PSS listener (the dot says stopped), picks an interface and starts it again", async () => {
    const udp = async () => (await (await fetch(`${backend.url}/api/udp`)).json()) as { bind: string; listening: boolean };
    const before = await udp();
    expect(before.listening).toBe(true);
    const port = before.bind.split(":").at(-1)!;
    const pss = page.getByRole("status", { name: /^PSS: / });
    await expect.poll(() => pss.getAttribute("aria-label"), { timeout: 15_000 }).toBe("PSS: ok");

    await page.getByRole("button", { name: "Stop listening" }).click();
    await expect.poll(() => pss.getAttribute("aria-label")).toBe("PSS: stopped");
    expect(await pss.getAttribute("data-state")).toBe("off");
    expect(await udp()).toEqual({ bind: before.bind, listening: false });
    await expect.poll(() => page.getByText(/^Stopped: not listening/).count()).toBe(1);
    await pss.scrollIntoViewIfNeeded();
    await screenshot(page, "settings-udp-stopped");

    // The loopback address is offered; picking it keeps the port (the demo listens there).
    const picker = page.getByRole("combobox", { name: "Interface facing the PSS" });
    await expect.poll(() => picker.locator("option", { hasText: "127.0.0.1" }).count()).toBeGreaterThan(0);
    await picker.selectOption("0.0.0.0");
    const bind = page.getByRole("textbox", { name: "Bind address (interface:port)" });
    expect(await bind.inputValue()).toBe(`0.0.0.0:${port}`);
    await picker.selectOption("127.0.0.1");
    expect(await bind.inputValue()).toBe(`127.0.0.1:${port}`);

    await page.getByRole("button", { name: "Start listening" }).click();
    await expect.poll(() => pss.getAttribute("aria-label")).not.toBe("PSS: stopped");
    expect(await udp()).toEqual({ bind: `127.0.0.1:${port}`, listening: true });
    await expect.poll(() => page.getByText(`Listening on 127.0.0.1:${port}`, { exact: true }).count()).toBe(1);
  });

  it("shows the UDP bind and the live counters", async () => {
    await expect.poll(() => page.getByRole("textbox", { name: "Bind address (interface:port)" }).inputValue()).toMatch(/:\d+$/);
    const counters = page.getByRole("region", { name: "Counters" });
    await expect.poll(async () => (await counters.textContent()) ?? "", { timeout: 15_000 }).toContain("Datagrams/s");
  });

  it("shows the missing licence with this machine's code and refuses a forged file", async () => {
    await page.getByRole("link", { name: "Licence" }).click();
    const card = page.getByRole("region", { name: "Licence" });
    await expect.poll(async () => (await card.textContent()) ?? "", { timeout: 15_000 }).toContain("No licence installed");
    const code = (await card.getByLabel("Machine code", { exact: true }).textContent()) ?? "";
    expect(code).toMatch(/^VTA-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(await page.getByRole("status", { name: "LIC: missing" }).count()).toBeGreaterThan(0);
    const forged = JSON.stringify({
      licence: { licensee: "Forged", machine: code, issued: "2026-01-01", expires: "2099-12-31" },
      signature: Buffer.alloc(64, 7).toString("base64"),
    });
    await card.getByRole("textbox", { name: "Licence file" }).fill(forged);
    await card.getByRole("button", { name: "Install licence" }).click();
    await expect.poll(async () => (await card.getByRole("alert").textContent()) ?? "").toContain("the signature does not match");
    await screenshot(page, "settings-licence");
  });

  it("exports the configuration to a file and imports it back, all of it", async () => {
    type Settings = { replay: { lead_seconds: number } };
    const settings = async () => (await (await fetch(`${backend.url}/api/settings`)).json()) as Settings;
    const putLead = async (seconds: number) => {
      const body = await settings();
      body.replay.lead_seconds = seconds;
      const answer = await fetch(`${backend.url}/api/settings`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      expect(answer.status).toBe(200);
    };
    await putLead(6.5);
    await page.getByRole("link", { name: "Backup" }).click();
    const exportForm = page.getByRole("form", { name: "Export the configuration" });
    await exportForm.getByLabel("Backup passphrase").fill("court one backup");
    await exportForm.getByLabel("Passphrase again").fill("court one backup");
    const downloading = page.waitForEvent("download");
    await exportForm.getByRole("button", { name: "Download backup" }).click();
    const file = await (await downloading).path();
    await expect.poll(async () => (await exportForm.getByRole("status").textContent()) ?? "").toContain("Backup downloaded.");

    await putLead(9);
    const importForm = page.getByRole("form", { name: "Import a configuration" });
    await importForm.getByLabel("Backup file").setInputFiles(file);
    await importForm.getByLabel("Its passphrase").fill("court one backup");
    await importForm.getByRole("button", { name: "Import…" }).click();
    await importForm.getByRole("button", { name: "Replace the configuration" }).click();
    const summary = importForm.getByRole("status", { name: "Imported" });
    await expect.poll(async () => (await summary.textContent()) ?? "", { timeout: 15_000 }).toContain("OBS connection(s)");
    expect((await settings()).replay.lead_seconds).toBe(6.5);
    await screenshot(page, "settings-backup");
  });
});
