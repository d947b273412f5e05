// The live scoreboard of the dock: totals, round scores, gam-jeom, round, clock, injury timer.
import type { AthleteState, MatchState, Side } from "@/types/api";

import { sideColours } from "./match-header";

function SideScore({ side, athlete, rounds }: { side: Side; athlete: AthleteState; rounds: number }) {
  const colours = sideColours(side, athlete);
  const injury = athlete.injury;
  return (
    <div
      className="flex flex-1 flex-col items-center rounded-lg p-2"
      style={{ backgroundColor: colours.background, color: colours.foreground }}
    >
      <span className="text-xs font-bold uppercase">{side}</span>
      <span className="text-5xl font-black tabular-nums leading-none" aria-label={`${side} score`}>
        {athlete.score}
      </span>
      <span className="mt-1 text-xs font-semibold tabular-nums" aria-label={`${side} round scores`}>
        {athlete.round_scores.slice(0, Math.max(rounds, 1)).join(" · ")}
      </span>
      <span className="text-sm font-bold" aria-label={`${side} gam-jeom`}>
        GJ {athlete.gam_jeom}
      </span>
      {injury && injury.shown ? (
        <span className="mt-1 rounded bg-black/40 px-1 text-sm font-bold tabular-nums" aria-label={`${side} injury time`}>
          ✚ {injury.text}
        </span>
      ) : null}
    </div>
  );
}

/** Totals and clock of the live match. */
export function Scoreboard({ match }: { match: MatchState }) {
  const rounds = match.total_rounds ?? 3;
  const clock = match.clock;
  const breakClock = match.phase === "break" ? match.break : null;
  return (
    <section aria-label="Scoreboard" className="flex items-stretch gap-2">
      <SideScore side="blue" athlete={match.blue} rounds={rounds} />
      <div className="flex w-24 flex-col items-center justify-center gap-1 text-center">
        <span className="text-sm font-bold" aria-label="Round">
          {match.golden_round ? "Golden" : `R${match.round ?? "—"}`}
          {match.total_rounds ? <span className="text-neutral-400">/{match.total_rounds}</span> : null}
        </span>
        <span
          className={`text-3xl font-black tabular-nums ${clock?.running ? "text-white" : "text-amber-300"}`}
          aria-label="Clock"
        >
          {clock?.text ?? "—:—"}
        </span>
        {breakClock ? (
          <span className="text-xs font-semibold text-sky-300" aria-label="Break time">
            Break {breakClock.text}
          </span>
        ) : null}
      </div>
      <SideScore side="red" athlete={match.red} rounds={rounds} />
    </section>
  );
}
