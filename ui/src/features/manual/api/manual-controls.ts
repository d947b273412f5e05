// What the operator drives by hand in manual mode: OBS recording, the replay buffer and the
// STR connection's scenes. Each call notifies the operator of its outcome.
import { apiRequest } from "@/lib/api-client";
import { notify } from "@/lib/notifications";
import { archiveRecordingSchema, obsScenesSchema, okSchema, type ObsScenes } from "@/types/api";

/** Starts or stops OBS recording (the file is named from the live match). */
export async function record(action: "start" | "stop"): Promise<boolean> {
  try {
    const recording = await apiRequest("POST", "/api/obs/record", archiveRecordingSchema, {
      body: { action },
      notifyAs: action === "start" ? "Could not start recording" : "Could not stop recording",
    });
    notify("success", action === "start" ? "Recording" : "Recording stopped", recording.path ?? "OBS names the file");
    return true;
  } catch {
    return false;
  }
}

/** Starts, stops or saves the replay buffer. */
export async function replayBuffer(action: "start" | "stop" | "save"): Promise<boolean> {
  try {
    const answer = await apiRequest("POST", "/api/obs/replay-buffer", okSchema, {
      body: { action },
      notifyAs: `Could not ${action} the replay buffer`,
    });
    const words = { start: "Replay buffer started", stop: "Replay buffer stopped", save: "Replay buffer saved" };
    notify("success", words[action], answer.path ?? "");
    return true;
  } catch {
    return false;
  }
}

/** The STR connection's scenes. */
export function getScenes(signal?: AbortSignal): Promise<ObsScenes> {
  return apiRequest("GET", "/api/obs/scenes", obsScenesSchema, { signal, notifyAs: false });
}

/** Switches the STR connection to `scene`. */
export async function switchScene(scene: string): Promise<boolean> {
  try {
    await apiRequest("POST", "/api/obs/scene", okSchema, { body: { scene }, notifyAs: `Could not switch to ${scene}` });
    return true;
  } catch {
    return false;
  }
}
