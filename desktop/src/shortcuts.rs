//! The global shortcut map: which key combination triggers which dock action.
//!
//! Defaults suit a Stream Deck (Ctrl+Alt+R replay, Ctrl+Alt+Space collapse/expand, Ctrl+Alt+M
//! mark event, Ctrl+Alt+C close replay). The operator changes them in the UI's Settings: the
//! backend keeps them in its settings (`hotkeys`, the same map the UI's own keys follow) and
//! sends them on its event feed; `--shortcut ACTION=KEYS` flags win for one run. Registering
//! them with the operating system is `shell.rs`'s job; this module only decides the map.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use tauri_plugin_global_shortcut::Shortcut;
use tracing::warn;

use crate::error::{Error, Result};

/// What a shortcut does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// Start a replay of the last moments (the backend's replay endpoint).
    Replay,
    /// Collapse the dock to its square or expand it again.
    ToggleDock,
    /// Put an operator mark on the match timeline.
    MarkEvent,
    /// Close the replay and go back to the live scene.
    CloseReplay,
}

impl Action {
    /// Every action, in the order they are listed to the operator.
    pub const ALL: [Action; 4] = [
        Action::Replay,
        Action::ToggleDock,
        Action::MarkEvent,
        Action::CloseReplay,
    ];

    /// The key combination used when nothing else is configured.
    pub fn default_keys(self) -> &'static str {
        match self {
            Action::Replay => "Ctrl+Alt+R",
            Action::ToggleDock => "Ctrl+Alt+Space",
            Action::MarkEvent => "Ctrl+Alt+M",
            Action::CloseReplay => "Ctrl+Alt+C",
        }
    }

    /// The name in the backend's `hotkeys` settings and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Action::Replay => "replay",
            Action::ToggleDock => "toggle_dock",
            Action::MarkEvent => "mark",
            Action::CloseReplay => "close_replay",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Action {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        Action::ALL
            .into_iter()
            .find(|action| action.name() == text)
            .ok_or_else(|| {
                let names: Vec<_> = Action::ALL.iter().map(|action| action.name()).collect();
                Error::Usage(format!(
                    "unknown shortcut action {text:?} (one of: {})",
                    names.join(", ")
                ))
            })
    }
}

/// One `--shortcut ACTION=KEYS` flag as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortcutOverride {
    /// The action.
    pub action: Action,
    /// The key combination, e.g. `Ctrl+Shift+F9`.
    pub keys: String,
}

impl FromStr for ShortcutOverride {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        let (action, keys) = text
            .split_once('=')
            .ok_or_else(|| Error::Usage(format!("--shortcut {text:?} is not ACTION=KEYS")))?;
        Ok(Self {
            action: action.trim().parse()?,
            keys: keys.trim().to_string(),
        })
    }
}

/// The validated map from action to key combination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortcutMap {
    bindings: BTreeMap<Action, (String, Shortcut)>,
}

impl ShortcutMap {
    /// The defaults with the command-line overrides: the map until the backend sends its own.
    pub fn with_defaults(overrides: &[ShortcutOverride]) -> Result<Self> {
        Self::resolve(&BTreeMap::new(), overrides)
    }

    /// The backend's `hotkeys` (action name → keys) over the defaults, then the overrides.
    /// A name the shell has no action for is skipped with a warning (a newer backend may know
    /// more actions); a key combination it cannot read, or one used twice, is an error.
    pub fn resolve(
        hotkeys: &BTreeMap<String, String>,
        overrides: &[ShortcutOverride],
    ) -> Result<Self> {
        let mut keys: BTreeMap<Action, String> = Action::ALL
            .into_iter()
            .map(|action| (action, action.default_keys().to_string()))
            .collect();
        for (name, combination) in hotkeys {
            match name.parse::<Action>() {
                Ok(action) => {
                    keys.insert(action, combination.clone());
                }
                Err(_) => {
                    warn!(action = %name, keys = %combination, "the backend has a hotkey for an action the shell does not know; skipped")
                }
            }
        }
        for change in overrides {
            keys.insert(change.action, change.keys.clone());
        }
        Self::from_keys(keys)
    }

    /// The combinations as the operator wrote them, with the parsed shortcut.
    pub fn bindings(&self) -> impl Iterator<Item = (Action, &str, Shortcut)> {
        self.bindings
            .iter()
            .map(|(action, (keys, shortcut))| (*action, keys.as_str(), *shortcut))
    }

