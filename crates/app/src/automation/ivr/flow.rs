//! The replay flow's task: one owner of the queues, the screen and the rows, fed by the bus and
//! the operator's commands.
//!
//! Replays move through three places: `saves` (waiting for, or in, the one running save),
//! `ready` (clip saved, waiting for the screen) and `on_screen`. Row writes that the operator
//! does not wait for are made after the stage they describe, never between the clip and the
//! first frame.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use match_state::{ChallengeOutcome, DomainEvent};
use obs::ObsControl;
use pss::ChallengeBy;
use store::{IvrChallengeProgress, IvrChallengeStart};
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio::task::{JoinError, JoinHandle};
use tokio_util::sync::CancellationToken;
use tracing::Instrument as _;

mod on_screen;

use super::clip::{save_clip, ClipTiming, SavedClip};
use super::{IvrConfig, IvrStatus, ReplayObs, ReplayScreen};
use crate::bus::{AppEvent, Bus, ParsedDatagram};
use crate::ingest::now_us;

/// What the operator asks of the flow.
pub(super) enum Command {
    /// REPLAY now; answered with the replay's id.
    ReplayNow { answer: oneshot::Sender<i64> },
    /// Close the replay on screen; answered with whether one was.
    Close { answer: oneshot::Sender<bool> },
    /// Put a file (a recording, a clip) on screen from this far after its start.
    PlayFile {
        path: PathBuf,
        from_start: Duration,
        answer: oneshot::Sender<player::Result<i64>>,
    },
}

/// What asked for a replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trigger {
    /// A challenge, by its index in the match state.
    Challenge { by: ChallengeBy, index: usize },
    /// The operator's REPLAY.
    Operator,
}

/// How a challenge was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Resolution {
    outcome: ChallengeOutcome,
    won: Option<bool>,
    at_us: i64,
}

/// Why a replay ends.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ending {
    reason: String,
    resolution: Option<Resolution>,
}

/// One replay on its way.
#[derive(Debug)]
struct Replay {
    /// Row id (negative when the store refused the row).
    id: i64,
    trigger: Trigger,
    match_id: Option<i64>,
    requested_at_us: i64,
    /// Set when it was decided (or the clock started) before it reached the screen.
    dismissed: Option<Ending>,
}

/// The save that runs now.
struct Saving {
    task: JoinHandle<Result<SavedClip, String>>,
    rec_name: String,
}

/// A replay whose clip is saved.
struct Ready {
    replay: Replay,
    clip: SavedClip,
    rec_name: String,
}

/// The replay on screen.
struct OnScreen {
    replay: Replay,
    /// The connection whose scene was switched, to switch it back.
    stream: Option<(String, Arc<dyn ObsControl>)>,
}

pub(super) struct Flow {
    /// The configuration of the replays under way, read from `config_updates` at each request.
    config: IvrConfig,
    config_updates: watch::Receiver<IvrConfig>,
    obs: Arc<dyn ReplayObs>,
    screen: Arc<dyn ReplayScreen>,
    store: store::StoreHandle,
    bus: Bus,
    status: watch::Sender<IvrStatus>,
    saves: VecDeque<Replay>,
    saving: Option<Saving>,
    ready: VecDeque<Ready>,
    on_screen: Option<OnScreen>,
    /// The last clip OBS gave; a polled path must differ from it.
    previous_clip: Option<PathBuf>,
    /// Rows of challenges by (match, index), for a won/lost that comes after the close.
    challenge_rows: HashMap<(Option<i64>, usize), i64>,
    /// The match of the last datagram, for the operator's REPLAY.
    match_id: Option<i64>,
    /// The next id for a replay the store refused.
    next_unstored_id: i64,
    /// The id of the replay on screen, for the operator's loop controls.
    shown: watch::Sender<Option<i64>>,
}

impl Flow {
    pub(super) fn new(
        config_updates: watch::Receiver<IvrConfig>,
        obs: Arc<dyn ReplayObs>,
        screen: Arc<dyn ReplayScreen>,
        store: store::StoreHandle,
        bus: Bus,
        status: watch::Sender<IvrStatus>,
    ) -> Flow {
        let config = config_updates.borrow().clone();
        Flow {
            config,
            config_updates,
            obs,
            screen,
            store,
            bus,
            status,
            saves: VecDeque::new(),
            saving: None,
            ready: VecDeque::new(),
            on_screen: None,
            previous_clip: None,
            challenge_rows: HashMap::new(),
            match_id: None,
            next_unstored_id: -1,
            shown: watch::channel(None).0,
        }
    }

