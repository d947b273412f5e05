//! The shell's shared state and what it does when something happens: a shortcut is pressed,
//! the UI changes its layout, a replay starts or ends, the operator quits.
//!
//! Every decision about the match stays in the backend; the shell only moves its window and
//! forwards the operator's commands to the backend's HTTP API.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use tauri::AppHandle;
use tauri_plugin_global_shortcut::{GlobalShortcutExt, Shortcut};
use tracing::{error, info, warn};

use crate::backend::{BackendUrl, Client, Outcome};
use crate::bridge::{self, DockChange};
use crate::dock::DockPrefs;
use crate::shortcuts::{Action, ShortcutMap, ShortcutOverride};
use crate::sidecar::Sidecar;
use crate::window;

/// How long the backend gets to stop after SIGTERM before it is killed.
pub const BACKEND_STOP_GRACE: Duration = Duration::from_secs(10);

/// The state behind the app handle (`app.state::<Shell>()`).
#[derive(Debug)]
pub struct Shell {
    /// The registered shortcut map.
    shortcuts: Mutex<ShortcutMap>,
    /// The `--shortcut` flags, which win over the backend's hotkeys for this run.
    overrides: Vec<ShortcutOverride>,
    client: Mutex<Client>,
    prefs: Mutex<DockPrefs>,
    prefs_path: PathBuf,
    sidecar: Mutex<Option<Sidecar>>,
}

impl Shell {
    /// The shell's state; `sidecar` is `None` when attached to a running backend. `shortcuts`
    /// must be registered already ([`Shell::register`]).
    pub fn new(
        client: Client,
        shortcuts: ShortcutMap,
        overrides: Vec<ShortcutOverride>,
        prefs: DockPrefs,
        prefs_path: PathBuf,
        sidecar: Option<Sidecar>,
    ) -> Self {
        Self {
            client: Mutex::new(client),
            shortcuts: Mutex::new(shortcuts),
            overrides,
            prefs: Mutex::new(prefs),
            prefs_path,
            sidecar: Mutex::new(sidecar),
        }
    }

    /// The HTTP client for the backend.
    pub fn client(&self) -> Client {
        lock(&self.client).clone()
    }

    /// Talks to the backend at `url` from now on (the one that answered `/api/health`).
    pub fn use_backend(&self, url: BackendUrl) {
        *lock(&self.client) = Client::new(url);
    }

    /// The URL the sidecar announced, if it has (never for an attached backend).
    pub fn announced_url(&self) -> Option<BackendUrl> {
        lock(&self.sidecar)
            .as_ref()
            .and_then(Sidecar::announced_url)
    }

    /// The current dock preferences.
    pub fn prefs(&self) -> DockPrefs {
        *lock(&self.prefs)
    }

    /// `Err` once the sidecar has exited (never for an attached backend).
    pub fn check_backend(&self) -> crate::error::Result<()> {
        match lock(&self.sidecar).as_mut() {
            Some(sidecar) => sidecar.check_running(),
            None => Ok(()),
        }
    }

    /// Stops the sidecar, if there is one and it still runs.
    pub fn stop_backend(&self) {
        let Some(sidecar) = lock(&self.sidecar).take() else {
            return;
        };
        let pid = sidecar.id();
        match sidecar.stop(BACKEND_STOP_GRACE) {
            Ok(status) => info!(pid, %status, "backend sidecar ended"),
            Err(err) => error!(pid, %err, "cannot stop the backend sidecar"),
        }
    }

    /// Registers every shortcut of `map` with the operating system. One that another program
    /// holds is logged and skipped: the others still work.
    pub fn register(app: &AppHandle, map: &ShortcutMap) {
        for (action, keys, shortcut) in map.bindings() {
            match app.global_shortcut().register(shortcut) {
                Ok(()) => info!(%action, keys, "global shortcut registered"),
                Err(err) => warn!(%action, keys, %err, "global shortcut not available"),
            }
        }
    }

    /// The action bound to a shortcut the operating system reported.
    pub fn action_for(&self, pressed: &Shortcut) -> Option<Action> {
        lock(&self.shortcuts).action_for(pressed)
    }

    /// The backend sent its hotkey map (at connect and after the operator changed it in
    /// Settings): registers the new combinations in place of the old ones. A map the shell
    /// cannot use is logged and the old one stays.
    pub fn on_hotkeys(&self, app: &AppHandle, hotkeys: &BTreeMap<String, String>) {
        let wanted = match ShortcutMap::resolve(hotkeys, &self.overrides) {
            Ok(map) => map,
            Err(err) => {
                warn!(%err, "the backend's hotkeys cannot be used; the shortcuts stay as they are");
                return;
            }
        };
        let mut current = lock(&self.shortcuts);
        if *current == wanted {
            return;
        }
        for (action, keys, shortcut) in current.bindings() {
            if let Err(err) = app.global_shortcut().unregister(shortcut) {
                warn!(%action, keys, %err, "cannot release a global shortcut");
            }
        }
        Self::register(app, &wanted);
        info!("global shortcuts follow the backend's settings");
        *current = wanted;
    }

