// The one WebSocket of the UI: `GET /api/ws`. It reconnects with exponential backoff, resumes
// with `?since=<last seq>` so no message is missed, validates every frame against
// types/api.ts, drops frames it has already applied (seq not above the last one), and hands
// each message to the handlers (app/live-feed.ts dispatches them to the stores).
import { wsUrl } from "@/config/env";
import { SOCKET_MESSAGE_TYPES, socketMessageSchema, type SocketMessage } from "@/types/api";

/** The socket's state, for the connection status dot. */
export type SocketStatus = "connecting" | "open" | "reconnecting" | "closed";

/** Where messages and status changes go. */
export interface EventSocketHandlers {
  /** A valid message, in seq order, each at most once. */
  onMessage: (message: SocketMessage) => void;
  /** The socket opened, dropped or closed. */
  onStatus: (status: SocketStatus) => void;
  /** A frame that is not valid JSON or not a known message of the right shape. */
  onInvalid?: (reason: string) => void;
}

/** Tuning, mostly for tests. */
export interface EventSocketOptions {
  /** First reconnect delay; doubles up to `maxDelayMs`. */
  initialDelayMs?: number;
  /** Longest reconnect delay. */
  maxDelayMs?: number;
  /** The socket path (default `/api/ws`). */
  path?: string;
}

/** A running socket. */
export interface EventSocket {
  /** Closes for good (no reconnect). */
  close: () => void;
  /** The seq of the last applied message, 0 before the first. */
  lastSeq: () => number;
}

/** Message types this UI does not know (a newer server): ignored as API.md asks. */
function isKnownType(frame: unknown): boolean {
  if (typeof frame !== "object" || frame === null || !("type" in frame)) return false;
  const type = (frame as { type: unknown }).type;
  return typeof type === "string" && SOCKET_MESSAGE_TYPES.has(type);
}

/** Opens the event socket and keeps it open until `close()`. */
export function connectEventSocket(
  handlers: EventSocketHandlers,
  options: EventSocketOptions = {},
): EventSocket {
  const initialDelayMs = options.initialDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 5000;
  const path = options.path ?? "/api/ws";
  let lastSeq = 0;
  let delayMs = initialDelayMs;
  let socket: WebSocket | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const receive = (raw: unknown) => {
    let frame: unknown;
    try {
      frame = JSON.parse(String(raw));
    } catch {
      handlers.onInvalid?.("a frame that is not JSON");
      return;
    }
    if (!isKnownType(frame)) return;
    const parsed = socketMessageSchema.safeParse(frame);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      handlers.onInvalid?.(
        `a ${(frame as { type: string }).type} message that does not match the API (${
          issue?.path.join(".") ?? "?"
        }: ${issue?.message ?? "invalid"})`,
      );
      return;
    }
    const message = parsed.data;
    if (message.type !== "snapshot" && message.seq <= lastSeq) return;
    lastSeq = message.seq;
    delayMs = initialDelayMs;
    handlers.onMessage(message);
  };

  const open = () => {
    if (closed) return;
    handlers.onStatus(lastSeq === 0 ? "connecting" : "reconnecting");
    const query = lastSeq > 0 ? `?since=${lastSeq}` : "";
    const current = new WebSocket(wsUrl(`${path}${query}`));
    socket = current;
    current.onopen = () => handlers.onStatus("open");
    current.onmessage = (message) => receive(message.data);
    current.onclose = () => {
      if (socket !== current || closed) return;
      socket = null;
      handlers.onStatus("reconnecting");
      timer = setTimeout(open, delayMs);
      delayMs = Math.min(delayMs * 2, maxDelayMs);
    };
  };

  open();
  return {
    close: () => {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.close();
      socket = null;
      handlers.onStatus("closed");
    },
    lastSeq: () => lastSeq,
  };
}
