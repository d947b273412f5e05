// The one place that calls `fetch`. Every answer is validated against its schema from
// types/api.ts; a non-2xx answer becomes a typed ApiError and a notification for the operator.
import type { z } from "zod";

import { apiUrl } from "@/config/env";
import { notify } from "@/lib/notifications";
import { errorBodySchema } from "@/types/api";

/** A refused request: the server's error code and message, or a transport failure. */
export class ApiError extends Error {
  /** HTTP status, or 0 when the server could not be reached. */
  readonly status: number;
  /** The server's snake_case code (`not_found`, `conflict`, ...) or `network`/`bad_response`. */
  readonly code: string;
  /** The 1-based line of a refused protocol file, when the server names one. */
  readonly line: number | undefined;
  /** The refused field of a settings object (`replay.lead_seconds`), when the server names one. */
  readonly field: string | undefined;
  /** The request that failed, e.g. `PUT /api/udp`. */
  readonly request: string;

  constructor(request: string, status: number, code: string, message: string, line?: number, field?: string) {
    super(message);
    this.name = "ApiError";
    this.request = request;
    this.status = status;
    this.code = code;
    this.line = line;
    this.field = field;
  }
}

/** Options of one call. */
export interface RequestOptions {
  /** JSON body. */
  body?: unknown;
  /** Title of the notification on failure; `false` for none (the caller shows the error). */
  notifyAs?: string | false;
  /** Abort signal. */
  signal?: AbortSignal;
}

/** The message of a failed call for the operator (a transport failure says so). */
export function describeError(error: ApiError): string {
  if (error.status === 0) return `the server cannot be reached (${error.message})`;
  return error.message;
}

async function readError(request: string, response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: fall through to the status text
  }
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, message, line, field } = parsed.data.error;
    return new ApiError(request, response.status, code, message, line, field);
  }
  const text = response.statusText || `HTTP ${response.status}`;
  return new ApiError(request, response.status, `http_${response.status}`, `${request}: ${text}`);
}

/** Calls the API and validates the answer; throws ApiError (already notified) on failure. */
export async function apiRequest<T extends z.ZodType>(
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  schema: T,
  options: RequestOptions = {},
): Promise<z.infer<T>> {
  const request = `${method} ${path}`;
  const notifyAs = options.notifyAs ?? `${method} ${path.split("?")[0]} failed`;
  let error: ApiError;
  try {
    const response = await fetch(apiUrl(path), {
      method,
      headers: options.body === undefined ? undefined : { "content-type": "application/json" },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
    if (response.ok) {
      // 204 No Content (a DELETE) has no body to read.
      const parsed = schema.safeParse(response.status === 204 ? undefined : await response.json());
      if (parsed.success) return parsed.data;
      error = new ApiError(
        request,
        response.status,
        "bad_response",
        `${request}: unexpected answer (${parsed.error.issues[0]?.path.join(".") ?? "?"}: ${
          parsed.error.issues[0]?.message ?? "invalid"
        })`,
      );
    } else {
      error = await readError(request, response);
    }
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    const message = cause instanceof Error ? cause.message : String(cause);
    error = new ApiError(request, 0, "network", message);
  }
  if (notifyAs !== false) notify("error", notifyAs, describeError(error));
  throw error;
}
