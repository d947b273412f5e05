//! `vta bench ivr`: instant video replay measured against a real OBS and a real mpv.
//!
//! A throw-away headless OBS is started with `scripts/obs-headless` (720p30, x264 6 Mb/s with
//! `keyint=30 tune=zerolatency` unless `OBS_HEADLESS_X264` says otherwise, a 20 s replay buffer
//! over a looping test video) in a temporary folder, and one warm mpv
//! (`--vo=null --ao=null` unless `--mpv-arg` says otherwise). Replays start on the keyframe at
//! or before the lead, as by default, or exactly with `--exact-start`. The program runs in-process as
//! `vta run` would (store, UDP ingest, OBS manager with the OBS as BOTH, the replay flow).
//! Each challenge is a real datagram (`ch1;` / `ch2;`) sent over UDP; its row in
//! `ivr_challenges` gives the time of each stage. A second OBS client watches
//! `ReplayBufferSaved`: a clip is *wrong* when the replay opened another path than OBS
//! announced for that save, or the previous clip; *missing* when no clip played.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use app::automation::ivr::{
    spawn_ivr, IvrConfig, IvrStatus, RecEncoderProfile, RecEncoderVerdict, ReplayScreen,
};
use app::bus::{AppEvent, Bus};
use app::ingest::{self, IngestConfig};
use app::obs_manager::{ObsConnectionSpec, ObsManagerHandle};
use obs::{ConnectionStatus, Password, Role};
use player::{Player, PlayerConfig};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// The obs-websocket password of the bench's OBS.
const OBS_PASSWORD: &str = "vta-bench-ivr";
/// The opening of the bench match.
const MATCH_OPENING: &[&str] = &[
    "pre;FightLoaded;",
    "at1;N. DESMOND;Nicolas DESMOND;MRN;at2;M. THIBAULT;Marcel THIBAULT;SUI;",
    "mch;900;Final;M-58 kg;1;#0000ff;#FFFFFF;#ff0000;#FFFFFF;bench;Senior;3;120;cntDown;18;1;",
    "rnd;1;",
    "rdy;FightReady;",
    "clk;2:00;start;",
];
/// OBS names clips to the second, and the flow holds a save that would share the last clip's
/// second until the next one; challenges are spaced so that the bench never measures that wait.
const CHALLENGE_GAP: Duration = Duration::from_millis(1100);

/// What `vta bench ivr` is asked to do.
#[derive(Debug, Clone)]
pub struct IvrBenchArgs {
    /// Number of challenges.
    pub n: usize,
    /// Video in the replay buffer before the first challenge.
    pub fill: Duration,
    /// The mpv program.
    pub mpv: PathBuf,
    /// mpv arguments after the player's own (empty: `--vo=null --ao=null`).
    pub mpv_args: Vec<String>,
    /// The obs-headless script (default: the repository's).
    pub obs_script: Option<PathBuf>,
    /// Keep the folder (OBS config and log, clips, database).
    pub keep: bool,
    /// Start replays on the exact frame of the lead.
    pub exact_start: bool,
    /// Boost mpv for each load ([`PlayerConfig::boost_loads`]).
    pub boost: bool,
}

/// Runs the replay benchmark and prints its figures; fails when a clip was wrong or missing.
pub async fn ivr(args: IvrBenchArgs) -> Result<()> {
    if args.n == 0 {
        bail!("--n must be at least 1");
    }
    let temp = tempfile::TempDir::new().context("cannot make a temporary folder")?;
    let folder = if args.keep {
        temp.keep()
    } else {
        temp.path().to_owned()
    };
    let script = obs_script(args.obs_script.as_deref())?;
    let port = free_port()?;
    let obs_dir = folder.join("obs");
    println!("starting a headless OBS in {} ...", obs_dir.display());
    let _obs = HeadlessObs::start(&script, &obs_dir, port)?;
    let outcome = measure(&args, &folder, port).await;
    if args.keep {
        println!("bench folder kept: {}", folder.display());
    }
    outcome
}

