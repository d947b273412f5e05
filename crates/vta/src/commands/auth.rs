//! `vta auth ...`: the operator password and device tokens from a shell, on the database in
//! the data folder (no running `vta` is needed; a running one sees the change at its next
//! request).

use anyhow::{Context, Result};
use auth::{Credentials, Role};
use store::{Store, StoreConfig};

use crate::cli::{AuthArgs, AuthCommand, TokenCommand, TokenRoleArg};
use crate::config::{prepare_data_dir, DATABASE_FILE};

/// Runs one `vta auth` subcommand.
pub fn run(args: AuthArgs) -> Result<()> {
    let data_dir = prepare_data_dir(args.data_dir.clone(), "")?;
    let database = data_dir.join(DATABASE_FILE);
    // Opening the store migrates a new or older file, so the credential tables exist.
    Store::open(StoreConfig::new(&database))?
        .close()
        .context("store close failed")?;
    let credentials = Credentials::open(&database)?;
    match args.command {
        AuthCommand::SetPassword {
            password_stdin,
            password_env,
        } => {
            let password = super::read_secret(password_stdin, password_env.as_deref())?
                .context("give the password with --password-stdin or --password-env VAR")?;
            credentials.set_password(&password)?;
            tracing::info!(actor = "cli", action = "password_set", "auth");
            println!("operator password set; every browser session was signed out");
        }
        AuthCommand::Token(TokenCommand::Create { role, name }) => {
            let role = match role {
                TokenRoleArg::Operator => Role::Operator,
                TokenRoleArg::Viewer => Role::Viewer,
            };
            let token = credentials.create_token(&name, role)?;
            tracing::info!(actor = "cli", action = "token_created", target = %name, "auth");
            println!("{token}");
            eprintln!(
                "token {name:?} ({}) created; it is shown this once. Overlay URL: \
                 http://<this machine>:<port>/overlay/scoreboard?token={token}",
                role.as_str()
            );
        }
        AuthCommand::Token(TokenCommand::Revoke { name }) => {
            if !credentials.revoke_token(&name)? {
                anyhow::bail!("no token named {name:?}");
            }
            tracing::info!(actor = "cli", action = "token_revoked", target = %name, "auth");
            println!("revoked {name}");
        }
        AuthCommand::Token(TokenCommand::List { json }) => {
            let tokens = credentials.tokens()?;
            if json {
                let rows: Vec<_> = tokens
                    .iter()
                    .map(|token| {
                        serde_json::json!({
                            "name": token.name,
                            "role": token.role.as_str(),
                            "created_at_us": token.created_at_us,
                            "last_used_at_us": token.last_used_at_us,
                        })
                    })
                    .collect();
                println!("{}", serde_json::Value::Array(rows));
            } else if tokens.is_empty() {
                println!("no device tokens");
            } else {
                for token in tokens {
                    println!("{:<32} {}", token.name, token.role.as_str());
                }
            }
        }
    }
    Ok(())
}
