// What events mean: gam-jeom repeats are not penalties, labels read as the operator speaks.
import { describe, expect, it } from "vitest";

import { matchEvents } from "@/testing/mocks/fixtures";
import type { Event } from "@/types/api";

import { describeEvents, formatClock, labelOf } from "./event-kinds";

function gamJeom(seq: number, side: string, value: number, index = 0): Event {
  return { seq, index, kind: "gam_jeom", side, value, round: 1, clock_seconds: 60, match_id: 1, received_at_us: seq, data: null };
}

describe("event kinds", () => {
  it("counts a gam-jeom only when its side's count changes", () => {
    const events = [gamJeom(1, "blue", 0), gamJeom(1, "red", 0, 1), gamJeom(5, "blue", 0), gamJeom(5, "red", 1, 1), gamJeom(9, "blue", 0), gamJeom(9, "red", 0, 1)];
    const described = describeEvents([...events].reverse());
    expect(described.map(({ event, label }) => `${event.seq}:${event.side}:${label}`)).toEqual(["9:red:Gam-jeom withdrawn (0)", "5:red:Gam-jeom (1)"]);
  });

  it("shows a round message only when the round changes", () => {
    const round = (seq: number, value: number): Event => ({ ...gamJeom(seq, "blue", 0), kind: "round", side: null, value });
    const described = describeEvents([round(1, 1), round(2, 1), round(3, 2), round(4, 2)]);
    expect(described.map(({ event }) => event.seq)).toEqual([1, 3]);
  });

  it("labels points, challenges and clock stops", () => {
    const labels = describeEvents(matchEvents).map(({ label }) => label);
    expect(labels).toContain("Head kick +3");
    expect(labels).toContain("Challenge denied");
    expect(labels).toContain("Clock stopped");
    expect(labels).not.toContain("hit level");
    expect(labelOf({ ...gamJeom(1, "referee", 0), kind: "challenge", data: { stage: "accepted", won: false } })).toBe("Referee review accepted, lost");
  });

  it("formats clocks", () => {
    expect(formatClock(83)).toBe("1:23");
    expect(formatClock(5)).toBe("0:05");
    expect(formatClock(null)).toBe("—");
  });
});
