//! The running pipeline (store, UDP ingest, bus, OBS manager, recorder, replay flow, HTTP API
//! and UI) that `run`, `demo` and `bench` share.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use app::automation::ivr::{spawn_ivr, IvrHandle, StartingPlayer};
use app::automation::recorder::spawn_recorder;
use app::bus::Bus;
use app::ingest::{self, Following, IngestHandle, PssSource};
use app::licence::LicenceHandle;
use app::obs_manager::ObsManagerHandle;
use app::settings::{LiveParts, SettingsHandle};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{info, warn};

use crate::config::Config;
use crate::lock::DataDirLock;

/// How long shutdown waits for tasks before it gives up on them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The started pipeline. Call [`Services::shutdown`] to stop it cleanly.
pub struct Services {
    /// The event bus.
    pub bus: Bus,
    /// The store (its writer thread runs until shutdown).
    pub store: store::Store,
    /// The UDP listener.
    pub ingest: IngestHandle,
    /// The OBS connections (those stored, connected when enabled).
    pub obs: ObsManagerHandle,
    /// Instant video replay, when it runs.
    pub ivr: Option<IvrHandle>,
    /// Where the API and UI are served, when they are.
    pub http: Option<SocketAddr>,
    tracker: TaskTracker,
    /// Held while the pipeline runs: no other `vta` changes this folder's key meanwhile.
    _lock: DataDirLock,
    cancel: CancellationToken,
}

impl Services {
    /// Opens the store, rebuilds the live match from it, reads the settings (stored, with the
    /// explicit flags over them), starts the recorder and the replay flow with them, connects
    /// the stored OBS connections and starts listening (in manual mode when it was on).
    pub fn start(config: &Config) -> Result<Services> {
        let lock = DataDirLock::acquire(&config.data_dir, "starting a second one")?;
        let store = store::Store::open(config.store.clone())?;
        let reader = store.reader()?;
        let settings = config.settings_over(app::settings::load(&reader, config.flag_settings()));
        settings
            .check()
            .context("the settings (stored, with this run's flags over them) are refused")?;
        let (pipeline, following) =
            resume(&reader, config).context("cannot rebuild the match state from the store")?;
        let bus = Bus::new();
        let tracker = TaskTracker::new();
        let cancel = CancellationToken::new();
        let handle = store.handle();
        ingest::spawn_commit_notifier(&handle, bus.clone(), &tracker, cancel.child_token());
        let secret = crate::commands::secrets::data_key(store.path(), &config.data_dir)?;
        let obs = ObsManagerHandle::new(
            handle.clone(),
            secret.clone(),
            bus.clone(),
            tracker.clone(),
            cancel.child_token(),
        );
        // The recorder subscribes to the bus before the connections publish their status.
        let recorder = spawn_recorder(
            settings.recording.recorder_config(),
            Arc::new(obs.clone()),
            handle.clone(),
            store.reader()?,
            &bus,
            &tracker,
            cancel.child_token(),
        );
        // The replay flow, too, follows the bus from before the first datagram.
        let replay = config.replay.as_ref().map(|replay| {
            let screen = StartingPlayer::spawn(
                settings.replay.player_config(&replay.player),
                &tracker,
                cancel.child_token(),
            );
            let ivr = spawn_ivr(
                settings.replay.ivr_config(&replay.ivr),
                Arc::new(obs.clone()),
                Arc::new(screen.clone()),
                handle.clone(),
                &bus,
                &tracker,
                cancel.child_token(),
            );
            (ivr, screen)
        });
        let ivr = replay.as_ref().map(|(ivr, _)| ivr.clone());
        let settings = SettingsHandle::new(settings, handle.clone());
        app::settings::spawn_applier(
            settings.subscribe(),
            LiveParts {
                recorder: recorder.clone(),
                replay,
            },
            &tracker,
            cancel.child_token(),
        );
        obs.load(reader.obs_connections()?);
        let ingest_config = ingest::IngestConfig {
            manual_mode: app::settings::load_manual_mode(&reader),
            following,
            ..config.ingest.clone()
        };
        let ingest = ingest::start(
            &ingest_config,
            pipeline,
            handle,
            bus.clone(),
            &tracker,
            cancel.child_token(),
        )?;
        info!(database = %config.store.path.display(), "store open");
        let http = match config.listen {
            Some(addr) => {
                // Read once here; a run without the API (a benchmark) shows no licence.
                let licence = LicenceHandle::for_this_machine(&config.licence_dir);
                log_licence(&licence);
                let state = server::AppState::new(
                    ingest.clone(),
                    &store,
                    config.schema.clone(),
                    config.protocol_file.clone(),
                    server::feed::Feed::new(),
                    settings.clone(),
                    licence,
                )
                .context("cannot open the credential tables")?
                .with_listener(server::ListenerPolicy {
                    bound: None,
                    behind_proxy: config.behind_proxy,
                })
                .with_obs(obs.clone())
                .with_data_key(secret.clone())
                .with_recorder(recorder);
                let state = match crate::launcher::token() {
                    Some(token) => state.with_launcher_token(token),
                    None => state,
                };
                let state = match crate::logging::log_book() {
                    Some(book) => state.with_logs(book),
                    None => state,
                };
                let state = match &ivr {
                    Some(ivr) => state.with_replay(ivr.clone()),
                    None => state,
                };
                Some(start_http(addr, state, &bus, &tracker, &cancel)?)
            }
            None => None,
        };
        Ok(Services {
            bus,
            store,
            ingest,
            obs,
            ivr,
            http,
            tracker,
            _lock: lock,
            cancel,
        })
    }

