// Whether a PSS datagram arrived in the last FEED_FRESH_MS; re-evaluated every second.
import { useEffect, useState } from "react";

import { FEED_FRESH_MS, useConnectionStore } from "../stores/use-connection-store";

/** True while the PSS feed is alive. */
export function useFeedFresh(): boolean {
  const lastDatagramAt = useConnectionStore((state) => state.lastDatagramAt);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return lastDatagramAt !== null && Math.max(now, Date.now()) - lastDatagramAt < FEED_FRESH_MS;
}
