// The expanded dock's width: a few touch-sized choices. In the desktop shell the window takes
// the chosen width (it reads the same stored layout).
import { DOCK_WIDTHS } from "@/app/dock-preferences";
import { Button } from "@/components/ui/button";

/** Props: the width in force and how to change it. */
export interface DockWidthPickerProps {
  width: number;
  onChange: (width: number) => void;
}

/** A row of width buttons; the one in force is pressed. */
export function DockWidthPicker({ width, onChange }: DockWidthPickerProps) {
  return (
    <section aria-label="Dock width" className="flex flex-col gap-2">
      <h2 className="text-lg font-bold">Dock width</h2>
      <div role="group" aria-label="Expanded dock width" className="flex flex-wrap gap-2">
        {DOCK_WIDTHS.map((choice) => (
          <Button key={choice} aria-pressed={choice === width} tone={choice === width ? "primary" : "neutral"} onClick={() => onChange(choice)}>
            {choice} px
          </Button>
        ))}
      </div>
      <p className="text-sm text-neutral-300">Used when the dock is expanded, here and in the desktop shell's window.</p>
    </section>
  );
}
