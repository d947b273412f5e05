// The end-to-end suite: Vitest as the runner (TypeScript, expect.poll), playwright-core
// driving Debian's Chromium against the real `vta demo`. One spec file at a time; each
// starts its own demo so the simulator's timeline is fresh for it.
import { fileURLToPath, URL } from "node:url";

import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@e2e": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    root: fileURLToPath(new URL("./", import.meta.url)),
    include: ["tests/**/*.spec.ts"],
    environment: "node",
    globalSetup: ["./support/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
    reporters: ["default"],
  },
});
