//! What every handler can reach: cheap-clone handles to the running parts.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use app::ingest::IngestHandle;
use app::licence::LicenceHandle;
use app::settings::SettingsHandle;
use serde_json::Value;

use crate::access::{Identity, ListenerPolicy};
use crate::dto;
use crate::feed::Feed;

/// The server's shared state; cloned into every handler.
#[derive(Clone)]
pub struct AppState {
    pub(crate) ingest: IngestHandle,
    pub(crate) store: store::StoreHandle,
    pub(crate) database: PathBuf,
    pub(crate) protocol: Arc<Protocol>,
    pub(crate) feed: Feed,
    pub(crate) ivr: Option<app::automation::ivr::IvrHandle>,
    /// The operator's record button, when the recorder runs.
    pub(crate) recorder: Option<app::automation::recorder::RecorderHandle>,
    /// The last log lines, when logging keeps them.
    pub(crate) logs: Option<crate::logs::LogBook>,
    pub(crate) settings: SettingsHandle,
    /// This machine's licence.
    pub(crate) licence: LicenceHandle,
    /// The OBS connections, which a configuration import reloads.
    pub(crate) obs: Option<app::obs_manager::ObsManagerHandle>,
    /// The data key, with which a configuration backup unseals and re-seals the secrets.
    data_key: Option<vault::SecretKey>,
    /// The operator password, device tokens and sessions.
    pub(crate) credentials: auth::Credentials,
    /// Every configuration change and sign-in.
    pub(crate) audit: auth::AuditTrail,
    /// Failed sign-ins per address.
    pub(crate) sign_ins: Arc<Mutex<auth::SignInLimiter>>,
    /// What the listener demands; set by [`crate::serve`] from where it is bound.
    listener: ListenerPolicy,
}

/// The protocol schema in use and where an edited one is saved.
#[derive(Debug)]
pub struct Protocol {
    // std RwLock: read or swapped in a moment, never held across an await.
    pub(crate) current: RwLock<Arc<pss::Schema>>,
    /// Where `PUT /api/protocol` saves the accepted file, so the next start uses it.
    pub(crate) save_to: PathBuf,
}

impl AppState {
    /// State over the running ingest and store. `schema` is the schema ingest started with;
    /// an accepted `PUT /api/protocol` is saved to `protocol_file`; `settings` and `licence`
    /// are the ones the running program read at start (the routes share them, nothing is read
    /// twice). Fails when the database's credential tables cannot be opened.
    pub fn new(
        ingest: IngestHandle,
        store: &store::Store,
        schema: Arc<pss::Schema>,
        protocol_file: PathBuf,
        feed: Feed,
        settings: SettingsHandle,
        licence: LicenceHandle,
    ) -> Result<AppState, auth::Error> {
        let credentials = auth::Credentials::open(store.path())?;
        let audit = auth::AuditTrail::open(store.path())?;
        Ok(AppState {
            ingest,
            store: store.handle(),
            database: store.path().to_owned(),
            protocol: Arc::new(Protocol {
                current: RwLock::new(schema),
                save_to: protocol_file,
            }),
            feed,
            ivr: None,
            recorder: None,
            logs: None,
            settings,
            licence,
            obs: None,
            data_key: None,
            credentials,
            audit,
            sign_ins: Arc::new(Mutex::new(auth::SignInLimiter::new())),
            listener: ListenerPolicy {
                bound: None,
                behind_proxy: false,
            },
        })
    }

    /// The same state served by a listener with `policy` ([`crate::serve`] sets it).
    pub fn with_listener(mut self, policy: ListenerPolicy) -> AppState {
        self.listener = policy;
        self
    }

    /// What the listener demands of requests.
    pub(crate) fn listener(&self) -> ListenerPolicy {
        self.listener
    }

    /// Notes a sign-in, sign-out or password change in the audit trail and the log.
    pub(crate) fn audit_sign_in(&self, identity: &Identity, action: &str) {
        self.audit(identity, action.to_owned(), None);
    }

