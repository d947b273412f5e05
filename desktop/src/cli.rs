//! The shell's command line, read once into [`Options`].
//!
//! Which backend to show (a sidecar `vta run`, `vta demo` with `--demo`, or an already running
//! one with `--attach`), where the dock goes, and shortcut overrides. Everything after `--` is
//! passed to the sidecar unchanged (for example `-- --speed 8` for the demo).

use std::ffi::OsString;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

use crate::backend::BackendUrl;
use crate::dock::Side;
use crate::error::{Error, Result};
use crate::shortcuts::ShortcutOverride;
use crate::sidecar::BackendMode;

/// reStrike VTA desktop shell: the operator UI in a docked, always-on-top window with global
/// shortcuts.
#[derive(Debug, Parser)]
#[command(name = "vta-desktop", version)]
pub struct Args {
    /// The `vta` executable to start (default: `vta` beside this program).
    #[arg(long, env = "VTA_BIN", value_name = "PATH")]
    pub backend: Option<PathBuf>,
    /// Start `vta demo --keep-running` (the simulator plays a match) instead of `vta run`.
    #[arg(long, conflicts_with = "attach")]
    pub demo: bool,
    /// Show an already running backend (`http://HOST:PORT`) instead of starting one.
    #[arg(long, value_name = "URL")]
    pub attach: Option<String>,
    /// HTTP address for the started backend (default: a free loopback port).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    /// `--data-dir` for the started backend.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Dock on this edge (remembered).
    #[arg(long, value_enum)]
    pub side: Option<Side>,
    /// Width of the expanded dock in logical pixels (remembered).
    #[arg(long, value_name = "PX")]
    pub width: Option<u32>,
    /// Start collapsed (remembered).
    #[arg(long)]
    pub collapsed: bool,
    /// Change a shortcut for this run: `ACTION=KEYS`, e.g. `replay=Ctrl+Shift+F9`
    /// (actions: replay, toggle_dock, mark, close_replay). Repeatable.
    #[arg(long = "shortcut", value_name = "ACTION=KEYS")]
    pub shortcuts: Vec<String>,
    /// Folder for the dock layout file (default: the user's configuration folder).
    #[arg(long, value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    /// Seconds to wait for the backend's `/api/health`.
    #[arg(long, default_value_t = 30)]
    pub health_timeout: u64,
    /// Log filter (tracing `EnvFilter` syntax).
    #[arg(long, default_value = "info", env = "VTA_DESKTOP_LOG")]
    pub log: String,
    /// Arguments passed to the started backend after the shell's own.
    #[arg(last = true, value_name = "BACKEND ARGS")]
    pub backend_args: Vec<OsString>,
}

/// Which backend the dock shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendChoice {
    /// Start `vta` as a sidecar.
    Sidecar {
        /// The executable given (`--backend`/`VTA_BIN`); `None` means the one beside the shell.
        program: Option<PathBuf>,
        /// `run` or `demo`.
        mode: BackendMode,
        /// The HTTP address it is told to serve on; `None` means a free loopback port.
        listen: Option<SocketAddr>,
        /// `--data-dir` for it.
        data_dir: Option<PathBuf>,
        /// Arguments after `--`.
        extra_args: Vec<OsString>,
    },
    /// Show a backend someone else started.
    Attach(BackendUrl),
}

/// The checked command line.
#[derive(Debug, Clone)]
pub struct Options {
    /// Which backend.
    pub backend: BackendChoice,
    /// Edge override.
    pub side: Option<Side>,
    /// Width override.
    pub width: Option<u32>,
    /// Start collapsed.
    pub collapsed: bool,
    /// Shortcut overrides, checked.
    pub shortcuts: Vec<ShortcutOverride>,
    /// Settings folder override.
    pub config_dir: Option<PathBuf>,
    /// How long to wait for `/api/health`.
    pub health_timeout: std::time::Duration,
    /// Log filter.
    pub log: String,
}

impl Args {
    /// Checks the raw arguments once.
    pub fn into_options(self) -> Result<Options> {
        let backend = match self.attach {
            Some(url) => {
                // `--backend`/`VTA_BIN` is ignored: the environment may name one for every run.
                if self.listen.is_some() || self.data_dir.is_some() || !self.backend_args.is_empty()
                {
                    return Err(Error::Usage(
                        "--attach shows a running backend; --listen, --data-dir and backend \
                         arguments are for a started one"
                            .into(),
                    ));
                }
                BackendChoice::Attach(BackendUrl::parse(&url)?)
            }
            None => BackendChoice::Sidecar {
                program: self.backend,
                mode: if self.demo {
                    BackendMode::Demo
                } else {
                    BackendMode::Run
                },
                listen: self.listen,
                data_dir: self.data_dir,
                extra_args: self.backend_args,
            },
        };
        let shortcuts = self
            .shortcuts
            .iter()
            .map(|text| text.parse())
            .collect::<Result<Vec<ShortcutOverride>>>()?;
        Ok(Options {
            backend,
            side: self.side,
            width: self.width,
            collapsed: self.collapsed,
            shortcuts,
            config_dir: self.config_dir,
            health_timeout: std::time::Duration::from_secs(self.health_timeout),
            log: self.log,
        })
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::shortcuts::Action;

    fn options(args: &[&str]) -> Result<Options> {
        Args::try_parse_from(std::iter::once("vta-desktop").chain(args.iter().copied()))
            .map_err(|err| Error::Usage(err.to_string()))?
            .into_options()
    }

    #[test]
    fn cli_is_well_formed() {
        Args::command().debug_assert();
    }

    #[test]
    fn demo_with_backend_arguments() {
        let options = options(&[
            "--demo",
            "--backend",
            "/opt/vta",
            "--side",
            "right",
            "--shortcut",
            "replay=F9",
            "--",
            "--speed",
            "8",
        ])
        .unwrap();
        assert_eq!(
            options.backend,
            BackendChoice::Sidecar {
                program: Some("/opt/vta".into()),
                mode: BackendMode::Demo,
                listen: None,
                data_dir: None,
                extra_args: vec!["--speed".into(), "8".into()],
            }
        );
        assert_eq!(options.side, Some(Side::Right));
        assert_eq!(options.shortcuts[0].action, Action::Replay);
    }

    #[test]
    fn attach_refuses_sidecar_options() {
        let attached = options(&["--attach", "http://127.0.0.1:8080"]).unwrap();
        assert!(matches!(attached.backend, BackendChoice::Attach(_)));
        assert!(options(&[
            "--attach",
            "http://127.0.0.1:8080",
            "--listen",
            "127.0.0.1:1"
        ])
        .is_err());
        assert!(options(&["--attach", "http://127.0.0.1:8080", "--demo"]).is_err());
        assert!(options(&["--shortcut", "nothing"]).is_err());
    }
}
