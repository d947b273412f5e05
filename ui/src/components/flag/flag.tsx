// <Flag ioc="GER" />: the national flag for an IOC code, a neutral marker for codes without
// one (AIN, EOR, ROC...) or just the letters for a code the mapping does not know.
import { lookupFlag } from "./ioc";

interface FlagProps {
  /** IOC code as the PSS sends it; nothing is drawn for null or empty. */
  ioc: string | null | undefined;
  /** Height in pixels; the width follows the 4:3 ratio. */
  height?: number;
  className?: string;
}

/** A flag picture with an accessible name such as "flag of GER". */
export function Flag({ ioc, height = 20, className = "" }: FlagProps) {
  if (!ioc || !ioc.trim()) return null;
  const code = ioc.trim().toUpperCase();
  const lookup = lookupFlag(code);
  const width = Math.round((height * 4) / 3);
  const box = { width, height };
  if (lookup.kind === "flag") {
    return (
      <img
        src={lookup.url}
        alt={`flag of ${code}`}
        width={width}
        height={height}
        style={box}
        className={`inline-block shrink-0 rounded-[2px] object-cover ring-1 ring-white/30 ${className}`}
      />
    );
  }
  const title = lookup.kind === "neutral" ? lookup.reason : `no flag known for ${code}`;
  const look =
    lookup.kind === "neutral"
      ? "bg-white text-neutral-500 ring-neutral-400"
      : "bg-neutral-800 text-neutral-400 ring-neutral-500";
  return (
    <span
      role="img"
      aria-label={`${code}: ${title}`}
      title={title}
      style={{ ...box, fontSize: Math.round(height * 0.6) }}
      className={`inline-flex shrink-0 items-center justify-center rounded-[2px] font-bold leading-none ring-1 ${look} ${className}`}
    >
      {lookup.kind === "neutral" ? "◯" : "?"}
    </span>
  );
}
