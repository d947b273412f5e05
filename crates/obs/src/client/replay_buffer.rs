//! Replay buffer requests: start, stop, save, status and the last saved replay.

use std::path::PathBuf;

use serde::Deserialize;

use super::Client;
use crate::Result;

/// The replay buffer. Get it with [`Client::replay_buffer`].
#[derive(Debug, Clone, Copy)]
pub struct ReplayBuffer<'a> {
    pub(super) client: &'a Client,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OutputActive {
    output_active: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SavedReplay {
    saved_replay_path: PathBuf,
}

impl ReplayBuffer<'_> {
    /// Starts the replay buffer (it reads the file name format at this moment).
    #[doc(alias = "StartReplayBuffer")]
    pub async fn start(self) -> Result<()> {
        self.client.call("StartReplayBuffer", None).await.map(drop)
    }

    /// Stops the replay buffer.
    #[doc(alias = "StopReplayBuffer")]
    pub async fn stop(self) -> Result<()> {
        self.client.call("StopReplayBuffer", None).await.map(drop)
    }

    /// Asks OBS to write the buffer to disk. Returns at once; the file is ready when
    /// `ReplayBufferSaved` arrives with its path (about 0.7 s later for 20 s of 720p).
    #[doc(alias = "SaveReplayBuffer")]
    pub async fn save(self) -> Result<()> {
        self.client.call("SaveReplayBuffer", None).await.map(drop)
    }

    /// True while the buffer runs.
    #[doc(alias = "GetReplayBufferStatus")]
    pub async fn status(self) -> Result<bool> {
        let response: OutputActive = self.client.call_as("GetReplayBufferStatus", None).await?;
        Ok(response.output_active)
    }

    /// The last clip written. Ask only after `ReplayBufferSaved`: before it, OBS answers with the
    /// previous clip.
    #[doc(alias = "GetLastReplayBufferReplay")]
    pub async fn last_replay(self) -> Result<PathBuf> {
        let response: SavedReplay = self
            .client
            .call_as("GetLastReplayBufferReplay", None)
            .await?;
        Ok(response.saved_replay_path)
    }
}
