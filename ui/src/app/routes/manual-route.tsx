// The manual mode screen; `?confirm=1` (from the dock's MANUAL MODE button) opens the dialog.
import { useSearchParams } from "react-router";

import { ManualModePanel } from "@/features/manual/components/manual-mode-panel";
import { useMatchStore } from "@/features/live-match/stores/use-match-store";

import { PageFrame } from "./page-frame";

/** /manual */
export function ManualRoute() {
  const enabled = useMatchStore((state) => state.manualMode);
  const setManualMode = useMatchStore((state) => state.setManualMode);
  const recording = useMatchStore((state) => state.recording.active);
  const [params] = useSearchParams();
  return (
    <PageFrame title="Manual mode">
      <ManualModePanel enabled={enabled} onChanged={setManualMode} askFirst={params.get("confirm") === "1"} recording={recording} />
    </PageFrame>
  );
}
