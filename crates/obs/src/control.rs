//! [`ObsControl`]: the operations the program needs from any OBS, whatever the protocol version.
//!
//! The recorder and the IVR flow code against this trait (as `Arc<dyn ObsControl>`), so that a
//! v5 [`Client`], a [`crate::v4::Client`], a supervised [`Connection`], or a test double can
//! stand behind it. This file implements it for the v5 client and the connection; the v4 client
//! has its own in `v4/control.rs`. The
//! methods return boxed futures to keep the trait object-safe.

use std::path::{Path, PathBuf};

use futures_util::future::BoxFuture;
use tokio::sync::broadcast;

use crate::client::{Client, RecordStatus, StreamStatus};
use crate::connection::Connection;
use crate::event::Event;
use crate::Result;

/// Profile category of the output mode and file name settings.
const OUTPUT_CATEGORY: &str = "Output";

/// What the program asks of OBS. Every call has the client's request timeout.
pub trait ObsControl: Send + Sync {
    /// Starts recording.
    fn start_record(&self) -> BoxFuture<'_, Result<()>>;
    /// Stops recording; the file OBS wrote, when it says it.
    fn stop_record(&self) -> BoxFuture<'_, Result<Option<PathBuf>>>;
    /// Whether OBS records, with its timecode.
    fn record_status(&self) -> BoxFuture<'_, Result<RecordStatus>>;
    /// Sets the folder of the next recording and replay: `SetRecordDirectory` where the server
    /// has it (obs-websocket 5.3+), otherwise the profile's `FilePath` of the current output mode.
    fn set_record_directory<'a>(&'a self, directory: &'a Path) -> BoxFuture<'a, Result<()>>;
    /// Sets `Output/FilenameFormatting` (OBS's `%CCYY`-style format, `%` escaped as `%%`). The
    /// recording reads it when it starts, the replay buffer when it starts.
    fn set_filename_format<'a>(&'a self, format: &'a str) -> BoxFuture<'a, Result<()>>;
    /// Starts the replay buffer.
    fn start_replay_buffer(&self) -> BoxFuture<'_, Result<()>>;
    /// Stops the replay buffer.
    fn stop_replay_buffer(&self) -> BoxFuture<'_, Result<()>>;
    /// Asks for a replay; the path comes with [`Event::ReplayBufferSaved`].
    fn save_replay_buffer(&self) -> BoxFuture<'_, Result<()>>;
    /// True while the replay buffer runs.
    fn replay_buffer_active(&self) -> BoxFuture<'_, Result<bool>>;
    /// The last replay written (ask after [`Event::ReplayBufferSaved`]).
    fn last_replay(&self) -> BoxFuture<'_, Result<PathBuf>>;
    /// The scene on air.
    fn program_scene(&self) -> BoxFuture<'_, Result<String>>;
    /// Puts a scene on air.
    fn set_program_scene<'a>(&'a self, scene_name: &'a str) -> BoxFuture<'a, Result<()>>;
    /// Starts streaming.
    fn start_stream(&self) -> BoxFuture<'_, Result<()>>;
    /// Stops streaming.
    fn stop_stream(&self) -> BoxFuture<'_, Result<()>>;
    /// Whether OBS streams, with its timecode.
    fn stream_status(&self) -> BoxFuture<'_, Result<StreamStatus>>;
    /// Typed events from now on.
    fn events(&self) -> broadcast::Receiver<Event>;
}

impl ObsControl for Client {
    fn start_record(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(self.record().start())
    }

