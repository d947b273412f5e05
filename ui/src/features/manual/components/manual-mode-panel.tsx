// Manual mode: a confirm dialog before the PSS feed is ignored, and the form to create a
// match by hand (number, athletes, IOC codes).
import { useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

import { createManualMatch, validateManualMatch, type ManualMatchInput } from "../api/create-manual-match";
import { putManualMode } from "../api/manual-mode";

interface ManualModePanelProps {
  enabled: boolean;
  /** The server's answer after a change. */
  onChanged: (enabled: boolean) => void;
  /** Open the confirm dialog at once (arriving from the dock's MANUAL MODE button). */
  askFirst?: boolean;
}

const FIELD = "min-h-11 w-full rounded-lg bg-neutral-900 px-3 text-sm ring-1 ring-neutral-600 aria-[invalid=true]:ring-2 aria-[invalid=true]:ring-red-500";

const EMPTY: ManualMatchInput = { number: "", blue: { name: "", ioc: "" }, red: { name: "", ioc: "" } };

function Field({ id, label, value, error, onChange, upper = false }: { id: string; label: string; value: string; error?: string; onChange: (value: string) => void; upper?: boolean }) {
  return (
    <div className="flex flex-col gap-1 text-sm font-semibold">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        maxLength={upper ? 3 : 80}
        onChange={(event) => onChange(upper ? event.target.value.toUpperCase() : event.target.value)}
        className={FIELD}
      />
      {error ? (
        <span id={`${id}-error`} className="text-xs text-red-300">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** The manual mode screen. */
export function ManualModePanel({ enabled, onChanged, askFirst = false }: ManualModePanelProps) {
  const [confirming, setConfirming] = useState(askFirst && !enabled);
  const [form, setForm] = useState<ManualMatchInput>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const change = async (next: boolean) => {
    setConfirming(false);
    setBusy(true);
    try {
      onChanged(await putManualMode(next));
    } catch {
      // notified by the API client
    } finally {
      setBusy(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateManualMatch(form);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    if (await createManualMatch(form)) setForm(EMPTY);
    setBusy(false);
  };

  const athlete = (side: "blue" | "red", field: "name" | "ioc", value: string) =>
    setForm((current) => ({ ...current, [side]: { ...current[side], [field]: value } }));

  return (
    <section aria-label="Manual mode" className="flex max-w-xl flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <p className="text-lg font-bold" role="status" aria-label="Manual mode state">
          Manual mode is {enabled ? "ON: the PSS feed is ignored" : "off"}
        </p>
        {enabled ? (
          <Button tone="primary" disabled={busy} onClick={() => void change(false)}>
            Leave manual mode
          </Button>
        ) : (
          <Button tone="warning" disabled={busy} onClick={() => setConfirming(true)}>
            Enter manual mode
          </Button>
        )}
      </div>
      <form aria-label="Create a match by hand" onSubmit={submit} className="flex flex-col gap-3 rounded-lg bg-neutral-900/60 p-4 ring-1 ring-neutral-700" noValidate>
        <h2 className="text-base font-bold">Create a match by hand</h2>
        <Field id="manual-number" label="Match number" value={form.number} error={errors.number} onChange={(value) => setForm((current) => ({ ...current, number: value }))} />
        {(["blue", "red"] as const).map((side) => (
          <fieldset key={side} className="grid grid-cols-[1fr_6rem] gap-2">
            <legend className={`mb-1 text-sm font-bold ${side === "blue" ? "text-blue-300" : "text-red-300"}`}>{side === "blue" ? "Blue" : "Red"} athlete</legend>
            <Field id={`manual-${side}-name`} label={`${side === "blue" ? "Blue" : "Red"} name`} value={form[side].name} error={errors[`${side}.name`]} onChange={(value) => athlete(side, "name", value)} />
            <Field id={`manual-${side}-ioc`} label={`${side === "blue" ? "Blue" : "Red"} IOC`} value={form[side].ioc} error={errors[`${side}.ioc`]} onChange={(value) => athlete(side, "ioc", value)} upper />
          </fieldset>
        ))}
        <Button type="submit" tone="primary" disabled={busy || !enabled} title={enabled ? undefined : "enter manual mode first"}>
          Create match
        </Button>
        {!enabled ? <p className="text-xs text-neutral-400">Enter manual mode to create a match by hand.</p> : null}
      </form>
      {confirming ? (
        <ConfirmDialog title="Enter manual mode?" confirmLabel="Enter manual mode" onConfirm={() => void change(true)} onCancel={() => setConfirming(false)}>
          While manual mode is on, the PSS feed is ignored: datagrams are still stored but do not change the match. You drive recording, replay and scenes by hand.
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
