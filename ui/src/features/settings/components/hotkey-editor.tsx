// The keyboard shortcut map, editable: "Change" listens for the next key combination and
// sets it (Tab or leaving the button cancels). A combination used by another action is
// refused. Where each row is stored (the server's settings or this browser) is the caller's.
import { useRef, useState, type KeyboardEvent } from "react";

import { Button } from "@/components/ui/button";
import { comboFromEvent, comboLabel, normalizeCombo } from "@/lib/key-combo";

/** One shortcut row. */
export interface HotkeyRow {
  id: string;
  /** What it does, e.g. "Dock: replay". */
  action: string;
  /** The combination in force. */
  keys: string;
  /** Where it works, for the operator: "everywhere (desktop shell) and in this page". */
  scope: string;
}

interface HotkeyEditorProps {
  rows: HotkeyRow[];
  /** Stores a new combination; resolves to an error message or null. */
  onChange: (id: string, keys: string) => Promise<string | null>;
  /** Notes under the table. */
  footer?: string;
}

/** The hotkey table with capture buttons. */
export function HotkeyEditor({ rows, onChange, footer }: HotkeyEditorProps) {
  const [capturing, setCapturing] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  // A captured Space or Enter would also click the button and start capturing again.
  const capturedAt = useRef(0);

  const capture = async (row: HotkeyRow, event: KeyboardEvent<HTMLButtonElement>) => {
    if (capturing !== row.id || event.key === "Tab") return;
    event.preventDefault();
    event.stopPropagation();
    const combo = comboFromEvent(event.nativeEvent);
    if (combo === null) return;
    capturedAt.current = Date.now();
    setCapturing(null);
    const clash = rows.find((other) => other.id !== row.id && normalizeCombo(other.keys) === combo);
    if (clash) {
      setErrors((current) => ({ ...current, [row.id]: `${comboLabel(combo)} is already used by ${clash.action}` }));
      return;
    }
    setBusy(true);
    const error = await onChange(row.id, combo);
    setBusy(false);
    setErrors((current) => {
      const next = { ...current };
      if (error) next[row.id] = error;
      else delete next[row.id];
      return next;
    });
  };

  return (
    <section aria-label="Keyboard shortcuts" className="flex flex-col gap-2">
      <h2 className="text-lg font-bold">Keyboard shortcuts</h2>
      <table className="text-left text-sm">
        <thead className="text-xs uppercase text-neutral-400">
          <tr>
            <th scope="col" className="py-1 pr-3">Action</th>
            <th scope="col" className="pr-3">Keys</th>
            <th scope="col" className="sr-only">Change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-b border-neutral-800 align-middle">
              <td className="py-1 pr-3">
                <span className="font-semibold">{row.action}</span>
                <span className="block text-xs text-neutral-400">{row.scope}</span>
                {errors[row.id] ? (
                  <span role="alert" className="block text-xs font-semibold text-red-300">
                    {errors[row.id]}
                  </span>
                ) : null}
              </td>
              <td className="pr-3">
                <kbd aria-label={`${row.action} keys`} className="whitespace-nowrap rounded bg-neutral-800 px-2 py-0.5 font-mono">
                  {comboLabel(row.keys)}
                </kbd>
              </td>
              <td className="py-1 text-right">
                <Button
                  tone={capturing === row.id ? "warning" : "ghost"}
                  disabled={busy}
                  aria-label={capturing === row.id ? `Press the new keys for ${row.action}` : `Change the keys of ${row.action}`}
                  onClick={(event) => {
                    // detail 0: a click made by the keyboard (the captured Space or Enter).
                    if (event.detail === 0 && Date.now() - capturedAt.current < 500) return;
                    setCapturing(capturing === row.id ? null : row.id);
                  }}
                  onBlur={() => setCapturing((current) => (current === row.id ? null : current))}
                  onKeyDown={(event) => void capture(row, event)}
                  className="text-xs"
                >
                  {capturing === row.id ? "Press keys…" : "Change"}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {footer ? <p className="text-xs text-neutral-400">{footer}</p> : null}
    </section>
  );
}
