// Where things are: the repository, the vta binary, the screenshots.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** ui/e2e */
export const e2eDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The repository root. */
export const repoRoot = resolve(e2eDir, "..", "..");
/** Where the PNGs of the last run go. */
export const screenshotDir = join(e2eDir, "screenshots");

/** The vta binary the suite runs: $VTA_BIN, or the cargo target dir's debug build. */
export function vtaBinary(): string {
  if (process.env.VTA_BIN) return resolve(process.env.VTA_BIN);
  const targetDir = process.env.CARGO_TARGET_DIR ? resolve(repoRoot, process.env.CARGO_TARGET_DIR) : join(repoRoot, "target");
  return join(targetDir, "debug", "vta");
}

/** Whether a file exists. */
export function exists(path: string): boolean {
  return existsSync(path);
}
