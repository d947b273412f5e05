// The routes of the operator UI (history routing; the server answers index.html for any
// non-/api path). Settings has one path per tab (/settings/replay, /settings/obs, ...).
import { createBrowserRouter, createMemoryRouter, Outlet } from "react-router";

import { NotificationRegion } from "@/components/ui/notification-region";

import { AnalyticsRoute } from "./routes/analytics-route";
import { ArchiveRoute } from "./routes/archive-route";
import { DockRoute } from "./routes/dock-route";
import { ManualRoute } from "./routes/manual-route";
import { OverlayRoute } from "./routes/overlay-route";
import { SettingsRoute } from "./routes/settings-route";
import { TournamentRoute } from "./routes/tournament-route";

function Shell() {
  return (
    <>
      <Outlet />
      <NotificationRegion />
    </>
  );
}

/** The route table. */
export const routes = [
  {
    element: <Shell />,
    children: [
      { path: "/", element: <DockRoute /> },
      { path: "/archive", element: <ArchiveRoute /> },
      { path: "/manual", element: <ManualRoute /> },
      { path: "/tournament", element: <TournamentRoute /> },
      { path: "/analytics", element: <AnalyticsRoute /> },
      { path: "/settings", element: <SettingsRoute /> },
      { path: "/settings/:tab", element: <SettingsRoute /> },
      { path: "/overlay/:name", element: <OverlayRoute /> },
      { path: "*", element: <DockRoute /> },
    ],
  },
];

/** The router of the running app. */
export function createAppRouter() {
  return createBrowserRouter(routes);
}

/** A router at `path` for tests. */
export function createTestRouter(path: string) {
  return createMemoryRouter(routes, { initialEntries: [path] });
}
