// The dock's event table: round, clock and event of the live match, newest on top, coloured
// by side, filtered by category chips kept in the URL (`?types=point,penalty`). A double
// click (or Enter) on a row asks to play the recording at that moment.
import { useMemo } from "react";
import { useSearchParams } from "react-router";

import { describeEvents, EVENT_CATEGORIES, formatClock, type EventCategory } from "@/lib/event-kinds";
import type { Event } from "@/types/api";

import { useEventsStore } from "../stores/use-events-store";

const SIDE_ROW: Record<string, string> = {
  blue: "border-l-blue-500 bg-blue-950/70",
  red: "border-l-red-500 bg-red-950/70",
  referee: "border-l-neutral-300 bg-neutral-800/60",
};

/** The query parameter that keeps the filter. */
const PARAM = "types";

interface EventTableProps {
  /** Plays the recording at the event's moment (replay feature). */
  onPlayMoment: (event: Event) => void;
}

function useCategoryFilter(): [Set<EventCategory>, (category: EventCategory | null) => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get(PARAM);
  const selected = useMemo(
    () => new Set((raw ? raw.split(",") : []).filter(Boolean) as EventCategory[]),
    [raw],
  );
  const toggle = (category: EventCategory | null) => {
    const next = new Set(selected);
    if (category === null) next.clear();
    else if (next.has(category)) next.delete(category);
    else next.add(category);
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        if (next.size === 0) updated.delete(PARAM);
        else updated.set(PARAM, [...next].join(","));
        return updated;
      },
      { replace: true },
    );
  };
  return [selected, toggle];
}

/** The live event table. */
export function EventTable({ onPlayMoment }: EventTableProps) {
  const events = useEventsStore((state) => state.events);
  const [selected, toggle] = useCategoryFilter();
  const rows = useMemo(
    () =>
      describeEvents(events).filter(({ category }) => selected.size === 0 || selected.has(category)),
    [events, selected],
  );
  return (
    <section aria-label="Events" className="flex min-h-0 flex-1 flex-col gap-2">
      <div role="group" aria-label="Filter events by type" className="flex flex-wrap gap-1">
        <button
          type="button"
          aria-pressed={selected.size === 0}
          onClick={() => toggle(null)}
          className={`min-h-11 rounded-full px-3 text-xs font-bold ${
            selected.size === 0 ? "bg-white text-black" : "bg-neutral-800 text-neutral-100"
          }`}
        >
          All
        </button>
        {EVENT_CATEGORIES.map(({ category, label }) => (
          <button
            key={category}
            type="button"
            aria-pressed={selected.has(category)}
            onClick={() => toggle(category)}
            className={`min-h-11 rounded-full px-3 text-xs font-bold ${
              selected.has(category) ? "bg-white text-black" : "bg-neutral-800 text-neutral-100"
            }`}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto rounded-lg ring-1 ring-neutral-700">
        <table className="w-full border-collapse text-sm" aria-label="Match events">
          <thead className="sticky top-0 bg-neutral-900 text-left text-xs uppercase text-neutral-300">
            <tr>
              <th scope="col" className="px-2 py-1">Rnd</th>
              <th scope="col" className="px-2 py-1">Clock</th>
              <th scope="col" className="px-2 py-1">Event</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={3} className="px-2 py-3 text-center text-neutral-400">
                  No events yet
                </td>
              </tr>
            ) : (
              rows.map(({ event, category, label }) => (
                <tr
                  key={`${event.seq}:${event.index}`}
                  tabIndex={0}
                  data-side={event.side ?? "none"}
                  data-category={category}
                  title="Double-click to play the recording at this moment"
                  onDoubleClick={() => onPlayMoment(event)}
                  onKeyDown={(keyboard) => {
                    if (keyboard.key === "Enter") onPlayMoment(event);
                  }}
                  className={`h-11 cursor-pointer border-b border-l-4 border-b-neutral-800 hover:brightness-125 ${
                    SIDE_ROW[event.side ?? ""] ?? "border-l-transparent"
                  }`}
                >
                  <td className="px-2 tabular-nums">{event.round ?? "—"}</td>
                  <td className="px-2 tabular-nums">{formatClock(event.clock_seconds)}</td>
                  <td className="px-2 font-semibold">
                    {event.side && event.side !== "referee" ? (
                      <span className="sr-only">{event.side} </span>
                    ) : null}
                    {label}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
