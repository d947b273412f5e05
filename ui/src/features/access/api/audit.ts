// GET /api/audit: the audit trail, newest first.
import { z } from "zod";

import { apiRequest } from "@/lib/api-client";

/** One audit entry. */
export const auditRowSchema = z.object({
  id: z.number(),
  at_us: z.number(),
  actor: z.string(),
  address: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
});
/** An audit entry. */
export type AuditRow = z.infer<typeof auditRowSchema>;

/** The newest `limit` entries. */
export function getAudit(limit = 200): Promise<AuditRow[]> {
  return apiRequest("GET", `/api/audit?limit=${limit}`, z.array(auditRowSchema), { notifyAs: "Could not load the audit trail" });
}
