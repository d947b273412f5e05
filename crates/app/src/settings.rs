//! The operator's settings: the review screen and the replay flow, the recorder, and the
//! hotkeys of the UI and the desktop shell; typed, checked field by field, kept in the store
//! as JSON and changed at runtime.
//!
//! [`Settings::from_json`] reads and checks a whole settings object; every refusal names the
//! field (`replay.lead_seconds`). [`SettingsHandle`] holds the settings in force: a change is
//! checked, stored, then sent to every [`SettingsHandle::subscribe`]r, and
//! [`spawn_applier`] passes it on to the running parts: the replay flow reads its lead, start
//! precision, clip timeout, link window and scenes at the next challenge, the review screen restarts when its
//! mpv changes, and the recorder takes its root, template and stop delay from the next
//! recording. Manual mode is stored here too ([`SettingsHandle::save_manual_mode`]); the ingest
//! listener is what acts on it.
//!
//! What it leaves out: the command line (the binary lays its explicit flags over the stored
//! settings for one run) and the JSON the API sends (the server's).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::automation::ivr::{IvrConfig, IvrHandle, StartingPlayer};
use crate::automation::naming::NameTemplate;
use crate::automation::recorder::{RecorderConfig, RecorderHandle};

/// The store key of the settings.
pub const SETTINGS_KEY: &str = "settings";

/// The store key of manual mode.
pub const MANUAL_MODE_KEY: &str = "manual_mode";

/// Every setting the operator can change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The review screen and the replay flow.
    #[serde(default)]
    pub replay: ReplaySettings,
    /// The recorder.
    #[serde(default)]
    pub recording: RecordingSettings,
    /// Keyboard shortcuts of the UI and the desktop shell.
    #[serde(default)]
    pub hotkeys: Hotkeys,
}

/// The review screen (mpv) and the replay flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReplaySettings {
    /// The mpv program; a bare name is looked up on PATH.
    pub mpv_path: PathBuf,
    /// Extra mpv arguments, after the player's own.
    pub mpv_args: Vec<String>,
    /// The monitor (from 0) of the review screen; `None` is mpv's default.
    pub screen: Option<u32>,
    /// Show the review screen fullscreen.
    pub fullscreen: bool,
    /// Seconds of video shown before the request.
    pub lead_seconds: f64,
    /// Start a replay on the exact frame of the lead; `false` starts it on the keyframe at or
    /// before it (up to one keyframe interval earlier, and faster: mpv has nothing to decode
    /// and drop first).
    pub exact_start: bool,
    /// Seconds to wait for OBS's clip before the replay fails.
    pub clip_timeout_seconds: f64,
    /// Seconds before a request whose events are linked to its clip.
    pub link_window_seconds: f64,
    /// The stream's scene while a replay is on screen.
    pub ivr_scene: String,
    /// The stream's scene otherwise.
    pub live_scene: String,
}

/// Where and how matches are recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RecordingSettings {
    /// Recordings go to `<root>/<tournament>/<day>`; an absolute folder.
    pub root: PathBuf,
    /// Seconds between the winner and the end of the recording.
    pub stop_delay_seconds: f64,
    /// The file name, see [`NameTemplate`].
    #[serde(with = "template_text")]
    pub name_template: NameTemplate,
}

/// Keyboard shortcuts, as the desktop shell's accelerators (`Ctrl+Alt+R`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Hotkeys {
    /// The operator's REPLAY.
    pub replay: String,
    /// Collapse or expand the dock.
    pub toggle_dock: String,
    /// MARK EVENT.
    pub mark: String,
    /// CLOSE REPLAY.
    pub close_replay: String,
}

/// A setting that was refused, with the field it is in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct SettingsError {
    /// The field, as a dotted path (`replay.lead_seconds`); empty when the whole object is
    /// wrong.
    pub field: String,
    /// What is wrong, in words.
    pub message: String,
}

