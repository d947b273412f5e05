// Ingest counters: datagrams/s, totals, parse and store errors, the store queue, per source,
// and each OBS connection's last round trip.
import type { Counters, ObsConnection } from "@/types/api";

import { formatRtt } from "./obs-connections-panel";

function Row({ label, value, bad = false }: { label: string; value: string | number; bad?: boolean }) {
  return (
    <div className="flex justify-between gap-4 border-b border-neutral-800 py-1">
      <dt className="text-neutral-300">{label}</dt>
      <dd className={`font-mono font-bold tabular-nums ${bad ? "text-red-400" : ""}`}>{value}</dd>
    </div>
  );
}

/** The counters card; `counters` and `obs` come from the event socket. */
export function CountersPanel({ counters, obs }: { counters: Counters | null; obs: ObsConnection[] }) {
  return (
    <section aria-label="Counters" className="flex flex-col gap-2">
      <h2 className="text-lg font-bold">Counters</h2>
      {counters === null ? (
        <p className="text-sm text-neutral-400">Waiting for the server…</p>
      ) : (
        <>
          <dl className="text-sm">
            <Row label="Datagrams/s" value={counters.datagrams_per_second.toFixed(1)} />
            <Row label="Datagrams" value={counters.datagrams} />
            <Row label="Parse errors" value={counters.parse_errors} bad={counters.parse_errors > 0} />
            <Row label="Receive errors" value={counters.receive_errors} bad={counters.receive_errors > 0} />
            <Row label="Store errors" value={counters.store_errors} bad={counters.store_errors > 0} />
            <Row label="Store queue" value={`${counters.store.queued} (max ${counters.store.max_queue_depth})`} />
            <Row label="Stored datagrams" value={counters.store.committed_datagrams} />
            {obs.length === 0 ? <Row label="OBS round trip" value="no connection" /> : null}
            {obs.map((connection) => (
              <Row
                key={connection.name}
                label={`OBS round trip (${connection.name})`}
                value={connection.status === "connected" ? formatRtt(connection.rtt_ms) : connection.status}
                bad={connection.status === "error"}
              />
            ))}
          </dl>
          {counters.per_source.length > 0 ? (
            <table aria-label="Datagrams per source" className="text-left text-xs">
              <thead className="text-neutral-400">
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col">Datagrams</th>
                  <th scope="col">Parse errors</th>
                </tr>
              </thead>
              <tbody className="font-mono">
                {counters.per_source.map((source) => (
                  <tr key={source.address}>
                    <td>{source.address}</td>
                    <td>{source.datagrams}</td>
                    <td>{source.parse_errors}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      )}
    </section>
  );
}
