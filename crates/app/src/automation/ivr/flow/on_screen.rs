//! The screen side of the flow: putting a saved clip on screen (load from the lead, the
//! replay scene on air) and taking it off (player idle, live scene, replay buffer running).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use obs::ObsControl;
use player::{Start, StartPrecision};
use tokio::time::Instant;
use tracing::Instrument as _;

use super::{
    clip_progress, ending, ending_progress, micros, millis, Ending, Flow, IvrStatus, OnScreen,
    Ready, Replay, Trigger,
};
use crate::ingest::now_us;

/// Pause between two loads while mpv restarts.
const LOAD_RETRY_PAUSE: Duration = Duration::from_millis(100);
/// Attempts to start a stopped replay buffer.
const BUFFER_START_TRIES: u32 = 10;
/// Pause between two of them.
const BUFFER_START_PAUSE: Duration = Duration::from_millis(300);

impl Flow {
    /// Puts the next ready replay on screen (replays decided meanwhile are closed without it).
    pub(super) async fn show_next(&mut self) {
        while self.on_screen.is_none() {
            let Some(ready) = self.ready.pop_front() else {
                return;
            };
            if let Some(ending) = ready.replay.dismissed.clone() {
                self.close_unshown(&ready, ending).await;
                continue;
            }
            let span = tracing::info_span!(
                "ivr",
                replay_id = ready.replay.id,
                match_id = ready.replay.match_id
            );
            self.show(ready).instrument(span).await;
        }
    }

    async fn show(&mut self, ready: Ready) {
        let Ready {
            replay,
            clip,
            rec_name,
        } = ready;
        let clip_ready_at_us = now_us();
        // The clip ends when OBS answered the save; the request lies that long before its end.
        let request_before_end_us = (clip.clip_end_at_us - replay.requested_at_us).max(0);
        let from_end =
            Duration::from_micros(request_before_end_us as u64).saturating_add(self.config.lead);
        let precision = if self.config.exact_start {
            StartPrecision::Exact
        } else {
            StartPrecision::Keyframe
        };
        let first_frame = match self
            .load(&clip.path, Start::BeforeEnd(from_end), precision)
            .await
        {
            Ok(first_frame) => first_frame,
            Err(err) => {
                let reason = format!(
                    "the replay screen could not play {}: {err}",
                    clip.path.display()
                );
                let mut progress = clip_progress(replay.id, &clip, &rec_name);
                progress.clip_ready_at_us = Some(clip_ready_at_us);
                self.write(progress).await;
                self.fail(replay, reason, Some(rec_name)).await;
                return;
            }
        };
        let first_frame_at_us = now_us() - micros(first_frame.at.elapsed());
        let (stream, scene_switched_at_us) = self.switch_scene(replay.id).await;
        let duration = match self.screen.duration().await {
            Ok(duration) => duration,
            Err(err) => {
                tracing::warn!(replay_id = replay.id, %err, "cannot read the clip's length");
                None
            }
        };
        // Where playback really started (a keyframe start lands up to one keyframe interval
        // before the asked point): mpv's position at the first frame; else the asked point.
        let start_offset = first_frame.position.or_else(|| {
            duration
                .and_then(|seconds| Duration::try_from_secs_f64(seconds.max(0.0)).ok())
                .map(|length| length.saturating_sub(from_end))
        });
        tracing::info!(
            replay_id = replay.id,
            path = %clip.path.display(),
            obs_save_ms = (clip.saved_at - clip.save_sent_at).as_secs_f64() * 1e3,
            load_ms = first_frame.latency.as_secs_f64() * 1e3,
            ?precision,
            start_offset_s = start_offset.map(|offset| offset.as_secs_f64()),
            "replay on screen"
        );
        let mut progress = clip_progress(replay.id, &clip, &rec_name);
        progress.status = Some("playing".to_owned());
        progress.clip_ready_at_us = Some(clip_ready_at_us);
        progress.first_frame_at_us = Some(first_frame_at_us);
        progress.clip_duration_ms = duration.map(|seconds| (seconds * 1e3).round() as i64);
        progress.start_offset_ms = start_offset.map(millis);
        progress.scene_switched_at_us = scene_switched_at_us;
        progress.str_connection = stream.as_ref().map(|(name, _)| name.clone());
        self.publish(IvrStatus::Playing {
            replay_id: replay.id,
            path: clip.path,
            start_offset: start_offset.unwrap_or_default(),
        });
        self.shown.send_replace(Some(replay.id));
        self.on_screen = Some(OnScreen { replay, stream });
        self.write(progress).await;
    }

    /// The operator's file (a recording or clip from the archive) on screen from `from_start`,
    /// in place of the replay on screen; replays waiting for the screen keep waiting. The
    /// stream's scene stays. It ends like a replay (the operator's close, a clock start) and
    /// is stored nowhere. Returns the (negative) replay id it is shown under.
    pub(super) async fn show_file(
        &mut self,
        path: PathBuf,
        from_start: Duration,
    ) -> player::Result<i64> {
        if self.on_screen.is_some() {
            let waiting = std::mem::take(&mut self.ready);
            self.close_on_screen(ending("operator played a file")).await;
            self.ready = waiting;
        }
        // A moment the operator picked is shown exactly.
        let first_frame = self
            .load(&path, Start::FromStart(from_start), StartPrecision::Exact)
            .await?;
        let replay_id = self.next_unstored_id;
        self.next_unstored_id -= 1;
        tracing::info!(
            replay_id,
            path = %path.display(),
            from_start_s = from_start.as_secs_f64(),
            load_ms = first_frame.latency.as_secs_f64() * 1e3,
            "file on the replay screen"
        );
        self.publish(IvrStatus::Playing {
            replay_id,
            path,
            start_offset: from_start,
        });
        self.shown.send_replace(Some(replay_id));
        self.on_screen = Some(OnScreen {
            replay: Replay {
                id: replay_id,
                trigger: Trigger::Operator,
                match_id: None,
                requested_at_us: now_us(),
                dismissed: None,
            },
            stream: None,
        });
        Ok(replay_id)
    }

