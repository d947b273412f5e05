//! A small in-process obs-websocket v5 server for tests that must run without OBS.
//!
//! It does Hello / Identify (with authentication when it has a password, closing with 4009 on a
//! wrong one), answers requests and batches through a handler the test supplies, counts
//! connections, and can push events or close every session with a given code.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use futures_util::{SinkExt, StreamExt};
use obs::protocol::{self, op, Envelope};
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::broadcast;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;

const SALT: &str = "lM1GncleQOaCu9lT1yeUZhFYnqhsLLP1G5lAGo3ixaI=";
const CHALLENGE: &str = "+IxH4CnCiqpX1rM9scsNynZzbOe4KhDeYcTNS3PDaeY=";

/// What the fake does with one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Status 100 with this response data.
    Ok(Value),
    /// A failure status with a comment.
    Status(u16, &'static str),
    /// No answer at all (a hung or half-open OBS).
    Silent,
}

/// Decides the reply to `(request_type, request_data)`.
pub type Handler = Arc<dyn Fn(&str, &Value) -> Reply + Send + Sync>;

/// Pushed to every open session.
#[derive(Debug, Clone)]
enum Push {
    Event(String),
    Close(u16),
}

/// A running fake server; it stops with the test's runtime.
pub struct FakeServer {
    /// Where it listens on 127.0.0.1.
    pub port: u16,
    connections: Arc<AtomicUsize>,
    push: broadcast::Sender<Push>,
}

impl FakeServer {
    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Sends an event to every session.
    pub fn emit(&self, event_type: &str, data: Value) {
        let message = json!({"op": op::EVENT, "d": {"eventType": event_type, "eventIntent": 1, "eventData": data}});
        let _ = self.push.send(Push::Event(message.to_string()));
    }

    /// Closes every session with `code`.
    pub fn close_all(&self, code: u16) {
        let _ = self.push.send(Push::Close(code));
    }
}

/// The answers every fake gives unless the test's handler says otherwise.
pub fn default_reply(request_type: &str) -> Reply {
    match request_type {
        "GetVersion" => Reply::Ok(json!({
            "obsVersion": "29.0.2",
            "obsWebSocketVersion": "5.1.0",
            "rpcVersion": 1,
            "availableRequests": ["GetVersion", "GetStats", "GetRecordStatus", "StartRecord",
                "StopRecord", "GetReplayBufferStatus", "GetStreamStatus", "GetCurrentProgramScene",
                "SetCurrentProgramScene", "GetProfileParameter", "SetProfileParameter"],
        })),
        "GetStats" => Reply::Ok(json!({"cpuUsage": 1.5, "activeFps": 30.0})),
        "GetRecordStatus" => Reply::Ok(json!({"outputActive": false, "outputPaused": false})),
        "GetReplayBufferStatus" => Reply::Ok(json!({"outputActive": true})),
        "GetStreamStatus" => Reply::Ok(json!({"outputActive": false})),
        "GetCurrentProgramScene" => Reply::Ok(json!({"currentProgramSceneName": "LIVE_SCENE"})),
        "SetCurrentProgramScene" => Reply::Ok(Value::Null),
        _ => Reply::Status(204, "unknown request type"),
    }
}

/// A handler that gives [`default_reply`] to everything.
pub fn defaults() -> Handler {
    Arc::new(|request_type, _| default_reply(request_type))
}

/// Starts a fake on `127.0.0.1:0`.
pub async fn start(password: Option<&str>, handler: Handler) -> FakeServer {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind fake server");
    let port = listener.local_addr().expect("fake server address").port();
    let connections = Arc::new(AtomicUsize::new(0));
    let (push, _) = broadcast::channel(64);
    let server = FakeServer {
        port,
        connections: connections.clone(),
        push: push.clone(),
    };
    let password = password.map(str::to_owned);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            connections.fetch_add(1, Ordering::SeqCst);
            let session = serve(stream, password.clone(), handler.clone(), push.subscribe());
            tokio::spawn(session);
        }
    });
    server
}

