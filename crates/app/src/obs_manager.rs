//! The OBS connection manager: any number of named connections, kept in the store, changed at
//! runtime through a cheap-clone [`ObsManagerHandle`].
//!
//! Each enabled connection is an [`obs::Connection`] supervisor (reconnect, heartbeat) spawned
//! on the shared task tracker with its own cancellation token, plus a small task that publishes
//! every status change on the bus as [`AppEvent::ObsStatus`]. STR and BOTH connections also get
//! the stream-session tracker ([`crate::automation::stream`]). Passwords go to the store sealed
//! under the data key ([`SecretKey`], crate `vault`); they are never logged (`obs::Password` prints `***`).
//!
//! What it leaves out: deciding what OBS should do. The recorder and the stream side ask the
//! manager for "the REC connection(s)" / "the STR connection(s)" and act on them.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use obs::{Connection, ConnectionConfig, ConnectionStatus, ObsControl, Password, Protocol, Role};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::automation::stream;
use crate::bus::{AppEvent, Bus};
use vault::{SecretKey, VaultError};

/// How long [`ObsManagerHandle::test`] waits for the handshake and for the round trip.
const TEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// One connection as the operator describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObsConnectionSpec {
    /// Unique name, e.g. `REC`.
    pub name: String,
    /// Host name or IP address of OBS.
    pub host: String,
    /// obs-websocket port.
    pub port: u16,
    /// Password, when OBS asks for one.
    pub password: Option<Password>,
    /// Which protocol to speak.
    pub protocol: Protocol,
    /// What it is used for.
    pub role: Role,
    /// Whether it is connected (and reconnected at start).
    pub enabled: bool,
}

/// A connection as [`ObsManagerHandle::list`] shows it: no password, the status now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObsConnectionInfo {
    /// Unique name.
    pub name: String,
    /// Host name or IP address.
    pub host: String,
    /// obs-websocket port.
    pub port: u16,
    /// Which protocol to speak.
    pub protocol: Protocol,
    /// What it is used for.
    pub role: Role,
    /// Whether it is meant to be connected.
    pub enabled: bool,
    /// Whether a password is set.
    pub has_password: bool,
    /// Its status now.
    pub status: ConnectionStatus,
    /// The last heartbeat's round trip, while connected.
    pub rtt: Option<std::time::Duration>,
}

