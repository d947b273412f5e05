// Manual mode: a confirm dialog before the PSS feed is ignored, the form to create a match by
// hand (number, athletes, IOC codes with a flag preview, weight class, phase), and the
// controls the operator then drives by hand: recording, replay buffer and scenes.
import { useCallback, useEffect, useState, type FormEvent } from "react";

import { Flag } from "@/components/flag/flag";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ApiError, describeError } from "@/lib/api-client";
import { notify } from "@/lib/notifications";
import type { ObsScenes } from "@/types/api";

import { createManualMatch, EMPTY_MANUAL_MATCH, validateManualMatch, type ManualMatchInput } from "../api/create-manual-match";
import { getScenes, record, replayBuffer, switchScene } from "../api/manual-controls";
import { putManualMode } from "../api/manual-mode";

interface ManualModePanelProps {
  enabled: boolean;
  /** The server's answer after a change. */
  onChanged: (enabled: boolean) => void;
  /** Open the confirm dialog at once (arriving from the dock's MANUAL MODE button). */
  askFirst?: boolean;
  /** Whether OBS records now (the recorder's last word). */
  recording: boolean;
}

const FIELD =
  "min-h-11 w-full rounded-lg bg-neutral-900 px-3 text-sm ring-1 ring-neutral-600 aria-[invalid=true]:ring-2 aria-[invalid=true]:ring-red-500";

function Field({
  id,
  label,
  value,
  error,
  onChange,
  upper = false,
  optional = false,
}: {
  id: string;
  label: string;
  value: string;
  error?: string;
  onChange: (value: string) => void;
  upper?: boolean;
  optional?: boolean;
}) {
  return (
    <div className="flex flex-col gap-1 text-sm font-semibold">
      <label htmlFor={id}>
        {optional ? `${label} (optional)` : label}
      </label>
      <input
        id={id}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        maxLength={upper ? 3 : 80}
        autoComplete="off"
        onChange={(event) => onChange(upper ? event.target.value.toUpperCase() : event.target.value)}
        className={`${FIELD} ${upper ? "font-mono uppercase" : ""}`}
      />
      {error ? (
        <span id={`${id}-error`} role="alert" className="text-xs text-red-300">
          {error}
        </span>
      ) : null}
    </div>
  );
}

function MatchForm({ enabled }: { enabled: boolean }) {
  const [form, setForm] = useState<ManualMatchInput>(EMPTY_MANUAL_MATCH);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateManualMatch(form);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const matchId = await createManualMatch(form);
      notify("success", "Match created", `Match ${form.number.trim()} is the live match (#${matchId})`);
      setForm(EMPTY_MANUAL_MATCH);
    } catch (caught) {
      const error = caught instanceof ApiError ? caught : null;
      const message = error ? describeError(error) : String(caught);
      if (error?.field && ["number", "blue.name", "blue.ioc", "red.name", "red.ioc", "weight_class", "phase"].includes(error.field)) {
        setErrors({ [error.field]: message });
      } else {
        setErrors({ form: error?.code === "not_manual" ? `Manual mode is off on the server: ${message}` : message });
      }
    } finally {
      setBusy(false);
    }
  };

  const athlete = (side: "blue" | "red", field: "name" | "ioc", value: string) =>
    setForm((current) => ({ ...current, [side]: { ...current[side], [field]: value } }));

  return (
    <form
      aria-label="Create a match by hand"
      onSubmit={submit}
      className="flex flex-col gap-3 rounded-lg bg-neutral-900/60 p-4 ring-1 ring-neutral-700"
      noValidate
    >
      <h2 className="text-base font-bold">Create a match by hand</h2>
      <div className="grid grid-cols-2 gap-2">
        <Field id="manual-number" label="Match number" value={form.number} error={errors.number} onChange={(value) => setForm((current) => ({ ...current, number: value }))} />
        <Field id="manual-weight" label="Weight class" optional value={form.weight_class} error={errors.weight_class} onChange={(value) => setForm((current) => ({ ...current, weight_class: value }))} />
        <Field id="manual-phase" label="Phase" optional value={form.phase} error={errors.phase} onChange={(value) => setForm((current) => ({ ...current, phase: value }))} />
      </div>
      {(["blue", "red"] as const).map((side) => {
        const word = side === "blue" ? "Blue" : "Red";
        return (
          <fieldset key={side} className={`grid grid-cols-[1fr_5.5rem_2.5rem] items-start gap-2 border-l-4 pl-2 ${side === "blue" ? "border-blue-500" : "border-red-500"}`}>
            <legend className={`mb-1 text-sm font-bold ${side === "blue" ? "text-blue-300" : "text-red-300"}`}>{word} athlete</legend>
            <Field id={`manual-${side}-name`} label={`${word} name`} value={form[side].name} error={errors[`${side}.name`]} onChange={(value) => athlete(side, "name", value)} />
            <Field id={`manual-${side}-ioc`} label={`${word} IOC`} value={form[side].ioc} error={errors[`${side}.ioc`]} onChange={(value) => athlete(side, "ioc", value)} upper />
            <div className="flex h-full min-h-11 items-center justify-center pt-6" aria-live="polite">
              {form[side].ioc.length === 3 ? <Flag ioc={form[side].ioc} height={24} /> : null}
            </div>
          </fieldset>
        );
      })}
      {errors.form ? (
        <p role="alert" className="text-sm font-semibold text-red-300">
          {errors.form}
        </p>
      ) : null}
      <Button type="submit" tone="primary" disabled={busy || !enabled} title={enabled ? undefined : "enter manual mode first"}>
        Create match
      </Button>
      {!enabled ? <p className="text-xs text-neutral-400">Enter manual mode to create a match by hand.</p> : null}
    </form>
  );
}

