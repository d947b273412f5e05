//! Helpers: an in-process program (store, bus, UDP ingest, OBS manager, recorder) fed over
//! real UDP, waiting for bus events, and one real headless OBS per test binary.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context as _};
use app::automation::recorder::{spawn_recorder, RecorderConfig, RecorderHandle};
use app::bus::{AppEvent, Bus, RecorderEvent};
use app::ingest::{self, IngestConfig, IngestHandle};
use app::obs_manager::{ObsConnectionSpec, ObsManagerHandle};
use obs::{ConnectionStatus, Password, Role};
use tokio::sync::{broadcast, MutexGuard};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// The program under test, in-process, like `vta run`'s `Services`.
pub struct Harness {
    /// Holds the database, the key and the recordings.
    pub dir: tempfile::TempDir,
    /// The store.
    pub store: store::Store,
    /// The bus.
    pub bus: Bus,
    /// The OBS manager.
    pub obs: ObsManagerHandle,
    /// The UDP listener.
    pub ingest: IngestHandle,
    /// Sends datagrams to the listener.
    pub sender: sim::Sender,
    /// The recorder's root folder.
    pub record_root: PathBuf,
    /// The operator's record button.
    pub recorder: RecorderHandle,
    tracker: TaskTracker,
    cancel: CancellationToken,
}

impl Harness {
    /// Starts everything with the recorder stopping `stop_delay` after the winner.
    pub async fn start(stop_delay: Duration) -> Harness {
        Harness::start_in(tempfile::tempdir().expect("temp dir"), stop_delay).await
    }

    /// Starts everything over the database in `dir` (reloading its OBS connections).
    pub async fn start_in(dir: tempfile::TempDir, stop_delay: Duration) -> Harness {
        // `RUST_LOG=app=debug` shows the recorder's log in failing tests.
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
        let store = store::Store::open(store::StoreConfig::new(dir.path().join("vta.sqlite3")))
            .expect("open store");
        let reader = store.reader().expect("reader");
        let pipeline = app::resume::resume(
            &reader,
            Arc::new(pss::Schema::v2_3().clone()),
            &Default::default(),
        )
        .expect("resume");
        let bus = Bus::new();
        let tracker = TaskTracker::new();
        let cancel = CancellationToken::new();
        let handle = store.handle();
        ingest::spawn_commit_notifier(&handle, bus.clone(), &tracker, cancel.child_token());
        // The data key of the folder, as `vta` opens it: a restart unseals what was stored.
        let secret = vault::Vault::open(store.path(), dir.path())
            .and_then(|mut vault| vault.data_key(&vault::Unlock::default()))
            .expect("data key");
        let obs = ObsManagerHandle::new(
            handle.clone(),
            secret,
            bus.clone(),
            tracker.clone(),
            cancel.child_token(),
        );
        let record_root = dir.path().join("recordings");
        let config = RecorderConfig {
            stop_delay,
            ..RecorderConfig::new(record_root.clone())
        };
        let recorder = spawn_recorder(
            config,
            Arc::new(obs.clone()),
            handle.clone(),
            store.reader().expect("reader"),
            &bus,
            &tracker,
            cancel.child_token(),
        );
        obs.load(reader.obs_connections().expect("stored connections"));
        let ingest_config = IngestConfig {
            bind: ([127, 0, 0, 1], 0).into(),
            ..IngestConfig::default()
        };
        let ingest = ingest::start(
            &ingest_config,
            pipeline,
            handle,
            bus.clone(),
            &tracker,
            cancel.child_token(),
        )
        .expect("listener");
        let sender = sim::Sender::new(ingest.local_addr()).await.expect("sender");
        Harness {
            dir,
            store,
            bus,
            obs,
            ingest,
            sender,
            record_root,
            recorder,
            tracker,
            cancel,
        }
    }

    /// Sends each wire text as one datagram.
    pub async fn send(&self, datagrams: &[&str]) {
        for text in datagrams {
            self.sender.send_text(text).await.expect("send datagram");
        }
    }

