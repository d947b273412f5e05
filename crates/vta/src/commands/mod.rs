//! One module per subcommand.

pub mod analytics;
pub mod auth;
pub mod bench;
pub mod bench_analytics;
pub mod bench_ivr;
pub mod config;
pub mod demo;
pub mod licence;
pub mod obs;
pub mod organiser;
pub mod query;
pub mod replay;
pub mod run;
pub mod scoreboard;
pub mod secrets;
pub mod sim;

/// A secret from the first line of standard input or from an environment variable, never
/// from a command-line value (which `ps` would show); `None` when neither is asked for.
pub fn read_secret(from_stdin: bool, from_env: Option<&str>) -> anyhow::Result<Option<String>> {
    use anyhow::Context;
    use std::io::BufRead;
    let text = if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the secret from standard input")?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else if let Some(variable) = from_env {
        std::env::var(variable)
            .with_context(|| format!("environment variable {variable} is not set"))?
    } else {
        return Ok(None);
    };
    if text.is_empty() {
        anyhow::bail!("the secret is empty");
    }
    Ok(Some(text))
}
