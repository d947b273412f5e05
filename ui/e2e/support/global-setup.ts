// Before any spec: build the vta binary (a no-op when it is up to date; cargo rebuilds the
// embedded UI when ui/ changed) unless $VTA_BIN names one, and check Chromium is there.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";

import { CHROMIUM } from "./browser";
import { exists, repoRoot, screenshotDir, vtaBinary } from "./paths";

export default function setup(): void {
  if (!exists(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (bash scripts/install-deps)`);
  }
  if (!process.env.VTA_BIN) {
    console.log("e2e: cargo build -p vta (the binary serves the UI under test)");
    execFileSync("cargo", ["build", "-q", "-p", "vta"], { cwd: repoRoot, stdio: "inherit" });
  }
  const binary = vtaBinary();
  if (!exists(binary)) throw new Error(`no vta binary at ${binary}`);
  mkdirSync(screenshotDir, { recursive: true });
}
