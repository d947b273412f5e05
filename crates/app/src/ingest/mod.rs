//! UDP ingest: the listener task that receives PSS datagrams, stamps them, runs the
//! [`Pipeline`], hands the rows to the store and the events to the bus.
//!
//! The task owns the socket. [`IngestHandle`] moves it to another address at runtime, stops
//! and starts listening (the socket is closed while stopped; counters, the live match and the
//! store writer carry on), reads the counters, turns manual mode on and off and loads a match
//! the operator made (`manual`). [`interfaces`] lists the machine's network interfaces, for the
//! operator to pick the one facing the PSS.
//! Only the followed source's datagrams are folded and published (`source`): another
//! scoring PC's on the same port are stored with their sender and counted, nothing more;
//! [`IngestHandle::follow`] follows another one and rebuilds the live match from its stored
//! datagrams.
//! A datagram is handed to the store before the next one is read; when the store
//! queue is full the task waits (the kernel buffer holds the burst meanwhile) and the store
//! counts the wait, so nothing is dropped silently.

mod counters;
mod interfaces;
mod manual;
mod pipeline;
mod socket;
mod source;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use tokio::net::UdpSocket;
use tokio::sync::{mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;
use tracing::{debug, error, info, warn};

pub use counters::{Counters, CountersSnapshot, SourceCounters};
pub use interfaces::{interfaces, NetworkInterface};
pub use manual::{ManualAthlete, ManualMatch, ManualMatchError, OPERATOR_SOURCE};
pub use pipeline::{Pipeline, Processed, Received};
pub use socket::bind_udp;
pub use source::{
    load_following, Following, PssSource, Rebuilt, SourceError, SourceFilter, PSS_SOURCE_KEY,
};

use crate::bus::{AppEvent, Bus};
use counters::Counted;

/// The match on the court as the listener last left it.
#[derive(Debug, Clone)]
pub struct LiveMatch {
    /// Key of the current match (the seq of the datagram that loaded it), if any.
    pub match_id: Option<i64>,
    /// The state after the last datagram that changed it.
    pub state: Arc<match_state::MatchState>,
}

/// Where the listener is and whether it listens; published on a `watch` at every change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListenerStatus {
    /// The address bound while listening; while stopped, the address it last listened on
    /// (where [`IngestHandle::start_listening`] reopens it when given none).
    pub bind: SocketAddr,
    /// Whether the socket is open and datagrams are received.
    pub listening: bool,
}

/// Largest UDP payload; tkStrike's are far smaller, but a datagram is never cut.
const MAX_DATAGRAM: usize = 65_536;

/// Settings of the UDP listener.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestConfig {
    /// Where to listen; the default `0.0.0.0:6000` hears broadcasts on every interface.
    pub bind: SocketAddr,
    /// Receive buffer to ask the kernel for, in bytes.
    pub recv_buffer: usize,
    /// Start in manual mode (PSS datagrams stored but not folded; see `manual`).
    pub manual_mode: bool,
    /// The source to follow at start (`source`): the stored one, or this run's flag.
    pub following: Following,
    /// The database file, read when another source is followed (its stored datagrams rebuild
    /// the live match); without one the live match starts empty instead.
    pub database: Option<PathBuf>,
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig {
            bind: ([0, 0, 0, 0], 6000).into(),
            recv_buffer: 8 << 20,
            manual_mode: false,
            following: Following::default(),
            database: None,
        }
    }
}