    /// The id of the replay on screen, from now on.
    pub(super) fn shown(&self) -> watch::Receiver<Option<i64>> {
        self.shown.subscribe()
    }

    pub(super) async fn run(
        mut self,
        mut bus: broadcast::Receiver<AppEvent>,
        mut commands: mpsc::Receiver<Command>,
        cancel: CancellationToken,
    ) {
        let mut commands_open = true;
        loop {
            tokio::select! {
                _ = cancel.cancelled() => break,
                outcome = wait_save(&mut self.saving) => self.on_saved(outcome).await,
                command = commands.recv(), if commands_open => match command {
                    Some(command) => self.on_command(command).await,
                    None => commands_open = false,
                },
                event = bus.recv() => match event {
                    Ok(AppEvent::EventParsed(parsed)) => self.on_datagram(&parsed).await,
                    Ok(_) => {}
                    Err(broadcast::error::RecvError::Lagged(missed)) => {
                        tracing::warn!(missed, "replay flow fell behind the bus");
                    }
                    Err(broadcast::error::RecvError::Closed) => break,
                },
            }
        }
        self.shut_down().await;
    }

    async fn on_datagram(&mut self, parsed: &ParsedDatagram) {
        if parsed.match_id.is_some() {
            self.match_id = parsed.match_id;
        }
        for event in &parsed.domain_events {
            match *event {
                DomainEvent::ChallengeRequested { by, index } => {
                    let trigger = Trigger::Challenge { by, index };
                    self.request(
                        trigger,
                        parsed.match_id,
                        Some(parsed.seq),
                        parsed.received_at_us,
                    )
                    .await;
                }
                DomainEvent::ChallengeResolved {
                    index,
                    outcome,
                    won,
                    ..
                } => {
                    let resolution = Resolution {
                        outcome,
                        won,
                        at_us: parsed.received_at_us,
                    };
                    self.resolve(parsed.match_id, index, resolution).await;
                }
                DomainEvent::ClockStarted { .. } => self.clock_started().await,
                _ => {}
            }
        }
    }

    async fn on_command(&mut self, command: Command) {
        match command {
            Command::ReplayNow { answer } => {
                let id = self
                    .request(Trigger::Operator, self.match_id, None, now_us())
                    .await;
                let _ = answer.send(id);
            }
            Command::Close { answer } => {
                let was_open = self.on_screen.is_some();
                if was_open {
                    self.close_on_screen(ending("operator")).await;
                }
                let _ = answer.send(was_open);
            }
            Command::PlayFile {
                path,
                from_start,
                answer,
            } => {
                let outcome = self.show_file(path, from_start).await;
                let _ = answer.send(outcome);
            }
        }
    }

    /// A new replay: its save starts at once (or after the running one), then its row.
    async fn request(
        &mut self,
        trigger: Trigger,
        match_id: Option<i64>,
        seq: Option<u64>,
        requested_at_us: i64,
    ) -> i64 {
        // The operator's settings apply from the next replay on.
        self.config = self.config_updates.borrow().clone();
        self.saves.push_back(Replay {
            id: 0,
            trigger,
            match_id,
            requested_at_us,
            dismissed: None,
        });
        // The save goes first: the row is written while OBS writes the clip.
        if self.saving.is_none() {
            self.spawn_save();
        }
        let (challenge_index, side) = match trigger {
            Trigger::Challenge { by, index } => (Some(index as i64), Some(by.as_str().to_owned())),
            Trigger::Operator => (None, None),
        };
        let start = IvrChallengeStart {
            match_id,
            challenge_index,
            trigger: match trigger {
                Trigger::Challenge { .. } => "challenge".to_owned(),
                Trigger::Operator => "operator".to_owned(),
            },
            side,
            seq,
            requested_at_us,
            link_window_ms: millis(self.config.link_window),
            lead_ms: millis(self.config.lead),
            status: "saving".to_owned(),
        };
        let id = match self.store.ivr_challenge_started(start).await {
            Ok(id) => id,
            Err(err) => {
                tracing::error!(%err, "the replay is not stored");
                self.next_unstored_id -= 1;
                self.next_unstored_id + 1
            }
        };
        if let Some(replay) = self.saves.back_mut() {
            replay.id = id;
        }
        if let Trigger::Challenge { index, .. } = trigger {
            self.challenge_rows.insert((match_id, index), id);
        }
        tracing::info!(
            replay_id = id,
            ?trigger,
            match_id,
            requested_at_us,
            "replay requested"
        );
        self.publish(IvrStatus::Saving { replay_id: id });
        if self.saving.is_none() {
            self.next_save().await;
        }
        id
    }

