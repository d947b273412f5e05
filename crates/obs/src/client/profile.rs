//! Profile parameter requests (the profile's `basic.ini` values, e.g. `Output/FilenameFormatting`).

use serde::Deserialize;
use serde_json::json;

use super::Client;
use crate::Result;

/// Profile parameters. Get it with [`Client::profile`].
#[derive(Debug, Clone, Copy)]
pub struct Profile<'a> {
    pub(super) client: &'a Client,
}

/// What `GetProfileParameter` says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileParameter {
    /// The value, `None` when unset.
    #[serde(default)]
    pub parameter_value: Option<String>,
    /// The default, `None` when there is none.
    #[serde(default)]
    pub default_parameter_value: Option<String>,
}

impl Profile<'_> {
    /// Reads `[category] name` of the current profile.
    #[doc(alias = "GetProfileParameter")]
    pub async fn parameter(self, category: &str, name: &str) -> Result<ProfileParameter> {
        let data = json!({ "parameterCategory": category, "parameterName": name });
        self.client.call_as("GetProfileParameter", Some(data)).await
    }

    /// Sets `[category] name` of the current profile; `None` removes the value.
    #[doc(alias = "SetProfileParameter")]
    pub async fn set_parameter(
        self,
        category: &str,
        name: &str,
        value: Option<&str>,
    ) -> Result<()> {
        let data = json!({
            "parameterCategory": category,
            "parameterName": name,
            "parameterValue": value,
        });
        self.client
            .call("SetProfileParameter", Some(data))
            .await
            .map(drop)
    }
}
