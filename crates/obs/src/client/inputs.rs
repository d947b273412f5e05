//! Input requests: audio mute.

use serde::Deserialize;
use serde_json::json;

use super::Client;
use crate::Result;

/// Inputs. Get it with [`Client::inputs`].
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub(super) client: &'a Client,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InputMuted {
    input_muted: bool,
}

impl Inputs<'_> {
    /// Whether an input is muted.
    #[doc(alias = "GetInputMute")]
    pub async fn mute(self, input_name: &str) -> Result<bool> {
        let data = json!({ "inputName": input_name });
        let response: InputMuted = self.client.call_as("GetInputMute", Some(data)).await?;
        Ok(response.input_muted)
    }

    /// Mutes or unmutes an input.
    #[doc(alias = "SetInputMute")]
    pub async fn set_mute(self, input_name: &str, muted: bool) -> Result<()> {
        let data = json!({ "inputName": input_name, "inputMuted": muted });
        self.client.call("SetInputMute", Some(data)).await.map(drop)
    }
}
