// useMatchStore: the live match, counters, UDP bind and manual mode as the event socket last
// reported them. The socket (app/live-feed.ts) is the only writer.
import { create } from "zustand";

import type { Counters, MatchState, SnapshotMessage, UdpBind } from "@/types/api";

interface MatchStoreState {
  /** The live match; null until the first snapshot. */
  match: MatchState | null;
  counters: Counters | null;
  udp: UdpBind | null;
  manualMode: boolean;
  /** Highest datagram seq the server reported as durably stored. */
  storedUpTo: number;
  applySnapshot: (snapshot: SnapshotMessage) => void;
  applyState: (state: MatchState) => void;
  applyCounters: (counters: Counters) => void;
  applyStored: (upToSeq: number) => void;
  setManualMode: (enabled: boolean) => void;
  reset: () => void;
}

const initial = {
  match: null,
  counters: null,
  udp: null,
  manualMode: false,
  storedUpTo: 0,
};

/** The live match store. */
export const useMatchStore = create<MatchStoreState>()((set) => ({
  ...initial,
  applySnapshot: (snapshot) =>
    set({
      match: snapshot.state,
      counters: snapshot.counters,
      udp: snapshot.udp,
      manualMode: snapshot.manual_mode,
    }),
  applyState: (state) => set({ match: state }),
  applyCounters: (counters) => set({ counters }),
  applyStored: (upToSeq) => set((current) => ({ storedUpTo: Math.max(current.storedUpTo, upToSeq) })),
  setManualMode: (enabled) => set({ manualMode: enabled }),
  reset: () => set(initial),
}));

/**
 * Whether OBS is recording. The API has no OBS state yet, so this is always false; when
 * `/api/obs` lands, this one selector reads it and the record dot follows.
 */
export function selectRecording(_state: MatchStoreState): boolean {
  return false;
}