async fn serve(
    stream: TcpStream,
    password: Option<String>,
    handler: Handler,
    mut push: broadcast::Receiver<Push>,
) {
    let Ok(mut socket) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    let authentication = password
        .as_ref()
        .map(|_| json!({"challenge": CHALLENGE, "salt": SALT}));
    let hello = json!({"op": op::HELLO, "d": {"obsWebSocketVersion": "5.1.0", "rpcVersion": 1, "authentication": authentication}});
    if socket
        .send(Message::Text(hello.to_string().into()))
        .await
        .is_err()
    {
        return;
    }
    let Some(Ok(Message::Text(text))) = socket.next().await else {
        return;
    };
    let identify: Envelope = serde_json::from_str(text.as_str()).expect("Identify is JSON");
    assert_eq!(identify.op, op::IDENTIFY);
    if let Some(password) = &password {
        let expected = protocol::authentication_string(password, SALT, CHALLENGE);
        if identify.d["authentication"].as_str() != Some(expected.as_str()) {
            let _ = socket
                .send(close_message(protocol::CLOSE_AUTHENTICATION_FAILED))
                .await;
            return;
        }
    }
    let identified = json!({"op": op::IDENTIFIED, "d": {"negotiatedRpcVersion": 1}});
    if socket
        .send(Message::Text(identified.to_string().into()))
        .await
        .is_err()
    {
        return;
    }
    loop {
        tokio::select! {
            pushed = push.recv() => match pushed {
                Ok(Push::Event(text)) => {
                    if socket.send(Message::Text(text.into())).await.is_err() { return; }
                }
                Ok(Push::Close(code)) => {
                    let _ = socket.send(close_message(code)).await;
                    return;
                }
                Err(_) => return,
            },
            message = socket.next() => {
                let Some(Ok(message)) = message else { return };
                let Message::Text(text) = message else { continue };
                let envelope: Envelope = serde_json::from_str(text.as_str()).expect("request is JSON");
                let answer = match envelope.op {
                    op::REQUEST => answer_request(&handler, &envelope.d),
                    op::REQUEST_BATCH => Some(answer_batch(&handler, &envelope.d)),
                    other => panic!("fake server got op {other}"),
                };
                if let Some(text) = answer {
                    if socket.send(Message::Text(text.into())).await.is_err() { return; }
                }
            }
        }
    }
}

fn close_message(code: u16) -> Message {
    Message::Close(Some(CloseFrame {
        code: CloseCode::from(code),
        reason: "fake server closes".into(),
    }))
}

/// The response text, or `None` to stay silent.
fn answer_request(handler: &Handler, request: &Value) -> Option<String> {
    let request_type = request["requestType"].as_str().unwrap_or_default();
    let data = request.get("requestData").cloned().unwrap_or(Value::Null);
    let result = match handler(request_type, &data) {
        Reply::Silent => return None,
        reply => response(request_type, request["requestId"].clone(), reply),
    };
    Some(json!({"op": op::REQUEST_RESPONSE, "d": result}).to_string())
}

fn answer_batch(handler: &Handler, batch: &Value) -> String {
    let halt_on_failure = batch["haltOnFailure"].as_bool().unwrap_or(false);
    let mut results = Vec::new();
    for request in batch["requests"].as_array().cloned().unwrap_or_default() {
        let request_type = request["requestType"].as_str().unwrap_or_default();
        let data = request.get("requestData").cloned().unwrap_or(Value::Null);
        let reply = handler(request_type, &data);
        let failed = !matches!(reply, Reply::Ok(_));
        results.push(response(request_type, request["requestId"].clone(), reply));
        if failed && halt_on_failure {
            break;
        }
    }
    json!({"op": op::REQUEST_BATCH_RESPONSE, "d": {"requestId": batch["requestId"], "results": results}}).to_string()
}

fn response(request_type: &str, request_id: Value, reply: Reply) -> Value {
    match reply {
        Reply::Ok(data) => json!({
            "requestType": request_type, "requestId": request_id,
            "requestStatus": {"result": true, "code": 100}, "responseData": data,
        }),
        Reply::Status(code, comment) => json!({
            "requestType": request_type, "requestId": request_id,
            "requestStatus": {"result": false, "code": code, "comment": comment},
        }),
        Reply::Silent => json!({
            "requestType": request_type, "requestId": request_id,
            "requestStatus": {"result": false, "code": 702, "comment": "not answerable in a batch"},
        }),
    }
}
