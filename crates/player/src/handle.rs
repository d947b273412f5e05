//! [`Player::start`] and [`PlayerHandle`], the cheap-clone handle every caller uses.
//!
//! Each operation is one mpv command sent to the supervisor's session and awaited with the
//! request timeout; [`PlayerHandle::load`] also waits for the new file's first frame. Loads are
//! serialised (one at a time), so the events a load waits for cannot belong to another load.

use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;
use tracing::Instrument as _;

use crate::boost::{LoadBoost, BOOST_LIMIT};
use crate::config::PlayerConfig;
use crate::event::{EndFileReason, PlayerEvent, ReceivedEvent};
use crate::protocol;
use crate::session::{Outlets, ProcessInfo, Request, Session};
use crate::state::PlayerState;
use crate::supervisor::Supervisor;
use crate::version::MpvVersion;
use crate::{Error, Result};

/// Events kept for a slow subscriber.
const EVENT_CAPACITY: usize = 1024;
/// Requests that may wait for the session.
const REQUEST_CAPACITY: usize = 64;
/// The playback speeds mpv accepts.
const SPEED_RANGE: std::ops::RangeInclusive<f64> = 0.01..=100.0;

/// Starts the player: [`Player::start`].
#[derive(Debug)]
pub struct Player;

/// Where a loaded clip starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// This far after the start of the file.
    FromStart(Duration),
    /// This far before the end of the file (the replay of a challenge: the action lies within
    /// the last seconds of the clip). A clip shorter than that starts at its beginning.
    BeforeEnd(Duration),
}

/// How closely a load starts at the asked time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StartPrecision {
    /// On the asked frame. mpv decodes from the keyframe before it and drops the frames up to
    /// it, so the first frame comes later by up to one keyframe interval of decoding.
    #[default]
    Exact,
    /// On the keyframe at or before the asked time, never after it: up to one keyframe interval
    /// early, with nothing to decode and drop first. Only the start is affected (`hr-seek=no`
    /// for this file); seeks, frame steps and loops in the file stay exact.
    Keyframe,
}

/// When the first frame of a loaded file was on screen, and where in the file it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FirstFrame {
    /// When mpv's `playback-restart` for the file was read.
    pub at: Instant,
    /// From sending `loadfile` to that event.
    pub latency: Duration,
    /// Where playback started, from the file's start: mpv's `time-pos` read at once after that
    /// event. mpv has usually queued the next frame by then, so this is up to about one frame
    /// after the first frame. `None` when mpv could not say.
    pub position: Option<Duration>,
}

/// A handle to the player; clones share the one mpv.
#[derive(Debug, Clone)]
pub struct PlayerHandle {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    requests: mpsc::Sender<Request>,
    events: broadcast::Sender<ReceivedEvent>,
    state: watch::Receiver<PlayerState>,
    process: Arc<Mutex<ProcessInfo>>,
    /// One load at a time, so that a load's events are its own.
    load_lock: tokio::sync::Mutex<()>,
    request_timeout: Duration,
    load_timeout: Duration,
    /// [`PlayerConfig::boost_loads`].
    boost_loads: bool,
    /// Set at the first refused boost, which is logged as a warning (later ones at debug).
    boost_refused: AtomicBool,
}

impl Player {
    /// Spawns mpv, waits until it is ready, and returns a handle; a supervisor task keeps mpv
    /// running until `cancel` fires (mpv is then asked to quit) or every handle is dropped.
    ///
    /// Fails with [`Error::Spawn`] when mpv cannot be run and [`Error::Startup`] when it does not
    /// answer on its IPC server within the startup timeout.
    pub async fn start(config: PlayerConfig, cancel: CancellationToken) -> Result<PlayerHandle> {
        let session = Session::start(&config).await?;
        let process = Arc::new(Mutex::new(session.info.clone()));
        let (requests_tx, requests_rx) = mpsc::channel(REQUEST_CAPACITY);
        let (events_tx, _) = broadcast::channel(EVENT_CAPACITY);
        let (state_tx, state_rx) = watch::channel(PlayerState::Idle);
        let shared = Shared {
            requests: requests_tx,
            events: events_tx.clone(),
            state: state_rx,
            process: Arc::clone(&process),
            load_lock: tokio::sync::Mutex::new(()),
            request_timeout: config.request_timeout,
            load_timeout: config.load_timeout,
            boost_loads: config.boost_loads,
            boost_refused: AtomicBool::new(false),
        };
        let supervisor = Supervisor {
            config,
            requests: requests_rx,
            outlets: Outlets {
                events: events_tx,
                state: state_tx,
            },
            process,
            cancel,
        };
        let span = tracing::info_span!("player", ipc = %supervisor.config.ipc_path.display());
        tokio::spawn(supervisor.run(session).instrument(span));
        let handle = PlayerHandle {
            shared: Arc::new(shared),
        };
        // A boost raised and lowered at once: a system that refuses it is logged now, at start,
        // rather than at the first challenge.
        drop(handle.boost());
        Ok(handle)
    }
}

