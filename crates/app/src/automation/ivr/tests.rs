//! The replay flow against an in-process fake OBS and a fake screen, with a real store in a
//! temporary folder: clips by event and by poll, failures and their reasons, the queue, mpv
//! restarts, and each way a replay closes.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::future::BoxFuture;
use match_state::{ChallengeOutcome, DomainEvent};
use obs::client::{RecordStatus, StreamStatus};
use obs::{Event, ObsControl};
use player::{FirstFrame, Start, StartPrecision};
use pss::{ChallengeBy, Side};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::*;
use crate::bus::{AppEvent, ParsedDatagram};
use crate::ingest::now_us;

const MATCH_ID: i64 = 1;

/// A fake OBS: a save writes `/clips/Replay <n>.mkv` after `save_delay`, then (when
/// `send_events`) sends `ReplayBufferSaved`. With a `clip_folder`, it names clips as OBS does,
/// by the second of the save (`Replay <unix second>.mkv`), and writes them there, overwriting.
#[derive(Clone)]
struct FakeObs {
    events: broadcast::Sender<Event>,
    state: Arc<Mutex<FakeState>>,
}

struct FakeState {
    connected: bool,
    buffer_active: bool,
    send_events: bool,
    save_delay: Duration,
    n_saves: u32,
    last: Option<PathBuf>,
    scenes: Vec<String>,
    buffer_starts: u32,
    clip_folder: Option<PathBuf>,
}

impl FakeObs {
    fn new() -> FakeObs {
        FakeObs {
            events: broadcast::channel(64).0,
            state: Arc::new(Mutex::new(FakeState {
                connected: true,
                buffer_active: true,
                send_events: true,
                save_delay: Duration::from_millis(30),
                n_saves: 0,
                last: None,
                scenes: Vec::new(),
                buffer_starts: 0,
                clip_folder: None,
            })),
        }
    }

    /// A fake that names its clips by the second and writes them into `folder`, as OBS does.
    fn writing_into(folder: &Path) -> FakeObs {
        let obs = FakeObs::new();
        obs.state().clip_folder = Some(folder.to_owned());
        obs
    }

    fn state(&self) -> MutexGuard<'_, FakeState> {
        self.state.lock().unwrap()
    }

    fn check_connected(&self) -> obs::Result<()> {
        if self.state().connected {
            Ok(())
        } else {
            Err(obs::Error::Disconnected)
        }
    }

    /// Finishes, after `delay`, a save the flow did not ask for (a hotkey in OBS): `path`
    /// becomes the last replay and is announced.
    fn finish_other_save(&self, path: PathBuf, delay: Duration) {
        let fake = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            fake.state().last = Some(path.clone());
            let _ = fake.events.send(Event::ReplayBufferSaved {
                saved_replay_path: path,
            });
        });
    }
}

fn unsupported<T: Send + 'static>(name: &str) -> BoxFuture<'static, obs::Result<T>> {
    let name = name.to_owned();
    Box::pin(async move { Err(obs::Error::RequestUnsupported { name }) })
}

