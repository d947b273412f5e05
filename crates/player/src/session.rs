//! One mpv process and the task that owns its IPC socket.
//!
//! [`Session::start`] spawns mpv, waits for its IPC server, reads `mpv-version` (deciding the
//! `loadfile` form) and observes the properties the state is made of. [`Session::run`] then
//! multiplexes: requests from handles are written with a fresh `request_id` and their oneshot
//! kept until the reply with that id comes back; events are stamped, folded into the state and
//! fanned out. It returns when mpv dies, the socket closes, or the player is shut down, and
//! fails every pending request on the way out. Restarting is the supervisor's job.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader, Lines, ReadHalf, WriteHalf};
use tokio::process::{Child, Command};
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::child;
use crate::config::PlayerConfig;
use crate::event::ReceivedEvent;
use crate::protocol::{self, Incoming, OBSERVED_PROPERTIES};
use crate::state::{PlayerState, Tracker};
use crate::transport::{self, IpcStream};
use crate::version::{LoadfileForm, MpvVersion};
use crate::{Error, Result};

/// Pause between two attempts to open the IPC server while mpv starts.
const CONNECT_RETRY: Duration = Duration::from_millis(10);
/// How long mpv may take to quit after `quit` before it is killed.
const QUIT_TIMEOUT: Duration = Duration::from_secs(1);
/// How long to wait for the exit status after the socket closed, for a better reason.
const EXIT_STATUS_WAIT: Duration = Duration::from_millis(300);

/// A command from a handle to the session.
#[derive(Debug)]
pub(crate) struct Request {
    /// The mpv command and its arguments.
    pub(crate) command: Vec<Value>,
    /// Set for `loadfile`: the file, so the state can say `Loading { path }` at once.
    pub(crate) load_path: Option<PathBuf>,
    /// Where the reply goes.
    pub(crate) reply: oneshot::Sender<Result<Value>>,
}

/// Facts about the running mpv that handles read.
#[derive(Debug, Clone)]
pub(crate) struct ProcessInfo {
    /// Its `mpv-version`.
    pub(crate) version: MpvVersion,
    /// The `loadfile` form it takes.
    pub(crate) loadfile_form: LoadfileForm,
    /// Its process id.
    pub(crate) pid: Option<u32>,
}

/// Where a session publishes; shared by all sessions of one player.
#[derive(Debug)]
pub(crate) struct Outlets {
    /// Events for every subscriber.
    pub(crate) events: broadcast::Sender<ReceivedEvent>,
    /// The operator-visible state.
    pub(crate) state: watch::Sender<PlayerState>,
}

impl Outlets {
    fn publish(&self, event: ReceivedEvent) {
        // No subscriber is fine: nobody waits for anything right now.
        let _ = self.events.send(event);
    }
}

/// Why [`Session::run`] returned.
#[derive(Debug)]
pub(crate) enum SessionEnd {
    /// The player was shut down; mpv was asked to quit.
    Shutdown,
    /// mpv died or its socket broke.
    Lost(String),
}

/// A reply that has not arrived yet.
#[derive(Debug)]
struct Pending {
    command: String,
    reply: oneshot::Sender<Result<Value>>,
}

/// A running mpv with a connected IPC socket.
#[derive(Debug)]
pub(crate) struct Session {
    child: Child,
    lines: Lines<BufReader<ReadHalf<IpcStream>>>,
    writer: WriteHalf<IpcStream>,
    ipc_path: PathBuf,
    next_request_id: u64,
    pending: HashMap<u64, Pending>,
    tracker: Tracker,
    /// Events read during the handshake, published when the session runs.
    backlog: Vec<ReceivedEvent>,
    /// What handles may know about this mpv.
    pub(crate) info: ProcessInfo,
}

