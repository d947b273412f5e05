// The Tournament page: the tournaments (create, edit, make active) and the days of the one
// chosen (create, rename, make active, close, delete). New matches go to the active day of
// the active tournament; each refusal is shown beside the form that caused it.
import { useCallback, useEffect, useState, type FormEvent } from "react";

import {
  activateDay,
  activateTournament,
  closeDay,
  createDay,
  createTournament,
  deleteDay,
  listDays,
  listTournaments,
  renameDay,
  updateTournament,
  type Day,
  type Tournament,
} from "@/features/organiser/api/organiser";
import { ApiError, describeError } from "@/lib/api-client";

const FIELD = "min-h-11 rounded-lg bg-neutral-950 px-3 text-neutral-100 ring-1 ring-neutral-700";
const BUTTON = "min-h-11 rounded-lg px-3 font-bold ring-1 ring-neutral-700 hover:bg-neutral-800";
const CARD = "rounded-xl bg-neutral-900/60 p-4 ring-1 ring-neutral-800";

function message(error: unknown): string {
  return error instanceof ApiError ? describeError(error) : String(error);
}

function TournamentForm({
  label,
  initial,
  submit,
  button,
}: {
  label: string;
  initial: Tournament | null;
  submit: (fields: { name: string; venue: string; starts_on: string; ends_on: string }) => Promise<void>;
  button: string;
}) {
  const [name, setName] = useState(initial?.name ?? "");
  const [venue, setVenue] = useState(initial?.venue ?? "");
  const [startsOn, setStartsOn] = useState(initial?.starts_on ?? "");
  const [endsOn, setEndsOn] = useState(initial?.ends_on ?? "");
  const [error, setError] = useState<string | null>(null);
  const send = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await submit({ name, venue, starts_on: startsOn, ends_on: endsOn });
      setError(null);
      if (!initial) {
        setName("");
        setVenue("");
        setStartsOn("");
        setEndsOn("");
      }
    } catch (caught) {
      setError(message(caught));
    }
  };
  return (
    <form aria-label={label} className="flex flex-wrap items-end gap-2" onSubmit={(event) => void send(event)}>
      <label className="flex flex-col gap-1 text-sm">
        Name
        <input className={FIELD} value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Venue
        <input className={FIELD} value={venue} onChange={(event) => setVenue(event.target.value)} />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        First day
        <input className={FIELD} type="date" value={startsOn} onChange={(event) => setStartsOn(event.target.value)} />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Last day
        <input className={FIELD} type="date" value={endsOn} onChange={(event) => setEndsOn(event.target.value)} />
      </label>
      <button className={BUTTON} type="submit">
        {button}
      </button>
      {error && (
        <p role="alert" className="w-full text-red-300">
          {error}
        </p>
      )}
    </form>
  );
}

function DayRow({ day, onChanged }: { day: Day; onChanged: () => void }) {
  const [name, setName] = useState(day.name);
  const [error, setError] = useState<string | null>(null);
  const act = (work: () => Promise<unknown>) => {
    work()
      .then(() => {
        setError(null);
        onChanged();
      })
      .catch((caught: unknown) => setError(message(caught)));
  };
  const state = day.active ? "active" : day.closed ? "closed" : "open";
  return (
    <tr aria-label={`Day ${day.name}`}>
      <td>
        <input aria-label={`Name of ${day.name}`} className={`${FIELD} w-52`} value={name} disabled={day.closed} onChange={(event) => setName(event.target.value)} />
      </td>
      <td>{day.date}</td>
      <td>{day.matches}</td>
      <td>{state}</td>
      <td className="flex flex-wrap gap-1 py-1">
        {!day.closed && name !== day.name && (
          <button className={BUTTON} type="button" onClick={() => act(() => renameDay(day.id, name))}>
            Rename
          </button>
        )}
        {!day.active && !day.closed && (
          <button className={BUTTON} type="button" onClick={() => act(() => activateDay(day.id))}>
            Make active
          </button>
        )}
        {!day.closed && (
          <button className={BUTTON} type="button" onClick={() => act(() => closeDay(day.id))}>
            Close
          </button>
        )}
        <button className={BUTTON} type="button" onClick={() => act(() => deleteDay(day.id))}>
          Delete
        </button>
        {error && (
          <span role="alert" className="text-red-300">
            {error}
          </span>
        )}
      </td>
    </tr>
  );
}

