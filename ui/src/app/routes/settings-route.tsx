// Settings and diagnostics, one tab per path: the PSS feed (UDP bind, the scoring PCs heard
// and the one followed, protocol file, counters), replay and recording settings, the keyboard
// shortcuts, the OBS connections, the live log, the licence, access, the audit trail and the
// configuration backup.
import { useEffect } from "react";
import { NavLink, useParams } from "react-router";

import { AccessPanel } from "@/features/access/components/access-panel";
import { AuditTable } from "@/features/access/components/audit-table";
import { BackupPanel } from "@/features/backup/components/backup-panel";
import { useMatchStore } from "@/features/live-match/stores/use-match-store";
import { REPLAY_ACTIONS } from "@/features/replay/lib/hotkeys";
import { replayKeysInForce, useReplayKeys } from "@/features/replay/stores/use-replay-keys";
import { getSettings, putSettings } from "@/features/settings/api/settings";
import { CountersPanel } from "@/features/settings/components/counters-panel";
import { HotkeyEditor, type HotkeyRow } from "@/features/settings/components/hotkey-editor";
import { LicenceCard } from "@/features/settings/components/licence-card";
import { LogViewer } from "@/features/settings/components/log-viewer";
import { DockWidthPicker } from "@/features/settings/components/dock-width-picker";
import { ObsConnectionsPanel } from "@/features/settings/components/obs-connections-panel";
import { ProtocolEditor } from "@/features/settings/components/protocol-editor";
import { PssSourcesPanel } from "@/features/settings/components/pss-sources-panel";
import { SettingsForm } from "@/features/settings/components/settings-form";
import { UdpForm } from "@/features/settings/components/udp-form";
import { useSettingsStore } from "@/features/settings/stores/use-settings-store";
import { ApiError, describeError } from "@/lib/api-client";
import { notify } from "@/lib/notifications";
import type { HotkeySettings } from "@/types/api";

import { useDockPreferences } from "../dock-preferences";
import { PageFrame } from "./page-frame";

const CARD = "rounded-xl bg-neutral-900/60 p-4 ring-1 ring-neutral-800";

const TABS = [
  { path: "/settings", label: "PSS feed" },
  { path: "/settings/replay", label: "Replay & recording" },
  { path: "/settings/hotkeys", label: "Dock & shortcuts" },
  { path: "/settings/obs", label: "OBS" },
  { path: "/settings/log", label: "Log" },
  { path: "/settings/licence", label: "Licence" },
  { path: "/settings/access", label: "Access" },
  { path: "/settings/audit", label: "Audit" },
  { path: "/settings/backup", label: "Backup" },
];

const GLOBAL_HOTKEYS: { id: keyof HotkeySettings; action: string }[] = [
  { id: "replay", action: "Dock: REPLAY" },
  { id: "toggle_dock", action: "Dock: collapse / expand" },
  { id: "mark", action: "Dock: MARK EVENT" },
  { id: "close_replay", action: "Dock: CLOSE REPLAY" },
];

function Tabs() {
  return (
    <nav aria-label="Settings sections" className="mb-4 flex flex-wrap gap-1 border-b border-neutral-800 pb-2">
      {TABS.map((tab) => (
        <NavLink
          key={tab.path}
          to={tab.path}
          end
          className={({ isActive }) =>
            `inline-flex min-h-11 items-center rounded-lg px-3 text-sm font-bold ${
              isActive ? "bg-sky-600 text-white" : "text-neutral-200 ring-1 ring-neutral-700 hover:bg-neutral-800"
            }`
          }
        >
          {tab.label}
        </NavLink>
      ))}
    </nav>
  );
}

function FeedTab() {
  const counters = useMatchStore((state) => state.counters);
  const obs = useMatchStore((state) => state.obs);
  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
      <div className="flex flex-col gap-4">
        <div className={CARD}>
          <UdpForm />
        </div>
        <div className={CARD}>
          <PssSourcesPanel />
        </div>
        <div className={CARD}>
          <ProtocolEditor />
        </div>
      </div>
      <div className={CARD}>
        <CountersPanel counters={counters} obs={obs} />
      </div>
    </div>
  );
}

