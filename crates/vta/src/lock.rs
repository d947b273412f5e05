//! [`DataDirLock`]: one `vta` at a time changes a data folder's keys or replaces its
//! configuration. `vta run` holds it for its whole life; `vta secrets rotate|protect` and
//! `vta config import` take it and are refused while it is held, because a running `vta`
//! keeps the data key and the connections in memory.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use anyhow::{bail, Context, Result};

/// File name of the lock inside the data folder.
const LOCK_FILE: &str = "vta.lock";

/// The exclusive lock on a data folder, released when dropped (or when the process ends).
#[derive(Debug)]
pub struct DataDirLock {
    _file: File,
}

impl DataDirLock {
    /// Takes the lock of `data_dir` for `purpose` (`vta run`), or says who holds it.
    pub fn acquire(data_dir: &Path, purpose: &str) -> Result<DataDirLock> {
        let path = data_dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open the lock file {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(DataDirLock { _file: file }),
            Err(TryLockError::WouldBlock) => bail!(
                "another vta is using the data folder {} (a `vta run`?): stop it before {purpose}",
                data_dir.display()
            ),
            Err(TryLockError::Error(err)) => {
                Err(err).with_context(|| format!("cannot lock {}", path.display()))
            }
        }
    }
}