/// Why settings could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// A setting was refused; nothing was saved.
    #[error("{0}")]
    Invalid(#[from] SettingsError),
    /// The store could not write them.
    #[error("cannot store the settings: {0}")]
    Store(#[from] store::Error),
}

impl Default for Settings {
    /// The defaults with no recording root (see [`Settings::defaults`]).
    fn default() -> Self {
        Settings {
            replay: ReplaySettings::default(),
            recording: RecordingSettings::default(),
            hotkeys: Hotkeys::default(),
        }
    }
}

impl Default for ReplaySettings {
    /// `mpv` windowed on the default screen, a 10 s lead from the keyframe at or before it,
    /// 5 s for the clip, a 20 s link window, scenes `IVR_SCENE` and `LIVE_SCENE`.
    fn default() -> Self {
        let ivr = IvrConfig::default();
        ReplaySettings {
            mpv_path: PathBuf::from("mpv"),
            mpv_args: Vec::new(),
            screen: None,
            fullscreen: false,
            lead_seconds: ivr.lead.as_secs_f64(),
            exact_start: ivr.exact_start,
            clip_timeout_seconds: ivr.clip_timeout.as_secs_f64(),
            link_window_seconds: ivr.link_window.as_secs_f64(),
            ivr_scene: ivr.ivr_scene,
            live_scene: ivr.live_scene,
        }
    }
}

impl Default for RecordingSettings {
    /// No root (to be filled in), 30 s stop delay, the default template.
    fn default() -> Self {
        RecordingSettings {
            root: PathBuf::new(),
            stop_delay_seconds: 30.0,
            name_template: NameTemplate::default(),
        }
    }
}

impl Default for Hotkeys {
    /// `Ctrl+Alt+R` replay, `Ctrl+Alt+Space` dock, `Ctrl+Alt+M` mark, `Ctrl+Alt+C` close.
    fn default() -> Self {
        Hotkeys {
            replay: "Ctrl+Alt+R".to_owned(),
            toggle_dock: "Ctrl+Alt+Space".to_owned(),
            mark: "Ctrl+Alt+M".to_owned(),
            close_replay: "Ctrl+Alt+C".to_owned(),
        }
    }
}

impl Settings {
    /// The defaults, recording under `recording_root`.
    pub fn defaults(recording_root: impl Into<PathBuf>) -> Settings {
        let mut settings = Settings::default();
        settings.recording.root = recording_root.into();
        settings
    }

    /// Reads and checks a whole settings object; a missing field keeps its default, an
    /// unknown one is refused.
    pub fn from_json(value: serde_json::Value) -> Result<Settings, SettingsError> {
        let settings: Settings = serde_path_to_error::deserialize(value).map_err(|err| {
            let field = err.path().to_string();
            SettingsError {
                field: if field == "." { String::new() } else { field },
                message: err.into_inner().to_string(),
            }
        })?;
        settings.check()?;
        Ok(settings)
    }

    /// The settings as stored and sent: a JSON object.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_else(|err| {
            // Only a path that is not UTF-8 can fail here; it cannot come in through JSON.
            tracing::error!(%err, "settings cannot be written as JSON");
            serde_json::Value::Null
        })
    }

    /// Checks every field; the first one refused is named.
    pub fn check(&self) -> Result<(), SettingsError> {
        let replay = &self.replay;
        check_text("replay.mpv_path", &replay.mpv_path.to_string_lossy(), 1024)?;
        for (index, arg) in replay.mpv_args.iter().enumerate() {
            if arg.chars().any(char::is_control) {
                return Err(refused(
                    &format!("replay.mpv_args[{index}]"),
                    "must not hold control characters",
                ));
            }
        }
        if replay.screen.is_some_and(|screen| screen > 63) {
            return Err(refused(
                "replay.screen",
                "must be a monitor number from 0 to 63",
            ));
        }
        check_seconds("replay.lead_seconds", replay.lead_seconds, 0.0, 120.0)?;
        check_seconds(
            "replay.clip_timeout_seconds",
            replay.clip_timeout_seconds,
            0.1,
            60.0,
        )?;
        check_seconds(
            "replay.link_window_seconds",
            replay.link_window_seconds,
            0.0,
            600.0,
        )?;
        check_text("replay.ivr_scene", &replay.ivr_scene, 256)?;
        check_text("replay.live_scene", &replay.live_scene, 256)?;
        if replay.ivr_scene == replay.live_scene {
            return Err(refused(
                "replay.live_scene",
                "must differ from replay.ivr_scene, or a replay would not show",
            ));
        }
        let recording = &self.recording;
        check_text("recording.root", &recording.root.to_string_lossy(), 1024)?;
        if !recording.root.is_absolute() {
            return Err(refused(
                "recording.root",
                &format!(
                    "{:?} is not an absolute folder (e.g. {})",
                    recording.root.display().to_string(),
                    if cfg!(windows) {
                        r"C:\Videos\reStrike"
                    } else {
                        "/home/op/Videos/reStrike"
                    }
                ),
            ));
        }
        check_seconds(
            "recording.stop_delay_seconds",
            recording.stop_delay_seconds,
            0.0,
            3600.0,
        )?;
        let hotkeys = [
            ("hotkeys.replay", &self.hotkeys.replay),
            ("hotkeys.toggle_dock", &self.hotkeys.toggle_dock),
            ("hotkeys.mark", &self.hotkeys.mark),
            ("hotkeys.close_replay", &self.hotkeys.close_replay),
        ];
        for (index, (field, keys)) in hotkeys.iter().enumerate() {
            check_text(field, keys, 64)?;
            if let Some((other, _)) = hotkeys[..index]
                .iter()
                .find(|(_, earlier)| earlier.eq_ignore_ascii_case(keys))
            {
                return Err(refused(field, &format!("{keys} is already {other}")));
            }
        }
        Ok(())
    }
}

