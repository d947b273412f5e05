// The IOC -> flag data: every current NOC has a flag in flag-icons, the known quirks map to
// the right ISO code, and codes without a national flag get the neutral marker.
import { describe, expect, it } from "vitest";

import mapping from "./ioc-to-iso.json";
import { currentNocCodes, isoOfIoc, lookupFlag } from "./ioc";

describe("IOC flags", () => {
  it("covers the 206 current NOCs, each with a flag picture", () => {
    const codes = currentNocCodes();
    expect(codes).toHaveLength(206);
    for (const code of codes) {
      const lookup = lookupFlag(code);
      expect(lookup.kind, code).toBe("flag");
    }
    expect(new Set(Object.values(mapping.nocs)).size).toBe(206);
  });

  it("maps the codes that differ from ISO", () => {
    expect(isoOfIoc("GER")).toBe("de");
    expect(isoOfIoc("SUI")).toBe("ch");
    expect(isoOfIoc("NED")).toBe("nl");
    expect(isoOfIoc("RSA")).toBe("za");
    expect(isoOfIoc("KOS")).toBe("xk");
    expect(isoOfIoc("TPE")).toBe("tw");
    expect(isoOfIoc("IRI")).toBe("ir");
    expect(isoOfIoc("KOR")).toBe("kr");
    expect(isoOfIoc("PRK")).toBe("kp");
    expect(isoOfIoc("GBR")).toBe("gb");
    expect(isoOfIoc(" kor ")).toBe("kr");
    expect(isoOfIoc("FRG")).toBe("de");
  });

  it("gives neutral teams no national flag and unknown codes nothing", () => {
    for (const code of ["ROC", "RPC", "AIN", "EOR", "IOA", "OAR"]) {
      expect(lookupFlag(code).kind, code).toBe("neutral");
    }
    expect(lookupFlag("MRN")).toEqual({ kind: "unknown" });
    expect(lookupFlag("")).toEqual({ kind: "unknown" });
    const neutralAndMapped = Object.keys(mapping.neutral).filter((code) => code in mapping.nocs);
    expect(neutralAndMapped).toEqual([]);
  });
});
