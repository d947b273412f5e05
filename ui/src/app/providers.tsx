// What every page needs around it: the sign-in (on the venue network), then the live feed
// (the one event socket), opened only once the server lets this browser in.
import type { ReactNode } from "react";

import { SignInGate } from "@/features/access/components/sign-in-gate";

import { useLiveFeed } from "./live-feed";

function LiveFeed({ children }: { children: ReactNode }) {
  useLiveFeed();
  return <>{children}</>;
}

/** Signs in when needed, then opens the live feed for the children. */
export function Providers({ children }: { children: ReactNode }) {
  return (
    <SignInGate>
      <LiveFeed>{children}</LiveFeed>
    </SignInGate>
  );
}
