//! Getting the clip of one replay from OBS: `SaveReplayBuffer`, then the path.
//!
//! The path comes from `ReplayBufferSaved` (subscribed to before the save is sent). As a
//! fallback, `GetLastReplayBufferReplay` is polled from [`ClipTiming::poll_after`] on; a
//! polled path counts only when it differs from the clip before this save (OBS answers with the
//! previous clip until the new one is written). That previous clip is the last one this flow
//! got or, for the first save, what OBS names as its last replay just before it. Everything has
//! one limit, [`ClipTiming::timeout`]; running out of it, or OBS refusing the save, gives the
//! reason in words for the operator.

use std::path::{Path, PathBuf};
use std::time::Duration;

use obs::{Event, ObsControl};
use tokio::sync::broadcast::error::RecvError;
use tokio::time::Instant;

use super::ClipSource;
use crate::ingest::now_us;

/// How long to wait for a clip and how to poll for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ClipTiming {
    /// From sending the save to knowing the path.
    pub timeout: Duration,
    /// From sending the save to the first poll.
    pub poll_after: Duration,
    /// Between two polls.
    pub poll_interval: Duration,
}

/// A clip OBS wrote for one save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SavedClip {
    /// The file.
    pub path: PathBuf,
    /// How the path was learnt.
    pub source: ClipSource,
    /// Wall time the save was sent, µs.
    pub save_sent_at_us: i64,
    /// Wall time OBS answered the save, µs: the clip's content ends here.
    pub clip_end_at_us: i64,
    /// Wall time the path was known, µs.
    pub saved_at_us: i64,
    /// Monotonic time the save was sent.
    pub save_sent_at: Instant,
    /// Monotonic time the path was known.
    pub saved_at: Instant,
}

/// Asks `rec` (the connection named `connection`) for a clip; `previous` is the last clip this
/// flow got. The error is the reason, in words.
pub(super) async fn save_clip(
    rec: &dyn ObsControl,
    connection: &str,
    previous: Option<&Path>,
    timing: ClipTiming,
) -> Result<SavedClip, String> {
    let began = Instant::now();
    let mut last_poll_error = None;
    let waited = tokio::time::timeout(
        timing.timeout,
        save_and_wait(rec, connection, previous, timing, &mut last_poll_error),
    )
    .await;
    match waited {
        Ok(outcome) => outcome,
        Err(_) => {
            let mut reason = format!(
                "no replay clip from obs connection {connection:?} within {:.1} s",
                began.elapsed().as_secs_f64()
            );
            if let Some(err) = last_poll_error {
                reason.push_str(&format!(" (last poll: {err})"));
            }
            Err(reason)
        }
    }
}

async fn save_and_wait(
    rec: &dyn ObsControl,
    connection: &str,
    previous: Option<&Path>,
    timing: ClipTiming,
    last_poll_error: &mut Option<obs::Error>,
) -> Result<SavedClip, String> {
    // Subscribe before the save, so that its event cannot be missed.
    let mut events = rec.events();
    // The first save of this flow has no previous clip: ask OBS which one it has now (one
    // round trip), so that a poll cannot take an older file for the new one.
    let before_save = match previous {
        Some(_) => None,
        None => rec.last_replay().await.ok(),
    };
    let is_new = |path: &Path| Some(path) != previous && Some(path) != before_save.as_deref();
    let save_sent_at = Instant::now();
    let save_sent_at_us = now_us();
    if let Err(err) = rec.save_replay_buffer().await {
        return Err(save_refused(rec, connection, &err).await);
    }
    let clip_end_at_us = now_us();
    let mut next_poll = save_sent_at + timing.poll_after;
    let mut events_open = true;
    let (path, source) = loop {
        tokio::select! {
            event = events.recv(), if events_open => match event {
                Ok(Event::ReplayBufferSaved { saved_replay_path }) if is_new(&saved_replay_path) => {
                    break (saved_replay_path, ClipSource::Event);
                }
                Ok(Event::ReplayBufferStateChanged { output_active: false, .. }) => {
                    return Err(format!(
                        "the replay buffer stopped on obs connection {connection:?} during the save"
                    ));
                }
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => events_open = false,
            },
            _ = tokio::time::sleep_until(next_poll) => {
                next_poll = Instant::now() + timing.poll_interval;
                match rec.last_replay().await {
                    Ok(path) if is_new(&path) => break (path, ClipSource::Poll),
                    Ok(_) => {}
                    Err(err) => *last_poll_error = Some(err),
                }
            }
        }
    };
    Ok(SavedClip {
        path,
        source,
        save_sent_at_us,
        clip_end_at_us,
        saved_at_us: now_us(),
        save_sent_at,
        saved_at: Instant::now(),
    })
}

/// The reason for a refused save, in the operator's words: not connected, the replay buffer
/// not running, or what OBS said.
async fn save_refused(rec: &dyn ObsControl, connection: &str, err: &obs::Error) -> String {
    match err {
        obs::Error::Disconnected => format!("obs connection {connection:?} is not connected"),
        obs::Error::Timeout { .. } => {
            format!("obs connection {connection:?} did not answer: {err}")
        }
        _ => match rec.replay_buffer_active().await {
            Ok(false) => {
                format!("the replay buffer is not running on obs connection {connection:?}")
            }
            _ => format!("obs connection {connection:?} refused the replay save: {err}"),
        },
    }
}
