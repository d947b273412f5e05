// Connects the one event socket to the stores: snapshot and state to useMatchStore, datagram
// events to useEventsStore and the feed's freshness to useConnectionStore; OBS, recording,
// replay, manual mode, the UDP listener, the PSS sources and the licence to useMatchStore; settings to
// useSettingsStore, log lines to useLogStore, marks to useMarksStore and the event table.
import { useEffect } from "react";

import { useEventsStore } from "@/features/events/stores/use-events-store";
import { useConnectionStore } from "@/features/live-match/stores/use-connection-store";
import { useMarksStore } from "@/features/live-match/stores/use-marks-store";
import { useMatchStore } from "@/features/live-match/stores/use-match-store";
import { useLogStore } from "@/features/settings/stores/use-log-store";
import { useSettingsStore } from "@/features/settings/stores/use-settings-store";
import { connectEventSocket, type EventSocket } from "@/lib/event-socket";
import type { SocketMessage } from "@/types/api";

/** Applies one socket message to the stores. */
export function dispatchSocketMessage(message: SocketMessage): void {
  switch (message.type) {
    case "snapshot":
      useMatchStore.getState().applySnapshot(message);
      if (message.settings) useSettingsStore.getState().apply(message.settings);
      break;
    case "state":
      useMatchStore.getState().applyState(message.state);
      break;
    case "datagram":
      useConnectionStore.getState().datagramArrived(Date.now());
      useEventsStore.getState().append(message.events);
      break;
    case "stored":
      useMatchStore.getState().applyStored(message.up_to_seq);
      break;
    case "counters":
      useMatchStore.getState().applyCounters(message.counters);
      break;
    case "obs":
      useMatchStore.getState().applyObs(message.obs);
      break;
    case "recording":
      useMatchStore.getState().applyRecording(message.recording);
      break;
    case "replay":
      useMatchStore.getState().applyReplay(message.replay);
      break;
    case "settings":
      useSettingsStore.getState().apply(message.settings);
      break;
    case "manual":
      useMatchStore.getState().setManualMode(message.enabled);
      break;
    case "mark":
      useMarksStore.getState().add(message.mark);
      useEventsStore.getState().addMarks([message.mark]);
      break;
    case "log":
      useLogStore.getState().add([message.log]);
      break;
    case "udp":
      useMatchStore.getState().applyUdp(message.udp);
      break;
    case "licence":
      useMatchStore.getState().applyLicence(message.licence);
      break;
    case "pss":
      useMatchStore.getState().applyPss(message.pss);
      break;
  }
}

/** Opens the socket wired to the stores. */
export function startLiveFeed(): EventSocket {
  const connection = useConnectionStore.getState();
  return connectEventSocket({
    onMessage: dispatchSocketMessage,
    onStatus: connection.setSocket,
    onInvalid: (reason) => {
      connection.frameRefused(reason);
      console.warn(`event socket: refused ${reason}`);
    },
  });
}

/** Keeps the live feed open while mounted. */
export function useLiveFeed(): void {
  useEffect(() => {
    const socket = startLiveFeed();
    return () => socket.close();
  }, []);
}
