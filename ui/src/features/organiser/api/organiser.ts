// The organiser's records: /api/tournaments, /api/days, /api/athletes.
import { z } from "zod";

import { apiRequest } from "@/lib/api-client";

/** A tournament as listed. */
export const tournamentSchema = z.object({
  id: z.number(),
  name: z.string(),
  venue: z.string().nullable(),
  starts_on: z.string().nullable(),
  ends_on: z.string().nullable(),
  active: z.boolean(),
  days: z.number(),
  matches: z.number(),
});
/** A tournament. */
export type Tournament = z.infer<typeof tournamentSchema>;

/** A tournament day as listed. */
export const daySchema = z.object({
  id: z.number(),
  tournament_id: z.number(),
  name: z.string(),
  date: z.string(),
  active: z.boolean(),
  chosen: z.boolean(),
  closed: z.boolean(),
  closed_at_us: z.number().nullable(),
  matches: z.number(),
});
/** A tournament day. */
export type Day = z.infer<typeof daySchema>;

/** What the organiser sets on a tournament. */
export interface TournamentFields {
  name: string;
  venue?: string | null;
  starts_on?: string | null;
  ends_on?: string | null;
}

const quiet = { notifyAs: false } as const;

/** Every tournament, newest first. */
export function listTournaments(): Promise<Tournament[]> {
  return apiRequest("GET", "/api/tournaments", z.array(tournamentSchema), { notifyAs: "Could not load the tournaments" });
}

/** A new tournament. */
export function createTournament(fields: TournamentFields): Promise<Tournament> {
  return apiRequest("POST", "/api/tournaments", tournamentSchema, { body: fields, ...quiet });
}

/** Renames a tournament and sets its venue and dates. */
export function updateTournament(id: number, fields: TournamentFields): Promise<Tournament> {
  return apiRequest("PUT", `/api/tournaments/${id}`, tournamentSchema, { body: fields, ...quiet });
}

/** Makes new matches go to this tournament. */
export function activateTournament(id: number): Promise<Tournament> {
  return apiRequest("POST", `/api/tournaments/${id}/activate`, tournamentSchema, quiet);
}

/** The days of a tournament, oldest first. */
export function listDays(tournamentId: number): Promise<Day[]> {
  return apiRequest("GET", `/api/tournaments/${tournamentId}/days`, z.array(daySchema), { notifyAs: "Could not load the days" });
}

/** A new day of a tournament (`date` YYYY-MM-DD, today when empty). */
export function createDay(tournamentId: number, name: string, date: string): Promise<Day> {
  return apiRequest("POST", `/api/tournaments/${tournamentId}/days`, daySchema, { body: date ? { name, date } : { name }, ...quiet });
}

/** Renames a day. */
export function renameDay(id: number, name: string): Promise<Day> {
  return apiRequest("PUT", `/api/days/${id}`, daySchema, { body: { name }, ...quiet });
}

/** Makes new matches go to this day and its tournament. */
export function activateDay(id: number): Promise<Day> {
  return apiRequest("POST", `/api/days/${id}/activate`, daySchema, quiet);
}

/** Closes a day. */
export function closeDay(id: number): Promise<Day> {
  return apiRequest("POST", `/api/days/${id}/close`, daySchema, quiet);
}

/** Deletes a day with nothing filed under it. */
export function deleteDay(id: number): Promise<void> {
  return apiRequest("DELETE", `/api/days/${id}`, z.unknown(), quiet).then(() => undefined);
}
