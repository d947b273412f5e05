//! `vta replay`: the operator's REPLAY from a shell, through the same replay flow as a
//! challenge: save the last seconds on the stored REC connection, play them in mpv from the
//! lead, put the replay scene on the STR connection, and take both back when done.
//!
//! It opens its own OBS sessions and its own mpv, so it is for a machine where `vta run` is
//! not running; with `vta run`, REPLAY goes through its API. The replay is stored in the data
//! folder's `ivr_challenges` like any other.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use app::automation::ivr::{spawn_ivr, IvrStatus, ReplayScreen};
use app::bus::{AppEvent, Bus};
use app::obs_manager::ObsManagerHandle;
use obs::{ConnectionStatus, ObsControl as _};
use player::Player;
use store::{Store, StoreConfig};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::cli::ReplayCommandArgs;
use crate::config::{prepare_data_dir, ReplayConfig, DATABASE_FILE};

/// How long the stored connections get to connect.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a failed replay waits for the replay buffer to run again.
const BUFFER_WAIT: Duration = Duration::from_secs(3);

/// Runs one replay and closes it after `--show-for`, or when Enter (or Ctrl-C) is pressed.
pub async fn run(args: ReplayCommandArgs) -> Result<()> {
    let Some(replay) = ReplayConfig::from_args(&args.replay)? else {
        bail!("--no-replay leaves nothing for `vta replay` to do");
    };
    let data_dir = prepare_data_dir(args.data.data_dir.clone(), "")?;
    let store = Store::open(StoreConfig::new(data_dir.join(DATABASE_FILE)))?;
    let outcome = replay_once(&args, replay, &store, &data_dir).await;
    tokio::task::spawn_blocking(move || store.close())
        .await
        .context("store close task failed")?
        .context("store close failed")?;
    outcome
}

async fn replay_once(
    args: &ReplayCommandArgs,
    replay: ReplayConfig,
    store: &Store,
    data_dir: &std::path::Path,
) -> Result<()> {
    let secret = super::secrets::data_key(store.path(), data_dir)?;
    let bus = Bus::new();
    let mut events = bus.subscribe();
    let tracker = TaskTracker::new();
    let cancel = CancellationToken::new();
    let manager = ObsManagerHandle::new(
        store.handle(),
        secret,
        bus.clone(),
        tracker.clone(),
        cancel.child_token(),
    );
    manager.load(store.reader()?.obs_connections()?);
    let outcome = async {
        let rec = manager
            .rec_connections()
            .into_iter()
            .next()
            .context("no enabled REC or BOTH obs connection is stored (see `vta obs add`)")?;
        let name = rec.config().name.clone();
        let mut status = rec.status();
        tokio::time::timeout(
            CONNECT_TIMEOUT,
            status.wait_for(|status| *status == ConnectionStatus::Connected),
        )
        .await
        .with_context(|| {
            format!("obs connection {name:?} did not connect within {CONNECT_TIMEOUT:?}")
        })??;
        let player = Player::start(replay.player.clone(), cancel.child_token()).await?;
        let clip_wait = replay.ivr.clip_timeout + replay.ivr.load_retry_for;
        let ivr = spawn_ivr(
            replay.ivr,
            Arc::new(manager.clone()),
            Arc::new(player) as Arc<dyn ReplayScreen>,
            store.handle(),
            &bus,
            &tracker,
            cancel.child_token(),
        );
        let replay_id = ivr.replay_now().await?;
        match wait_shown(&mut events, clip_wait + Duration::from_secs(5)).await? {
            IvrStatus::Playing {
                path, start_offset, ..
            } => println!(
                "replay {replay_id}: {} from {:.1} s",
                path.display(),
                start_offset.as_secs_f64()
            ),
            IvrStatus::Failed { reason, .. } => {
                // After a failure the flow starts a stopped replay buffer again; let it finish
                // before this command ends its OBS session.
                wait_buffer_running(&rec, BUFFER_WAIT).await;
                bail!("replay {replay_id} failed: {reason}")
            }
            other => bail!("replay {replay_id}: unexpected {other:?}"),
        }
        match args.show_for {
            Some(show_for) => tokio::time::sleep(show_for).await,
            None => {
                println!("press Enter to close the replay");
                // A blocking read on its own thread; left behind when Ctrl-C ends the wait.
                let enter = tokio::task::spawn_blocking(|| {
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line).map(drop)
                });
                tokio::select! {
                    _ = enter => {}
                    _ = crate::service::shutdown_signal() => {}
                }
            }
        }
        ivr.close().await?;
        println!("replay {replay_id} closed; the stream is back live");
        anyhow::Ok(())
    }
    .await;
    cancel.cancel();
    tracker.close();
    let _ = tokio::time::timeout(Duration::from_secs(5), tracker.wait()).await;
    outcome
}

/// The replay's first `Playing` or `Failed`.
async fn wait_shown(
    events: &mut broadcast::Receiver<AppEvent>,
    timeout: Duration,
) -> Result<IvrStatus> {
    let waiting = async {
        loop {
            match events.recv().await {
                Ok(AppEvent::IvrStatus(
                    status @ (IvrStatus::Playing { .. } | IvrStatus::Failed { .. }),
                )) => return Ok(status),
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => bail!("the replay flow stopped"),
            }
        }
    };
    tokio::time::timeout(timeout, waiting)
        .await
        .with_context(|| format!("no replay within {timeout:?}"))?
}

/// Waits (at most `limit`) until the replay buffer of `rec` runs.
async fn wait_buffer_running(rec: &obs::Connection, limit: Duration) {
    let waiting = async {
        while !matches!(rec.replay_buffer_active().await, Ok(true)) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let _ = tokio::time::timeout(limit, waiting).await;
}
