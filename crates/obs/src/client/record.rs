//! Record requests: start, stop, status and the record directory.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::json;

use super::Client;
use crate::Result;

/// Recording. Get it with [`Client::record`].
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    pub(super) client: &'a Client,
}

/// What `GetRecordStatus` says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordStatus {
    /// True while recording.
    pub output_active: bool,
    /// True while paused.
    #[serde(default)]
    pub output_paused: Option<bool>,
    /// `HH:MM:SS.mmm` into the recording.
    #[serde(default)]
    pub output_timecode: Option<String>,
    /// Milliseconds into the recording.
    #[serde(default)]
    pub output_duration: Option<u64>,
    /// Bytes written so far.
    #[serde(default)]
    pub output_bytes: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StopRecordResponse {
    #[serde(default)]
    output_path: Option<PathBuf>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RecordDirectory {
    record_directory: PathBuf,
}

impl Record<'_> {
    /// Starts recording; the file name comes from `RecordStateChanged` or [`Record::stop`].
    #[doc(alias = "StartRecord")]
    pub async fn start(self) -> Result<()> {
        self.client.call("StartRecord", None).await.map(drop)
    }

    /// Stops recording and returns the file OBS wrote, when this OBS says it (5.1 and later do).
    #[doc(alias = "StopRecord")]
    pub async fn stop(self) -> Result<Option<PathBuf>> {
        let response: StopRecordResponse = self.client.call_as("StopRecord", None).await?;
        Ok(response
            .output_path
            .filter(|path| !path.as_os_str().is_empty()))
    }

    /// Whether OBS records, and how far it got.
    #[doc(alias = "GetRecordStatus")]
    pub async fn status(self) -> Result<RecordStatus> {
        self.client.call_as("GetRecordStatus", None).await
    }

    /// The folder new recordings go to.
    #[doc(alias = "GetRecordDirectory")]
    pub async fn directory(self) -> Result<PathBuf> {
        let response: RecordDirectory = self.client.call_as("GetRecordDirectory", None).await?;
        Ok(response.record_directory)
    }

    /// Changes the folder for new recordings. Exists from obs-websocket 5.3; older servers give
    /// [`crate::Error::RequestUnsupported`] without a request being sent (see
    /// [`crate::ObsControl::set_record_directory`] for the fallback).
    #[doc(alias = "SetRecordDirectory")]
    pub async fn set_directory(self, directory: &Path) -> Result<()> {
        self.client.require("SetRecordDirectory")?;
        let data = json!({ "recordDirectory": directory });
        self.client
            .call("SetRecordDirectory", Some(data))
            .await
            .map(drop)
    }
}
