// The big record dot: pulsing red while OBS records, grey otherwise.
import { selectRecording, useMatchStore } from "../stores/use-match-store";

/** The record dot bound to the one `selectRecording` selector. */
export function RecordDot({ size = 56 }: { size?: number }) {
  const recording = useMatchStore(selectRecording);
  const path = useMatchStore((state) => state.recording.path);
  return (
    <span
      role="img"
      aria-label={recording ? "recording" : "not recording"}
      title={recording ? `OBS is recording${path ? ` into ${path}` : ""}` : "not recording"}
      data-recording={recording}
      style={{ width: size, height: size }}
      className={`inline-block rounded-full ${
        recording ? "animate-rec-pulse bg-red-600 shadow-[0_0_24px_#dc2626]" : "bg-neutral-600"
      }`}
    />
  );
}
