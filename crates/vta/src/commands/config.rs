//! `vta config export|import`: the configuration backup (crate `backup`) from a shell. An
//! import needs the data folder to itself ([`DataDirLock`]); a running `vta` imports from the
//! UI instead.

use anyhow::{Context, Result};

use crate::cli::{ConfigArgs, ConfigCommand};
use crate::config::{prepare_data_dir, DATABASE_FILE, PROTOCOL_FILE};
use crate::lock::DataDirLock;

/// The program as a backup names it.
pub const PROGRAM: &str = concat!("vta ", env!("CARGO_PKG_VERSION"));

/// Runs one `vta config` subcommand.
pub fn run(args: ConfigArgs) -> Result<()> {
    let data_dir = prepare_data_dir(args.data_dir.clone(), "")?;
    let database = data_dir.join(DATABASE_FILE);
    store::Store::open(store::StoreConfig::new(&database))?
        .close()
        .context("store close failed")?;
    let protocol_file = data_dir.join(PROTOCOL_FILE);
    let target = backup::Target {
        database: &database,
        protocol_file: &protocol_file,
    };
    let data_key = super::secrets::data_key(&database, &data_dir)?;
    let trail = auth::AuditTrail::open(&database)?;
    match args.command {
        ConfigCommand::Export {
            out,
            passphrase_env,
        } => {
            let passphrase = passphrase(&passphrase_env)?;
            let file = backup::export(target, &data_key, &passphrase, PROGRAM)?;
            std::fs::write(&out, file)
                .with_context(|| format!("cannot write the backup {}", out.display()))?;
            super::auth::audit_cli(&trail, "config_exported", None)?;
            println!("configuration written to {}", out.display());
        }
        ConfigCommand::Import {
            file,
            passphrase_env,
        } => {
            let _lock = DataDirLock::acquire(&data_dir, "importing a configuration")?;
            let passphrase = passphrase(&passphrase_env)?;
            let bytes = std::fs::read(&file)
                .with_context(|| format!("cannot read the backup {}", file.display()))?;
            let summary = backup::import(target, &data_key, &bytes, &passphrase)
                .with_context(|| format!("backup {} refused; nothing changed", file.display()))?;
            super::auth::audit_cli(&trail, "config_imported", None)?;
            println!(
                "configuration imported: {} setting(s), {} OBS connection(s), {}; the database \
                 before it is in {}",
                summary.settings,
                summary.obs_connections,
                if summary.protocol_schema {
                    "the edited protocol schema"
                } else {
                    "the built-in protocol schema"
                },
                summary.copy.display()
            );
        }
    }
    Ok(())
}

fn passphrase(variable: &str) -> Result<String> {
    super::read_secret(false, Some(variable))?.context("the backup passphrase is empty")
}