    /// Loads `path` to start at `start_at` as closely as `precision` says; tried again while
    /// mpv restarts.
    async fn load(
        &self,
        path: &std::path::Path,
        start_at: Start,
        precision: StartPrecision,
    ) -> player::Result<player::FirstFrame> {
        let give_up_at = Instant::now() + self.config.load_retry_for;
        loop {
            match self.screen.load(path, start_at, precision).await {
                Err(err @ (player::Error::Crashed { .. } | player::Error::Restarting { .. }))
                    if Instant::now() < give_up_at =>
                {
                    tracing::warn!(%err, "the replay screen is restarting; loading again");
                    tokio::time::sleep(LOAD_RETRY_PAUSE).await;
                }
                outcome => return outcome,
            }
        }
    }

    /// Puts the replay scene on air; the connection and when it was done, if it was.
    async fn switch_scene(
        &mut self,
        replay_id: i64,
    ) -> (Option<(String, Arc<dyn ObsControl>)>, Option<i64>) {
        let Some((name, stream)) = self.obs.stream() else {
            self.warn(
                replay_id,
                "no STR obs connection: the stream scene stays".to_owned(),
            );
            return (None, None);
        };
        match stream.set_program_scene(&self.config.ivr_scene).await {
            Ok(()) => (Some((name, stream)), Some(now_us())),
            Err(err) => {
                self.warn(
                    replay_id,
                    format!(
                        "the stream scene did not switch to {:?} on obs connection {name:?}: {err}",
                        self.config.ivr_scene
                    ),
                );
                (None, None)
            }
        }
    }

    /// Takes the replay off screen: player idle, stream back live, replay buffer running.
    pub(super) async fn close_on_screen(&mut self, ending: Ending) {
        let Some(open) = self.on_screen.take() else {
            return;
        };
        self.shown.send_replace(None);
        let replay_id = open.replay.id;
        if let Err(err) = self.screen.close().await {
            tracing::warn!(replay_id, %err, "the replay screen did not close");
        }
        if let Some((name, stream)) = &open.stream {
            if let Err(err) = stream.set_program_scene(&self.config.live_scene).await {
                self.warn(
                    replay_id,
                    format!(
                        "the stream scene did not switch back to {:?} on obs connection {name:?}: {err}",
                        self.config.live_scene
                    ),
                );
            }
        }
        self.keep_buffer_running(replay_id).await;
        let mut progress = ending_progress(replay_id, &ending);
        progress.status = Some("closed".to_owned());
        self.write(progress).await;
        tracing::info!(replay_id, reason = %ending.reason, "replay closed");
        self.publish(IvrStatus::Closed {
            replay_id,
            reason: ending.reason,
        });
        self.show_next().await;
    }

    /// Stores a replay that never reached the screen as closed.
    pub(super) async fn close_unshown(&mut self, ready: &Ready, ending: Ending) {
        let mut progress = clip_progress(ready.replay.id, &ready.clip, &ready.rec_name);
        let ended = ending_progress(ready.replay.id, &ending);
        progress.status = Some("closed".to_owned());
        progress.closed_at_us = ended.closed_at_us;
        progress.close_reason = Some(format!("{} before it was shown", ending.reason));
        progress.resolved_at_us = ended.resolved_at_us;
        progress.outcome = ended.outcome;
        progress.won = ended.won;
        self.write(progress).await;
        self.publish(IvrStatus::Closed {
            replay_id: ready.replay.id,
            reason: format!("{} before it was shown", ending.reason),
        });
    }

    /// Starts the replay buffer on the REC connection if it is not running.
    pub(super) async fn keep_buffer_running(&mut self, replay_id: i64) {
        let Some((name, rec)) = self.obs.rec() else {
            return;
        };
        // OBS refuses a start while the buffer is still stopping, and may accept one it then
        // ignores: start, look again a moment later, and only believe what OBS reports.
        let mut last_error = None;
        for attempt in 0..=BUFFER_START_TRIES {
            match rec.replay_buffer_active().await {
                Ok(true) => {
                    if attempt > 0 {
                        tracing::info!(conn = %name, "replay buffer started again");
                    }
                    return;
                }
                Ok(false) if attempt < BUFFER_START_TRIES => {
                    if let Err(err) = rec.start_replay_buffer().await {
                        last_error = Some(err.to_string());
                    }
                }
                Ok(false) => {}
                Err(err) => {
                    tracing::warn!(conn = %name, %err, "cannot ask whether the replay buffer runs");
                    return;
                }
            }
            tokio::time::sleep(BUFFER_START_PAUSE).await;
        }
        let reason = last_error.unwrap_or_else(|| "obs did not start it".to_owned());
        self.warn(
            replay_id,
            format!("the replay buffer on obs connection {name:?} did not start: {reason}"),
        );
    }
}
