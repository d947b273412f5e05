//! Helpers: the program in-process with a real OBS (role BOTH) and a real mpv, a second OBS
//! client that watches what OBS does, and one headless OBS per test binary.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context as _};
use app::automation::ivr::{spawn_ivr, IvrConfig, IvrHandle, IvrStatus, ReplayScreen};
use app::bus::{AppEvent, Bus};
use app::ingest::{self, IngestConfig};
use app::obs_manager::{ObsConnectionSpec, ObsManagerHandle};
use obs::{ConnectionStatus, Password, Role};
use player::{Player, PlayerConfig, PlayerHandle};
use tokio::sync::{broadcast, MutexGuard};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// The program under test with its real OBS and mpv.
pub struct Harness {
    /// Holds the database, the key and the mpv socket.
    pub _dir: tempfile::TempDir,
    /// The store.
    pub store: store::Store,
    /// The bus, subscribed before anything was sent.
    pub events: broadcast::Receiver<AppEvent>,
    /// Sends datagrams to the listener.
    pub sender: sim::Sender,
    /// The review screen.
    pub player: PlayerHandle,
    /// The replay flow.
    pub ivr: IvrHandle,
    /// A second client on the same OBS, to see what it does.
    pub observer: obs::Client,
    tracker: TaskTracker,
    cancel: CancellationToken,
}

