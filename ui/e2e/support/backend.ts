// Starts the real backend: `vta demo --keep-running --speed 8 --listen 127.0.0.1:<port>` in a
// fresh data directory, waits for /api/health, and stops it (SIGINT, then SIGKILL) afterwards.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { repoRoot, vtaBinary } from "./paths";

/** A running demo. */
export interface Backend {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Everything the demo printed so far. */
  output: () => string;
  stop: () => Promise<void>;
}

/** The simulator's speed: the championship match takes 74 s, a review stays open 1.5 s. */
export const DEMO_SPEED = 8;

/** A loopback port nothing listens on (it was free a moment ago). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port"))));
    });
  });
}

async function healthy(url: string): Promise<boolean> {
  try {
    // Public on every listener: answers before and after sign-in is needed.
    const response = await fetch(`${url}/api/auth/status`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => resolveExit(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolveExit(true);
    });
  });
}

/** How to start the demo. */
export interface DemoOptions {
  /** `VTA_LOG` (default `warn`: quiet test output). */
  log?: string;
  /** Serve on 0.0.0.0 (reached on 127.0.0.1) with this operator password set first, so
   * every request needs a credential as on the venue network. */
  offLoopbackPassword?: string;
}

/** Starts `vta demo` and resolves once its API answers. */
export async function startDemo(options: DemoOptions = {}): Promise<Backend> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "vta-e2e-"));
  const bind = options.offLoopbackPassword === undefined ? "127.0.0.1" : "0.0.0.0";
  if (options.offLoopbackPassword !== undefined) {
    const set = spawnSync(vtaBinary(), ["auth", "set-password", "--password-env", "VTA_E2E_PASSWORD", "--data-dir", dataDir], {
      env: { ...process.env, VTA_E2E_PASSWORD: options.offLoopbackPassword },
      encoding: "utf8",
    });
    if (set.status !== 0) throw new Error(`vta auth set-password failed: ${set.stderr}`);
  }
  const args = ["demo", "--keep-running", "--speed", String(DEMO_SPEED), "--listen", `${bind}:${port}`, "--data-dir", dataDir];
  const child = spawn(vtaBinary(), args, { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, VTA_LOG: options.log ?? "warn" } });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGINT");
      if (!(await exited(child, 10_000))) {
        child.kill("SIGKILL");
        await exited(child, 5_000);
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  let url = `http://127.0.0.1:${port}`;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    // The demo prints its real address; trust it over the one asked for.
    const printed = /operator UI: (http:\/\/[^/\s]+)\//.exec(output);
    // Bound to 0.0.0.0, it is still reached on 127.0.0.1 only.
    if (printed?.[1]) url = printed[1].replace("//0.0.0.0:", "//127.0.0.1:");
    if (await healthy(url)) return { url, output: () => output, stop };
    await new Promise((wait) => setTimeout(wait, 200));
  }
  await stop();
  throw new Error(`vta demo did not answer /api/health at ${url}:\n${output}`);
}