impl ObsControl for FakeObs {
    fn start_record(&self) -> BoxFuture<'_, obs::Result<()>> {
        unsupported("StartRecord")
    }
    fn stop_record(&self) -> BoxFuture<'_, obs::Result<Option<PathBuf>>> {
        unsupported("StopRecord")
    }
    fn record_status(&self) -> BoxFuture<'_, obs::Result<RecordStatus>> {
        unsupported("GetRecordStatus")
    }
    fn set_record_directory<'a>(&'a self, _: &'a Path) -> BoxFuture<'a, obs::Result<()>> {
        unsupported("SetRecordDirectory")
    }
    fn set_filename_format<'a>(&'a self, _: &'a str) -> BoxFuture<'a, obs::Result<()>> {
        unsupported("SetProfileParameter")
    }
    fn start_replay_buffer(&self) -> BoxFuture<'_, obs::Result<()>> {
        Box::pin(async move {
            self.check_connected()?;
            let mut state = self.state();
            state.buffer_active = true;
            state.buffer_starts += 1;
            Ok(())
        })
    }
    fn stop_replay_buffer(&self) -> BoxFuture<'_, obs::Result<()>> {
        unsupported("StopReplayBuffer")
    }
    fn save_replay_buffer(&self) -> BoxFuture<'_, obs::Result<()>> {
        Box::pin(async move {
            self.check_connected()?;
            let (path, delay, send_event) = {
                let mut state = self.state();
                if !state.buffer_active {
                    return Err(obs::Error::Api {
                        request: "SaveReplayBuffer".into(),
                        code: 501,
                        message: String::new(),
                    });
                }
                state.n_saves += 1;
                let path = match &state.clip_folder {
                    Some(folder) => {
                        let second = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
                        folder.join(format!("Replay {}.mkv", second.as_secs()))
                    }
                    None => PathBuf::from(format!("/clips/Replay {}.mkv", state.n_saves)),
                };
                (path, state.save_delay, state.send_events)
            };
            let fake = self.clone();
            tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                if fake.state().clip_folder.is_some() {
                    std::fs::write(&path, b"clip").unwrap();
                }
                fake.state().last = Some(path.clone());
                if send_event {
                    let _ = fake.events.send(Event::ReplayBufferSaved {
                        saved_replay_path: path,
                    });
                }
            });
            Ok(())
        })
    }
    fn replay_buffer_active(&self) -> BoxFuture<'_, obs::Result<bool>> {
        Box::pin(async move {
            self.check_connected()?;
            Ok(self.state().buffer_active)
        })
    }
    fn last_replay(&self) -> BoxFuture<'_, obs::Result<PathBuf>> {
        Box::pin(async move {
            self.check_connected()?;
            self.state().last.clone().ok_or(obs::Error::Api {
                request: "GetLastReplayBufferReplay".into(),
                code: 604,
                message: "no replay saved yet".into(),
            })
        })
    }
    fn program_scene(&self) -> BoxFuture<'_, obs::Result<String>> {
        Box::pin(async move { Ok(self.state().scenes.last().cloned().unwrap_or_default()) })
    }
    fn set_program_scene<'a>(&'a self, scene_name: &'a str) -> BoxFuture<'a, obs::Result<()>> {
        Box::pin(async move {
            self.check_connected()?;
            self.state().scenes.push(scene_name.to_owned());
            Ok(())
        })
    }
    fn start_stream(&self) -> BoxFuture<'_, obs::Result<()>> {
        unsupported("StartStream")
    }
    fn stop_stream(&self) -> BoxFuture<'_, obs::Result<()>> {
        unsupported("StopStream")
    }
    fn stream_status(&self) -> BoxFuture<'_, obs::Result<StreamStatus>> {
        unsupported("GetStreamStatus")
    }
    fn events(&self) -> broadcast::Receiver<Event> {
        self.events.subscribe()
    }
}

/// One OBS as both REC and STR, or none.
struct FakeSource(Option<FakeObs>);

impl ReplayObs for FakeSource {
    fn rec(&self) -> Option<(String, Arc<dyn ObsControl>)> {
        self.0
            .clone()
            .map(|obs| ("REC".to_owned(), Arc::new(obs) as Arc<dyn ObsControl>))
    }
    fn stream(&self) -> Option<(String, Arc<dyn ObsControl>)> {
        self.0
            .clone()
            .map(|obs| ("STR".to_owned(), Arc::new(obs) as Arc<dyn ObsControl>))
    }
}

/// A fake review screen: remembers loads and closes; the first `crashes` loads fail as if mpv
/// died.
#[derive(Default)]
struct FakeScreen {
    state: Mutex<ScreenState>,
}

#[derive(Default)]
struct ScreenState {
    loads: Vec<(PathBuf, Start, StartPrecision)>,
    closes: u32,
    crashes: u32,
    controls: Vec<PlayerControl>,
    /// What `position` answers.
    position: Option<f64>,
}

impl FakeScreen {
    fn state(&self) -> MutexGuard<'_, ScreenState> {
        self.state.lock().unwrap()
    }
}

impl ReplayScreen for FakeScreen {
    fn load<'a>(
        &'a self,
        path: &'a Path,
        start: Start,
        precision: StartPrecision,
    ) -> BoxFuture<'a, player::Result<FirstFrame>> {
        Box::pin(async move {
            let mut state = self.state();
            if state.crashes > 0 {
                state.crashes -= 1;
                return Err(player::Error::Crashed {
                    command: "loadfile".into(),
                    reason: "mpv exited: signal: 9 (SIGKILL)".into(),
                });
            }
            state.loads.push((path.to_owned(), start, precision));
            Ok(FirstFrame {
                at: std::time::Instant::now(),
                latency: Duration::from_millis(5),
                position: Some(fake_landing(start, precision)),
            })
        })
    }
    fn duration(&self) -> BoxFuture<'_, player::Result<Option<f64>>> {
        Box::pin(async { Ok(Some(20.0)) })
    }
    fn position(&self) -> BoxFuture<'_, player::Result<Option<f64>>> {
        Box::pin(async move { Ok(self.state().position) })
    }
    fn close(&self) -> BoxFuture<'_, player::Result<()>> {
        Box::pin(async move {
            self.state().closes += 1;
            Ok(())
        })
    }
    fn control(&self, control: PlayerControl) -> BoxFuture<'_, player::Result<()>> {
        Box::pin(async move {
            self.state().controls.push(control);
            Ok(())
        })
    }
}