impl PlayerHandle {
    /// Replaces whatever plays with `path`, unpaused, exactly from `start`, and resolves when its
    /// first frame is on screen (mpv's `playback-restart` for this file). Same as
    /// [`PlayerHandle::load_with`] with [`StartPrecision::Exact`].
    ///
    /// Fails with [`Error::Load`] when mpv cannot play the file, [`Error::Timeout`] when the
    /// first frame does not come within the load timeout, and [`Error::Crashed`] when mpv dies
    /// meanwhile.
    #[doc(alias = "loadfile")]
    pub async fn load(&self, path: impl Into<PathBuf>, start: Start) -> Result<FirstFrame> {
        self.load_with(path, start, StartPrecision::Exact).await
    }

    /// Replaces whatever plays with `path`, unpaused, from `start` as closely as `precision`
    /// says, and resolves when its first frame is on screen, with where that frame is
    /// ([`FirstFrame::position`]).
    ///
    /// Fails like [`PlayerHandle::load`].
    pub async fn load_with(
        &self,
        path: impl Into<PathBuf>,
        start: Start,
        precision: StartPrecision,
    ) -> Result<FirstFrame> {
        let path = path.into();
        let _one_load = self.shared.load_lock.lock().await;
        let start_seconds = match start {
            Start::FromStart(offset) => protocol::start_seconds(false, offset),
            Start::BeforeEnd(offset) => protocol::start_seconds(true, offset),
        };
        let form = self.process_info().loadfile_form;
        let command = protocol::loadfile_command(&path, start_seconds, precision, form);
        // Subscribe before sending so that no event of this load can be missed.
        let mut events = self.shared.events.subscribe();
        let boost = self.boost();
        let sent_at = Instant::now();
        let reply = self.request(command, Some(path.clone())).await?;
        let entry_id = reply.get("playlist_entry_id").and_then(Value::as_i64);
        let first_frame = boosted_for(
            wait_first_frame(&mut events, &path, entry_id, sent_at),
            boost,
        );
        let first_frame = match tokio::time::timeout(self.shared.load_timeout, first_frame).await {
            Ok(result) => result?,
            Err(_) => {
                return Err(Error::Timeout {
                    command: "loadfile (first frame)".into(),
                    timeout_ms: millis(self.shared.load_timeout),
                })
            }
        };
        // The file plays: where it started is worth a round trip but not a failed load.
        let position = match self.position().await {
            Ok(position) => position,
            Err(err) => {
                tracing::warn!(%err, "cannot read where the loaded file started");
                None
            }
        };
        Ok(FirstFrame {
            position: position
                .and_then(|seconds| Duration::try_from_secs_f64(seconds.max(0.0)).ok()),
            ..first_frame
        })
    }

    /// Resumes playback; at the end of a clip it plays it again from the start.
    #[doc(alias = "pause")]
    pub async fn play(&self) -> Result<()> {
        if matches!(*self.shared.state.borrow(), PlayerState::Ended { .. }) {
            self.command(vec!["seek".into(), 0.into(), "absolute+exact".into()])
                .await?;
        }
        self.set_property("pause", false.into()).await
    }

    /// Pauses playback.
    pub async fn pause(&self) -> Result<()> {
        self.set_property("pause", true.into()).await
    }

    /// Sets the playback speed factor. The review offers 0.25, 0.5 and 1, but any factor mpv
    /// accepts (0.01 to 100) is allowed; others fail with [`Error::InvalidArgument`].
    #[doc(alias = "speed")]
    pub async fn set_speed(&self, speed: f64) -> Result<()> {
        if !SPEED_RANGE.contains(&speed) {
            return Err(Error::InvalidArgument {
                what: "speed (must be from 0.01 to 100)",
                value: speed.to_string(),
            });
        }
        self.set_property("speed", speed.into()).await
    }

