// Entry of the operator UI (index.html).
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";

import "@/index.css";

import { Providers } from "./providers";
import { createAppRouter } from "./router";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
document.body.classList.add("operator");
createRoot(root).render(
  <StrictMode>
    <Providers>
      <RouterProvider router={createAppRouter()} />
    </Providers>
  </StrictMode>,
);
