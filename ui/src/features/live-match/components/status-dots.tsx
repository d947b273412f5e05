// The four status dots: PSS feed (live, or "stopped" as a hollow ring while the operator has
// stopped the UDP listener), OBS REC, OBS STR (from the server's OBS connections) and the
// licence (from the server's licence check).
import { StatusDot } from "@/components/ui/status-dot";

import { useConnectionStore } from "../stores/use-connection-store";
import { selectLicence, selectObs, selectUdpStopped, useMatchStore } from "../stores/use-match-store";
import { licenceDot } from "./licence-dot";
import { obsDot } from "./obs-dot";
import { useFeedFresh } from "./use-feed-fresh";

/** PSS, REC, STR, LIC dots in a row, or a 2×2 grid with `grid` (the collapsed dock). */
export function StatusDots({ grid = false }: { grid?: boolean }) {
  const fresh = useFeedFresh();
  const socket = useConnectionStore((state) => state.socket);
  const obs = useMatchStore(selectObs);
  const licence = useMatchStore(selectLicence);
  const stopped = useMatchStore(selectUdpStopped);
  const pssTitle =
    socket !== "open"
      ? `no connection to the server (${socket})`
      : stopped
        ? "stopped: the UDP listener is off (Settings, PSS feed: Start listening)"
        : fresh
          ? "a PSS datagram arrived in the last 5 s"
          : "no PSS datagram in the last 5 s";
  const pss = socket !== "open" ? "error" : stopped ? "off" : fresh ? "ok" : "warn";
  const rec = obsDot(obs, "rec");
  const str = obsDot(obs, "str");
  const lic = licenceDot(licence, new Date());
  return (
    <div className={grid ? "grid grid-cols-2 gap-x-4 gap-y-1" : "flex flex-wrap gap-x-3 gap-y-1"}>
      <StatusDot label="PSS" state={pss} word={pss === "off" ? "stopped" : undefined} title={pssTitle} />
      <StatusDot label="REC" state={rec.state} word={rec.word} title={rec.title} />
      <StatusDot label="STR" state={str.state} word={str.word} title={str.title} />
      <StatusDot label="LIC" state={lic.state} word={lic.word} title={lic.title} />
    </div>
  );
}
