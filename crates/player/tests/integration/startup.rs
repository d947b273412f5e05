//! Starting the player without a usable mpv: the errors say what to fix.

use std::path::PathBuf;

use player::{Error, Player, PlayerConfig};
use tokio_util::sync::CancellationToken;

#[tokio::test]
async fn a_missing_mpv_is_a_spawn_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let config = PlayerConfig {
        mpv_path: PathBuf::from("/nonexistent/bin/mpv"),
        ipc_path: dir.path().join("mpv.sock"),
        ..PlayerConfig::default()
    };
    let err = Player::start(config, CancellationToken::new())
        .await
        .expect_err("started a missing mpv");
    assert!(matches!(err, Error::Spawn { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("/nonexistent/bin/mpv"), "{message}");
    assert!(message.contains("is mpv installed"), "{message}");
}

#[cfg(unix)]
#[tokio::test]
async fn a_program_that_exits_at_once_is_a_startup_error() {
    let dir = tempfile::tempdir().unwrap();
    let config = PlayerConfig {
        // `false` ignores the mpv arguments and exits with status 1, as mpv does on a bad option.
        mpv_path: PathBuf::from("false"),
        ipc_path: dir.path().join("mpv.sock"),
        ..PlayerConfig::default()
    };
    let err = Player::start(config, CancellationToken::new())
        .await
        .expect_err("false is not mpv");
    let message = err.to_string();
    assert!(matches!(err, Error::Startup { .. }), "{err:?}");
    assert!(
        message.contains("exited before its ipc server was ready"),
        "{message}"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn a_program_that_never_opens_the_socket_times_out() {
    use std::os::unix::fs::PermissionsExt as _;
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let program = dir.path().join("silent-mpv");
    std::fs::write(&program, "#!/bin/sh\nexec sleep 30\n").unwrap();
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    let config = PlayerConfig {
        mpv_path: program,
        ipc_path: dir.path().join("mpv.sock"),
        startup_timeout: Duration::from_millis(300),
        ..PlayerConfig::default()
    };
    let started = Instant::now();
    let err = Player::start(config, CancellationToken::new())
        .await
        .expect_err("the script is not mpv");
    assert!(matches!(err, Error::Startup { .. }), "{err:?}");
    assert!(err.to_string().contains("after 300 ms"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}
