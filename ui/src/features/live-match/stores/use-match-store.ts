// useMatchStore: the live match, counters, UDP bind, the PSS sources, manual mode, OBS
// connections, recorder, replay state and the licence as the event socket last reported them. The socket (app/live-feed.ts) is the
// only writer.
import { create } from "zustand";

import type {
  Counters,
  Licence,
  MatchState,
  ObsConnection,
  PssSources,
  Recording,
  ReplayStatus,
  SnapshotMessage,
  UdpStatus,
} from "@/types/api";

interface MatchStoreState {
  /** The live match; null until the first snapshot. */
  match: MatchState | null;
  counters: Counters | null;
  /** The PSS listener; null until the first snapshot. */
  udp: UdpStatus | null;
  /** The scoring PCs heard and the one followed; null until the server says. */
  pss: PssSources | null;
  manualMode: boolean;
  /** Highest datagram seq the server reported as durably stored. */
  storedUpTo: number;
  /** The OBS connections; empty until the first snapshot (and when none is configured). */
  obs: ObsConnection[];
  /** The recorder; inactive until the server says otherwise. */
  recording: Recording;
  /** The replay flow; idle until the server says otherwise. */
  replay: ReplayStatus;
  /** This machine's licence; null until the server says (or when an old server does not). */
  licence: Licence | null;
  applySnapshot: (snapshot: SnapshotMessage) => void;
  applyState: (state: MatchState) => void;
  applyCounters: (counters: Counters) => void;
  applyStored: (upToSeq: number) => void;
  applyObs: (obs: ObsConnection[]) => void;
  applyRecording: (recording: Recording) => void;
  applyReplay: (replay: ReplayStatus) => void;
  applyLicence: (licence: Licence) => void;
  applyUdp: (udp: UdpStatus) => void;
  applyPss: (pss: PssSources) => void;
  setManualMode: (enabled: boolean) => void;
  reset: () => void;
}

const initial = {
  match: null,
  counters: null,
  udp: null,
  pss: null as PssSources | null,
  manualMode: false,
  storedUpTo: 0,
  obs: [] as ObsConnection[],
  recording: { active: false, path: null, match_id: null } as Recording,
  replay: { status: "idle", replay_id: null, reason: null } as ReplayStatus,
  licence: null as Licence | null,
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
      obs: snapshot.obs,
      recording: snapshot.recording,
      replay: snapshot.replay,
      licence: snapshot.licence ?? null,
      pss: snapshot.pss ?? null,
    }),
  applyState: (state) => set({ match: state }),
  applyCounters: (counters) => set({ counters }),
  applyStored: (upToSeq) => set((current) => ({ storedUpTo: Math.max(current.storedUpTo, upToSeq) })),
  applyObs: (obs) => set({ obs }),
  applyRecording: (recording) => set({ recording }),
  applyReplay: (replay) => set({ replay }),
  applyLicence: (licence) => set({ licence }),
  applyUdp: (udp) => set({ udp }),
  applyPss: (pss) => set({ pss }),
  setManualMode: (enabled) => set({ manualMode: enabled }),
  reset: () => set(initial),
}));

/** Whether OBS is recording a match now (the recorder's last word); the record dot follows it. */
export function selectRecording(state: MatchStoreState): boolean {
  return state.recording.active;
}

/** This machine's licence. */
export function selectLicence(state: MatchStoreState): Licence | null {
  return state.licence;
}

/** Whether the PSS listener is stopped (false until the server says so). */
export function selectUdpStopped(state: MatchStoreState): boolean {
  return state.udp?.listening === false;
}

/** The OBS connections. */
export function selectObs(state: MatchStoreState): ObsConnection[] {
  return state.obs;
}

/** The dock's warning when more than one scoring PC sends on this port, else null:
 * "2 scoring PCs on this port; following 10.0.0.11". */
export function selectPssWarning(state: MatchStoreState): string | null {
  const pss = state.pss;
  if (pss === null || pss.sending < 2) return null;
  const followed = pss.followed ?? "none yet (auto: the first that loads a fight)";
  return `${pss.sending} scoring PCs on this port; following ${followed}`;
}
