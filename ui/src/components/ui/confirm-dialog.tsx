// A modal confirm dialog (role="alertdialog") with Confirm and Cancel; Escape cancels.
import { useEffect, useRef, type ReactNode } from "react";

import { Button } from "./button";

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks the operator to confirm an action that changes how the court is handled. */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onCancel();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onCancel]);
  return (
    <div className="fixed inset-0 z-40 flex items-center justify-center bg-black/70 p-4">
      <div
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        className="w-full max-w-sm rounded-xl bg-neutral-900 p-5 ring-2 ring-amber-400"
      >
        <h2 id="confirm-title" className="mb-3 text-lg font-bold">
          {title}
        </h2>
        <div className="mb-5 text-sm text-neutral-200">{children}</div>
        <div className="flex justify-end gap-3">
          <Button ref={cancelRef} tone="ghost" onClick={onCancel}>
            Cancel
          </Button>
          <Button tone="warning" onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </div>
      </div>
    </div>
  );
}
