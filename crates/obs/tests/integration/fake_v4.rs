//! A small in-process obs-websocket 4.9.1 server, written from the 4.9.1 protocol document, for
//! the v4 client tests (there is no OBS 27 on this machine).
//!
//! It waits for the client to speak, does GetAuthRequired / Authenticate, keeps a little OBS
//! state (recording, replay buffer, scene, stream, record folder, file name format), writes real
//! files into the record folder for recordings and replays, and sends the matching
//! `update-type` events.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use obs::protocol;
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{broadcast, mpsc};
use tokio_tungstenite::tungstenite::Message;

const SALT: &str = "PZVbYpvAnZut2SS6JNJytDm9";
const CHALLENGE: &str = "ztTBnnuqrqaKDzRM3xcVdbYm";

/// What OBS 27 would be doing.
#[derive(Debug)]
struct ObsModel {
    record_folder: PathBuf,
    filename_format: String,
    recording: Option<PathBuf>,
    replay_active: bool,
    replays_saved: usize,
    scene: String,
    streaming: bool,
}

/// A running fake v4 server.
pub struct FakeV4 {
    /// Where it listens on 127.0.0.1.
    pub port: u16,
    connections: Arc<AtomicUsize>,
    close: broadcast::Sender<()>,
}

impl FakeV4 {
    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Drops every session (v4 has no close codes).
    pub fn close_all(&self) {
        let _ = self.close.send(());
    }
}

/// Starts a fake v4 OBS that records into `record_folder`.
pub async fn start(password: Option<&str>, record_folder: &Path) -> FakeV4 {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind fake v4 server");
    let port = listener.local_addr().expect("fake v4 address").port();
    let connections = Arc::new(AtomicUsize::new(0));
    let (close, _) = broadcast::channel(4);
    let model = Arc::new(Mutex::new(ObsModel {
        record_folder: record_folder.to_owned(),
        filename_format: "%CCYY-%MM-%DD %hh-%mm-%ss".to_owned(),
        recording: None,
        replay_active: false,
        replays_saved: 0,
        scene: "LIVE_SCENE".to_owned(),
        streaming: false,
    }));
    let server = FakeV4 {
        port,
        connections: connections.clone(),
        close: close.clone(),
    };
    let password = password.map(str::to_owned);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            connections.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(serve(
                stream,
                password.clone(),
                model.clone(),
                close.subscribe(),
            ));
        }
    });
    server
}

async fn serve(
    stream: TcpStream,
    password: Option<String>,
    model: Arc<Mutex<ObsModel>>,
    mut close: broadcast::Receiver<()>,
) {
    let Ok(mut socket) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    let (outbox, mut outgoing) = mpsc::unbounded_channel::<Value>();
    let mut authenticated = password.is_none();
    loop {
        tokio::select! {
            _ = close.recv() => return,
            message = outgoing.recv() => {
                let Some(message) = message else { return };
                if socket.send(Message::Text(message.to_string().into())).await.is_err() { return; }
            }
            message = socket.next() => {
                let Some(Ok(message)) = message else { return };
                let Message::Text(text) = message else { continue };
                let request: Value = serde_json::from_str(text.as_str()).expect("v4 request is JSON");
                let answer = answer(&request, password.as_deref(), &mut authenticated, &model, &outbox);
                let mut answer = answer;
                answer["message-id"] = request["message-id"].clone();
                if socket.send(Message::Text(answer.to_string().into())).await.is_err() { return; }
            }
        }
    }
}

fn ok(fields: Value) -> Value {
    let mut answer = json!({"status": "ok"});
    if let Value::Object(fields) = fields {
        answer.as_object_mut().unwrap().extend(fields);
    }
    answer
}

fn error(message: &str) -> Value {
    json!({"status": "error", "error": message})
}

