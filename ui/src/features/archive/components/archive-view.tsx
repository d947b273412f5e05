// The recordings archive: recordings and replay clips (time, match number, athletes with
// flags, category, event tags, whether the file still exists), then the stored matches that
// have no recording. Search and filters are kept in the URL (match, athlete, IOC code, event
// type, kind). Each row has a timeline of its match's points, penalties, challenges, clock
// stops and operator marks; a click plays that moment.
import { useSearchParams } from "react-router";

import { Flag } from "@/components/flag/flag";
import { EVENT_CATEGORIES, type EventCategory } from "@/lib/event-kinds";
import type { ArchiveRecording, Match, NamedAthlete } from "@/types/api";

import { useMatchMoments } from "../api/get-match-events";
import { useMatches } from "../api/get-matches";
import { useTournamentDays } from "../api/get-days";
import { useRecordings } from "../api/get-recordings";
import { MatchTimeline, TIMELINE_CATEGORIES, TIMELINE_LEGEND, timelineMarkers, type TimelineMarker, type TimelineSpan } from "./match-timeline";

/** Where a click on a marker should play. */
export type ArchiveMoment =
  | { kind: "recording"; recording: ArchiveRecording; marker: TimelineMarker }
  | { kind: "match"; match: Match; marker: TimelineMarker };

interface ArchiveViewProps {
  /** Plays a moment (replay feature). */
  onPlayMoment: (moment: ArchiveMoment) => void;
  /** Bumped when a new mark arrives: timelines reload. */
  marksVersion: number;
}

/**
 * The server's event kind behind each filterable category; clock stops and marks are not in
 * a recording's `event_kinds`, so they are filtered here only.
 */
const EVENT_KIND_OF: Partial<Record<EventCategory, string>> = {
  point: "point",
  penalty: "gam_jeom",
  challenge: "challenge",
};

/** Labels of the server's event kinds on a recording's tags. */
const TAG_WORDS: Record<string, string> = {
  point: "points",
  gam_jeom: "gam-jeom",
  challenge: "challenges",
  injury: "injury",
  winner: "winner",
};

type KindFilter = "" | "recording" | "clip" | "match";

