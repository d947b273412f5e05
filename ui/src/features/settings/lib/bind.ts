// A UDP bind address as host and port: `0.0.0.0:6000`, `192.168.1.20:6000`, `[2001:db8::20]:6000`.

/** The address meaning "every IPv4 interface". */
export const ALL_INTERFACES = "0.0.0.0";

/** The port tkStrike sends to by default. */
export const DEFAULT_PORT = "6000";

/** Host and port of `bind` as typed; a missing part is "". IPv6 hosts come without brackets. */
export function splitBind(bind: string): { host: string; port: string } {
  const text = bind.trim();
  const bracketed = /^\[([^\]]*)\](?::(\d*))?$/.exec(text);
  if (bracketed) return { host: bracketed[1] ?? "", port: bracketed[2] ?? "" };
  const colons = text.split(":").length - 1;
  if (colons === 1) {
    const [host, port] = text.split(":") as [string, string];
    return { host, port };
  }
  // No colon: a host alone; several without brackets: an IPv6 address alone.
  return { host: text, port: "" };
}

/** `host:port`, with brackets around an IPv6 host. */
export function joinBind(host: string, port: string): string {
  const shown = host.includes(":") ? `[${host}]` : host;
  return `${shown}:${port}`;
}
