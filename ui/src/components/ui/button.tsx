// The one button: at least 44 px high for touch, high-contrast variants.
import type { ComponentProps } from "react";

/** Colour variants. */
export type ButtonTone = "primary" | "danger" | "neutral" | "warning" | "ghost";

interface ButtonProps extends ComponentProps<"button"> {
  tone?: ButtonTone;
  /** Large touch button (REPLAY, MARK EVENT...). */
  big?: boolean;
}

const TONES: Record<ButtonTone, string> = {
  primary: "bg-sky-600 hover:bg-sky-500 text-white",
  danger: "bg-red-700 hover:bg-red-600 text-white",
  warning: "bg-amber-500 hover:bg-amber-400 text-black",
  neutral: "bg-neutral-700 hover:bg-neutral-600 text-white",
  ghost: "bg-transparent hover:bg-neutral-800 text-neutral-100 ring-1 ring-neutral-600",
};

/** A button with a minimum touch size of 44×44 px. */
export function Button({ tone = "neutral", big = false, className = "", type, ...rest }: ButtonProps) {
  const size = big ? "min-h-16 px-4 text-lg font-extrabold tracking-wide" : "min-h-11 min-w-11 px-3 text-sm font-semibold";
  return (
    <button
      type={type ?? "button"}
      className={`${size} ${TONES[tone]} rounded-lg disabled:cursor-not-allowed disabled:opacity-40 ${className}`}
      {...rest}
    />
  );
}