/// Why the listener could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The address could not be bound (in use, not on this machine, no permission).
    #[error("cannot listen for PSS datagrams on udp {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The listener task has stopped.
    #[error("the udp listener has stopped")]
    Stopped,
    /// A match was made by hand while manual mode is off.
    #[error("manual mode is off; turn it on before making a match by hand")]
    NotManual,
    /// A field of a match made by hand cannot go on the wire.
    #[error("{0}")]
    ManualMatch(#[from] ManualMatchError),
    /// The store could not give back or keep what following a source needs; the source
    /// followed and the live match are unchanged.
    #[error("cannot follow the source: {0}")]
    Store(#[from] store::Error),
}

enum Command {
    Rebind {
        addr: SocketAddr,
        reply: oneshot::Sender<Result<SocketAddr, Error>>,
    },
    StopListening {
        reply: oneshot::Sender<ListenerStatus>,
    },
    SetSchema(Arc<pss::Schema>),
    SetManualMode {
        enabled: bool,
        done: oneshot::Sender<()>,
    },
    LoadMatch {
        manual_match: ManualMatch,
        reply: oneshot::Sender<Result<i64, Error>>,
    },
    Follow {
        rule: PssSource,
        reply: oneshot::Sender<Result<Following, Error>>,
    },
}

/// A handle to the running listener; cheap to clone.
#[derive(Debug, Clone)]
pub struct IngestHandle {
    commands: mpsc::Sender<Command>,
    status: watch::Receiver<ListenerStatus>,
    live: watch::Receiver<LiveMatch>,
    counters: Arc<Counters>,
    manual_mode: watch::Receiver<bool>,
    following: watch::Receiver<Following>,
}

impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Command::Rebind { addr, .. } => write!(f, "Rebind({addr})"),
            Command::StopListening { .. } => write!(f, "StopListening"),
            Command::SetSchema(schema) => write!(f, "SetSchema({})", schema.version()),
            Command::SetManualMode { enabled, .. } => write!(f, "SetManualMode({enabled})"),
            Command::LoadMatch { manual_match, .. } => {
                write!(f, "LoadMatch({:?})", manual_match.number)
            }
            Command::Follow { rule, .. } => write!(f, "Follow({rule})"),
        }
    }
}

impl IngestHandle {
    /// The address the listener is bound to now (while stopped, the one it last listened on).
    pub fn local_addr(&self) -> SocketAddr {
        self.status.borrow().bind
    }

    /// Where the listener is and whether it listens now.
    pub fn status(&self) -> ListenerStatus {
        *self.status.borrow()
    }

    /// A receiver that sees every change of [`IngestHandle::status`].
    pub fn watch_status(&self) -> watch::Receiver<ListenerStatus> {
        self.status.clone()
    }

    /// The live match, updated after every datagram that changes it (and set at start from the
    /// state rebuilt out of the store).
    pub fn live(&self) -> watch::Receiver<LiveMatch> {
        self.live.clone()
    }

    /// The listener's counters.
    pub fn counters(&self) -> CountersSnapshot {
        self.counters.snapshot()
    }

    /// Moves the listener to `addr` and listens there (also when it was stopped). The new socket
    /// is opened first, so on failure the old one keeps listening (or the listener stays
    /// stopped) and nothing is missed; already listening on `addr` changes nothing. A move to
    /// the port our own socket holds on another address (`0.0.0.0:6000` to
    /// `192.168.1.20:6000`) closes the old socket first and reopens it should the new address
    /// be refused. Returns the address now bound.
    pub async fn start_listening(&self, addr: SocketAddr) -> Result<SocketAddr, Error> {
        self.rebind(addr).await
    }

    /// Closes the socket: datagrams sent meanwhile are not received (the kernel drops them).
    /// What was received is still stored; counters, the live match and manual mode are kept.
    /// Stopping a stopped listener changes nothing. Returns the status now.
    pub async fn stop_listening(&self) -> Result<ListenerStatus, Error> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::StopListening { reply })
            .await
            .map_err(|_| Error::Stopped)?;
        answer.await.map_err(|_| Error::Stopped)
    }

    /// Moves the listener to `addr`. The new socket is opened first, so on failure the old one
    /// keeps listening and nothing is missed. Returns the address now bound. The same as
    /// [`IngestHandle::start_listening`]: a stopped listener starts on `addr`.
    pub async fn rebind(&self, addr: SocketAddr) -> Result<SocketAddr, Error> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::Rebind { addr, reply })
            .await
            .map_err(|_| Error::Stopped)?;
        answer.await.map_err(|_| Error::Stopped)?
    }

    /// Whether manual mode is on.
    pub fn manual_mode(&self) -> bool {
        *self.manual_mode.borrow()
    }

    /// Turns manual mode on or off for the datagrams that follow. Storing it is the caller's
    /// job (`settings::SettingsHandle::save_manual_mode`). Turning it off after the operator
    /// followed another address while it was on makes that source's match live (see
    /// [`IngestHandle::follow`]); this returns once that is done.
    pub async fn set_manual_mode(&self, enabled: bool) -> Result<(), Error> {
        let (done, finished) = oneshot::channel();
        self.commands
            .send(Command::SetManualMode { enabled, done })
            .await
            .map_err(|_| Error::Stopped)?;
        // Answered once the mode is in force (and a pending rebuild done).
        finished.await.map_err(|_| Error::Stopped)
    }

    /// Loads a match the operator made as the live match, by the datagrams the PSS would send
    /// (stored, folded and published like the PSS's); returns its match key. Refused when
    /// manual mode is off or a field cannot go on the wire.
    pub async fn load_manual_match(&self, manual_match: ManualMatch) -> Result<i64, Error> {
        manual_match.check()?;
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::LoadMatch {
                manual_match,
                reply,
            })
            .await
            .map_err(|_| Error::Stopped)?;
        answer.await.map_err(|_| Error::Stopped)?
    }

    /// The source followed now, and the rule that chose it.
    pub fn following(&self) -> Following {
        self.following.borrow().clone()
    }

    /// Follows `rule` from now on and stores it, so a restart follows it too. An address is
    /// followed at once: the live match is rebuilt from that source's stored datagrams (the
    /// last match it loaded), as a restart would, and its next datagrams are folded; the
    /// others' are only stored. `auto` follows the next source that loads a fight. In manual
    /// mode the live match stays the operator's. Returns what is followed now.
    pub async fn follow(&self, rule: PssSource) -> Result<Following, Error> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::Follow { rule, reply })
            .await
            .map_err(|_| Error::Stopped)?;
        answer.await.map_err(|_| Error::Stopped)?
    }

    /// Reads the datagrams that follow with `schema`.
    pub async fn set_schema(&self, schema: Arc<pss::Schema>) -> Result<(), Error> {
        self.commands
            .send(Command::SetSchema(schema))
            .await
            .map_err(|_| Error::Stopped)
    }
}

