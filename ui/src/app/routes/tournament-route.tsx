// /tournament: the organiser's tournaments and days.
import { TournamentPage } from "@/features/organiser/components/tournament-page";

import { PageFrame } from "./page-frame";

/** /tournament */
export function TournamentRoute() {
  return (
    <PageFrame title="Tournament">
      <TournamentPage />
    </PageFrame>
  );
}
