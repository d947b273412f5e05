//! [`Session`]: a connected OBS of either protocol version, and [`connect`], which picks the
//! version ([`Protocol::Auto`]: a v5 server sends Hello at once, a v4 server waits).

use std::path::{Path, PathBuf};
use std::time::Duration;

use futures_util::future::BoxFuture;
use serde_json::Value;
use tokio::sync::broadcast;

use crate::client::{handshake, ConnectOptions, RecordStatus, Scene, SceneList, StreamStatus};
use crate::control::ObsControl;
use crate::event::Event;
use crate::{transport, v4, Client, Error, Result};

/// How long [`Protocol::Auto`] waits for a v5 Hello before it speaks v4.
const HELLO_WAIT: Duration = Duration::from_millis(1000);

/// Which obs-websocket protocol to speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Protocol {
    /// Decide from the server: v5 if it sends Hello within a second, otherwise v4.
    #[default]
    Auto,
    /// obs-websocket 5.x (OBS 28 and later).
    V5,
    /// obs-websocket 4.x (OBS 27 and older with the plugin).
    V4,
}

/// A connected OBS, v5 or v4.
#[derive(Debug, Clone)]
pub enum Session {
    /// obs-websocket 5.x.
    V5(Client),
    /// obs-websocket 4.x.
    V4(v4::Client),
}

/// Connects with the protocol `options.protocol` asks for; the whole handshake is bounded by
/// `options.handshake_timeout`.
pub async fn connect(options: ConnectOptions) -> Result<Session> {
    if options.protocol == Protocol::V5 {
        return Client::connect(options).await.map(Session::V5);
    }
    let handshake = async {
        let mut socket = transport::open(&options).await?;
        let first = match options.protocol {
            Protocol::V4 => None,
            _ => transport::first_message(&mut socket, HELLO_WAIT).await?,
        };
        match first {
            Some(hello) => {
                let rpc_version = handshake::identify(&mut socket, hello, &options).await?;
                Ok(Handshaken::V5(socket, rpc_version))
            }
            None => Ok(Handshaken::V4(socket)),
        }
    };
    let handshaken = tokio::time::timeout(options.handshake_timeout, handshake)
        .await
        .map_err(|_| handshake::timeout_error(&options))??;
    match handshaken {
        Handshaken::V5(socket, rpc_version) => Client::start(socket, rpc_version, &options)
            .await
            .map(Session::V5),
        Handshaken::V4(socket) => {
            let v4_start = v4::Client::start(socket, &options);
            tokio::time::timeout(options.handshake_timeout, v4_start)
                .await
                .map_err(|_| {
                    Error::Handshake(format!(
                        "no answer to GetAuthRequired from {}",
                        options.address()
                    ))
                })?
                .map(Session::V4)
        }
    }
}

enum Handshaken {
    V5(transport::WsStream, u32),
    V4(transport::WsStream),
}

impl Session {
    /// Which protocol this session speaks (never [`Protocol::Auto`]).
    pub fn protocol(&self) -> Protocol {
        match self {
            Session::V5(_) => Protocol::V5,
            Session::V4(_) => Protocol::V4,
        }
    }

    /// Waits until the socket is closed and says why (see [`Client::closed`]).
    pub async fn closed(&self) -> Error {
        match self {
            Session::V5(client) => client.closed().await,
            Session::V4(client) => client.closed().await,
        }
    }

    /// True once the socket is closed.
    pub fn is_closed(&self) -> bool {
        match self {
            Session::V5(client) => client.is_closed(),
            Session::V4(client) => client.is_closed(),
        }
    }

    /// Closes the socket cleanly.
    pub async fn disconnect(&self) {
        match self {
            Session::V5(client) => client.disconnect().await,
            Session::V4(client) => client.disconnect().await,
        }
    }

    /// One cheap request with its own timeout; any answer, even a failure status, proves the
    /// session alive.
    pub async fn heartbeat(&self, timeout: Duration) -> Result<()> {
        let beat = match self {
            Session::V5(client) => client.call_once("GetStats", None, timeout).await.map(drop),
            Session::V4(client) => client
                .call_with_timeout("GetVersion", Value::Null, timeout)
                .await
                .map(drop),
        };
        match beat {
            Err(Error::Api { .. }) => Ok(()),
            other => other,
        }
    }

