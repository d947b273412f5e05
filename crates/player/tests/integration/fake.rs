//! The player against the in-process fake mpv: the `loadfile` form on the wire for each
//! version, request/reply matching, timeouts, load failures, and a restart after the socket
//! closes. These run everywhere (Unix), without mpv.

use std::time::Duration;

use player::{Error, Player, PlayerConfig, PlayerHandle, PlayerState, Start, StartPrecision};
use serde_json::json;
use tokio_util::sync::CancellationToken;

use crate::common::wait_for_state;
use crate::fake_mpv::{FakeMpv, Script};

async fn start(script: Script) -> (FakeMpv, PlayerHandle, CancellationToken) {
    let fake = FakeMpv::start(script);
    let cancel = CancellationToken::new();
    let player = Player::start(fake.config(), cancel.clone())
        .await
        .expect("start against the fake");
    (fake, player, cancel)
}

#[tokio::test]
async fn mpv_0_35_gets_options_as_the_third_argument() {
    let (fake, player, cancel) = start(Script::version("mpv 0.35.1")).await;
    assert_eq!(player.version().text, "mpv 0.35.1");
    player
        .load("/clips/a.mkv", Start::BeforeEnd(Duration::from_secs(10)))
        .await
        .expect("load");
    assert_eq!(
        fake.commands_named("loadfile"),
        [json!([
            "loadfile",
            "/clips/a.mkv",
            "replace",
            "start=-10.000,pause=no"
        ])]
    );
    assert!(fake
        .commands_named("get_property")
        .iter()
        .all(|command| command[1] != "command-list"));
    assert_eq!(
        *player.state().borrow(),
        PlayerState::Playing {
            path: "/clips/a.mkv".into()
        }
    );
    cancel.cancel();
}

#[tokio::test]
async fn mpv_0_38_gets_options_as_the_fourth_argument() {
    let (fake, player, cancel) = start(Script::version("mpv v0.38.0")).await;
    player
        .load(
            "/clips/b.mkv",
            Start::FromStart(Duration::from_millis(1500)),
        )
        .await
        .expect("load");
    assert_eq!(
        fake.commands_named("loadfile"),
        [json!([
            "loadfile",
            "/clips/b.mkv",
            "replace",
            "-1",
            "start=1.500,pause=no"
        ])]
    );
    let first_frame = player
        .load_with(
            "/clips/b.mkv",
            Start::BeforeEnd(Duration::from_secs(10)),
            StartPrecision::Keyframe,
        )
        .await
        .expect("keyframe load");
    assert_eq!(
        fake.commands_named("loadfile")[1],
        json!([
            "loadfile",
            "/clips/b.mkv",
            "replace",
            "-1",
            "start=-10.000,pause=no,hr-seek=no"
        ])
    );
    // Where it started is mpv's time-pos after the first frame (the fake says 4.25 s).
    assert_eq!(first_frame.position, Some(Duration::from_millis(4_250)));
    cancel.cancel();
}

#[tokio::test]
async fn a_git_build_between_releases_is_settled_by_the_command_list() {
    let script = Script {
        loadfile_has_index: true,
        ..Script::version("mpv v0.37.0-393-g1d1d7a8f5d")
    };
    let (fake, player, cancel) = start(script).await;
    assert_eq!(player.version().loadfile_form(), None);
    player
        .load("/clips/c.mkv", Start::FromStart(Duration::ZERO))
        .await
        .expect("load");
    let loadfile = fake.commands_named("loadfile");
    assert_eq!(loadfile[0][3], "-1", "{loadfile:?}");
    assert_eq!(
        fake.commands_named("get_property")
            .iter()
            .filter(|command| command[1] == "command-list")
            .count(),
        1
    );
    cancel.cancel();
}

#[tokio::test]
async fn replies_find_their_callers_past_garbage_lines() {
    let script = Script {
        garbage_before_replies: true,
        ..Script::version("mpv 0.35.1")
    };
    let (_fake, player, cancel) = start(script).await;
    let (position, duration) = tokio::join!(player.position(), player.duration());
    assert_eq!(position.expect("time-pos"), Some(4.25));
    assert_eq!(
        duration.expect("duration unavailable is not an error"),
        None
    );
    player.pause().await.expect("pause");
    cancel.cancel();
}

#[tokio::test]
async fn a_command_mpv_never_answers_times_out_by_name() {
    let script = Script {
        silent: vec!["frame-step"],
        ..Script::version("mpv 0.35.1")
    };
    let (_fake, player, cancel) = start(script).await;
    let err = player.frame_step().await.expect_err("no reply");
    assert!(
        matches!(&err, Error::Timeout { command, timeout_ms: 300 } if command == "frame-step"),
        "{err:?}"
    );
    // The player still works.
    player.pause().await.expect("pause after a timeout");
    cancel.cancel();
}

#[tokio::test]
async fn a_file_that_fails_to_load_is_a_load_error_and_the_state_goes_idle() {
    let (_fake, player, cancel) = start(Script::version("mpv 0.35.1")).await;
    let err = player
        .load(
            "/clips/missing.mkv",
            Start::BeforeEnd(Duration::from_secs(10)),
        )
        .await
        .expect_err("a missing file");
    assert!(
        matches!(&err, Error::Load { reason, .. } if reason == "loading failed"),
        "{err:?}"
    );
    wait_for_state(&player, Duration::from_secs(1), |state| {
        *state == PlayerState::Idle
    })
    .await
    .expect("idle after a failed load");
    cancel.cancel();
}

