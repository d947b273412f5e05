// What a stored event means to the operator: a category for filters and timeline markers and
// a short label ("Head kick +3", "Gam-jeom (2)", "Challenge accepted, won"). Shared by the
// event table and the archive timelines.
import type { Event } from "@/types/api";

/** The filterable groups of events. */
export type EventCategory =
  | "point"
  | "penalty"
  | "challenge"
  | "injury"
  | "clock_stop"
  | "round"
  | "mark"
  | "other";

/** Categories in display order with their filter labels. */
export const EVENT_CATEGORIES: { category: EventCategory; label: string }[] = [
  { category: "point", label: "Points" },
  { category: "penalty", label: "Gam-jeom" },
  { category: "challenge", label: "Challenges" },
  { category: "injury", label: "Injury" },
  { category: "clock_stop", label: "Clock stops" },
  { category: "round", label: "Rounds" },
  { category: "mark", label: "Marks" },
];

const POINT_NAMES: Record<number, string> = {
  1: "Punch",
  2: "Body kick",
  3: "Head kick",
  4: "Turning body kick",
  5: "Turning head kick",
};

function dataText(event: Event, field: string): string | null {
  const value = event.data?.[field];
  return typeof value === "string" ? value : null;
}

/** An event with what it means in its context. */
export interface DescribedEvent {
  event: Event;
  category: EventCategory;
  label: string;
}

function eventOrder(a: Event, b: Event): number {
  return a.seq - b.seq || a.index - b.index;
}

/**
 * The events the operator needs, with category and label, in the order given. The PSS
 * repeats both athletes' gam-jeom counts whenever one changes, so a gam-jeom event counts
 * only when its side's count went up (a penalty) or down (one withdrawn); likewise a round
 * message counts only when the round changes.
 */
export function describeEvents(events: Event[]): DescribedEvent[] {
  const penaltyChange = new Map<Event, number>();
  const counts: Record<string, number> = {};
  const repeatedRounds = new Set<Event>();
  let lastRound: number | null = null;
  for (const event of [...events].sort(eventOrder)) {
    if (event.kind === "round") {
      if (event.value === lastRound) repeatedRounds.add(event);
      lastRound = event.value;
    }
    if (event.kind !== "gam_jeom" || event.side === null) continue;
    const count = event.value ?? 0;
    penaltyChange.set(event, count - (counts[event.side] ?? 0));
    counts[event.side] = count;
  }
  const described: DescribedEvent[] = [];
  for (const event of events) {
    if (repeatedRounds.has(event)) continue;
    const change = penaltyChange.get(event);
    if (change !== undefined) {
      if (change === 0) continue;
      const label = change > 0 ? `Gam-jeom (${event.value ?? "?"})` : `Gam-jeom withdrawn (${event.value ?? "?"})`;
      described.push({ event, category: "penalty", label });
      continue;
    }
    const category = categoryOf(event);
    if (category !== null) described.push({ event, category, label: labelOf(event) });
  }
  return described;
}

/** The category of one event on its own, or null for traffic the operator does not need. */
export function categoryOf(event: Event): EventCategory | null {
  switch (event.kind) {
    case "point":
      return "point";
    case "gam_jeom":
      return "penalty";
    case "challenge":
      return "challenge";
    case "injury":
      return dataText(event, "action") === "show" ? "injury" : null;
    case "clock":
      return dataText(event, "action") === "stop" ? "clock_stop" : null;
    case "round_winners": {
      const rounds = event.data?.rounds;
      return Array.isArray(rounds) && rounds.some((winner) => winner !== null) ? "round" : null;
    }
    case "round":
    case "winner":
    case "winner_shown":
    case "fight_loaded":
    case "fight_ready":
      return "round";
    case "mark":
      return "mark";
    case "raw":
    case "other":
      return "other";
    default:
      return null;
  }
}

/** A short human label for an event. */
export function labelOf(event: Event): string {
  switch (event.kind) {
    case "point": {
      const points = event.value ?? 0;
      return `${POINT_NAMES[points] ?? "Point"} +${points}`;
    }
    case "gam_jeom":
      return `Gam-jeom (${event.value ?? "?"})`;
    case "challenge": {
      const stage = dataText(event, "stage") ?? "requested";
      const won = event.data?.won;
      const who = event.side === "referee" ? "Referee review" : "Challenge";
      if (stage === "accepted" && typeof won === "boolean") {
        return `${who} accepted, ${won ? "won" : "lost"}`;
      }
      return `${who} ${stage}`;
    }
    case "injury":
      return `Injury time ${dataText(event, "action") ?? ""}`.trim();
    case "clock":
      return dataText(event, "action") === "stop" ? "Clock stopped" : "Clock started";
    case "round":
      return `Round ${event.value ?? "?"}`;
    case "round_winners":
      return "Round winners";
    case "winner":
      return "Winner";
    case "winner_shown":
      return `Winner shown: ${dataText(event, "name") ?? ""}`.trim();
    case "fight_loaded":
      return "Fight loaded";
    case "fight_ready":
      return "Fight ready";
    case "mark":
      return `Mark${dataText(event, "note") ? `: ${dataText(event, "note")}` : ""}`;
    case "raw":
      return `Unreadable datagram (${dataText(event, "reason") ?? "?"})`;
    default:
      return event.kind.replace(/_/g, " ");
  }
}

/** `m:ss` of a clock in seconds; an em dash for none. */
export function formatClock(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}
