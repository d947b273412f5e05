// The navigation between the operator screens.
import { NavLink } from "react-router";

const LINKS = [
  { to: "/", label: "Dock" },
  { to: "/archive", label: "Archive" },
  { to: "/manual", label: "Manual" },
  { to: "/tournament", label: "Tournament" },
  { to: "/analytics", label: "Analytics" },
  { to: "/settings", label: "Settings" },
];

/** Links to Dock, Archive, Manual, Tournament, Analytics and Settings. */
export function AppNav() {
  return (
    <nav aria-label="Screens" className="flex gap-1">
      {LINKS.map((link) => (
        <NavLink
          key={link.to}
          to={link.to}
          end
          className={({ isActive }) =>
            `inline-flex min-h-11 items-center rounded-lg px-2 text-sm font-bold ${
              isActive ? "bg-white text-black" : "text-neutral-200 hover:bg-neutral-800"
            }`
          }
        >
          {link.label}
        </NavLink>
      ))}
    </nav>
  );
}