    /// The action bound to a shortcut the operating system reported.
    pub fn action_for(&self, pressed: &Shortcut) -> Option<Action> {
        self.bindings
            .iter()
            .find(|(_, (_, shortcut))| shortcut.id() == pressed.id())
            .map(|(action, _)| *action)
    }

    fn from_keys(keys: impl IntoIterator<Item = (Action, String)>) -> Result<Self> {
        let mut bindings: BTreeMap<Action, (String, Shortcut)> = BTreeMap::new();
        for (action, text) in keys {
            let shortcut = Shortcut::from_str(&text).map_err(|err| Error::Shortcut {
                action: action.to_string(),
                keys: text.clone(),
                reason: err.to_string(),
            })?;
            if let Some((other, _)) = bindings.iter().find(|(_, (_, s))| s.id() == shortcut.id()) {
                return Err(Error::Shortcut {
                    action: action.to_string(),
                    keys: text,
                    reason: format!("already used by {other}"),
                });
            }
            bindings.insert(action, (text, shortcut));
        }
        Ok(Self { bindings })
    }
}

#[cfg(test)]
mod tests {
    use tauri_plugin_global_shortcut::{Code, Modifiers};

    use super::*;

    fn defaults() -> ShortcutMap {
        let keys = Action::ALL.map(|action| (action, action.default_keys().to_string()));
        ShortcutMap::from_keys(keys).unwrap()
    }

    fn keys_of(map: &ShortcutMap) -> Vec<(Action, String)> {
        map.bindings()
            .map(|(action, keys, _)| (action, keys.to_string()))
            .collect()
    }

    #[test]
    fn defaults_are_the_stream_deck_combinations() {
        let map = defaults();
        let toggle = Shortcut::new(Some(Modifiers::CONTROL | Modifiers::ALT), Code::Space);
        assert_eq!(map.action_for(&toggle), Some(Action::ToggleDock));
        let replay = Shortcut::new(Some(Modifiers::CONTROL | Modifiers::ALT), Code::KeyR);
        assert_eq!(map.action_for(&replay), Some(Action::Replay));
        let plain_r = Shortcut::new(None, Code::KeyR);
        assert_eq!(map.action_for(&plain_r), None);
    }

    fn hotkeys(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(action, keys)| (action.to_string(), keys.to_string()))
            .collect()
    }

    #[test]
    fn backend_hotkeys_then_flags_override_the_defaults() {
        assert_eq!(ShortcutMap::with_defaults(&[]).unwrap(), defaults());
        let backend = hotkeys(&[
            ("replay", "Ctrl+Shift+F9"),
            ("mark", "F10"),
            ("rewind", "F1"),
        ]);
        let flag: ShortcutOverride = "mark = Alt+F11".parse().unwrap();
        let map = ShortcutMap::resolve(&backend, &[flag]).unwrap();
        assert_eq!(
            keys_of(&map),
            vec![
                (Action::Replay, "Ctrl+Shift+F9".to_string()),
                (Action::ToggleDock, "Ctrl+Alt+Space".to_string()),
                (Action::MarkEvent, "Alt+F11".to_string()),
                (Action::CloseReplay, "Ctrl+Alt+C".to_string()),
            ]
        );
        let f9 = Shortcut::new(Some(Modifiers::CONTROL | Modifiers::SHIFT), Code::F9);
        assert_eq!(map.action_for(&f9), Some(Action::Replay));
    }

    #[test]
    fn bad_keys_unknown_actions_and_clashes_are_refused_with_their_names() {
        let bad = hotkeys(&[("replay", "Ctrl+Alt+NoSuchKey")]);
        let message = ShortcutMap::resolve(&bad, &[]).unwrap_err().to_string();
        assert!(message.contains("replay=Ctrl+Alt+NoSuchKey"), "{message}");

        let clash = hotkeys(&[("close_replay", "Ctrl+Alt+R")]);
        let message = ShortcutMap::resolve(&clash, &[]).unwrap_err().to_string();
        assert!(message.contains("already used by replay"), "{message}");

        let message = "rewind=F1"
            .parse::<ShortcutOverride>()
            .unwrap_err()
            .to_string();
        assert!(message.contains("toggle_dock"), "{message}");
        assert!("replay".parse::<ShortcutOverride>().is_err());
    }
}
