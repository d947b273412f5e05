// The dock's big touch buttons. REPLAY and CLOSE REPLAY come from the replay feature and
// MANUAL MODE from the manual feature, so the route passes them in; MARK EVENT is ours.
import { useState } from "react";

import { Button } from "@/components/ui/button";

import { postMark } from "../api/post-mark";

interface ActionButtonsProps {
  /** Whether a challenge is under review (shows CLOSE REPLAY). */
  challengeOpen: boolean;
  onReplay: () => void;
  onCloseReplay: () => void;
  onManualMode: () => void;
  manualMode: boolean;
}

/** REPLAY, MANUAL MODE, MARK EVENT and (while a challenge is open) CLOSE REPLAY. */
export function ActionButtons({ challengeOpen, onReplay, onCloseReplay, onManualMode, manualMode }: ActionButtonsProps) {
  const [marking, setMarking] = useState(false);
  const mark = async () => {
    setMarking(true);
    try {
      await postMark("operator mark");
    } catch {
      // the API client has notified the operator
    } finally {
      setMarking(false);
    }
  };
  return (
    <div className="grid grid-cols-2 gap-2">
      <Button big tone="primary" onClick={onReplay}>
        REPLAY
      </Button>
      <Button big tone={manualMode ? "warning" : "neutral"} onClick={onManualMode} aria-pressed={manualMode}>
        MANUAL MODE
      </Button>
      <Button big tone="neutral" onClick={mark} disabled={marking}>
        MARK EVENT
      </Button>
      {challengeOpen ? (
        <Button big tone="danger" onClick={onCloseReplay}>
          CLOSE REPLAY
        </Button>
      ) : null}
    </div>
  );
}
