// A small coloured status dot with a text label and a title explaining it.

/** What a dot shows. */
export type DotState = "ok" | "warn" | "error" | "unknown" | "off";

const COLOURS: Record<DotState, string> = {
  ok: "bg-green-500",
  warn: "bg-amber-400",
  error: "bg-red-600",
  unknown: "bg-neutral-500",
  // Switched off on purpose: a hollow ring, unlike any fault.
  off: "bg-transparent ring-2 ring-inset ring-neutral-300",
};

const WORDS: Record<DotState, string> = {
  ok: "ok",
  warn: "stale",
  error: "down",
  unknown: "unknown",
  off: "off",
};

interface StatusDotProps {
  label: string;
  state: DotState;
  /** Why it has this colour (tooltip). */
  title: string;
  /** The word after the label in its accessible name, instead of the state's default word. */
  word?: string;
}

/** `● PSS` with role="status" and a name such as "PSS feed: ok". */
export function StatusDot({ label, state, title, word }: StatusDotProps) {
  return (
    <span
      role="status"
      aria-label={`${label}: ${word ?? WORDS[state]}`}
      title={title}
      data-state={state}
      className="inline-flex items-center gap-1 text-xs font-semibold text-neutral-200"
    >
      <span className={`inline-block h-3 w-3 rounded-full ${COLOURS[state]}`} aria-hidden="true" />
      {label}
    </span>
  );
}
