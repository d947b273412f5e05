// IOC country code -> flag: the mapping is data (ioc-to-iso.json), the pictures come from the
// flag-icons package (4:3 SVGs by ISO 3166-1 alpha-2), bundled as URLs by Vite.
import mapping from "./ioc-to-iso.json";

/** What to draw for an IOC code. */
export type FlagLookup =
  | { kind: "flag"; iso: string; url: string }
  | { kind: "neutral"; reason: string }
  | { kind: "unknown" };

const flagUrls = import.meta.glob<string>("/node_modules/flag-icons/flags/4x3/*.svg", {
  eager: true,
  query: "?url",
  import: "default",
});

const nocs: Record<string, string> = mapping.nocs;
const historical: Record<string, string> = mapping.historical;
const neutral: Record<string, string> = mapping.neutral;

/** The ISO 3166-1 alpha-2 code (lower case) of an IOC code's flag, or null. */
export function isoOfIoc(ioc: string): string | null {
  const code = ioc.trim().toUpperCase();
  return nocs[code] ?? historical[code] ?? null;
}

/** Looks up an IOC code: a flag, a neutral marker (no national flag) or unknown. */
export function lookupFlag(ioc: string): FlagLookup {
  const code = ioc.trim().toUpperCase();
  const reason = neutral[code];
  if (reason !== undefined) return { kind: "neutral", reason };
  const iso = isoOfIoc(code);
  if (iso === null) return { kind: "unknown" };
  const url = flagUrls[`/node_modules/flag-icons/flags/4x3/${iso}.svg`];
  return url === undefined ? { kind: "unknown" } : { kind: "flag", iso, url };
}

/** Every current NOC code the mapping covers. */
export function currentNocCodes(): string[] {
  return Object.keys(nocs);
}
