// The replay controls shown while a replay is open: speeds, frame step, ±2 s, the A-B loop
// (A, B, clear, with the loop's times as the player reports them) and close, each on the key
// the operator chose (stores/use-replay-keys.ts).
import { useCallback, useEffect, useState } from "react";

import { Button } from "@/components/ui/button";
import { comboLabel, isTyping, matchesCombo } from "@/lib/key-combo";
import type { LoopAnswer } from "@/types/api";

import { sendReplayCommand, setLoopPoint } from "../api/replay-commands";
import { REPLAY_ACTIONS, type ReplayAction } from "../lib/hotkeys";
import { replayKeysInForce, useReplayKeys } from "../stores/use-replay-keys";

function seconds(value: number | null): string {
  return value === null ? "—" : `${value.toFixed(1)} s`;
}

/** The replay controls; `title` names what is being reviewed for the heading. */
export function ReplayControls({ title }: { title: string }) {
  const chosen = useReplayKeys((state) => state.chosen);
  const keys = replayKeysInForce(chosen);
  const [loop, setLoop] = useState<LoopAnswer>({ a: null, b: null });
  const run = useCallback(async (action: ReplayAction) => {
    if (action.command.action === "loop") {
      const answer = await setLoopPoint(action.command.point);
      if (answer) setLoop(answer);
      return;
    }
    await sendReplayCommand(action.command);
  }, []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      const action = REPLAY_ACTIONS.find((candidate) => matchesCombo(event, keys[candidate.id] ?? candidate.defaultKeys));
      if (!action) return;
      event.preventDefault();
      void run(action);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [run, keys]);
  return (
    <section aria-label="Replay controls" className="rounded-lg bg-purple-950/70 p-2 ring-2 ring-purple-400">
      <h2 className="mb-2 text-sm font-extrabold uppercase text-purple-200">Replay · {title}</h2>
      <div className="grid grid-cols-3 gap-1">
        {REPLAY_ACTIONS.map((action) => {
          const combo = keys[action.id] ?? action.defaultKeys;
          return (
            <Button
              key={action.id}
              tone={action.command.action === "close" ? "danger" : "neutral"}
              aria-label={action.name}
              aria-keyshortcuts={combo}
              title={`${action.name} (key ${comboLabel(combo)})`}
              onClick={() => void run(action)}
              className="text-xs"
            >
              {action.name}
              <kbd className="ml-1 rounded bg-black/50 px-1 text-[10px] text-neutral-300">{comboLabel(combo)}</kbd>
            </Button>
          );
        })}
      </div>
      <p role="status" aria-label="A-B loop" className="mt-2 text-xs font-semibold text-purple-100">
        A-B loop: A {seconds(loop.a)} · B {seconds(loop.b)}
        {loop.a !== null && loop.b !== null ? " (looping)" : ""}
      </p>
    </section>
  );
}
