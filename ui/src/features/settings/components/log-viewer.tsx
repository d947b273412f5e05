// The live log viewer: the server's kept lines (GET /api/logs), then each `log` message of the
// feed; a level filter; it follows the newest line unless the operator scrolled up, and says
// so with a button back to the newest.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import { LOG_LEVELS, type LogLevel, type LogLine } from "@/types/api";

import { getLogs } from "../api/logs";
import { atLeast, useLogStore } from "../stores/use-log-store";

const LEVEL_CLASSES: Record<LogLevel, string> = {
  error: "bg-red-700 text-white",
  warn: "bg-amber-400 text-black",
  info: "bg-sky-800 text-white",
  debug: "bg-neutral-700 text-neutral-100",
};

/** How close to the bottom counts as "at the newest line". */
const BOTTOM_SLACK_PX = 12;

function time(us: number): string {
  const date = new Date(us / 1000);
  return `${date.toLocaleTimeString(undefined, { hour12: false })}.${String(date.getMilliseconds()).padStart(3, "0")}`;
}

function fieldsText(fields: LogLine["fields"]): string {
  return Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" ");
}

/** The log card. */
export function LogViewer() {
  const lines = useLogStore((state) => state.lines);
  const add = useLogStore((state) => state.add);
  const [level, setLevel] = useState<LogLevel>("info");
  const [following, setFollowing] = useState(true);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const abort = new AbortController();
    getLogs(level, 500, abort.signal)
      .then(add)
      .catch(() => {
        // aborted, or notified by the API client
      });
    return () => abort.abort();
  }, [level, add]);

  const shown = useMemo(() => lines.filter((line) => atLeast(line, level)), [lines, level]);

  useLayoutEffect(() => {
    if (following && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown, following]);

  const onScroll = () => {
    const element = box.current;
    if (!element) return;
    const atBottom = element.scrollTop + element.clientHeight >= element.scrollHeight - BOTTOM_SLACK_PX;
    setFollowing(atBottom);
  };

  return (
    <section aria-label="Log" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-lg font-bold">Log</h2>
        <label htmlFor="log-level" className="text-sm font-semibold">
          Level
        </label>
        <select
          id="log-level"
          value={level}
          onChange={(event) => setLevel(event.target.value as LogLevel)}
          className="min-h-11 rounded-lg bg-neutral-900 px-3 text-sm ring-1 ring-neutral-600"
        >
          {LOG_LEVELS.map((name) => (
            <option key={name} value={name}>
              {name} and above
            </option>
          ))}
        </select>
        {level === "debug" ? (
          <span className="text-xs text-amber-300">debug lines are those kept when you chose this level; live lines come at info and above</span>
        ) : null}
        <span role="status" aria-label="Log scrolling" className="text-xs text-neutral-300">
          {following ? "following the newest line" : "auto-scroll paused"}
        </span>
        {following ? null : (
          <Button tone="primary" onClick={() => setFollowing(true)}>
            Jump to newest
          </Button>
        )}
      </div>
      <div
        ref={box}
        onScroll={onScroll}
        tabIndex={0}
        role="log"
        aria-label="Server log lines"
        className="h-[32rem] overflow-y-auto rounded-lg bg-black p-2 font-mono text-xs leading-5 ring-1 ring-neutral-700"
      >
        {shown.length === 0 ? (
          <p className="text-neutral-400">No log line at this level yet.</p>
        ) : (
          shown.map((line) => (
            <div key={line.seq} data-level={line.level} className="flex gap-2 border-b border-neutral-900 py-0.5">
              <span className="shrink-0 tabular-nums text-neutral-400">{time(line.at_us)}</span>
              <span className={`h-5 w-12 shrink-0 rounded px-1 text-center font-bold uppercase ${LEVEL_CLASSES[line.level]}`}>{line.level}</span>
              <span className="shrink-0 text-purple-300">{line.target}</span>
              <span className="min-w-0 break-words text-neutral-100">
                {line.message}
                {Object.keys(line.fields).length > 0 ? <span className="text-neutral-400"> {fieldsText(line.fields)}</span> : null}
              </span>
            </div>
          ))
        )}
      </div>
    </section>
  );
}
