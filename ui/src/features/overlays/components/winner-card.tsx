// The winner card overlay: shown once the PSS names a winner.
import { Flag } from "@/components/flag/flag";
import type { MatchState } from "@/types/api";

/** The card; nothing is drawn until `winner` is set. */
export function WinnerCard({ match }: { match: MatchState | null }) {
  if (!match || match.winner === null) return null;
  const athlete = match.winner === "blue" ? match.blue : match.red;
  const colour = athlete.background ?? (match.winner === "blue" ? "#1d4ed8" : "#dc2626");
  const name = match.winner_name ?? athlete.long_name ?? athlete.short_name ?? match.winner;
  return (
    <div className="absolute inset-0 flex items-center justify-center">
      <div
        role="status"
        aria-label="Winner card"
        className="animate-card-in flex w-[900px] flex-col items-center gap-5 rounded-2xl bg-neutral-950/95 p-12 text-white shadow-2xl"
        style={{ boxShadow: `0 0 0 8px ${colour}` }}
      >
        <span className="text-3xl font-bold tracking-[0.3em] text-amber-300">WINNER</span>
        <div className="flex items-center gap-6">
          <Flag ioc={athlete.ioc} height={80} />
          <span className="text-6xl font-black uppercase">{name}</span>
        </div>
        <span className="text-3xl font-bold text-neutral-300">{athlete.ioc ?? ""}</span>
        <span className="text-5xl font-black tabular-nums">
          <span className="text-blue-400">{match.blue.score}</span>
          <span className="px-4 text-neutral-500">:</span>
          <span className="text-red-400">{match.red.score}</span>
        </span>
        {match.classification ? <span className="text-2xl font-semibold text-neutral-300">{match.classification}</span> : null}
        <span className="text-xl text-neutral-400">{[match.weight_class, match.phase_name].filter(Boolean).join(" · ")}</span>
      </div>
    </div>
  );
}
