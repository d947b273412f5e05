// Turns an event or a timeline marker into the replay feature's playMoment call.
import { formatClock, labelOf } from "@/lib/event-kinds";
import { playMoment } from "@/features/replay/lib/play-moment";
import type { Event } from "@/types/api";

/** Plays the recording at a live or stored event. */
export function playEvent(event: Event, matchId: number | null = event.match_id): void {
  void playMoment({
    match_id: matchId,
    at_us: event.received_at_us,
    description: `R${event.round ?? "?"} ${formatClock(event.clock_seconds)} ${labelOf(event)}`,
  });
}
