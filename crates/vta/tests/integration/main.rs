//! Whole-program tests of the `vta` binary: real processes, real UDP, real SQLite files.
//!
//! Modules, and where new tests go:
/// The venue network: sign-in, device tokens, Host and Origin checks against a real
/// `vta run`, reached only on 127.0.0.1 even when bound to 0.0.0.0.
mod access;
/// `vta analytics ...`: a real match's counts as JSON and CSV, clear refusals.
mod analytics_cli;
/// Broken protocol file, unwritable data folder, port in use, garbage datagrams.
mod bad_input;
mod common;
/// `vta config export|import`: the round trip into an emptied folder with a real OBS, and
/// refusals with nothing changed.
mod config_cli;
/// SIGKILL during ingest, restart, nothing committed is lost, the match is rebuilt.
mod crash;
/// `vta demo` against the scenario's own expected result, and `vta matches --json`'s shape.
mod demo;
/// `vta licence ...`, and `vta run` going on without a valid licence.
mod licence_cli;
/// `vta obs ...`: stored connections with sealed passwords, and clear errors.
mod obs_cli;
/// `vta tournaments|days`: a day chosen mid-day takes the next match and its recording, a
/// restart keeps it, and clear refusals.
mod organiser;
/// `vta secrets ...`: the data key under a key file or a passphrase, rotation, refusals.
mod secrets_cli;
/// Checkable conventions (module headers).
mod tidy;
/// Two scoring PCs on one port (127.0.0.2 and 127.0.0.3): one followed, the other stored
/// apart, across a restart (issue #20).
mod two_courts;
