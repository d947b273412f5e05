import { beforeEach, describe, expect, it } from "vitest";

import { DEFAULT_DOCK_WIDTH, readDockPreferences } from "./dock-preferences";

describe("readDockPreferences", () => {
  beforeEach(() => localStorage.clear());

  it("gives the defaults when nothing is stored or the value is not JSON", () => {
    expect(readDockPreferences()).toEqual({ collapsed: false, side: "left", width: DEFAULT_DOCK_WIDTH });
    localStorage.setItem("vta.dock", "{not json");
    expect(readDockPreferences()).toEqual({ collapsed: false, side: "left", width: DEFAULT_DOCK_WIDTH });
  });

  it("keeps a stored layout and clamps the width to what fits a dock", () => {
    localStorage.setItem("vta.dock", JSON.stringify({ collapsed: true, side: "right", width: 420 }));
    expect(readDockPreferences()).toEqual({ collapsed: true, side: "right", width: 420 });
    localStorage.setItem("vta.dock", JSON.stringify({ width: 5000 }));
    expect(readDockPreferences().width).toBe(640);
    localStorage.setItem("vta.dock", JSON.stringify({ width: 10 }));
    expect(readDockPreferences().width).toBe(280);
    localStorage.setItem("vta.dock", JSON.stringify({ width: "wide" }));
    expect(readDockPreferences().width).toBe(DEFAULT_DOCK_WIDTH);
  });
});
