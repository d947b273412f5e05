// The recordings archive: stored matches (time, number, athletes, category, result) with
// search and filters kept in the URL (match, athlete, IOC code, event type) and a timeline
// per match whose markers play their moment.
import { useSearchParams } from "react-router";

import { Flag } from "@/components/flag/flag";
import { EVENT_CATEGORIES, type EventCategory } from "@/lib/event-kinds";
import type { Match } from "@/types/api";

import { useMatchEvents } from "../api/get-match-events";
import { useMatches } from "../api/get-matches";
import { MatchTimeline, TIMELINE_CATEGORIES, TIMELINE_LEGEND, timelineMarkers, type TimelineMarker } from "./match-timeline";

interface ArchiveViewProps {
  /** Plays a moment of a stored match (replay feature). */
  onPlayMoment: (matchId: number, marker: TimelineMarker) => void;
}

function formatTime(us: number | null): string {
  if (us === null) return "—";
  return new Date(us / 1000).toLocaleString(undefined, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  });
}

function includes(haystack: string | null | undefined, needle: string): boolean {
  return (haystack ?? "").toLowerCase().includes(needle.toLowerCase());
}

function matchesFilters(match: Match, number: string, athlete: string, ioc: string): boolean {
  const sides = [match.blue, match.red];
  return (
    (!number || includes(match.match_number, number)) &&
    (!athlete || sides.some((side) => includes(side.long_name, athlete) || includes(side.short_name, athlete))) &&
    (!ioc || sides.some((side) => (side.ioc ?? "").toUpperCase() === ioc.toUpperCase()))
  );
}

function MatchRow({ match, only, onPlayMoment }: { match: Match; only: EventCategory | null; onPlayMoment: ArchiveViewProps["onPlayMoment"] }) {
  const events = useMatchEvents(match.id);
  const markers = events.data ? timelineMarkers(events.data, only) : [];
  if (only !== null && events.data && markers.length === 0) return null;
  const title = `Match ${match.match_number ?? match.id}`;
  return (
    <li aria-label={title} className="rounded-lg bg-neutral-900 p-3 ring-1 ring-neutral-700">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h3 className="text-lg font-extrabold">{title}</h3>
        <span className="text-sm text-neutral-300">{formatTime(match.started_at_us ?? match.loaded_at_us)}</span>
        <span className="text-sm text-neutral-300">
          {[match.phase, match.weight_class, match.division].filter(Boolean).join(" · ")}
        </span>
        <span className="ml-auto rounded bg-neutral-800 px-2 text-xs font-bold uppercase">{match.status}</span>
      </div>
      <div className="mt-1 flex flex-wrap items-center gap-3 text-sm font-semibold">
        <span className="flex items-center gap-1 text-blue-300">
          <Flag ioc={match.blue.ioc} height={16} /> {match.blue.long_name ?? "—"} ({match.blue.ioc ?? "?"})
        </span>
        <span className="tabular-nums text-white" aria-label="Final score">
          {match.score.blue} : {match.score.red}
        </span>
        <span className="flex items-center gap-1 text-red-300">
          <Flag ioc={match.red.ioc} height={16} /> {match.red.long_name ?? "—"} ({match.red.ioc ?? "?"})
        </span>
        {match.winner_name ? (
          <span className="text-neutral-300">
            Winner: {match.winner_name} {match.classification ? `(${match.classification})` : ""}
          </span>
        ) : null}
      </div>
      <div className="mt-2">
        {events.loading ? (
          <p className="text-xs text-neutral-400">Loading timeline…</p>
        ) : events.failed ? (
          <p className="text-xs text-red-300">The timeline could not be loaded</p>
        ) : (
          <MatchTimeline
            label={`Timeline of ${title}`}
            markers={markers}
            onPlay={(marker) => onPlayMoment(match.id, marker)}
          />
        )}
      </div>
    </li>
  );
}

const FIELD = "min-h-11 rounded-lg bg-neutral-900 px-3 text-sm ring-1 ring-neutral-600";

/** The archive screen. */
export function ArchiveView({ onPlayMoment }: ArchiveViewProps) {
  const [params, setParams] = useSearchParams();
  const number = params.get("match") ?? "";
  const athlete = params.get("athlete") ?? "";
  const ioc = params.get("ioc") ?? "";
  const type = (params.get("type") ?? "") as EventCategory | "";
  const serverQuery = number || athlete || ioc;
  const matches = useMatches(serverQuery);
  const set = (name: string, value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  const shown = (matches.data ?? []).filter((match) => matchesFilters(match, number, athlete, ioc));
  return (
    <section aria-label="Recordings archive" className="flex flex-col gap-3">
      <form role="search" aria-label="Filter recordings" className="flex flex-wrap gap-2" onSubmit={(event) => event.preventDefault()}>
        <input aria-label="Match number" placeholder="Match" value={number} onChange={(event) => set("match", event.target.value)} className={`${FIELD} w-28`} />
        <input aria-label="Athlete" placeholder="Athlete" value={athlete} onChange={(event) => set("athlete", event.target.value)} className={`${FIELD} w-44`} />
        <input aria-label="IOC code" placeholder="IOC" maxLength={3} value={ioc} onChange={(event) => set("ioc", event.target.value.toUpperCase())} className={`${FIELD} w-20 uppercase`} />
        <select aria-label="Event type" value={type} onChange={(event) => set("type", event.target.value)} className={FIELD}>
          <option value="">All event types</option>
          {EVENT_CATEGORIES.filter(({ category }) => TIMELINE_CATEGORIES.includes(category)).map(({ category, label }) => (
            <option key={category} value={category}>
              {label}
            </option>
          ))}
        </select>
      </form>
      <ul aria-label="Legend" className="flex flex-wrap gap-3 text-xs text-neutral-300">
        {TIMELINE_LEGEND.map((entry) => (
          <li key={entry.label} className="flex items-center gap-1">
            <span className={`inline-block h-3 w-2 rounded-sm ${entry.className}`} aria-hidden="true" />
            {entry.label}
          </li>
        ))}
      </ul>
      {matches.loading && !matches.data ? <p>Loading recordings…</p> : null}
      {matches.failed ? <p className="text-red-300">The archive could not be loaded.</p> : null}
      {matches.data && shown.length === 0 ? <p className="text-neutral-300">No stored match matches these filters.</p> : null}
      <ol aria-label="Stored matches" className="flex flex-col gap-3">
        {shown.map((match) => (
          <MatchRow key={match.id} match={match} only={type || null} onPlayMoment={onPlayMoment} />
        ))}
      </ol>
    </section>
  );
}
