//! A small stateful obs-websocket v5 server (no authentication) that behaves like OBS for the
//! recorder: it keeps the record folder, file name format, recording and replay buffer state
//! and the program scene, answers the status requests from that state, and sends the events
//! OBS sends (`*StateChanged`, `ReplayBufferSaved`, `CurrentProgramSceneChanged`). The server's
//! tests use it too.
//! It can be taken down (every socket closed, the port released) and brought back on the same
//! port, like an OBS that was killed and restarted.

use std::sync::{Arc, Mutex};

use futures_util::{SinkExt, StreamExt};
use obs::protocol::op;
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::broadcast;
use tokio_tungstenite::tungstenite::Message;
use tokio_util::sync::CancellationToken;

/// What the fake OBS holds.
#[derive(Debug, Default, Clone)]
pub struct FakeState {
    /// Recording now.
    pub recording: bool,
    /// Replay buffer running now.
    pub replay_buffer: bool,
    /// Streaming now.
    pub streaming: bool,
    /// The folder set by `SetRecordDirectory`.
    pub record_directory: String,
    /// `Output/FilenameFormatting` as set, `%` escapes included.
    pub filename_format: String,
    /// The current recording's file.
    pub output_path: Option<String>,
    /// Every request type received, in order.
    pub requests: Vec<String>,
    /// The scene on air.
    pub program_scene: String,
    /// Replays saved so far.
    pub replays_saved: u32,
}

/// A running fake; cheap to share between the test and its sessions.
pub struct FakeObs {
    /// Where it listens (on 127.0.0.1).
    pub port: u16,
    state: Arc<Mutex<FakeState>>,
    events: broadcast::Sender<String>,
    running: Mutex<Option<CancellationToken>>,
}

impl FakeObs {
    /// A fake on a free port, listening.
    pub async fn start() -> Arc<FakeObs> {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind fake");
        let port = listener.local_addr().expect("address").port();
        let fake = FakeObs::stopped(port);
        fake.serve(listener);
        fake
    }

    /// A fake for `port` that does not listen yet ([`FakeObs::bring_up`]).
    pub fn stopped(port: u16) -> Arc<FakeObs> {
        Arc::new(FakeObs {
            port,
            state: Arc::new(Mutex::new(FakeState {
                record_directory: "/fake/default".into(),
                filename_format: "%CCYY-%MM-%DD %hh-%mm-%ss".into(),
                program_scene: "LIVE_SCENE".into(),
                ..FakeState::default()
            })),
            events: broadcast::channel(64).0,
            running: Mutex::new(None),
        })
    }

    /// Starts listening on its port again, in a fresh state (a restarted OBS).
    pub async fn bring_up(self: &Arc<Self>) {
        let listener = TcpListener::bind(("127.0.0.1", self.port))
            .await
            .expect("rebind fake");
        {
            let mut state = self.lock();
            state.recording = false;
            state.replay_buffer = false;
            state.output_path = None;
        }
        self.serve(listener);
    }

    /// Closes every session and stops listening (a killed OBS).
    pub fn take_down(&self) {
        if let Some(running) = self.running.lock().unwrap().take() {
            running.cancel();
        }
    }

