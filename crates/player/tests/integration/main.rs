//! The `player` integration tests, in one binary.
//!
//! Tests against a real mpv (`--vo=null --ao=null`) run when `VTA_TEST_MPV=1` or `CI=true`, and
//! then fail if mpv or ffmpeg is missing; otherwise they say that they skipped and why. Tests that
//! need no mpv (a fake mpv IPC peer, a missing program, conventions) run everywhere.
//!
//! The fake and the real-mpv tests use Unix sockets, shell scripts and `kill`, so they are
//! compiled on Unix only; on Windows this binary checks the missing-mpv error and the
//! conventions.

// Shared helpers: the test clip, a configured player, waiting for a state or a position.
#[cfg(unix)]
mod common;
// The in-process fake of mpv's IPC server.
#[cfg(unix)]
mod fake_mpv;
// The player against the fake: protocol, version forms, timeouts, restarts.
#[cfg(unix)]
mod fake;
// Starting without mpv: the error the operator sees.
mod startup;
// Everything against a real mpv 0.35: loads, transport controls, close, crash and restart.
// Linux only: it kills mpv with `kill -9` and looks for it in /proc.
#[cfg(unix)]
mod real_mpv;
// mpv dies with a SIGKILLed parent (PR_SET_PDEATHSIG), against a real mpv; Linux only.
#[cfg(target_os = "linux")]
mod death;
// Conventions checked as tests (module headers).
mod tidy;
