//! The dock window itself: created on the backend's UI, placed at its screen edge, hidden while
//! a replay is on screen and shown again afterwards.
//!
//! Under a window manager the position and always-on-top flag can be lost while a window is
//! hidden, so every show places the window again and sets always-on-top again.

use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindow, WebviewWindowBuilder};
use tracing::{debug, warn};

use crate::bridge;
use crate::dock::{dock_rect, DockPrefs, Rect};
use crate::error::{Error, Result};

/// The window's label (Tauri's name for it; the capability file refers to it).
pub const DOCK_LABEL: &str = "dock";

/// Creates the dock window on `ui_url`, placed and shown.
pub fn create(app: &AppHandle, ui_url: &str, prefs: &DockPrefs) -> Result<WebviewWindow> {
    let url = ui_url
        .parse()
        .map_err(|err| Error::Usage(format!("backend UI URL {ui_url:?}: {err}")))?;
    let window = WebviewWindowBuilder::new(app, DOCK_LABEL, WebviewUrl::External(url))
        .title("reStrike VTA")
        .decorations(false)
        .always_on_top(true)
        .skip_taskbar(true)
        .visible(false)
        .initialization_script(bridge::initialization_script(prefs))
        .build()?;
    show(&window, prefs)?;
    Ok(window)
}

/// The dock window, once it exists.
pub fn dock(app: &AppHandle) -> Option<WebviewWindow> {
    app.get_webview_window(DOCK_LABEL)
}

/// Moves and sizes the window for `prefs` on the monitor it is on (else the primary one).
pub fn place(window: &WebviewWindow, prefs: &DockPrefs) -> Result<()> {
    let monitor = match window.current_monitor()? {
        Some(monitor) => Some(monitor),
        None => window.primary_monitor()?,
    };
    let Some(monitor) = monitor else {
        warn!("no monitor reported; the dock keeps its place");
        return Ok(());
    };
    let work_area = monitor.work_area();
    let area = Rect {
        x: work_area.position.x,
        y: work_area.position.y,
        width: work_area.size.width,
        height: work_area.size.height,
    };
    let rect = dock_rect(area, monitor.scale_factor(), prefs);
    debug!(?area, ?rect, ?prefs, "placing the dock");
    window.set_size(tauri::PhysicalSize::new(rect.width, rect.height))?;
    window.set_position(tauri::PhysicalPosition::new(rect.x, rect.y))?;
    Ok(())
}

/// Shows the window at its place, on top.
pub fn show(window: &WebviewWindow, prefs: &DockPrefs) -> Result<()> {
    place(window, prefs)?;
    window.show()?;
    // Again after mapping: a window manager may have moved it or dropped the flag.
    place(window, prefs)?;
    window.set_always_on_top(true)?;
    Ok(())
}

/// Hides the window (a replay is on screen).
pub fn step_aside(window: &WebviewWindow) -> Result<()> {
    window.hide()?;
    Ok(())
}
