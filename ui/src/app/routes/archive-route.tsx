// The recordings archive screen.
import { ArchiveView } from "@/features/archive/components/archive-view";

import { playEvent } from "../play-event";
import { PageFrame } from "./page-frame";

/** /archive */
export function ArchiveRoute() {
  return (
    <PageFrame title="Recordings archive">
      <ArchiveView onPlayMoment={(matchId, marker) => playEvent(marker.event, matchId)} />
    </PageFrame>
  );
}