function ObsControls({ recording }: { recording: boolean }) {
  const [scenes, setScenes] = useState<ObsScenes | null>(null);
  const [scenesError, setScenesError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const loadScenes = useCallback((signal?: AbortSignal) => {
    getScenes(signal)
      .then((answer) => {
        setScenes(answer);
        setScenesError(null);
      })
      .catch((error: unknown) => {
        if (signal?.aborted) return;
        setScenes(null);
        setScenesError(error instanceof ApiError ? describeError(error) : String(error));
      });
  }, []);
  useEffect(() => {
    const abort = new AbortController();
    loadScenes(abort.signal);
    return () => abort.abort();
  }, [loadScenes]);

  const run = async (action: () => Promise<boolean>) => {
    setBusy(true);
    await action();
    setBusy(false);
  };

  return (
    <section aria-label="Manual controls" className="flex flex-col gap-3 rounded-lg bg-neutral-900/60 p-4 ring-1 ring-amber-600">
      <h2 className="text-base font-bold">Drive OBS by hand</h2>
      <div className="flex flex-wrap gap-2" role="group" aria-label="Recording">
        <Button tone="danger" disabled={busy || recording} onClick={() => void run(() => record("start"))}>
          Start recording
        </Button>
        <Button tone="neutral" disabled={busy || !recording} onClick={() => void run(() => record("stop"))}>
          Stop recording
        </Button>
      </div>
      <div className="flex flex-wrap gap-2" role="group" aria-label="Replay buffer">
        <Button tone="primary" disabled={busy} onClick={() => void run(() => replayBuffer("save"))}>
          Save replay buffer
        </Button>
        <Button tone="ghost" disabled={busy} onClick={() => void run(() => replayBuffer("start"))}>
          Start buffer
        </Button>
        <Button tone="ghost" disabled={busy} onClick={() => void run(() => replayBuffer("stop"))}>
          Stop buffer
        </Button>
      </div>
      <div className="flex flex-col gap-2">
        <div className="flex items-center gap-2">
          <h3 className="text-sm font-bold">Scenes{scenes ? ` (${scenes.connection})` : ""}</h3>
          <Button tone="ghost" onClick={() => loadScenes()} aria-label="Reload the scenes" className="text-xs">
            ↻
          </Button>
        </div>
        {scenesError ? <p className="text-sm text-amber-300">No scenes: {scenesError}</p> : null}
        {scenes ? (
          <div role="group" aria-label="Scenes" className="flex flex-wrap gap-2">
            {scenes.scenes.map((scene) => (
              <Button
                key={scene}
                tone={scene === scenes.current ? "warning" : "neutral"}
                aria-pressed={scene === scenes.current}
                disabled={busy}
                onClick={() =>
                  void run(async () => {
                    const ok = await switchScene(scene);
                    if (ok) setScenes((current) => (current ? { ...current, current: scene } : current));
                    return ok;
                  })
                }
              >
                {scene}
              </Button>
            ))}
          </div>
        ) : null}
      </div>
    </section>
  );
}

/** The manual mode screen. */
export function ManualModePanel({ enabled, onChanged, askFirst = false, recording }: ManualModePanelProps) {
  const [confirming, setConfirming] = useState(askFirst && !enabled);
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

  return (
    <section aria-label="Manual mode" className="flex max-w-xl flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <p className={`text-lg font-bold ${enabled ? "text-amber-300" : ""}`} role="status" aria-label="Manual mode state">
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
      <MatchForm enabled={enabled} />
      {enabled ? <ObsControls recording={recording} /> : null}
      {confirming ? (
        <ConfirmDialog title="Enter manual mode?" confirmLabel="Enter manual mode" onConfirm={() => void change(true)} onCancel={() => setConfirming(false)}>
          While manual mode is on, the PSS feed is ignored: datagrams are still stored but do not change the match. You drive recording, replay and scenes by hand.
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