    /// Adds the connection `spec` and waits, `timeout` at most, until `events` says it is
    /// connected.
    pub async fn add_connected(
        &self,
        events: &mut broadcast::Receiver<AppEvent>,
        spec: ObsConnectionSpec,
        timeout: Duration,
    ) {
        let name = spec.name.clone();
        self.obs.add(spec).await.expect("connection added");
        obs_status(events, &name, timeout, |status| {
            *status == ConnectionStatus::Connected
        })
        .await
        .expect("connected");
    }

    /// Stops every task, commits, and returns the folder.
    pub async fn stop(self) -> tempfile::TempDir {
        self.cancel.cancel();
        self.tracker.close();
        tokio::time::timeout(Duration::from_secs(5), self.tracker.wait())
            .await
            .expect("tasks stop");
        let store = self.store;
        tokio::task::spawn_blocking(move || store.close())
            .await
            .unwrap()
            .expect("store closes");
        self.dir
    }
}

/// A connection spec to 127.0.0.1:`port`.
pub fn spec(name: &str, port: u16, role: Role, password: Option<&str>) -> ObsConnectionSpec {
    let mut spec = ObsConnectionSpec::new(name, "127.0.0.1", port);
    spec.role = role;
    spec.password = password.map(Password::new);
    spec
}

/// The opening of match `number` (load, athletes, configuration, ready), as wire text.
pub fn match_opening(number: &str, blue: (&str, &str), red: (&str, &str)) -> Vec<String> {
    vec![
        "pre;FightLoaded;".to_owned(),
        format!("at1;{};{} long;{};at2;{};{} long;{};", blue.0, blue.0, blue.1, red.0, red.0, red.1),
        format!("mch;{number};Final;M-58 kg;1;#0000ff;#FFFFFF;#ff0000;#FFFFFF;x{number};Senior;3;120;cntDown;18;1;"),
        "rnd;1;".to_owned(),
        "rdy;FightReady;".to_owned(),
    ]
}

/// Waits for the first bus event `pick` maps to a value.
pub async fn wait_bus<T>(
    events: &mut broadcast::Receiver<AppEvent>,
    timeout: Duration,
    mut pick: impl FnMut(&AppEvent) -> Option<T>,
) -> anyhow::Result<T> {
    let waiting = async {
        loop {
            match events.recv().await {
                Ok(event) => {
                    if let Some(value) = pick(&event) {
                        return Ok(value);
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => bail!("bus closed"),
            }
        }
    };
    tokio::time::timeout(timeout, waiting)
        .await
        .with_context(|| format!("no such bus event within {timeout:?}"))?
}

/// The next recorder event within `timeout`.
pub async fn recorder_event(
    events: &mut broadcast::Receiver<AppEvent>,
    timeout: Duration,
) -> anyhow::Result<RecorderEvent> {
    wait_bus(events, timeout, |event| match event {
        AppEvent::Recorder(event) => Some(event.clone()),
        _ => None,
    })
    .await
}

/// Waits for an `ObsStatus` of `name` that satisfies `done`.
pub async fn obs_status(
    events: &mut broadcast::Receiver<AppEvent>,
    name: &str,
    timeout: Duration,
    mut done: impl FnMut(&ConnectionStatus) -> bool,
) -> anyhow::Result<ConnectionStatus> {
    wait_bus(events, timeout, |event| match event {
        AppEvent::ObsStatus {
            name: event_name,
            status,
            ..
        } if event_name == name && done(status) => Some(status.clone()),
        _ => None,
    })
    .await
}

pub use obs_headless::{free_port, HeadlessObs};

static OBS: obs_headless::SharedObs = obs_headless::SharedObs::new();

/// The shared OBS and a guard, or `None` (after saying why) when real-OBS tests are not asked
/// for (`VTA_TEST_OBS=1` or `CI=true`). Panics when they are asked for and OBS cannot start.
pub async fn real_obs() -> Option<(MutexGuard<'static, ()>, &'static HeadlessObs)> {
    OBS.get(|| {
        HeadlessObs::start(
            Path::new(env!("CARGO_TARGET_TMPDIR")),
            "app",
            "vta-app-test",
            false,
        )
    })
    .await
}
