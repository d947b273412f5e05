// Vitest setup: jest-dom matchers, MSW on every test, fresh stores and storage per test.
import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterAll, afterEach, beforeAll } from "vitest";

import { useEventsStore } from "@/features/events/stores/use-events-store";
import { useConnectionStore } from "@/features/live-match/stores/use-connection-store";
import { useMarksStore } from "@/features/live-match/stores/use-marks-store";
import { useMatchStore } from "@/features/live-match/stores/use-match-store";
import { useReplayKeys } from "@/features/replay/stores/use-replay-keys";
import { useLogStore } from "@/features/settings/stores/use-log-store";
import { useSettingsStore } from "@/features/settings/stores/use-settings-store";
import { useNotifications } from "@/lib/notifications";

import { resetMockState } from "./mocks/handlers";
import { server } from "./mocks/server";

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  resetMockState();
  useMatchStore.getState().reset();
  useEventsStore.getState().reset();
  useConnectionStore.getState().reset();
  useNotifications.getState().clear();
  useMarksStore.getState().reset();
  useLogStore.getState().reset();
  useSettingsStore.getState().reset();
  localStorage.clear();
  useReplayKeys.getState().reload();
});
afterAll(() => server.close());
