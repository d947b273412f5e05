// The scoring PCs heard on the PSS port: address, datagrams, last seen, the match each last
// loaded and which one is followed. At a championship every court's tkStrike may broadcast to
// the same port; only the followed one's datagrams make this court's live match. Following
// another (by its IP, so a tkStrike restart on another port is still followed) rebuilds the
// live match from that PC's stored datagrams; "Follow auto" follows the next one that loads a
// fight. The list follows the event socket (`pss` messages, once a second).
import { useEffect, useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { useMatchStore } from "@/features/live-match/stores/use-match-store";
import { ApiError, describeError } from "@/lib/api-client";
import { notify } from "@/lib/notifications";
import type { PssSource } from "@/types/api";

import { followPssSource, getPssSources } from "../api/pss-sources";
import { splitBind } from "../lib/bind";

const FIELD = "min-h-11 rounded-lg bg-neutral-900 px-3 font-mono text-sm ring-1 ring-neutral-600";

/** How long ago `atUs` was, in words (`3 s ago`). */
export function lastSeen(atUs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - atUs / 1000) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return new Date(atUs / 1000).toLocaleTimeString();
}

/** The "PSS sources" card. */
export function PssSourcesPanel() {
  const pss = useMatchStore((state) => state.pss);
  const applyPss = useMatchStore((state) => state.applyPss);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (useMatchStore.getState().pss !== null) return;
    getPssSources()
      .then((sources) => {
        // The socket may have reported first; what it says wins over this answer.
        if (useMatchStore.getState().pss === null) applyPss(sources);
      })
      .catch(() => {
        // notified
      });
  }, [applyPss]);

  const follow = async (source: string) => {
    setBusy(true);
    setError(null);
    try {
      const now = await followPssSource(source);
      applyPss(now);
      notify("success", "PSS source followed", now.followed === null ? "auto: the next scoring PC that loads a fight" : `following ${now.followed}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? describeError(caught) : String(caught));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void follow(typed.trim());
  };
  const nowMs = Date.now();
  const rows: PssSource[] = pss?.sources ?? [];

  return (
    <section aria-label="PSS sources" className="flex flex-col gap-2">
      <h2 className="text-lg font-bold">Scoring PCs on this port</h2>
      <p aria-live="polite" className="text-sm text-neutral-300">
        {pss === null
          ? "Following …"
          : pss.followed === null
            ? "Following auto: the first scoring PC that loads a fight"
            : `Following ${pss.followed}${pss.rule === "auto" ? " (auto: the first that loaded a fight)" : ""}`}
      </p>
      {rows.length === 0 ? (
        <p className="text-sm text-neutral-400">No datagrams received yet.</p>
      ) : (
        <table aria-label="Scoring PCs" className="text-left text-sm">
          <thead className="text-neutral-400">
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Datagrams</th>
              <th scope="col">Last seen</th>
              <th scope="col">Last match</th>
              <th scope="col">Followed</th>
              <th scope="col">
                <span className="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody className="font-mono">
            {rows.map((source) => {
              const ip = splitBind(source.address).host;
              return (
                <tr key={source.address} aria-label={source.address} className={source.followed ? "text-emerald-300" : ""}>
                  <td>{source.address}</td>
                  <td>{source.datagrams}</td>
                  <td>{lastSeen(source.last_seen_us, nowMs)}</td>
                  <td>{source.last_match ?? "—"}</td>
                  <td>{source.followed ? "followed" : "stored only"}</td>
                  <td>
                    {source.followed ? null : (
                      <Button tone="primary" disabled={busy} aria-label={`Follow ${ip}`} onClick={() => void follow(ip)}>
                        Follow
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <form aria-label="Follow a scoring PC" onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <label htmlFor="pss-source" className="text-sm font-semibold">
            Scoring PC (IP or IP:PORT)
          </label>
          <input
            id="pss-source"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            placeholder="10.0.0.11"
            aria-invalid={error !== null}
            className={FIELD}
          />
        </div>
        <Button type="submit" tone="primary" disabled={busy || typed.trim() === ""}>
          Follow this PC
        </Button>
        <Button tone="ghost" disabled={busy || pss?.rule === "auto"} onClick={() => void follow("auto")}>
          Follow auto
        </Button>
      </form>
      {error === null ? null : (
        <p role="alert" className="text-sm text-red-400">
          {error}
        </p>
      )}
    </section>
  );
}