    /// The OBS Studio version it reported at connect time, e.g. `29.1.3`.
    pub fn obs_version(&self) -> Option<&str> {
        match self {
            Session::V5(client) => client.version().and_then(|v| v.obs_version.as_deref()),
            Session::V4(client) => client.obs_version(),
        }
    }

    /// The obs-websocket version it reported at connect time, e.g. `5.2.3` or `4.9.1`.
    pub fn websocket_version(&self) -> Option<&str> {
        match self {
            Session::V5(client) => client
                .version()
                .and_then(|v| v.obs_web_socket_version.as_deref()),
            Session::V4(client) => client.version(),
        }
    }

    /// Every scene and the one on air (`GetSceneList`; v4 has no preview and no index).
    #[doc(alias = "GetSceneList")]
    pub async fn scene_list(&self) -> Result<SceneList> {
        match self {
            Session::V5(client) => client.scenes().list().await,
            Session::V4(client) => {
                let answer = client.call("GetSceneList", Value::Null).await?;
                let scenes = answer
                    .get("scenes")
                    .and_then(Value::as_array)
                    .map(|scenes| {
                        scenes
                            .iter()
                            .filter_map(|scene| scene.get("name").and_then(Value::as_str))
                            .map(|name| Scene {
                                scene_name: name.to_owned(),
                                scene_index: None,
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                Ok(SceneList {
                    current_program_scene_name: answer
                        .get("current-scene")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    current_preview_scene_name: None,
                    scenes,
                })
            }
        }
    }

    fn control(&self) -> &dyn ObsControl {
        match self {
            Session::V5(client) => client,
            Session::V4(client) => client,
        }
    }
}

impl ObsControl for Session {
    fn start_record(&self) -> BoxFuture<'_, Result<()>> {
        self.control().start_record()
    }

    fn stop_record(&self) -> BoxFuture<'_, Result<Option<PathBuf>>> {
        self.control().stop_record()
    }

    fn record_status(&self) -> BoxFuture<'_, Result<RecordStatus>> {
        self.control().record_status()
    }

    fn set_record_directory<'a>(&'a self, directory: &'a Path) -> BoxFuture<'a, Result<()>> {
        self.control().set_record_directory(directory)
    }

    fn set_filename_format<'a>(&'a self, format: &'a str) -> BoxFuture<'a, Result<()>> {
        self.control().set_filename_format(format)
    }

    fn start_replay_buffer(&self) -> BoxFuture<'_, Result<()>> {
        self.control().start_replay_buffer()
    }

    fn stop_replay_buffer(&self) -> BoxFuture<'_, Result<()>> {
        self.control().stop_replay_buffer()
    }

    fn save_replay_buffer(&self) -> BoxFuture<'_, Result<()>> {
        self.control().save_replay_buffer()
    }

    fn replay_buffer_active(&self) -> BoxFuture<'_, Result<bool>> {
        self.control().replay_buffer_active()
    }

    fn last_replay(&self) -> BoxFuture<'_, Result<PathBuf>> {
        self.control().last_replay()
    }

    fn program_scene(&self) -> BoxFuture<'_, Result<String>> {
        self.control().program_scene()
    }

    fn set_program_scene<'a>(&'a self, scene_name: &'a str) -> BoxFuture<'a, Result<()>> {
        self.control().set_program_scene(scene_name)
    }

    fn start_stream(&self) -> BoxFuture<'_, Result<()>> {
        self.control().start_stream()
    }

    fn stop_stream(&self) -> BoxFuture<'_, Result<()>> {
        self.control().stop_stream()
    }

    fn stream_status(&self) -> BoxFuture<'_, Result<StreamStatus>> {
        self.control().stream_status()
    }

    fn events(&self) -> broadcast::Receiver<Event> {
        self.control().events()
    }
}
