// The OBS connections: each with its status dot, role, address and round trip; connect or
// disconnect, Test (versions and round trip, or the error), edit and delete; a form to add one.
// Passwords are write-only: the list only says whether one is stored.
import { useCallback, useEffect, useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { StatusDot, type DotState } from "@/components/ui/status-dot";
import { ApiError, describeError } from "@/lib/api-client";
import { notify } from "@/lib/notifications";
import type { ObsConnection, ObsConnectionInput, ObsProtocol, ObsRole, ObsTestResult } from "@/types/api";

import {
  createObsConnection,
  deleteObsConnection,
  listObsConnections,
  switchObsConnection,
  testObsConnection,
  updateObsConnection,
} from "../api/obs-connections";

const DOTS: Record<ObsConnection["status"], DotState> = {
  connected: "ok",
  connecting: "warn",
  error: "error",
  disconnected: "unknown",
};

const ROLE_WORDS: Record<ObsRole, string> = { rec: "REC (recording)", str: "STR (streaming)", both: "REC + STR" };

const INPUT =
  "min-h-11 w-full rounded-lg bg-neutral-900 px-3 text-sm ring-1 ring-neutral-600 aria-[invalid=true]:ring-2 aria-[invalid=true]:ring-red-500";

/** The round trip for the operator. */
export function formatRtt(rtt: number | null | undefined): string {
  return rtt === null || rtt === undefined ? "—" : `${rtt.toFixed(1)} ms`;
}

/** What a test answer says to the operator. */
export function describeTest(result: ObsTestResult): string {
  if (!result.ok) return `Test failed: ${result.error ?? "no reason given"}`;
  return `OK: OBS ${result.obs_version ?? "?"}, obs-websocket ${result.websocket_version ?? "?"}, round trip ${formatRtt(result.rtt_ms)}`;
}

interface Draft {
  name: string;
  host: string;
  port: string;
  protocol: ObsProtocol;
  role: ObsRole;
  enabled: boolean;
  password: string;
  /** Editing: remove the stored password. */
  clearPassword: boolean;
}

const NEW: Draft = { name: "", host: "127.0.0.1", port: "4455", protocol: "auto", role: "both", enabled: true, password: "", clearPassword: false };

function draftOf(connection: ObsConnection): Draft {
  return {
    name: connection.name,
    host: connection.host ?? "",
    port: String(connection.port ?? 4455),
    protocol: connection.protocol ?? "auto",
    role: connection.role,
    enabled: connection.enabled ?? true,
    password: "",
    clearPassword: false,
  };
}

type FormField = "name" | "host" | "port" | "password";

function ConnectionForm({ editing, onDone }: { editing: ObsConnection | null; onDone: (saved: ObsConnection | null) => void }) {
  const [draft, setDraft] = useState<Draft>(editing ? draftOf(editing) : NEW);
  const [errors, setErrors] = useState<Partial<Record<FormField | "form", string>>>({});
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<FormField, string>> = {};
    if (!draft.name.trim()) found.name = "a name is needed, e.g. court-1";
    if (!draft.host.trim()) found.host = "a host name or address is needed";
    const port = Number(draft.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) found.port = "a port from 1 to 65535";
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const input: ObsConnectionInput = {
      name: draft.name.trim(),
      host: draft.host.trim(),
      port,
      protocol: draft.protocol,
      role: draft.role,
      enabled: draft.enabled,
    };
    if (draft.password) input.password = draft.password;
    else if (editing === null || draft.clearPassword) input.password = "";
    setBusy(true);
    try {
      const saved = editing ? await updateObsConnection(editing.name, input) : await createObsConnection(input);
      notify("success", editing ? "Connection saved" : "Connection added", saved.name);
      onDone(saved);
    } catch (caught) {
      const error = caught instanceof ApiError ? caught : null;
      const message = error ? describeError(error) : String(caught);
      const field = error?.code === "name_taken" ? "name" : error?.field;
      if (field === "name" || field === "host" || field === "port" || field === "password") setErrors({ [field]: message });
      else setErrors({ form: field ? `${field}: ${message}` : message });
    } finally {
      setBusy(false);
    }
  };

  const field = (key: FormField, label: string, props: { type?: string; inputMode?: "numeric"; autoComplete?: string; hint?: string } = {}) => (
    <div className="flex flex-col gap-1 text-sm">
      <label htmlFor={`obs-${key}`} className="font-semibold">
        {label}
      </label>
      <input
        id={`obs-${key}`}
        type={props.type ?? "text"}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete ?? "off"}
        value={draft[key]}
        aria-invalid={errors[key] ? true : undefined}
        aria-describedby={[props.hint ? `obs-${key}-hint` : "", errors[key] ? `obs-${key}-error` : ""].filter(Boolean).join(" ") || undefined}
        onChange={(event) => set(key, event.target.value)}
        className={INPUT}
      />
      {props.hint ? (
        <span id={`obs-${key}-hint`} className="text-xs text-neutral-400">
          {props.hint}
        </span>
      ) : null}
      {errors[key] ? (
        <span id={`obs-${key}-error`} role="alert" className="text-xs font-semibold text-red-300">
          {errors[key]}
        </span>
      ) : null}
    </div>
  );

  return (
    <form
      aria-label={editing ? `Edit ${editing.name}` : "Add an OBS connection"}
      onSubmit={submit}
      noValidate
      className="grid gap-3 rounded-lg bg-neutral-900/80 p-3 ring-1 ring-sky-700 sm:grid-cols-2"
    >
      <h3 className="text-base font-bold sm:col-span-2">{editing ? `Edit ${editing.name}` : "Add an OBS connection"}</h3>
      {field("name", "Name")}
      {field("host", "Host")}
      {field("port", "Port", { inputMode: "numeric" })}
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor="obs-protocol" className="font-semibold">
          Protocol
        </label>
        <select id="obs-protocol" value={draft.protocol} onChange={(event) => set("protocol", event.target.value as ObsProtocol)} className={INPUT}>
          <option value="auto">Detect (obs-websocket 5, else 4)</option>
          <option value="v5">obs-websocket 5 (OBS 28 and later)</option>
          <option value="v4">obs-websocket 4 (older OBS)</option>
        </select>
      </div>
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor="obs-role" className="font-semibold">
          Role
        </label>
        <select id="obs-role" value={draft.role} onChange={(event) => set("role", event.target.value as ObsRole)} className={INPUT}>
          <option value="both">{ROLE_WORDS.both}</option>
          <option value="rec">{ROLE_WORDS.rec}</option>
          <option value="str">{ROLE_WORDS.str}</option>
        </select>
      </div>
      {field("password", "Password", {
        type: "password",
        autoComplete: "new-password",
        hint: editing ? (editing.has_password ? "a password is stored; leave empty to keep it" : "no password is stored") : "leave empty when OBS asks for none",
      })}
      <label className="flex min-h-11 cursor-pointer items-center gap-3 text-sm font-semibold">
        <input type="checkbox" checked={draft.enabled} onChange={(event) => set("enabled", event.target.checked)} className="h-6 w-6 accent-sky-500" />
        Connect automatically
      </label>
      {editing?.has_password ? (
        <label className="flex min-h-11 cursor-pointer items-center gap-3 text-sm font-semibold">
          <input type="checkbox" checked={draft.clearPassword} onChange={(event) => set("clearPassword", event.target.checked)} className="h-6 w-6 accent-sky-500" />
          Remove the stored password
        </label>
      ) : null}
      {errors.form ? (
        <p role="alert" className="text-sm font-semibold text-red-300 sm:col-span-2">
          {errors.form}
        </p>
      ) : null}
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" tone="primary" disabled={busy}>
          {editing ? "Save connection" : "Add connection"}
        </Button>
        <Button tone="ghost" disabled={busy} onClick={() => onDone(null)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function ConnectionRow({
  connection,
  onChanged,
  onEdit,
  onDelete,
}: {
  connection: ObsConnection;
  onChanged: () => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const [test, setTest] = useState<{ running: boolean; result: ObsTestResult | null }>({ running: false, result: null });
  const [busy, setBusy] = useState(false);
  const runTest = async () => {
    setTest({ running: true, result: null });
    try {
      setTest({ running: false, result: await testObsConnection(connection.name) });
    } catch {
      setTest({ running: false, result: null });
    }
  };
  const toggle = async () => {
    setBusy(true);
    try {
      await switchObsConnection(connection.name, connection.status === "disconnected" || connection.status === "error" ? "connect" : "disconnect");
      onChanged();
    } catch {
      // notified by the API client
    } finally {
      setBusy(false);
    }
  };
  const connected = connection.status === "connected" || connection.status === "connecting";
  return (
    <li aria-label={`OBS connection ${connection.name}`} className="flex flex-col gap-2 rounded-lg bg-neutral-900 p-3 ring-1 ring-neutral-700">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
        <StatusDot label={connection.name} state={DOTS[connection.status]} word={connection.status} title={connection.reason ?? connection.status} />
        <span className="rounded bg-neutral-800 px-2 text-xs font-bold" aria-label="Role">
          {ROLE_WORDS[connection.role]}
        </span>
        <span className="font-mono text-sm text-neutral-200">
          {connection.host ?? "?"}:{connection.port ?? "?"} · {connection.protocol ?? "?"}
        </span>
        <span className="text-sm tabular-nums text-neutral-200" aria-label="Round trip">
          RTT {formatRtt(connection.rtt_ms)}
        </span>
        {connection.enabled === false ? <span className="text-xs text-neutral-400">not connected automatically</span> : null}
        {connection.has_password ? <span className="text-xs text-neutral-400">password stored</span> : null}
      </div>
      {connection.reason ? <p className="text-sm text-red-300">{connection.reason}</p> : null}
      <div className="flex flex-wrap gap-2">
        <Button tone={connected ? "neutral" : "primary"} disabled={busy} onClick={() => void toggle()}>
          {connected ? "Disconnect" : "Connect"}
        </Button>
        <Button tone="neutral" disabled={test.running} onClick={() => void runTest()} aria-label={`Test ${connection.name}`}>
          {test.running ? "Testing…" : "Test"}
        </Button>
        <Button tone="ghost" onClick={onEdit} aria-label={`Edit ${connection.name}`}>
          Edit
        </Button>
        <Button tone="ghost" onClick={onDelete} aria-label={`Delete ${connection.name}`}>
          Delete
        </Button>
      </div>
      {test.result ? (
        <p role="status" aria-label={`Test of ${connection.name}`} className={`text-sm font-semibold ${test.result.ok ? "text-green-300" : "text-red-300"}`}>
          {describeTest(test.result)}
        </p>
      ) : null}
    </li>
  );
}

/** The OBS connections card; `live` is the feed's list, whose changes trigger a reload. */
export function ObsConnectionsPanel({ live }: { live: ObsConnection[] }) {
  const [connections, setConnections] = useState<ObsConnection[] | null>(null);
  const [editing, setEditing] = useState<ObsConnection | "new" | null>(null);
  const [deleting, setDeleting] = useState<ObsConnection | null>(null);
  const reload = useCallback(() => {
    listObsConnections()
      .then(setConnections)
      .catch(() => {
        // notified by the API client
      });
  }, []);
  useEffect(reload, [reload, live]);

  const remove = async (connection: ObsConnection) => {
    setDeleting(null);
    try {
      await deleteObsConnection(connection.name);
      notify("success", "Connection deleted", connection.name);
      reload();
    } catch {
      // notified by the API client
    }
  };

  return (
    <section aria-label="OBS connections" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-lg font-bold">OBS connections</h2>
        <Button tone="primary" onClick={() => setEditing("new")} disabled={editing !== null}>
          Add connection
        </Button>
      </div>
      {editing !== null ? (
        <ConnectionForm
          key={editing === "new" ? "new" : editing.name}
          editing={editing === "new" ? null : editing}
          onDone={(saved) => {
            setEditing(null);
            if (saved) reload();
          }}
        />
      ) : null}
      {connections === null ? (
        <p className="text-sm text-neutral-300">Loading…</p>
      ) : connections.length === 0 ? (
        <p className="text-sm text-neutral-300">No OBS connection yet: add one for recording (REC) and one for streaming (STR), or one for both.</p>
      ) : (
        <ul aria-label="Connections" className="flex flex-col gap-2">
          {connections.map((connection) => (
            <ConnectionRow
              key={connection.name}
              connection={connection}
              onChanged={reload}
              onEdit={() => setEditing(connection)}
              onDelete={() => setDeleting(connection)}
            />
          ))}
        </ul>
      )}
      {deleting ? (
        <ConfirmDialog title={`Delete ${deleting.name}?`} confirmLabel="Delete" onConfirm={() => void remove(deleting)} onCancel={() => setDeleting(null)}>
          The connection and its stored password are removed; recording or streaming through it stops.
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