/// Why the manager could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum ManagerError {
    /// `add` with a name already in use.
    #[error("obs connection {0:?} already exists")]
    Exists(String),
    /// No connection has this name.
    #[error("no obs connection named {0:?}")]
    NotFound(String),
    /// The description cannot work (empty name or host, port 0).
    #[error("invalid obs connection: {0}")]
    Invalid(String),
    /// A stored row does not read back (a role or protocol the program does not know).
    #[error("stored obs connection {name:?} cannot be read: {reason}")]
    Stored {
        /// The connection.
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// The store refused the change.
    #[error("cannot store the obs connection: {0}")]
    Store(#[from] store::Error),
    /// The password could not be sealed or unsealed.
    #[error(transparent)]
    Secret(#[from] VaultError),
    /// No enabled connection has the role an operation needs.
    #[error("no enabled obs connection with role {0}")]
    NoRole(Role),
    /// OBS refused or did not answer.
    #[error("obs connection {name:?}: {source}")]
    Obs {
        /// The connection.
        name: String,
        /// What the client said.
        source: obs::Error,
    },
}

/// The manager. Cheap to clone; every clone sees the same connections.
#[derive(Debug, Clone)]
pub struct ObsManagerHandle {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    store: store::StoreHandle,
    secret: SecretKey,
    bus: Bus,
    tracker: TaskTracker,
    cancel: CancellationToken,
    /// Connections by name. A std mutex: held only to read or swap entries, never across
    /// an `.await`.
    entries: Mutex<BTreeMap<String, Entry>>,
}

#[derive(Debug)]
struct Entry {
    spec: ObsConnectionSpec,
    /// Kept in the store (false for [`ObsManagerHandle::attach`]).
    persisted: bool,
    /// The supervisor while enabled.
    running: Option<Running>,
}

#[derive(Debug)]
struct Running {
    connection: Connection,
    cancel: CancellationToken,
}

impl ObsManagerHandle {
    /// A manager with no connections; tasks go on `tracker` and stop with `cancel`.
    pub fn new(
        store: store::StoreHandle,
        secret: SecretKey,
        bus: Bus,
        tracker: TaskTracker,
        cancel: CancellationToken,
    ) -> ObsManagerHandle {
        ObsManagerHandle {
            shared: Arc::new(Shared {
                store,
                secret,
                bus,
                tracker,
                cancel,
                entries: Mutex::new(BTreeMap::new()),
            }),
        }
    }

    /// Takes over the stored connections and connects the enabled ones. A row that cannot be
    /// read (or whose password does not unseal) is logged, reported on the bus as an error
    /// status, and left out.
    pub fn load(&self, rows: Vec<store::ObsConnectionRow>) {
        for row in rows {
            let name = row.name.clone();
            match ObsConnectionSpec::from_row(row, &self.shared.secret) {
                Ok(spec) => self.insert(spec, true),
                Err(err) => {
                    tracing::error!(conn = %name, %err, "stored obs connection left out");
                    self.shared.bus.publish(AppEvent::ObsStatus {
                        name,
                        role: Role::Both,
                        status: ConnectionStatus::Error {
                            reason: err.to_string(),
                        },
                    });
                }
            }
        }
    }

    /// Replaces every stored connection with `rows`, already stored (by a configuration
    /// import): each one running is stopped, then `rows` are taken over as by [`Self::load`].
    /// Connections of this run only ([`Self::attach`]) stay.
    pub fn reload(&self, rows: Vec<store::ObsConnectionRow>) {
        let stored: Vec<Entry> = {
            let mut entries = self.lock();
            let names: Vec<String> = entries
                .iter()
                .filter(|(_, entry)| entry.persisted)
                .map(|(name, _)| name.clone())
                .collect();
            names
                .iter()
                .filter_map(|name| entries.remove(name))
                .collect()
        };
        for running in stored.into_iter().filter_map(|entry| entry.running) {
            running.cancel.cancel();
        }
        self.load(rows);
    }

    /// Adds a new connection, stores it, and connects it when enabled.
    pub async fn add(&self, spec: ObsConnectionSpec) -> Result<(), ManagerError> {
        spec.validate()?;
        if self.lock().contains_key(&spec.name) {
            return Err(ManagerError::Exists(spec.name));
        }
        self.persist(&spec).await?;
        self.insert(spec, true);
        Ok(())
    }

    /// Adds a connection for this run only (not stored), e.g. `vta demo --obs`.
    pub fn attach(&self, spec: ObsConnectionSpec) -> Result<(), ManagerError> {
        spec.validate()?;
        if self.lock().contains_key(&spec.name) {
            return Err(ManagerError::Exists(spec.name));
        }
        self.insert(spec, false);
        Ok(())
    }

    /// Replaces the connection named `spec.name` (reconnecting it with the new settings).
    pub async fn update(&self, spec: ObsConnectionSpec) -> Result<(), ManagerError> {
        spec.validate()?;
        let persisted = self
            .lock()
            .get(&spec.name)
            .map(|entry| entry.persisted)
            .ok_or_else(|| ManagerError::NotFound(spec.name.clone()))?;
        if persisted {
            self.persist(&spec).await?;
        }
        self.stop(&spec.name);
        self.insert(spec, persisted);
        Ok(())
    }

    /// Disconnects and forgets the connection, in the store too.
    pub async fn remove(&self, name: &str) -> Result<(), ManagerError> {
        let entry = self
            .lock()
            .remove(name)
            .ok_or_else(|| ManagerError::NotFound(name.to_owned()))?;
        if let Some(running) = entry.running {
            running.cancel.cancel();
        }
        if entry.persisted {
            self.shared.store.delete_obs_connection(name).await?;
        }
        tracing::info!(conn = %name, "obs connection removed");
        Ok(())
    }

    /// Enables the connection (kept in the store) and connects it.
    pub async fn connect(&self, name: &str) -> Result<(), ManagerError> {
        self.set_enabled(name, true).await
    }

    /// Disables the connection (kept in the store) and closes its socket.
    pub async fn disconnect(&self, name: &str) -> Result<(), ManagerError> {
        self.set_enabled(name, false).await
    }

    /// Every connection by name, with its status now.
    pub fn list(&self) -> Vec<ObsConnectionInfo> {
        self.lock()
            .values()
            .map(|entry| ObsConnectionInfo {
                name: entry.spec.name.clone(),
                host: entry.spec.host.clone(),
                port: entry.spec.port,
                protocol: entry.spec.protocol,
                role: entry.spec.role,
                enabled: entry.spec.enabled,
                has_password: entry.spec.password.is_some(),
                status: entry
                    .running
                    .as_ref()
                    .map_or(ConnectionStatus::Disconnected, |running| {
                        running.connection.status().borrow().clone()
                    }),
                rtt: entry
                    .running
                    .as_ref()
                    .and_then(|running| running.connection.rtt()),
            })
            .collect()
    }

    /// The connection named `name` as it is described now, password included (for a change
    /// that keeps it; never to be shown).
    pub fn spec(&self, name: &str) -> Option<ObsConnectionSpec> {
        self.lock().get(name).map(|entry| entry.spec.clone())
    }

    /// A short-lived second connection to the OBS of `name` (the supervised one is left
    /// alone): the versions OBS reports and one request's round trip, or why it failed.
    pub async fn test(&self, name: &str) -> Result<obs::Probe, ManagerError> {
        let spec = self
            .spec(name)
            .ok_or_else(|| ManagerError::NotFound(name.to_owned()))?;
        let mut options = obs::ConnectOptions::new(spec.host.clone(), spec.port);
        options.password = spec.password.clone();
        options.protocol = spec.protocol;
        options.handshake_timeout = TEST_TIMEOUT;
        options.request_timeout = TEST_TIMEOUT;
        let probe = obs::probe(options)
            .await
            .map_err(|source| ManagerError::Obs {
                name: name.to_owned(),
                source,
            });
        match &probe {
            Ok(found) => {
                tracing::info!(conn = %name, rtt = ?found.rtt, "obs connection test answered")
            }
            Err(err) => tracing::info!(conn = %name, %err, "obs connection test failed"),
        }
        probe
    }

    /// The running connection named `name`.
    pub fn connection(&self, name: &str) -> Option<Connection> {
        self.lock()
            .get(name)
            .and_then(|entry| entry.running.as_ref())
            .map(|running| running.connection.clone())
    }

    /// The enabled connections that record (role REC or BOTH), by name.
    pub fn rec_connections(&self) -> Vec<Connection> {
        self.with_role(|role| matches!(role, Role::Rec | Role::Both))
    }

    /// The enabled connections that stream (role STR or BOTH), by name.
    pub fn str_connections(&self) -> Vec<Connection> {
        self.with_role(|role| matches!(role, Role::Str | Role::Both))
    }

    /// The first REC connection (by name) as the recorder uses it.
    pub fn rec_control(&self) -> Option<(String, Arc<dyn ObsControl>)> {
        self.rec_connections().into_iter().next().map(|connection| {
            let name = connection.config().name.clone();
            (name, Arc::new(connection) as Arc<dyn ObsControl>)
        })
    }

    fn with_role(&self, wanted: impl Fn(Role) -> bool) -> Vec<Connection> {
        self.lock()
            .values()
            .filter(|entry| wanted(entry.spec.role))
            .filter_map(|entry| entry.running.as_ref())
            .map(|running| running.connection.clone())
            .collect()
    }

    async fn set_enabled(&self, name: &str, enabled: bool) -> Result<(), ManagerError> {
        let (mut spec, persisted) = self
            .lock()
            .get(name)
            .map(|entry| (entry.spec.clone(), entry.persisted))
            .ok_or_else(|| ManagerError::NotFound(name.to_owned()))?;
        if spec.enabled == enabled {
            return Ok(());
        }
        spec.enabled = enabled;
        if persisted {
            self.persist(&spec).await?;
        }
        self.stop(name);
        self.insert(spec, persisted);
        Ok(())
    }

    async fn persist(&self, spec: &ObsConnectionSpec) -> Result<(), ManagerError> {
        let row = spec.to_row(&self.shared.secret)?;
        self.shared.store.save_obs_connection(row).await?;
        Ok(())
    }

    /// Stops the supervisor of `name`, if it runs.
    fn stop(&self, name: &str) {
        if let Some(running) = self
            .lock()
            .get_mut(name)
            .and_then(|entry| entry.running.take())
        {
            running.cancel.cancel();
        }
    }

    /// Puts `spec` in the table and starts it when enabled.
    fn insert(&self, spec: ObsConnectionSpec, persisted: bool) {
        let running = spec.enabled.then(|| self.spawn(&spec));
        tracing::info!(
            conn = %spec.name, host = %spec.host, port = spec.port, role = %spec.role,
            enabled = spec.enabled, persisted, "obs connection set"
        );
        self.lock().insert(
            spec.name.clone(),
            Entry {
                spec,
                persisted,
                running,
            },
        );
    }

    fn spawn(&self, spec: &ObsConnectionSpec) -> Running {
        let mut config = ConnectionConfig::new(&spec.name, &spec.host, spec.port).role(spec.role);
        config.password = spec.password.clone();
        config.protocol = spec.protocol;
        let connection = Connection::new(config);
        let cancel = self.shared.cancel.child_token();
        let tracker = &self.shared.tracker;
        let supervisor = connection.clone();
        let supervisor_cancel = cancel.clone();
        tracker.spawn(async move { supervisor.run(supervisor_cancel).await });
        tracker.spawn(publish_status(
            connection.clone(),
            self.shared.bus.clone(),
            cancel.clone(),
        ));
        if matches!(spec.role, Role::Str | Role::Both) {
            tracker.spawn(stream::track_sessions(
                connection.clone(),
                self.shared.store.clone(),
                cancel.clone(),
            ));
        }
        Running { connection, cancel }
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, Entry>> {
        self.shared
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Publishes each status change of `connection` as [`AppEvent::ObsStatus`]; a last
/// `Disconnected` when the connection is stopped.
async fn publish_status(connection: Connection, bus: Bus, cancel: CancellationToken) {
    let name = connection.config().name.clone();
    let role = connection.config().role;
    let mut status = connection.status();
    let publish = |status: ConnectionStatus| {
        bus.publish(AppEvent::ObsStatus {
            name: name.clone(),
            role,
            status,
        })
    };
    publish(status.borrow_and_update().clone());
    loop {
        tokio::select! {
            _ = cancel.cancelled() => {
                publish(ConnectionStatus::Disconnected);
                break;
            }
            changed = status.changed() => {
                if changed.is_err() {
                    break;
                }
                let now = status.borrow_and_update().clone();
                if let ConnectionStatus::Error { reason } = &now {
                    tracing::warn!(conn = %name, %reason, "obs connection stopped with an error");
                }
                publish(now);
            }
        }
    }
}

impl ObsConnectionSpec {
    /// A spec with the defaults: no password, protocol auto, role BOTH, enabled.
    pub fn new(name: impl Into<String>, host: impl Into<String>, port: u16) -> Self {
        ObsConnectionSpec {
            name: name.into(),
            host: host.into(),
            port,
            password: None,
            protocol: Protocol::Auto,
            role: Role::Both,
            enabled: true,
        }
    }

    /// Refuses a spec that cannot connect.
    pub fn validate(&self) -> Result<(), ManagerError> {
        if self.name.trim().is_empty() {
            return Err(ManagerError::Invalid("the name is empty".into()));
        }
        if self.host.trim().is_empty() {
            return Err(ManagerError::Invalid(format!(
                "connection {:?} has no host",
                self.name
            )));
        }
        if self.port == 0 {
            return Err(ManagerError::Invalid(format!(
                "connection {:?} has port 0",
                self.name
            )));
        }
        Ok(())
    }

    /// The store row, the password sealed with `secret`.
    pub fn to_row(&self, secret: &SecretKey) -> Result<store::ObsConnectionRow, ManagerError> {
        let password_sealed = self
            .password
            .as_ref()
            .map(|password| secret.seal(password.expose()))
            .transpose()?;
        Ok(store::ObsConnectionRow {
            name: self.name.clone(),
            host: self.host.clone(),
            port: self.port,
            password_sealed,
            protocol: protocol_text(self.protocol).to_owned(),
            role: role_text(self.role).to_owned(),
            enabled: self.enabled,
        })
    }

    /// The spec a store row describes, the password unsealed with `secret`.
    pub fn from_row(
        row: store::ObsConnectionRow,
        secret: &SecretKey,
    ) -> Result<ObsConnectionSpec, ManagerError> {
        let stored = |reason: String| ManagerError::Stored {
            name: row.name.clone(),
            reason,
        };
        let protocol = parse_protocol(&row.protocol)
            .ok_or_else(|| stored(format!("unknown protocol {:?}", row.protocol)))?;
        let role =
            parse_role(&row.role).ok_or_else(|| stored(format!("unknown role {:?}", row.role)))?;
        let password = row
            .password_sealed
            .as_deref()
            .map(|sealed| secret.unseal(sealed).map(Password::new))
            .transpose()?;
        Ok(ObsConnectionSpec {
            name: row.name,
            host: row.host,
            port: row.port,
            password,
            protocol,
            role,
            enabled: row.enabled,
        })
    }
}

/// `rec`, `str`, `both`: the stored spelling of a role.
pub fn role_text(role: Role) -> &'static str {
    match role {
        Role::Rec => "rec",
        Role::Str => "str",
        Role::Both => "both",
    }
}

/// A role from its stored or typed spelling (any case).
pub fn parse_role(text: &str) -> Option<Role> {
    match text.to_ascii_lowercase().as_str() {
        "rec" => Some(Role::Rec),
        "str" => Some(Role::Str),
        "both" => Some(Role::Both),
        _ => None,
    }
}

/// `auto`, `v5`, `v4`: the stored spelling of a protocol.
pub fn protocol_text(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Auto => "auto",
        Protocol::V5 => "v5",
        Protocol::V4 => "v4",
    }
}

/// A protocol from its stored or typed spelling (any case).
pub fn parse_protocol(text: &str) -> Option<Protocol> {
    match text.to_ascii_lowercase().as_str() {
        "auto" => Some(Protocol::Auto),
        "v5" => Some(Protocol::V5),
        "v4" => Some(Protocol::V4),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_round_trips_through_its_row_with_the_password_sealed() {
        let secret = SecretKey::generate().unwrap();
        let mut spec = ObsConnectionSpec::new("REC", "10.0.0.5", 4455);
        spec.password = Some(Password::new("ringside"));
        spec.role = Role::Rec;
        spec.protocol = Protocol::V5;
        let row = spec.to_row(&secret).unwrap();
        assert_eq!((row.role.as_str(), row.protocol.as_str()), ("rec", "v5"));
        let sealed = row.password_sealed.clone().unwrap();
        assert!(!String::from_utf8_lossy(&sealed).contains("ringside"));
        assert_eq!(ObsConnectionSpec::from_row(row, &secret).unwrap(), spec);
    }

    #[test]
    fn bad_specs_and_rows_are_refused_with_the_reason() {
        let secret = SecretKey::generate().unwrap();
        let no_port = ObsConnectionSpec::new("REC", "host", 0).validate();
        assert!(no_port.unwrap_err().to_string().contains("port 0"));
        let mut row = ObsConnectionSpec::new("REC", "host", 1)
            .to_row(&secret)
            .unwrap();
        row.role = "record".into();
        let error = ObsConnectionSpec::from_row(row, &secret).unwrap_err();
        assert_eq!(
            error.to_string(),
            "stored obs connection \"REC\" cannot be read: unknown role \"record\""
        );
        assert_eq!(parse_role("BOTH"), Some(Role::Both));
        assert_eq!(parse_protocol("V4"), Some(Protocol::V4));
    }
}
