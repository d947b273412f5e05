// Settings > Access: who is signed in, device tokens (create: the value is shown once, with
// the overlay URL for an OBS browser source; revoke), changing the operator password.
import { useCallback, useEffect, useState, type FormEvent } from "react";

import {
  createToken,
  getAuthStatus,
  listTokens,
  revokeToken,
  setPassword,
  signOut,
  type AuthStatus,
  type DeviceToken,
} from "@/features/access/api/auth";
import { ApiError, describeError } from "@/lib/api-client";

const FIELD = "min-h-11 rounded-lg bg-neutral-950 px-3 text-neutral-100 ring-1 ring-neutral-700";
const BUTTON = "min-h-11 rounded-lg px-4 font-bold ring-1 ring-neutral-700 hover:bg-neutral-800";

function message(error: unknown): string {
  return error instanceof ApiError ? describeError(error) : String(error);
}

/** The Access tab. */
export function AccessPanel() {
  const [status, setStatus] = useState<AuthStatus | null>(null);
  const [tokens, setTokens] = useState<DeviceToken[]>([]);
  const [name, setName] = useState("");
  const [role, setRole] = useState<"operator" | "viewer">("viewer");
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    getAuthStatus().then(setStatus).catch((caught: unknown) => setError(message(caught)));
    listTokens().then(setTokens).catch(() => {
      // notified by the API client
    });
  }, []);
  useEffect(reload, [reload]);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const answer = await createToken(name.trim(), role);
      setCreated({ name: answer.name, token: answer.token });
      setName("");
      setError(null);
      reload();
    } catch (caught) {
      setError(message(caught));
    }
  };
  const revoke = async (tokenName: string) => {
    await revokeToken(tokenName).catch(() => undefined);
    if (created?.name === tokenName) setCreated(null);
    reload();
  };
  const overlayUrl = (token: string) => `${window.location.origin}/overlay/scoreboard?token=${encodeURIComponent(token)}`;
  return (
    <section aria-label="Access" className="flex flex-col gap-4">
      <div>
        <h2 className="text-lg font-bold">Access</h2>
        {status && (
          <p>
            {status.sign_in_required
              ? "Served on the venue network: every device signs in or carries a token."
              : "Served on this machine only (loopback): no sign-in is needed here."}{" "}
            You are <span aria-label="Signed in as">{status.actor ?? "not signed in"}</span> ({status.role ?? "none"}).
          </p>
        )}
        {status?.actor?.startsWith("session:") && (
          <button className={BUTTON} type="button" onClick={() => void signOut().then(() => window.location.reload())}>
            Sign out
          </button>
        )}
      </div>
      <div>
        <h3 className="font-bold">Device tokens</h3>
        <table className="w-full text-left text-sm">
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.name}>
                <td>{token.name}</td>
                <td>{token.role}</td>
                <td>{token.last_used_at_us ? new Date(token.last_used_at_us / 1000).toLocaleString() : "never"}</td>
                <td>
                  <button className={BUTTON} type="button" onClick={() => void revoke(token.name)}>
                    Revoke {token.name}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form onSubmit={create} className="mt-2 flex flex-wrap items-end gap-2">
          <label className="flex flex-col gap-1">
            Token name
            <input className={FIELD} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="flex flex-col gap-1">
            Role
            <select className={FIELD} value={role} onChange={(e) => setRole(e.target.value as "operator" | "viewer")}>
              <option value="viewer">viewer (reads state, feed, overlays)</option>
              <option value="operator">operator (everything)</option>
            </select>
          </label>
          <button className={BUTTON} type="submit" disabled={name.trim() === ""}>
            Create token
          </button>
        </form>
        {error && <p role="alert" className="text-red-300">{error}</p>}
        {created && (
          <div role="status" aria-label="New token" className="mt-2 rounded-lg bg-neutral-950 p-3 ring-1 ring-sky-700">
            <p>Token {created.name}: shown this once. Copy it now.</p>
            <code className="break-all">{created.token}</code>
            <p className="mt-1">Overlay URL for an OBS browser source:</p>
            <code className="break-all">{overlayUrl(created.token)}</code>
          </div>
        )}
      </div>
      {status?.password_set && <ChangePassword />}
    </section>
  );
}

function ChangePassword() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [outcome, setOutcome] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await setPassword(next, current);
      setOutcome("Password changed; every browser must sign in again.");
    } catch (caught) {
      setOutcome(message(caught));
    }
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
      <h3 className="w-full font-bold">Operator password</h3>
      <label className="flex flex-col gap-1">
        Current password
        <input className={FIELD} type="password" value={current} onChange={(e) => setCurrent(e.target.value)} />
      </label>
      <label className="flex flex-col gap-1">
        New password
        <input className={FIELD} type="password" value={next} onChange={(e) => setNext(e.target.value)} />
      </label>
      <button className={BUTTON} type="submit" disabled={next === ""}>
        Change password
      </button>
      {outcome && <p role="status">{outcome}</p>}
    </form>
  );
}
