// Shows useNotifications as toasts in a polite live region; errors are announced assertively.
import { useNotifications } from "@/lib/notifications";

const TONES = {
  error: "bg-red-950 ring-red-500",
  info: "bg-sky-950 ring-sky-400",
  success: "bg-green-950 ring-green-500",
};

/** The toast stack in the bottom corner. */
export function NotificationRegion() {
  const items = useNotifications((state) => state.items);
  const dismiss = useNotifications((state) => state.dismiss);
  return (
    <section
      aria-label="Notifications"
      className="pointer-events-none fixed bottom-3 right-3 z-50 flex w-80 max-w-[calc(100vw-1.5rem)] flex-col gap-2"
    >
      {items.map((item) => (
        <div
          key={item.id}
          role={item.tone === "error" ? "alert" : "status"}
          className={`pointer-events-auto flex items-start gap-2 rounded-lg p-3 text-sm shadow-lg ring-2 ${TONES[item.tone]}`}
        >
          <div className="min-w-0 flex-1">
            <p className="font-bold">{item.title}</p>
            <p className="break-words text-neutral-200">{item.message}</p>
          </div>
          <button
            type="button"
            aria-label={`Dismiss: ${item.title}`}
            onClick={() => dismiss(item.id)}
            className="min-h-11 min-w-11 rounded text-lg text-neutral-300 hover:bg-white/10"
          >
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
