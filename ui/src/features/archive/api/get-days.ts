// Every tournament's days, for the archive's day filter (newest tournament first).
import { useEffect, useState } from "react";

import { listDays, listTournaments } from "@/features/organiser/api/organiser";

/** A day the archive can filter by. */
export interface DayChoice {
  /** The day's id. */
  id: number;
  /** Its tournament's name. */
  tournament: string;
  /** Its name. */
  name: string;
}

/** The days of every tournament, loaded once. */
export function useTournamentDays(): DayChoice[] {
  const [days, setDays] = useState<DayChoice[]>([]);
  useEffect(() => {
    let live = true;
    listTournaments()
      .then((tournaments) =>
        Promise.all(tournaments.map((tournament) => listDays(tournament.id).then((list) => list.map((day) => ({ id: day.id, tournament: tournament.name, name: day.name }))))),
      )
      .then((lists) => {
        if (live) setDays(lists.flat());
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return days;
}
