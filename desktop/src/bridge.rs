//! The small bridge between the shell and the operator UI it shows, so both agree on the
//! dock's layout.
//!
//! The UI keeps its layout (collapsed, side, expanded width) in `localStorage["vta.dock"]` and
//! has buttons and a Settings field to change it. An initialization script, run before the UI's own code on every page load, seeds
//! that key once per window from the shell's remembered preferences and reports each later
//! change the UI writes as a `vta-dock-changed` event, so the window follows the UI's buttons.
//! In the other direction, when a shortcut collapses or expands the dock, the shell presses the
//! UI's own button (by its accessible label), falling back to writing the key. No second API:
//! the UI does not know it is in a shell.

use serde::Deserialize;

use crate::dock::{DockPrefs, Side};

/// The Tauri event the initialization script emits when the UI changes its layout.
pub const DOCK_CHANGED_EVENT: &str = "vta-dock-changed";

/// The layout the UI reported (the part of [`DockPrefs`] the UI owns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct DockChange {
    /// Collapsed to the square.
    pub collapsed: bool,
    /// Which edge.
    pub side: Side,
    /// The expanded width in logical pixels, when the UI sets one (its Settings).
    #[serde(default)]
    pub width: Option<u32>,
}

impl DockChange {
    /// Reads the event's JSON payload.
    pub fn parse(payload: &str) -> Option<Self> {
        serde_json::from_str(payload).ok()
    }

    /// The preferences with this change applied (the width stays the shell's when the UI
    /// sets none).
    pub fn apply_to(self, prefs: DockPrefs) -> DockPrefs {
        let prefs = DockPrefs {
            collapsed: self.collapsed,
            side: self.side,
            ..prefs
        };
        match self.width {
            Some(width) => prefs.with_width(width),
            None => prefs,
        }
    }
}

/// The script run before the UI's code on every page load of the dock window.
pub fn initialization_script(prefs: &DockPrefs) -> String {
    INIT_SCRIPT
        .replace("__INITIAL__", &ui_layout_json(prefs))
        .replace("__EVENT__", DOCK_CHANGED_EVENT)
}

/// A script that brings the UI to the shell's layout. It looks at what the UI shows, not at
/// what it stored (React writes the store a moment after a click): it presses the UI's collapse
/// or expand button when that one is shown, does nothing when the other one is (the UI is there
/// already), and writes the layout for the next time the dock mounts when neither is (another
/// screen is open).
pub fn sync_script(prefs: &DockPrefs) -> String {
    SYNC_SCRIPT
        .replace("__WANTED__", &ui_layout_json(prefs))
        .replace(
            "__BUTTON__",
            if prefs.collapsed {
                "Collapse the dock"
            } else {
                "Expand the dock"
            },
        )
}

fn ui_layout_json(prefs: &DockPrefs) -> String {
    serde_json::json!({"collapsed": prefs.collapsed, "side": prefs.side, "width": prefs.width})
        .to_string()
}

const INIT_SCRIPT: &str = r#"(function () {
  if (window.__vtaDockBridge) return;
  window.__vtaDockBridge = true;
  var KEY = "vta.dock";
  try {
    if (!window.sessionStorage.getItem("vta.shell.seeded")) {
      window.localStorage.setItem(KEY, JSON.stringify(__INITIAL__));
      window.sessionStorage.setItem("vta.shell.seeded", "1");
    }
  } catch (e) {}
  var setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    setItem.call(this, key, value);
    if (key !== KEY || this !== window.localStorage) return;
    try {
      var layout = JSON.parse(value);
      window.__TAURI_INTERNALS__.invoke("plugin:event|emit", {
        event: "__EVENT__",
        payload: {
          collapsed: layout.collapsed === true,
          side: layout.side === "right" ? "right" : "left",
          width: typeof layout.width === "number" && layout.width > 0 ? Math.round(layout.width) : null
        }
      });
    } catch (e) {}
  };
})();"#;

const SYNC_SCRIPT: &str = r#"(function () {
  var wanted = __WANTED__;
  if (document.querySelector('[aria-label="__BUTTON__"]')) {
    document.querySelector('[aria-label="__BUTTON__"]').click();
  } else if (!document.querySelector('[aria-label="Collapse the dock"], [aria-label="Expand the dock"]')) {
    window.localStorage.setItem("vta.dock", JSON.stringify(wanted));
  }
})();"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_payload_is_read_and_keeps_the_width_unless_it_sets_one() {
        let change = DockChange::parse(r#"{"collapsed": false, "side": "left", "width": 480}"#)
            .unwrap()
            .apply_to(DockPrefs::default());
        assert_eq!(change.width, 480);
        let narrow = DockChange::parse(r#"{"collapsed": false, "side": "left", "width": 20}"#)
            .unwrap()
            .apply_to(DockPrefs::default());
        assert_eq!(narrow.width, crate::dock::MIN_WIDTH);
        let change =
            DockChange::parse(r#"{"collapsed": true, "side": "right", "width": null}"#).unwrap();
        let prefs = change.apply_to(DockPrefs::default().with_width(420));
        assert_eq!(
            prefs,
            DockPrefs {
                side: Side::Right,
                collapsed: true,
                width: 420
            }
        );
        assert_eq!(DockChange::parse(r#"{"collapsed": 1}"#), None);
        assert_eq!(DockChange::parse("not json"), None);
    }

    #[test]
    fn scripts_carry_the_layout_and_the_ui_labels() {
        let collapsed = DockPrefs {
            collapsed: true,
            side: Side::Right,
            width: 350,
        };
        let init = initialization_script(&collapsed);
        assert!(
            init.contains(r#"JSON.stringify({"collapsed":true,"side":"right","width":350})"#),
            "{init}"
        );
        assert!(init.contains(r#"event: "vta-dock-changed""#), "{init}");
        assert!(
            !init.contains("__INITIAL__") && !init.contains("__EVENT__"),
            "{init}"
        );

        let sync = sync_script(&collapsed);
        assert!(
            sync.contains(r#"[aria-label="Collapse the dock"]"#),
            "{sync}"
        );
        let expanded = sync_script(&DockPrefs::default());
        assert!(
            expanded.contains(r#"[aria-label="Expand the dock"]"#),
            "{expanded}"
        );
        assert!(
            expanded.contains(r#"{"collapsed":false,"side":"left","width":350}"#),
            "{expanded}"
        );
    }
}
