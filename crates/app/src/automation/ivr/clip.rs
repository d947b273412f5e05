//! Getting the clip of one replay from OBS: `SaveReplayBuffer`, then the path.
//!
//! The path comes from `ReplayBufferSaved` (subscribed to before the save is sent). As a
//! fallback, `GetLastReplayBufferReplay` is polled from [`ClipTiming::poll_after`] on; a
//! polled path counts only when it differs from the clip before this save (OBS answers with the
//! previous clip until the new one is written). That previous clip is the last one this flow
//! got or, for the first save, what OBS names as its last replay just before it. Everything has
//! one limit, [`ClipTiming::timeout`]; running out of it, or OBS refusing the save, gives the
//! reason in words for the operator.
//!
//! OBS names replays to the second and overwrites a file of the same name, so a save in the
//! second the last clip was written would replace that clip (perhaps on the jury's screen) and
//! come back under the old path, which the flow cannot tell from the old clip. Two challenges
//! at one exchange do that. So a save waits, when it must, for the second after the last
//! clip's write time ([`name_free_at`]): at most a second, and only for back-to-back saves.
//!
//! OBS writes one save at a time: a save sent while it still writes another (one started by a
//! hotkey in OBS, or a save of ours that timed out) comes after that one, whose new path is
//! announced first and whose video ends before the request. A new path whose file OBS created
//! before this save was sent is therefore skipped ([`skip_begun_before`]; the clip folder's
//! clock is this machine's, as when OBS runs beside the program). The same path announced a
//! second time is this save's: OBS wrote it over the other within one second.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

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
    let mut notes = WaitNotes::default();
    let waited = tokio::time::timeout(
        timing.timeout,
        save_and_wait(rec, connection, previous, timing, &mut notes),
    )
    .await;
    match waited {
        Ok(outcome) => outcome,
        Err(_) => {
            let mut reason = format!(
                "no replay clip from obs connection {connection:?} within {:.1} s",
                began.elapsed().as_secs_f64()
            );
            if let Some(err) = notes.last_poll_error {
                reason.push_str(&format!(" (last poll: {err})"));
            }
            if let Some(path) = notes.skipped {
                reason.push_str(&format!(
                    " (skipped {}: OBS began writing it before this save was sent)",
                    path.display()
                ));
            }
            Err(reason)
        }
    }
}

/// What a wait that runs out of time tells the operator besides the timeout.
#[derive(Debug, Default)]
struct WaitNotes {
    /// The last poll's failure.
    last_poll_error: Option<obs::Error>,
    /// A new clip skipped because OBS began it before this save was sent.
    skipped: Option<PathBuf>,
}

async fn save_and_wait(
    rec: &dyn ObsControl,
    connection: &str,
    previous: Option<&Path>,
    timing: ClipTiming,
    notes: &mut WaitNotes,
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
    if let Some(last) = previous.or(before_save.as_deref()) {
        wait_for_a_new_clip_name(last).await;
    }
    let save_sent_at = Instant::now();
    let save_sent_at_us = now_us();
    let save_sent_wall = SystemTime::now();
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
                    let again = notes.skipped.as_ref() == Some(&saved_replay_path);
                    if again || !skip_begun_before(&saved_replay_path, save_sent_wall, notes) {
                        break (saved_replay_path, ClipSource::Event);
                    }
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
                    Ok(path) if is_new(&path) && notes.skipped.as_ref() != Some(&path) => {
                        if !skip_begun_before(&path, save_sent_wall, notes) {
                            break (path, ClipSource::Poll);
                        }
                    }
                    Ok(_) => {}
                    Err(err) => notes.last_poll_error = Some(err),
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

/// Whether OBS began writing `path` before `save_sent` (see the module's doc); if so, notes it
/// as skipped. A file whose creation time cannot be read is taken as begun after.
fn skip_begun_before(path: &Path, save_sent: SystemTime, notes: &mut WaitNotes) -> bool {
    // One `stat` of the clip mpv opens next, in place: `tokio::fs` would add a hop to the
    // blocking pool on the replay's critical path.
    let Ok(created) = std::fs::metadata(path).and_then(|meta| meta.created()) else {
        return false;
    };
    if created >= save_sent {
        return false;
    }
    tracing::warn!(
        path = %path.display(),
        "skipping a clip OBS began before this save was sent; waiting for this save's own"
    );
    notes.skipped = Some(path.to_owned());
    true
}

/// Waits until a save can no longer be named like `last` (see the module's doc).
async fn wait_for_a_new_clip_name(last: &Path) {
    // One `stat`, in place (as in `skip_begun_before`).
    let Ok(written) = std::fs::metadata(last).and_then(|meta| meta.modified()) else {
        // Not on this machine's disk: nothing to compare with.
        return;
    };
    let free_at = name_free_at(written);
    if let Ok(wait) = free_at.duration_since(SystemTime::now()) {
        // A clip on a share whose clock runs ahead would ask for more: never over a second.
        let wait = wait.min(Duration::from_secs(1));
        tracing::info!(
            last = %last.display(),
            wait_ms = wait.as_millis() as u64,
            "waiting for the next second so that OBS names the clip apart from the last one"
        );
        tokio::time::sleep(wait).await;
    }
}

/// The first instant whose whole second is after `written`'s: a save sent from then on is named
/// after a later second than a clip written at `written` (OBS names a clip when it starts
/// writing it, never after the write ends).
fn name_free_at(written: SystemTime) -> SystemTime {
    let second = written
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    UNIX_EPOCH + Duration::from_secs(second + 1)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clip_name_is_free_from_the_next_whole_second() {
        let at = |ms: u64| UNIX_EPOCH + Duration::from_millis(ms);
        assert_eq!(name_free_at(at(1_700_000_000_000)), at(1_700_000_001_000));
        assert_eq!(name_free_at(at(1_700_000_000_999)), at(1_700_000_001_000));
        assert_eq!(name_free_at(at(1_700_000_001_000)), at(1_700_000_002_000));
    }
}
