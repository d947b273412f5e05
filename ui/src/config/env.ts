// The UI's configuration, read once from Vite's environment. Nothing else reads
// `import.meta.env`. Empty bases mean "the server that served this page".

/** The parsed configuration. */
export interface Env {
  /** Prefix of every REST call, e.g. `http://127.0.0.1:8080` or `` for same-origin. */
  apiBase: string;
  /** Base of the event socket, e.g. `ws://127.0.0.1:8080`; `` derives it from the page. */
  wsBase: string;
}

function trimSlash(text: string | undefined): string {
  return (text ?? "").replace(/\/+$/, "");
}

/** The configuration in force. */
export const env: Env = {
  apiBase: trimSlash(import.meta.env.VITE_API_BASE as string | undefined),
  wsBase: trimSlash(import.meta.env.VITE_WS_BASE as string | undefined),
};

/** A device token from the page's own URL (`/overlay/scoreboard?token=...`, as an OBS
 * browser source opens an overlay), passed on to every API call and the event socket. */
const pageToken: string | null =
  typeof window === "undefined" ? null : new URLSearchParams(window.location.search).get("token");

function withToken(url: string): string {
  if (!pageToken) return url;
  return `${url}${url.includes("?") ? "&" : "?"}token=${encodeURIComponent(pageToken)}`;
}

/** The absolute URL of an API path, e.g. `apiUrl("/api/state")`. */
export function apiUrl(path: string): string {
  return withToken(`${env.apiBase}${path}`);
}

/** The absolute WebSocket URL of an API path, derived from the page when not configured. */
export function wsUrl(path: string): string {
  if (env.wsBase) return withToken(`${env.wsBase}${path}`);
  if (env.apiBase) return withToken(`${env.apiBase.replace(/^http/, "ws")}${path}`);
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return withToken(`${scheme}//${window.location.host}${path}`);
}
