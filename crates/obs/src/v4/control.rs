//! [`ObsControl`] over obs-websocket 4.x requests (`StartRecording`, `SetRecordingFolder`, ...).

use std::path::{Path, PathBuf};
use std::time::Duration;

use futures_util::future::BoxFuture;
use serde_json::{json, Value};
use tokio::sync::broadcast;

use super::{replay_folder, Client};
use crate::client::{RecordStatus, StreamStatus};
use crate::control::ObsControl;
use crate::event::{Event, OutputState};
use crate::{Error, Result};

/// How long the folder watcher waits for a replay file to appear and settle.
const REPLAY_WATCH_LIMIT: Duration = Duration::from_secs(30);

impl Client {
    async fn call_unit(&self, request_type: &str, fields: Value) -> Result<()> {
        self.call(request_type, fields).await.map(drop)
    }

    async fn text_field(&self, request_type: &str, field: &str) -> Result<String> {
        let answer = self.call(request_type, Value::Null).await?;
        answer
            .get(field)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| Error::Protocol(format!("{request_type} answer without {field}")))
    }

    async fn bool_field(&self, request_type: &str, field: &str) -> Result<bool> {
        let answer = self.call(request_type, Value::Null).await?;
        answer
            .get(field)
            .and_then(Value::as_bool)
            .ok_or_else(|| Error::Protocol(format!("{request_type} answer without {field}")))
    }

    /// `StopRecording` answers nothing; the path comes with `RecordingStopped`.
    async fn stop_recording(&self) -> Result<Option<PathBuf>> {
        let mut events = self.events();
        self.call_unit("StopRecording", Value::Null).await?;
        let stopped = async {
            while let Ok(event) = events.recv().await {
                if let Event::RecordStateChanged {
                    output_state: OutputState::Stopped,
                    output_path,
                    ..
                } = event
                {
                    return output_path;
                }
            }
            None
        };
        Ok(tokio::time::timeout(self.shared.request_timeout, stopped)
            .await
            .ok()
            .flatten())
    }

    async fn record_status_v4(&self) -> Result<RecordStatus> {
        let answer = self.call("GetRecordingStatus", Value::Null).await?;
        Ok(RecordStatus {
            output_active: answer
                .get("isRecording")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            output_paused: answer.get("isRecordingPaused").and_then(Value::as_bool),
            output_timecode: answer
                .get("recordTimecode")
                .and_then(Value::as_str)
                .map(str::to_owned),
            ..RecordStatus::default()
        })
    }

    async fn stream_status_v4(&self) -> Result<StreamStatus> {
        let answer = self.call("GetStreamingStatus", Value::Null).await?;
        Ok(StreamStatus {
            output_active: answer
                .get("streaming")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            output_timecode: answer
                .get("stream-timecode")
                .and_then(Value::as_str)
                .map(str::to_owned),
            ..StreamStatus::default()
        })
    }

    /// Saves the replay and starts a watcher on the recording folder that publishes
    /// `ReplayBufferSaved` when the new file has settled.
    async fn save_replay(&self) -> Result<()> {
        let folder = PathBuf::from(self.text_field("GetRecordingFolder", "rec-folder").await?);
        let snapshot = replay_folder::snapshot(&folder).await;
        self.call_unit("SaveReplayBuffer", Value::Null).await?;
        let snapshot = match snapshot {
            Ok(snapshot) => snapshot,
            Err(err) => {
                tracing::warn!(%err, folder = %folder.display(), "cannot watch the replay folder; no replay path");
                return Ok(());
            }
        };
        let shared = self.shared.clone();
        tokio::spawn(async move {
            let found = tokio::select! {
                _ = shared.stop.cancelled() => None,
                found = replay_folder::wait_for_new_file(&snapshot, REPLAY_WATCH_LIMIT) => found,
            };
            let Some(path) = found else {
                tracing::warn!("no new replay file appeared in the recording folder");
                return;
            };
            *shared
                .last_replay
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(path.clone());
            let _ = shared.events.send(Event::ReplayBufferSaved {
                saved_replay_path: path,
            });
        });
        Ok(())
    }

    fn last_replay_found(&self) -> Result<PathBuf> {
        let last = self
            .shared
            .last_replay
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        last.ok_or_else(|| Error::RequestUnsupported {
            name: "GetLastReplayBufferReplay".to_owned(),
        })
    }
}

impl ObsControl for Client {
    fn start_record(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(self.call_unit("StartRecording", Value::Null))
    }

    fn stop_record(&self) -> BoxFuture<'_, Result<Option<PathBuf>>> {
        Box::pin(self.stop_recording())
    }

    fn record_status(&self) -> BoxFuture<'_, Result<RecordStatus>> {
        Box::pin(self.record_status_v4())
    }

    fn set_record_directory<'a>(&'a self, directory: &'a Path) -> BoxFuture<'a, Result<()>> {
        Box::pin(self.call_unit("SetRecordingFolder", json!({ "rec-folder": directory })))
    }

    fn set_filename_format<'a>(&'a self, format: &'a str) -> BoxFuture<'a, Result<()>> {
        Box::pin(self.call_unit(
            "SetFilenameFormatting",
            json!({ "filename-formatting": format }),
        ))
    }

    fn start_replay_buffer(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(self.call_unit("StartReplayBuffer", Value::Null))
    }

    fn stop_replay_buffer(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(self.call_unit("StopReplayBuffer", Value::Null))
    }

    fn save_replay_buffer(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(self.save_replay())
    }

    fn replay_buffer_active(&self) -> BoxFuture<'_, Result<bool>> {
        Box::pin(self.bool_field("GetReplayBufferStatus", "isReplayBufferActive"))
    }

    fn last_replay(&self) -> BoxFuture<'_, Result<PathBuf>> {
        Box::pin(async move { self.last_replay_found() })
    }

    fn program_scene(&self) -> BoxFuture<'_, Result<String>> {
        Box::pin(self.text_field("GetCurrentScene", "name"))
    }

    fn set_program_scene<'a>(&'a self, scene_name: &'a str) -> BoxFuture<'a, Result<()>> {
        Box::pin(self.call_unit("SetCurrentScene", json!({ "scene-name": scene_name })))
    }

    fn start_stream(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(self.call_unit("StartStreaming", Value::Null))
    }

    fn stop_stream(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(self.call_unit("StopStreaming", Value::Null))
    }

    fn stream_status(&self) -> BoxFuture<'_, Result<StreamStatus>> {
        Box::pin(self.stream_status_v4())
    }

    fn events(&self) -> broadcast::Receiver<Event> {
        Client::events(self)
    }
}
