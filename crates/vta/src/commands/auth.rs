//! `vta auth ...`: the operator password and device tokens from a shell, on the database in
//! the data folder (no running `vta` is needed; a running one sees the change at its next
//! request).

use anyhow::{Context, Result};
use auth::{AuditEntry, AuditTrail, Credentials, Role};
use store::{Store, StoreConfig};

use crate::cli::{AuditArgs, AuthArgs, AuthCommand, TokenCommand, TokenRoleArg};
use crate::config::{prepare_data_dir, DATABASE_FILE};

/// The database in the data folder, migrated (so the credential and audit tables exist).
fn database(data_dir: Option<std::path::PathBuf>) -> Result<std::path::PathBuf> {
    let data_dir = prepare_data_dir(data_dir, "")?;
    let database = data_dir.join(DATABASE_FILE);
    Store::open(StoreConfig::new(&database))?
        .close()
        .context("store close failed")?;
    Ok(database)
}

/// Writes an audit entry of the command line (`actor` `cli`).
pub fn audit_cli(trail: &AuditTrail, action: &str, target: Option<&str>) -> Result<()> {
    trail
        .record(&AuditEntry {
            actor: "cli".to_owned(),
            address: None,
            action: action.to_owned(),
            target: target.map(str::to_owned),
        })
        .context("the audit entry could not be written")
}

/// Runs one `vta auth` subcommand.
pub fn run(args: AuthArgs) -> Result<()> {
    let database = database(args.data_dir.clone())?;
    let credentials = Credentials::open(&database)?;
    let trail = AuditTrail::open(&database)?;
    match args.command {
        AuthCommand::SetPassword {
            password_stdin,
            password_env,
        } => {
            let password = super::read_secret(password_stdin, password_env.as_deref())?
                .context("give the password with --password-stdin or --password-env VAR")?;
            credentials.set_password(&password)?;
            audit_cli(&trail, "password_set", None)?;
            println!("operator password set; every browser session was signed out");
        }
        AuthCommand::Token(TokenCommand::Create { role, name }) => {
            let role = match role {
                TokenRoleArg::Operator => Role::Operator,
                TokenRoleArg::Viewer => Role::Viewer,
            };
            let token = credentials.create_token(&name, role)?;
            audit_cli(&trail, "token_created", Some(&name))?;
            println!("{token}");
            eprintln!(
                "token {name:?} ({}) created; its value (above, on standard output) is shown \
                 this once. An overlay opens with it as \
                 http://<this machine>:<port>/overlay/scoreboard?token=<the value>",
                role.as_str()
            );
        }
        AuthCommand::Token(TokenCommand::Revoke { name }) => {
            if !credentials.revoke_token(&name)? {
                anyhow::bail!("no token named {name:?}");
            }
            audit_cli(&trail, "token_revoked", Some(&name))?;
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

/// `vta audit`: the newest entries of the audit trail.
pub fn audit(args: AuditArgs) -> Result<()> {
    let database = database(args.data.data_dir.clone())?;
    let rows = AuditTrail::open(&database)?.newest(args.limit)?;
    if args.json {
        let rows: Vec<_> = rows.iter().map(server::audit_row).collect();
        println!("{}", serde_json::Value::Array(rows));
        return Ok(());
    }
    for row in rows {
        let entry = row.entry;
        let seconds = row.at_us.max(0) as u64 / 1_000_000;
        let time_of_day = seconds % 86_400;
        println!(
            "{} {:02}:{:02}:{:02}Z  {:<20} {:<16} {:<40} {}",
            licence::Date::from_unix_seconds(seconds),
            time_of_day / 3600,
            time_of_day / 60 % 60,
            time_of_day % 60,
            entry.actor,
            entry.address.unwrap_or_else(|| "-".to_owned()),
            entry.action,
            entry.target.unwrap_or_default()
        );
    }
    Ok(())
}