    /// Runs the action of a pressed shortcut.
    pub fn on_action(&self, app: &AppHandle, action: Action) {
        info!(%action, "shortcut pressed");
        match action {
            Action::ToggleDock => self.toggle_dock(app),
            Action::Replay => self.forward(action, "/api/replay/start", serde_json::json!({})),
            Action::CloseReplay => self.forward(action, "/api/replay/close", serde_json::json!({})),
            Action::MarkEvent => self.forward(
                action,
                "/api/mark",
                serde_json::json!({"note": "hotkey mark"}),
            ),
        }
    }

    /// The UI changed its layout (its own collapse or side button): the window follows.
    pub fn on_ui_layout(&self, app: &AppHandle, change: DockChange) {
        info!(collapsed = change.collapsed, side = ?change.side, "the UI reports its layout");
        let (before, after) = self.update_prefs(|prefs| change.apply_to(prefs));
        if before != after {
            self.place_window(app, &after);
        }
    }

    /// A replay started (`true`) or ended: the window steps aside or comes back.
    pub fn on_replay_showing(&self, app: &AppHandle, showing: bool) {
        let Some(dock) = window::dock(app) else {
            return;
        };
        let result = if showing {
            info!("a replay is on screen: the dock steps aside");
            window::step_aside(&dock)
        } else {
            info!("the replay is over: the dock is back");
            window::show(&dock, &self.prefs())
        };
        if let Err(err) = result {
            warn!(%err, "cannot move the dock window");
        }
    }

    /// The tray's Show: the window comes back even during a replay (the operator asked).
    pub fn show_window(&self, app: &AppHandle) {
        if let Some(dock) = window::dock(app) {
            let shown = window::show(&dock, &self.prefs()).and_then(|()| {
                dock.set_focus()?;
                Ok(())
            });
            if let Err(err) = shown {
                warn!(%err, "cannot show the dock window");
            }
        }
    }

    fn toggle_dock(&self, app: &AppHandle) {
        let (_, after) = self.update_prefs(|prefs| DockPrefs {
            collapsed: !prefs.collapsed,
            ..prefs
        });
        info!(collapsed = after.collapsed, "dock toggled by shortcut");
        self.place_window(app, &after);
        if let Some(dock) = window::dock(app) {
            if let Err(err) = dock.eval(bridge::sync_script(&after)) {
                warn!(%err, "cannot tell the UI about the new layout");
            }
        }
    }

    fn place_window(&self, app: &AppHandle, prefs: &DockPrefs) {
        if let Some(dock) = window::dock(app) {
            if let Err(err) = window::place(&dock, prefs) {
                warn!(%err, "cannot place the dock window");
            }
        }
    }

    /// Applies `change`, saves the result when it differs, and returns (before, after).
    fn update_prefs(&self, change: impl FnOnce(DockPrefs) -> DockPrefs) -> (DockPrefs, DockPrefs) {
        let mut prefs = lock(&self.prefs);
        let before = *prefs;
        *prefs = change(before);
        if *prefs != before {
            if let Err(err) = prefs.save(&self.prefs_path) {
                warn!(%err, "cannot remember the dock layout");
            }
        }
        (before, *prefs)
    }

    /// POSTs to the backend off the UI thread and logs what it answered, honestly: a 404 means
    /// this backend has no such endpoint yet, and is never reported as success.
    fn forward(&self, action: Action, path: &'static str, body: serde_json::Value) {
        let client = self.client();
        tauri::async_runtime::spawn_blocking(move || match client.post(path, &body) {
            Ok(Outcome::Done) => info!(%action, path, "the backend took the command"),
            Ok(Outcome::NoEndpoint { message }) => warn!(
                %action,
                path,
                answer = %message,
                "the backend has no endpoint for this command (POST {path} answered 404)"
            ),
            Ok(Outcome::Refused { status, message }) => {
                warn!(%action, path, status, answer = %message, "the backend refused the command")
            }
            Err(err) => warn!(%action, %err, "the command did not reach the backend"),
        });
    }
}

/// Locks a mutex, taking the value even if a panicking thread poisoned it (the values here
/// are plain data that a panic cannot leave half-written).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
