// The PSS feed's listener: whether it listens (Start / Stop), the interface facing the PSS and
// the port, or the whole bind address typed by hand. Choosing an interface's address fills the
// bind address's host and keeps its port; "All interfaces" is 0.0.0.0. A refusal (address
// taken, not an address) is shown under the field. The state follows the event socket, so a
// change made by another client shows here too.
import { useCallback, useEffect, useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { useMatchStore } from "@/features/live-match/stores/use-match-store";
import { ApiError, describeError } from "@/lib/api-client";
import { notify } from "@/lib/notifications";
import type { NetworkInterface, UdpStatus } from "@/types/api";

import { getNetworkInterfaces, getUdp, putUdpBind, startUdp, stopUdp } from "../api/udp";
import { ALL_INTERFACES, DEFAULT_PORT, joinBind, splitBind } from "../lib/bind";

const FIELD = "min-h-11 rounded-lg bg-neutral-900 px-3 font-mono text-sm ring-1 ring-neutral-600";

function describeAddress(iface: NetworkInterface, address: string): string {
  const notes = [iface.loopback ? "this machine only" : null, iface.up ? null : "down"].filter(Boolean);
  return `${iface.name} — ${address}${notes.length ? ` (${notes.join(", ")})` : ""}`;
}

/** The UDP settings card. */
export function UdpForm() {
  const status = useMatchStore((state) => state.udp);
  const applyUdp = useMatchStore((state) => state.applyUdp);
  const [bind, setBind] = useState("");
  const [interfaces, setInterfaces] = useState<NetworkInterface[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const listInterfaces = useCallback(() => {
    getNetworkInterfaces()
      .then(setInterfaces)
      .catch(() => {
        // notified
      });
  }, []);
  useEffect(() => {
    if (useMatchStore.getState().udp === null) {
      getUdp()
        // The socket may have reported first; what it says wins over this answer.
        .then((udp) => {
          if (useMatchStore.getState().udp === null) applyUdp(udp);
        })
        .catch(() => {
          // notified
        });
    }
    listInterfaces();
  }, [applyUdp, listInterfaces]);
  // The field shows where the listener is whenever that changes (here or from another client).
  const shownBind = status?.bind;
  useEffect(() => {
    if (shownBind !== undefined) setBind(shownBind);
  }, [shownBind]);

  const { host, port } = splitBind(bind);
  const known = host === ALL_INTERFACES || interfaces.some((iface) => iface.addresses.includes(host));

  const act = async (action: () => Promise<UdpStatus>, done: (now: UdpStatus) => [string, string]) => {
    setBusy(true);
    setError(null);
    try {
      const now = await action();
      applyUdp(now);
      setBind(now.bind);
      notify("success", ...done(now));
    } catch (caught) {
      setError(caught instanceof ApiError ? describeError(caught) : String(caught));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(
      () => putUdpBind(bind.trim()),
      (now) => ["UDP listener moved", `listening on ${now.bind}`],
    );
  };
  const toggle = () => {
    if (status?.listening) {
      void act(stopUdp, (now) => ["Stopped listening", `tkStrike's datagrams to ${now.bind} are not received`]);
    } else {
      const typed = bind.trim();
      void act(
        () => startUdp(typed ? typed : undefined),
        (now) => ["Listening again", `listening on ${now.bind}`],
      );
    }
  };

  return (
    <form aria-label="UDP listener" onSubmit={submit} className="flex flex-col gap-2">
      <h2 className="text-lg font-bold">PSS feed (UDP)</h2>
      <div className="flex flex-wrap items-center gap-3">
        <p aria-live="polite" className={`flex-1 text-sm ${status?.listening === false ? "font-semibold text-amber-300" : "text-neutral-300"}`}>
          {status === null
            ? "Listening on …"
            : status.listening
              ? `Listening on ${status.bind}`
              : `Stopped: not listening (last on ${status.bind}); tkStrike's datagrams are not received`}
        </p>
        <Button tone={status?.listening ? "danger" : "primary"} disabled={busy || status === null} onClick={toggle}>
          {status?.listening === false ? "Start listening" : "Stop listening"}
        </Button>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <label htmlFor="udp-interface" className="text-sm font-semibold">
            Interface facing the PSS
          </label>
          <select
            id="udp-interface"
            value={known ? host : ""}
            onChange={(event) => setBind(joinBind(event.target.value, port || DEFAULT_PORT))}
            className={FIELD}
          >
            <option value={ALL_INTERFACES}>All interfaces (0.0.0.0)</option>
            {interfaces.flatMap((iface) =>
              iface.addresses.map((address) => (
                <option key={`${iface.name}/${address}`} value={address}>
                  {describeAddress(iface, address)}
                </option>
              )),
            )}
            {known ? null : <option value="">{host ? `Other: ${host}` : "Typed below"}</option>}
          </select>
        </div>
        <Button tone="ghost" onClick={listInterfaces}>
          Refresh list
        </Button>
        <div className="flex w-28 flex-col gap-1">
          <label htmlFor="udp-port" className="text-sm font-semibold">
            Port
          </label>
          <input
            id="udp-port"
            inputMode="numeric"
            value={port}
            onChange={(event) => setBind(joinBind(host || ALL_INTERFACES, event.target.value.replace(/\D/g, "")))}
            className={FIELD}
          />
        </div>
      </div>
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
          className={`${FIELD} flex-1`}
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
