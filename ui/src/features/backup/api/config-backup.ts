// POST /api/config/export and /api/config/import: the configuration backup.
import { z } from "zod";

import { apiRequest } from "@/lib/api-client";

/** A backup file as the server writes it (checked by the server on import, not here). */
export const backupFileSchema = z.looseObject({ format: z.literal("restrike-vta-config"), version: z.number() });
/** A backup file. */
export type BackupFile = z.infer<typeof backupFileSchema>;

/** What an import replaced. */
export const importSummarySchema = z.object({
  settings: z.number(),
  obs_connections: z.number(),
  protocol_schema: z.boolean(),
  copy: z.string(),
});
/** What an import replaced. */
export type ImportSummary = z.infer<typeof importSummarySchema>;

/** The configuration as a backup file, its secrets sealed under `passphrase`. */
export function exportConfig(passphrase: string): Promise<BackupFile> {
  return apiRequest("POST", "/api/config/export", backupFileSchema, { body: { passphrase }, notifyAs: false });
}

/** Replaces the configuration with the backup `text`, all or nothing. */
export function importConfig(text: string, passphrase: string): Promise<ImportSummary> {
  return apiRequest("POST", "/api/config/import", importSummarySchema, { body: { passphrase, backup: text }, notifyAs: false });
}
