//! Finding the replay that obs-websocket 4.x never names: note the files in the recording folder
//! before `SaveReplayBuffer`, then wait for a new file whose size stops changing.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The files of a folder at one moment.
#[derive(Debug)]
pub(crate) struct Snapshot {
    folder: PathBuf,
    known: HashSet<OsString>,
}

/// How often the folder is listed while waiting.
const POLL: Duration = Duration::from_millis(100);
/// Equal sizes in a row that count as "finished writing".
const STABLE_POLLS: u32 = 2;

/// Lists `folder` now.
pub(crate) async fn snapshot(folder: &Path) -> std::io::Result<Snapshot> {
    let mut known = HashSet::new();
    let mut entries = tokio::fs::read_dir(folder).await?;
    while let Some(entry) = entries.next_entry().await? {
        known.insert(entry.file_name());
    }
    Ok(Snapshot {
        folder: folder.to_owned(),
        known,
    })
}

/// Waits up to `limit` for a file that was not in `snapshot`, is not empty, and kept its size for
/// [`STABLE_POLLS`] polls; the newest such file wins. `None` when none appeared in time.
pub(crate) async fn wait_for_new_file(snapshot: &Snapshot, limit: Duration) -> Option<PathBuf> {
    let watch = async {
        let mut candidate: Option<(PathBuf, u64)> = None;
        let mut stable_polls = 0;
        loop {
            tokio::time::sleep(POLL).await;
            let Some((path, size)) = newest_new_file(snapshot).await else {
                continue;
            };
            if candidate.as_ref() == Some(&(path.clone(), size)) && size > 0 {
                stable_polls += 1;
                if stable_polls >= STABLE_POLLS {
                    return path;
                }
            } else {
                stable_polls = 0;
                candidate = Some((path, size));
            }
        }
    };
    tokio::time::timeout(limit, watch).await.ok()
}

async fn newest_new_file(snapshot: &Snapshot) -> Option<(PathBuf, u64)> {
    let mut entries = tokio::fs::read_dir(&snapshot.folder).await.ok()?;
    let mut newest: Option<(SystemTime, PathBuf, u64)> = None;
    while let Ok(Some(entry)) = entries.next_entry().await {
        if snapshot.known.contains(&entry.file_name()) {
            continue;
        }
        let Ok(metadata) = entry.metadata().await else {
            continue;
        };
        if !metadata.is_file() {
            continue;
        }
        let modified = metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        if newest.as_ref().is_none_or(|(time, _, _)| modified >= *time) {
            newest = Some((modified, entry.path(), metadata.len()));
        }
    }
    newest.map(|(_, path, size)| (path, size))
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    #[tokio::test]
    async fn finds_the_new_file_once_it_stops_growing() {
        let folder = tempfile::tempdir().unwrap();
        std::fs::write(folder.path().join("old.mkv"), b"old").unwrap();
        let snapshot = snapshot(folder.path()).await.unwrap();
        let clip = folder.path().join("Replay 1.mkv");
        let writer = {
            let clip = clip.clone();
            tokio::spawn(async move {
                let mut file = std::fs::File::create(&clip).unwrap();
                for _ in 0..4 {
                    file.write_all(&[0u8; 4096]).unwrap();
                    file.flush().unwrap();
                    tokio::time::sleep(Duration::from_millis(120)).await;
                }
            })
        };
        let found = wait_for_new_file(&snapshot, Duration::from_secs(5)).await;
        writer.await.unwrap();
        assert_eq!(found, Some(clip.clone()));
        assert_eq!(std::fs::metadata(&clip).unwrap().len(), 4 * 4096);
    }

    #[tokio::test]
    async fn gives_up_when_nothing_appears() {
        let folder = tempfile::tempdir().unwrap();
        let snapshot = snapshot(folder.path()).await.unwrap();
        assert_eq!(
            wait_for_new_file(&snapshot, Duration::from_millis(300)).await,
            None
        );
    }
}
