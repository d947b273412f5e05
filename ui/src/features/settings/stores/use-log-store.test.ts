// The log store: merge without duplicates in seq order, cap, and the level filter.
import { afterEach, describe, expect, it } from "vitest";

import type { LogLine } from "@/types/api";

import { atLeast, MAX_LOG_LINES, useLogStore } from "./use-log-store";

const line = (seq: number, level: LogLine["level"] = "info"): LogLine => ({ seq, at_us: seq, level, target: "app", message: `line ${seq}`, fields: {} });

afterEach(() => useLogStore.getState().reset());

describe("log store", () => {
  it("keeps each line once, oldest first, and at most MAX_LOG_LINES", () => {
    useLogStore.getState().add([line(3), line(1)]);
    useLogStore.getState().add([line(2), line(3)]);
    expect(useLogStore.getState().lines.map((l) => l.seq)).toEqual([1, 2, 3]);
    useLogStore.getState().add(Array.from({ length: MAX_LOG_LINES }, (_, index) => line(index + 10)));
    const { lines } = useLogStore.getState();
    expect(lines).toHaveLength(MAX_LOG_LINES);
    expect(lines.at(-1)?.seq).toBe(MAX_LOG_LINES + 9);
  });

  it("filters by level: a level shows itself and everything more severe", () => {
    expect(atLeast(line(1, "error"), "warn")).toBe(true);
    expect(atLeast(line(1, "warn"), "warn")).toBe(true);
    expect(atLeast(line(1, "info"), "warn")).toBe(false);
    expect(atLeast(line(1, "debug"), "debug")).toBe(true);
  });
});
