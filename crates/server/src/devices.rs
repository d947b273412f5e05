//! What the operator sees of the machinery around the match: the OBS connections, the
//! recorder and the replay flow, as the `obs`, `recording` and `replay` JSON of the snapshot
//! and of the feed messages of the same names.
//!
//! The feed task folds each bus event in ([`Devices::apply`]); the snapshot reads the result.
//! The OBS list comes from the connection manager when the server has one, so a connection
//! added or removed at runtime shows at once; connections known only from their status events
//! (a stored row that could not be loaded) are added to it.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use app::automation::ivr::IvrStatus;
use app::bus::{AppEvent, RecorderEvent};
use app::obs_manager::{protocol_text, ObsConnectionInfo, ObsManagerHandle};
use obs::{ConnectionStatus, Role};
use serde_json::{json, Value};

/// The shared device state; cheap to clone, every clone sees the same state.
#[derive(Debug, Clone, Default)]
pub struct Devices {
    shared: Arc<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    /// Set once, when the server is given the connection manager.
    manager: OnceLock<ObsManagerHandle>,
    // std Mutex: held to fold one event or copy the JSON out, never across an await.
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// The last status each connection reported on the bus, by name.
    obs: BTreeMap<String, (Role, ConnectionStatus)>,
    /// The last recorder event (`None`: nothing recorded since the start).
    recorder: Option<RecorderEvent>,
    /// The last replay flow status (`None`: idle).
    replay: Option<IvrStatus>,
}

/// What a bus event changed, so the feed knows which message to publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    /// The OBS connections (`{"type": "obs"}`).
    Obs,
    /// The recorder (`{"type": "recording"}`).
    Recording,
    /// The replay flow (`{"type": "replay"}`).
    Replay,
}

impl Devices {
    /// An empty state: no connection, not recording, replay idle.
    pub fn new() -> Devices {
        Devices::default()
    }

    /// Uses `manager`'s list of connections from now on. Only the first call counts.
    pub fn set_obs_manager(&self, manager: ObsManagerHandle) {
        if self.shared.manager.set(manager).is_err() {
            tracing::warn!("obs manager given twice to the server; the first one is kept");
        }
    }

    /// Folds one bus event in; `None` when it is not about a device.
    pub fn apply(&self, event: &AppEvent) -> Option<Changed> {
        let mut inner = self.lock();
        match event {
            AppEvent::ObsStatus { name, role, status } => {
                inner.obs.insert(name.clone(), (*role, status.clone()));
                Some(Changed::Obs)
            }
            AppEvent::Recorder(recorder) => {
                inner.recorder = Some(recorder.clone());
                Some(Changed::Recording)
            }
            AppEvent::IvrStatus(status) => {
                inner.replay = Some(status.clone());
                Some(Changed::Replay)
            }
            _ => None,
        }
    }

    /// The `obs` JSON: one `ObsConnection` per connection, by name.
    pub fn obs_json(&self) -> Value {
        let inner = self.lock();
        let mut list: BTreeMap<String, Value> = BTreeMap::new();
        if let Some(manager) = self.shared.manager.get() {
            for info in manager.list() {
                list.insert(info.name.clone(), obs_connection_json(&info));
            }
        }
        // A connection the manager does not hold shows only when it failed to load (or when
        // there is no manager: then the status events are all there is).
        for (name, (role, status)) in &inner.obs {
            let failed = matches!(status, ConnectionStatus::Error { .. });
            if !list.contains_key(name) && (failed || self.shared.manager.get().is_none()) {
                list.insert(name.clone(), status_only(name, *role, status));
            }
        }
        Value::Array(list.into_values().collect())
    }

    /// The connection manager, when the server has one.
    pub fn obs_manager(&self) -> Option<&ObsManagerHandle> {
        self.shared.manager.get()
    }

    /// The `recording` JSON.
    pub fn recording_json(&self) -> Value {
        recording(self.lock().recorder.as_ref())
    }

    /// The `replay` JSON.
    pub fn replay_json(&self) -> Value {
        replay(self.lock().replay.as_ref())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.shared.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Rec => "rec",
        Role::Str => "str",
        Role::Both => "both",
    }
}

fn status_json(status: &ConnectionStatus) -> (&'static str, Option<&str>) {
    match status {
        ConnectionStatus::Disconnected => ("disconnected", None),
        ConnectionStatus::Connecting => ("connecting", None),
        ConnectionStatus::Connected => ("connected", None),
        ConnectionStatus::Error { reason } => ("error", Some(reason.as_str())),
    }
}

