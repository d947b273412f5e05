// Settings > Backup: export the configuration to a file (its secrets sealed under a
// passphrase), and import one, all or nothing, after a confirmation.
import { useState, type FormEvent } from "react";

import { exportConfig, importConfig, type ImportSummary } from "@/features/backup/api/config-backup";
import { ApiError, describeError } from "@/lib/api-client";

const FIELD = "min-h-11 rounded-lg bg-neutral-950 px-3 text-neutral-100 ring-1 ring-neutral-700";
const BUTTON = "min-h-11 rounded-lg px-4 font-bold ring-1 ring-neutral-700 hover:bg-neutral-800";

function message(error: unknown): string {
  return error instanceof ApiError ? describeError(error) : String(error);
}

/** Saves `text` as a download named `name`. */
function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

function ExportForm() {
  const [passphrase, setPassphrase] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    if (passphrase !== again) {
      setError("the two passphrases differ");
      return;
    }
    try {
      const file = await exportConfig(passphrase);
      download(`vta-config-${new Date().toISOString().slice(0, 10)}.json`, JSON.stringify(file, null, 2));
      setError(null);
      setDone(true);
      setPassphrase("");
      setAgain("");
    } catch (caught) {
      setError(message(caught));
    }
  };
  return (
    <form aria-label="Export the configuration" className="flex flex-col gap-2" onSubmit={(event) => void submit(event)}>
      <h3 className="font-bold">Export</h3>
      <p className="text-sm text-neutral-300">
        Settings, shortcuts, OBS connections and the protocol file. The OBS passwords are sealed under the passphrase: keep it apart from the file.
      </p>
      <label className="flex flex-col gap-1">
        Backup passphrase
        <input className={FIELD} type="password" autoComplete="new-password" minLength={8} required value={passphrase} onChange={(event) => setPassphrase(event.target.value)} />
      </label>
      <label className="flex flex-col gap-1">
        Passphrase again
        <input className={FIELD} type="password" autoComplete="new-password" required value={again} onChange={(event) => setAgain(event.target.value)} />
      </label>
      <button className={BUTTON} type="submit">
        Download backup
      </button>
      {error && <p role="alert">{error}</p>}
      {done && <p role="status">Backup downloaded.</p>}
    </form>
  );
}

function ImportForm() {
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSummary(null);
    if (!file) {
      setError("choose the backup file first");
      return;
    }
    setConfirming(true);
  };
  const confirm = async () => {
    setConfirming(false);
    if (!file) return;
    try {
      setSummary(await importConfig(await file.text(), passphrase));
      setError(null);
      setPassphrase("");
    } catch (caught) {
      setError(message(caught));
    }
  };
  return (
    <form aria-label="Import a configuration" className="flex flex-col gap-2" onSubmit={submit}>
      <h3 className="font-bold">Import</h3>
      <label className="flex flex-col gap-1">
        Backup file
        <input className={FIELD} type="file" accept=".json,application/json" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
      </label>
      <label className="flex flex-col gap-1">
        Its passphrase
        <input className={FIELD} type="password" autoComplete="off" required value={passphrase} onChange={(event) => setPassphrase(event.target.value)} />
      </label>
      <button className={BUTTON} type="submit">
        Import…
      </button>
      {confirming && (
        <div role="alertdialog" aria-label="Replace the configuration?" className="rounded-lg p-3 ring-1 ring-amber-500">
          <p>This replaces every setting and OBS connection with the backup&apos;s. A copy of the database is kept first.</p>
          <div className="mt-2 flex gap-2">
            <button className={BUTTON} type="button" onClick={() => void confirm()}>
              Replace the configuration
            </button>
            <button className={BUTTON} type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {error && <p role="alert">{error}</p>}
      {summary && (
        <p role="status" aria-label="Imported">
          Imported {summary.settings} setting(s) and {summary.obs_connections} OBS connection(s), with the{" "}
          {summary.protocol_schema ? "edited" : "built-in"} protocol schema. The database before it is in {summary.copy}.
        </p>
      )}
    </form>
  );
}

/** The Backup tab. */
export function BackupPanel() {
  return (
    <section aria-label="Backup" className="flex flex-col gap-6">
      <h2 className="text-lg font-bold">Configuration backup</h2>
      <ExportForm />
      <ImportForm />
    </section>
  );
}
