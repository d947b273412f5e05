//! The load boost: mpv runs ahead of every normal program from `loadfile` to the first frame.
//!
//! On the ringside laptop mpv shares the cores with OBS, which encodes without pause. A load
//! is a chain of short steps on several mpv threads (open, demux, decoder start, decode,
//! show), and under the normal scheduler each wake-up may wait for an encoder thread's time
//! slice. `vta bench ivr` showed that chain at 19–22 ms p50 and 32–37 ms p95 normally, and at
//! 14.5–15.4 ms p50 and 17–18 ms p95 boosted (BENCHMARKS.md, "The load boost"); a lower nice
//! value did not help.
//!
//! The boost lasts only as long as the load, at most [`BOOST_LIMIT`], so that playback, and
//! a load that goes wrong, never take the cores from OBS's recording and stream.
//!
//! - Linux: each thread of mpv to `SCHED_FIFO` priority 1 (the lowest realtime priority, above
//!   every normal thread), and back to `SCHED_OTHER`. Threads mpv starts meanwhile inherit the
//!   boost from the thread that starts them, so the lowering goes over the threads again until
//!   it finds none it has not lowered. Needs `CAP_SYS_NICE` or an `RLIMIT_RTPRIO` of 1 or
//!   more (`ulimit -r`, `/etc/security/limits.conf`); without either the raise fails with
//!   "permission denied" and loads run unboosted.
//! - Windows: mpv's process to `HIGH_PRIORITY_CLASS`, and back to `NORMAL_PRIORITY_CLASS`; any
//!   user may do that to a process they started.
//! - Elsewhere the raise fails with "unsupported" and loads run unboosted.

use std::io;
use std::time::Duration;

/// The longest a load stays boosted: far longer than a good load (15–50 ms here), short
/// enough that a load that hangs cannot starve OBS for long.
pub(crate) const BOOST_LIMIT: Duration = Duration::from_secs(1);

/// mpv boosted for one load; dropping it lowers mpv back to normal scheduling.
#[derive(Debug)]
pub(crate) struct LoadBoost {
    pid: u32,
}

impl LoadBoost {
    /// Raises the process `pid` (a running mpv) above normal programs.
    pub(crate) fn raise(pid: u32) -> io::Result<LoadBoost> {
        imp::raise(pid)?;
        Ok(LoadBoost { pid })
    }
}

impl Drop for LoadBoost {
    fn drop(&mut self) {
        if let Err(err) = imp::lower(self.pid) {
            // mpv exited meanwhile, or the system refused to lower a thread it let us raise.
            tracing::warn!(%err, pid = self.pid, "cannot lower mpv's priority after a load");
        }
    }
}

#[cfg(target_os = "linux")]
mod imp {
    use std::collections::HashSet;
    use std::io;

    /// How many times the lowering looks for threads started while it lowered others.
    const LOWER_PASSES: usize = 8;

    pub(super) fn raise(pid: u32) -> io::Result<()> {
        let mut raised = 0;
        for tid in threads(pid)? {
            match set_policy(tid, libc::SCHED_FIFO, 1) {
                Ok(()) => raised += 1,
                Err(err) if gone(&err) => {}
                Err(err) => {
                    // Leave nothing half raised.
                    let _ = lower(pid);
                    return Err(err);
                }
            }
        }
        if raised == 0 {
            return Err(io::Error::from_raw_os_error(libc::ESRCH));
        }
        Ok(())
    }

    pub(super) fn lower(pid: u32) -> io::Result<()> {
        let mut lowered = HashSet::new();
        for _ in 0..LOWER_PASSES {
            let mut found_new = false;
            for tid in threads(pid)? {
                if lowered.insert(tid) {
                    found_new = true;
                    match set_policy(tid, libc::SCHED_OTHER, 0) {
                        Ok(()) => {}
                        Err(err) if gone(&err) => {}
                        Err(err) => return Err(err),
                    }
                }
            }
            if !found_new {
                return Ok(());
            }
        }
        Err(io::Error::other(format!(
            "mpv kept starting threads through {LOWER_PASSES} passes; some may stay boosted"
        )))
    }

