//! Test fixture: one real OBS Studio per test binary, started headless under Xvfb by
//! `scripts/obs-headless`, shared by the binary's tests one at a time.
//!
//! Real-OBS tests run when `VTA_TEST_OBS=1` or `CI=true`; then a missing OBS fails the test.
//! Elsewhere [`SharedObs::get`] says why it skips and returns `None`. The crate knows nothing
//! of obs-websocket: tests build their clients from [`HeadlessObs::port`] and
//! [`HeadlessObs::password`].
//!
//! ```no_run
//! # async fn demo() {
//! static OBS: obs_headless::SharedObs = obs_headless::SharedObs::new();
//! let base = std::path::Path::new("/tmp");
//! if let Some((_guard, obs)) = OBS
//!     .get(|| obs_headless::HeadlessObs::start(base, "example", "password", false))
//!     .await
//! {
//!     println!("OBS listens on {}", obs.port);
//! }
//! # }
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use tokio::sync::{Mutex, MutexGuard};

/// One running headless OBS.
#[derive(Debug)]
pub struct HeadlessObs {
    /// HOME of the OBS process: its configuration, logs, pid files and test video.
    pub dir: PathBuf,
    /// obs-websocket port.
    pub port: u16,
    /// obs-websocket password.
    pub password: String,
    /// The profile's recording folder, when the test chose one.
    pub record_dir: Option<PathBuf>,
}

impl HeadlessObs {
    /// Starts an OBS in `<base>/<name>-obs-headless-<pid>` (removing folders of earlier runs
    /// whose process is gone) on a free port; with `record_dir`, its recordings go to
    /// `<dir>/recordings`. Returns when the port listens.
    pub fn start(
        base: &Path,
        name: &str,
        password: &str,
        record_dir: bool,
    ) -> anyhow::Result<Self> {
        let prefix = format!("{name}-obs-headless-");
        remove_stale_dirs(base, &prefix);
        let dir = base.join(format!("{prefix}{}", std::process::id()));
        let obs = HeadlessObs {
            record_dir: record_dir.then(|| dir.join("recordings")),
            dir,
            port: free_port(),
            password: password.to_owned(),
        };
        obs.launch()?;
        Ok(obs)
    }

    /// Runs `obs-headless start` (again, after a kill); returns how long it took the port to
    /// listen. The script's watchdog stops OBS when this test process ends.
    pub fn launch(&self) -> anyhow::Result<Duration> {
        let began = Instant::now();
        let mut command = Command::new(script());
        command
            .arg("start")
            .args(["--dir", &self.dir.to_string_lossy()])
            .args(["--port", &self.port.to_string()])
            .args(["--password", &self.password])
            .args(["--watch-pid", &std::process::id().to_string()]);
        if let Some(record_dir) = &self.record_dir {
            command.args(["--record-dir", &record_dir.to_string_lossy()]);
        }
        let output = command.output().context("run scripts/obs-headless")?;
        if !output.status.success() {
            bail!(
                "obs-headless start failed: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        eprintln!("{}", String::from_utf8_lossy(&output.stdout).trim());
        Ok(began.elapsed())
    }

    /// Sends `signal` (e.g. `KILL`, `STOP`, `CONT`) to the OBS process only; after a SIGKILL,
    /// xvfb-run takes Xvfb down itself.
    pub fn signal(&self, signal: &str) -> anyhow::Result<()> {
        let pid_file = self.dir.join("obs.pid");
        let pid = std::fs::read_to_string(&pid_file)
            .with_context(|| format!("read {}", pid_file.display()))?;
        let status = Command::new("kill")
            .args([&format!("-{signal}"), pid.trim()])
            .status()
            .context("run kill")?;
        if !status.success() {
            bail!("kill -{signal} {} failed", pid.trim());
        }
        Ok(())
    }
}

/// The OBS of one test binary, started on first use; real-OBS tests hold its guard so they
/// never overlap.
#[derive(Debug)]
pub struct SharedObs {
    obs: OnceLock<HeadlessObs>,
    turn: Mutex<()>,
}

impl SharedObs {
    /// An OBS not started yet; for a `static`.
    pub const fn new() -> SharedObs {
        SharedObs {
            obs: OnceLock::new(),
            turn: Mutex::const_new(()),
        }
    }

    /// The shared OBS (started by `start` the first time) and the guard of this test's turn,
    /// or `None` after saying why when real-OBS tests are not asked for. Panics when they are
    /// asked for and OBS cannot start.
    pub async fn get(
        &'static self,
        start: impl FnOnce() -> anyhow::Result<HeadlessObs>,
    ) -> Option<(MutexGuard<'static, ()>, &'static HeadlessObs)> {
        if !wanted() {
            eprintln!("skipped: real OBS tests run only with VTA_TEST_OBS=1 or CI=true");
            return None;
        }
        let guard = self.turn.lock().await;
        let obs = self
            .obs
            .get_or_init(|| start().expect("start headless OBS"));
        Some((guard, obs))
    }
}

impl Default for SharedObs {
    fn default() -> Self {
        SharedObs::new()
    }
}

/// Whether real-OBS tests are asked for: `VTA_TEST_OBS=1` or `CI=true`.
pub fn wanted() -> bool {
    std::env::var("VTA_TEST_OBS").is_ok_and(|value| value == "1")
        || std::env::var("CI").is_ok_and(|value| value == "true")
}

/// A TCP port nothing listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("bind 127.0.0.1:0")
        .port()
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/obs-headless")
}

/// Removes folders of earlier test runs whose process is gone, stopping their OBS first. The
/// script's watchdog has usually stopped it already, but it polls every 0.5 s: a run of the
/// same test binary started within that time would otherwise remove the PID files the
/// watchdog was about to read, and that OBS would run on with nobody to stop it.
fn remove_stale_dirs(base: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix(prefix) else {
            continue;
        };
        if !Path::new("/proc").join(pid).exists() {
            let stopped = Command::new(script())
                .arg("stop")
                .args(["--dir", &entry.path().to_string_lossy()])
                .output();
            if let Err(err) = stopped {
                eprintln!("obs-headless stop --dir {}: {err}", entry.path().display());
            }
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
