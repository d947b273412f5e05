//! [`PlayerConfig`]: which mpv to run, on which screen, and how long to wait for it.
//!
//! The command line mpv gets is decided here ([`PlayerConfig::mpv_args`]), so it can be read
//! and tested in one place. Reading the config file is the binary's job.

use std::path::PathBuf;
use std::time::Duration;

use crate::transport;

/// How to run mpv.
///
/// The window is always there (`--force-window=yes`): black while idle, so the review screen
/// never shows the desktop, and it does not have to be created (slowly) when a challenge comes.
/// `--keep-open=yes` holds the last frame at the end of a clip instead of going idle, because
/// the jury looks at the end of the action; `close` sends `stop`, which goes back to the black
/// idle window. Exact seeks (`--hr-seek=yes`) make frame steps and ±N s land where asked.
///
/// Each challenge opens a new file, and mpv's work per file is what the jury waits for after
/// OBS's save, so mpv does no more per file than a review screen needs (see `LEAN_LOAD_ARGS`).
#[derive(Debug, Clone)]
pub struct PlayerConfig {
    /// The mpv program; a bare name is looked up on PATH.
    pub mpv_path: PathBuf,
    /// Appended after the player's own arguments, so they can override them (tests pass
    /// `--vo=null --ao=null`).
    pub extra_args: Vec<String>,
    /// The screen (monitor index, from 0) for the window and for fullscreen.
    pub screen: Option<u32>,
    /// Start fullscreen.
    pub fullscreen: bool,
    /// Keep the window above others.
    pub on_top: bool,
    /// Hardware decoding mode (`auto-safe`, `d3d11va`, `vaapi`, `no`, ...); mpv's default if
    /// `None`.
    pub hwdec: Option<String>,
    /// mpv's `--input-ipc-server`: a Unix socket path, or `\\.\pipe\<name>` on Windows.
    pub ipc_path: PathBuf,
    /// From spawning mpv to a usable IPC connection.
    pub startup_timeout: Duration,
    /// Limit for each command's reply.
    pub request_timeout: Duration,
    /// From `loadfile` to the first frame (`playback-restart`).
    pub load_timeout: Duration,
    /// The first wait before restarting a dead mpv; it doubles on each failed start, up to
    /// `restart_backoff_max`.
    pub restart_backoff: Duration,
    /// The longest wait between two restarts.
    pub restart_backoff_max: Duration,
    /// Run mpv ahead of normal programs from each `loadfile` to its first frame (at most 1 s),
    /// so that OBS's encoding beside it does not delay the replay; see the `boost` module.
    /// When the system refuses, a warning says so when the player starts and loads run
    /// unboosted.
    pub boost_loads: bool,
}

impl Default for PlayerConfig {
    /// `mpv` from PATH, windowed on the default screen, an IPC path unique to this process,
    /// 5 s to start, 2 s per command, 5 s per load, restarts after 100 ms up to 5 s, loads
    /// boosted.
    fn default() -> Self {
        Self {
            mpv_path: PathBuf::from("mpv"),
            extra_args: Vec::new(),
            screen: None,
            fullscreen: false,
            on_top: false,
            hwdec: None,
            ipc_path: transport::default_ipc_path(),
            startup_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(2),
            load_timeout: Duration::from_secs(5),
            restart_backoff: Duration::from_millis(100),
            restart_backoff_max: Duration::from_secs(5),
            boost_loads: true,
        }
    }
}

/// mpv options that shorten every load and take nothing from a review screen (measured in
/// BENCHMARKS.md, "Lean mpv loads"); [`PlayerConfig::extra_args`] can
/// turn any of them back.
///
/// - `--ytdl=no`: clips are local files; mpv's youtube-dl script otherwise holds each load for
///   two round trips to its Lua thread (`on_load`, `on_preloaded`).
/// - `--osc=no`: the jury's screen shows the picture only (the controls are in the dock), and
///   the on-screen controller's Lua runs again at every load.
/// - `--sub-auto=no --cover-art-auto=no`: no scan of the clip's folder, which holds hundreds
///   of clips and recordings by the end of a tournament, for subtitles or cover art.
/// - `--vd-lavc-o=thread_type=slice`: FFmpeg's frame threads copy the whole decoder context
///   per thread (memory zeroed anew at every load) and hold the first picture back
///   until each thread has a frame; slice threads do neither. The REC profile we tell operators
///   to use (`tune=zerolatency`) writes a slice per encoder thread, so decoding stays parallel.
const LEAN_LOAD_ARGS: [&str; 5] = [
    "--ytdl=no",
    "--osc=no",
    "--sub-auto=no",
    "--cover-art-auto=no",
    "--vd-lavc-o=thread_type=slice",
];

impl PlayerConfig {
    /// The arguments mpv is started with.
    pub fn mpv_args(&self) -> Vec<String> {
        let mut args = vec![
            "--idle=yes".to_owned(),
            "--force-window=yes".to_owned(),
            "--keep-open=yes".to_owned(),
            "--hr-seek=yes".to_owned(),
            "--no-terminal".to_owned(),
            format!("--input-ipc-server={}", self.ipc_path.display()),
        ];
        args.extend(LEAN_LOAD_ARGS.iter().map(|arg| (*arg).to_owned()));
        if let Some(screen) = self.screen {
            args.push(format!("--screen={screen}"));
            args.push(format!("--fs-screen={screen}"));
        }
        if self.fullscreen {
            args.push("--fullscreen".to_owned());
        }
        if self.on_top {
            args.push("--ontop".to_owned());
        }
        if let Some(hwdec) = &self.hwdec {
            args.push(format!("--hwdec={hwdec}"));
        }
        args.extend(self.extra_args.iter().cloned());
        args
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_args_keep_a_warm_idle_window_the_ipc_server_and_lean_loads() {
        let config = PlayerConfig {
            ipc_path: PathBuf::from("/tmp/vta.sock"),
            ..PlayerConfig::default()
        };
        assert_eq!(
            config.mpv_args(),
            [
                "--idle=yes",
                "--force-window=yes",
                "--keep-open=yes",
                "--hr-seek=yes",
                "--no-terminal",
                "--input-ipc-server=/tmp/vta.sock",
                "--ytdl=no",
                "--osc=no",
                "--sub-auto=no",
                "--cover-art-auto=no",
                "--vd-lavc-o=thread_type=slice"
            ]
        );
    }

    #[test]
    fn screen_options_and_extra_args_come_after() {
        let config = PlayerConfig {
            ipc_path: PathBuf::from("/tmp/vta.sock"),
            screen: Some(1),
            fullscreen: true,
            on_top: true,
            hwdec: Some("auto-safe".into()),
            extra_args: vec!["--vo=null".into()],
            ..PlayerConfig::default()
        };
        let args = config.mpv_args();
        assert_eq!(
            args[6 + LEAN_LOAD_ARGS.len()..],
            [
                "--screen=1",
                "--fs-screen=1",
                "--fullscreen",
                "--ontop",
                "--hwdec=auto-safe",
                "--vo=null"
            ]
        );
    }
}
