// GET/PUT /api/licence: this machine's licence. A refusal (422 licence_refused) carries the
// reason; the licence card shows it, so installing does not notify.
import { apiRequest } from "@/lib/api-client";
import { licenceSchema, type Licence } from "@/types/api";

/** The licence as the server judges it now. */
export function getLicence(): Promise<Licence> {
  return apiRequest("GET", "/api/licence", licenceSchema, { notifyAs: "Could not read the licence" });
}

/** Installs a licence file's text; throws ApiError (422 with the reason) when it is refused. */
export function putLicence(text: string): Promise<Licence> {
  return apiRequest("PUT", "/api/licence", licenceSchema, { body: { text }, notifyAs: false });
}