struct Harness {
    _folder: tempfile::TempDir,
    store: store::Store,
    bus: Bus,
    statuses: broadcast::Receiver<AppEvent>,
    obs: FakeObs,
    screen: Arc<FakeScreen>,
    ivr: IvrHandle,
    cancel: CancellationToken,
    tracker: TaskTracker,
    seq: u64,
}

/// Where the fake screen's first frame is: every clip is 20 s long with a keyframe each second.
fn fake_landing(start: Start, precision: StartPrecision) -> Duration {
    let asked = match start {
        Start::FromStart(offset) => offset,
        Start::BeforeEnd(offset) => Duration::from_secs(20).saturating_sub(offset),
    };
    match precision {
        StartPrecision::Exact => asked,
        StartPrecision::Keyframe => Duration::from_secs(asked.as_secs()),
    }
}

fn test_config() -> IvrConfig {
    IvrConfig {
        clip_timeout: Duration::from_millis(600),
        poll_after: Duration::from_millis(100),
        poll_interval: Duration::from_millis(20),
        ..IvrConfig::default()
    }
}

fn start(config: IvrConfig, obs: FakeObs, with_obs: bool) -> Harness {
    let folder = tempfile::tempdir().unwrap();
    let store =
        store::Store::open(store::StoreConfig::new(folder.path().join("vta.sqlite"))).unwrap();
    let bus = Bus::new();
    let statuses = bus.subscribe();
    let screen = Arc::new(FakeScreen::default());
    let tracker = TaskTracker::new();
    let cancel = CancellationToken::new();
    let source = FakeSource(with_obs.then(|| obs.clone()));
    let ivr = spawn_ivr(
        config,
        Arc::new(source),
        Arc::clone(&screen) as Arc<dyn ReplayScreen>,
        store.handle(),
        &bus,
        &tracker,
        cancel.clone(),
    );
    Harness {
        _folder: folder,
        store,
        bus,
        statuses,
        obs,
        screen,
        ivr,
        cancel,
        tracker,
        seq: 0,
    }
}

impl Harness {
    /// Publishes a datagram with these domain events, received `ago` before now.
    fn datagram(&mut self, events: Vec<DomainEvent>, ago: Duration) {
        self.seq += 1;
        self.bus
            .publish(AppEvent::EventParsed(Arc::new(ParsedDatagram {
                seq: self.seq,
                received_at_us: now_us() - ago.as_micros() as i64,
                source: "127.0.0.1:6001".parse().unwrap(),
                messages: Vec::new(),
                domain_events: events,
                match_id: Some(MATCH_ID),
                state: None,
            })));
    }

    fn challenge(&mut self, side: Side, index: usize, ago: Duration) {
        let by = ChallengeBy::Athlete(side);
        self.datagram(vec![DomainEvent::ChallengeRequested { by, index }], ago);
    }

    fn resolve(&mut self, side: Side, index: usize, outcome: ChallengeOutcome, won: Option<bool>) {
        let by = ChallengeBy::Athlete(side);
        let event = DomainEvent::ChallengeResolved {
            by,
            index,
            outcome,
            won,
        };
        self.datagram(vec![event], Duration::ZERO);
    }

    /// The next replay status that `wanted` accepts, within 3 s.
    async fn status(&mut self, wanted: impl Fn(&IvrStatus) -> bool) -> IvrStatus {
        let wait = async {
            loop {
                if let Ok(AppEvent::IvrStatus(status)) = self.statuses.recv().await {
                    if wanted(&status) {
                        return status;
                    }
                }
            }
        };
        tokio::time::timeout(Duration::from_secs(3), wait)
            .await
            .expect("no such replay status within 3 s")
    }

    async fn rows(&self) -> Vec<store::IvrChallengeRow> {
        self.store.handle().flush().await.unwrap();
        self.store.reader().unwrap().ivr_challenges(None).unwrap()
    }

    async fn stop(self) {
        self.cancel.cancel();
        self.tracker.close();
        self.tracker.wait().await;
    }
}

fn is_playing(status: &IvrStatus) -> bool {
    matches!(status, IvrStatus::Playing { .. })
}

fn is_closed(status: &IvrStatus) -> bool {
    matches!(status, IvrStatus::Closed { .. })
}

fn is_failed(status: &IvrStatus) -> bool {
    matches!(status, IvrStatus::Failed { .. })
}