/// Binds the listener and spawns its task on `tracker`. The task stops when `cancel` fires.
pub fn start(
    config: &IngestConfig,
    pipeline: Pipeline,
    store: store::StoreHandle,
    bus: Bus,
    tracker: &tokio_util::task::TaskTracker,
    cancel: CancellationToken,
) -> Result<IngestHandle, Error> {
    let (socket, granted) =
        bind_udp(config.bind, config.recv_buffer).map_err(|source| Error::Bind {
            addr: config.bind,
            source,
        })?;
    let local = socket.local_addr().map_err(|source| Error::Bind {
        addr: config.bind,
        source,
    })?;
    info!(addr = %local, recv_buffer = granted, "listening for PSS datagrams");
    let (commands, command_rx) = mpsc::channel(8);
    let (status_tx, status) = watch::channel(ListenerStatus {
        bind: local,
        listening: true,
    });
    let counters = Arc::new(Counters::default());
    let (manual_tx, manual_mode) = watch::channel(config.manual_mode);
    if config.manual_mode {
        info!("manual mode is on: PSS datagrams are stored but not folded into the match");
    }
    let (live_tx, live) = watch::channel(LiveMatch {
        match_id: pipeline.match_id(),
        state: Arc::new(pipeline.state().clone()),
    });
    match config.following.followed {
        Some(filter) => {
            info!(source = %filter, rule = %config.following.rule, "following this scoring PC");
        }
        None => info!("following auto: the first source that loads a fight"),
    }
    let (following_tx, following) = watch::channel(config.following.clone());
    let listener = Listener {
        live: live_tx,
        socket: Some(socket),
        recv_buffer: config.recv_buffer,
        pipeline,
        store,
        bus,
        counters: Arc::clone(&counters),
        status: status_tx,
        manual_mode: manual_tx,
        following: following_tx,
        database: config.database.clone(),
    };
    tracker.spawn(listener.run(command_rx, cancel));
    Ok(IngestHandle {
        commands,
        status,
        live,
        counters,
        manual_mode,
        following,
    })
}

/// Publishes `EventStored` on the bus each time the store commits more datagrams.
pub fn spawn_commit_notifier(
    store: &store::StoreHandle,
    bus: Bus,
    tracker: &tokio_util::task::TaskTracker,
    cancel: CancellationToken,
) {
    let mut committed = store.committed();
    tracker.spawn(async move {
        loop {
            tokio::select! {
                _ = cancel.cancelled() => break,
                changed = committed.changed() => {
                    if changed.is_err() {
                        break;
                    }
                    let up_to_seq = *committed.borrow_and_update();
                    bus.publish(AppEvent::EventStored { up_to_seq });
                }
            }
        }
    });
}

