//! `vta secrets ...`: the data key that seals every stored secret (crate `vault`), and
//! [`data_key`], with which every command that needs a secret opens it.

use std::path::Path;

use anyhow::{Context, Result};
use vault::{Protection, SecretKey, Unlock, Vault};

use crate::cli::{ProtectionArg, SecretsArgs, SecretsCommand};
use crate::config::{prepare_data_dir, DATABASE_FILE};
use crate::lock::DataDirLock;

/// What opens the data key here: the passphrase in `VTA_SECRETS_PASSPHRASE`, if set.
pub fn unlock_from_env() -> Unlock {
    Unlock {
        passphrase: std::env::var(vault::PASSPHRASE_ENV)
            .ok()
            .filter(|text| !text.is_empty()),
    }
}

/// The data key of the (migrated) database `database` in `data_dir`, made the first time.
pub fn data_key(database: &Path, data_dir: &Path) -> Result<SecretKey> {
    Vault::open(database, data_dir)?
        .data_key(&unlock_from_env())
        .context("cannot open the data key that seals the stored secrets")
}

/// Runs one `vta secrets` subcommand.
pub fn run(args: SecretsArgs) -> Result<()> {
    let data_dir = prepare_data_dir(args.data_dir.clone(), "")?;
    let database = data_dir.join(DATABASE_FILE);
    let store = store::Store::open(store::StoreConfig::new(&database))?;
    store.close().context("store close failed")?;
    let mut vault = Vault::open(&database, &data_dir)?;
    let unlock = unlock_from_env();
    match args.command {
        SecretsCommand::Status { json } => {
            vault.data_key(&unlock)?;
            let status = vault.status()?.context("the data key was not made")?;
            if json {
                let value = serde_json::json!({
                    "protection": status.protection.as_str(),
                    "created_at_us": status.created_at_us,
                    "sealed_secrets": status.sealed_secrets,
                });
                println!("{value}");
            } else {
                println!(
                    "data key protected by {}; {} secret(s) sealed under it",
                    status.protection.as_str(),
                    status.sealed_secrets
                );
            }
        }
        SecretsCommand::Rotate => {
            let _lock = DataDirLock::acquire(&data_dir, "rotating the data key")?;
            let resealed = vault.rotate(&unlock)?;
            super::auth::audit_cli(&auth::AuditTrail::open(&database)?, "secrets_rotated", None)?;
            println!("data key rotated; {resealed} secret(s) re-sealed under the new key");
        }
        SecretsCommand::Protect {
            protection,
            passphrase_env,
        } => {
            let _lock = DataDirLock::acquire(&data_dir, "changing the data key's protection")?;
            let protection = match protection {
                ProtectionArg::KeyFile => Protection::KeyFile,
                ProtectionArg::Passphrase => Protection::Passphrase,
                ProtectionArg::Dpapi => Protection::Dpapi,
            };
            let next = Unlock {
                passphrase: match protection {
                    Protection::Passphrase => Some(
                        super::read_secret(false, passphrase_env.as_deref())?
                            .context("give the new passphrase with --passphrase-env VAR")?,
                    ),
                    _ => None,
                },
            };
            vault.protect(&unlock, protection, &next)?;
            super::auth::audit_cli(
                &auth::AuditTrail::open(&database)?,
                "secrets_protection_changed",
                Some(protection.as_str()),
            )?;
            println!("data key now protected by {}", protection.as_str());
            if protection == Protection::Passphrase {
                println!(
                    "give the passphrase in {} at every start",
                    vault::PASSPHRASE_ENV
                );
            }
        }
    }
    Ok(())
}
