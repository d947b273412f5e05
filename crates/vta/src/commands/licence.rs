//! `vta licence`: this machine's code for the vendor, installing a licence file, the status.
//! The running `vta run` reads the licence at start; `PUT /api/licence` installs one while it
//! runs.

use anyhow::{Context, Result};
use app::licence::LicenceHandle;

use crate::cli::{LicenceArgs, LicenceCommand};
use crate::config::prepare_data_dir;

/// Runs one `vta licence` subcommand.
pub fn run(args: LicenceArgs) -> Result<()> {
    match args.command {
        LicenceCommand::Fingerprint => fingerprint(),
        LicenceCommand::Install { file } => {
            let handle = LicenceHandle::for_this_machine(&prepare_data_dir(args.data_dir, "")?);
            install(&handle, &file)
        }
        LicenceCommand::Status => {
            let handle = LicenceHandle::for_this_machine(&prepare_data_dir(args.data_dir, "")?);
            status(&handle);
            Ok(())
        }
    }
}

/// Prints this machine's code, or fails when its id cannot be read.
fn fingerprint() -> Result<()> {
    let code = licence::Fingerprint::of_this_machine()?;
    println!("{code}");
    Ok(())
}

/// Checks `file` and saves it as the licence when it is valid on this machine today.
fn install(handle: &LicenceHandle, file: &std::path::Path) -> Result<()> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("cannot read the licence file {}", file.display()))?;
    handle.install(&text)?;
    println!("licence installed in {}", handle.path().display());
    status(handle);
    Ok(())
}

/// Prints the licence as judged today, one `name: value` line each.
fn status(handle: &LicenceHandle) {
    let check = handle.check();
    let fingerprint = handle.fingerprint();
    println!("status: {}", check.status().as_str());
    if let Some(terms) = check.terms() {
        println!("licensee: {}", terms.licensee);
        println!("expires: {}", terms.expires);
    }
    match fingerprint {
        Some(code) => println!("machine: {code}"),
        None => println!("machine: unknown"),
    }
    if let Some(reason) = check.reason(fingerprint) {
        println!("reason: {reason}");
    }
}