impl ReplaySettings {
    /// `base` with this lead, start precision, clip timeout, link window and scenes.
    pub fn ivr_config(&self, base: &IvrConfig) -> IvrConfig {
        IvrConfig {
            lead: Duration::from_secs_f64(self.lead_seconds),
            exact_start: self.exact_start,
            clip_timeout: Duration::from_secs_f64(self.clip_timeout_seconds),
            link_window: Duration::from_secs_f64(self.link_window_seconds),
            ivr_scene: self.ivr_scene.clone(),
            live_scene: self.live_scene.clone(),
            ..base.clone()
        }
    }

    /// `base` with this mpv, its arguments, screen and fullscreen.
    pub fn player_config(&self, base: &player::PlayerConfig) -> player::PlayerConfig {
        player::PlayerConfig {
            mpv_path: self.mpv_path.clone(),
            extra_args: self.mpv_args.clone(),
            screen: self.screen,
            fullscreen: self.fullscreen,
            ..base.clone()
        }
    }

    /// Whether `other` runs mpv differently (so the review screen must restart).
    fn mpv_differs(&self, other: &ReplaySettings) -> bool {
        (&self.mpv_path, &self.mpv_args, self.screen, self.fullscreen)
            != (
                &other.mpv_path,
                &other.mpv_args,
                other.screen,
                other.fullscreen,
            )
    }
}

impl RecordingSettings {
    /// The recorder's configuration.
    pub fn recorder_config(&self) -> RecorderConfig {
        RecorderConfig {
            root: self.root.clone(),
            stop_delay: Duration::from_secs_f64(self.stop_delay_seconds),
            name_template: self.name_template.clone(),
        }
    }
}

/// The settings in force and where they are kept; cheap to clone.
#[derive(Debug, Clone)]
pub struct SettingsHandle {
    current: Arc<watch::Sender<Settings>>,
    store: store::StoreHandle,
}

impl SettingsHandle {
    /// A handle whose settings in force are `settings` (already checked), stored through
    /// `store`.
    pub fn new(settings: Settings, store: store::StoreHandle) -> SettingsHandle {
        SettingsHandle {
            current: Arc::new(watch::Sender::new(settings)),
            store,
        }
    }

    /// The settings in force.
    pub fn get(&self) -> Settings {
        self.current.borrow().clone()
    }

    /// The settings in force now and each change after.
    pub fn subscribe(&self) -> watch::Receiver<Settings> {
        self.current.subscribe()
    }

    /// Checks `settings`, stores them, and puts them in force; returns them as saved.
    pub async fn save(&self, settings: Settings) -> Result<Settings, SaveError> {
        settings.check()?;
        self.store
            .save_setting(SETTINGS_KEY, &settings.to_json().to_string())
            .await?;
        tracing::info!("settings saved");
        self.current.send_replace(settings.clone());
        Ok(settings)
    }

    /// Puts `settings`, already stored (by a configuration import), in force.
    pub fn adopt(&self, settings: Settings) {
        tracing::info!("settings replaced");
        self.current.send_replace(settings);
    }