    /// The playback speed factor.
    pub async fn speed(&self) -> Result<f64> {
        let speed = self.get_property("speed").await?;
        speed
            .and_then(|value| value.as_f64())
            .ok_or_else(|| Error::Mpv {
                command: "get_property speed".into(),
                error: "not a number".into(),
            })
    }

    /// Shows the next frame and pauses.
    #[doc(alias = "frame-step")]
    pub async fn frame_step(&self) -> Result<()> {
        self.command(vec!["frame-step".into()]).await.map(drop)
    }

    /// Shows the previous frame and pauses.
    #[doc(alias = "frame-back-step")]
    pub async fn frame_back_step(&self) -> Result<()> {
        self.command(vec!["frame-back-step".into()]).await.map(drop)
    }

    /// Seeks `seconds` forward (negative: back), exactly.
    #[doc(alias = "seek")]
    pub async fn seek_relative(&self, seconds: f64) -> Result<()> {
        if !seconds.is_finite() {
            return Err(Error::InvalidArgument {
                what: "seek offset",
                value: seconds.to_string(),
            });
        }
        self.command(vec!["seek".into(), seconds.into(), "relative+exact".into()])
            .await
            .map(drop)
    }

    /// Loops playback between `a` and `b` (seconds from the start of the file, `a < b`).
    #[doc(alias = "ab-loop-a")]
    #[doc(alias = "ab-loop-b")]
    pub async fn set_ab_loop(&self, a: f64, b: f64) -> Result<()> {
        if !(a.is_finite() && b.is_finite() && 0.0 <= a && a < b) {
            return Err(Error::InvalidArgument {
                what: "a-b loop (needs 0 <= a < b)",
                value: format!("{a}..{b}"),
            });
        }
        self.set_property("ab-loop-a", a.into()).await?;
        self.set_property("ab-loop-b", b.into()).await
    }

    /// Ends the A-B loop.
    pub async fn clear_ab_loop(&self) -> Result<()> {
        self.set_property("ab-loop-a", "no".into()).await?;
        self.set_property("ab-loop-b", "no".into()).await
    }

    /// The A-B loop points in seconds, or `None` when no full loop is set.
    pub async fn ab_loop(&self) -> Result<Option<(f64, f64)>> {
        let a = self.get_property("ab-loop-a").await?;
        let b = self.get_property("ab-loop-b").await?;
        Ok(a.and_then(|a| a.as_f64()).zip(b.and_then(|b| b.as_f64())))
    }

    /// Stops playback: the window goes black and the state `Idle`.
    #[doc(alias = "stop")]
    pub async fn close(&self) -> Result<()> {
        self.command(vec!["stop".into()]).await.map(drop)
    }

    /// The current position in seconds (`time-pos`), `None` when nothing is loaded.
    #[doc(alias = "time-pos")]
    pub async fn position(&self) -> Result<Option<f64>> {
        Ok(self
            .get_property("time-pos")
            .await?
            .and_then(|value| value.as_f64()))
    }

    /// The length of the loaded file in seconds, `None` when nothing is loaded or it is unknown.
    pub async fn duration(&self) -> Result<Option<f64>> {
        Ok(self
            .get_property("duration")
            .await?
            .and_then(|value| value.as_f64()))
    }

    /// The player's state; `changed()` wakes on each change.
    pub fn state(&self) -> watch::Receiver<PlayerState> {
        self.shared.state.clone()
    }

    /// Every mpv event from now on, stamped when it was read.
    pub fn events(&self) -> broadcast::Receiver<ReceivedEvent> {
        self.shared.events.subscribe()
    }

    /// The running mpv's version.
    pub fn version(&self) -> MpvVersion {
        self.process_info().version
    }

    /// The running mpv's process id.
    pub fn process_id(&self) -> Option<u32> {
        self.process_info().pid
    }

    /// Resolves when the supervisor has ended (after shutdown, mpv has quit).
    pub async fn stopped(&self) {
        let mut state = self.shared.state.clone();
        while state.changed().await.is_ok() {}
    }

    /// Whether loads run boosted ([`PlayerConfig::boost_loads`]): asked for, and not refused by
    /// the system so far (the player tries once when it starts).
    pub fn loads_boosted(&self) -> bool {
        self.shared.boost_loads && !self.shared.boost_refused.load(Ordering::Relaxed)
    }

