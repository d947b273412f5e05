//! Spawning mpv so that it dies with us, even when we are killed (SIGKILL, a crash, the task
//! manager) and cannot ask it to quit.
//!
//! - Linux: the child asks the kernel for `PR_SET_PDEATHSIG` = SIGKILL before it runs mpv. That
//!   signal fires when the *thread* that forked the child exits, not the process, and tokio may
//!   retire the thread a task ran on; so every mpv is forked by one spawner thread that lives
//!   as long as the process. The child also checks that its parent is still the process that
//!   forked it (the parent may have died between the fork and the `prctl`).
//! - Windows: every mpv goes into one job object with `JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE`; its
//!   handle is kept until the process ends, when Windows closes it and kills what is inside.
//! - Elsewhere (macOS): a plain spawn; a killed vta leaves mpv running until it is quit.

use std::io;

use tokio::process::{Child, Command};

/// Spawns `command` tied to this process's life (see the module header).
pub(crate) async fn spawn(command: Command) -> io::Result<Child> {
    imp::spawn(command).await
}

#[cfg(target_os = "linux")]
mod imp {
    use std::io;
    use std::panic::AssertUnwindSafe;
    use std::sync::{mpsc, OnceLock};

    use tokio::process::{Child, Command};
    use tokio::sync::oneshot;

    /// One spawn for the spawner thread.
    struct Job {
        command: Command,
        runtime: tokio::runtime::Handle,
        reply: oneshot::Sender<io::Result<Child>>,
    }

    /// The spawner thread's queue, started on first use.
    static SPAWNER: OnceLock<mpsc::Sender<Job>> = OnceLock::new();

    pub(super) async fn spawn(mut command: Command) -> io::Result<Child> {
        let parent = std::process::id();
        // SAFETY: the closure runs in the forked child before exec and calls only
        // async-signal-safe functions (prctl, getppid); it allocates nothing.
        unsafe {
            command.pre_exec(move || {
                if libc::prctl(
                    libc::PR_SET_PDEATHSIG,
                    libc::SIGKILL as libc::c_ulong,
                    0,
                    0,
                    0,
                ) == -1
                {
                    return Err(io::Error::last_os_error());
                }
                if libc::getppid() as u32 != parent {
                    // The parent died before the prctl: nobody would ever stop this mpv.
                    return Err(io::Error::from_raw_os_error(libc::ESRCH));
                }
                Ok(())
            });
        }
        let (reply, replied) = oneshot::channel();
        let job = Job {
            command,
            runtime: tokio::runtime::Handle::current(),
            reply,
        };
        spawner()
            .send(job)
            .map_err(|_| io::Error::other("the mpv spawner thread has stopped"))?;
        replied
            .await
            .map_err(|_| io::Error::other("the mpv spawner thread dropped the spawn"))?
    }

    fn spawner() -> &'static mpsc::Sender<Job> {
        SPAWNER.get_or_init(|| {
            let (jobs, queue) = mpsc::channel::<Job>();
            let started = std::thread::Builder::new()
                .name("mpv-spawner".to_owned())
                .spawn(move || {
                    for mut job in queue {
                        // The child belongs to the caller's runtime (its exit is reaped there).
                        // A runtime shutting down may make tokio panic; this thread must live on.
                        let spawned = std::panic::catch_unwind(AssertUnwindSafe(|| {
                            let _runtime = job.runtime.enter();
                            job.command.spawn()
                        }))
                        .unwrap_or_else(|_| {
                            Err(io::Error::other(
                                "spawning mpv panicked (runtime shutting down?)",
                            ))
                        });
                        let _ = job.reply.send(spawned);
                    }
                });
            if let Err(err) = started {
                // Spawns then fail with "the mpv spawner thread has stopped".
                tracing::error!(%err, "cannot start the mpv spawner thread");
            }
            jobs
        })
    }
}

#[cfg(windows)]
mod imp {
    use std::io;
    use std::sync::OnceLock;

    use tokio::process::{Child, Command};
    use windows_sys::Win32::Foundation::{CloseHandle, HANDLE};
    use windows_sys::Win32::System::JobObjects::{
        AssignProcessToJobObject, CreateJobObjectW, JobObjectExtendedLimitInformation,
        SetInformationJobObject, JOBOBJECT_EXTENDED_LIMIT_INFORMATION,
        JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
    };

    /// The job object every mpv goes into; its handle is never closed by us.
    struct Job(HANDLE);

    // SAFETY: a job object handle may be used from any thread.
    unsafe impl Send for Job {}
    // SAFETY: as above; the handle is only passed to thread-safe kernel calls.
    unsafe impl Sync for Job {}

    static JOB: OnceLock<Option<Job>> = OnceLock::new();

    pub(super) async fn spawn(mut command: Command) -> io::Result<Child> {
        let child = command.spawn()?;
        if let (Some(job), Some(process)) = (job(), child.raw_handle()) {
            // SAFETY: both handles are open: the job's forever, the child's while `child` lives.
            if unsafe { AssignProcessToJobObject(job.0, process as HANDLE) } == 0 {
                let err = io::Error::last_os_error();
                tracing::warn!(%err, "cannot put mpv in the job object; it may outlive vta");
            }
        }
        Ok(child)
    }

    fn job() -> Option<&'static Job> {
        JOB.get_or_init(|| {
            // SAFETY: plain Win32 calls on a handle this function owns until it is stored.
            unsafe {
                let handle = CreateJobObjectW(std::ptr::null(), std::ptr::null());
                if handle.is_null() {
                    let err = io::Error::last_os_error();
                    tracing::warn!(%err, "cannot create a job object; mpv may outlive vta");
                    return None;
                }
                let mut limits: JOBOBJECT_EXTENDED_LIMIT_INFORMATION = std::mem::zeroed();
                limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
                let set = SetInformationJobObject(
                    handle,
                    JobObjectExtendedLimitInformation,
                    std::ptr::from_ref(&limits).cast(),
                    std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32,
                );
                if set == 0 {
                    let err = io::Error::last_os_error();
                    tracing::warn!(%err, "cannot set kill-on-close on the job; mpv may outlive vta");
                    CloseHandle(handle);
                    return None;
                }
                Some(Job(handle))
            }
        })
        .as_ref()
    }
}

#[cfg(not(any(target_os = "linux", windows)))]
mod imp {
    use std::io;

    use tokio::process::{Child, Command};

    pub(super) async fn spawn(mut command: Command) -> io::Result<Child> {
        command.spawn()
    }
}