/// One connection as `ObsConnection` in API.md (never its password).
pub fn obs_connection_json(info: &ObsConnectionInfo) -> Value {
    let (status, reason) = status_json(&info.status);
    json!({
        "name": info.name,
        "host": info.host,
        "port": info.port,
        "protocol": protocol_text(info.protocol),
        "role": role_name(info.role),
        "enabled": info.enabled,
        "has_password": info.has_password,
        "status": status,
        "reason": reason,
        "rtt_ms": info.rtt.map(|rtt| (rtt.as_secs_f64() * 1e4).round() / 10.0),
    })
}

/// A connection known only from its status events.
fn status_only(name: &str, role: Role, status: &ConnectionStatus) -> Value {
    let (status, reason) = status_json(status);
    json!({
        "name": name, "host": null, "port": null, "protocol": null, "role": role_name(role),
        "enabled": null, "has_password": null, "status": status, "reason": reason, "rtt_ms": null,
    })
}

fn path_text(path: Option<&Path>) -> Value {
    path.map_or(Value::Null, |p| {
        Value::from(p.to_string_lossy().into_owned())
    })
}

fn recording(event: Option<&RecorderEvent>) -> Value {
    match event {
        Some(RecorderEvent::Started { match_id, path, .. }) => {
            json!({ "active": true, "path": path_text(path.as_deref()), "match_id": match_id })
        }
        Some(RecorderEvent::Stopped { match_id, path, .. }) => {
            json!({ "active": false, "path": path_text(path.as_deref()), "match_id": match_id })
        }
        Some(RecorderEvent::Waiting { match_id, .. }) => {
            json!({ "active": false, "path": null, "match_id": match_id })
        }
        None => json!({ "active": false, "path": null, "match_id": null }),
    }
}

fn replay(status: Option<&IvrStatus>) -> Value {
    let (name, replay_id, reason): (&str, Option<i64>, Option<&str>) = match status {
        None | Some(IvrStatus::Idle) => ("idle", None, None),
        Some(IvrStatus::Saving { replay_id }) => ("saving", Some(*replay_id), None),
        Some(IvrStatus::Queued { replay_id, .. }) => ("queued", Some(*replay_id), None),
        Some(IvrStatus::Playing { replay_id, .. }) => ("playing", Some(*replay_id), None),
        Some(IvrStatus::Closed { replay_id, reason }) => {
            ("closed", Some(*replay_id), Some(reason.as_str()))
        }
        Some(IvrStatus::Failed { replay_id, reason }) => {
            ("failed", Some(*replay_id), Some(reason.as_str()))
        }
        Some(IvrStatus::Warning { replay_id, message }) => {
            ("warning", Some(*replay_id), Some(message.as_str()))
        }
    };
    json!({ "status": name, "replay_id": replay_id, "reason": reason })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_empty_and_follows_the_last_event() {
        let devices = Devices::new();
        assert_eq!(devices.obs_json(), json!([]));
        assert_eq!(
            devices.recording_json(),
            json!({ "active": false, "path": null, "match_id": null })
        );
        assert_eq!(
            devices.replay_json(),
            json!({ "status": "idle", "replay_id": null, "reason": null })
        );

        let changed = devices.apply(&AppEvent::ObsStatus {
            name: "court".into(),
            role: Role::Both,
            status: ConnectionStatus::Error {
                reason: "wrong password".into(),
            },
        });
        assert_eq!(changed, Some(Changed::Obs));
        assert_eq!(
            devices.obs_json(),
            json!([{
                "name": "court", "host": null, "port": null, "protocol": null, "role": "both",
                "enabled": null, "has_password": null, "status": "error",
                "reason": "wrong password", "rtt_ms": null,
            }])
        );

        devices.apply(&AppEvent::Recorder(RecorderEvent::Started {
            match_id: Some(7),
            recording_id: 1,
            path: Some("/rec/a.mkv".into()),
        }));
        assert_eq!(
            devices.recording_json(),
            json!({ "active": true, "path": "/rec/a.mkv", "match_id": 7 })
        );
        devices.apply(&AppEvent::Recorder(RecorderEvent::Stopped {
            match_id: Some(7),
            recording_id: 1,
            path: Some("/rec/a.mkv".into()),
            reason: "match over".into(),
        }));
        assert_eq!(devices.recording_json()["active"], false);

        devices.apply(&AppEvent::IvrStatus(IvrStatus::Failed {
            replay_id: 3,
            reason: "no clip".into(),
        }));
        assert_eq!(
            devices.replay_json(),
            json!({ "status": "failed", "replay_id": 3, "reason": "no clip" })
        );
        assert_eq!(devices.apply(&AppEvent::EventStored { up_to_seq: 1 }), None);
    }
}
