// Settings > Audit: every configuration change and sign-in, newest first: when, who, from
// where, what, on what.
import { useEffect, useState } from "react";

import { getAudit, type AuditRow } from "@/features/access/api/audit";

/** The audit trail as a table, reloaded on demand. */
export function AuditTable() {
  const [rows, setRows] = useState<AuditRow[]>([]);
  const load = () => {
    getAudit()
      .then(setRows)
      .catch(() => {
        // notified by the API client
      });
  };
  useEffect(load, []);
  return (
    <section aria-label="Audit" className="flex flex-col gap-2">
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-bold">Audit trail</h2>
        <button className="min-h-11 rounded-lg px-4 font-bold ring-1 ring-neutral-700 hover:bg-neutral-800" type="button" onClick={load}>
          Reload
        </button>
      </div>
      <table aria-label="Audit entries" className="w-full text-left text-sm">
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>From</th>
            <th>What</th>
            <th>On</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td>{new Date(row.at_us / 1000).toLocaleString()}</td>
              <td>{row.actor}</td>
              <td>{row.address ?? "this machine"}</td>
              <td>{row.action}</td>
              <td>{row.target ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
