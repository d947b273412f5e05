// The scoreboard overlay for a 1920×1080 OBS browser source: names, IOC flags, scores, round,
// clock, gam-jeom and injury timers, lower left, on a transparent page.
import { Flag } from "@/components/flag/flag";
import type { AthleteState, MatchState, Side } from "@/types/api";

const SIDE_COLOURS: Record<Side, string> = { blue: "#1d4ed8", red: "#dc2626" };

function Row({ side, athlete }: { side: Side; athlete: AthleteState }) {
  const background = athlete.background ?? SIDE_COLOURS[side];
  const foreground = athlete.foreground ?? "#ffffff";
  return (
    <div className="flex h-[72px] items-stretch" aria-label={`${side} athlete`}>
      <div className="flex w-[560px] items-center gap-4 bg-neutral-950/90 px-5 text-white">
        <Flag ioc={athlete.ioc} height={40} />
        <span className="w-16 text-2xl font-bold text-neutral-300">{athlete.ioc ?? ""}</span>
        <span className="truncate text-3xl font-extrabold uppercase">{athlete.short_name ?? athlete.long_name ?? side}</span>
      </div>
      <div className="flex w-[110px] items-center justify-center bg-neutral-800/95 text-2xl font-bold text-amber-300" aria-label={`${side} gam-jeom`}>
        GJ {athlete.gam_jeom}
      </div>
      <div
        className="flex w-[110px] items-center justify-center text-5xl font-black tabular-nums"
        style={{ backgroundColor: background, color: foreground }}
        aria-label={`${side} score`}
      >
        {athlete.score}
      </div>
      {athlete.injury?.shown ? (
        <div className="flex items-center bg-amber-400 px-4 text-3xl font-black text-black tabular-nums" aria-label={`${side} injury time`}>
          ✚ {athlete.injury.text}
        </div>
      ) : null}
    </div>
  );
}

/** The scoreboard overlay; nothing is drawn before a match is loaded. */
export function ScoreboardOverlay({ match }: { match: MatchState | null }) {
  if (!match || match.match_id === null || match.phase === "idle") return null;
  const clock = match.phase === "break" && match.break ? match.break : match.clock;
  return (
    <div aria-label="Scoreboard overlay" className="absolute bottom-[72px] left-[72px] flex flex-col gap-[3px] shadow-2xl">
      <div className="flex h-[44px] w-[780px] items-center justify-between bg-neutral-900/95 px-5 text-xl font-bold text-white">
        <span>{[match.weight_class, match.phase_name].filter(Boolean).join(" · ") || `Match ${match.number ?? ""}`}</span>
        <span className="flex items-center gap-5">
          <span aria-label="Round">{match.golden_round ? "GOLDEN ROUND" : `ROUND ${match.round ?? "-"}`}</span>
          <span aria-label="Clock" className={`min-w-[90px] text-right text-3xl font-black tabular-nums ${clock?.running ? "" : "text-amber-300"}`}>
            {clock?.text ?? "-:--"}
          </span>
        </span>
      </div>
      <Row side="blue" athlete={match.blue} />
      <Row side="red" athlete={match.red} />
    </div>
  );
}
