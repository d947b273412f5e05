// The recordings archive screen: a marker of a recording plays that recording at its offset,
// a marker of a match without a recording asks the server for any recording of that moment.
import { ArchiveView, type ArchiveMoment } from "@/features/archive/components/archive-view";
import { useMarksStore } from "@/features/live-match/stores/use-marks-store";
import { playMoment } from "@/features/replay/lib/play-moment";

import { PageFrame } from "./page-frame";

function play(moment: ArchiveMoment): void {
  const { marker } = moment;
  if (moment.kind === "recording") {
    void playMoment({
      recording_id: moment.recording.id,
      ...(moment.recording.kind === "clip" ? { kind: "clip" as const } : {}),
      offset_seconds: Math.max(0, (marker.at_us - moment.recording.started_at_us) / 1_000_000),
      description: marker.description,
    });
  } else {
    void playMoment({ match_id: moment.match.id, at_us: marker.at_us, description: marker.description });
  }
}

/** /archive */
export function ArchiveRoute() {
  const marksVersion = useMarksStore((state) => state.version);
  return (
    <PageFrame title="Recordings archive">
      <ArchiveView onPlayMoment={play} marksVersion={marksVersion} />
    </PageFrame>
  );
}
