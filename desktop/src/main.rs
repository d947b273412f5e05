//! `vta-desktop`: the reStrike VTA operator UI in a docked, always-on-top window with global
//! shortcuts, a tray icon, and a window that steps aside while a replay is on screen.
//!
//! It starts the VTA backend as a sidecar (`vta run`, or `vta demo --keep-running` with
//! `--demo`), waits for `/api/health`, and shows the backend's own UI; it has no API and no
//! match logic of its own.
//!
//! Layout, in reading order: `cli` (arguments), `sidecar` (the backend process), `backend`
//! (HTTP to it), `dock` (preferences and geometry), `shortcuts` (the key map), `feed` (the
//! WebSocket event feed), `bridge` (layout sync with the UI), `window`, `tray`, and `shell`
//! (what happens on each trigger).

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod backend;
mod bridge;
mod cli;
mod dock;
mod error;
mod feed;
mod shell;
mod shortcuts;
mod sidecar;
mod tray;
mod window;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use tauri::{App, AppHandle, Listener, Manager, RunEvent};
use tauri_plugin_global_shortcut::{Shortcut, ShortcutEvent, ShortcutState};
use tracing::{error, info, warn};

use crate::backend::Client;
use crate::bridge::{DockChange, DOCK_CHANGED_EVENT};
use crate::cli::{Args, BackendChoice, Options};
use crate::dock::{prefs_path, DockPrefs};
use crate::error::{Error, Result};
use crate::feed::FeedChange;
use crate::shell::Shell;
use crate::shortcuts::ShortcutMap;
use crate::sidecar::{Sidecar, SidecarSpec};

