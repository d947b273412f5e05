// The frame of the wide screens (archive, manual, settings): title and navigation.
import type { ReactNode } from "react";

import { StatusDots } from "@/features/live-match/components/status-dots";

import { AppNav } from "../app-nav";

/** A full-width page with a heading. */
export function PageFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="min-h-full bg-neutral-950">
      <header className="flex flex-wrap items-center gap-3 border-b border-neutral-800 px-4 py-2">
        <AppNav />
        <h1 className="text-xl font-extrabold">{title}</h1>
        <div className="ml-auto">
          <StatusDots />
        </div>
      </header>
      <main aria-label={title} className="p-4">
        {children}
      </main>
    </div>
  );
}
