// The name template's live preview and its refusals.
import { describe, expect, it } from "vitest";

import { previewTemplate } from "./name-template";

describe("name template preview", () => {
  it("fills every placeholder with the example match", () => {
    expect(previewTemplate("{number}_{blue}_{blue_ioc}_vs_{red}_{red_ioc}")).toEqual({
      ok: true,
      name: "101_KIM Tae-hun_KOR_vs_DUPONT Jean_FRA",
    });
    expect(previewTemplate("{date}/{phase} {weight_class} {division}")).toEqual({ ok: true, name: "2026-11-25/Final M-58kg Senior" });
  });

  it("names an unknown placeholder, a lone brace and an empty template", () => {
    const unknown = previewTemplate("{number}_{court}");
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.error).toMatch(/^unknown placeholder \{court\}: use \{number\}/);
    expect(previewTemplate("{number")).toEqual({ ok: false, error: "a { or } without its pair" });
    expect(previewTemplate("  ")).toEqual({ ok: false, error: "the template is empty" });
  });

  it("keeps characters a file name cannot hold out of the values", () => {
    expect(previewTemplate("{blue}", { blue: "A/B:C" })).toEqual({ ok: true, name: "A-B-C" });
  });
});
