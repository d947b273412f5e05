// The replay and recording settings: mpv path and arguments, screen, fullscreen, lead, exact
// start, clip timeout, link window, IVR and LIVE scene names, recording root, name template (with a live
// preview of the file name) and stop delay. Saved whole with PUT /api/settings; a value the
// server refuses (422 with `field`) is shown at its field.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { ApiError, describeError } from "@/lib/api-client";
import { notify } from "@/lib/notifications";
import type { Settings } from "@/types/api";

import { getSettings, putSettings } from "../api/settings";
import { previewTemplate } from "../lib/name-template";
import { useSettingsStore } from "../stores/use-settings-store";

/** The form's text of every field, keyed by the setting's path. */
type Draft = Record<FieldPath, string>;

type FieldPath =
  | "replay.mpv_path"
  | "replay.mpv_args"
  | "replay.screen"
  | "replay.fullscreen"
  | "replay.lead_seconds"
  | "replay.exact_start"
  | "replay.clip_timeout_seconds"
  | "replay.link_window_seconds"
  | "replay.ivr_scene"
  | "replay.live_scene"
  | "recording.root"
  | "recording.name_template"
  | "recording.stop_delay_seconds";

const SECONDS_FIELDS: FieldPath[] = [
  "replay.lead_seconds",
  "replay.clip_timeout_seconds",
  "replay.link_window_seconds",
  "recording.stop_delay_seconds",
];

function toDraft(settings: Settings): Draft {
  const { replay, recording } = settings;
  return {
    "replay.mpv_path": replay.mpv_path,
    "replay.mpv_args": replay.mpv_args.join("\n"),
    "replay.screen": replay.screen === null ? "" : String(replay.screen),
    "replay.fullscreen": replay.fullscreen ? "true" : "false",
    "replay.lead_seconds": String(replay.lead_seconds),
    "replay.exact_start": replay.exact_start ? "true" : "false",
    "replay.clip_timeout_seconds": String(replay.clip_timeout_seconds),
    "replay.link_window_seconds": String(replay.link_window_seconds),
    "replay.ivr_scene": replay.ivr_scene,
    "replay.live_scene": replay.live_scene,
    "recording.root": recording.root,
    "recording.name_template": recording.name_template,
    "recording.stop_delay_seconds": String(recording.stop_delay_seconds),
  };
}

/**
 * Turns the draft into Settings, or the first field that is not even a number. Everything
 * else (ranges, the template's placeholders) is the server's to judge: its 422 names the field.
 */
export function fromDraft(draft: Draft, base: Settings): { settings: Settings } | { field: FieldPath; message: string } {
  for (const field of SECONDS_FIELDS) {
    const value = Number(draft[field]);
    if (draft[field].trim() === "" || !Number.isFinite(value)) {
      return { field, message: "a number of seconds" };
    }
  }
  const screenText = draft["replay.screen"].trim();
  const screen = screenText === "" ? null : Number(screenText);
  if (screen !== null && !Number.isInteger(screen)) {
    return { field: "replay.screen", message: "a screen number (0, 1, ...) or empty for mpv's default" };
  }
  return {
    settings: {
      ...base,
      replay: {
        mpv_path: draft["replay.mpv_path"].trim(),
        mpv_args: draft["replay.mpv_args"]
          .split("\n")
          .map((line) => line.trim())
          .filter(Boolean),
        screen,
        fullscreen: draft["replay.fullscreen"] === "true",
        lead_seconds: Number(draft["replay.lead_seconds"]),
        exact_start: draft["replay.exact_start"] === "true",
        clip_timeout_seconds: Number(draft["replay.clip_timeout_seconds"]),
        link_window_seconds: Number(draft["replay.link_window_seconds"]),
        ivr_scene: draft["replay.ivr_scene"].trim(),
        live_scene: draft["replay.live_scene"].trim(),
      },
      recording: {
        root: draft["recording.root"].trim(),
        name_template: draft["recording.name_template"],
        stop_delay_seconds: Number(draft["recording.stop_delay_seconds"]),
      },
    },
  };
}

