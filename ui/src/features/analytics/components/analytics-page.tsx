// The Analytics page: a match, a day or a tournament in figures and charts (Recharts), each
// table also as a CSV download. The match view follows the live match: it is read again when
// the server reports newly stored datagrams (at most once a second).
import { useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";

import {
  csvUrl,
  getAthleteMatches,
  getAthleteView,
  listAthletes,
  type Athlete,
  type AthleteView,
  getDayView,
  getMatchView,
  getTournamentView,
  type AthleteRank,
  type ChallengeStats,
  type DayView,
  type KindCounts,
  type MatchView,
  type TournamentView,
} from "@/features/analytics/api/analytics";
import { getMatches } from "@/features/archive/api/get-matches";
import { useMatchStore } from "@/features/live-match/stores/use-match-store";
import { listDays, listTournaments, type Day, type Tournament } from "@/features/organiser/api/organiser";
import type { Match } from "@/types/api";

const CARD = "rounded-xl bg-neutral-900/60 p-4 ring-1 ring-neutral-800";
const FIELD = "min-h-11 rounded-lg bg-neutral-950 px-3 text-neutral-100 ring-1 ring-neutral-700";
const BLUE = "#3b82f6";
const RED = "#ef4444";
const KINDS: { key: keyof KindCounts; label: string }[] = [
  { key: "punch", label: "Punch" },
  { key: "body", label: "Body" },
  { key: "head", label: "Head" },
  { key: "technical_body", label: "Tech. body" },
  { key: "technical_head", label: "Tech. head" },
];

type Scope = "match" | "day" | "tournament" | "athlete";

const SCOPE_LABELS: Record<Scope, string> = { match: "Match", day: "Day", tournament: "Tournament", athlete: "Athlete" };

function number(value: number | null, digits = 1): string {
  return value === null ? "–" : value.toFixed(digits);
}

function Figures({ items }: { items: [string, string][] }) {
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt className="text-neutral-400">{label}</dt>
          <dd className="text-lg font-bold" aria-label={label}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function PointsChart({ blue, red, labels = ["Blue", "Red"] }: { blue: KindCounts; red: KindCounts; labels?: [string, string] }) {
  const data = KINDS.map(({ key, label }) => ({ kind: label, blue: blue[key], red: red[key] }));
  return (
    <figure aria-label="Points by kind">
      <figcaption className="font-bold">Points by kind</figcaption>
      <BarChart width={520} height={240} data={data}>
        <CartesianGrid strokeDasharray="3 3" stroke="#333" />
        <XAxis dataKey="kind" stroke="#ccc" />
        <YAxis allowDecimals={false} stroke="#ccc" />
        <Tooltip />
        <Legend />
        <Bar dataKey="blue" name={labels[0]} fill={BLUE} isAnimationActive={false} />
        <Bar dataKey="red" name={labels[1]} fill={RED} isAnimationActive={false} />
      </BarChart>
    </figure>
  );
}

/** A table's header row. */
function Head({ columns }: { columns: string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column} className="pr-4">
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function ChallengesTable({ stats }: { stats: ChallengeStats }) {
  const rows: [string, ChallengeStats["all"]][] = [
    ["Blue", stats.blue],
    ["Red", stats.red],
    ["Referee", stats.referee],
    ["All", stats.all],
  ];
  return (
    <table aria-label="Challenges" className="text-left text-sm">
      <Head columns={["By", "Requested", "Accepted", "Denied", "Cancelled", "Won", "Lost"]} />
      <tbody>
        {rows.map(([by, o]) => (
          <tr key={by}>
            <td className="pr-4">{by}</td>
            <td>{o.requested}</td>
            <td>{o.accepted}</td>
            <td>{o.denied}</td>
            <td>{o.cancelled}</td>
            <td>{o.won}</td>
            <td>{o.lost}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Ranking({ label, ranks }: { label: string; ranks: AthleteRank[] }) {
  return (
    <table aria-label={label} className="text-left text-sm">
      <caption className="text-left font-bold">{label}</caption>
      <Head columns={["#", "Athlete", "IOC", "Matches", "Wins", "Points", "Win rate"]} />
      <tbody>
        {ranks.map((rank, index) => (
          <tr key={rank.athlete_id}>
            <td className="pr-4">{index + 1}</td>
            <td className="pr-4">{rank.name}</td>
            <td className="pr-4">{rank.ioc}</td>
            <td>{rank.matches}</td>
            <td>{rank.wins}</td>
            <td>{rank.points}</td>
            <td>{rank.win_rate === null ? "–" : `${Math.round(rank.win_rate * 100)} %`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CsvLinks({ view, id, tables }: { view: Scope; id: number; tables: string[] }) {
  return (
    <p className="flex flex-wrap gap-3 text-sm">
      CSV:
      {tables.map((table) => (
        <a key={table} className="underline" href={csvUrl(view, id, table)} download={`${table}.csv`}>
          {table}
        </a>
      ))}
    </p>
  );
}

function MatchSection({ view }: { view: MatchView }) {
  return (
    <section aria-label={`Match ${view.number ?? view.match_id}`} className={`${CARD} flex flex-col gap-3`}>
      <h2 className="text-lg font-bold">Match {view.number ?? view.match_id}</h2>
      <Figures
        items={[
          ["Score", `${view.score.blue} – ${view.score.red}`],
          ["Gam-jeom", `${view.gamjeom.blue} – ${view.gamjeom.red}`],
          ["Wall time (s)", number(view.wall_seconds, 0)],
          ["Clock time (s)", number(view.clock_seconds, 0)],
          ["Events per minute", number(view.events_per_minute)],
          ["Lead changes", String(view.lead_changes)],
          ["Challenges", String(view.challenges.all.requested)],
          ["Overturn rate", view.challenges.overturn_rate === null ? "–" : `${Math.round(view.challenges.overturn_rate * 100)} %`],
        ]}
      />
      <PointsChart blue={view.points.blue} red={view.points.red} />
      <ChallengesTable stats={view.challenges} />
      <CsvLinks view="match" id={view.match_id} tables={["points", "points_by_round", "challenges", "timeline"]} />
    </section>
  );
}

function DaySection({ view }: { view: DayView }) {
  const hours = view.hourly.map((hour) => ({ hour: `${String(hour.hour).padStart(2, "0")}:00`, events: hour.events }));
  return (
    <section aria-label={`Day ${view.name}`} className={`${CARD} flex flex-col gap-3`}>
      <h2 className="text-lg font-bold">
        {view.name} ({view.date})
      </h2>
      <Figures
        items={[
          ["Matches", String(view.matches)],
          ["Finished", String(view.finished)],
          ["Average duration (s)", number(view.average_wall_seconds, 0)],
          ["Peak hour", view.peak_hour === null ? "–" : `${String(view.peak_hour).padStart(2, "0")}:00`],
        ]}
      />
      <figure aria-label="Events by hour">
        <figcaption className="font-bold">Events by hour</figcaption>
        <BarChart width={520} height={200} data={hours}>
          <CartesianGrid strokeDasharray="3 3" stroke="#333" />
          <XAxis dataKey="hour" stroke="#ccc" />
          <YAxis allowDecimals={false} stroke="#ccc" />
          <Tooltip />
          <Bar dataKey="events" name="Events" fill="#a3a3a3" isAnimationActive={false} />
        </BarChart>
      </figure>
      <PointsChart blue={view.points.blue} red={view.points.red} />
      <Ranking label="Top athletes of the day" ranks={view.top_athletes} />
      <ChallengesTable stats={view.challenges} />
      <CsvLinks view="day" id={view.day_id} tables={["summary", "points", "challenges", "events_by_kind", "hourly", "top_athletes"]} />
    </section>
  );
}

function TournamentSection({ view }: { view: TournamentView }) {
  return (
    <section aria-label={`Tournament ${view.name}`} className={`${CARD} flex flex-col gap-3`}>
      <h2 className="text-lg font-bold">{view.name}</h2>
      <Figures
        items={[
          ["Matches", String(view.matches)],
          ["Completion", view.completion_rate === null ? "–" : `${Math.round(view.completion_rate * 100)} %`],
          ["Average duration (s)", number(view.average_wall_seconds, 0)],
          ["Events per minute", number(view.events_per_minute)],
        ]}
      />
      <figure aria-label="Top countries">
        <figcaption className="font-bold">Top countries (wins)</figcaption>
        <BarChart width={520} height={220} data={view.top_countries}>
          <CartesianGrid strokeDasharray="3 3" stroke="#333" />
          <XAxis dataKey="ioc" stroke="#ccc" />
          <YAxis allowDecimals={false} stroke="#ccc" />
          <Tooltip />
          <Bar dataKey="wins" name="Wins" fill="#22c55e" isAnimationActive={false} />
        </BarChart>
      </figure>
      <Ranking label="Top 10 by points" ranks={view.top_by_points} />
      <Ranking label="Top 10 by win rate" ranks={view.top_by_win_rate} />
      <ChallengesTable stats={view.challenges} />
      <CsvLinks view="tournament" id={view.tournament_id} tables={["summary", "points", "challenges", "events_by_kind", "top_by_points", "top_by_win_rate", "top_countries"]} />
    </section>
  );
}

function AthleteSection({ view, matches }: { view: AthleteView; matches: Match[] }) {
  const best = view.best_performance;
  return (
    <section aria-label={`Athlete ${view.name}`} className={`${CARD} flex flex-col gap-3`}>
      <h2 className="text-lg font-bold">
        {view.name} ({view.ioc})
      </h2>
      <Figures
        items={[
          ["Matches", String(view.matches)],
          ["Wins – losses", `${view.wins} – ${view.losses}`],
          ["Win rate", view.win_rate === null ? "–" : `${Math.round(view.win_rate * 100)} %`],
          ["Points per match", number(view.points_per_match)],
          ["Scored – conceded", `${view.score_for} – ${view.score_against}`],
          ["Gam-jeom", String(view.gamjeom)],
          ["Injuries", String(view.injuries)],
          ["Best performance", best ? `${best.number ?? best.match_id}: ${best.score_for} – ${best.score_against}` : "–"],
        ]}
      />
      <PointsChart blue={view.points_for} red={view.points_against} labels={["Scored", "Conceded"]} />
      <table aria-label="Matches of the athlete" className="text-left text-sm">
        <caption className="text-left font-bold">Matches</caption>
        <Head columns={["Match", "Blue", "Red", "Score", "Winner", "Day"]} />
        <tbody>
          {matches.map((match) => (
            <tr key={match.id}>
              <td className="pr-4">{match.match_number ?? match.id}</td>
              <td className="pr-4">{match.blue.long_name ?? match.blue.short_name}</td>
              <td className="pr-4">{match.red.long_name ?? match.red.short_name}</td>
              <td className="pr-4">
                {match.score.blue} – {match.score.red}
              </td>
              <td className="pr-4">{match.winner_name ?? match.winner ?? ""}</td>
              <td>{match.day?.name ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <CsvLinks view="athlete" id={view.athlete_id} tables={["record", "points", "points_per_round"]} />
    </section>
  );
}

/** A labelled list to choose one record by id. */
function Choice({ label, value, items, onChange }: { label: string; value: number | null; items: { id: number; text: string }[]; onChange: (id: number) => void }) {
  return (
    <label className="flex flex-col gap-1 text-sm">
      {label}
      <select className={FIELD} value={value ?? ""} onChange={(event) => onChange(Number(event.target.value))}>
        {items.map((item) => (
          <option key={item.id} value={item.id}>
            {item.text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The Analytics page. */
export function AnalyticsPage() {
  const [scope, setScope] = useState<Scope>("match");
  const [matches, setMatches] = useState<Match[]>([]);
  const [tournaments, setTournaments] = useState<Tournament[]>([]);
  const [days, setDays] = useState<Day[]>([]);
  const [matchId, setMatchId] = useState<number | null>(null);
  const [dayId, setDayId] = useState<number | null>(null);
  const [athletes, setAthletes] = useState<Athlete[]>([]);
  const [athleteId, setAthleteId] = useState<number | null>(null);
  const [athleteMatches, setAthleteMatches] = useState<Match[]>([]);
  const [view, setView] = useState<MatchView | DayView | TournamentView | AthleteView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const storedUpTo = useMatchStore((state) => state.storedUpTo);
  // Read again at most once a second while datagrams are stored.
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => setTick(storedUpTo), 1000);
    return () => clearTimeout(timer);
  }, [storedUpTo]);

  // The match list follows the feed (a new match becomes the default); the other lists are
  // read when the page opens and when the scope changes.
  useEffect(() => {
    void getMatches("", 100).then(setMatches).catch(() => undefined);
  }, [tick]);

  useEffect(() => {
    void listAthletes().then(setAthletes).catch(() => undefined);
    void listTournaments()
      .then((list) => {
        setTournaments(list);
        const active = list.find((t) => t.active) ?? list[0];
        if (active) void listDays(active.id).then(setDays).catch(() => undefined);
      })
      .catch(() => undefined);
  }, [scope]);

  const activeTournament = tournaments.find((t) => t.active) ?? tournaments[0] ?? null;
  const chosenMatch = matchId ?? matches[0]?.id ?? null;
  const chosenDay = dayId ?? days.find((d) => d.active)?.id ?? days.at(-1)?.id ?? null;
  const chosenAthlete = athleteId ?? athletes[0]?.id ?? null;
  const wanted = { match: chosenMatch, day: chosenDay, tournament: activeTournament?.id ?? null, athlete: chosenAthlete }[scope];

  useEffect(() => {
    if (wanted === null) return;
    const abort = new AbortController();
    const readers = { match: getMatchView, day: getDayView, tournament: getTournamentView, athlete: getAthleteView };
    const read: Promise<MatchView | DayView | TournamentView | AthleteView> = readers[scope](wanted, abort.signal);
    if (scope === "athlete") {
      void getAthleteMatches(wanted, abort.signal)
        .then(setAthleteMatches)
        .catch(() => undefined);
    }
    read
      .then((made) => {
        setView(made);
        setError(null);
      })
      .catch((caught: unknown) => {
        if (!abort.signal.aborted) setError(String(caught));
      });
    return () => abort.abort();
  }, [scope, wanted, tick]);

  return (
    <div className="flex flex-col gap-4">
      <div role="toolbar" aria-label="Analytics scope" className="flex flex-wrap items-end gap-2">
        {(["match", "day", "tournament", "athlete"] as Scope[]).map((name) => (
          <button
            key={name}
            type="button"
            aria-pressed={scope === name}
            onClick={() => {
              setView(null);
              setScope(name);
            }}
            className={`min-h-11 rounded-lg px-4 font-bold ring-1 ring-neutral-700 ${scope === name ? "bg-sky-600 text-white" : "hover:bg-neutral-800"}`}
          >
            {SCOPE_LABELS[name]}
          </button>
        ))}
        {scope === "match" && (
          <Choice
            label="Match"
            value={chosenMatch}
            items={matches.map((match) => ({
              id: match.id,
              text: `${match.match_number ?? match.id} · ${match.blue.long_name ?? match.blue.short_name ?? ""} v ${match.red.long_name ?? match.red.short_name ?? ""}`,
            }))}
            onChange={setMatchId}
          />
        )}
        {scope === "day" && <Choice label="Day" value={chosenDay} items={days.map((day) => ({ id: day.id, text: day.name }))} onChange={setDayId} />}
        {scope === "athlete" && (
          <Choice label="Athlete" value={chosenAthlete} items={athletes.map((athlete) => ({ id: athlete.id, text: `${athlete.name} (${athlete.ioc})` }))} onChange={setAthleteId} />
        )}
      </div>
      {error && <p role="alert">{error}</p>}
      {wanted === null && <p>Nothing stored yet: the figures appear with the first match.</p>}
      {view && scope === "match" && "match_id" in view && <MatchSection view={view} />}
      {view && scope === "day" && "day_id" in view && <DaySection view={view} />}
      {view && scope === "tournament" && "tournament_id" in view && !("day_id" in view) && <TournamentSection view={view} />}
      {view && scope === "athlete" && "athlete_id" in view && <AthleteSection view={view} matches={athleteMatches} />}
    </div>
  );
}
