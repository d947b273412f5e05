//! obs-websocket 4.x events (`update-type` messages) mapped onto the typed [`Event`]s.
//!
//! v4 names each output transition as its own event (`RecordingStarted`, `ReplayStopping`, ...);
//! they become the v5-shaped `*StateChanged` events, with `outputActive` as v5 reports it.

use std::path::PathBuf;

use serde_json::Value;

use crate::event::{Event, OutputState};

/// Builds the typed event from a v4 event message (the whole JSON object); never fails.
pub(crate) fn from_v4(message: Value) -> Event {
    let name = message
        .get("update-type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    typed(&name, &message).unwrap_or(Event::Other {
        name,
        data: message,
    })
}

fn typed(name: &str, message: &Value) -> Option<Event> {
    let recording_path = || {
        message
            .get("recordingFilename")
            .and_then(Value::as_str)
            .filter(|path| !path.is_empty())
            .map(PathBuf::from)
    };
    let record = |output_active, output_state, output_path| Event::RecordStateChanged {
        output_active,
        output_state,
        output_path,
    };
    let replay = |output_active, output_state| Event::ReplayBufferStateChanged {
        output_active,
        output_state,
    };
    let stream = |output_active, output_state| Event::StreamStateChanged {
        output_active,
        output_state,
    };
    let event = match name {
        "RecordingStarting" => record(false, OutputState::Starting, None),
        "RecordingStarted" => record(true, OutputState::Started, recording_path()),
        "RecordingStopping" => record(true, OutputState::Stopping, recording_path()),
        "RecordingStopped" => record(false, OutputState::Stopped, recording_path()),
        "RecordingPaused" => record(true, OutputState::Paused, None),
        "RecordingResumed" => record(true, OutputState::Resumed, None),
        "ReplayStarting" => replay(false, OutputState::Starting),
        "ReplayStarted" => replay(true, OutputState::Started),
        "ReplayStopping" => replay(true, OutputState::Stopping),
        "ReplayStopped" => replay(false, OutputState::Stopped),
        "StreamStarting" => stream(false, OutputState::Starting),
        "StreamStarted" => stream(true, OutputState::Started),
        "StreamStopping" => stream(true, OutputState::Stopping),
        "StreamStopped" => stream(false, OutputState::Stopped),
        "SwitchScenes" => Event::CurrentProgramSceneChanged {
            scene_name: message.get("scene-name")?.as_str()?.to_owned(),
        },
        "Exiting" => Event::ExitStarted,
        _ => return None,
    };
    Some(event)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn recording_stopped_keeps_the_file_name() {
        let event = from_v4(json!({
            "update-type": "RecordingStopped",
            "recordingFilename": "C:\\rec\\0042.mkv",
            "rec-timecode": "00:01:00.000"
        }));
        assert_eq!(
            event,
            Event::RecordStateChanged {
                output_active: false,
                output_state: OutputState::Stopped,
                output_path: Some(PathBuf::from("C:\\rec\\0042.mkv")),
            }
        );
    }

    #[test]
    fn switch_scenes_is_a_program_scene_change() {
        let event = from_v4(
            json!({"update-type": "SwitchScenes", "scene-name": "IVR_SCENE", "sources": []}),
        );
        assert_eq!(
            event,
            Event::CurrentProgramSceneChanged {
                scene_name: "IVR_SCENE".into()
            }
        );
    }

    #[test]
    fn unknown_and_malformed_events_are_other() {
        let event = from_v4(json!({"update-type": "SwitchScenes"}));
        assert!(matches!(event, Event::Other { ref name, .. } if name == "SwitchScenes"));
        let event = from_v4(json!({"update-type": "Heartbeat", "pulse": true}));
        assert!(matches!(event, Event::Other { ref name, .. } if name == "Heartbeat"));
    }
}
