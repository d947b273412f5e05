// The dock's layout preferences (collapsed, left or right, expanded width), kept in
// localStorage under "vta.dock". The desktop shell reads the same key to size and place its
// window, so the width chosen here is the window's width there.
import { useCallback, useState } from "react";

/** Which edge the dock sits on. */
export type DockSide = "left" | "right";

/** The expanded dock's width when nothing was chosen, in CSS pixels. */
export const DEFAULT_DOCK_WIDTH = 350;
/** The widths the operator can choose, narrowest first. */
export const DOCK_WIDTHS = [300, 350, 420, 500] as const;

const KEY = "vta.dock";
const MIN_WIDTH = 280;
const MAX_WIDTH = 640;

/** The stored layout. */
export interface DockPreferences {
  collapsed: boolean;
  side: DockSide;
  width: number;
}

/** Reads the stored layout; anything missing or out of range takes its default. */
export function readDockPreferences(): DockPreferences {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? "{}") as Partial<Record<keyof DockPreferences, unknown>>;
    const width = typeof stored.width === "number" && Number.isFinite(stored.width) ? stored.width : DEFAULT_DOCK_WIDTH;
    return {
      collapsed: stored.collapsed === true,
      side: stored.side === "right" ? "right" : "left",
      width: Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width))),
    };
  } catch {
    return { collapsed: false, side: "left", width: DEFAULT_DOCK_WIDTH };
  }
}

/** The preferences and their setters. */
export function useDockPreferences() {
  const [preferences, setPreferences] = useState(readDockPreferences);
  const update = useCallback((change: Partial<DockPreferences>) => {
    setPreferences((current) => {
      const next = { ...current, ...change };
      localStorage.setItem(KEY, JSON.stringify(next));
      return next;
    });
  }, []);
  return {
    ...preferences,
    setCollapsed: (collapsed: boolean) => update({ collapsed }),
    setSide: (side: DockSide) => update({ side }),
    setWidth: (width: number) => update({ width }),
  };
}
