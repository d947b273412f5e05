//! Where the dock window goes: the side and size the operator chose, kept in a small JSON
//! file, and the pure geometry that turns them into a rectangle on a monitor.
//!
//! The dock sits at the left or right edge of the monitor's work area at full height
//! (expanded, width from the preferences, 350 logical px by default) or as a 150×150 square at
//! the top of that edge (collapsed). Nothing here talks to a window; `window.rs` applies it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Side length of the collapsed dock, in logical pixels.
pub const COLLAPSED_SIZE: u32 = 150;
/// Width of the expanded dock when nothing else is configured, in logical pixels (the UI's).
pub const DEFAULT_WIDTH: u32 = 350;
/// The narrowest expanded dock accepted, so a typo cannot make it vanish.
pub const MIN_WIDTH: u32 = COLLAPSED_SIZE;

/// Which screen edge the dock sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The left edge.
    Left,
    /// The right edge.
    Right,
}

/// The dock's remembered layout: side, collapsed or not, and the expanded width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DockPrefs {
    /// Which edge.
    pub side: Side,
    /// Collapsed to the 150×150 square.
    pub collapsed: bool,
    /// Width of the expanded dock in logical pixels.
    pub width: u32,
}

impl Default for DockPrefs {
    fn default() -> Self {
        Self {
            side: Side::Left,
            collapsed: false,
            width: DEFAULT_WIDTH,
        }
    }
}

impl DockPrefs {
    /// Reads the preferences from `path`; a missing file gives the defaults.
    pub fn load(path: &Path) -> Result<Self> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(err) => return Err(settings_error(path, err.to_string())),
        };
        let prefs: Self =
            serde_json::from_str(&text).map_err(|err| settings_error(path, err.to_string()))?;
        Ok(prefs.with_width(prefs.width))
    }

    /// Writes the preferences to `path`, creating its folder.
    pub fn save(&self, path: &Path) -> Result<()> {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)
                .map_err(|err| settings_error(path, format!("cannot create its folder: {err}")))?;
        }
        let text = serde_json::to_string_pretty(self)
            .map_err(|err| settings_error(path, err.to_string()))?;
        std::fs::write(path, text + "\n").map_err(|err| settings_error(path, err.to_string()))
    }

    /// The same preferences with the expanded width set, kept at least [`MIN_WIDTH`].
    pub fn with_width(self, width: u32) -> Self {
        Self {
            width: width.max(MIN_WIDTH),
            ..self
        }
    }
}

/// A rectangle in physical pixels (the unit monitors and windows are placed in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// Where the dock goes inside `area` (a monitor's work area) at `scale` physical pixels per
/// logical pixel.
pub fn dock_rect(area: Rect, scale: f64, prefs: &DockPrefs) -> Rect {
    let to_physical = |logical: u32| (f64::from(logical) * scale).round() as u32;
    let (width, height) = if prefs.collapsed {
        let side = to_physical(COLLAPSED_SIZE);
        (side, side)
    } else {
        (to_physical(prefs.width), area.height)
    };
    let width = width.min(area.width);
    let height = height.min(area.height);
    let x = match prefs.side {
        Side::Left => area.x,
        Side::Right => area.x + (area.width - width) as i32,
    };
    Rect {
        x,
        y: area.y,
        width,
        height,
    }
}

/// The preferences file inside the shell's configuration folder.
pub fn prefs_path(config_dir: &Path) -> PathBuf {
    config_dir.join("dock.json")
}

fn settings_error(path: &Path, reason: String) -> Error {
    Error::Settings {
        path: path.to_path_buf(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCREEN: Rect = Rect {
        x: 0,
        y: 0,
        width: 1920,
        height: 1080,
    };

    #[test]
    fn expanded_dock_fills_the_height_of_its_edge() {
        let left = DockPrefs::default();
        assert_eq!(
            dock_rect(SCREEN, 1.0, &left),
            Rect {
                x: 0,
                y: 0,
                width: 350,
                height: 1080
            }
        );
        let right = DockPrefs {
            side: Side::Right,
            ..left
        };
        assert_eq!(
            dock_rect(SCREEN, 1.0, &right),
            Rect {
                x: 1570,
                y: 0,
                width: 350,
                height: 1080
            }
        );
    }

    #[test]
    fn collapsed_dock_is_a_square_at_the_top_of_its_edge() {
        let prefs = DockPrefs {
            side: Side::Right,
            collapsed: true,
            width: 400,
        };
        assert_eq!(
            dock_rect(SCREEN, 1.0, &prefs),
            Rect {
                x: 1770,
                y: 0,
                width: 150,
                height: 150
            }
        );
    }

    #[test]
    fn scale_and_work_area_offset_are_honoured() {
        // A second monitor to the right, at 150 %, with a taskbar of 40 px at the top.
        let area = Rect {
            x: 1920,
            y: 40,
            width: 2560,
            height: 1400,
        };
        let prefs = DockPrefs::default();
        assert_eq!(
            dock_rect(area, 1.5, &prefs),
            Rect {
                x: 1920,
                y: 40,
                width: 525,
                height: 1400
            }
        );
        let collapsed_right = DockPrefs {
            side: Side::Right,
            collapsed: true,
            ..prefs
        };
        assert_eq!(
            dock_rect(area, 1.5, &collapsed_right),
            Rect {
                x: 1920 + 2560 - 225,
                y: 40,
                width: 225,
                height: 225
            }
        );
    }

    #[test]
    fn a_dock_wider_than_the_screen_is_cut_to_it() {
        let small = Rect {
            x: 0,
            y: 0,
            width: 300,
            height: 100,
        };
        let rect = dock_rect(small, 1.0, &DockPrefs::default().with_width(5000));
        assert_eq!(
            rect,
            Rect {
                x: 0,
                y: 0,
                width: 300,
                height: 100
            }
        );
    }

    #[test]
    fn preferences_round_trip_and_default_when_missing() {
        let folder = tempfile::tempdir().unwrap();
        let path = prefs_path(&folder.path().join("nested"));
        assert_eq!(DockPrefs::load(&path).unwrap(), DockPrefs::default());
        let prefs = DockPrefs {
            side: Side::Right,
            collapsed: true,
            width: 420,
        };
        prefs.save(&path).unwrap();
        assert_eq!(DockPrefs::load(&path).unwrap(), prefs);
    }

    #[test]
    fn partial_file_keeps_defaults_and_narrow_width_is_raised() {
        let folder = tempfile::tempdir().unwrap();
        let path = prefs_path(folder.path());
        std::fs::write(&path, r#"{"side": "right", "width": 10}"#).unwrap();
        let prefs = DockPrefs::load(&path).unwrap();
        assert_eq!(prefs.side, Side::Right);
        assert!(!prefs.collapsed);
        assert_eq!(prefs.width, MIN_WIDTH);
    }

    #[test]
    fn broken_file_is_an_error_naming_the_file() {
        let folder = tempfile::tempdir().unwrap();
        let path = prefs_path(folder.path());
        std::fs::write(&path, r#"{"side": "top"}"#).unwrap();
        let message = DockPrefs::load(&path).unwrap_err().to_string();
        assert!(message.contains("dock.json"), "{message}");
        assert!(message.contains("top"), "{message}");
    }
}
