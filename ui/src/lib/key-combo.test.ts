// Key combinations: canonical spelling, reading a press, matching a press, labels.
import { describe, expect, it } from "vitest";

import { comboFromEvent, comboLabel, matchesCombo, normalizeCombo } from "./key-combo";

const press = (code: string, key: string, modifiers: { ctrl?: boolean; alt?: boolean; shift?: boolean; meta?: boolean } = {}) => ({
  code,
  key,
  ctrlKey: modifiers.ctrl ?? false,
  altKey: modifiers.alt ?? false,
  shiftKey: modifiers.shift ?? false,
  metaKey: modifiers.meta ?? false,
});

describe("key combinations", () => {
  it("spell every combination one way", () => {
    expect(normalizeCombo("alt+ctrl+r")).toBe("Ctrl+Alt+R");
    expect(normalizeCombo("Control + Option + space")).toBe("Ctrl+Alt+Space");
    expect(normalizeCombo("CmdOrCtrl+Shift+f5")).toBe("Ctrl+Shift+F5");
    expect(normalizeCombo("esc")).toBe("Escape");
    expect(normalizeCombo(",")).toBe("Comma");
    expect(normalizeCombo("Ctrl+Alt")).toBeNull();
    expect(normalizeCombo("Ctrl+A+B")).toBeNull();
    expect(normalizeCombo("")).toBeNull();
  });

  it("read a press from its physical key, ignoring a lone modifier", () => {
    expect(comboFromEvent(press("KeyR", "®", { ctrl: true, alt: true }))).toBe("Ctrl+Alt+R");
    expect(comboFromEvent(press("Space", " ", { ctrl: true, alt: true }))).toBe("Ctrl+Alt+Space");
    expect(comboFromEvent(press("Digit1", "!", { shift: true }))).toBe("Shift+1");
    expect(comboFromEvent(press("ArrowLeft", "ArrowLeft"))).toBe("ArrowLeft");
    expect(comboFromEvent(press("ControlLeft", "Control", { ctrl: true }))).toBeNull();
    expect(comboFromEvent(press("", "m", { ctrl: true }))).toBe("Ctrl+M");
  });

  it("match presses against any spelling and label them", () => {
    expect(matchesCombo(press("KeyM", "m", { ctrl: true, alt: true }), "alt+ctrl+m")).toBe(true);
    expect(matchesCombo(press("KeyM", "m", { ctrl: true }), "Ctrl+Alt+M")).toBe(false);
    expect(matchesCombo(press("Escape", "Escape"), "Esc")).toBe(true);
    expect(comboLabel("ArrowRight")).toBe("→");
    expect(comboLabel("ctrl+alt+escape")).toBe("Ctrl+Alt+Esc");
  });
});
