// The dock's warning when more than one scoring PC sends on this port: another court's
// tkStrike broadcasts here too, and only the followed one is this court's match.
import { Link } from "react-router";

import { selectPssWarning, useMatchStore } from "../stores/use-match-store";

/** "2 scoring PCs on this port; following 10.0.0.11", linking to the PSS feed settings. */
export function PssSourcesWarning() {
  const warning = useMatchStore(selectPssWarning);
  if (warning === null) return null;
  return (
    <p role="alert" aria-label="PSS sources" className="rounded-lg bg-amber-500/15 px-3 py-2 text-sm font-semibold text-amber-200 ring-1 ring-amber-500/60">
      {warning}{" "}
      <Link to="/settings" className="underline">
        Choose
      </Link>
    </p>
  );
}
