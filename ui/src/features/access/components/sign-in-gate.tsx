// Shows the UI once the server says this browser may use it: on the court laptop's loopback
// address at once; on the venue network after signing in with the operator password (or
// with a device token in the page's URL, as an OBS browser source opens an overlay).
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from "react";

import { getAuthStatus, setPassword, signIn, type AuthStatus } from "@/features/access/api/auth";
import { ApiError, describeError } from "@/lib/api-client";

const FIELD = "min-h-11 rounded-lg bg-neutral-950 px-3 text-neutral-100 ring-1 ring-neutral-700";
const BUTTON = "min-h-11 rounded-lg bg-sky-600 px-4 font-bold text-white disabled:opacity-50";

function message(error: unknown): string {
  return error instanceof ApiError ? describeError(error) : String(error);
}

/** Renders `children` once signed in; otherwise the sign-in (or first-password) form. */
export function SignInGate({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const refresh = useCallback(() => {
    getAuthStatus()
      .then((next) => {
        setStatus(next);
        setFailure(null);
      })
      .catch((error: unknown) => setFailure(message(error)));
  }, []);
  useEffect(refresh, [refresh]);
  if (status?.signed_in) return <>{children}</>;
  return (
    <main className="flex min-h-screen items-center justify-center bg-neutral-950 p-4 text-neutral-100">
      <section aria-label="Sign in" className="w-full max-w-sm rounded-xl bg-neutral-900 p-6 ring-1 ring-neutral-800">
        <h1 className="mb-4 text-xl font-bold">reStrike VTA</h1>
        {failure && !status && <p role="alert">The server cannot be reached: {failure}</p>}
        {status && !status.password_set && !status.may_set_first_password && (
          <p role="alert">
            No operator password is set yet. Set one on the court laptop: open the UI there, or run{" "}
            <code>vta auth set-password</code>.
          </p>
        )}
        {status && !status.password_set && status.may_set_first_password && <FirstPassword onDone={refresh} />}
        {status?.password_set && <PasswordForm onDone={refresh} />}
      </section>
    </main>
  );
}

function PasswordForm({ onDone }: { onDone: () => void }) {
  const [password, setPasswordText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await signIn(password);
      onDone();
    } catch (caught) {
      setError(message(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-3">
      <label className="flex flex-col gap-1">
        Operator password
        <input className={FIELD} type="password" autoComplete="current-password" value={password} onChange={(e) => setPasswordText(e.target.value)} />
      </label>
      {error && <p role="alert" className="text-red-300">{error}</p>}
      <button className={BUTTON} type="submit" disabled={busy || password === ""}>
        Sign in
      </button>
    </form>
  );
}

function FirstPassword({ onDone }: { onDone: () => void }) {
  const [password, setPasswordText] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== again) {
      setError("the two passwords differ");
      return;
    }
    try {
      await setPassword(password);
      onDone();
    } catch (caught) {
      setError(message(caught));
    }
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-3">
      <p>Choose the operator password. Tablets and other PCs on the venue network sign in with it.</p>
      <label className="flex flex-col gap-1">
        New password (8 characters or more)
        <input className={FIELD} type="password" autoComplete="new-password" value={password} onChange={(e) => setPasswordText(e.target.value)} />
      </label>
      <label className="flex flex-col gap-1">
        The same again
        <input className={FIELD} type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
      </label>
      {error && <p role="alert" className="text-red-300">{error}</p>}
      <button className={BUTTON} type="submit" disabled={password === ""}>
        Set the password
      </button>
    </form>
  );
}