/// The stage times of one challenge, in ms.
#[derive(Debug, Default, Clone, Copy)]
struct Stages {
    request_to_save: f64,
    obs_save: f64,
    saved_to_load: f64,
    mpv_load: f64,
    scene_switch: f64,
    total: f64,
    /// How much earlier than the lead asked playback started (a keyframe start).
    started_early: f64,
}

impl Stages {
    fn of(row: &store::IvrChallengeRow) -> Option<Stages> {
        let ms = |from: i64, to: i64| (to - from) as f64 / 1e3;
        let save_sent = row.save_sent_at_us?;
        let saved = row.saved_at_us?;
        let clip_ready = row.clip_ready_at_us?;
        let first_frame = row.first_frame_at_us?;
        Some(Stages {
            request_to_save: ms(row.requested_at_us, save_sent),
            obs_save: ms(save_sent, saved),
            saved_to_load: ms(saved, clip_ready),
            mpv_load: ms(clip_ready, first_frame),
            scene_switch: row
                .scene_switched_at_us
                .map_or(f64::NAN, |switched| ms(first_frame, switched)),
            total: ms(row.requested_at_us, first_frame),
            started_early: match (
                row.clip_duration_ms,
                row.clip_end_at_us,
                row.start_offset_ms,
            ) {
                (Some(length), Some(clip_end), Some(start)) => {
                    let from_end =
                        (clip_end - row.requested_at_us) as f64 / 1e3 + row.lead_ms as f64;
                    (length as f64 - from_end) - start as f64
                }
                _ => f64::NAN,
            },
        })
    }
}

