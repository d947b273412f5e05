//! General requests: `GetVersion` and `GetStats`.

use serde::Deserialize;

use super::Client;
use crate::Result;

/// Requests about OBS itself. Get it with [`Client::general`].
#[derive(Debug, Clone, Copy)]
pub struct General<'a> {
    pub(super) client: &'a Client,
}

/// What `GetVersion` says; every field is optional because 5.0 to 5.7 differ.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Version {
    /// e.g. `29.0.2`.
    #[serde(default)]
    pub obs_version: Option<String>,
    /// e.g. `5.1.0`.
    #[serde(default)]
    pub obs_web_socket_version: Option<String>,
    /// The newest RPC version the server speaks.
    #[serde(default)]
    pub rpc_version: Option<u32>,
    /// Every request type the server knows; drives feature detection.
    #[serde(default)]
    pub available_requests: Vec<String>,
    /// e.g. `ubuntu`, `windows`.
    #[serde(default)]
    pub platform: Option<String>,
}

impl Version {
    /// Whether the server offers this request; true when it sent no list at all.
    pub fn supports(&self, request_type: &str) -> bool {
        self.available_requests.is_empty()
            || self
                .available_requests
                .iter()
                .any(|available| available == request_type)
    }
}

/// What `GetStats` says (fields missing in some versions are `None`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// CPU use of OBS in percent.
    #[serde(default)]
    pub cpu_usage: Option<f64>,
    /// Memory in MB.
    #[serde(default)]
    pub memory_usage: Option<f64>,
    /// Free space on the recording disk in MB.
    #[serde(default)]
    pub available_disk_space: Option<f64>,
    /// Rendering frame rate.
    #[serde(default)]
    pub active_fps: Option<f64>,
    /// Milliseconds per rendered frame.
    #[serde(default)]
    pub average_frame_render_time: Option<f64>,
    /// Frames the renderer skipped.
    #[serde(default)]
    pub render_skipped_frames: Option<u64>,
    /// Frames rendered.
    #[serde(default)]
    pub render_total_frames: Option<u64>,
    /// Frames the outputs skipped (encoder overload).
    #[serde(default)]
    pub output_skipped_frames: Option<u64>,
    /// Frames output.
    #[serde(default)]
    pub output_total_frames: Option<u64>,
}

impl General<'_> {
    /// Versions and the list of available requests.
    #[doc(alias = "GetVersion")]
    pub async fn version(self) -> Result<Version> {
        self.client.call_as("GetVersion", None).await
    }

    /// CPU, memory, disk and frame statistics.
    #[doc(alias = "GetStats")]
    pub async fn stats(self) -> Result<Stats> {
        self.client.call_as("GetStats", None).await
    }
}
