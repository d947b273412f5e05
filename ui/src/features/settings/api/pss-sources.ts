// The PSS feed's sources (GET /api/pss/sources) and following another (POST /api/pss/follow).
import { apiRequest } from "@/lib/api-client";
import { pssSourcesSchema, type PssSources } from "@/types/api";

/** Every scoring PC heard on the port, and the one followed. */
export function getPssSources(): Promise<PssSources> {
  return apiRequest("GET", "/api/pss/sources", pssSourcesSchema, { notifyAs: "Could not list the PSS sources" });
}

/** Follows `source` (`auto`, `IP` or `IP:PORT`); an address's last match becomes the live
 * match. Throws ApiError without notifying: the panel shows it. */
export function followPssSource(source: string): Promise<PssSources> {
  return apiRequest("POST", "/api/pss/follow", pssSourcesSchema, { body: { source }, notifyAs: false });
}
