// What every page needs around it: the live feed (the one event socket).
import type { ReactNode } from "react";

import { useLiveFeed } from "./live-feed";

/** Opens the live feed for the children. */
export function Providers({ children }: { children: ReactNode }) {
  useLiveFeed();
  return <>{children}</>;
}
