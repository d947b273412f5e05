// GET/PUT /api/settings: the server's stored settings. A refused value answers 422 with the
// setting's path in `field`; the form shows it at that field, so saving does not notify.
import { apiRequest } from "@/lib/api-client";
import { settingsSchema, type Settings } from "@/types/api";

/** The settings in force. */
export function getSettings(): Promise<Settings> {
  return apiRequest("GET", "/api/settings", settingsSchema, { notifyAs: "Could not load the settings" });
}

/** Saves the whole object; resolves to it as saved, throws ApiError (with `field` on 422). */
export function putSettings(settings: Settings): Promise<Settings> {
  return apiRequest("PUT", "/api/settings", settingsSchema, { body: settings, notifyAs: false });
}
