//! A password that never shows up in `Debug` output or logs.

use std::fmt;

/// An obs-websocket password. `Debug` prints `Password(***)`; there is no `Display`, so the text
/// only leaves through [`Password::expose`], which the authentication code alone calls.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Wraps a password.
    pub fn new(password: impl Into<String>) -> Self {
        Self(password.into())
    }

    /// The password text, for computing the authentication string.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("Password(***)")
    }
}

impl From<&str> for Password {
    fn from(password: &str) -> Self {
        Self::new(password)
    }
}

impl From<String> for Password {
    fn from(password: String) -> Self {
        Self::new(password)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_password() {
        let password = Password::new("hunter2");
        assert_eq!(format!("{password:?}"), "Password(***)");
        assert!(!format!("{:?}", Some(password.clone())).contains("hunter2"));
        assert_eq!(password.expose(), "hunter2");
    }
}
