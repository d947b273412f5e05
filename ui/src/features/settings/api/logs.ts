// GET /api/logs: the server's last log lines (oldest first) at `level` and above.
import { z } from "zod";

import { apiRequest } from "@/lib/api-client";
import { logLineSchema, type LogLevel, type LogLine } from "@/types/api";

/** The kept lines at `level` and above. */
export function getLogs(level: LogLevel, limit = 500, signal?: AbortSignal): Promise<LogLine[]> {
  return apiRequest("GET", `/api/logs?level=${level}&limit=${limit}`, z.array(logLineSchema), {
    signal,
    notifyAs: "Could not load the log",
  });
}