    /// Stores whether manual mode is on, so that it survives a restart.
    pub async fn save_manual_mode(&self, enabled: bool) -> Result<(), store::Error> {
        self.store
            .save_setting(MANUAL_MODE_KEY, if enabled { "true" } else { "false" })
            .await
    }
}

/// The stored settings, or `defaults` when none are stored; stored settings that no longer
/// read or check (edited by hand, from a newer program) are logged and replaced by `defaults`.
pub fn load(reader: &store::Reader, defaults: Settings) -> Settings {
    let text = match reader.setting(SETTINGS_KEY) {
        Ok(Some(text)) => text,
        Ok(None) => return defaults,
        Err(err) => {
            tracing::error!(%err, "cannot read the stored settings; using the defaults");
            return defaults;
        }
    };
    let parsed = serde_json::from_str(&text)
        .map_err(|err| SettingsError {
            field: String::new(),
            message: err.to_string(),
        })
        .and_then(Settings::from_json);
    match parsed {
        Ok(settings) => settings,
        Err(err) => {
            tracing::error!(%err, "the stored settings are refused; using the defaults");
            defaults
        }
    }
}

/// Whether manual mode was on when the program last stopped.
pub fn load_manual_mode(reader: &store::Reader) -> bool {
    match reader.setting(MANUAL_MODE_KEY) {
        Ok(text) => text.as_deref() == Some("true"),
        Err(err) => {
            tracing::error!(%err, "cannot read manual mode; it starts off");
            false
        }
    }
}

/// The running parts a settings change reaches.
#[derive(Debug, Clone)]
pub struct LiveParts {
    /// The recorder.
    pub recorder: RecorderHandle,
    /// The replay flow and its review screen, when replay runs.
    pub replay: Option<(IvrHandle, StartingPlayer)>,
}

/// Passes each settings change on to `parts` until `cancel` fires.
pub fn spawn_applier(
    mut settings: watch::Receiver<Settings>,
    parts: LiveParts,
    tracker: &TaskTracker,
    cancel: CancellationToken,
) {
    let mut applied = settings.borrow_and_update().clone();
    tracker.spawn(async move {
        loop {
            tokio::select! {
                _ = cancel.cancelled() => break,
                changed = settings.changed() => {
                    if changed.is_err() {
                        break;
                    }
                    let new = settings.borrow_and_update().clone();
                    apply(&applied, &new, &parts);
                    applied = new;
                }
            }
        }
    });
}

/// Hands `new` to each part; the review screen restarts only when its mpv changed.
fn apply(old: &Settings, new: &Settings, parts: &LiveParts) {
    parts.recorder.set_config(new.recording.recorder_config());
    if let Some((ivr, screen)) = &parts.replay {
        ivr.set_config(new.replay.ivr_config(&ivr.config()));
        if old.replay.mpv_differs(&new.replay) {
            tracing::info!(mpv = %new.replay.mpv_path.display(), "review screen restarts with new settings");
            screen.restart(new.replay.player_config(&screen.config()));
        }
    }
}

fn refused(field: &str, message: &str) -> SettingsError {
    SettingsError {
        field: field.to_owned(),
        message: message.to_owned(),
    }
}

/// Seconds between `min` and `max`.
fn check_seconds(field: &str, value: f64, min: f64, max: f64) -> Result<(), SettingsError> {
    if value.is_finite() && (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(refused(
            field,
            &format!("{value} is not a number of seconds from {min} to {max}"),
        ))
    }
}

/// Text that is not blank, has no control characters and at most `max_chars` characters.
fn check_text(field: &str, text: &str, max_chars: usize) -> Result<(), SettingsError> {
    if text.trim().is_empty() {
        return Err(refused(field, "must not be empty"));
    }
    if text.chars().any(char::is_control) {
        return Err(refused(field, "must not hold control characters"));
    }
    if text.chars().count() > max_chars {
        return Err(refused(
            field,
            &format!("is longer than {max_chars} characters"),
        ));
    }
    Ok(())
}

/// The name template as its text in JSON, parsed (and refused) on the way in.
mod template_text {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::automation::naming::NameTemplate;