#[tokio::test]
async fn a_challenge_plays_its_clip_from_the_lead_and_closes_on_resolution() {
    let mut test = start(test_config(), FakeObs::new(), true);
    test.challenge(Side::Blue, 0, Duration::from_secs(2));
    let IvrStatus::Playing {
        replay_id,
        path,
        start_offset,
    } = test.status(is_playing).await
    else {
        unreachable!()
    };
    assert_eq!(path, PathBuf::from("/clips/Replay 1.mkv"));
    let (loaded, load_start, precision) = test.screen.state().loads[0].clone();
    assert_eq!(loaded, path);
    // By default a replay starts on the keyframe at or before the lead, and says so.
    assert_eq!(precision, StartPrecision::Keyframe);
    // Requested 2 s before the save: the clip starts the 10 s lead plus those 2 s before its end.
    let Start::BeforeEnd(from_end) = load_start else {
        panic!("{load_start:?}")
    };
    assert!(
        (Duration::from_millis(12_000)..Duration::from_millis(12_300)).contains(&from_end),
        "{from_end:?}"
    );
    let asked = Duration::from_secs(20) - from_end;
    assert_eq!(start_offset, Duration::from_secs(asked.as_secs()));
    assert!(start_offset <= asked && asked - start_offset < Duration::from_secs(1));
    assert_eq!(test.obs.state().scenes, ["IVR_SCENE"]);

    test.resolve(Side::Blue, 0, ChallengeOutcome::Accepted, Some(true));
    let closed = test.status(is_closed).await;
    assert_eq!(
        closed,
        IvrStatus::Closed {
            replay_id,
            reason: "resolved".into()
        }
    );
    assert_eq!(test.obs.state().scenes, ["IVR_SCENE", "LIVE_SCENE"]);
    assert_eq!(test.screen.state().closes, 1);

    let rows = test.rows().await;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.id, replay_id);
    assert_eq!(
        (
            row.trigger.as_str(),
            row.side.as_deref(),
            row.challenge_index,
            row.match_id
        ),
        ("challenge", Some("blue"), Some(0), Some(MATCH_ID))
    );
    assert_eq!(
        (row.status.as_str(), row.close_reason.as_deref()),
        ("closed", Some("resolved"))
    );
    assert_eq!(
        (row.outcome.as_deref(), row.won),
        (Some("accepted"), Some(true))
    );
    assert_eq!(row.clip_path.as_deref(), Some("/clips/Replay 1.mkv"));
    assert_eq!(row.clip_source.as_deref(), Some("event"));
    assert_eq!(
        (row.rec_connection.as_deref(), row.str_connection.as_deref()),
        (Some("REC"), Some("STR"))
    );
    assert_eq!(row.clip_duration_ms, Some(20_000));
    assert_eq!(row.start_offset_ms, Some(start_offset.as_millis() as i64));
    assert_eq!((row.link_window_ms, row.lead_ms), (20_000, 10_000));
    assert_eq!(row.failure, None);
    let stages = row.stage_times();
    assert!(stages.iter().all(Option::is_some), "{row:?}");
    assert!(
        stages.windows(2).all(|pair| pair[0] <= pair[1]),
        "stages out of order: {row:?}"
    );
    test.stop().await;
}

