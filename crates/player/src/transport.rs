//! The byte pipe to mpv's `--input-ipc-server`: a Unix socket, or a named pipe on Windows.
//!
//! Only opening differs between the two; both are split into a line reader and a writer by the
//! session. Waiting for mpv to create the socket (retrying) is the session's job, not this one's.

use std::io;
use std::path::{Path, PathBuf};

/// The connected IPC stream.
#[cfg(unix)]
pub(crate) type IpcStream = tokio::net::UnixStream;

/// The connected IPC stream.
#[cfg(windows)]
pub(crate) type IpcStream = tokio::net::windows::named_pipe::NamedPipeClient;

/// One attempt to open the IPC server at `path`. Fails while mpv has not created it yet.
#[cfg(unix)]
pub(crate) async fn connect(path: &Path) -> io::Result<IpcStream> {
    tokio::net::UnixStream::connect(path).await
}

/// One attempt to open the IPC pipe at `path` (`\\.\pipe\...`). Fails while mpv has not created
/// it yet, or while it is busy with another client.
#[cfg(windows)]
pub(crate) async fn connect(path: &Path) -> io::Result<IpcStream> {
    tokio::net::windows::named_pipe::ClientOptions::new().open(path.as_os_str())
}

/// Where the IPC server of this process's mpv lives when the config does not say.
#[cfg(unix)]
pub(crate) fn default_ipc_path() -> PathBuf {
    std::env::temp_dir().join(format!("vta-mpv-{}.sock", std::process::id()))
}

/// Where the IPC server of this process's mpv lives when the config does not say.
#[cfg(windows)]
pub(crate) fn default_ipc_path() -> PathBuf {
    PathBuf::from(format!(r"\\.\pipe\vta-mpv-{}", std::process::id()))
}

/// Removes a socket file left behind by a killed mpv (nobody accepts on it), so that the new
/// mpv can bind and a connect cannot reach a dead path. A socket something still listens on,
/// and anything that is not a socket, is left alone.
#[cfg(unix)]
pub(crate) fn remove_stale(path: &Path) {
    use std::os::unix::fs::FileTypeExt as _;
    let is_socket =
        std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_socket());
    let refused = || {
        std::os::unix::net::UnixStream::connect(path)
            .is_err_and(|err| err.kind() == io::ErrorKind::ConnectionRefused)
    };
    if is_socket && refused() {
        if let Err(err) = std::fs::remove_file(path) {
            tracing::warn!(path = %path.display(), %err, "cannot remove stale mpv socket");
        }
    }
}

/// Named pipes vanish with their process: nothing to remove.
#[cfg(windows)]
pub(crate) fn remove_stale(_path: &Path) {}
