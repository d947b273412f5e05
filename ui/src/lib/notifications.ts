// useNotifications: the toasts the operator sees (API errors, refusals, confirmations).
// Any module may push; components/ui/notification-region.tsx shows them.
import { create } from "zustand";

/** How a notification looks. */
export type NotificationTone = "error" | "info" | "success";

/** One message to the operator. */
export interface Notification {
  id: number;
  tone: NotificationTone;
  title: string;
  message: string;
}

interface NotificationsState {
  items: Notification[];
  push: (tone: NotificationTone, title: string, message: string) => number;
  dismiss: (id: number) => void;
  clear: () => void;
}

/** The most notifications kept on screen; older ones drop off. */
const MAX_SHOWN = 4;
let nextId = 1;

/** The notifications store. */
export const useNotifications = create<NotificationsState>()((set) => ({
  items: [],
  push: (tone, title, message) => {
    const id = nextId++;
    set((state) => ({ items: [...state.items, { id, tone, title, message }].slice(-MAX_SHOWN) }));
    return id;
  },
  dismiss: (id) => set((state) => ({ items: state.items.filter((item) => item.id !== id) })),
  clear: () => set({ items: [] }),
}));

/** Pushes a notification from outside React. */
export function notify(tone: NotificationTone, title: string, message: string): number {
  return useNotifications.getState().push(tone, title, message);
}