function Days({ tournament, onChanged }: { tournament: Tournament; onChanged: () => void }) {
  const [days, setDays] = useState<Day[]>([]);
  const [name, setName] = useState("");
  const [date, setDate] = useState("");
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    listDays(tournament.id)
      .then(setDays)
      .catch(() => undefined);
  }, [tournament.id]);
  useEffect(reload, [reload, tournament]);
  const changed = () => {
    reload();
    onChanged();
  };
  const add = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await createDay(tournament.id, name, date);
      setName("");
      setDate("");
      setError(null);
      changed();
    } catch (caught) {
      setError(message(caught));
    }
  };
  return (
    <section aria-label={`Days of ${tournament.name}`} className={CARD}>
      <h2 className="mb-2 text-lg font-bold">Days of {tournament.name}</h2>
      <table className="w-full text-left text-sm">
        <thead>
          <tr>
            <th>Name</th>
            <th>Date</th>
            <th>Matches</th>
            <th>State</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <DayRow key={`${day.id}:${day.name}:${day.active}:${day.closed}`} day={day} onChanged={changed} />
          ))}
        </tbody>
      </table>
      {days.length === 0 && <p className="text-neutral-300">No days yet: the first match opens one named by its date.</p>}
      <form aria-label="New day" className="mt-3 flex flex-wrap items-end gap-2" onSubmit={(event) => void add(event)}>
        <label className="flex flex-col gap-1 text-sm">
          Day name
          <input className={FIELD} placeholder="Day 2 – Finals" value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Date
          <input className={FIELD} type="date" value={date} onChange={(event) => setDate(event.target.value)} />
        </label>
        <button className={BUTTON} type="submit">
          Add day
        </button>
        {error && (
          <p role="alert" className="w-full text-red-300">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}

/** The Tournament page. */
export function TournamentPage() {
  const [tournaments, setTournaments] = useState<Tournament[]>([]);
  const [chosenId, setChosenId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    listTournaments()
      .then(setTournaments)
      .catch(() => undefined);
  }, []);
  useEffect(reload, [reload]);
  const chosen = tournaments.find((tournament) => tournament.id === chosenId) ?? tournaments.find((tournament) => tournament.active) ?? tournaments[0] ?? null;
  const activate = (id: number) => {
    activateTournament(id)
      .then(() => {
        setError(null);
        reload();
      })
      .catch((caught: unknown) => setError(message(caught)));
  };
  return (
    <div className="flex flex-col gap-4">
      <section aria-label="Tournaments" className={CARD}>
        <h2 className="mb-2 text-lg font-bold">Tournaments</h2>
        <table className="w-full text-left text-sm">
          <thead>
            <tr>
              <th>Name</th>
              <th>Venue</th>
              <th>Dates</th>
              <th>Days</th>
              <th>Matches</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tournaments.map((tournament) => (
              <tr key={tournament.id} aria-label={`Tournament ${tournament.name}`} aria-selected={tournament.id === chosen?.id}>
                <td>
                  <button type="button" className="min-h-11 font-bold underline" onClick={() => setChosenId(tournament.id)}>
                    {tournament.name}
                  </button>
                </td>
                <td>{tournament.venue ?? ""}</td>
                <td>{[tournament.starts_on, tournament.ends_on].filter(Boolean).join(" – ")}</td>
                <td>{tournament.days}</td>
                <td>{tournament.matches}</td>
                <td>
                  {tournament.active ? (
                    <span className="rounded bg-emerald-700 px-2 py-1 text-xs font-bold">active</span>
                  ) : (
                    <button className={BUTTON} type="button" onClick={() => activate(tournament.id)}>
                      Make active
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {tournaments.length === 0 && <p className="text-neutral-300">No tournament yet: the first match creates one.</p>}
        {error && (
          <p role="alert" className="text-red-300">
            {error}
          </p>
        )}
        <h3 className="mt-4 font-bold">New tournament</h3>
        <TournamentForm
          label="New tournament"
          initial={null}
          button="Create tournament"
          submit={async (fields) => {
            const created = await createTournament(fields);
            setChosenId(created.id);
            reload();
          }}
        />
        {chosen && (
          <>
            <h3 className="mt-4 font-bold">Edit {chosen.name}</h3>
            <TournamentForm
              key={`${chosen.id}:${chosen.name}`}
              label={`Edit ${chosen.name}`}
              initial={chosen}
              button="Save tournament"
              submit={async (fields) => {
                await updateTournament(chosen.id, fields);
                reload();
              }}
            />
          </>
        )}
      </section>
      {chosen && <Days tournament={chosen} onChanged={reload} />}
    </div>
  );
}
