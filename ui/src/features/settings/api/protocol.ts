// GET/PUT /api/protocol and POST /api/protocol/validate: the WT_UDP schema file. Refusals
// (422) carry the 1-based line; the editor shows them, so these calls do not notify.
import { apiRequest } from "@/lib/api-client";
import { protocolFileSchema, protocolSavedSchema, protocolValidSchema, type ProtocolFile } from "@/types/api";

/** The protocol file in force. */
export function getProtocol(): Promise<ProtocolFile> {
  return apiRequest("GET", "/api/protocol", protocolFileSchema, { notifyAs: "Could not load the protocol file" });
}

/** Checks a file without using it; resolves to its version. */
export async function validateProtocol(text: string): Promise<string> {
  return (await apiRequest("POST", "/api/protocol/validate", protocolValidSchema, { body: { text }, notifyAs: false })).version;
}

/** Puts a file in force; resolves to its version. */
export async function putProtocol(text: string): Promise<string> {
  return (await apiRequest("PUT", "/api/protocol", protocolSavedSchema, { body: { text }, notifyAs: false })).version;
}
