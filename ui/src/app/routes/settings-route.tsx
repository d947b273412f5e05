// Settings and diagnostics: UDP bind, protocol file, counters and the hotkey map.
import { useMatchStore } from "@/features/live-match/stores/use-match-store";
import { REPLAY_HOTKEYS } from "@/features/replay/lib/hotkeys";
import { CountersPanel } from "@/features/settings/components/counters-panel";
import { HotkeyMap } from "@/features/settings/components/hotkey-map";
import { ProtocolEditor } from "@/features/settings/components/protocol-editor";
import { UdpForm } from "@/features/settings/components/udp-form";

import { PageFrame } from "./page-frame";

const HOTKEYS = [
  ...REPLAY_HOTKEYS.map((hotkey) => ({ keys: hotkey.label, action: `Replay: ${hotkey.name}` })),
  { keys: "Enter", action: "Event table: play the focused event" },
];

const CARD = "rounded-xl bg-neutral-900/60 p-4 ring-1 ring-neutral-800";

/** /settings */
export function SettingsRoute() {
  const counters = useMatchStore((state) => state.counters);
  return (
    <PageFrame title="Settings and diagnostics">
      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        <div className="flex flex-col gap-4">
          <div className={CARD}>
            <UdpForm />
          </div>
          <div className={CARD}>
            <ProtocolEditor />
          </div>
        </div>
        <div className="flex flex-col gap-4">
          <div className={CARD}>
            <CountersPanel counters={counters} />
          </div>
          <div className={CARD}>
            <HotkeyMap rows={HOTKEYS} />
          </div>
          <p className="text-xs text-neutral-400">
            Not here yet because the server does not offer them: OBS connections, mpv and recording settings, and the
            live log viewer.
          </p>
        </div>
      </div>
    </PageFrame>
  );
}
