// Mounts one overlay on an overlay/*.html page with its own live feed and a transparent body.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import "@/overlay.css";

import { Providers } from "../providers";
import { LiveOverlay, type OverlayName } from "../routes/overlay-route";

/** Renders overlay `name` into #root. */
export function mountOverlay(name: OverlayName): void {
  const root = document.getElementById("root");
  if (!root) throw new Error(`overlay/${name}.html has no #root`);
  createRoot(root).render(
    <StrictMode>
      <Providers>
        <LiveOverlay name={name} />
      </Providers>
    </StrictMode>,
  );
}