async fn measure(args: &IvrBenchArgs, folder: &Path, port: u16) -> Result<()> {
    let store = store::Store::open(store::StoreConfig::new(folder.join("vta.sqlite3")))?;
    let bus = Bus::new();
    let mut events = bus.subscribe();
    let tracker = TaskTracker::new();
    let cancel = CancellationToken::new();
    let handle = store.handle();
    ingest::spawn_commit_notifier(&handle, bus.clone(), &tracker, cancel.child_token());
    let secret = vault::SecretKey::generate()?;
    let manager = ObsManagerHandle::new(
        handle.clone(),
        secret,
        bus.clone(),
        tracker.clone(),
        cancel.child_token(),
    );
    let mut spec = ObsConnectionSpec::new("OBS", "127.0.0.1", port);
    spec.role = Role::Both;
    spec.password = Some(Password::new(OBS_PASSWORD));
    manager.attach(spec)?;
    let connection = manager.connection("OBS").context("the OBS connection")?;
    let mut status = connection.status();
    tokio::time::timeout(
        Duration::from_secs(15),
        status.wait_for(|status| *status == ConnectionStatus::Connected),
    )
    .await
    .context("OBS did not connect within 15 s")??;

    let mpv_args = if args.mpv_args.is_empty() {
        vec!["--vo=null".to_owned(), "--ao=null".to_owned()]
    } else {
        args.mpv_args.clone()
    };
    let player_config = PlayerConfig {
        mpv_path: args.mpv.clone(),
        extra_args: mpv_args.clone(),
        ipc_path: folder.join("mpv.sock"),
        boost_loads: args.boost,
        ..PlayerConfig::default()
    };
    let player = Player::start(player_config, cancel.child_token()).await?;
    spawn_ivr(
        IvrConfig {
            exact_start: args.exact_start,
            ..IvrConfig::default()
        },
        Arc::new(manager),
        Arc::new(player.clone()) as Arc<dyn ReplayScreen>,
        handle.clone(),
        &bus,
        &tracker,
        cancel.child_token(),
    );
    let pipeline = ingest::Pipeline::new(Arc::new(pss::Schema::v2_3().clone()), 1);
    let listener = ingest::start(
        &IngestConfig {
            bind: ([127, 0, 0, 1], 0).into(),
            ..IngestConfig::default()
        },
        pipeline,
        handle.clone(),
        bus.clone(),
        &tracker,
        cancel.child_token(),
    )?;
    let sender = sim::Sender::new(listener.local_addr()).await?;
    let observer =
        obs::Client::connect(obs::ConnectOptions::new("127.0.0.1", port).password(OBS_PASSWORD))
            .await
            .context("the observing OBS client")?;
    let obs_version = observer.general().version().await?;
    let encoder = RecEncoderProfile::read(&observer).await?;
    observer.replay_buffer().start().await?;
    println!(
        "OBS {} (websocket {}), x264 options {:?} ({}), mpv {} {:?}, {} start, loads {}; \
         filling the replay buffer for {:?} ...",
        obs_version.obs_version.as_deref().unwrap_or("?"),
        obs_version.obs_web_socket_version.as_deref().unwrap_or("?"),
        encoder.x264_options,
        match encoder.verdict() {
            RecEncoderVerdict::Suited => "suited to fast replays",
            RecEncoderVerdict::Slow(_) => "slow replays, see the warning",
            RecEncoderVerdict::Unchecked(_) => "not checked",
        },
        player.version().text,
        mpv_args,
        if args.exact_start {
            "exact"
        } else {
            "keyframe"
        },
        match (args.boost, player.loads_boosted()) {
            (true, true) => "boosted",
            (true, false) => "unboosted (the system refused the boost, see the warning)",
            (false, _) => "unboosted (--no-boost)",
        },
        args.fill
    );
    tokio::time::sleep(args.fill).await;
    for text in MATCH_OPENING {
        sender.send_text(text).await?;
    }

    let mut saved_events = observer.events();
    let mut previous: Option<PathBuf> = None;
    let (mut n_wrong, mut n_missing) = (0, 0);
    for index in 0..args.n {
        let side = 1 + index % 2;
        sender.send_text("clk;1:40;stop;").await?;
        sender.send_text(&format!("ch{side};")).await?;
        let shown = next_replay(&mut events).await;
        let announced = next_saved(&mut saved_events).await;
        match (&shown, &announced) {
            (Ok(path), Some(announced)) => {
                if path != announced || Some(path) == previous.as_ref() {
                    n_wrong += 1;
                    println!(
                        "challenge {index}: WRONG clip {} (OBS saved {})",
                        path.display(),
                        announced.display()
                    );
                }
                previous = Some(path.clone());
            }
            (Ok(path), None) => {
                n_wrong += 1;
                println!(
                    "challenge {index}: {} played, OBS announced none",
                    path.display()
                );
            }
            (Err(reason), _) => {
                n_missing += 1;
                println!("challenge {index}: MISSING clip: {reason}");
            }
        }
        sender.send_text(&format!("ch{side};1;1;")).await?;
        wait_closed(&mut events).await;
        sender.send_text("clk;1:40;start;").await?;
        tokio::time::sleep(CHALLENGE_GAP).await;
    }

    handle.flush().await?;
    let rows = store.reader()?.ivr_challenges(None)?;
    cancel.cancel();
    tracker.close();
    if tokio::time::timeout(Duration::from_secs(5), tracker.wait())
        .await
        .is_err()
    {
        tracing::warn!("bench tasks did not stop in time");
    }
    tokio::task::spawn_blocking(move || store.close()).await??;
    report(&rows, args.n, n_wrong, n_missing);
    if n_wrong + n_missing > 0 {
        bail!("{n_wrong} wrong and {n_missing} missing clips");
    }
    Ok(())
}