    /// Starts the save of the first replay in `saves`; false when there is no REC connection.
    fn spawn_save(&mut self) -> bool {
        if self.saves.is_empty() {
            return false;
        }
        let Some((rec_name, rec)) = self.obs.rec() else {
            return false;
        };
        let previous = self.previous_clip.clone();
        let timing = ClipTiming {
            timeout: self.config.clip_timeout,
            poll_after: self.config.poll_after,
            poll_interval: self.config.poll_interval,
        };
        let name = rec_name.clone();
        let match_id = self.saves.front().and_then(|replay| replay.match_id);
        let span = tracing::info_span!("ivr", match_id, conn = %rec_name);
        let task = tokio::spawn(
            async move { save_clip(rec.as_ref(), &name, previous.as_deref(), timing).await }
                .instrument(span),
        );
        self.saving = Some(Saving { task, rec_name });
        true
    }

    /// Starts the next save; replays that cannot be saved (no REC connection) fail now.
    async fn next_save(&mut self) {
        while self.saving.is_none() && !self.saves.is_empty() {
            if self.spawn_save() {
                return;
            }
            if let Some(replay) = self.saves.pop_front() {
                self.fail(
                    replay,
                    "no REC obs connection is configured".to_owned(),
                    None,
                )
                .await;
            }
        }
    }

    async fn on_saved(&mut self, outcome: (Result<Result<SavedClip, String>, JoinError>, String)) {
        let (outcome, rec_name) = outcome;
        self.saving = None;
        let Some(replay) = self.saves.pop_front() else {
            return;
        };
        let clip = match outcome {
            Ok(Ok(clip)) => clip,
            Ok(Err(reason)) => {
                self.fail(replay, reason, Some(rec_name)).await;
                self.next_save().await;
                self.show_next().await;
                return;
            }
            Err(err) => {
                let reason = format!("the clip task failed: {err}");
                self.fail(replay, reason, Some(rec_name)).await;
                self.next_save().await;
                self.show_next().await;
                return;
            }
        };
        self.previous_clip = Some(clip.path.clone());
        self.bus.publish(AppEvent::ClipReady {
            replay_id: replay.id,
            path: clip.path.clone(),
            source: clip.source,
            saved_at_us: clip.saved_at_us,
        });
        tracing::info!(
            replay_id = replay.id, path = %clip.path.display(), source = clip.source.as_str(),
            obs_save_ms = (clip.saved_at - clip.save_sent_at).as_secs_f64() * 1e3,
            "replay clip saved"
        );
        self.next_save().await;
        self.ready.push_back(Ready {
            replay,
            clip,
            rec_name,
        });
        if self.on_screen.is_none() {
            self.show_next().await;
            return;
        }
        // The screen is busy: store what is known and say it waits.
        let waiting = self.ready.len();
        if let Some(ready) = self.ready.back() {
            let mut progress = clip_progress(ready.replay.id, &ready.clip, &ready.rec_name);
            progress.status = Some("queued".to_owned());
            self.write(progress).await;
            self.publish(IvrStatus::Queued {
                replay_id: ready.replay.id,
                waiting,
            });
        }
    }

    async fn resolve(&mut self, match_id: Option<i64>, index: usize, resolution: Resolution) {
        let is_it = |replay: &Replay| {
            replay.match_id == match_id
                && matches!(replay.trigger, Trigger::Challenge { index: i, .. } if i == index)
        };
        let resolved = Ending {
            reason: "resolved".to_owned(),
            resolution: Some(resolution),
        };
        if self
            .on_screen
            .as_ref()
            .is_some_and(|open| is_it(&open.replay))
        {
            self.close_on_screen(resolved).await;
            return;
        }
        if let Some(position) = self.ready.iter().position(|ready| is_it(&ready.replay)) {
            if let Some(ready) = self.ready.remove(position) {
                self.close_unshown(&ready, resolved).await;
            }
            return;
        }
        if let Some(replay) = self.saves.iter_mut().find(|replay| is_it(replay)) {
            replay.dismissed = Some(resolved);
            return;
        }
        // Already closed: a won/lost that came later.
        if let Some(&id) = self.challenge_rows.get(&(match_id, index)) {
            let mut progress = row(id);
            progress.outcome = Some(resolution.outcome.as_str().to_owned());
            progress.won = resolution.won;
            self.write(progress).await;
        }
    }