function formatTime(us: number | null): string {
  if (us === null) return "—";
  return new Date(us / 1000).toLocaleString(undefined, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

function formatDuration(startUs: number, stopUs: number | null): string {
  if (stopUs === null) return "still recording";
  const seconds = Math.max(0, Math.round((stopUs - startUs) / 1_000_000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

function includes(haystack: string | null | undefined, needle: string): boolean {
  return (haystack ?? "").toLowerCase().includes(needle.toLowerCase());
}

interface Names {
  number: string | null;
  athletes: { name: string | null; short?: string | null; ioc: string | null }[];
}

function passes(names: Names, number: string, athlete: string, ioc: string): boolean {
  return (
    (!number || includes(names.number, number)) &&
    (!athlete || names.athletes.some((side) => includes(side.name, athlete) || includes(side.short, athlete))) &&
    (!ioc || names.athletes.some((side) => (side.ioc ?? "").toUpperCase() === ioc.toUpperCase()))
  );
}

function Athlete({ athlete, side }: { athlete: NamedAthlete; side: "blue" | "red" }) {
  return (
    <span className={`flex items-center gap-1 ${side === "blue" ? "text-blue-300" : "text-red-300"}`}>
      <Flag ioc={athlete.ioc} height={16} /> {athlete.name ?? "—"} ({athlete.ioc ?? "?"})
    </span>
  );
}

function Timeline({
  matchId,
  title,
  only,
  span,
  refresh,
  onPlay,
}: {
  matchId: number;
  title: string;
  only: EventCategory | null;
  span: TimelineSpan | null;
  refresh: number;
  onPlay: (marker: TimelineMarker) => void;
}) {
  const moments = useMatchMoments(matchId, refresh);
  if (moments.loading && !moments.data) return <p className="text-xs text-neutral-400">Loading timeline…</p>;
  if (moments.failed || !moments.data) return <p className="text-xs text-red-300">The timeline could not be loaded</p>;
  const markers = timelineMarkers(moments.data.events, only, moments.data.marks, span);
  if (markers.length === 0) return <p className="text-xs text-neutral-400">Nothing to mark on this timeline.</p>;
  return <MatchTimeline label={`Timeline of ${title}`} markers={markers} onPlay={onPlay} />;
}

function RecordingRow({ recording, only, refresh, onPlayMoment }: { recording: ArchiveRecording; only: EventCategory | null; refresh: number; onPlayMoment: ArchiveViewProps["onPlayMoment"] }) {
  const number = recording.match_number ?? (recording.match_id !== null ? `#${recording.match_id}` : "?");
  const title = `${recording.kind === "clip" ? "Clip" : "Recording"} ${recording.id} of match ${number}`;
  const span: TimelineSpan = { start_us: recording.started_at_us, end_us: recording.stopped_at_us ?? Date.now() * 1000 };
  return (
    <li aria-label={title} data-kind={recording.kind} className="rounded-lg bg-neutral-900 p-3 ring-1 ring-neutral-700">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <span className={`rounded px-2 text-xs font-black uppercase ${recording.kind === "clip" ? "bg-purple-700" : "bg-red-700"}`}>{recording.kind}</span>
        <h3 className="text-lg font-extrabold">Match {number}</h3>
        <span className="text-sm text-neutral-300">
          {formatTime(recording.started_at_us)} · {formatDuration(recording.started_at_us, recording.stopped_at_us)}
        </span>
        <span className="text-sm text-neutral-300">{[recording.phase, recording.weight_class].filter(Boolean).join(" · ")}</span>
        <span
          className={`ml-auto rounded px-2 text-xs font-bold uppercase ${recording.exists ? "bg-green-800 text-white" : "bg-amber-400 text-black"}`}
          title={recording.path ?? "OBS did not name the file"}
        >
          {recording.exists ? "file exists" : "file missing"}
        </span>
      </div>
      <div className="mt-1 flex flex-wrap items-center gap-3 text-sm font-semibold">
        <Athlete athlete={recording.blue} side="blue" />
        <span className="text-neutral-400">vs</span>
        <Athlete athlete={recording.red} side="red" />
        <ul aria-label="Event tags" className="flex flex-wrap gap-1">
          {recording.event_kinds.map((kind) => (
            <li key={kind} className="rounded-full bg-neutral-800 px-2 text-xs font-bold text-neutral-100">
              {TAG_WORDS[kind] ?? kind.replace(/_/g, " ")}
            </li>
          ))}
        </ul>
      </div>
      <p className="mt-1 break-all font-mono text-xs text-neutral-400">{recording.path ?? "file name unknown (OBS did not say it)"}</p>
      <div className="mt-2">
        {recording.match_id === null ? (
          <p className="text-xs text-neutral-400">Not linked to a match: no timeline.</p>
        ) : (
          <Timeline
            matchId={recording.match_id}
            title={title}
            only={only}
            span={span}
            refresh={refresh}
            onPlay={(marker) => onPlayMoment({ kind: "recording", recording, marker })}
          />
        )}
      </div>
    </li>
  );
}

function MatchRow({ match, only, refresh, onPlayMoment }: { match: Match; only: EventCategory | null; refresh: number; onPlayMoment: ArchiveViewProps["onPlayMoment"] }) {
  const title = `Match ${match.match_number ?? match.id}`;
  return (
    <li aria-label={title} className="rounded-lg bg-neutral-900 p-3 ring-1 ring-neutral-700">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h3 className="text-lg font-extrabold">{title}</h3>
        <span className="text-sm text-neutral-300">{formatTime(match.started_at_us ?? match.loaded_at_us)}</span>
        <span className="text-sm text-neutral-300">{[match.phase, match.weight_class, match.division].filter(Boolean).join(" · ")}</span>
        <span className="ml-auto rounded bg-neutral-800 px-2 text-xs font-bold uppercase">{match.status} · no recording</span>
      </div>
      <div className="mt-1 flex flex-wrap items-center gap-3 text-sm font-semibold">
        <Athlete athlete={{ name: match.blue.long_name, ioc: match.blue.ioc }} side="blue" />
        <span className="tabular-nums text-white" aria-label="Final score">
          {match.score.blue} : {match.score.red}
        </span>
        <Athlete athlete={{ name: match.red.long_name, ioc: match.red.ioc }} side="red" />
        {match.winner_name ? (
          <span className="text-neutral-300">
            Winner: {match.winner_name} {match.classification ? `(${match.classification})` : ""}
          </span>
        ) : null}
      </div>
      <div className="mt-2">
        <Timeline matchId={match.id} title={title} only={only} span={null} refresh={refresh} onPlay={(marker) => onPlayMoment({ kind: "match", match, marker })} />
      </div>
    </li>
  );
}

const FIELD = "min-h-11 rounded-lg bg-neutral-900 px-3 text-sm ring-1 ring-neutral-600";

/** The archive screen. */
export function ArchiveView({ onPlayMoment, marksVersion }: ArchiveViewProps) {
  const [params, setParams] = useSearchParams();
  const number = params.get("match") ?? "";
  const athlete = params.get("athlete") ?? "";
  const ioc = params.get("ioc") ?? "";
  const type = (params.get("type") ?? "") as EventCategory | "";
  const kind = (params.get("kind") ?? "") as KindFilter;
  const dayId = params.get("day") ?? "";
  const serverQuery = number || athlete || ioc;
  const recordings = useRecordings({ q: serverQuery, eventKind: type ? (EVENT_KIND_OF[type] ?? "") : "", dayId });
  const matches = useMatches(serverQuery, 0, dayId);
  const days = useTournamentDays();
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
  const only = type || null;
  const recorded = new Set((recordings.data ?? []).map((recording) => recording.match_id).filter((id) => id !== null));
  const shownRecordings = (recordings.data ?? []).filter(
    (recording) =>
      (kind === "" || kind === recording.kind) &&
      passes({ number: recording.match_number, athletes: [recording.blue, recording.red] }, number, athlete, ioc),
  );
  const shownMatches =
    kind === "" || kind === "match"
      ? (matches.data ?? []).filter(
          (match) =>
            !recorded.has(match.id) &&
            passes(
              {
                number: match.match_number,
                athletes: [match.blue, match.red].map((side) => ({ name: side.long_name, short: side.short_name, ioc: side.ioc })),
              },
              number,
              athlete,
              ioc,
            ),
        )
      : [];
  const loaded = recordings.data !== null || matches.data !== null;
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
        <select aria-label="Day" value={dayId} onChange={(event) => set("day", event.target.value)} className={FIELD}>
          <option value="">Every day</option>
          {days.map((day) => (
            <option key={day.id} value={String(day.id)}>
              {day.tournament} · {day.name}
            </option>
          ))}
        </select>
        <select aria-label="Kind" value={kind} onChange={(event) => set("kind", event.target.value)} className={FIELD}>
          <option value="">Recordings, clips and matches</option>
          <option value="recording">Recordings</option>
          <option value="clip">Replay clips</option>
          <option value="match">Matches without a recording</option>
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
      {!loaded && (recordings.loading || matches.loading) ? <p>Loading recordings…</p> : null}
      {recordings.failed ? <p className="text-red-300">The recordings could not be loaded.</p> : null}
      {matches.failed ? <p className="text-red-300">The stored matches could not be loaded.</p> : null}
      {loaded && shownRecordings.length === 0 && shownMatches.length === 0 ? (
        <p className="text-neutral-300">Nothing in the archive matches these filters.</p>
      ) : null}
      {shownRecordings.length > 0 ? (
        <>
          <h2 className="text-base font-bold">Recordings and clips</h2>
          <ol aria-label="Recordings and clips" className="flex flex-col gap-3">
            {shownRecordings.map((recording) => (
              <RecordingRow key={`${recording.kind}:${recording.id}`} recording={recording} only={only} refresh={marksVersion} onPlayMoment={onPlayMoment} />
            ))}
          </ol>
        </>
      ) : null}
      {shownMatches.length > 0 ? (
        <>
          <h2 className="text-base font-bold">Stored matches without a recording</h2>
          <ol aria-label="Stored matches" className="flex flex-col gap-3">
            {shownMatches.map((match) => (
              <MatchRow key={match.id} match={match} only={only} refresh={marksVersion} onPlayMoment={onPlayMoment} />
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