fn main() -> ExitCode {
    let options = match Args::parse().into_options() {
        Ok(options) => options,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    init_logging(&options.log);
    match run(options) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(err) => {
            error!(%err, "the desktop shell cannot start");
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Builds the app, runs its event loop, and returns its exit code. The backend sidecar is
/// stopped on every way out of the loop.
fn run(options: Options) -> Result<i32> {
    let started = Instant::now();
    let app = tauri::Builder::default()
        .plugin(
            tauri_plugin_global_shortcut::Builder::new()
                .with_handler(on_shortcut)
                .build(),
        )
        .setup(move |app| {
            setup(app, options, started)?;
            Ok(())
        })
        .on_window_event(|window, event| {
            // The dock has no close button; under a window manager Alt+F4 only hides it
            // (the tray's Show brings it back, Quit ends the program).
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                api.prevent_close();
                if let Err(err) = window.hide() {
                    warn!(%err, "cannot hide the dock window");
                }
            }
        })
        .build(tauri::generate_context!())?;
    Ok(app.run_return(|app, event| {
        if let RunEvent::Exit = event {
            if let Some(shell) = app.try_state::<Shell>() {
                shell.stop_backend();
            }
        }
    }))
}

/// Reads the settings, registers the shortcuts, creates the tray, starts the backend, and
/// leaves the rest (health, window, feed) to a background task.
fn setup(app: &mut App, options: Options, started: Instant) -> Result<()> {
    let config_dir = match options.config_dir.clone() {
        Some(folder) => folder,
        None => app.path().app_config_dir()?,
    };
    let prefs_file = prefs_path(&config_dir);
    let mut prefs = DockPrefs::load(&prefs_file)?;
    if let Some(side) = options.side {
        prefs.side = side;
    }
    if let Some(width) = options.width {
        prefs = prefs.with_width(width);
    }
    if options.collapsed {
        prefs.collapsed = true;
    }
    prefs.save(&prefs_file)?;
    // The defaults work from the first second; the backend's hotkeys replace them when its
    // event feed sends its settings.
    let shortcuts = ShortcutMap::with_defaults(&options.shortcuts)?;
    Shell::register(app.handle(), &shortcuts);
    if let Err(err) = tray::create(app) {
        // Linux without a tray host (a bare X server) still gets the dock and the shortcuts.
        warn!(%err, "no tray icon");
    }

    let (url, sidecar) = match options.backend {
        BackendChoice::Attach(url) => (url, None),
        BackendChoice::Sidecar {
            program,
            mode,
            listen,
            data_dir,
            extra_args,
        } => {
            let shell_exe = std::env::current_exe().map_err(|source| Error::Io {
                what: "cannot find the shell's own executable".into(),
                source,
            })?;
            let spec = SidecarSpec {
                program: sidecar::locate(program.as_deref(), &shell_exe)?,
                mode,
                listen: match listen {
                    Some(addr) => addr,
                    None => sidecar::free_loopback_addr()?,
                },
                data_dir,
                extra_args,
                launcher_token: Some(sidecar::new_launcher_token()?),
            };
            (spec.url(), Some(Sidecar::start(&spec)?))
        }
    };
    let client = Client::new(url);
    app.manage(Shell::new(
        client,
        shortcuts,
        options.shortcuts,
        prefs,
        prefs_file,
        sidecar,
    ));

    app.listen_any(DOCK_CHANGED_EVENT, {
        let app = app.handle().clone();
        move |event| match DockChange::parse(event.payload()) {
            Some(change) => app.state::<Shell>().on_ui_layout(&app, change),
            None => warn!(
                payload = event.payload(),
                "the UI sent a layout the shell cannot read"
            ),
        }
    });
    tauri::async_runtime::spawn(stop_on_signal(app.handle().clone()));
    tauri::async_runtime::spawn(open_when_healthy(
        app.handle().clone(),
        options.health_timeout,
        started,
    ));
    Ok(())
}

/// Waits for the backend, opens the dock on its UI, follows its event feed, and exits the
/// shell if the sidecar dies.
async fn open_when_healthy(app: AppHandle, timeout: std::time::Duration, started: Instant) {
    let waiting = app.clone();
    let health = tauri::async_runtime::spawn_blocking(move || {
        let shell = waiting.state::<Shell>();
        let requested = shell.client().url().clone();
        backend::wait_healthy(timeout, || {
            shell.check_backend()?;
            Ok(shell.announced_url().unwrap_or_else(|| requested.clone()))
        })
    })
    .await;
    let url = match health.map_err(Error::from).and_then(|outcome| outcome) {
        Ok((url, _)) => url,
        Err(err) => {
            error!(%err, "the backend is not available; the shell exits");
            app.exit(1);
            return;
        }
    };
    let shell = app.state::<Shell>();
    shell.use_backend(url.clone());
    info!(
        ui = %url.base(),
        after_ms = started.elapsed().as_millis() as u64,
        "backend healthy"
    );
    if let Err(err) = window::create(&app, &url.ui(), &shell.prefs()) {
        error!(%err, "cannot open the dock window; the shell exits");
        app.exit(1);
        return;
    }
    info!(
        after_ms = started.elapsed().as_millis() as u64,
        "dock window shown"
    );

    let feed_app = app.clone();
    let token = url.token().map(str::to_owned);
    tauri::async_runtime::spawn(feed::follow(url.feed(), token, move |change| {
        let shell = feed_app.state::<Shell>();
        match change {
            FeedChange::ReplayShowing(showing) => shell.on_replay_showing(&feed_app, showing),
            FeedChange::Hotkeys(hotkeys) => shell.on_hotkeys(&feed_app, &hotkeys),
        }
    }));
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        if let Err(err) = app.state::<Shell>().check_backend() {
            error!(%err, "the backend sidecar ended; the shell exits");
            app.exit(1);
            return;
        }
    }
}

/// The global shortcut plugin's handler: runs the bound action on key press.
fn on_shortcut(app: &AppHandle, shortcut: &Shortcut, event: ShortcutEvent) {
    if event.state() != ShortcutState::Pressed {
        return;
    }
    let Some(shell) = app.try_state::<Shell>() else {
        return;
    };
    match shell.action_for(shortcut) {
        Some(action) => shell.on_action(app, action),
        None => warn!(shortcut = %shortcut.into_string(), "a shortcut fired that has no action"),
    }
}

/// Ctrl-C or SIGTERM ends the shell the same way the tray's Quit does.
async fn stop_on_signal(app: AppHandle) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = terminate.recv() => info!("SIGTERM: the shell exits"),
                    _ = tokio::signal::ctrl_c() => info!("Ctrl-C: the shell exits"),
                }
            }
            Err(err) => {
                warn!(%err, "cannot listen for SIGTERM");
                if let Err(err) = tokio::signal::ctrl_c().await {
                    warn!(%err, "cannot listen for Ctrl-C");
                    return;
                }
            }
        }
    }
    #[cfg(not(unix))]
    {
        if let Err(err) = tokio::signal::ctrl_c().await {
            warn!(%err, "cannot listen for Ctrl-C");
            return;
        }
        info!("Ctrl-C: the shell exits");
    }
    app.exit(0);
}

fn init_logging(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        // A closed standard error must not end the shell (tracing would report the failed
        // write with `eprintln!`, which panics on a closed pipe).
        .log_internal_errors(false)
        .with_writer(std::io::stderr)
        .init();
}

#[cfg(test)]
mod tidy {
    /// Every source file opens with a `//!` header saying what it is for (style.md).
    #[test]
    fn every_source_file_has_a_module_header() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut checked = 0;
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(
                    text.starts_with("//! "),
                    "{} has no //! header",
                    path.display()
                );
                checked += 1;
            }
        }
        assert!(
            checked >= 10,
            "only {checked} files found in {}",
            folder.display()
        );
    }
}
