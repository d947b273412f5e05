//! Typed OBS events, as the client publishes them on its broadcast channel.
//!
//! Only the events the program acts on are typed; everything else, and any typed event whose data
//! does not have the expected shape, arrives as [`Event::Other`] with its raw JSON, so an OBS that
//! sends something new never breaks the client.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;
use tokio::sync::broadcast;

/// An event from OBS.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// The recording output changed state; `output_path` is set on STARTED and STOPPED.
    RecordStateChanged {
        /// True while recording.
        output_active: bool,
        /// What happened.
        output_state: OutputState,
        /// The recording file, when OBS says it.
        output_path: Option<PathBuf>,
    },
    /// The replay buffer output changed state.
    ReplayBufferStateChanged {
        /// True while the buffer runs.
        output_active: bool,
        /// What happened.
        output_state: OutputState,
    },
    /// A replay was written to disk.
    ReplayBufferSaved {
        /// The new clip.
        saved_replay_path: PathBuf,
    },
    /// The stream output changed state.
    StreamStateChanged {
        /// True while streaming.
        output_active: bool,
        /// What happened.
        output_state: OutputState,
    },
    /// The program scene changed.
    CurrentProgramSceneChanged {
        /// The new program scene.
        scene_name: String,
    },
    /// OBS is shutting down.
    ExitStarted,
    /// Any other event, or a known one whose data did not parse.
    Other {
        /// The event type, e.g. `InputMuteStateChanged`.
        name: String,
        /// The event data (`null` when absent).
        data: Value,
    },
}

/// The state an output reports in its `*StateChanged` events.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OutputState {
    /// `OBS_WEBSOCKET_OUTPUT_STARTING`.
    Starting,
    /// `OBS_WEBSOCKET_OUTPUT_STARTED`.
    Started,
    /// `OBS_WEBSOCKET_OUTPUT_STOPPING`.
    Stopping,
    /// `OBS_WEBSOCKET_OUTPUT_STOPPED`.
    Stopped,
    /// `OBS_WEBSOCKET_OUTPUT_PAUSED`.
    Paused,
    /// `OBS_WEBSOCKET_OUTPUT_RESUMED`.
    Resumed,
    /// `OBS_WEBSOCKET_OUTPUT_RECONNECTING`.
    Reconnecting,
    /// `OBS_WEBSOCKET_OUTPUT_RECONNECTED`.
    Reconnected,
    /// Any state this client does not know, kept verbatim.
    Unknown(String),
}