fn answer(
    request: &Value,
    password: Option<&str>,
    authenticated: &mut bool,
    model: &Arc<Mutex<ObsModel>>,
    events: &mpsc::UnboundedSender<Value>,
) -> Value {
    let request_type = request["request-type"].as_str().unwrap_or_default();
    match request_type {
        "GetAuthRequired" => {
            return match password {
                Some(_) => ok(json!({"authRequired": true, "challenge": CHALLENGE, "salt": SALT})),
                None => ok(json!({"authRequired": false})),
            }
        }
        "Authenticate" => {
            let expected =
                password.map(|password| protocol::authentication_string(password, SALT, CHALLENGE));
            return if expected.as_deref() == request["auth"].as_str() {
                *authenticated = true;
                ok(Value::Null)
            } else {
                error("Authentication Failed.")
            };
        }
        _ if !*authenticated => return error("Not Authenticated"),
        _ => {}
    }
    let emit = |event: Value| {
        let _ = events.send(event);
    };
    let mut model = model.lock().unwrap();
    match request_type {
        "GetVersion" => ok(json!({
            "version": 1.1,
            "obs-websocket-version": "4.9.1",
            "obs-studio-version": "27.2.4",
            "available-requests": "GetVersion,GetAuthRequired,Authenticate,StartRecording,StopRecording",
        })),
        "StartRecording" => {
            if model.recording.is_some() {
                return error("recording already active");
            }
            let path = model
                .record_folder
                .join(format!("{}.mkv", model.filename_format));
            std::fs::write(&path, vec![0u8; 8192]).expect("write fake recording");
            model.recording = Some(path.clone());
            emit(json!({"update-type": "RecordingStarting"}));
            emit(json!({"update-type": "RecordingStarted", "recordingFilename": path}));
            ok(Value::Null)
        }
        "StopRecording" => {
            let Some(path) = model.recording.take() else {
                return error("recording not active");
            };
            emit(json!({"update-type": "RecordingStopping", "recordingFilename": path}));
            emit(json!({"update-type": "RecordingStopped", "recordingFilename": path}));
            ok(Value::Null)
        }
        "GetRecordingStatus" => ok(json!({
            "isRecording": model.recording.is_some(),
            "isRecordingPaused": false,
            "recordingFilename": model.recording,
        })),
        "GetRecordingFolder" => ok(json!({"rec-folder": model.record_folder})),
        "SetRecordingFolder" => {
            model.record_folder = PathBuf::from(request["rec-folder"].as_str().unwrap_or_default());
            ok(Value::Null)
        }
        "SetFilenameFormatting" => {
            model.filename_format = request["filename-formatting"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            ok(Value::Null)
        }
        "GetReplayBufferStatus" => ok(json!({"isReplayBufferActive": model.replay_active})),
        "StartReplayBuffer" => {
            model.replay_active = true;
            emit(json!({"update-type": "ReplayStarting"}));
            emit(json!({"update-type": "ReplayStarted"}));
            ok(Value::Null)
        }
        "StopReplayBuffer" => {
            model.replay_active = false;
            emit(json!({"update-type": "ReplayStopping"}));
            emit(json!({"update-type": "ReplayStopped"}));
            ok(Value::Null)
        }
        "SaveReplayBuffer" => {
            if !model.replay_active {
                return error("replay buffer not active");
            }
            model.replays_saved += 1;
            let path = model
                .record_folder
                .join(format!("Replay {}.mkv", model.replays_saved));
            // OBS writes the clip over a few hundred milliseconds after answering.
            tokio::spawn(async move {
                for chunk in 1..=4 {
                    tokio::time::sleep(Duration::from_millis(60)).await;
                    std::fs::write(&path, vec![0u8; 4096 * chunk]).expect("write fake replay");
                }
            });
            ok(Value::Null)
        }
        "GetCurrentScene" => ok(json!({"name": model.scene, "sources": []})),
        "GetSceneList" => ok(json!({
            "current-scene": model.scene,
            "scenes": [{"name": "LIVE_SCENE", "sources": []}, {"name": "IVR_SCENE", "sources": []}],
        })),
        "SetCurrentScene" => {
            model.scene = request["scene-name"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            emit(json!({"update-type": "SwitchScenes", "scene-name": model.scene, "sources": []}));
            ok(Value::Null)
        }
        "GetStreamingStatus" => ok(json!({
            "streaming": model.streaming,
            "recording": model.recording.is_some(),
            "stream-timecode": if model.streaming { Some("00:00:01.000") } else { None },
        })),
        "StartStreaming" => {
            model.streaming = true;
            emit(json!({"update-type": "StreamStarted"}));
            ok(Value::Null)
        }
        "StopStreaming" => {
            model.streaming = false;
            emit(json!({"update-type": "StreamStopped"}));
            ok(Value::Null)
        }
        _ => error("invalid request type"),
    }
}
