// The match header: number, phase, weight class and both athletes with IOC flags in the
// match configuration's colours.
import { Flag } from "@/components/flag/flag";
import type { AthleteState, MatchState, Side } from "@/types/api";

const DEFAULT_COLOURS: Record<Side, { background: string; foreground: string }> = {
  blue: { background: "#1d4ed8", foreground: "#ffffff" },
  red: { background: "#dc2626", foreground: "#ffffff" },
};

/** The colours the PSS sent for a side, or the standard ones. */
export function sideColours(side: Side, athlete: AthleteState) {
  return {
    background: athlete.background ?? DEFAULT_COLOURS[side].background,
    foreground: athlete.foreground ?? DEFAULT_COLOURS[side].foreground,
  };
}

function AthleteLine({ side, athlete }: { side: Side; athlete: AthleteState }) {
  const colours = sideColours(side, athlete);
  return (
    <div
      className="flex min-h-11 items-center gap-2 rounded px-2 py-1"
      style={{ backgroundColor: colours.background, color: colours.foreground }}
      aria-label={`${side} athlete`}
    >
      <Flag ioc={athlete.ioc} height={18} />
      <span className="truncate font-bold">{athlete.long_name ?? athlete.short_name ?? `${side} athlete`}</span>
      {athlete.ioc ? <span className="ml-auto text-xs font-semibold opacity-90">{athlete.ioc}</span> : null}
    </div>
  );
}

/** Phase words shown to the operator. */
const PHASE_WORDS: Record<MatchState["phase"], string> = {
  idle: "No match",
  loaded: "Loaded",
  ready: "Ready",
  running: "Running",
  paused: "Paused",
  break: "Break",
  finished: "Finished",
};

/** The header of the dock. */
export function MatchHeader({ match }: { match: MatchState }) {
  return (
    <header aria-label="Match" className="flex flex-col gap-1">
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span className="font-extrabold">
          {match.number ? `Match ${match.number}` : "No match loaded"}
        </span>
        <span className="rounded bg-neutral-800 px-2 py-0.5 text-xs font-semibold uppercase" aria-label="Match phase">
          {PHASE_WORDS[match.phase]}
        </span>
      </div>
      <div className="truncate text-xs text-neutral-300">
        {[match.phase_name, match.weight_class, match.division].filter(Boolean).join(" · ") || "—"}
      </div>
      <AthleteLine side="blue" athlete={match.blue} />
      <AthleteLine side="red" athlete={match.red} />
    </header>
  );
}