    /// Waits until every datagram received so far is committed.
    pub async fn flush(&self) -> Result<()> {
        self.store
            .handle()
            .flush()
            .await
            .context("store flush failed")
    }

    /// Stops listening, lets tasks finish, commits what is pending and closes the store.
    pub async fn shutdown(self) -> Result<()> {
        self.cancel.cancel();
        self.tracker.close();
        if tokio::time::timeout(SHUTDOWN_GRACE, self.tracker.wait())
            .await
            .is_err()
        {
            warn!(n_tasks = self.tracker.len(), "tasks did not stop in time");
        }
        let store = self.store;
        tokio::task::spawn_blocking(move || store.close())
            .await
            .context("store close task failed")?
            .context("store close failed")?;
        Ok(())
    }
}

/// The live match and the source it follows at start: the stored choice with the one the
/// match was rebuilt from (`resume`). When `--pss-source` names another address, the
/// listener rebuilds that source's last match from its stored datagrams before its first
/// datagram (in manual mode the operator's match stays until manual mode goes off); `auto`
/// keeps the stored live match and waits for the first source that loads a fight.
fn resume(reader: &store::Reader, config: &Config) -> Result<(ingest::Pipeline, Following)> {
    let stored = ingest::load_following(reader);
    let schema = config.schema.clone();
    let changed = |rule: PssSource| stored.rule != rule || stored.followed != rule_filter(rule);
    Ok(match config.pss_source {
        Some(rule @ PssSource::Address(_)) if changed(rule) => {
            let following = Following {
                rebuild_pending: true,
                rebuilt: stored.rebuilt,
                ..Following::rule(rule)
            };
            (app::resume::resume(reader, schema, &stored)?, following)
        }
        Some(PssSource::Auto) if stored.rule != PssSource::Auto => (
            app::resume::resume(reader, schema, &stored)?,
            Following {
                rebuilt: stored.rebuilt,
                ..Following::rule(PssSource::Auto)
            },
        ),
        _ => (app::resume::resume(reader, schema, &stored)?, stored),
    })
}

/// The address a rule follows from the start (none for `auto`).
fn rule_filter(rule: PssSource) -> Option<ingest::SourceFilter> {
    Following::rule(rule).followed
}

/// Logs the licence read at start once: a warning when it is not valid. Nothing stops for it:
/// a court must never lose replays to a licence problem.
fn log_licence(licence: &LicenceHandle) {
    let check = licence.check();
    let fingerprint = licence.fingerprint();
    match check.terms() {
        Some(terms) if check.status() == licence::Status::Valid => {
            info!(licensee = %terms.licensee, expires = %terms.expires, "licence valid");
        }
        _ => warn!(
            status = check.status().as_str(),
            reason = %check.reason(fingerprint).unwrap_or_default(),
            machine = %fingerprint.map_or("unknown", |code| code.as_str()),
            "no valid licence; everything runs as usual (vta licence install FILE)"
        ),
    }
}

/// Binds the HTTP listener and spawns the event feed and the server.
fn start_http(
    addr: SocketAddr,
    state: server::AppState,
    bus: &Bus,
    tracker: &TaskTracker,
    cancel: &CancellationToken,
) -> Result<SocketAddr> {
    let listener = std::net::TcpListener::bind(addr)
        .with_context(|| format!("cannot serve the API and UI on http {addr}"))?;
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let local = listener.local_addr()?;
    server::start(listener, state, bus.clone(), tracker, cancel);
    if !server::ui_is_built() {
        warn!("this binary has no built UI; the API still works");
    }
    info!(url = %format!("http://{local}/"), "operator UI and API");
    Ok(local)
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            warn!(%err, "cannot listen for ctrl-c");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                warn!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
