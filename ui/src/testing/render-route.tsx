// Renders a whole route of the app the way main.tsx does, at a memory location.
import { render } from "@testing-library/react";
import { RouterProvider } from "react-router";

import { Providers } from "@/app/providers";
import { createTestRouter } from "@/app/router";

/** Renders the app at `path` with the live feed open (against MSW). */
export function renderRoute(path: string) {
  const router = createTestRouter(path);
  const utils = render(
    <Providers>
      <RouterProvider router={router} />
    </Providers>,
  );
  return { ...utils, router };
}