#[tokio::test]
async fn without_the_event_the_poll_finds_the_new_clip_never_the_previous_one() {
    let obs = FakeObs::new();
    {
        let mut state = obs.state();
        state.send_events = false;
        state.last = Some(PathBuf::from("/clips/earlier.mkv"));
        // Polls from 100 ms answer the earlier clip until 250 ms.
        state.save_delay = Duration::from_millis(250);
    }
    let mut test = start(test_config(), obs, true);
    for (index, side) in [(0, Side::Blue), (1, Side::Red)] {
        test.challenge(side, index, Duration::ZERO);
        let IvrStatus::Playing { path, .. } = test.status(is_playing).await else {
            unreachable!()
        };
        assert_eq!(
            path,
            PathBuf::from(format!("/clips/Replay {}.mkv", index + 1))
        );
        test.resolve(side, index, ChallengeOutcome::Denied, None);
        test.status(is_closed).await;
    }
    let rows = test.rows().await;
    let clips: Vec<_> = rows
        .iter()
        .map(|row| {
            (
                row.clip_path.as_deref(),
                row.clip_source.as_deref(),
                row.outcome.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        clips,
        [
            (Some("/clips/Replay 1.mkv"), Some("poll"), Some("denied")),
            (Some("/clips/Replay 2.mkv"), Some("poll"), Some("denied"))
        ]
    );
    test.stop().await;
}

#[tokio::test]
async fn a_stopped_replay_buffer_fails_at_once_with_the_reason_and_is_started_again() {
    let obs = FakeObs::new();
    obs.state().buffer_active = false;
    let mut test = start(test_config(), obs, true);
    test.challenge(Side::Red, 0, Duration::ZERO);
    let IvrStatus::Failed { replay_id, reason } = test.status(is_failed).await else {
        unreachable!()
    };
    assert_eq!(
        reason,
        "the replay buffer is not running on obs connection \"REC\""
    );
    for _ in 0..50 {
        if test.obs.state().buffer_starts > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        test.obs.state().buffer_starts,
        1,
        "started again for the next replay"
    );
    assert!(test.screen.state().loads.is_empty());
    assert!(test.obs.state().scenes.is_empty(), "the stream stays live");

    // The operator retries; the buffer runs again.
    let retry_id = test.ivr.replay_now().await.unwrap();
    let IvrStatus::Playing {
        replay_id: playing, ..
    } = test.status(is_playing).await
    else {
        unreachable!()
    };
    assert_eq!(playing, retry_id);
    let rows = test.rows().await;
    let failed = rows.iter().find(|row| row.id == replay_id).unwrap();
    assert_eq!(failed.status, "failed");
    assert_eq!(failed.failure.as_deref(), Some(reason.as_str()));
    assert_eq!(failed.clip_path, None);
    let retried = rows.iter().find(|row| row.id == retry_id).unwrap();
    assert_eq!(
        (retried.trigger.as_str(), retried.status.as_str()),
        ("operator", "playing")
    );
    test.stop().await;
}

#[tokio::test]
async fn obs_gone_or_silent_fails_within_the_timeout_with_a_clear_reason() {
    let obs = FakeObs::new();
    obs.state().connected = false;
    let mut test = start(test_config(), obs, true);
    test.challenge(Side::Blue, 0, Duration::ZERO);
    let IvrStatus::Failed { reason, .. } = test.status(is_failed).await else {
        unreachable!()
    };
    assert_eq!(reason, "obs connection \"REC\" is not connected");

    // Connected, but the clip never comes: the timeout names the wait.
    {
        let mut state = test.obs.state();
        state.connected = true;
        state.send_events = false;
        state.save_delay = Duration::from_secs(60);
    }
    let asked = std::time::Instant::now();
    test.challenge(Side::Red, 1, Duration::ZERO);
    let IvrStatus::Failed { reason, .. } = test.status(is_failed).await else {
        unreachable!()
    };
    assert!(
        asked.elapsed() < Duration::from_millis(900),
        "{:?}",
        asked.elapsed()
    );
    assert!(
        reason.starts_with("no replay clip from obs connection \"REC\" within 0.6 s"),
        "{reason}"
    );
    let rows = test.rows().await;
    assert!(
        rows.iter()
            .all(|row| row.status == "failed" && row.failure.is_some()),
        "{rows:?}"
    );
    test.stop().await;
}

#[tokio::test]
async fn no_rec_connection_fails_the_replay_with_the_reason() {
    let mut test = start(test_config(), FakeObs::new(), false);
    test.challenge(Side::Blue, 0, Duration::ZERO);
    let IvrStatus::Failed { reason, .. } = test.status(is_failed).await else {
        unreachable!()
    };
    assert_eq!(reason, "no REC obs connection is configured");
    assert_eq!(
        test.rows().await[0].failure.as_deref(),
        Some(reason.as_str())
    );
    test.stop().await;
}

#[tokio::test]
async fn a_second_challenge_is_saved_at_once_queued_and_played_after_the_first() {
    let mut test = start(test_config(), FakeObs::new(), true);
    test.challenge(Side::Blue, 0, Duration::ZERO);
    test.status(is_playing).await;
    test.challenge(Side::Red, 1, Duration::ZERO);
    let queued = test
        .status(|status| matches!(status, IvrStatus::Queued { .. }))
        .await;
    assert!(
        matches!(queued, IvrStatus::Queued { waiting: 1, .. }),
        "{queued:?}"
    );
    test.resolve(Side::Blue, 0, ChallengeOutcome::Cancelled, None);
    test.status(is_closed).await;
    let IvrStatus::Playing { path, .. } = test.status(is_playing).await else {
        unreachable!()
    };
    assert_eq!(path, PathBuf::from("/clips/Replay 2.mkv"));
    test.resolve(Side::Red, 1, ChallengeOutcome::Accepted, Some(false));
    test.status(is_closed).await;
    assert_eq!(
        test.obs.state().scenes,
        ["IVR_SCENE", "LIVE_SCENE", "IVR_SCENE", "LIVE_SCENE"]
    );
    let rows = test.rows().await;
    assert_eq!(rows.len(), 2);
    assert!(
        rows[1].saved_at_us.unwrap() < rows[0].closed_at_us.unwrap(),
        "the second clip was saved while the first was on screen"
    );
    assert_eq!(
        (rows[1].outcome.as_deref(), rows[1].won),
        (Some("accepted"), Some(false))
    );
    test.stop().await;
}

#[tokio::test]
async fn two_challenges_in_one_second_each_get_their_own_clip_though_obs_names_to_the_second() {
    let folder = tempfile::tempdir().unwrap();
    let obs = FakeObs::writing_into(folder.path());
    let config = IvrConfig {
        clip_timeout: Duration::from_secs(2),
        ..test_config()
    };
    let mut test = start(config, obs, true);
    test.challenge(Side::Blue, 0, Duration::ZERO);
    test.challenge(Side::Red, 1, Duration::ZERO);
    let IvrStatus::Playing { path: first, .. } = test.status(is_playing).await else {
        unreachable!()
    };
    test.resolve(Side::Blue, 0, ChallengeOutcome::Cancelled, None);
    let IvrStatus::Playing { path: second, .. } = test.status(is_playing).await else {
        unreachable!()
    };
    assert_ne!(
        first, second,
        "the second save was named after a later second"
    );
    assert!(
        first.exists() && second.exists(),
        "neither clip was overwritten"
    );
    test.stop().await;
}

#[tokio::test]
async fn a_clip_obs_began_before_the_save_is_skipped_for_the_saves_own() {
    let folder = tempfile::tempdir().unwrap();
    let obs = FakeObs::writing_into(folder.path());
    let mut test = start(test_config(), obs.clone(), true);
    // A save started in OBS itself, still being written when the challenge comes, and
    // announced before the challenge's own.
    let other = folder.path().join("Replay from a hotkey.mkv");
    std::fs::write(&other, b"another save").unwrap();
    tokio::time::sleep(Duration::from_millis(5)).await;
    test.challenge(Side::Blue, 0, Duration::ZERO);
    obs.finish_other_save(other.clone(), Duration::from_millis(10));
    let IvrStatus::Playing { path, .. } = test.status(is_playing).await else {
        unreachable!()
    };
    assert_ne!(path, other, "not the clip OBS began before the save");
    assert_eq!(path.parent(), Some(folder.path()));
    test.stop().await;
}

#[tokio::test]
async fn a_replay_decided_before_its_clip_is_shown_never_takes_the_screen() {
    let obs = FakeObs::new();
    obs.state().save_delay = Duration::from_millis(200);
    let mut test = start(test_config(), obs, true);
    test.challenge(Side::Blue, 0, Duration::ZERO);
    test.resolve(Side::Blue, 0, ChallengeOutcome::Cancelled, None);
    let closed = test.status(is_closed).await;
    assert!(
        matches!(&closed, IvrStatus::Closed { reason, .. } if reason == "resolved before it was shown"),
        "{closed:?}"
    );
    assert!(test.screen.state().loads.is_empty());
    let row = &test.rows().await[0];
    assert_eq!(
        row.clip_path.as_deref(),
        Some("/clips/Replay 1.mkv"),
        "the clip is kept"
    );
    assert_eq!(row.outcome.as_deref(), Some("cancelled"));
    test.stop().await;
}

#[tokio::test]
async fn a_load_that_meets_a_restarting_player_is_tried_again() {
    let mut test = start(test_config(), FakeObs::new(), true);
    test.screen.state().crashes = 2;
    test.challenge(Side::Blue, 0, Duration::ZERO);
    let IvrStatus::Playing { path, .. } = test.status(is_playing).await else {
        unreachable!()
    };
    assert_eq!(path, PathBuf::from("/clips/Replay 1.mkv"));
    assert_eq!(test.screen.state().loads.len(), 1);
    test.stop().await;
}

#[tokio::test]
async fn clock_start_and_the_operator_take_the_replay_off_and_controls_pass_through() {
    let mut test = start(test_config(), FakeObs::new(), true);
    let id = test.ivr.replay_now().await.unwrap();
    test.status(is_playing).await;
    // The operator's REPLAY starts on a keyframe like a challenge.
    assert_eq!(test.screen.state().loads[0].2, StartPrecision::Keyframe);
    test.ivr.set_speed(0.5).await.unwrap();
    test.ivr.frame_back_step().await.unwrap();
    test.ivr.set_ab_loop(1.0, 3.0).await.unwrap();
    assert!(test.ivr.close().await.unwrap());
    assert_eq!(
        test.status(is_closed).await,
        IvrStatus::Closed {
            replay_id: id,
            reason: "operator".into()
        }
    );
    assert!(!test.ivr.close().await.unwrap(), "nothing on screen");
    assert_eq!(
        test.screen.state().controls,
        [
            PlayerControl::Speed(0.5),
            PlayerControl::FrameBackStep,
            PlayerControl::AbLoop(1.0, 3.0)
        ]
    );

    test.challenge(Side::Red, 0, Duration::ZERO);
    test.status(is_playing).await;
    test.datagram(
        vec![DomainEvent::ClockStarted { seconds: 45 }],
        Duration::ZERO,
    );
    let closed = test.status(is_closed).await;
    assert!(matches!(&closed, IvrStatus::Closed { reason, .. } if reason == "clock started"));
    // A won/lost that comes after the close still reaches the row.
    test.resolve(Side::Red, 0, ChallengeOutcome::Accepted, Some(true));
    let mut rows = test.rows().await;
    for _ in 0..100 {
        if rows.iter().any(|row| row.won.is_some()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        rows = test.rows().await;
    }
    let row = rows
        .iter()
        .find(|row| row.challenge_index == Some(0))
        .unwrap();
    assert_eq!(row.close_reason.as_deref(), Some("clock started"));
    assert_eq!(
        (row.outcome.as_deref(), row.won),
        (Some("accepted"), Some(true))
    );
    test.stop().await;
}

#[tokio::test]
async fn a_player_that_cannot_start_fails_loads_with_the_reason_and_the_flow_says_so() {
    let tracker = TaskTracker::new();
    let cancel = CancellationToken::new();
    let config = player::PlayerConfig {
        mpv_path: PathBuf::from("/nonexistent/mpv"),
        ..player::PlayerConfig::default()
    };
    let screen = StartingPlayer::spawn(config, &tracker, cancel.clone());
    let refused = screen
        .load(
            Path::new("/clips/Replay 1.mkv"),
            Start::BeforeEnd(Duration::from_secs(10)),
            StartPrecision::Keyframe,
        )
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("cannot start mpv"),
        "{refused}"
    );
    assert!(screen.control(PlayerControl::Play).await.is_err());
    cancel.cancel();
    tracker.close();
    tracker.wait().await;
}

#[tokio::test]
async fn a_changed_lead_and_scenes_reach_the_next_challenge_not_the_one_on_screen() {
    let mut test = start(test_config(), FakeObs::new(), true);
    test.challenge(Side::Blue, 0, Duration::ZERO);
    test.status(is_playing).await;
    let changed = IvrConfig {
        lead: Duration::from_secs(4),
        link_window: Duration::from_secs(7),
        ivr_scene: "REPLAY_CAM".into(),
        live_scene: "COURT_1".into(),
        exact_start: true,
        ..test.ivr.config()
    };
    test.ivr.set_config(changed.clone());
    assert_eq!(test.ivr.config(), changed);
    test.resolve(Side::Blue, 0, ChallengeOutcome::Denied, None);
    test.status(is_closed).await;
    // The replay that was on screen kept the scenes it started with.
    assert_eq!(test.obs.state().scenes, ["IVR_SCENE", "LIVE_SCENE"]);

    test.challenge(Side::Red, 1, Duration::ZERO);
    let second = test.status(is_playing).await;
    let (_, load_start, precision) = test.screen.state().loads[1].clone();
    let Start::BeforeEnd(from_end) = load_start else {
        panic!("{load_start:?}")
    };
    assert!(
        (Duration::from_millis(4_000)..Duration::from_millis(4_300)).contains(&from_end),
        "the new 4 s lead: {from_end:?}"
    );
    assert_eq!(precision, StartPrecision::Exact, "the new exact start");
    let IvrStatus::Playing { start_offset, .. } = second else {
        unreachable!()
    };
    assert_eq!(start_offset, Duration::from_secs(20) - from_end);
    test.resolve(Side::Red, 1, ChallengeOutcome::Denied, None);
    test.status(is_closed).await;
    assert_eq!(
        test.obs.state().scenes,
        ["IVR_SCENE", "LIVE_SCENE", "REPLAY_CAM", "COURT_1"]
    );
    let rows = test.rows().await;
    let stored: Vec<(i64, i64)> = rows.iter().map(|r| (r.lead_ms, r.link_window_ms)).collect();
    assert_eq!(stored, [(10_000, 20_000), (4_000, 7_000)]);
    test.stop().await;
}

#[tokio::test]
async fn a_restart_runs_the_new_mpv_at_once() {
    let tracker = TaskTracker::new();
    let cancel = CancellationToken::new();
    let config = player::PlayerConfig {
        mpv_path: PathBuf::from("/nonexistent/old-mpv"),
        ..player::PlayerConfig::default()
    };
    let screen = StartingPlayer::spawn(config, &tracker, cancel.clone());
    let load = |screen: StartingPlayer| async move {
        screen
            .load(
                Path::new("/clips/a.mkv"),
                Start::BeforeEnd(Duration::ZERO),
                StartPrecision::Exact,
            )
            .await
            .unwrap_err()
            .to_string()
    };
    assert!(load(screen.clone()).await.contains("old-mpv"));
    let mut changed = screen.config();
    changed.mpv_path = PathBuf::from("/nonexistent/new-mpv");
    screen.restart(changed);
    assert_eq!(screen.config().mpv_path, Path::new("/nonexistent/new-mpv"));
    // Tried with the new program at once, not after the retry pause.
    let refused = tokio::time::timeout(StartingPlayer::RETRY / 2, load(screen.clone()))
        .await
        .expect("the new mpv is tried before the retry pause");
    assert!(refused.contains("new-mpv"), "{refused}");
    cancel.cancel();
    tracker.close();
    tracker.wait().await;
}

/// With `VTA_TEST_MPV=1` (or `CI=true`): a real mpv is quit and started again with the new
/// arguments, on the same IPC path, and answers again.
#[tokio::test]
async fn a_restart_replaces_a_running_real_mpv() {
    let wanted = std::env::var("VTA_TEST_MPV").is_ok_and(|value| value == "1")
        || std::env::var("CI").is_ok_and(|value| value == "true");
    if !wanted {
        eprintln!("skipped: real mpv tests run only with VTA_TEST_MPV=1 or CI=true");
        return;
    }
    let tracker = TaskTracker::new();
    let cancel = CancellationToken::new();
    let config = player::PlayerConfig {
        extra_args: vec!["--vo=null".into(), "--ao=null".into()],
        ..player::PlayerConfig::default()
    };
    let screen = StartingPlayer::spawn(config, &tracker, cancel.clone());
    let answers = |screen: StartingPlayer| async move {
        tokio::time::timeout(Duration::from_secs(10), async {
            while screen.position().await.is_err() {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .await
        .is_ok()
    };
    assert!(answers(screen.clone()).await, "mpv answers at first");
    let mut changed = screen.config();
    changed.extra_args.push("--volume=50".into());
    screen.restart(changed.clone());
    assert!(
        screen.position().await.is_err(),
        "no mpv answers between the restart and the new start"
    );
    assert!(answers(screen.clone()).await, "the new mpv answers");
    assert_eq!(screen.config().extra_args, changed.extra_args);
    cancel.cancel();
    tracker.close();
    tracker.wait().await;
}

#[tokio::test]
async fn the_operator_plays_a_file_from_an_offset_loops_part_of_it_and_closes_it() {
    let mut test = start(test_config(), FakeObs::new(), true);
    assert!(matches!(
        test.ivr.set_loop_point(LoopPoint::A).await,
        Err(IvrError::NothingOnScreen)
    ));
    let id = test
        .ivr
        .play_file("/rec/101.mkv".into(), Duration::from_millis(9_500))
        .await
        .unwrap();
    assert!(id < 0, "a file is no stored replay: {id}");
    let playing = test.status(is_playing).await;
    assert_eq!(
        playing,
        IvrStatus::Playing {
            replay_id: id,
            path: "/rec/101.mkv".into(),
            start_offset: Duration::from_millis(9_500),
        }
    );
    assert_eq!(
        test.screen.state().loads,
        [(
            PathBuf::from("/rec/101.mkv"),
            Start::FromStart(Duration::from_millis(9_500)),
            StartPrecision::Exact
        )]
    );
    test.screen.state().position = Some(10.0);
    let a_only = test.ivr.set_loop_point(LoopPoint::A).await.unwrap();
    assert_eq!(
        a_only,
        AbLoop {
            a: Some(10.0),
            b: None
        }
    );
    test.screen.state().position = Some(12.5);
    let both = test.ivr.set_loop_point(LoopPoint::B).await.unwrap();
    assert_eq!(
        both,
        AbLoop {
            a: Some(10.0),
            b: Some(12.5)
        }
    );
    // A new A past B drops B.
    test.screen.state().position = Some(13.0);
    let moved = test.ivr.set_loop_point(LoopPoint::A).await.unwrap();
    assert_eq!(
        moved,
        AbLoop {
            a: Some(13.0),
            b: None
        }
    );
    assert_eq!(test.ivr.clear_loop().await.unwrap(), AbLoop::default());
    assert_eq!(
        test.screen.state().controls,
        [
            PlayerControl::ClearAbLoop,
            PlayerControl::AbLoop(10.0, 12.5),
            PlayerControl::ClearAbLoop,
            PlayerControl::ClearAbLoop
        ]
    );

    // A second file replaces the first; the close ends it like a replay, and no row is stored.
    let second = test
        .ivr
        .play_file("/rec/102.mkv".into(), Duration::ZERO)
        .await
        .unwrap();
    assert_ne!(second, id);
    assert!(test.ivr.close().await.unwrap());
    let closed = test.status(
        |status| matches!(status, IvrStatus::Closed { replay_id, .. } if *replay_id == second),
    );
    assert!(matches!(closed.await, IvrStatus::Closed { reason, .. } if reason == "operator"));
    assert!(test.rows().await.is_empty());
    test.stop().await;
}