    /// Boosts mpv for one load when the configuration asks for it and the system allows it.
    fn boost(&self) -> Option<LoadBoost> {
        if !self.shared.boost_loads {
            return None;
        }
        let pid = self.process_info().pid?;
        match LoadBoost::raise(pid) {
            Ok(boost) => Some(boost),
            // mpv ended under us (it is being restarted): no refusal, just no boost this time.
            Err(err)
                if !matches!(
                    err.kind(),
                    std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::Unsupported
                ) =>
            {
                tracing::debug!(%err, "load not boosted");
                None
            }
            Err(err) => {
                if self.shared.boost_refused.swap(true, Ordering::Relaxed) {
                    tracing::debug!(%err, "load not boosted");
                } else {
                    tracing::warn!(
                        %err,
                        "replays load without the boost above other programs, slower while \
                         OBS encodes (on Linux: give vta CAP_SYS_NICE or an rtprio limit)"
                    );
                }
                None
            }
        }
    }

    fn process_info(&self) -> ProcessInfo {
        self.shared
            .process
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .clone()
    }

    async fn set_property(&self, name: &str, value: Value) -> Result<()> {
        self.command(vec!["set_property".into(), name.into(), value])
            .await
            .map(drop)
    }

    /// A property's value, `None` when mpv says it is unavailable (no file loaded).
    async fn get_property(&self, name: &str) -> Result<Option<Value>> {
        match self.command(vec!["get_property".into(), name.into()]).await {
            Ok(value) => Ok(Some(value)),
            Err(Error::Mpv { error, .. }) if error == "property unavailable" => Ok(None),
            Err(err) => Err(err),
        }
    }

    async fn command(&self, command: Vec<Value>) -> Result<Value> {
        self.request(command, None).await
    }

    async fn request(&self, command: Vec<Value>, load_path: Option<PathBuf>) -> Result<Value> {
        let name = protocol::command_name(&command);
        let (reply, answer) = oneshot::channel();
        let request = Request {
            command,
            load_path,
            reply,
        };
        let exchange = async {
            self.shared
                .requests
                .send(request)
                .await
                .map_err(|_| Error::Closed)?;
            answer.await.map_err(|_| Error::Closed)?
        };
        match tokio::time::timeout(self.shared.request_timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout {
                command: name,
                timeout_ms: millis(self.shared.request_timeout),
            }),
        }
    }
}

/// Awaits `load` with mpv boosted until it ends or [`BOOST_LIMIT`] passes, whichever is first.
async fn boosted_for<T>(load: impl Future<Output = T>, boost: Option<LoadBoost>) -> T {
    let Some(boost) = boost else {
        return load.await;
    };
    tokio::pin!(load);
    tokio::select! {
        out = &mut load => out,
        () = tokio::time::sleep(BOOST_LIMIT) => {
            drop(boost);
            load.await
        }
    }
}

/// Waits for the `playback-restart` of the entry `loadfile` created (`entry_id`), or for its
/// failure.
async fn wait_first_frame(
    events: &mut broadcast::Receiver<ReceivedEvent>,
    path: &std::path::Path,
    entry_id: Option<i64>,
    sent_at: Instant,
) -> Result<FirstFrame> {
    // Older mpv versions do not return the entry id; then the next entry that starts is ours.
    let ours = |id: &Option<i64>| entry_id.is_none() || *id == entry_id;
    let mut started = false;
    loop {
        let received = match events.recv().await {
            Ok(received) => received,
            Err(broadcast::error::RecvError::Lagged(n_missed)) => {
                tracing::warn!(n_missed, "load missed player events");
                continue;
            }
            Err(broadcast::error::RecvError::Closed) => return Err(Error::Closed),
        };
        match received.event {
            PlayerEvent::StartFile { entry_id: id } if ours(&id) => started = true,
            PlayerEvent::PlaybackRestart if started => {
                return Ok(FirstFrame {
                    at: received.at,
                    latency: received.at.saturating_duration_since(sent_at),
                    position: None,
                })
            }
            PlayerEvent::EndFile {
                entry_id: id,
                reason,
                error,
            } if started && ours(&id) => {
                let reason = match (reason, error) {
                    (_, Some(error)) => error,
                    (EndFileReason::Stop, None) => "stopped before its first frame".into(),
                    (reason, None) => format!("ended before its first frame ({reason})"),
                };
                return Err(Error::Load {
                    path: path.to_owned(),
                    reason,
                });
            }
            PlayerEvent::Exited { reason } => {
                return Err(Error::Crashed {
                    command: "loadfile".into(),
                    reason,
                })
            }
            _ => {}
        }
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
