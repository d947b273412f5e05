// GET /api/analytics/{match,day,tournament}/{id}: the organiser's analytics (the fields the
// pages draw; the server sends more), and the CSV address of each table.
import { z } from "zod";

import { apiUrl } from "@/config/env";
import { apiRequest } from "@/lib/api-client";
import { matchSchema, type Match } from "@/types/api";

/** Counts of the five kinds of point. */
export const kindCountsSchema = z.object({
  punch: z.number(),
  body: z.number(),
  head: z.number(),
  technical_body: z.number(),
  technical_head: z.number(),
});
/** Counts of the five kinds of point. */
export type KindCounts = z.infer<typeof kindCountsSchema>;

const sidePointsSchema = z.object({ blue: kindCountsSchema, red: kindCountsSchema });

const outcomesSchema = z.object({
  requested: z.number(),
  accepted: z.number(),
  denied: z.number(),
  cancelled: z.number(),
  won: z.number(),
  lost: z.number(),
});
/** How challenges ended. */
export type Outcomes = z.infer<typeof outcomesSchema>;

const challengesSchema = z.object({
  blue: outcomesSchema,
  red: outcomesSchema,
  referee: outcomesSchema,
  all: outcomesSchema,
  overturn_rate: z.number().nullable(),
  replay: z.object({ count: z.number(), p50_ms: z.number().nullable(), p95_ms: z.number().nullable() }),
});
/** Challenge statistics. */
export type ChallengeStats = z.infer<typeof challengesSchema>;

/** A match's analytics. */
export const matchViewSchema = z.object({
  match_id: z.number(),
  number: z.string().nullable(),
  wall_seconds: z.number().nullable(),
  clock_seconds: z.number().nullable(),
  events_per_minute: z.number().nullable(),
  score: z.object({ blue: z.number(), red: z.number() }),
  points: sidePointsSchema,
  points_by_round: z.array(z.object({ round: z.number(), blue: kindCountsSchema, red: kindCountsSchema })),
  gamjeom: z.object({ blue: z.number(), red: z.number() }),
  challenges: challengesSchema,
  lead_changes: z.number(),
});
/** A match's analytics. */
export type MatchView = z.infer<typeof matchViewSchema>;

const rankSchema = z.object({
  athlete_id: z.number(),
  name: z.string(),
  ioc: z.string(),
  matches: z.number(),
  wins: z.number(),
  points: z.number(),
  win_rate: z.number().nullable(),
});
/** An athlete in a ranking. */
export type AthleteRank = z.infer<typeof rankSchema>;

const summaryFields = {
  matches: z.number(),
  finished: z.number(),
  completion_rate: z.number().nullable(),
  average_wall_seconds: z.number().nullable(),
  events_per_minute: z.number().nullable(),
  points: sidePointsSchema,
  gamjeom: z.object({ blue: z.number(), red: z.number() }),
  challenges: challengesSchema,
  events_by_kind: z.record(z.string(), z.number()),
};

/** A day's analytics. */
export const dayViewSchema = z.object({
  day_id: z.number(),
  name: z.string(),
  date: z.string(),
  ...summaryFields,
  hourly: z.array(z.object({ hour: z.number(), events: z.number() })),
  peak_hour: z.number().nullable(),
  top_athletes: z.array(rankSchema),
});
/** A day's analytics. */
export type DayView = z.infer<typeof dayViewSchema>;

/** A tournament's analytics. */
export const tournamentViewSchema = z.object({
  tournament_id: z.number(),
  name: z.string(),
  ...summaryFields,
  top_by_points: z.array(rankSchema),
  top_by_win_rate: z.array(rankSchema),
  top_countries: z.array(z.object({ ioc: z.string(), wins: z.number(), points: z.number() })),
});
/** A tournament's analytics. */
export type TournamentView = z.infer<typeof tournamentViewSchema>;

/** An athlete's analytics (the fields the page draws). */
export const athleteViewSchema = z.object({
  athlete_id: z.number(),
  name: z.string(),
  ioc: z.string(),
  matches: z.number(),
  wins: z.number(),
  losses: z.number(),
  win_rate: z.number().nullable(),
  score_for: z.number(),
  score_against: z.number(),
  gamjeom: z.number(),
  injuries: z.number(),
  points_for: kindCountsSchema,
  points_against: kindCountsSchema,
  points_per_match: z.number().nullable(),
  best_performance: z.object({ match_id: z.number(), number: z.string().nullable(), score_for: z.number(), score_against: z.number() }).nullable(),
});
/** An athlete's analytics. */
export type AthleteView = z.infer<typeof athleteViewSchema>;

/** An athlete as listed. */
export const athleteSchema = z.object({ id: z.number(), ioc: z.string(), name: z.string(), short_name: z.string(), matches: z.number() });
/** An athlete as listed. */
export type Athlete = z.infer<typeof athleteSchema>;

/** Every athlete, by name. */
export function listAthletes(): Promise<Athlete[]> {
  return apiRequest("GET", "/api/athletes", z.array(athleteSchema), { notifyAs: false });
}

/** The athlete `id` and their matches, newest first. */
export function getAthleteMatches(id: number, signal?: AbortSignal): Promise<Match[]> {
  return apiRequest("GET", `/api/athletes/${id}`, athleteSchema.extend({ match_list: z.array(matchSchema) }), { signal, notifyAs: false }).then((athlete) => athlete.match_list);
}

/** The analytics of the athlete `id`. */
export function getAthleteView(id: number, signal?: AbortSignal): Promise<AthleteView> {
  return apiRequest("GET", `/api/analytics/athlete/${id}`, athleteViewSchema, { signal, notifyAs: false });
}

/** The analytics of the match `id`. */
export function getMatchView(id: number, signal?: AbortSignal): Promise<MatchView> {
  return apiRequest("GET", `/api/analytics/match/${id}`, matchViewSchema, { signal, notifyAs: false });
}

/** The analytics of the day `id`. */
export function getDayView(id: number, signal?: AbortSignal): Promise<DayView> {
  return apiRequest("GET", `/api/analytics/day/${id}`, dayViewSchema, { signal, notifyAs: false });
}

/** The analytics of the tournament `id`. */
export function getTournamentView(id: number, signal?: AbortSignal): Promise<TournamentView> {
  return apiRequest("GET", `/api/analytics/tournament/${id}`, tournamentViewSchema, { signal, notifyAs: false });
}

/** Where one table of a view downloads as CSV. */
export function csvUrl(view: "match" | "day" | "tournament" | "athlete", id: number, table: string): string {
  return apiUrl(`/api/analytics/${view}/${id}?format=csv&table=${encodeURIComponent(table)}`);
}
