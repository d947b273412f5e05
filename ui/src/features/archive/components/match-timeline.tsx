// A recording's or a stored match's horizontal timeline: coloured markers for points (side
// colour), penalties, challenges, clock stops and the operator's marks, a tooltip on hover or
// focus, a click plays that moment.
import { useMemo, useState } from "react";

import { describeEvents, formatClock, type EventCategory } from "@/lib/event-kinds";
import type { Event, Mark } from "@/types/api";

/** The categories a timeline draws. */
export const TIMELINE_CATEGORIES: EventCategory[] = ["point", "penalty", "challenge", "clock_stop", "mark"];

const MARKER_CLASSES: Record<string, string> = {
  "point:blue": "bg-blue-500",
  "point:red": "bg-red-500",
  penalty: "bg-amber-400",
  challenge: "bg-purple-400",
  clock_stop: "bg-neutral-300",
  mark: "bg-emerald-400",
};

/** Where a marker sits across the bar, so markers at the same moment stay visible. */
const LANES: Record<string, string> = {
  point: "items-center",
  clock_stop: "items-center",
  penalty: "items-end",
  challenge: "items-start",
  mark: "items-start",
};

/** Legend entries. */
export const TIMELINE_LEGEND = [
  { label: "Blue point", className: MARKER_CLASSES["point:blue"] },
  { label: "Red point", className: MARKER_CLASSES["point:red"] },
  { label: "Gam-jeom", className: MARKER_CLASSES.penalty },
  { label: "Challenge", className: MARKER_CLASSES.challenge },
  { label: "Clock stop", className: MARKER_CLASSES.clock_stop },
  { label: "Operator mark", className: MARKER_CLASSES.mark },
];

/** One drawn marker. */
export interface TimelineMarker {
  /** Unique within the timeline. */
  key: string;
  /** The moment, µs since the Unix epoch. */
  at_us: number;
  category: EventCategory;
  /** `blue`, `red`, `referee` or null. */
  side: string | null;
  /** 0..1 along the timeline. */
  position: number;
  description: string;
}

/** What a timeline covers: a recording's span, or (without one) its events' span. */
export interface TimelineSpan {
  start_us: number;
  end_us: number;
}

function challengeStage(event: Event): string | null {
  const stage = event.data?.stage;
  return typeof stage === "string" ? stage : null;
}

/**
 * The markers of `events` and `marks` (any order) restricted to `only` when given and to
 * `span` when given (a recording's start and stop). A challenge is one marker at its request,
 * described with the outcome that followed.
 */
export function timelineMarkers(events: Event[], only: EventCategory | null, marks: Mark[] = [], span: TimelineSpan | null = null): TimelineMarker[] {
  const ordered = [...events].sort((a, b) => a.seq - b.seq || a.index - b.index);
  const drawn = describeEvents(ordered).filter(
    ({ event, category }) =>
      TIMELINE_CATEGORIES.includes(category) &&
      (only === null || category === only) &&
      (category !== "challenge" || challengeStage(event) === "requested"),
  );
  const times = [...events.map((event) => event.received_at_us), ...marks.map((mark) => mark.at_us)];
  if (times.length === 0) return [];
  const start = span ? span.start_us : Math.min(...times);
  const end = span ? span.end_us : Math.max(...times);
  const length = Math.max(end - start, 1);
  const inside = (at: number) => span === null || (at >= span.start_us && at <= span.end_us);
  const fromEvents = drawn
    .filter(({ event }) => inside(event.received_at_us))
    .map(({ event, category, label }): TimelineMarker => {
      let text = label;
      if (category === "challenge") {
        const outcome = ordered.find(
          (later) => later.kind === "challenge" && later.seq > event.seq && later.side === event.side && challengeStage(later) !== "requested",
        );
        const who = event.side === "referee" ? "Referee review" : "challenge";
        text = outcome ? `${who}: ${describeEvents([outcome])[0]?.label.replace(/^(Challenge|Referee review) /, "") ?? "?"}` : `${who} requested`;
      }
      return {
        key: `e${event.seq}:${event.index}`,
        at_us: event.received_at_us,
        category,
        side: event.side,
        position: (event.received_at_us - start) / length,
        description: `R${event.round ?? "?"} ${formatClock(event.clock_seconds)} ${event.side && event.side !== "referee" ? `${event.side} ` : ""}${text}`,
      };
    });
  const fromMarks =
    only === null || only === "mark"
      ? marks
          .filter((mark) => inside(mark.at_us))
          .map(
            (mark): TimelineMarker => ({
              key: `m${mark.id}`,
              at_us: mark.at_us,
              category: "mark",
              side: null,
              position: (mark.at_us - start) / length,
              description: `R${mark.round ?? "?"} ${formatClock(mark.clock_seconds)} Operator mark${mark.note ? `: ${mark.note}` : ""}`,
            }),
          )
      : [];
  return [...fromEvents, ...fromMarks].sort((a, b) => a.at_us - b.at_us);
}

interface MatchTimelineProps {
  label: string;
  markers: TimelineMarker[];
  onPlay: (marker: TimelineMarker) => void;
}

/** The timeline bar. */
export function MatchTimeline({ label, markers, onPlay }: MatchTimelineProps) {
  const [hovered, setHovered] = useState<number | null>(null);
  const shown = hovered === null ? null : markers[hovered];
  const tooltipLeft = useMemo(() => (shown ? `${Math.min(Math.max(shown.position * 100, 8), 92)}%` : "0"), [shown]);
  return (
    <div role="group" aria-label={label} className="relative h-12 w-full">
      <div className="absolute left-0 right-0 top-1/2 h-1.5 -translate-y-1/2 rounded bg-neutral-700" />
      {markers.map((marker, index) => (
        <button
          key={marker.key}
          type="button"
          aria-label={`${marker.description}: play this moment`}
          data-category={marker.category}
          onMouseEnter={() => setHovered(index)}
          onMouseLeave={() => setHovered(null)}
          onFocus={() => setHovered(index)}
          onBlur={() => setHovered(null)}
          onClick={() => onPlay(marker)}
          style={{ left: `${marker.position * 100}%` }}
          className={`group absolute top-0 flex h-12 w-6 -translate-x-1/2 justify-center ${LANES[marker.category] ?? "items-center"}`}
        >
          <span
            className={`block rounded-sm ring-1 ring-black group-hover:scale-125 ${
              marker.category === "point" ? "h-7 w-2" : "h-4 w-2"
            } ${MARKER_CLASSES[marker.category === "point" ? `point:${marker.side}` : marker.category] ?? "bg-white"}`}
          />
        </button>
      ))}
      {shown ? (
        <div
          role="tooltip"
          style={{ left: tooltipLeft }}
          className="pointer-events-none absolute top-full z-10 -mt-1 -translate-x-1/2 whitespace-nowrap rounded bg-white px-2 py-1 text-xs font-bold text-black shadow"
        >
          {shown.description}
        </div>
      ) : null}
    </div>
  );
}