    pub fn serialize<S: Serializer>(
        template: &NameTemplate,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(template.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<NameTemplate, D::Error> {
        let text = String::deserialize(deserializer)?;
        NameTemplate::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;

    fn example() -> serde_json::Value {
        json!({
            "replay": {"mpv_path": "mpv", "mpv_args": ["--vo=gpu"], "screen": 1, "fullscreen": true,
                       "lead_seconds": 8.5, "exact_start": true, "clip_timeout_seconds": 5.0,
                       "link_window_seconds": 20.0,
                       "ivr_scene": "IVR_SCENE", "live_scene": "LIVE_SCENE"},
            "recording": {"root": "/home/op/Videos/reStrike", "stop_delay_seconds": 30.0,
                          "name_template": "{number}_{blue}_{blue_ioc}_vs_{red}_{red_ioc}"},
            "hotkeys": {"replay": "Ctrl+Alt+R", "toggle_dock": "Ctrl+Alt+Space",
                        "mark": "Ctrl+Alt+M", "close_replay": "Ctrl+Alt+C"}
        })
    }

    #[test]
    fn the_contract_example_reads_and_writes_back_the_same() {
        let settings = Settings::from_json(example()).expect("accepted");
        assert_eq!(settings.replay.screen, Some(1));
        assert_eq!(settings.to_json(), example());
        let ivr = settings.replay.ivr_config(&IvrConfig::default());
        assert_eq!(ivr.lead, Duration::from_millis(8500));
        assert!(ivr.exact_start);
        assert!(
            !ReplaySettings::default().exact_start,
            "keyframe starts by default"
        );
        assert_eq!(ivr.poll_interval, IvrConfig::default().poll_interval);
        let recorder = settings.recording.recorder_config();
        assert_eq!(recorder.stop_delay, Duration::from_secs(30));
    }

    #[test]
    fn each_refusal_names_its_field() {
        let cases = [
            ("/replay/lead_seconds", json!(-1.0), "replay.lead_seconds"),
            ("/replay/lead_seconds", json!("ten"), "replay.lead_seconds"),
            ("/replay/exact_start", json!("yes"), "replay.exact_start"),
            (
                "/replay/clip_timeout_seconds",
                json!(0.0),
                "replay.clip_timeout_seconds",
            ),
            (
                "/replay/live_scene",
                json!("IVR_SCENE"),
                "replay.live_scene",
            ),
            ("/replay/ivr_scene", json!(" "), "replay.ivr_scene"),
            (
                "/replay/mpv_args",
                json!(["ok", "bad\n"]),
                "replay.mpv_args[1]",
            ),
            ("/replay/screen", json!(99), "replay.screen"),
            (
                "/recording/root",
                json!("relative/folder"),
                "recording.root",
            ),
            (
                "/recording/name_template",
                json!("{number}_{coach}"),
                "recording.name_template",
            ),
            (
                "/recording/stop_delay_seconds",
                json!(1e9),
                "recording.stop_delay_seconds",
            ),
            ("/hotkeys/mark", json!("Ctrl+Alt+R"), "hotkeys.mark"),
            ("/hotkeys/colour", json!("x"), "hotkeys.colour"),
        ];
        for (pointer, value, field) in cases {
            let mut body = example();
            match body.pointer_mut(pointer) {
                Some(slot) => *slot = value,
                None => {
                    let (parent, key) = pointer.rsplit_once('/').expect("pointer");
                    body.pointer_mut(parent).expect("parent")[key] = value;
                }
            }
            let err = Settings::from_json(body).expect_err(pointer);
            assert_eq!(err.field, field, "{pointer}: {err}");
            assert!(!err.message.is_empty());
        }
        let unknown = Settings::from_json(example().pointer("/recording").cloned().unwrap());
        assert!(unknown.is_err());
    }

    #[test]
    fn a_missing_section_keeps_its_defaults() {
        let settings =
            Settings::from_json(json!({"recording": {"root": "/rec"}})).expect("accepted");
        assert_eq!(settings.replay, ReplaySettings::default());
        assert_eq!(settings.hotkeys, Hotkeys::default());
        assert_eq!(settings.recording.root, Path::new("/rec"));
    }

    /// Neither a REC nor a STR connection: the parts start and wait.
    struct NoObs;

    impl crate::automation::recorder::RecSource for NoObs {
        fn rec(&self) -> Option<(String, Arc<dyn obs::ObsControl>)> {
            None
        }
    }

    impl crate::automation::ivr::ReplayObs for NoObs {
        fn rec(&self) -> Option<(String, Arc<dyn obs::ObsControl>)> {
            None
        }
        fn stream(&self) -> Option<(String, Arc<dyn obs::ObsControl>)> {
            None
        }
    }

    #[tokio::test]
    async fn a_saved_change_is_stored_and_reaches_the_recorder_the_replay_flow_and_mpv() {
        let folder = tempfile::tempdir().unwrap();
        let store =
            store::Store::open(store::StoreConfig::new(folder.path().join("vta.sqlite"))).unwrap();
        let bus = crate::bus::Bus::new();
        let tracker = TaskTracker::new();
        let cancel = CancellationToken::new();
        let recorder = crate::automation::recorder::spawn_recorder(
            RecorderConfig::new("/old"),
            Arc::new(NoObs),
            store.handle(),
            store.reader().unwrap(),
            &bus,
            &tracker,
            cancel.child_token(),
        );
        let old_mpv = player::PlayerConfig {
            mpv_path: PathBuf::from("/nonexistent/old-mpv"),
            ..player::PlayerConfig::default()
        };
        let screen = StartingPlayer::spawn(old_mpv, &tracker, cancel.child_token());
        let ivr = crate::automation::ivr::spawn_ivr(
            IvrConfig::default(),
            Arc::new(NoObs),
            Arc::new(screen.clone()),
            store.handle(),
            &bus,
            &tracker,
            cancel.child_token(),
        );
        let handle = SettingsHandle::new(Settings::defaults("/old"), store.handle());
        let parts = LiveParts {
            recorder: recorder.clone(),
            replay: Some((ivr.clone(), screen.clone())),
        };
        spawn_applier(handle.subscribe(), parts, &tracker, cancel.child_token());

        let mut changed = handle.get();
        changed.replay.lead_seconds = 3.0;
        changed.replay.exact_start = true;
        changed.replay.live_scene = "COURT".into();
        changed.replay.mpv_path = PathBuf::from("/nonexistent/new-mpv");
        changed.recording.root = PathBuf::from("/new");
        changed.recording.stop_delay_seconds = 5.0;
        changed.recording.name_template = NameTemplate::parse("{date}_{number}").unwrap();
        assert_eq!(handle.save(changed.clone()).await.unwrap(), changed);
        assert_eq!(handle.get(), changed);

        tokio::time::timeout(Duration::from_secs(2), async {
            while screen.config().mpv_path != Path::new("/nonexistent/new-mpv") {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
        .await
        .expect("the change reaches the parts");
        let recorder_config = recorder.config();
        assert_eq!(recorder_config.root, Path::new("/new"));
        assert_eq!(recorder_config.stop_delay, Duration::from_secs(5));
        assert_eq!(recorder_config.name_template.as_str(), "{date}_{number}");
        let ivr_config = ivr.config();
        assert_eq!(ivr_config.lead, Duration::from_secs(3));
        assert!(ivr_config.exact_start);
        assert_eq!(ivr_config.live_scene, "COURT");
        assert_eq!(ivr_config.poll_interval, IvrConfig::default().poll_interval);

        let refused = {
            let mut bad = changed.clone();
            bad.replay.lead_seconds = f64::NAN;
            handle.save(bad).await.unwrap_err()
        };
        assert!(matches!(&refused, SaveError::Invalid(err) if err.field == "replay.lead_seconds"));
        let reader = store.reader().unwrap();
        assert_eq!(load(&reader, Settings::defaults("/defaults")), changed);
        assert!(!load_manual_mode(&reader));
        handle.save_manual_mode(true).await.unwrap();
        assert!(load_manual_mode(&reader));

        cancel.cancel();
        tracker.close();
        tracker.wait().await;
        store.close().unwrap();
    }

    #[test]
    fn only_a_change_of_mpv_restarts_the_review_screen() {
        let settings = Settings::defaults("/rec");
        let mut lead = settings.replay.clone();
        lead.lead_seconds = 3.0;
        lead.exact_start = true;
        assert!(!settings.replay.mpv_differs(&lead));
        let mut screen = settings.replay.clone();
        screen.screen = Some(2);
        assert!(settings.replay.mpv_differs(&screen));
    }
}
