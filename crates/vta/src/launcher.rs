//! The launcher's token: the desktop shell starts `vta` with a random token in
//! `VTA_LAUNCHER_TOKEN`, which the server then accepts as an operator's for this process only
//! (never stored), so the shell's window and requests need no sign-in even when `vta` serves
//! the venue network. [`take_token_from_env`] runs first in `main`, before any thread, and
//! removes the variable so that no child process (mpv) inherits it.

use std::sync::OnceLock;

/// The environment variable the desktop shell sets.
pub const LAUNCHER_TOKEN_ENV: &str = "VTA_LAUNCHER_TOKEN";

/// Shortest token accepted: 128 bits as hex.
const MIN_TOKEN_CHARS: usize = 32;

static TOKEN: OnceLock<String> = OnceLock::new();

/// Reads the token from the environment and removes it there. Call before any thread starts.
pub fn take_token_from_env() {
    let Some(value) = std::env::var_os(LAUNCHER_TOKEN_ENV) else {
        return;
    };
    std::env::remove_var(LAUNCHER_TOKEN_ENV);
    match value.into_string() {
        Ok(token) if token.len() >= MIN_TOKEN_CHARS => {
            let _ = TOKEN.set(token);
        }
        // Logging is not set up yet; standard error is where a start-up mistake goes.
        _ => eprintln!(
            "warning: {LAUNCHER_TOKEN_ENV} is ignored: a launcher token has {MIN_TOKEN_CHARS} characters or more"
        ),
    }
}

/// The launcher's token, when `vta` was started with one.
pub fn token() -> Option<&'static str> {
    TOKEN.get().map(String::as_str)
}