struct Listener {
    /// The open socket; `None` while the operator has stopped listening.
    socket: Option<UdpSocket>,
    recv_buffer: usize,
    pipeline: Pipeline,
    store: store::StoreHandle,
    bus: Bus,
    counters: Arc<Counters>,
    status: watch::Sender<ListenerStatus>,
    live: watch::Sender<LiveMatch>,
    manual_mode: watch::Sender<bool>,
    following: watch::Sender<Following>,
    database: Option<PathBuf>,
}

impl Listener {
    async fn run(mut self, mut commands: mpsc::Receiver<Command>, cancel: CancellationToken) {
        // What is followed is stored before the first datagram, so a restart follows it too
        // (also when this run's flag chose it).
        let following = self.following.borrow().to_json();
        if let Err(err) = self.store.save_setting(PSS_SOURCE_KEY, &following).await {
            error!(%err, "the followed source is not stored");
        }
        self.rebuild_if_pending().await;
        let mut buf = vec![0u8; MAX_DATAGRAM];
        loop {
            tokio::select! {
                biased;
                _ = cancel.cancelled() => break,
                Some(command) = commands.recv() => self.handle(command).await,
                received = receive(self.socket.as_ref(), &mut buf) => match received {
                    Ok((len, source)) => {
                        let received_at_us = now_us();
                        self.ingest(Received { bytes: buf[..len].to_vec(), source, received_at_us })
                            .await;
                    }
                    Err(err) => {
                        // On some systems an ICMP error from an earlier send surfaces here;
                        // the socket itself is still good.
                        self.counters.receive_error();
                        warn!(%err, "udp receive failed");
                    }
                },
            }
        }
        debug!("udp listener stopped");
    }

    async fn ingest(&mut self, received: Received) {
        let source = received.source;
        let messages = self.pipeline.parse(&received.bytes);
        self.counters.record(Counted {
            source,
            n_bytes: received.bytes.len(),
            n_errors: messages.iter().filter(|m| m.is_raw()).count(),
            received_at_us: received.received_at_us,
            loaded_match: messages.iter().rev().find_map(|message| match message {
                pss::Message::MatchConfig(config) => Some(config.number.as_str()),
                _ => None,
            }),
        });
        if *self.manual_mode.borrow() {
            let (record, _) = self.pipeline.unfolded_parsed(received, messages);
            debug!(seq = record.seq, %source, "manual mode: datagram stored, not folded");
            self.store_record(record).await;
            return;
        }
        let auto_waits = {
            let following = self.following.borrow();
            following.rule == PssSource::Auto && following.followed.is_none()
        };
        if auto_waits && messages.iter().any(pipeline::opens_match) {
            self.follow_auto(source).await;
        }
        if !self.following.borrow().follows(source) {
            let (record, _) = self.pipeline.unfolded_parsed(received, messages);
            debug!(seq = record.seq, %source, "not the followed source: stored, not folded");
            self.store_record(record).await;
            return;
        }
        let processed = self.pipeline.process_parsed(received, messages);
        if processed.n_errors > 0 {
            let (seq, n_errors) = (processed.record.seq, processed.n_errors);
            debug!(seq, %source, n_errors, "datagram has unreadable parts");
        }
        self.forward(processed).await;
    }

    /// `auto` found its source: `addr` loads (or plays) a fight. Follows its IP; a live match
    /// of another source is replaced by this one's, rebuilt from its stored datagrams.
    async fn follow_auto(&mut self, addr: SocketAddr) {
        let filter = SourceFilter::ip_of(addr);
        info!(source = %filter, "auto: following the first source that loads a fight");
        if let Err(err) = self.follow_filter(PssSource::Auto, filter).await {
            // The store is gone; the feed carries on with this source, unstored.
            error!(%err, source = %filter, "auto: the followed source is not kept");
            self.following.send_replace(Following {
                rule: PssSource::Auto,
                followed: Some(filter),
                rebuilt: self.following.borrow().rebuilt,
                rebuild_pending: false,
            });
        }
    }

    /// Follows `rule` (see [`IngestHandle::follow`]).
    async fn follow(&mut self, rule: PssSource) -> Result<Following, Error> {
        match rule {
            PssSource::Auto => {
                // The live match stays, and so does what a restart must fold to rebuild it.
                let following = Following {
                    rebuilt: self.following.borrow().rebuilt,
                    ..Following::rule(PssSource::Auto)
                };
                self.store
                    .save_setting(PSS_SOURCE_KEY, &following.to_json())
                    .await?;
                self.following.send_replace(following.clone());
                info!("following auto: the next source that loads a fight");
                Ok(following)
            }
            PssSource::Address(filter) => {
                let following = self.follow_filter(rule, filter).await?;
                info!(source = %filter, "following this scoring PC");
                Ok(following)
            }
        }
    }

