// The LIC dot's colour, word and title for each licence status, and the 14-day warning.
import { describe, expect, it } from "vitest";

import type { Licence } from "@/types/api";

import { daysUntil, licenceDot } from "./licence-dot";

const today = new Date("2027-06-01T23:30:00Z");
const code = "VTA-1A2B-3C4D-5E6F-7A8B";
const valid = (expires: string): Licence => ({ status: "valid", licensee: "Dojang Open", expires, fingerprint: code, reason: null });

describe("daysUntil", () => {
  it("counts whole UTC days and refuses what is not a date", () => {
    expect(daysUntil("2027-06-01", today)).toBe(0);
    expect(daysUntil("2027-06-15", today)).toBe(14);
    expect(daysUntil("2028-06-01", today)).toBe(366);
    expect(daysUntil("2027-05-31", today)).toBe(-1);
    expect(daysUntil("June 1st", today)).toBeNull();
  });
});

describe("licenceDot", () => {
  it("is green while valid for more than 14 days", () => {
    expect(licenceDot(valid("2027-06-16"), today)).toEqual({
      state: "ok",
      word: "valid",
      title: "Licence valid for Dojang Open until 2027-06-16",
    });
  });

  it("turns amber within 14 days of the last day", () => {
    expect(licenceDot(valid("2027-06-15"), today)).toMatchObject({ state: "warn", word: "expires soon" });
    expect(licenceDot(valid("2027-06-15"), today).title).toContain("ends in 14 days (last day 2027-06-15)");
    expect(licenceDot(valid("2027-06-02"), today).title).toContain("ends tomorrow");
    expect(licenceDot(valid("2027-06-01"), today).title).toContain("ends today");
  });

  it("is red when expired, for another machine or invalid, with the server's reason", () => {
    const expired: Licence = { ...valid("2027-05-31"), status: "expired", reason: "the licence expired on 2027-05-31" };
    expect(licenceDot(expired, today)).toMatchObject({ state: "error", word: "expired" });
    expect(licenceDot(expired, today).title).toContain("the licence expired on 2027-05-31");
    const wrong: Licence = { ...valid("2028-01-01"), status: "wrong_machine", reason: `the licence is for the machine VTA-0000-0000-0000-0000, this one is ${code}` };
    expect(licenceDot(wrong, today)).toMatchObject({ state: "error", word: "wrong machine" });
    expect(licenceDot(wrong, today).title).toContain("VTA-0000-0000-0000-0000");
    const invalid: Licence = { status: "invalid", licensee: null, expires: null, fingerprint: code, reason: "the signature does not match" };
    expect(licenceDot(invalid, today)).toMatchObject({ state: "error", word: "invalid" });
    expect(licenceDot(invalid, today).title).toContain("the signature does not match");
    expect(licenceDot(invalid, today).title).toContain("Everything still works");
  });

  it("is grey when missing (naming this machine) or not reported yet", () => {
    const missing: Licence = { status: "missing", licensee: null, expires: null, fingerprint: code, reason: "no licence is installed" };
    expect(licenceDot(missing, today)).toMatchObject({ state: "unknown", word: "missing" });
    expect(licenceDot(missing, today).title).toContain(code);
    expect(licenceDot(null, today)).toMatchObject({ state: "unknown", word: "unknown" });
  });
});