impl OutputState {
    /// Reads the protocol's state name.
    pub fn from_wire(text: &str) -> Self {
        match text {
            "OBS_WEBSOCKET_OUTPUT_STARTING" => Self::Starting,
            "OBS_WEBSOCKET_OUTPUT_STARTED" => Self::Started,
            "OBS_WEBSOCKET_OUTPUT_STOPPING" => Self::Stopping,
            "OBS_WEBSOCKET_OUTPUT_STOPPED" => Self::Stopped,
            "OBS_WEBSOCKET_OUTPUT_PAUSED" => Self::Paused,
            "OBS_WEBSOCKET_OUTPUT_RESUMED" => Self::Resumed,
            "OBS_WEBSOCKET_OUTPUT_RECONNECTING" => Self::Reconnecting,
            "OBS_WEBSOCKET_OUTPUT_RECONNECTED" => Self::Reconnected,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OutputChange {
    output_active: bool,
    output_state: String,
    #[serde(default)]
    output_path: Option<PathBuf>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReplaySaved {
    saved_replay_path: PathBuf,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SceneChange {
    scene_name: String,
}

impl Event {
    /// Builds the typed event from a v5 `eventType` and `eventData`; never fails.
    pub fn from_v5(name: &str, data: Option<Value>) -> Self {
        let data = data.unwrap_or(Value::Null);
        Self::typed_v5(name, &data).unwrap_or_else(|| Self::Other {
            name: name.to_owned(),
            data,
        })
    }

    fn typed_v5(name: &str, data: &Value) -> Option<Self> {
        let output_change = || OutputChange::deserialize(data).ok();
        let event = match name {
            "RecordStateChanged" => {
                let change = output_change()?;
                Self::RecordStateChanged {
                    output_active: change.output_active,
                    output_state: OutputState::from_wire(&change.output_state),
                    output_path: change
                        .output_path
                        .filter(|path| !path.as_os_str().is_empty()),
                }
            }
            "ReplayBufferStateChanged" => {
                let change = output_change()?;
                Self::ReplayBufferStateChanged {
                    output_active: change.output_active,
                    output_state: OutputState::from_wire(&change.output_state),
                }
            }
            "StreamStateChanged" => {
                let change = output_change()?;
                Self::StreamStateChanged {
                    output_active: change.output_active,
                    output_state: OutputState::from_wire(&change.output_state),
                }
            }
            "ReplayBufferSaved" => Self::ReplayBufferSaved {
                saved_replay_path: ReplaySaved::deserialize(data).ok()?.saved_replay_path,
            },
            "CurrentProgramSceneChanged" => Self::CurrentProgramSceneChanged {
                scene_name: SceneChange::deserialize(data).ok()?.scene_name,
            },
            "ExitStarted" => Self::ExitStarted,
            _ => return None,
        };
        Some(event)
    }
}

/// Waits up to `timeout` for the first event that `pick` maps to a value. Skips over a lag
/// (events this receiver missed); `None` on timeout or when the channel closed.
pub async fn wait_for_event<T>(
    events: &mut broadcast::Receiver<Event>,
    timeout: Duration,
    mut pick: impl FnMut(&Event) -> Option<T>,
) -> Option<T> {
    let waiting = async {
        loop {
            match events.recv().await {
                Ok(event) => {
                    if let Some(value) = pick(&event) {
                        return Some(value);
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    };
    tokio::time::timeout(timeout, waiting).await.ok().flatten()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn record_state_changed_keeps_the_output_path() {
        let event = Event::from_v5(
            "RecordStateChanged",
            Some(json!({
                "outputActive": true,
                "outputState": "OBS_WEBSOCKET_OUTPUT_STARTED",
                "outputPath": "/rec/a.mkv"
            })),
        );
        assert_eq!(
            event,
            Event::RecordStateChanged {
                output_active: true,
                output_state: OutputState::Started,
                output_path: Some(PathBuf::from("/rec/a.mkv")),
            }
        );
    }

    #[test]
    fn record_state_changed_without_path_and_null_path_both_give_none() {
        for data in [
            json!({"outputActive": true, "outputState": "OBS_WEBSOCKET_OUTPUT_STARTING"}),
            json!({"outputActive": true, "outputState": "OBS_WEBSOCKET_OUTPUT_STARTING", "outputPath": null}),
        ] {
            let event = Event::from_v5("RecordStateChanged", Some(data));
            assert!(
                matches!(
                    event,
                    Event::RecordStateChanged {
                        output_path: None,
                        output_state: OutputState::Starting,
                        ..
                    }
                ),
                "{event:?}"
            );
        }
    }

    #[test]
    fn malformed_typed_event_becomes_other() {
        let event = Event::from_v5("ReplayBufferSaved", Some(json!({"path": 3})));
        assert_eq!(
            event,
            Event::Other {
                name: "ReplayBufferSaved".into(),
                data: json!({"path": 3})
            }
        );
    }

    #[test]
    fn unknown_state_is_kept_verbatim() {
        assert_eq!(
            OutputState::from_wire("OBS_WEBSOCKET_OUTPUT_LATER"),
            OutputState::Unknown("OBS_WEBSOCKET_OUTPUT_LATER".into())
        );
    }

    #[test]
    fn exit_started_and_scene_change_are_typed() {
        assert_eq!(Event::from_v5("ExitStarted", None), Event::ExitStarted);
        assert_eq!(
            Event::from_v5(
                "CurrentProgramSceneChanged",
                Some(json!({"sceneName": "IVR_SCENE"}))
            ),
            Event::CurrentProgramSceneChanged {
                scene_name: "IVR_SCENE".into()
            }
        );
    }
}