    /// A copy of the state now.
    pub fn state(&self) -> FakeState {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FakeState> {
        self.state.lock().unwrap()
    }

    fn serve(self: &Arc<Self>, listener: TcpListener) {
        let running = CancellationToken::new();
        *self.running.lock().unwrap() = Some(running.clone());
        let fake = Arc::clone(self);
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = running.cancelled() => break,
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { break };
                        tokio::spawn(Arc::clone(&fake).session(stream, running.clone()));
                    }
                }
            }
        });
    }

    async fn session(self: Arc<Self>, stream: TcpStream, running: CancellationToken) {
        let Ok(mut socket) = tokio_tungstenite::accept_async(stream).await else {
            return;
        };
        let hello =
            json!({"op": op::HELLO, "d": {"obsWebSocketVersion": "5.3.0", "rpcVersion": 1}});
        if socket
            .send(Message::Text(hello.to_string().into()))
            .await
            .is_err()
        {
            return;
        }
        let Some(Ok(Message::Text(_identify))) = socket.next().await else {
            return;
        };
        let identified = json!({"op": op::IDENTIFIED, "d": {"negotiatedRpcVersion": 1}});
        if socket
            .send(Message::Text(identified.to_string().into()))
            .await
            .is_err()
        {
            return;
        }
        let mut events = self.events.subscribe();
        loop {
            tokio::select! {
                // A killed OBS: the socket just goes away.
                _ = running.cancelled() => return,
                event = events.recv() => {
                    let Ok(text) = event else { return };
                    if socket.send(Message::Text(text.into())).await.is_err() { return; }
                }
                message = socket.next() => {
                    let Some(Ok(Message::Text(text))) = message else {
                        if message.is_none() { return; }
                        continue;
                    };
                    let request: Value = serde_json::from_str(text.as_str()).expect("JSON request");
                    let data = &request["d"];
                    let request_type = data["requestType"].as_str().unwrap_or_default().to_owned();
                    let reply = self.answer(&request_type, &data["requestData"]);
                    let response = json!({"op": op::REQUEST_RESPONSE, "d": {
                        "requestType": request_type, "requestId": data["requestId"],
                        "requestStatus": {"result": reply.is_ok(), "code": reply.as_ref().map_or_else(|code| *code, |_| 100)},
                        "responseData": reply.ok(),
                    }});
                    if socket.send(Message::Text(response.to_string().into())).await.is_err() { return; }
                }
            }
        }
    }

    /// The response data, or a failure code; sends the events OBS would.
    fn answer(&self, request_type: &str, data: &Value) -> Result<Value, u16> {
        let mut state = self.lock();
        state.requests.push(request_type.to_owned());
        match request_type {
            "GetVersion" => Ok(json!({
                "obsVersion": "30.0.0", "obsWebSocketVersion": "5.3.0", "rpcVersion": 1,
                "availableRequests": ["GetVersion", "GetStats", "GetRecordStatus", "StartRecord",
                    "StopRecord", "SetRecordDirectory", "SetProfileParameter",
                    "GetReplayBufferStatus", "StartReplayBuffer", "StopReplayBuffer",
                    "GetStreamStatus", "StartStream", "StopStream", "GetCurrentProgramScene"],
            })),
            "GetStats" => Ok(json!({"activeFps": 30.0})),
            "GetCurrentProgramScene" => Ok(json!({"currentProgramSceneName": state.program_scene})),
            // Bottom-up, as OBS lists them.
            "GetSceneList" => Ok(json!({
                "currentProgramSceneName": state.program_scene,
                "currentPreviewSceneName": null,
                "scenes": [{"sceneName": "IVR_SCENE", "sceneIndex": 0},
                           {"sceneName": "LIVE_SCENE", "sceneIndex": 1}],
            })),
            "SetCurrentProgramScene" => match data["sceneName"].as_str() {
                Some(scene @ ("LIVE_SCENE" | "IVR_SCENE")) => {
                    state.program_scene = scene.to_owned();
                    self.emit("CurrentProgramSceneChanged", json!({"sceneName": scene}));
                    Ok(Value::Null)
                }
                _ => Err(600),
            },
            "SaveReplayBuffer" if !state.replay_buffer => Err(501),
            "SaveReplayBuffer" => {
                state.replays_saved += 1;
                let path = format!(
                    "{}/Replay {}.mkv",
                    state.record_directory, state.replays_saved
                );
                self.emit("ReplayBufferSaved", json!({"savedReplayPath": path}));
                Ok(Value::Null)
            }
            "GetRecordStatus" => Ok(json!({
                "outputActive": state.recording, "outputDuration": if state.recording { 40 } else { 0 },
                "outputTimecode": if state.recording { "00:00:00.040" } else { "00:00:00.000" },
            })),
            "SetRecordDirectory" => {
                state.record_directory =
                    data["recordDirectory"].as_str().unwrap_or_default().into();
                Ok(Value::Null)
            }
            "SetProfileParameter" => {
                if data["parameterName"] == "FilenameFormatting" {
                    state.filename_format =
                        data["parameterValue"].as_str().unwrap_or_default().into();
                }
                Ok(Value::Null)
            }
            "StartRecord" if state.recording => Err(500),
            "StartRecord" => {
                state.recording = true;
                let path = format!(
                    "{}/{}.mkv",
                    state.record_directory,
                    state.filename_format.replace("%%", "%")
                );
                state.output_path = Some(path.clone());
                self.emit("RecordStateChanged", json!({"outputActive": false, "outputState": "OBS_WEBSOCKET_OUTPUT_STARTING", "outputPath": null}));
                self.emit("RecordStateChanged", json!({"outputActive": true, "outputState": "OBS_WEBSOCKET_OUTPUT_STARTED", "outputPath": path}));
                Ok(Value::Null)
            }
            "StopRecord" if !state.recording => Err(501),
            "StopRecord" => {
                state.recording = false;
                let path = state.output_path.clone();
                self.emit("RecordStateChanged", json!({"outputActive": false, "outputState": "OBS_WEBSOCKET_OUTPUT_STOPPED", "outputPath": path}));
                Ok(json!({"outputPath": path}))
            }
            "GetReplayBufferStatus" => Ok(json!({"outputActive": state.replay_buffer})),
            "StartReplayBuffer" if state.replay_buffer => Err(500),
            "StartReplayBuffer" => {
                state.replay_buffer = true;
                self.emit(
                    "ReplayBufferStateChanged",
                    json!({"outputActive": true, "outputState": "OBS_WEBSOCKET_OUTPUT_STARTED"}),
                );
                Ok(Value::Null)
            }
            "StopReplayBuffer" => {
                state.replay_buffer = false;
                self.emit(
                    "ReplayBufferStateChanged",
                    json!({"outputActive": false, "outputState": "OBS_WEBSOCKET_OUTPUT_STOPPED"}),
                );
                Ok(Value::Null)
            }
            "GetStreamStatus" => Ok(json!({
                "outputActive": state.streaming, "outputDuration": if state.streaming { 1_000 } else { 0 },
                "outputTimecode": "00:00:01.000",
            })),
            "StartStream" => {
                state.streaming = true;
                self.emit(
                    "StreamStateChanged",
                    json!({"outputActive": true, "outputState": "OBS_WEBSOCKET_OUTPUT_STARTED"}),
                );
                Ok(Value::Null)
            }
            "StopStream" => {
                state.streaming = false;
                self.emit(
                    "StreamStateChanged",
                    json!({"outputActive": false, "outputState": "OBS_WEBSOCKET_OUTPUT_STOPPED"}),
                );
                Ok(Value::Null)
            }
            _ => Err(204),
        }
    }

    fn emit(&self, event_type: &str, data: Value) {
        let message = json!({"op": op::EVENT, "d": {"eventType": event_type, "eventIntent": 1, "eventData": data}});
        let _ = self.events.send(message.to_string());
    }
}