    fn stop_record(&self) -> BoxFuture<'_, Result<Option<PathBuf>>> {
        Box::pin(self.record().stop())
    }

    fn record_status(&self) -> BoxFuture<'_, Result<RecordStatus>> {
        Box::pin(self.record().status())
    }

    fn set_record_directory<'a>(&'a self, directory: &'a Path) -> BoxFuture<'a, Result<()>> {
        Box::pin(set_record_directory(self, directory))
    }

    fn set_filename_format<'a>(&'a self, format: &'a str) -> BoxFuture<'a, Result<()>> {
        Box::pin(
            self.profile()
                .set_parameter(OUTPUT_CATEGORY, "FilenameFormatting", Some(format)),
        )
    }

    fn start_replay_buffer(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(self.replay_buffer().start())
    }

    fn stop_replay_buffer(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(self.replay_buffer().stop())
    }

    fn save_replay_buffer(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(self.replay_buffer().save())
    }

    fn replay_buffer_active(&self) -> BoxFuture<'_, Result<bool>> {
        Box::pin(self.replay_buffer().status())
    }

    fn last_replay(&self) -> BoxFuture<'_, Result<PathBuf>> {
        Box::pin(self.replay_buffer().last_replay())
    }

    fn program_scene(&self) -> BoxFuture<'_, Result<String>> {
        Box::pin(self.scenes().current_program())
    }

    fn set_program_scene<'a>(&'a self, scene_name: &'a str) -> BoxFuture<'a, Result<()>> {
        Box::pin(self.scenes().set_current_program(scene_name))
    }

    fn start_stream(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(self.stream().start())
    }

    fn stop_stream(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(self.stream().stop())
    }

    fn stream_status(&self) -> BoxFuture<'_, Result<StreamStatus>> {
        Box::pin(self.stream().status())
    }

    fn events(&self) -> broadcast::Receiver<Event> {
        Client::events(self)
    }
}

/// Every call goes to the live session; [`crate::Error::Disconnected`] while there is none.
impl ObsControl for Connection {
    fn start_record(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move { self.current()?.start_record().await })
    }

    fn stop_record(&self) -> BoxFuture<'_, Result<Option<PathBuf>>> {
        Box::pin(async move { self.current()?.stop_record().await })
    }

    fn record_status(&self) -> BoxFuture<'_, Result<RecordStatus>> {
        Box::pin(async move { self.current()?.record_status().await })
    }

    fn set_record_directory<'a>(&'a self, directory: &'a Path) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move { self.current()?.set_record_directory(directory).await })
    }

    fn set_filename_format<'a>(&'a self, format: &'a str) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move { self.current()?.set_filename_format(format).await })
    }

    fn start_replay_buffer(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move { self.current()?.start_replay_buffer().await })
    }

    fn stop_replay_buffer(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move { self.current()?.stop_replay_buffer().await })
    }

    fn save_replay_buffer(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move { self.current()?.save_replay_buffer().await })
    }

    fn replay_buffer_active(&self) -> BoxFuture<'_, Result<bool>> {
        Box::pin(async move { self.current()?.replay_buffer_active().await })
    }

    fn last_replay(&self) -> BoxFuture<'_, Result<PathBuf>> {
        Box::pin(async move { self.current()?.last_replay().await })
    }

    fn program_scene(&self) -> BoxFuture<'_, Result<String>> {
        Box::pin(async move { self.current()?.program_scene().await })
    }

    fn set_program_scene<'a>(&'a self, scene_name: &'a str) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move { self.current()?.set_program_scene(scene_name).await })
    }

    fn start_stream(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move { self.current()?.start_stream().await })
    }

    fn stop_stream(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move { self.current()?.stop_stream().await })
    }

    fn stream_status(&self) -> BoxFuture<'_, Result<StreamStatus>> {
        Box::pin(async move { self.current()?.stream_status().await })
    }

    fn events(&self) -> broadcast::Receiver<Event> {
        Connection::events(self)
    }
}

/// `SetRecordDirectory` when available; before obs-websocket 5.3, the profile parameter that the
/// current output mode reads (`SimpleOutput/FilePath`, or `AdvOut/RecFilePath` and
/// `AdvOut/FFFilePath` in advanced mode).
async fn set_record_directory(client: &Client, directory: &Path) -> Result<()> {
    if client.supports("SetRecordDirectory") {
        return client.record().set_directory(directory).await;
    }
    let directory_text = directory.to_string_lossy();
    let mode = client.profile().parameter(OUTPUT_CATEGORY, "Mode").await?;
    let profile = client.profile();
    if mode.parameter_value.as_deref() == Some("Advanced") {
        profile
            .set_parameter("AdvOut", "RecFilePath", Some(&directory_text))
            .await?;
        profile
            .set_parameter("AdvOut", "FFFilePath", Some(&directory_text))
            .await
    } else {
        profile
            .set_parameter("SimpleOutput", "FilePath", Some(&directory_text))
            .await
    }
}
