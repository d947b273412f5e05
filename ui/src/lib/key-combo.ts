// Key combinations as the settings store them ("Ctrl+Alt+R", "Ctrl+Alt+Space", "ArrowLeft",
// "1"): read from a key press, compared with a press, shown to the operator. The names follow
// the desktop shell's global shortcut syntax (modifiers Ctrl, Alt, Shift, Super, then one key
// named after `KeyboardEvent.code` without its Key/Digit prefix), so one map serves both.

/** Modifier names in their canonical order. */
const MODIFIERS = ["Ctrl", "Alt", "Shift", "Super"] as const;

/** Spellings people and other programs use for the same modifier. */
const MODIFIER_ALIASES: Record<string, (typeof MODIFIERS)[number]> = {
  ctrl: "Ctrl",
  control: "Ctrl",
  cmdorctrl: "Ctrl",
  commandorcontrol: "Ctrl",
  alt: "Alt",
  option: "Alt",
  shift: "Shift",
  super: "Super",
  meta: "Super",
  cmd: "Super",
  command: "Super",
  win: "Super",
};

/** Spellings of keys that differ from the canonical name. */
const KEY_ALIASES: Record<string, string> = {
  esc: "Escape",
  escape: "Escape",
  space: "Space",
  " ": "Space",
  left: "ArrowLeft",
  right: "ArrowRight",
  up: "ArrowUp",
  down: "ArrowDown",
  ",": "Comma",
  ".": "Period",
  "-": "Minus",
  "=": "Equal",
  "/": "Slash",
  enter: "Enter",
  return: "Enter",
};

/** Codes that are only modifiers: pressing one alone is not a combination yet. */
const MODIFIER_CODES = /^(Control|Alt|Shift|Meta|OS)(Left|Right)?$/;

/** The canonical name of one key ("r" -> "R", "esc" -> "Escape", "f5" -> "F5"). */
function canonicalKey(key: string): string {
  const alias = KEY_ALIASES[key.toLowerCase()] ?? KEY_ALIASES[key];
  if (alias) return alias;
  if (/^[a-z0-9]$/i.test(key)) return key.toUpperCase();
  if (/^f\d{1,2}$/i.test(key)) return key.toUpperCase();
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/** A combination in canonical form ("alt+ctrl+r" -> "Ctrl+Alt+R"), or null when it is not one. */
export function normalizeCombo(text: string): string | null {
  const parts = text
    .split("+")
    .map((part) => part.trim())
    .filter(Boolean);
  // "Ctrl++" means Ctrl and the plus key; not supported by the shell either.
  if (parts.length === 0) return null;
  const modifiers = new Set<string>();
  let key: string | null = null;
  for (const part of parts) {
    const modifier = MODIFIER_ALIASES[part.toLowerCase()];
    if (modifier) {
      modifiers.add(modifier);
    } else if (key === null) {
      key = canonicalKey(part);
    } else {
      return null;
    }
  }
  if (key === null) return null;
  return [...MODIFIERS.filter((modifier) => modifiers.has(modifier)), key].join("+");
}

/** The key of a press in the combination syntax, from its physical code when there is one. */
function keyOfEvent(event: Pick<KeyboardEvent, "code" | "key">): string | null {
  const code = event.code;
  if (code) {
    if (MODIFIER_CODES.test(code)) return null;
    if (/^Key[A-Z]$/.test(code)) return code.slice(3);
    if (/^Digit\d$/.test(code)) return code.slice(5);
    if (/^Numpad\d$/.test(code)) return code.slice(6);
    return code;
  }
  if (/^(Control|Alt|Shift|Meta|OS)$/.test(event.key)) return null;
  return canonicalKey(event.key);
}

/** The combination a key press makes ("Ctrl+Alt+R"), or null for a lone modifier. */
export function comboFromEvent(
  event: Pick<KeyboardEvent, "code" | "key" | "ctrlKey" | "altKey" | "shiftKey" | "metaKey">,
): string | null {
  const key = keyOfEvent(event);
  if (key === null) return null;
  const held = [event.ctrlKey && "Ctrl", event.altKey && "Alt", event.shiftKey && "Shift", event.metaKey && "Super"];
  return [...held.filter((modifier): modifier is string => Boolean(modifier)), key].join("+");
}

/** Whether a key press is `combo` (any spelling). */
export function matchesCombo(
  event: Pick<KeyboardEvent, "code" | "key" | "ctrlKey" | "altKey" | "shiftKey" | "metaKey">,
  combo: string,
): boolean {
  const pressed = comboFromEvent(event);
  return pressed !== null && pressed === normalizeCombo(combo);
}

/** Symbols the operator reads more quickly than the names. */
const KEY_LABELS: Record<string, string> = {
  ArrowLeft: "←",
  ArrowRight: "→",
  ArrowUp: "↑",
  ArrowDown: "↓",
  Escape: "Esc",
  Comma: ",",
  Period: ".",
};

/** How a combination is shown on a button ("Ctrl+Alt+R", "←", "Esc"). */
export function comboLabel(combo: string): string {
  const normal = normalizeCombo(combo) ?? combo;
  const parts = normal.split("+");
  const key = parts.pop() ?? "";
  return [...parts, KEY_LABELS[key] ?? key].join("+");
}

/** Whether the key press happened while typing into a field (shortcuts then stay quiet). */
export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}
