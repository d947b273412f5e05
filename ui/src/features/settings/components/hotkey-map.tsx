// The keyboard shortcut map (display only).

/** One shortcut row. */
export interface HotkeyRow {
  keys: string;
  action: string;
}

/** The hotkey table. */
export function HotkeyMap({ rows }: { rows: HotkeyRow[] }) {
  return (
    <section aria-label="Keyboard shortcuts" className="flex flex-col gap-2">
      <h2 className="text-lg font-bold">Keyboard shortcuts</h2>
      <table className="text-left text-sm">
        <thead className="text-xs uppercase text-neutral-400">
          <tr>
            <th scope="col" className="py-1 pr-4">Key</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.action} className="border-b border-neutral-800">
              <td className="py-1 pr-4">
                <kbd className="rounded bg-neutral-800 px-2 py-0.5 font-mono">{row.keys}</kbd>
              </td>
              <td>{row.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
