// /api/auth/...: the sign-in status, signing in and out, the operator password, device
// tokens. Refusals throw ApiError without notifying: the forms show them in place.
import { z } from "zod";

import { apiRequest } from "@/lib/api-client";

/** What `GET /api/auth/status` answers. */
export const authStatusSchema = z.object({
  password_set: z.boolean(),
  sign_in_required: z.boolean(),
  signed_in: z.boolean(),
  role: z.enum(["operator", "viewer"]).nullable(),
  actor: z.string().nullable(),
  may_set_first_password: z.boolean(),
});
/** The sign-in status. */
export type AuthStatus = z.infer<typeof authStatusSchema>;

/** A device token as listed (never its value). */
export const deviceTokenSchema = z.object({
  name: z.string(),
  role: z.enum(["operator", "viewer"]),
  created_at_us: z.number(),
  last_used_at_us: z.number().nullable(),
});
/** A listed device token. */
export type DeviceToken = z.infer<typeof deviceTokenSchema>;

const createdTokenSchema = z.object({ name: z.string(), role: z.enum(["operator", "viewer"]), token: z.string() });
const nothing = z.unknown();

/** Whether a password is set, whether sign-in is needed here and who this browser is. */
export function getAuthStatus(): Promise<AuthStatus> {
  return apiRequest("GET", "/api/auth/status", authStatusSchema, { notifyAs: false });
}

/** Signs in with the operator password (the server sets the session cookie). */
export async function signIn(password: string): Promise<void> {
  await apiRequest("POST", "/api/auth/login", nothing, { body: { password }, notifyAs: false });
}

/** Ends this browser's session. */
export async function signOut(): Promise<void> {
  await apiRequest("POST", "/api/auth/logout", nothing, { notifyAs: "Could not sign out" });
}

/** Sets the first operator password, or changes it with the current one. */
export async function setPassword(newPassword: string, currentPassword?: string): Promise<void> {
  await apiRequest("PUT", "/api/auth/password", nothing, {
    body: { new_password: newPassword, current_password: currentPassword },
    notifyAs: false,
  });
}

/** Every device token. */
export function listTokens(): Promise<DeviceToken[]> {
  return apiRequest("GET", "/api/auth/tokens", z.array(deviceTokenSchema), { notifyAs: "Could not load the device tokens" });
}

/** Creates a token; the answer holds its value, shown this once. */
export function createToken(name: string, role: "operator" | "viewer"): Promise<z.infer<typeof createdTokenSchema>> {
  return apiRequest("POST", "/api/auth/tokens", createdTokenSchema, { body: { name, role }, notifyAs: false });
}

/** Revokes a token by name. */
export async function revokeToken(name: string): Promise<void> {
  await apiRequest("DELETE", `/api/auth/tokens/${encodeURIComponent(name)}`, nothing, { notifyAs: "Could not revoke the token" });
}