    /// Follows `filter` under `rule`. Outside manual mode the live match is rebuilt from the
    /// source's stored datagrams and published (except when `auto` picks a source while no
    /// match is live: there is nothing to replace); without a database it starts empty. In
    /// manual mode the operator's match stays and the rebuild waits for manual mode to go off.
    /// Then the choice is stored. Nothing changes when the store fails.
    async fn follow_filter(
        &mut self,
        rule: PssSource,
        filter: SourceFilter,
    ) -> Result<Following, Error> {
        let manual = *self.manual_mode.borrow();
        let nothing_to_replace = rule == PssSource::Auto && self.pipeline.match_id().is_none();
        let next_seq = self.pipeline.next_seq();
        let rebuilt = match &self.database {
            _ if manual || nothing_to_replace => None,
            Some(database) => {
                // Everything received so far must be readable first.
                self.store.flush().await?;
                let (database, schema) = (database.clone(), Arc::clone(self.pipeline.schema()));
                let rebuild = tokio::task::spawn_blocking(move || {
                    let reader = store::Reader::open(&database)?;
                    crate::resume::rebuild_from_source(&reader, schema, filter, next_seq)
                })
                .await
                .map_err(|_| Error::Stopped)??;
                Some((rebuild.pipeline, rebuild.rebuilt, Some(rebuild.adopted)))
            }
            None => {
                let fresh = Pipeline::new(Arc::clone(self.pipeline.schema()), next_seq);
                let rebuilt = Rebuilt {
                    source: filter,
                    match_id: None,
                    since_seq: next_seq,
                };
                Some((fresh, rebuilt, None))
            }
        };
        let following = Following {
            rule,
            followed: Some(filter),
            // Without a rebuild the live match is still built as before.
            rebuilt: match &rebuilt {
                Some((_, rebuilt, _)) => Some(*rebuilt),
                None => self.following.borrow().rebuilt,
            },
            rebuild_pending: manual,
        };
        self.store
            .save_setting(PSS_SOURCE_KEY, &following.to_json())
            .await?;
        if let Some((pipeline, _, adopted)) = rebuilt {
            self.pipeline = pipeline;
            self.live.send_replace(LiveMatch {
                match_id: self.pipeline.match_id(),
                state: Arc::new(self.pipeline.state().clone()),
            });
            // The stored rows catch up with the live match; a restart rebuilds it from the
            // stored choice either way, so a failure here is only logged.
            if let Some(adopted) = adopted {
                match self.store.adopt(adopted).await {
                    Ok(n_datagrams) => {
                        debug!(n_datagrams, source = %filter, "stored datagrams taken into the live match");
                    }
                    Err(err) => {
                        error!(%err, source = %filter, "stored datagrams not taken into the live match")
                    }
                }
            }
        }
        self.following.send_replace(following.clone());
        Ok(following)
    }

    /// A rebuild waits (the operator followed an address while manual mode was on, or this
    /// run's `--pss-source` named another): outside manual mode, that source's match becomes
    /// the live one now.
    async fn rebuild_if_pending(&mut self) {
        let following = self.following.borrow().clone();
        let (false, true, Some(filter)) = (
            *self.manual_mode.borrow(),
            following.rebuild_pending,
            following.followed,
        ) else {
            return;
        };
        match self.follow_filter(following.rule, filter).await {
            Ok(_) => info!(source = %filter, "the followed source's match is live"),
            Err(err) => {
                error!(%err, source = %filter, "the followed source's match is not rebuilt")
            }
        }
    }

    /// A match the operator made: its datagrams through the same pipeline, stored, folded
    /// and published, but not counted as received.
    async fn load_match(&mut self, manual_match: &ManualMatch) -> Result<i64, Error> {
        if !*self.manual_mode.borrow() {
            return Err(Error::NotManual);
        }
        for messages in manual_match.datagrams() {
            let bytes = self
                .pipeline
                .schema()
                .encode_datagram(&messages)
                .into_bytes();
            let processed = self.pipeline.process(Received {
                bytes,
                source: OPERATOR_SOURCE,
                received_at_us: now_us(),
            });
            self.forward(processed).await;
        }
        let match_id = self.pipeline.match_id().ok_or(Error::Stopped)?;
        info!(match_id, number = %manual_match.number, "match made by hand is live");
        Ok(match_id)
    }

