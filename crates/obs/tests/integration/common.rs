//! Helpers shared by the integration tests: free ports, waiting for a connection status, and one
//! real headless OBS per test binary (started through `scripts/obs-headless`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use obs::{Connection, ConnectionConfig, ConnectionStatus};
use tokio::sync::{Mutex, MutexGuard};
use tokio_util::sync::CancellationToken;

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("bind 127.0.0.1:0")
        .port()
}

/// Makes a connection and runs its supervisor until `cancel` fires.
pub fn spawn_connection(config: ConnectionConfig, cancel: &CancellationToken) -> Connection {
    let connection = Connection::new(config);
    let supervisor = connection.clone();
    let cancel = cancel.child_token();
    tokio::spawn(async move { supervisor.run(cancel).await });
    connection
}

/// Waits until the status satisfies `done` and returns it.
pub async fn wait_for_status(
    connection: &Connection,
    timeout: Duration,
    done: impl FnMut(&ConnectionStatus) -> bool,
) -> anyhow::Result<ConnectionStatus> {
    let mut status = connection.status();
    let waited = tokio::time::timeout(timeout, status.wait_for(done)).await;
    match waited {
        Ok(Ok(status)) => Ok(status.clone()),
        Ok(Err(_)) => bail!("status channel closed"),
        Err(_) => bail!(
            "status still {:?} after {timeout:?}",
            *connection.status().borrow()
        ),
    }
}

/// The OBS started for this test binary.
pub struct HeadlessObs {
    /// HOME of the OBS process; holds the config, logs, pid files and test video.
    pub dir: PathBuf,
    /// obs-websocket port.
    pub port: u16,
    /// obs-websocket password.
    pub password: String,
    /// The profile's recording folder.
    pub record_dir: PathBuf,
}

static OBS: OnceLock<HeadlessObs> = OnceLock::new();
/// Real-OBS tests share one OBS and must not overlap.
static OBS_LOCK: Mutex<()> = Mutex::const_new(());

/// The shared OBS and a guard that keeps other real-OBS tests out, or `None` (after saying why)
/// when real-OBS tests are not asked for. Panics when they are asked for and OBS cannot start.
pub async fn real_obs() -> Option<(MutexGuard<'static, ()>, &'static HeadlessObs)> {
    let wanted = std::env::var("VTA_TEST_OBS").is_ok_and(|value| value == "1")
        || std::env::var("CI").is_ok_and(|value| value == "true");
    if !wanted {
        eprintln!("skipped: real OBS tests run only with VTA_TEST_OBS=1 or CI=true");
        return None;
    }
    let guard = OBS_LOCK.lock().await;
    let obs = OBS.get_or_init(|| HeadlessObs::start().expect("start headless OBS"));
    Some((guard, obs))
}

impl HeadlessObs {
    fn start() -> anyhow::Result<Self> {
        let base = Path::new(env!("CARGO_TARGET_TMPDIR"));
        remove_stale_dirs(base);
        let dir = base.join(format!("obs-headless-{}", std::process::id()));
        let record_dir = dir.join("recordings");
        let obs = HeadlessObs {
            dir,
            port: free_port(),
            password: "vta-test-password".to_owned(),
            record_dir,
        };
        obs.launch()?;
        Ok(obs)
    }

    /// Runs `obs-headless start`; returns when the port listens.
    pub fn launch(&self) -> anyhow::Result<Duration> {
        let began = Instant::now();
        let output = Command::new(script())
            .arg("start")
            .args(["--dir", &self.dir.to_string_lossy()])
            .args(["--port", &self.port.to_string()])
            .args(["--password", &self.password])
            .args(["--record-dir", &self.record_dir.to_string_lossy()])
            .args(["--watch-pid", &std::process::id().to_string()])
            .output()
            .context("run scripts/obs-headless")?;
        if !output.status.success() {
            bail!(
                "obs-headless start failed: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let took = began.elapsed();
        eprintln!("{}", String::from_utf8_lossy(&output.stdout).trim());
        Ok(took)
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

    /// A connection config for this OBS.
    pub fn connection_config(&self, name: &str) -> ConnectionConfig {
        ConnectionConfig::new(name, "127.0.0.1", self.port).password(self.password.as_str())
    }

    /// Client options for this OBS.
    pub fn connect_options(&self) -> obs::ConnectOptions {
        obs::ConnectOptions::new("127.0.0.1", self.port).password(self.password.as_str())
    }
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/obs-headless")
}

/// Removes folders of earlier test runs whose process is gone (their OBS was stopped by the
/// script's watchdog).
fn remove_stale_dirs(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix("obs-headless-") else {
            continue;
        };
        if !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
