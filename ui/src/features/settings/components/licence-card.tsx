// The Licence card: the status, licensee and expiry, this machine's code with a copy button
// (the operator sends it to the vendor), and a licence file pasted or uploaded, then installed.
// Nothing in the program stops without a licence; the card says so.
import { useState, type ChangeEvent, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { ApiError, describeError } from "@/lib/api-client";
import { notify } from "@/lib/notifications";
import type { Licence, LicenceStatus } from "@/types/api";

import { putLicence } from "../api/licence";

const STATUS_WORDS: Record<LicenceStatus, string> = {
  valid: "Valid",
  missing: "No licence installed",
  expired: "Expired",
  wrong_machine: "For another machine",
  invalid: "Invalid",
};

const STATUS_COLOURS: Record<LicenceStatus, string> = {
  valid: "text-green-300",
  missing: "text-neutral-200",
  expired: "text-red-300",
  wrong_machine: "text-red-300",
  invalid: "text-red-300",
};

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-wrap justify-between gap-x-4 border-b border-neutral-800 py-1">
      <dt className="text-neutral-300">{label}</dt>
      <dd className="font-semibold">{children}</dd>
    </div>
  );
}

interface LicenceCardProps {
  /** The licence as the event socket last reported it; null until it has. */
  licence: Licence | null;
  /** Called with the server's answer after a licence was installed. */
  onInstalled: (licence: Licence) => void;
}

/** Status, this machine's code and the install form. */
export function LicenceCard({ licence, onInstalled }: LicenceCardProps) {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [verdict, setVerdict] = useState<{ kind: "ok" | "error"; message: string } | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  const copy = async (code: string) => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied("Copied");
    } catch {
      setCopied("Copy failed: select the code and copy it by hand");
    }
  };

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setText(await file.text());
    setVerdict({ kind: "ok", message: `Loaded ${file.name}: press Install` });
    event.target.value = "";
  };

  const install = async () => {
    setBusy(true);
    try {
      const installed = await putLicence(text);
      onInstalled(installed);
      setText("");
      setVerdict({ kind: "ok", message: `Installed: valid until ${installed.expires ?? "—"}` });
      notify("success", "Licence installed", `${installed.licensee ?? ""} until ${installed.expires ?? "—"}`);
    } catch (error) {
      setVerdict({ kind: "error", message: error instanceof ApiError ? describeError(error) : String(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-label="Licence" className="flex flex-col gap-3">
      <h2 className="text-lg font-bold">Licence</h2>
      {licence === null ? (
        <p className="text-sm text-neutral-400">Waiting for the server…</p>
      ) : (
        <dl className="text-sm">
          <Row label="Status">
            <span className={STATUS_COLOURS[licence.status]}>{STATUS_WORDS[licence.status]}</span>
          </Row>
          {licence.licensee !== null ? <Row label="Licensee">{licence.licensee}</Row> : null}
          {licence.expires !== null ? <Row label="Last valid day">{licence.expires}</Row> : null}
          {licence.reason !== null ? <Row label="Why">{licence.reason}</Row> : null}
          <Row label="This machine">
            <span className="inline-flex items-center gap-2">
              <code aria-label="Machine code" className="select-all font-mono">
                {licence.fingerprint ?? "unknown"}
              </code>
              {licence.fingerprint !== null ? (
                <Button tone="neutral" aria-label="Copy the machine code" onClick={() => void copy(licence.fingerprint ?? "")}>
                  Copy
                </Button>
              ) : null}
            </span>
          </Row>
        </dl>
      )}
      <p role="status" aria-live="polite" className="min-h-5 text-xs text-neutral-300">
        {copied ?? ""}
      </p>
      <p className="text-sm text-neutral-300">
        Send the machine code to the vendor; paste or upload the licence file they send back. Recording and replays work with or
        without a licence.
      </p>
      <label className="flex flex-col gap-1 text-sm font-semibold">
        Licence file
        <textarea
          value={text}
          onChange={(event) => setText(event.target.value)}
          rows={6}
          spellCheck={false}
          aria-invalid={verdict?.kind === "error" ? true : undefined}
          className="rounded-lg bg-neutral-950 p-2 font-mono text-xs text-neutral-100 ring-1 ring-neutral-600"
          placeholder='{"licence": {...}, "signature": "..."}'
        />
      </label>
      <div role={verdict?.kind === "error" ? "alert" : undefined} className={`min-h-5 text-sm font-semibold ${verdict?.kind === "error" ? "text-red-300" : "text-green-300"}`}>
        {verdict?.message ?? ""}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button tone="primary" disabled={busy || text.trim() === ""} onClick={() => void install()}>
          Install licence
        </Button>
        <label className="inline-flex min-h-11 cursor-pointer items-center rounded-lg bg-neutral-700 px-3 text-sm font-semibold hover:bg-neutral-600">
          Upload a file…
          <input type="file" accept=".json,application/json,text/plain" aria-label="Upload a licence file" className="sr-only" onChange={(event) => void upload(event)} />
        </label>
      </div>
    </section>
  );
}