impl Session {
    /// Spawns mpv and makes it ready: IPC connected, version read, properties observed.
    pub(crate) async fn start(config: &PlayerConfig) -> Result<Self> {
        transport::remove_stale(&config.ipc_path);
        let mut command = Command::new(&config.mpv_path);
        command
            .args(config.mpv_args())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true);
        // Tied to our life: mpv must not stay on the review screen after vta is killed.
        let mut child = child::spawn(command).await.map_err(|source| Error::Spawn {
            path: config.mpv_path.clone(),
            source,
        })?;
        let deadline = Instant::now() + config.startup_timeout;
        let stream = loop {
            match transport::connect(&config.ipc_path).await {
                Ok(stream) => break stream,
                Err(err) => {
                    if let Ok(Some(status)) = child.try_wait() {
                        return Err(Error::Startup {
                            reason: format!(
                                "mpv exited before its ipc server was ready ({status}); \
                                 check its arguments"
                            ),
                        });
                    }
                    if Instant::now() >= deadline {
                        return Err(Error::Startup {
                            reason: format!(
                                "no ipc server at {} after {} ms: {err}",
                                config.ipc_path.display(),
                                config.startup_timeout.as_millis()
                            ),
                        });
                    }
                    tokio::time::sleep(CONNECT_RETRY).await;
                }
            }
        };
        let (reader, writer) = tokio::io::split(stream);
        let pid = child.id();
        let mut session = Self {
            child,
            lines: BufReader::new(reader).lines(),
            writer,
            ipc_path: config.ipc_path.clone(),
            next_request_id: 1,
            pending: HashMap::new(),
            tracker: Tracker::new(),
            backlog: Vec::new(),
            info: ProcessInfo {
                version: MpvVersion::parse(""),
                loadfile_form: LoadfileForm::OptionsThird,
                pid,
            },
        };
        match tokio::time::timeout_at(deadline, session.handshake()).await {
            Ok(Ok(())) => Ok(session),
            Ok(Err(err)) => Err(Error::Startup {
                reason: format!("mpv ipc handshake failed: {err}"),
            }),
            Err(_) => Err(Error::Startup {
                reason: format!(
                    "mpv did not answer on its ipc server within {} ms",
                    config.startup_timeout.as_millis()
                ),
            }),
        }
    }

    /// Serves requests and events until mpv goes away or `cancel` fires. Pending requests fail
    /// with [`Error::Crashed`] (or [`Error::Closed`] on shutdown) when it returns.
    pub(crate) async fn run(
        mut self,
        requests: &mut mpsc::Receiver<Request>,
        outlets: &Outlets,
        cancel: &CancellationToken,
    ) -> SessionEnd {
        outlets.state.send_replace(self.tracker.state());
        for event in std::mem::take(&mut self.backlog) {
            outlets.publish(event);
        }
        let end = self.serve(requests, outlets, cancel).await;
        match &end {
            SessionEnd::Shutdown => {
                self.fail_pending(|_| Error::Closed);
                self.quit().await;
            }
            SessionEnd::Lost(reason) => {
                self.fail_pending(|command| Error::Crashed {
                    command,
                    reason: reason.clone(),
                });
                self.kill().await;
            }
        }
        end
    }

    async fn serve(
        &mut self,
        requests: &mut mpsc::Receiver<Request>,
        outlets: &Outlets,
        cancel: &CancellationToken,
    ) -> SessionEnd {
        loop {
            tokio::select! {
                biased;
                () = cancel.cancelled() => return SessionEnd::Shutdown,
                status = self.child.wait() => return SessionEnd::Lost(exit_reason(status)),
                line = self.lines.next_line() => match line {
                    Ok(Some(line)) => self.on_line(&line, outlets),
                    Ok(None) => return SessionEnd::Lost(self.reason_after_eof().await),
                    Err(err) => {
                        return SessionEnd::Lost(format!("reading the mpv ipc socket failed: {err}"))
                    }
                },
                request = requests.recv() => match request {
                    Some(request) => {
                        if let Err(reason) = self.send(request, outlets).await {
                            return SessionEnd::Lost(reason);
                        }
                    }
                    None => return SessionEnd::Shutdown,
                },
            }
        }
    }

    /// Reads the version, decides the `loadfile` form and observes the state's properties.
    async fn handshake(&mut self) -> Result<()> {
        let version = self
            .call_direct(vec!["get_property".into(), "mpv-version".into()])
            .await?;
        let version = MpvVersion::parse(version.as_str().unwrap_or_default());
        let loadfile_form = match version.loadfile_form() {
            Some(form) => form,
            None => {
                let command_list = self
                    .call_direct(vec!["get_property".into(), "command-list".into()])
                    .await;
                command_list
                    .ok()
                    .and_then(|list| LoadfileForm::from_command_list(&list))
                    .unwrap_or(LoadfileForm::OptionsThird)
            }
        };
        tracing::info!(version = %version.text, ?loadfile_form, pid = ?self.info.pid, "mpv ready");
        self.info.version = version;
        self.info.loadfile_form = loadfile_form;
        for (id, name) in OBSERVED_PROPERTIES {
            self.call_direct(vec!["observe_property".into(), id.into(), name.into()])
                .await?;
        }
        Ok(())
    }

    /// Sends one command and reads lines until its reply, keeping events for later. Only for
    /// the handshake, before any handle can send.
    async fn call_direct(&mut self, command: Vec<Value>) -> Result<Value> {
        let request_id = self.next_request_id;
        self.next_request_id += 1;
        let line = protocol::encode_request(request_id, &command);
        self.writer
            .write_all(line.as_bytes())
            .await
            .map_err(|err| Error::Ipc(format!("writing to mpv failed: {err}")))?;
        loop {
            let line = self
                .lines
                .next_line()
                .await
                .map_err(|err| Error::Ipc(format!("reading from mpv failed: {err}")))?
                .ok_or_else(|| Error::Ipc("mpv closed its ipc socket".into()))?;
            let at = Instant::now().into_std();
            match protocol::parse_line(&line) {
                Ok(Incoming::Reply {
                    request_id: id,
                    outcome,
                }) if id == request_id => {
                    return outcome.map_err(|error| Error::Mpv {
                        command: protocol::command_name(&command),
                        error,
                    })
                }
                Ok(Incoming::Reply { .. }) => {}
                Ok(Incoming::Event(event)) => {
                    self.tracker.apply(&event);
                    self.backlog.push(ReceivedEvent { at, event });
                }
                Err(problem) => tracing::warn!(%problem, "unreadable line from mpv"),
            }
        }
    }

    /// Writes a handle's request. An error means the socket is broken.
    async fn send(&mut self, request: Request, outlets: &Outlets) -> Result<(), String> {
        if request.reply.is_closed() {
            // The caller timed out while mpv was restarting; running it now would surprise.
            return Ok(());
        }
        let command = protocol::command_name(&request.command);
        let request_id = self.next_request_id;
        self.next_request_id += 1;
        let line = protocol::encode_request(request_id, &request.command);
        if let Err(err) = self.writer.write_all(line.as_bytes()).await {
            let reason = format!("writing to the mpv ipc socket failed: {err}");
            let _ = request.reply.send(Err(Error::Crashed {
                command,
                reason: reason.clone(),
            }));
            return Err(reason);
        }
        tracing::debug!(request_id, %command, "mpv request");
        if let Some(path) = request.load_path {
            self.tracker.load_sent(path);
            outlets.state.send_replace(self.tracker.state());
        }
        self.pending.insert(
            request_id,
            Pending {
                command,
                reply: request.reply,
            },
        );
        Ok(())
    }

    fn on_line(&mut self, line: &str, outlets: &Outlets) {
        let at = Instant::now().into_std();
        match protocol::parse_line(line) {
            Ok(Incoming::Reply {
                request_id,
                outcome,
            }) => match self.pending.remove(&request_id) {
                Some(pending) => {
                    let result = outcome.map_err(|error| Error::Mpv {
                        command: pending.command,
                        error,
                    });
                    // The caller may have given up (timeout); that is its business.
                    let _ = pending.reply.send(result);
                }
                None => tracing::debug!(request_id, "mpv reply nobody waits for"),
            },
            Ok(Incoming::Event(event)) => {
                self.tracker.apply(&event);
                let state = self.tracker.state();
                outlets.state.send_if_modified(|current| {
                    let changed = *current != state;
                    *current = state;
                    changed
                });
                outlets.publish(ReceivedEvent { at, event });
            }
            Err(problem) => tracing::warn!(%problem, "unreadable line from mpv"),
        }
    }

    fn fail_pending(&mut self, error: impl Fn(String) -> Error) {
        for (_, pending) in self.pending.drain() {
            let _ = pending.reply.send(Err(error(pending.command)));
        }
    }

    /// After the socket closed: the exit status if mpv is exiting, else a plain reason.
    async fn reason_after_eof(&mut self) -> String {
        match tokio::time::timeout(EXIT_STATUS_WAIT, self.child.wait()).await {
            Ok(status) => exit_reason(status),
            Err(_) => "mpv closed its ipc socket".to_owned(),
        }
    }

    /// Asks mpv to quit, kills it if it does not within [`QUIT_TIMEOUT`].
    async fn quit(&mut self) {
        let line = protocol::encode_request(0, &["quit".into()]);
        if self.writer.write_all(line.as_bytes()).await.is_ok()
            && tokio::time::timeout(QUIT_TIMEOUT, self.child.wait())
                .await
                .is_ok()
        {
            transport::remove_stale(&self.ipc_path);
            return;
        }
        self.kill().await;
    }

    /// Kills mpv (if still alive) and reaps it.
    async fn kill(&mut self) {
        let exited = matches!(self.child.try_wait(), Ok(Some(_)));
        if !exited {
            if let Err(err) = self.child.kill().await {
                tracing::warn!(%err, "cannot kill mpv");
            }
        }
        transport::remove_stale(&self.ipc_path);
    }
}

fn exit_reason(status: std::io::Result<ExitStatus>) -> String {
    match status {
        Ok(status) => format!("mpv exited: {status}"),
        Err(err) => format!("mpv exit status unknown: {err}"),
    }
}
