// useConnectionStore: the event socket's status and when the last PSS datagram arrived, for
// the status dots. Written by app/live-feed.ts.
import { create } from "zustand";

import type { SocketStatus } from "@/lib/event-socket";

interface ConnectionState {
  socket: SocketStatus;
  /** `Date.now()` when the last datagram message arrived; null before the first. */
  lastDatagramAt: number | null;
  /** Why the last frame was refused, for diagnostics. */
  lastInvalid: string | null;
  setSocket: (status: SocketStatus) => void;
  datagramArrived: (at: number) => void;
  frameRefused: (reason: string) => void;
  reset: () => void;
}

/** How recent a datagram must be for the PSS feed dot to be green. */
export const FEED_FRESH_MS = 5000;

const initial = { socket: "closed" as SocketStatus, lastDatagramAt: null, lastInvalid: null };

/** The connection store. */
export const useConnectionStore = create<ConnectionState>()((set) => ({
  ...initial,
  setSocket: (socket) => set({ socket }),
  datagramArrived: (at) => set({ lastDatagramAt: at }),
  frameRefused: (reason) => set({ lastInvalid: reason }),
  reset: () => set(initial),
}));
