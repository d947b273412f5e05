// /analytics: the organiser's analytics of a match, a day or a tournament.
import { AnalyticsPage } from "@/features/analytics/components/analytics-page";

import { PageFrame } from "./page-frame";

/** /analytics */
export function AnalyticsRoute() {
  return (
    <PageFrame title="Analytics">
      <AnalyticsPage />
    </PageFrame>
  );
}
