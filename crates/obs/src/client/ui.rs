//! UI requests: studio mode.

use serde::Deserialize;
use serde_json::json;

use super::Client;
use crate::Result;

/// Studio mode. Get it with [`Client::ui`].
#[derive(Debug, Clone, Copy)]
pub struct Ui<'a> {
    pub(super) client: &'a Client,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StudioMode {
    studio_mode_enabled: bool,
}

impl Ui<'_> {
    /// Whether studio mode is on.
    #[doc(alias = "GetStudioModeEnabled")]
    pub async fn studio_mode_enabled(self) -> Result<bool> {
        let response: StudioMode = self.client.call_as("GetStudioModeEnabled", None).await?;
        Ok(response.studio_mode_enabled)
    }

    /// Turns studio mode on or off.
    #[doc(alias = "SetStudioModeEnabled")]
    pub async fn set_studio_mode_enabled(self, enabled: bool) -> Result<()> {
        let data = json!({ "studioModeEnabled": enabled });
        self.client
            .call("SetStudioModeEnabled", Some(data))
            .await
            .map(drop)
    }
}
