//! Stream requests: start, stop and status.

use serde::Deserialize;

use super::Client;
use crate::Result;

/// Streaming. Get it with [`Client::stream`].
#[derive(Debug, Clone, Copy)]
pub struct Stream<'a> {
    pub(super) client: &'a Client,
}

/// What `GetStreamStatus` says.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StreamStatus {
    /// True while streaming.
    pub output_active: bool,
    /// True while OBS reconnects to the server.
    #[serde(default)]
    pub output_reconnecting: Option<bool>,
    /// `HH:MM:SS.mmm` into the stream.
    #[serde(default)]
    pub output_timecode: Option<String>,
    /// Milliseconds into the stream.
    #[serde(default)]
    pub output_duration: Option<u64>,
    /// Congestion, 0 to 1.
    #[serde(default)]
    pub output_congestion: Option<f64>,
    /// Bytes sent.
    #[serde(default)]
    pub output_bytes: Option<u64>,
    /// Frames skipped by the output.
    #[serde(default)]
    pub output_skipped_frames: Option<u64>,
    /// Frames output.
    #[serde(default)]
    pub output_total_frames: Option<u64>,
}

impl Stream<'_> {
    /// Starts streaming with the profile's stream settings.
    #[doc(alias = "StartStream")]
    pub async fn start(self) -> Result<()> {
        self.client.call("StartStream", None).await.map(drop)
    }

    /// Stops streaming.
    #[doc(alias = "StopStream")]
    pub async fn stop(self) -> Result<()> {
        self.client.call("StopStream", None).await.map(drop)
    }

    /// Whether OBS streams, and its timecode.
    #[doc(alias = "GetStreamStatus")]
    pub async fn status(self) -> Result<StreamStatus> {
        self.client.call_as("GetStreamStatus", None).await
    }
}
