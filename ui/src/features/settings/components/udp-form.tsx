// The UDP bind form: shows where the PSS listener binds and rebinds it; a refusal (address
// taken, not an address) is shown under the field.
import { useEffect, useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { ApiError, describeError } from "@/lib/api-client";
import { notify } from "@/lib/notifications";

import { getUdpBind, putUdpBind } from "../api/udp";

/** The UDP settings card. */
export function UdpForm() {
  const [current, setCurrent] = useState<string | null>(null);
  const [bind, setBind] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    getUdpBind()
      .then((value) => {
        setCurrent(value);
        setBind(value);
      })
      .catch(() => {
        // notified
      });
  }, []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const value = await putUdpBind(bind.trim());
      setCurrent(value);
      setBind(value);
      notify("success", "UDP listener moved", `listening on ${value}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? describeError(caught) : String(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form aria-label="UDP listener" onSubmit={submit} className="flex flex-col gap-2">
      <h2 className="text-lg font-bold">PSS feed (UDP)</h2>
      <p className="text-sm text-neutral-300">Listening on {current ?? "…"}</p>
      <label htmlFor="udp-bind" className="text-sm font-semibold">
        Bind address (interface:port)
      </label>
      <div className="flex gap-2">
        <input
          id="udp-bind"
          value={bind}
          onChange={(event) => setBind(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "udp-bind-error" : undefined}
          placeholder="0.0.0.0:6000"
          className="min-h-11 flex-1 rounded-lg bg-neutral-900 px-3 font-mono text-sm ring-1 ring-neutral-600"
        />
        <Button type="submit" tone="primary" disabled={busy || !bind.trim()}>
          Apply
        </Button>
      </div>
      {error ? (
        <p id="udp-bind-error" role="alert" className="text-sm font-semibold text-red-300">
          {error}
        </p>
      ) : null}
    </form>
  );
}