function HotkeysTab() {
  const settings = useSettingsStore((state) => state.settings);
  const apply = useSettingsStore((state) => state.apply);
  const chosen = useReplayKeys((state) => state.chosen);
  const choose = useReplayKeys((state) => state.choose);
  const replayKeys = replayKeysInForce(chosen);
  const dock = useDockPreferences();
  useEffect(() => {
    if (settings !== null) return;
    getSettings()
      .then(apply)
      .catch(() => {
        // notified by the API client
      });
  }, [settings, apply]);
  const rows: HotkeyRow[] = [
    ...(settings
      ? GLOBAL_HOTKEYS.map(({ id, action }) => ({
          id: `global:${id}`,
          action,
          keys: settings.hotkeys[id],
          scope: "desktop shell (anywhere) and this page; saved on the server",
        }))
      : []),
    ...REPLAY_ACTIONS.map((action) => ({
      id: `replay:${action.id}`,
      action: `Replay: ${action.name}`,
      keys: replayKeys[action.id] ?? action.defaultKeys,
      scope: "while the replay controls are shown; kept in this browser",
    })),
    { id: "table:play", action: "Event table: play the focused event", keys: "Enter", scope: "fixed" },
  ];
  const change = async (id: string, keys: string): Promise<string | null> => {
    const [kind, name] = id.split(":") as [string, string];
    if (kind === "replay") {
      choose(name, keys);
      return null;
    }
    if (kind !== "global" || !settings) return "this shortcut cannot be changed";
    try {
      const saved = await putSettings({ ...settings, hotkeys: { ...settings.hotkeys, [name]: keys } });
      apply(saved);
      notify("success", "Shortcut saved", `${keys} now does ${GLOBAL_HOTKEYS.find((row) => row.id === name)?.action ?? name}`);
      return null;
    } catch (error) {
      return error instanceof ApiError ? describeError(error) : String(error);
    }
  };
  return (
    <div className="flex max-w-3xl flex-col gap-4">
      <div className={CARD}>
        {settings === null ? <p className="mb-2 text-sm text-neutral-300">Loading the server's shortcuts…</p> : null}
        <HotkeyEditor
          rows={rows}
          onChange={change}
          footer="Press Change, then the new combination. The desktop shell registers the dock shortcuts with the system; the replay keys work in this page only."
        />
      </div>
      <div className={CARD}>
        <DockWidthPicker width={dock.width} onChange={dock.setWidth} />
      </div>
    </div>
  );
}

/** /settings and /settings/:tab */
export function SettingsRoute() {
  const { tab } = useParams();
  const obs = useMatchStore((state) => state.obs);
  const licence = useMatchStore((state) => state.licence);
  const applyLicence = useMatchStore((state) => state.applyLicence);
  return (
    <PageFrame title="Settings and diagnostics">
      <Tabs />
      {tab === undefined ? <FeedTab /> : null}
      {tab === "replay" ? (
        <div className={`${CARD} max-w-4xl`}>
          <SettingsForm />
        </div>
      ) : null}
      {tab === "hotkeys" ? <HotkeysTab /> : null}
      {tab === "obs" ? (
        <div className={`${CARD} max-w-4xl`}>
          <ObsConnectionsPanel live={obs} />
        </div>
      ) : null}
      {tab === "log" ? (
        <div className={CARD}>
          <LogViewer />
        </div>
      ) : null}
      {tab === "licence" ? (
        <div className={`${CARD} max-w-2xl`}>
          <LicenceCard licence={licence} onInstalled={applyLicence} />
        </div>
      ) : null}
      {tab === "access" ? (
        <div className={`${CARD} max-w-3xl`}>
          <AccessPanel />
        </div>
      ) : null}
      {tab === "audit" ? (
        <div className={CARD}>
          <AuditTable />
        </div>
      ) : null}
      {tab === "backup" ? (
        <div className={`${CARD} max-w-2xl`}>
          <BackupPanel />
        </div>
      ) : null}
      {tab !== undefined && !["replay", "hotkeys", "obs", "log", "licence", "access", "audit", "backup"].includes(tab) ? (
        <p role="alert">There is no settings section “{tab}”: pick one above.</p>
      ) : null}
    </PageFrame>
  );
}