    /// The match goes on: the replay on screen closes, the others are not shown.
    async fn clock_started(&mut self) {
        if self.on_screen.is_some() {
            self.close_on_screen(ending("clock started")).await;
        }
        for replay in self.saves.iter_mut() {
            replay
                .dismissed
                .get_or_insert_with(|| ending("clock started"));
        }
        while let Some(ready) = self.ready.pop_front() {
            let ending = ready
                .replay
                .dismissed
                .clone()
                .unwrap_or_else(|| ending("clock started"));
            self.close_unshown(&ready, ending).await;
        }
    }

    /// A replay that cannot be shown: the row keeps the reason, the operator is told why, and
    /// the replay buffer is started again if it stopped (so that a retry can work).
    async fn fail(&mut self, replay: Replay, reason: String, rec_name: Option<String>) {
        tracing::warn!(replay_id = replay.id, %reason, "replay failed");
        let mut progress = row(replay.id);
        progress.status = Some("failed".to_owned());
        progress.failure = Some(reason.clone());
        progress.rec_connection = rec_name;
        progress.closed_at_us = Some(now_us());
        progress.close_reason = Some("failed".to_owned());
        if let Some(ending) = &replay.dismissed {
            let ended = ending_progress(replay.id, ending);
            progress.resolved_at_us = ended.resolved_at_us;
            progress.outcome = ended.outcome;
            progress.won = ended.won;
        }
        self.write(progress).await;
        self.publish(IvrStatus::Failed {
            replay_id: replay.id,
            reason,
        });
        self.keep_buffer_running(replay.id).await;
    }

    async fn shut_down(&mut self) {
        if let Some(saving) = self.saving.take() {
            saving.task.abort();
        }
        if self.on_screen.is_some() {
            self.close_on_screen(ending("vta stopped")).await;
        }
        let unshown: Vec<i64> = self
            .saves
            .drain(..)
            .map(|replay| replay.id)
            .chain(self.ready.drain(..).map(|ready| ready.replay.id))
            .collect();
        for id in unshown {
            let mut progress = ending_progress(id, &ending("vta stopped before it was shown"));
            progress.status = Some("closed".to_owned());
            self.write(progress).await;
        }
    }

    fn warn(&self, replay_id: i64, message: String) {
        tracing::warn!(replay_id, %message, "replay warning");
        self.publish(IvrStatus::Warning { replay_id, message });
    }

    fn publish(&self, status: IvrStatus) {
        self.status.send_replace(status.clone());
        self.bus.publish(AppEvent::IvrStatus(status));
    }

    /// Writes a row change; a replay the store refused has nothing to write to.
    async fn write(&self, progress: IvrChallengeProgress) {
        if progress.id <= 0 {
            return;
        }
        let id = progress.id;
        if let Err(err) = self.store.ivr_challenge_progress(progress).await {
            tracing::error!(replay_id = id, %err, "cannot store the replay's progress");
        }
    }
}

/// Waits for the running save, if any; never resolves otherwise.
async fn wait_save(
    saving: &mut Option<Saving>,
) -> (Result<Result<SavedClip, String>, JoinError>, String) {
    match saving {
        Some(saving) => ((&mut saving.task).await, saving.rec_name.clone()),
        None => std::future::pending().await,
    }
}

fn ending(reason: &str) -> Ending {
    Ending {
        reason: reason.to_owned(),
        resolution: None,
    }
}

fn row(id: i64) -> IvrChallengeProgress {
    IvrChallengeProgress {
        id,
        ..Default::default()
    }
}

/// What is known once the clip is saved.
fn clip_progress(id: i64, clip: &SavedClip, rec_name: &str) -> IvrChallengeProgress {
    IvrChallengeProgress {
        rec_connection: Some(rec_name.to_owned()),
        save_sent_at_us: Some(clip.save_sent_at_us),
        clip_end_at_us: Some(clip.clip_end_at_us),
        saved_at_us: Some(clip.saved_at_us),
        clip_path: Some(clip.path.to_string_lossy().into_owned()),
        clip_source: Some(clip.source.as_str().to_owned()),
        ..row(id)
    }
}

/// The close time, the reason and the resolution of an ending.
fn ending_progress(id: i64, ending: &Ending) -> IvrChallengeProgress {
    let mut progress = row(id);
    progress.closed_at_us = Some(now_us());
    progress.close_reason = Some(ending.reason.clone());
    if let Some(resolution) = ending.resolution {
        progress.resolved_at_us = Some(resolution.at_us);
        progress.outcome = Some(resolution.outcome.as_str().to_owned());
        progress.won = resolution.won;
    }
    progress
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

fn micros(duration: Duration) -> i64 {
    i64::try_from(duration.as_micros()).unwrap_or(i64::MAX)
}
