// Vitest setup: jest-dom matchers, MSW on every test, fresh stores and storage per test.
import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterAll, afterEach, beforeAll } from "vitest";

import { useEventsStore } from "@/features/events/stores/use-events-store";
import { useConnectionStore } from "@/features/live-match/stores/use-connection-store";
import { useMatchStore } from "@/features/live-match/stores/use-match-store";
import { useNotifications } from "@/lib/notifications";

import { server } from "./mocks/server";

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  useMatchStore.getState().reset();
  useEventsStore.getState().reset();
  useConnectionStore.getState().reset();
  useNotifications.getState().clear();
  localStorage.clear();
});
afterAll(() => server.close());