    /// The thread ids of process `pid`, from `/proc/<pid>/task`.
    pub(super) fn threads(pid: u32) -> io::Result<Vec<libc::pid_t>> {
        let mut tids = Vec::new();
        for entry in std::fs::read_dir(format!("/proc/{pid}/task"))? {
            let name = entry?.file_name();
            if let Some(tid) = name.to_str().and_then(|name| name.parse().ok()) {
                tids.push(tid);
            }
        }
        Ok(tids)
    }

    fn set_policy(tid: libc::pid_t, policy: libc::c_int, priority: libc::c_int) -> io::Result<()> {
        let param = libc::sched_param {
            sched_priority: priority,
        };
        // SAFETY: `param` is a valid sched_param that outlives the call; on Linux the call
        // takes a thread id and changes only that thread.
        if unsafe { libc::sched_setscheduler(tid, policy, &param) } == -1 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    /// The thread, or the whole mpv, ended between the listing and the call.
    fn gone(err: &io::Error) -> bool {
        err.raw_os_error() == Some(libc::ESRCH)
    }
}

#[cfg(windows)]
mod imp {
    use std::io;

    use windows_sys::Win32::Foundation::CloseHandle;
    use windows_sys::Win32::System::Threading::{
        OpenProcess, SetPriorityClass, HIGH_PRIORITY_CLASS, NORMAL_PRIORITY_CLASS,
        PROCESS_CREATION_FLAGS, PROCESS_SET_INFORMATION,
    };

    pub(super) fn raise(pid: u32) -> io::Result<()> {
        set_class(pid, HIGH_PRIORITY_CLASS)
    }

    pub(super) fn lower(pid: u32) -> io::Result<()> {
        set_class(pid, NORMAL_PRIORITY_CLASS)
    }

    fn set_class(pid: u32, class: PROCESS_CREATION_FLAGS) -> io::Result<()> {
        // SAFETY: the handle is checked, used once and closed here.
        unsafe {
            let process = OpenProcess(PROCESS_SET_INFORMATION, 0, pid);
            if process.is_null() {
                return Err(io::Error::last_os_error());
            }
            let set = SetPriorityClass(process, class);
            let err = io::Error::last_os_error();
            CloseHandle(process);
            if set == 0 {
                return Err(err);
            }
        }
        Ok(())
    }
}

#[cfg(not(any(target_os = "linux", windows)))]
mod imp {
    use std::io;

    pub(super) fn raise(_pid: u32) -> io::Result<()> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "the load boost is built for Linux and Windows only",
        ))
    }

    pub(super) fn lower(_pid: u32) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::process::{Child, Command};

    use super::*;

    fn policies(child: &Child) -> Vec<libc::c_int> {
        imp::threads(child.id())
            .expect("the child's threads")
            .into_iter()
            // SAFETY: a plain query of a thread id.
            .map(|tid| unsafe { libc::sched_getscheduler(tid) })
            .collect()
    }

    #[test]
    fn a_boost_raises_every_thread_and_its_drop_lowers_them_all() {
        let mut child = Command::new("sleep")
            .arg("30")
            .spawn()
            .expect("spawn sleep");
        let before = policies(&child);
        assert!(before.iter().all(|policy| *policy == libc::SCHED_OTHER));
        match LoadBoost::raise(child.id()) {
            Ok(boost) => {
                assert!(policies(&child)
                    .iter()
                    .all(|policy| *policy == libc::SCHED_FIFO));
                drop(boost);
                assert_eq!(policies(&child), before);
            }
            // Without CAP_SYS_NICE or an rtprio limit: refused, and nothing was changed.
            Err(err) => {
                assert_eq!(err.kind(), io::ErrorKind::PermissionDenied, "{err}");
                assert_eq!(policies(&child), before);
            }
        }
        let _ = child.kill();
        let _ = child.wait();
    }

    #[test]
    fn a_process_that_is_gone_cannot_be_boosted() {
        let mut child = Command::new("true").spawn().expect("spawn true");
        let pid = child.id();
        child.wait().expect("wait for true");
        assert!(LoadBoost::raise(pid).is_err());
    }
}
