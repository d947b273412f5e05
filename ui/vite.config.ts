/// <reference types="vitest/config" />
// Vite builds the operator UI (index.html) and the OBS overlay pages (overlay/*.html) into
// ui/dist, which the `vta` binary serves. `npm run dev` proxies /api to a running `vta`.
import { fileURLToPath, URL } from "node:url";

import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const backend = process.env.VTA_BACKEND ?? "http://127.0.0.1:8080";
const page = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: { alias: { "@": page("./src") } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // React, the router and zod in one shared chunk; served from loopback, not the internet.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      input: {
        main: page("./index.html"),
        scoreboard: page("./overlay/scoreboard.html"),
        replay: page("./overlay/replay.html"),
        winner: page("./overlay/winner.html"),
      },
    },
  },
  server: {
    proxy: { "/api": { target: backend, ws: true } },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["./src/testing/setup.ts"],
    css: false,
    testTimeout: 20_000,
  },
});
