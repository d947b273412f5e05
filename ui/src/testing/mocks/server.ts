// The MSW server of the Vitest run (node).
import { setupServer } from "msw/node";

import { handlers } from "./handlers";

/** Started in testing/setup.ts; tests add handlers with `server.use`. */
export const server = setupServer(...handlers);