/// The path of the next replay that plays, or why it failed (10 s at most).
async fn next_replay(events: &mut broadcast::Receiver<AppEvent>) -> Result<PathBuf, String> {
    let waiting = async {
        loop {
            match events.recv().await {
                Ok(AppEvent::IvrStatus(IvrStatus::Playing { path, .. })) => return Ok(path),
                Ok(AppEvent::IvrStatus(IvrStatus::Failed { reason, .. })) => return Err(reason),
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => return Err("bus closed".to_owned()),
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(10), waiting)
        .await
        .unwrap_or_else(|_| Err("no replay within 10 s".to_owned()))
}

/// The next clip OBS announced (2 s at most: the replay already played when this is asked).
async fn next_saved(events: &mut broadcast::Receiver<obs::Event>) -> Option<PathBuf> {
    let waiting = async {
        loop {
            match events.recv().await {
                Ok(obs::Event::ReplayBufferSaved { saved_replay_path }) => {
                    return Some(saved_replay_path)
                }
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(2), waiting)
        .await
        .ok()
        .flatten()
}

/// Waits (3 s at most) for the replay to close.
async fn wait_closed(events: &mut broadcast::Receiver<AppEvent>) {
    let waiting = async {
        loop {
            match events.recv().await {
                Ok(AppEvent::IvrStatus(IvrStatus::Closed { .. }))
                | Err(broadcast::error::RecvError::Closed) => return,
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(3), waiting).await;
}

/// Picks one stage's time out of a challenge's stages.
type StageOf = fn(&Stages) -> f64;

/// Prints p50 / p95 / max of each stage and the clip counts.
fn report(rows: &[store::IvrChallengeRow], n: usize, n_wrong: usize, n_missing: usize) {
    let stages: Vec<Stages> = rows.iter().filter_map(Stages::of).collect();
    println!();
    println!("{n} challenges, {} played", stages.len());
    println!(
        "{:<44} {:>9} {:>9} {:>9}",
        "stage (ms)", "p50", "p95", "max"
    );
    let lines: [(&str, StageOf); 9] = [
        ("datagram -> SaveReplayBuffer sent", |s| s.request_to_save),
        ("SaveReplayBuffer -> ReplayBufferSaved (OBS)", |s| {
            s.obs_save
        }),
        ("ReplayBufferSaved -> loadfile sent", |s| s.saved_to_load),
        ("loadfile -> playback-restart (mpv)", |s| s.mpv_load),
        ("first frame -> IVR_SCENE on air", |s| s.scene_switch),
        ("total: datagram -> first frame", |s| s.total),
        ("total minus OBS's save", |s| s.total - s.obs_save),
        ("ours: total minus OBS save and mpv load", |s| {
            s.request_to_save + s.saved_to_load
        }),
        ("playback started this much before the lead", |s| {
            s.started_early
        }),
    ];
    for (name, stage) in lines {
        let mut values: Vec<f64> = stages.iter().map(stage).filter(|v| v.is_finite()).collect();
        values.sort_by(f64::total_cmp);
        println!(
            "{name:<44} {:>9.1} {:>9.1} {:>9.1}",
            percentile(&values, 0.50),
            percentile(&values, 0.95),
            values.last().copied().unwrap_or(f64::NAN)
        );
    }
    println!("wrong clips: {n_wrong}, missing clips: {n_missing}");
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], fraction: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (fraction * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// A headless OBS started by the script; stopped when dropped.
struct HeadlessObs {
    script: PathBuf,
    dir: PathBuf,
}

impl HeadlessObs {
    fn start(script: &Path, dir: &Path, port: u16) -> Result<HeadlessObs> {
        let output = Command::new(script)
            .arg("start")
            .args(["--dir", &dir.to_string_lossy()])
            .args(["--port", &port.to_string()])
            .args(["--password", OBS_PASSWORD])
            .args(["--watch-pid", &std::process::id().to_string()])
            .output()
            .with_context(|| format!("cannot run {}", script.display()))?;
        if !output.status.success() {
            bail!(
                "obs-headless could not start OBS: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        print!("{}", String::from_utf8_lossy(&output.stdout));
        Ok(HeadlessObs {
            script: script.to_owned(),
            dir: dir.to_owned(),
        })
    }
}

impl Drop for HeadlessObs {
    fn drop(&mut self) {
        let stopped = Command::new(&self.script)
            .arg("stop")
            .args(["--dir", &self.dir.to_string_lossy()])
            .output();
        if let Err(err) = stopped {
            tracing::warn!(%err, "cannot stop the bench's OBS");
        }
    }
}

/// The obs-headless script: the one asked for, or the repository's.
fn obs_script(asked: Option<&Path>) -> Result<PathBuf> {
    if let Some(script) = asked {
        return Ok(script.to_owned());
    }
    let candidates = [
        PathBuf::from("scripts/obs-headless"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/obs-headless"),
    ];
    candidates
        .into_iter()
        .find(|path| path.is_file())
        .context("scripts/obs-headless not found; give it with --obs-script")
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(percentile(&values, 0.50), 10.0);
        assert_eq!(percentile(&values, 0.95), 19.0);
        assert_eq!(percentile(&[7.0], 0.95), 7.0);
        assert!(percentile(&[], 0.5).is_nan());
    }
}