impl Harness {
    /// Starts everything on `obs` with `config`, starts the replay buffer and waits until it
    /// holds `fill` of video.
    pub async fn start(obs: &HeadlessObs, config: IvrConfig, fill: Duration) -> Harness {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = store::Store::open(store::StoreConfig::new(dir.path().join("vta.sqlite3")))
            .expect("open store");
        let bus = Bus::new();
        let events = bus.subscribe();
        let tracker = TaskTracker::new();
        let cancel = CancellationToken::new();
        let handle = store.handle();
        ingest::spawn_commit_notifier(&handle, bus.clone(), &tracker, cancel.child_token());
        // The data key of the folder, as `vta` opens it: a restart unseals what was stored.
        let secret = vault::Vault::open(store.path(), dir.path())
            .and_then(|mut vault| vault.data_key(&vault::Unlock::default()))
            .expect("data key");
        let manager = ObsManagerHandle::new(
            handle.clone(),
            secret,
            bus.clone(),
            tracker.clone(),
            cancel.child_token(),
        );
        let mut spec = ObsConnectionSpec::new("OBS", "127.0.0.1", obs.port);
        spec.role = Role::Both;
        spec.password = Some(Password::new(obs.password.as_str()));
        manager.attach(spec).expect("attach obs");
        let connection = manager.connection("OBS").expect("connection");
        let mut status = connection.status();
        tokio::time::timeout(
            Duration::from_secs(10),
            status.wait_for(|status| *status == ConnectionStatus::Connected),
        )
        .await
        .expect("obs connects within 10 s")
        .expect("status channel");

        let player_config = PlayerConfig {
            extra_args: vec!["--vo=null".into(), "--ao=null".into()],
            ipc_path: dir.path().join("mpv.sock"),
            ..PlayerConfig::default()
        };
        let player = Player::start(player_config, cancel.child_token())
            .await
            .expect("mpv starts");
        let ivr = spawn_ivr(
            config,
            Arc::new(manager),
            Arc::new(player.clone()) as Arc<dyn ReplayScreen>,
            handle.clone(),
            &bus,
            &tracker,
            cancel.child_token(),
        );
        let pipeline = ingest::Pipeline::new(Arc::new(pss::Schema::v2_3().clone()), 1);
        let ingest_config = IngestConfig {
            bind: ([127, 0, 0, 1], 0).into(),
            ..IngestConfig::default()
        };
        let listener = ingest::start(
            &ingest_config,
            pipeline,
            handle,
            bus.clone(),
            &tracker,
            cancel.child_token(),
        )
        .expect("listener");
        let sender = sim::Sender::new(listener.local_addr())
            .await
            .expect("sender");
        let observer = obs::Client::connect(
            obs::ConnectOptions::new("127.0.0.1", obs.port).password(obs.password.as_str()),
        )
        .await
        .expect("observer connects");
        if !observer
            .replay_buffer()
            .status()
            .await
            .expect("buffer status")
        {
            observer
                .replay_buffer()
                .start()
                .await
                .expect("start buffer");
            tokio::time::sleep(fill).await;
        }
        observer
            .scenes()
            .set_current_program("LIVE_SCENE")
            .await
            .expect("live scene");
        Harness {
            _dir: dir,
            store,
            events,
            sender,
            player,
            ivr,
            observer,
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

    /// The next replay status that `wanted` accepts, within `timeout`.
    pub async fn status(
        &mut self,
        timeout: Duration,
        wanted: impl Fn(&IvrStatus) -> bool,
    ) -> anyhow::Result<IvrStatus> {
        let waiting = async {
            loop {
                match self.events.recv().await {
                    Ok(AppEvent::IvrStatus(status)) => {
                        // Shown only when the test fails: what the flow said instead.
                        eprintln!("replay status: {status:?}");
                        if wanted(&status) {
                            return Ok(status);
                        }
                    }
                    Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                    Err(broadcast::error::RecvError::Closed) => bail!("bus closed"),
                }
            }
        };
        tokio::time::timeout(timeout, waiting)
            .await
            .with_context(|| format!("no such replay status within {timeout:?}"))?
    }

    /// The stored replays, after everything queued is written.
    pub async fn rows(&self) -> Vec<store::IvrChallengeRow> {
        self.store.handle().flush().await.expect("flush");
        self.store
            .reader()
            .expect("reader")
            .ivr_challenges(None)
            .expect("rows")
    }

    /// Stops every task and closes the store.
    pub async fn stop(self) {
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
    }
}

/// Waits for the next `ReplayBufferSaved` on `events`.
pub async fn next_saved_clip(
    events: &mut broadcast::Receiver<obs::Event>,
    timeout: Duration,
) -> anyhow::Result<PathBuf> {
    let waiting = async {
        loop {
            match events.recv().await {
                Ok(obs::Event::ReplayBufferSaved { saved_replay_path }) => {
                    return Ok(saved_replay_path)
                }
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => bail!("obs events closed"),
            }
        }
    };
    tokio::time::timeout(timeout, waiting)
        .await
        .with_context(|| format!("no ReplayBufferSaved within {timeout:?}"))?
}

/// The opening of a match (load, athletes, configuration, round, ready, clock start).
pub const MATCH_OPENING: &[&str] = &[
    "pre;FightLoaded;",
    "at1;N. DESMOND;Nicolas DESMOND;MRN;at2;M. THIBAULT;Marcel THIBAULT;SUI;",
    "mch;101;Final;M-58 kg;1;#0000ff;#FFFFFF;#ff0000;#FFFFFF;x101;Senior;3;120;cntDown;18;1;",
    "rnd;1;",
    "rdy;FightReady;",
    "clk;2:00;start;",
];

pub use obs_headless::HeadlessObs;

static OBS: obs_headless::SharedObs = obs_headless::SharedObs::new();

/// The shared OBS and a guard, or `None` (after saying why) when real-OBS tests are not asked
/// for (`VTA_TEST_OBS=1` or `CI=true`). Panics when they are asked for and OBS or mpv is
/// missing.
pub async fn real_obs() -> Option<(MutexGuard<'static, ()>, &'static HeadlessObs)> {
    if obs_headless::wanted() {
        let mpv = Command::new("mpv").arg("--version").output();
        assert!(
            mpv.is_ok_and(|output| output.status.success()),
            "mpv is needed for the replay tests (apt-get install mpv)"
        );
    }
    OBS.get(|| {
        HeadlessObs::start(
            Path::new(env!("CARGO_TARGET_TMPDIR")),
            "ivr",
            "vta-ivr-test",
            false,
        )
    })
    .await
}
