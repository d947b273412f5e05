//! Helpers shared by the integration tests: free ports, waiting for a connection status, and one
//! real headless OBS per test binary (started through `scripts/obs-headless`).

use std::path::Path;
use std::time::Duration;

use anyhow::bail;
use obs::{Connection, ConnectionConfig, ConnectionStatus};
use tokio::sync::MutexGuard;
use tokio_util::sync::CancellationToken;

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

pub use obs_headless::{free_port, HeadlessObs};

static OBS: obs_headless::SharedObs = obs_headless::SharedObs::new();

/// The shared OBS (recordings in `<dir>/recordings`) and a guard that keeps other real-OBS
/// tests out, or `None` (after saying why) when real-OBS tests are not asked for.
pub async fn real_obs() -> Option<(MutexGuard<'static, ()>, &'static HeadlessObs)> {
    OBS.get(|| {
        HeadlessObs::start(
            Path::new(env!("CARGO_TARGET_TMPDIR")),
            "obs",
            "vta-test-password",
            true,
        )
    })
    .await
}

/// How these tests reach the shared OBS.
pub trait ObsTarget {
    /// A connection config for this OBS.
    fn connection_config(&self, name: &str) -> ConnectionConfig;
    /// Client options for this OBS.
    fn connect_options(&self) -> obs::ConnectOptions;
    /// The profile's recording folder.
    fn record_dir(&self) -> &Path;
}

impl ObsTarget for HeadlessObs {
    fn connection_config(&self, name: &str) -> ConnectionConfig {
        ConnectionConfig::new(name, "127.0.0.1", self.port).password(self.password.as_str())
    }

    fn connect_options(&self) -> obs::ConnectOptions {
        obs::ConnectOptions::new("127.0.0.1", self.port).password(self.password.as_str())
    }

    fn record_dir(&self) -> &Path {
        self.record_dir
            .as_deref()
            .expect("this OBS was started with a recording folder")
    }
}
