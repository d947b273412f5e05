//! mpv dies with the process that started the player, even when that process is SIGKILLed
//! (Linux: `PR_SET_PDEATHSIG`, set by one long-lived spawner thread).
//!
//! The test runs this binary again as a child that starts a real player from a thread that
//! ends at once (the case where a per-thread death signal would fire too early), writes mpv's
//! pid, and waits; the parent checks that mpv outlives that thread, kills the child with
//! SIGKILL and expects mpv gone within a second.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use player::Player;
use tokio_util::sync::CancellationToken;

use crate::common::{config, real_mpv};

/// Set (to a folder) in the child: start a player there and wait to be killed.
const CHILD_ENV: &str = "VTA_PLAYER_DEATH_CHILD";
/// This test's name, for running it alone in the child.
const TEST_NAME: &str = "death::mpv_dies_when_the_process_that_started_it_is_killed";
/// How long the child waits to be killed before it gives up (the parent failed).
const CHILD_LIFETIME: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mpv_dies_when_the_process_that_started_it_is_killed() -> anyhow::Result<()> {
    if let Some(dir) = std::env::var_os(CHILD_ENV) {
        return hold_a_player(Path::new(&dir)).await;
    }
    let Some((_guard, _clip)) = real_mpv().await else {
        return Ok(());
    };
    let dir = tempfile::tempdir()?;
    let mut child = Command::new(std::env::current_exe()?)
        .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .context("run the test binary as the child")?;
    let pid_file = dir.path().join("mpv.pid");
    let deadline = Instant::now() + Duration::from_secs(15);
    let mpv_pid: u32 = loop {
        if let Ok(text) = std::fs::read_to_string(&pid_file) {
            if let Ok(pid) = text.trim().parse() {
                break pid;
            }
        }
        if let Some(status) = child.try_wait()? {
            bail!("the child ended ({status}) before it started mpv");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            bail!("the child did not start mpv within 15 s");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    // The thread that asked for the spawn has ended by now; mpv must not have died with it.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        alive(mpv_pid),
        "mpv {mpv_pid} died with the spawning thread"
    );

    child.kill().context("SIGKILL the child")?;
    child.wait()?;
    let killed = Instant::now();
    while alive(mpv_pid) {
        if killed.elapsed() > Duration::from_secs(1) {
            // Do not leave it behind for the next test.
            let _ = Command::new("kill")
                .args(["-9", &mpv_pid.to_string()])
                .status();
            bail!("mpv {mpv_pid} still runs 1 s after its parent was killed");
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    eprintln!(
        "mpv gone {:?} after its parent was killed",
        killed.elapsed()
    );
    Ok(())
}

/// The child: starts a player from a thread that ends right away, writes mpv's pid to
/// `dir/mpv.pid`, then waits to be killed.
async fn hold_a_player(dir: &Path) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Handle::current();
    let player_config = config(dir);
    let player = std::thread::spawn(move || {
        runtime.block_on(Player::start(player_config, CancellationToken::new()))
    })
    .join()
    .map_err(|_| anyhow::anyhow!("the starting thread panicked"))??;
    let pid = player.process_id().context("mpv's pid")?;
    let partial = dir.join("mpv.pid.partial");
    std::fs::write(&partial, pid.to_string())?;
    std::fs::rename(&partial, dir.join("mpv.pid"))?;
    tokio::time::sleep(CHILD_LIFETIME).await;
    bail!("the child was not killed within {CHILD_LIFETIME:?}")
}

/// Whether `pid` runs (a zombie nobody reaped yet counts as gone).
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X")
    })
}
