//! Scene requests: program scene, scene list, and scene item visibility.

use serde::Deserialize;
use serde_json::json;

use super::Client;
use crate::{Error, Result};

/// Scenes and scene items. Get it with [`Client::scenes`].
#[derive(Debug, Clone, Copy)]
pub struct Scenes<'a> {
    pub(super) client: &'a Client,
}

/// What `GetSceneList` says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SceneList {
    /// The scene on air.
    #[serde(default)]
    pub current_program_scene_name: Option<String>,
    /// The preview scene (studio mode only).
    #[serde(default)]
    pub current_preview_scene_name: Option<String>,
    /// Every scene (OBS lists them bottom-up).
    #[serde(default)]
    pub scenes: Vec<Scene>,
}

/// One scene of a [`SceneList`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scene {
    /// e.g. `LIVE_SCENE`.
    pub scene_name: String,
    /// Position in OBS's list.
    #[serde(default)]
    pub scene_index: Option<i64>,
}

/// 5.0–5.4 send `currentProgramSceneName`; 5.5 and later also `sceneName`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CurrentProgramScene {
    #[serde(default)]
    scene_name: Option<String>,
    #[serde(default)]
    current_program_scene_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SceneItemId {
    scene_item_id: i64,
}

impl Scenes<'_> {
    /// The scene on air.
    #[doc(alias = "GetCurrentProgramScene")]
    pub async fn current_program(self) -> Result<String> {
        let response: CurrentProgramScene =
            self.client.call_as("GetCurrentProgramScene", None).await?;
        response
            .scene_name
            .or(response.current_program_scene_name)
            .ok_or_else(|| Error::Protocol("GetCurrentProgramScene without a scene name".into()))
    }

    /// Puts a scene on air.
    #[doc(alias = "SetCurrentProgramScene")]
    pub async fn set_current_program(self, scene_name: &str) -> Result<()> {
        let data = json!({ "sceneName": scene_name });
        self.client
            .call("SetCurrentProgramScene", Some(data))
            .await
            .map(drop)
    }

    /// Every scene, plus the program and preview scenes.
    #[doc(alias = "GetSceneList")]
    pub async fn list(self) -> Result<SceneList> {
        self.client.call_as("GetSceneList", None).await
    }

    /// The id of the item showing `source_name` in `scene_name`.
    #[doc(alias = "GetSceneItemId")]
    pub async fn item_id(self, scene_name: &str, source_name: &str) -> Result<i64> {
        let data = json!({ "sceneName": scene_name, "sourceName": source_name });
        let response: SceneItemId = self.client.call_as("GetSceneItemId", Some(data)).await?;
        Ok(response.scene_item_id)
    }

    /// Shows or hides a scene item.
    #[doc(alias = "SetSceneItemEnabled")]
    pub async fn set_item_enabled(
        self,
        scene_name: &str,
        scene_item_id: i64,
        enabled: bool,
    ) -> Result<()> {
        let data = json!({
            "sceneName": scene_name,
            "sceneItemId": scene_item_id,
            "sceneItemEnabled": enabled,
        });
        self.client
            .call("SetSceneItemEnabled", Some(data))
            .await
            .map(drop)
    }
}