const INPUT =
  "min-h-11 w-full rounded-lg bg-neutral-900 px-3 text-sm ring-1 ring-neutral-600 aria-[invalid=true]:ring-2 aria-[invalid=true]:ring-red-500";

interface FieldProps {
  path: FieldPath;
  label: string;
  hint?: ReactNode;
  error: string | undefined;
  children: (props: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}

function Field({ path, label, hint, error, children }: FieldProps) {
  const base = useId();
  const id = `${base}-${path.replace(".", "-")}`;
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="flex flex-col gap-1 text-sm" data-field={path}>
      <label htmlFor={id} className="font-semibold">
        {label}
      </label>
      {children({ id, ...(error ? { "aria-invalid": true as const } : {}), ...(described ? { "aria-describedby": described } : {}) })}
      {hint ? (
        <span id={`${id}-hint`} className="text-xs text-neutral-300">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} role="alert" className="text-xs font-semibold text-red-300">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** The settings card. */
export function SettingsForm() {
  const stored = useSettingsStore((state) => state.settings);
  const apply = useSettingsStore((state) => state.apply);
  const [base, setBase] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Partial<Record<FieldPath, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    getSettings()
      .then((settings) => {
        apply(settings);
        setBase(settings);
        setDraft(toDraft(settings));
      })
      .catch(() => {
        // notified by the API client
      });
  }, [apply]);

  // Another client saved: show it unless the operator is editing.
  useEffect(() => {
    if (stored && !dirty) {
      setBase(stored);
      setDraft(toDraft(stored));
    }
  }, [stored, dirty]);

  if (draft === null || base === null) {
    return (
      <section aria-label="Replay and recording settings">
        <h2 className="text-lg font-bold">Replay and recording</h2>
        <p className="text-sm text-neutral-300">Loading the settings…</p>
      </section>
    );
  }

  const set = (path: FieldPath, value: string) => {
    setDraft((current) => (current ? { ...current, [path]: value } : current));
    setDirty(true);
    setErrors((current) => {
      const next = { ...current };
      delete next[path];
      return next;
    });
  };

  const focusField = (path: string) => {
    const target = form.current?.querySelector<HTMLElement>(`[data-field="${path}"] input, [data-field="${path}"] textarea`);
    target?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const built = fromDraft(draft, base);
    if ("field" in built) {
      setErrors({ [built.field]: built.message });
      focusField(built.field);
      return;
    }
    setBusy(true);
    try {
      const saved = await putSettings(built.settings);
      apply(saved);
      setBase(saved);
      setDraft(toDraft(saved));
      setDirty(false);
      setErrors({});
      notify("success", "Settings saved", "they apply from the next challenge or recording");
    } catch (caught) {
      const error = caught instanceof ApiError ? caught : null;
      const message = error ? describeError(error) : String(caught);
      // `replay.mpv_args[1]` is shown at the arguments field.
      const field = error?.field?.replace(/\[\d+\]$/, "") as FieldPath | undefined;
      if (field && field in draft) {
        setErrors({ [field]: message });
        focusField(field);
      } else {
        setFormError(error?.field ? `${error.field}: ${message}` : message);
      }
    } finally {
      setBusy(false);
    }
  };

  const text = (path: FieldPath, label: string, hint?: ReactNode, extra: { mono?: boolean; inputMode?: "decimal" | "numeric" } = {}) => (
    <Field path={path} label={label} hint={hint} error={errors[path]}>
      {(props) => (
        <input
          {...props}
          value={draft[path]}
          inputMode={extra.inputMode}
          onChange={(event) => set(path, event.target.value)}
          className={`${INPUT} ${extra.mono ? "font-mono" : ""}`}
        />
      )}
    </Field>
  );
  const preview = previewTemplate(draft["recording.name_template"]);

  return (
    <form ref={form} aria-label="Replay and recording settings" onSubmit={submit} noValidate className="flex flex-col gap-4">
      <h2 className="text-lg font-bold">Replay and recording</h2>
      <fieldset className="grid gap-3 sm:grid-cols-2">
        <legend className="mb-2 text-base font-bold text-purple-200">Review screen (mpv)</legend>
        {text("replay.mpv_path", "mpv program", "a name on the PATH or a full path", { mono: true })}
        <Field path="replay.mpv_args" label="mpv arguments" hint="one per line, e.g. --vo=gpu" error={errors["replay.mpv_args"]}>
          {(props) => (
            <textarea
              {...props}
              rows={2}
              value={draft["replay.mpv_args"]}
              onChange={(event) => set("replay.mpv_args", event.target.value)}
              className={`${INPUT} py-2 font-mono`}
            />
          )}
        </Field>
        {text("replay.screen", "Screen", "empty: mpv's default screen", { inputMode: "numeric" })}
        <div className="flex items-end">
          <label className="flex min-h-11 cursor-pointer items-center gap-3 text-sm font-semibold">
            <input
              type="checkbox"
              checked={draft["replay.fullscreen"] === "true"}
              onChange={(event) => set("replay.fullscreen", event.target.checked ? "true" : "false")}
              className="h-6 w-6 accent-sky-500"
            />
            Fullscreen
          </label>
        </div>
        {text("replay.lead_seconds", "Replay lead (s)", "how far before the challenge the clip starts", { inputMode: "decimal" })}
        <div className="flex items-end">
          <label className="flex min-h-11 cursor-pointer items-center gap-3 text-sm font-semibold" data-field="replay.exact_start">
            <input
              type="checkbox"
              checked={draft["replay.exact_start"] === "true"}
              onChange={(event) => set("replay.exact_start", event.target.checked ? "true" : "false")}
              className="h-6 w-6 accent-sky-500"
            />
            Exact start (slower: decodes from the previous keyframe)
          </label>
        </div>
        {text("replay.clip_timeout_seconds", "Clip timeout (s)", "how long to wait for OBS to write the clip", { inputMode: "decimal" })}
        {text("replay.link_window_seconds", "Link window (s)", "how close a challenge must follow the moment it reviews", { inputMode: "decimal" })}
        {text("replay.ivr_scene", "IVR scene", "the OBS scene shown during a replay")}
        {text("replay.live_scene", "LIVE scene", "the OBS scene to return to")}
      </fieldset>
      <fieldset className="grid gap-3 sm:grid-cols-2">
        <legend className="mb-2 text-base font-bold text-red-200">Recording</legend>
        {text("recording.root", "Recording folder", undefined, { mono: true })}
        {text("recording.stop_delay_seconds", "Stop delay (s)", "how long after the winner the recording stops", { inputMode: "decimal" })}
        <div className="sm:col-span-2">
          {text(
            "recording.name_template",
            "File name template",
            <>
              {"{number} {blue} {blue_ioc} {red} {red_ioc} {phase} {weight_class} {division} {date}"}
              <span className="mt-1 block" aria-live="polite">
                Preview:{" "}
                <output aria-label="File name preview" className={`font-mono font-bold ${preview.ok ? "text-green-300" : "text-amber-300"}`}>
                  {preview.ok ? preview.name : preview.error}
                </output>
              </span>
            </>,
            { mono: true },
          )}
        </div>
      </fieldset>
      {formError ? (
        <p role="alert" className="text-sm font-semibold text-red-300">
          {formError}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" tone="primary" disabled={busy}>
          Save settings
        </Button>
        <Button
          tone="ghost"
          disabled={busy || !dirty}
          onClick={() => {
            setDraft(toDraft(base));
            setDirty(false);
            setErrors({});
            setFormError(null);
          }}
        >
          Undo changes
        </Button>
        <span className="text-xs text-neutral-300">Lead, exact start, timeout, window and scenes apply from the next challenge; mpv changes restart the review screen; recording changes apply from the next recording.</span>
      </div>
    </form>
  );
}
