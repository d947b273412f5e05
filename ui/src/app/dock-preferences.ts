// The dock's layout preferences (collapsed, left or right), kept in localStorage.
import { useCallback, useState } from "react";

/** Which edge the dock sits on. */
export type DockSide = "left" | "right";

const KEY = "vta.dock";

interface DockPreferences {
  collapsed: boolean;
  side: DockSide;
}

function read(): DockPreferences {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? "{}") as Partial<DockPreferences>;
    return { collapsed: stored.collapsed === true, side: stored.side === "right" ? "right" : "left" };
  } catch {
    return { collapsed: false, side: "left" };
  }
}

/** The preferences and their setters. */
export function useDockPreferences() {
  const [preferences, setPreferences] = useState(read);
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
  };
}
