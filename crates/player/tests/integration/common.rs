//! Helpers shared by the integration tests: whether real-mpv tests run, the 12 s test clip
//! (made once per target folder with ffmpeg), a player on a socket in a temp folder, waits
//! for a state or a position, and the scheduling policies of a process's threads.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{bail, ensure, Context as _};
use player::{Player, PlayerConfig, PlayerHandle, PlayerState};
use tokio::sync::{Mutex, MutexGuard};
use tokio_util::sync::CancellationToken;

/// Length of the test clip, in seconds.
pub const CLIP_SECONDS: f64 = 12.0;
/// Frame rate of the test clip.
pub const CLIP_FPS: f64 = 30.0;

/// Real-mpv tests run one at a time so that latency figures are not two mpv processes
/// fighting for two cores.
static MPV_LOCK: Mutex<()> = Mutex::const_new(());

/// The test clip and a guard that keeps other real-mpv tests out, or `None` (after saying why)
/// when real-mpv tests are not asked for. Panics when they are asked for and mpv or ffmpeg is
/// missing.
pub async fn real_mpv() -> Option<(MutexGuard<'static, ()>, PathBuf)> {
    let wanted = std::env::var("VTA_TEST_MPV").is_ok_and(|value| value == "1")
        || std::env::var("CI").is_ok_and(|value| value == "true");
    if !wanted {
        eprintln!("skipped: real mpv tests run only with VTA_TEST_MPV=1 or CI=true");
        return None;
    }
    let guard = MPV_LOCK.lock().await;
    let clip = test_clip().expect("make the test clip (are mpv and ffmpeg installed?)");
    Some((guard, clip))
}

/// A 12 s 320x240 30 fps clip (testsrc2 picture, sine sound, H.264 + AAC, a key frame every
/// second), made once per target folder.
fn test_clip() -> anyhow::Result<PathBuf> {
    let status = Command::new("mpv").arg("--version").output();
    ensure!(
        status.is_ok_and(|output| output.status.success()),
        "mpv is not installed (apt-get install mpv)"
    );
    let clip = Path::new(env!("CARGO_TARGET_TMPDIR")).join("player-test-clip-12s.mp4");
    if clip.exists() {
        return Ok(clip);
    }
    let partial = clip.with_extension(format!("{}.mp4", std::process::id()));
    let output = Command::new("ffmpeg")
        .args(["-loglevel", "error", "-y"])
        .args(["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30"])
        .args(["-f", "lavfi", "-i", "sine=frequency=440"])
        .args([
            "-t",
            "12",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-g",
            "30",
        ])
        .args(["-pix_fmt", "yuv420p", "-c:a", "aac"])
        .arg(&partial)
        .output()
        .context("run ffmpeg (apt-get install ffmpeg)")?;
    if !output.status.success() {
        bail!("ffmpeg failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    std::fs::rename(&partial, &clip).context("move the test clip in place")?;
    Ok(clip)
}

/// A config for a headless mpv with its socket in `dir`.
pub fn config(dir: &Path) -> PlayerConfig {
    PlayerConfig {
        ipc_path: dir.join("mpv.sock"),
        extra_args: vec!["--no-config".into(), "--vo=null".into(), "--ao=null".into()],
        ..PlayerConfig::default()
    }
}

/// A running headless player, its socket folder and its shutdown token.
pub struct TestPlayer {
    /// The handle under test.
    pub player: PlayerHandle,
    /// Cancels the player (and quits mpv) when the test ends.
    pub cancel: CancellationToken,
    /// Keeps the socket folder alive.
    _dir: tempfile::TempDir,
}

impl Drop for TestPlayer {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

/// Starts a headless player.
pub async fn start_player() -> anyhow::Result<TestPlayer> {
    let dir = tempfile::tempdir()?;
    let cancel = CancellationToken::new();
    let player = Player::start(config(dir.path()), cancel.clone())
        .await
        .context("start mpv")?;
    Ok(TestPlayer {
        player,
        cancel,
        _dir: dir,
    })
}

/// Waits until the state satisfies `done` and returns it.
pub async fn wait_for_state(
    player: &PlayerHandle,
    timeout: Duration,
    done: impl FnMut(&PlayerState) -> bool,
) -> anyhow::Result<PlayerState> {
    let mut state = player.state();
    let waited = tokio::time::timeout(timeout, state.wait_for(done)).await;
    match waited {
        Ok(Ok(state)) => Ok(state.clone()),
        Ok(Err(_)) => bail!("state channel closed"),
        Err(_) => bail!(
            "state still {:?} after {timeout:?}",
            *player.state().borrow()
        ),
    }
}

/// Polls `time-pos` until it satisfies `done` and returns it.
pub async fn wait_for_position(
    player: &PlayerHandle,
    timeout: Duration,
    mut done: impl FnMut(f64) -> bool,
) -> anyhow::Result<f64> {
    let deadline = tokio::time::Instant::now() + timeout;
    let mut last = None;
    while tokio::time::Instant::now() < deadline {
        last = player.position().await?;
        if let Some(position) = last.filter(|position| done(*position)) {
            return Ok(position);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    bail!("position still {last:?} after {timeout:?}")
}

/// The position once it has stopped moving (after a seek or step while paused).
pub async fn settled_position(player: &PlayerHandle) -> anyhow::Result<f64> {
    let mut previous = player.position().await?;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(40)).await;
        let current = player.position().await?;
        if current.is_some() && current == previous {
            return current.context("no position");
        }
        previous = current;
    }
    bail!("position never settled, last {previous:?}")
}

/// Each thread of `pid` with its scheduling policy (field 41 of `/proc/<pid>/task/<tid>/stat`).
#[cfg(target_os = "linux")]
pub fn thread_policies(pid: u32) -> anyhow::Result<Vec<(String, u32)>> {
    let mut policies = Vec::new();
    for entry in std::fs::read_dir(format!("/proc/{pid}/task"))? {
        let path = entry?.path().join("stat");
        let stat = std::fs::read_to_string(&path)?;
        // The fields after the command name in parentheses start at field 3.
        let after_name = stat.rsplit_once(')').context("a stat line")?.1;
        let policy = after_name
            .split_whitespace()
            .nth(41 - 3)
            .context("the policy field")?
            .parse()?;
        policies.push((path.display().to_string(), policy));
    }
    Ok(policies)
}