#[tokio::test]
async fn a_closed_socket_restarts_mpv_and_the_next_load_works() {
    let (fake, player, cancel) = start(Script::version("mpv 0.35.1")).await;
    let first_pid = player.process_id();
    fake.wait_sessions(1).await;
    fake.drop_connections();
    let error = wait_for_state(&player, Duration::from_secs(2), |state| {
        matches!(state, PlayerState::Error { .. })
    })
    .await
    .expect("error state");
    assert_eq!(
        error,
        PlayerState::Error {
            reason: "mpv closed its ipc socket".into()
        }
    );
    fake.wait_sessions(2).await;
    wait_for_state(&player, Duration::from_secs(2), |state| {
        *state == PlayerState::Idle
    })
    .await
    .expect("idle after the restart");
    assert_ne!(player.process_id(), first_pid, "a new mpv process");
    player
        .load("/clips/d.mkv", Start::FromStart(Duration::ZERO))
        .await
        .expect("load after the restart");
    cancel.cancel();
    tokio::time::timeout(Duration::from_secs(3), player.stopped())
        .await
        .expect("supervisor ends on cancel");
}

#[tokio::test]
async fn bad_arguments_are_refused_before_reaching_mpv() {
    let (fake, player, cancel) = start(Script::version("mpv 0.35.1")).await;
    for speed in [0.0, -0.5, f64::INFINITY, f64::NAN, 101.0] {
        assert!(matches!(
            player.set_speed(speed).await,
            Err(Error::InvalidArgument { .. })
        ));
    }
    assert!(matches!(
        player.seek_relative(f64::NAN).await,
        Err(Error::InvalidArgument { .. })
    ));
    for (a, b) in [(2.0, 1.0), (-1.0, 1.0), (1.0, 1.0), (0.0, f64::NAN)] {
        assert!(matches!(
            player.set_ab_loop(a, b).await,
            Err(Error::InvalidArgument { .. })
        ));
    }
    assert!(fake.commands_named("set_property").is_empty());
    assert!(fake.commands_named("seek").is_empty());
    cancel.cancel();
}

#[tokio::test]
async fn an_mpv_that_keeps_dying_stays_in_error_and_shutdown_still_ends() {
    let fake = FakeMpv::start(Script {
        dies_after_first_start: true,
        ..Script::version("mpv 0.35.1")
    });
    let config = PlayerConfig {
        restart_backoff: Duration::from_millis(400),
        restart_backoff_max: Duration::from_millis(400),
        ..fake.config()
    };
    let cancel = CancellationToken::new();
    let player = Player::start(config, cancel.clone())
        .await
        .expect("start against the fake");
    fake.drop_connections();
    wait_for_state(&player, Duration::from_secs(1), |state| {
        matches!(state, PlayerState::Error { .. })
    })
    .await
    .expect("error state");
    // While the supervisor waits to restart, requests fail at once instead of running late.
    let err = player.pause().await.expect_err("no mpv to pause");
    assert!(matches!(err, Error::Restarting { .. }), "{err:?}");

    // The restarted "mpv" exits at once: the state is Error with its exit status.
    fake.wait_sessions(2).await;
    wait_for_state(
        &player,
        Duration::from_secs(1),
        |state| matches!(state, PlayerState::Error { reason } if reason.contains("exit status: 3")),
    )
    .await
    .expect("error with the exit status");
    cancel.cancel();
    tokio::time::timeout(Duration::from_secs(1), player.stopped())
        .await
        .expect("supervisor ends on cancel while restarting");
    assert!(matches!(player.pause().await, Err(Error::Closed)));
}

/// A load that never shows a frame keeps mpv boosted for at most 1 s (the boost's limit): after
/// that the "mpv" is back to normal scheduling while the load still waits for its timeout.
/// (Where the system refuses the boost, the player says so and nothing is raised.)
#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_load_that_hangs_is_boosted_for_at_most_a_second() {
    const SCHED_OTHER: u32 = 0;
    const SCHED_FIFO: u32 = 1;
    let fake = FakeMpv::start(Script::version("mpv 0.35.1"));
    let cancel = CancellationToken::new();
    let config = PlayerConfig {
        load_timeout: Duration::from_secs(3),
        ..fake.config()
    };
    let player = Player::start(config, cancel.clone())
        .await
        .expect("start against the fake");
    let pid = player.process_id().expect("the script's pid");
    let policy = || -> Vec<u32> {
        crate::common::thread_policies(pid)
            .expect("the script's threads")
            .into_iter()
            .map(|(_, policy)| policy)
            .collect()
    };
    assert!(policy().iter().all(|p| *p == SCHED_OTHER), "{:?}", policy());

    let loading = tokio::spawn({
        let player = player.clone();
        async move {
            player
                .load(
                    "/clips/hangs.mkv",
                    Start::BeforeEnd(Duration::from_secs(10)),
                )
                .await
        }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let boosted = if player.loads_boosted() {
        SCHED_FIFO
    } else {
        SCHED_OTHER
    };
    assert!(policy().iter().all(|p| *p == boosted), "{:?}", policy());
    tokio::time::sleep(Duration::from_millis(1300)).await;
    assert!(!loading.is_finished(), "the load still waits for a frame");
    assert!(policy().iter().all(|p| *p == SCHED_OTHER), "{:?}", policy());
    let err = loading.await.expect("the load task").expect_err("no frame");
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    cancel.cancel();
}
