// The replay controls shown while a challenge is under review: speeds, frame step, ±2 s, A-B
// loop and close, each with its keyboard shortcut (lib/hotkeys.ts).
import { useCallback, useEffect, useState } from "react";

import { Button } from "@/components/ui/button";

import { sendReplayCommand, type ReplayCommand } from "../api/replay-commands";
import { REPLAY_HOTKEYS, type ReplayHotkey } from "../lib/hotkeys";

/** Where the A-B loop is: nothing set, A set, looping A-B. */
type LoopState = "off" | "a" | "ab";

const LOOP_NEXT: Record<LoopState, { state: LoopState; point: "a" | "b" | "clear" }> = {
  off: { state: "a", point: "a" },
  a: { state: "ab", point: "b" },
  ab: { state: "off", point: "clear" },
};

const LOOP_WORDS: Record<LoopState, string> = { off: "A-B", a: "A-… (set B)", ab: "A-B on (clear)" };

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** The replay controls; `challenge` names the open challenge for the heading. */
export function ReplayControls({ challenge }: { challenge: string }) {
  const [loop, setLoop] = useState<LoopState>("off");
  const run = useCallback(
    (hotkey: ReplayHotkey) => {
      let command: ReplayCommand;
      if (hotkey.command === "loop-cycle") {
        const next = LOOP_NEXT[loop];
        setLoop(next.state);
        command = { action: "loop", point: next.point };
      } else {
        command = hotkey.command;
      }
      void sendReplayCommand(command);
    },
    [loop],
  );
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const hotkey = REPLAY_HOTKEYS.find((candidate) => candidate.keys.includes(event.key));
      if (!hotkey) return;
      event.preventDefault();
      run(hotkey);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [run]);
  return (
    <section aria-label="Replay controls" className="rounded-lg bg-purple-950/70 p-2 ring-2 ring-purple-400">
      <h2 className="mb-2 text-sm font-extrabold uppercase text-purple-200">Replay · {challenge}</h2>
      <div className="grid grid-cols-3 gap-1">
        {REPLAY_HOTKEYS.map((hotkey) => (
          <Button
            key={hotkey.name}
            tone={hotkey.command !== "loop-cycle" && hotkey.command.action === "close" ? "danger" : "neutral"}
            aria-label={hotkey.name}
            aria-keyshortcuts={hotkey.keys[0]}
            title={`${hotkey.name} (key ${hotkey.label})`}
            onClick={() => run(hotkey)}
            className="text-xs"
          >
            {hotkey.command === "loop-cycle" ? LOOP_WORDS[loop] : hotkey.name}
            <kbd className="ml-1 rounded bg-black/50 px-1 text-[10px] text-neutral-300">{hotkey.label}</kbd>
          </Button>
        ))}
      </div>
    </section>
  );
}
