// The protocol file editor: view, edit, upload, validate and save the WT_UDP schema. A refused
// file shows its message and the refused line is highlighted and selected.
import { useEffect, useRef, useState, type ChangeEvent } from "react";

import { Button } from "@/components/ui/button";
import { ApiError, describeError } from "@/lib/api-client";
import { notify } from "@/lib/notifications";

import { getProtocol, putProtocol, validateProtocol } from "../api/protocol";

/** What the last check said. */
type Verdict = { kind: "ok"; message: string } | { kind: "error"; message: string; line: number | null } | null;

const LINE_HEIGHT = 20;

/** Selects line `line` (1-based) of a textarea and scrolls to it. */
function selectLine(textarea: HTMLTextAreaElement, line: number) {
  const lines = textarea.value.split("\n");
  const start = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
  const end = start + (lines[line - 1]?.length ?? 0);
  textarea.focus();
  textarea.setSelectionRange(start, end);
  textarea.scrollTop = Math.max(0, (line - 4) * LINE_HEIGHT);
}

/** The protocol card. */
export function ProtocolEditor() {
  const [text, setText] = useState("");
  const [version, setVersion] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<Verdict>(null);
  const [busy, setBusy] = useState(false);
  const [scrollTop, setScrollTop] = useState(0);
  const textarea = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    getProtocol()
      .then((file) => {
        setText(file.text);
        setVersion(file.version);
      })
      .catch(() => {
        // notified
      });
  }, []);

  const check = async (save: boolean) => {
    setBusy(true);
    try {
      const checked = save ? await putProtocol(text) : await validateProtocol(text);
      setVerdict({ kind: "ok", message: save ? `Saved: protocol ${checked} is in force` : `Valid: protocol ${checked}` });
      if (save) {
        setVersion(checked);
        notify("success", "Protocol file saved", `protocol ${checked} is in force`);
      }
    } catch (caught) {
      const error = caught instanceof ApiError ? caught : null;
      const line = error?.line ?? null;
      setVerdict({ kind: "error", message: error ? describeError(error) : String(caught), line });
      if (line !== null && textarea.current) selectLine(textarea.current, line);
    } finally {
      setBusy(false);
    }
  };

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setText(await file.text());
    setVerdict({ kind: "ok", message: `Loaded ${file.name}: validate, then save to use it` });
    event.target.value = "";
  };

  const lines = text.split("\n");
  const errorLine = verdict?.kind === "error" ? verdict.line : null;
  return (
    <section aria-label="Protocol file" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-lg font-bold">Protocol file</h2>
        <span className="text-sm text-neutral-300">in force: {version ? `WT_UDP ${version}` : "…"}</span>
      </div>
      <div className="relative flex h-96 overflow-hidden rounded-lg bg-neutral-950 font-mono text-[13px] ring-1 ring-neutral-600">
        <div aria-hidden="true" className="w-12 shrink-0 select-none overflow-hidden border-r border-neutral-700 bg-neutral-900 py-2 text-right text-neutral-500">
          <div style={{ transform: `translateY(-${scrollTop}px)` }}>
            {lines.map((_, index) => (
              <div
                key={index}
                style={{ height: LINE_HEIGHT, lineHeight: `${LINE_HEIGHT}px` }}
                className={`pr-2 ${errorLine === index + 1 ? "bg-red-700 font-bold text-white" : ""}`}
              >
                {index + 1}
              </div>
            ))}
          </div>
        </div>
        <div className="relative min-w-0 flex-1">
          {errorLine !== null ? (
            <div
              data-testid="error-line-highlight"
              aria-hidden="true"
              className="pointer-events-none absolute left-0 right-0 bg-red-600/35"
              style={{ top: 8 + (errorLine - 1) * LINE_HEIGHT - scrollTop, height: LINE_HEIGHT }}
            />
          ) : null}
          <textarea
            ref={textarea}
            aria-label="Protocol file text"
            aria-invalid={verdict?.kind === "error" ? true : undefined}
            aria-describedby="protocol-verdict"
            spellCheck={false}
            wrap="off"
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              if (verdict?.kind === "error") setVerdict(null);
            }}
            onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
            style={{ lineHeight: `${LINE_HEIGHT}px` }}
            className="relative h-full w-full resize-none bg-transparent px-2 py-2 text-neutral-100 outline-none"
          />
        </div>
      </div>
      <div
        id="protocol-verdict"
        role={verdict?.kind === "error" ? "alert" : "status"}
        className={`min-h-6 text-sm font-semibold ${verdict?.kind === "error" ? "text-red-300" : "text-green-300"}`}
      >
        {verdict === null
          ? ""
          : verdict.kind === "error" && verdict.line !== null
            ? `Line ${verdict.line}: ${verdict.message.replace(/^line \d+: /, "")}`
            : verdict.message}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button tone="neutral" disabled={busy} onClick={() => void check(false)}>
          Validate
        </Button>
        <Button tone="primary" disabled={busy} onClick={() => void check(true)}>
          Save protocol file
        </Button>
        <label className="inline-flex min-h-11 cursor-pointer items-center rounded-lg bg-neutral-700 px-3 text-sm font-semibold hover:bg-neutral-600">
          Upload a file…
          <input type="file" accept=".schema,.txt,text/plain" aria-label="Upload a protocol file" className="sr-only" onChange={(event) => void upload(event)} />
        </label>
      </div>
    </section>
  );
}