    /// Hands a folded datagram to the store, the live match and the bus.
    async fn forward(&mut self, processed: Processed) {
        let Processed { record, parsed, .. } = processed;
        self.store_record(record).await;
        if let Some(state) = &parsed.state {
            self.live.send_replace(LiveMatch {
                match_id: parsed.match_id,
                state: Arc::clone(state),
            });
        }
        self.bus.publish(AppEvent::EventParsed(parsed));
    }

    async fn store_record(&mut self, record: store::IngestRecord) {
        let seq = record.seq;
        if let Err(err) = self.store.append(record).await {
            self.counters.store_error();
            error!(seq, %err, "datagram not stored");
        }
    }

    /// Opens the socket on `addr` and listens there. The new socket is opened before the old
    /// one closes, except when our own socket holds the port (moving between `0.0.0.0:6000`
    /// and an interface's `:6000`): then the old one is closed first and, should the new
    /// address be refused, opened again.
    fn listen_on(&mut self, addr: SocketAddr) -> Result<SocketAddr, Error> {
        let status = *self.status.borrow();
        if status.listening && status.bind == addr {
            // Already there: a second socket on the same port would be refused.
            return Ok(addr);
        }
        let open = |addr: SocketAddr| {
            bind_udp(addr, self.recv_buffer)
                .and_then(|(socket, _)| Ok((socket.local_addr()?, socket)))
        };
        let opened = match open(addr) {
            Err(err)
                if err.kind() == std::io::ErrorKind::AddrInUse
                    && status.listening
                    && status.bind.port() == addr.port() =>
            {
                self.socket = None;
                let opened = open(addr);
                if opened.is_err() {
                    match open(status.bind) {
                        Ok((_, old)) => self.socket = Some(old),
                        Err(err) => {
                            error!(addr = %status.bind, %err, "udp listener could not reopen its address; stopped");
                            self.status.send_modify(|status| status.listening = false);
                        }
                    }
                }
                opened
            }
            other => other,
        };
        let (local, socket) = opened.map_err(|source| Error::Bind { addr, source })?;
        let was_listening = self.socket.replace(socket).is_some() || status.listening;
        self.status.send_replace(ListenerStatus {
            bind: local,
            listening: true,
        });
        if was_listening {
            info!(addr = %local, "udp listener moved");
        } else {
            info!(addr = %local, "listening for PSS datagrams again");
        }
        Ok(local)
    }

    async fn handle(&mut self, command: Command) {
        match command {
            Command::Rebind { addr, reply } => {
                let result = self.listen_on(addr);
                if let Err(err) = &result {
                    warn!(%err, "udp listener not moved");
                }
                let _ = reply.send(result);
            }
            Command::StopListening { reply } => {
                if let Some(socket) = self.socket.take() {
                    drop(socket);
                    self.status.send_modify(|status| status.listening = false);
                    info!(addr = %self.status.borrow().bind, "stopped listening for PSS datagrams");
                }
                let _ = reply.send(*self.status.borrow());
            }
            Command::SetSchema(schema) => {
                info!(version = schema.version(), "protocol schema replaced");
                self.pipeline.set_schema(schema);
            }
            Command::SetManualMode { enabled, done } => {
                if self.manual_mode.send_replace(enabled) != enabled {
                    info!(enabled, "manual mode changed");
                }
                self.rebuild_if_pending().await;
                let _ = done.send(());
            }
            Command::LoadMatch {
                manual_match,
                reply,
            } => {
                let outcome = self.load_match(&manual_match).await;
                let _ = reply.send(outcome);
            }
            Command::Follow { rule, reply } => {
                let outcome = self.follow(rule).await;
                if let Err(err) = &outcome {
                    warn!(%err, "followed source not changed");
                }
                let _ = reply.send(outcome);
            }
        }
    }
}

/// Receives on `socket`, or waits forever while there is none (the listener is stopped; a
/// command or the cancellation wakes the loop).
async fn receive(
    socket: Option<&UdpSocket>,
    buf: &mut [u8],
) -> std::io::Result<(usize, SocketAddr)> {
    match socket {
        Some(socket) => socket.recv_from(buf).await,
        None => std::future::pending().await,
    }
}

/// Wall time now in µs since the Unix epoch (0 if the clock is before 1970).
pub fn now_us() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as i64)
}