    /// Writes an audit entry off the async runtime; a failed write is an error log line (the
    /// change itself stands).
    pub(crate) fn audit(&self, identity: &Identity, action: String, target: Option<String>) {
        let entry = auth::AuditEntry {
            actor: identity.actor(),
            address: identity.peer.map(|peer| peer.ip().to_string()),
            action,
            target,
        };
        tracing::info!(actor = %entry.actor, address = entry.address.as_deref().unwrap_or("in-process"), action = %entry.action, target = entry.target.as_deref().unwrap_or(""), "audit");
        let trail = self.audit.clone();
        tokio::task::spawn_blocking(move || {
            if let Err(err) = trail.record(&entry) {
                tracing::error!(%err, action = %entry.action, "the audit entry could not be written");
            }
        });
    }

    /// The same state with the licence the running program judged, for `/api/licence`.
    pub fn with_licence(mut self, licence: LicenceHandle) -> AppState {
        self.licence = licence;
        self
    }

    /// The same state with the replay flow's handle, so `/api/replay/...` can reach it.
    pub fn with_replay(mut self, ivr: app::automation::ivr::IvrHandle) -> AppState {
        self.ivr = Some(ivr);
        self
    }

    /// The same state with the OBS connection manager, so the snapshot lists its connections.
    pub fn with_obs(mut self, obs: app::obs_manager::ObsManagerHandle) -> AppState {
        self.feed.devices().set_obs_manager(obs.clone());
        self.obs = Some(obs);
        self
    }

    /// The same state also accepting the desktop shell's `token` as an operator's (see
    /// [`auth::Credentials::with_launcher_token`]).
    pub fn with_launcher_token(mut self, token: &str) -> AppState {
        self.credentials = self.credentials.with_launcher_token(token);
        self
    }

    /// The same state with the data key, for `/api/config/export` and `/api/config/import`.
    pub fn with_data_key(mut self, data_key: vault::SecretKey) -> AppState {
        self.data_key = Some(data_key);
        self
    }

    /// The data key, or 503 when this program was started without it.
    pub(crate) fn data_key(&self) -> Result<vault::SecretKey, crate::error::ApiError> {
        self.data_key.clone().ok_or_else(|| {
            crate::error::ApiError::unavailable("configuration backup is not available in this run")
        })
    }

    /// The same state with the recorder's handle, for `POST /api/obs/record`.
    pub fn with_recorder(
        mut self,
        recorder: app::automation::recorder::RecorderHandle,
    ) -> AppState {
        self.recorder = Some(recorder);
        self
    }

    /// The same state with the log book, for `GET /api/logs` and the feed's `log` messages.
    pub fn with_logs(mut self, logs: crate::logs::LogBook) -> AppState {
        self.logs = Some(logs);
        self
    }

    /// A read connection to the database, for one request.
    pub(crate) fn reader(&self) -> store::Result<store::Reader> {
        store::Reader::open(&self.database)
    }

    /// The schema in use.
    pub(crate) fn schema(&self) -> Arc<pss::Schema> {
        Arc::clone(
            &self
                .protocol
                .current
                .read()
                .unwrap_or_else(|e| e.into_inner()),
        )
    }

    /// The `Counters` JSON now, with `per_second` as the datagram rate.
    pub(crate) fn counters_json(&self, per_second: f64) -> Value {
        dto::counters(&self.ingest.counters(), &self.store.metrics(), per_second)
    }

    /// The `PssSources` JSON now.
    pub(crate) fn pss_json(&self) -> Value {
        dto::pss_sources(
            &self.ingest.following(),
            &self.ingest.counters(),
            app::ingest::now_us(),
        )
    }

    /// The live match JSON now.
    pub(crate) fn live_json(&self) -> Value {
        let live = self.ingest.live().borrow().clone();
        dto::live_match(live.match_id, &live.state)
    }

    /// The `Licence` JSON now (judged against today's date).
    pub(crate) fn licence_json(&self) -> Value {
        dto::licence(&self.licence.check(), self.licence.fingerprint())
    }

    /// Everything a client needs to draw the screen from nothing.
    pub(crate) fn snapshot(&self) -> Value {
        serde_json::json!({
            "state": self.live_json(),
            "counters": self.counters_json(self.feed.datagrams_per_second()),
            "udp": dto::udp_status(self.ingest.status()),
            "manual_mode": self.ingest.manual_mode(),
            "pss": self.pss_json(),
            "settings": self.settings.get().to_json(),
            "protocol_version": self.schema().version(),
            "obs": self.feed.devices().obs_json(),
            "recording": self.feed.devices().recording_json(),
            "replay": self.feed.devices().replay_json(),
            "licence": self.licence_json(),
        })
    }
}
