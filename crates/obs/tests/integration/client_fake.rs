//! The v5 client against the in-process fake server: handshake, authentication, requests,
//! 207 retry, timeouts, batches, events and close codes.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use obs::{BatchRequest, Client, ConnectOptions, Error, Event, OutputState};
use serde_json::json;

use crate::fake_v5::{self, default_reply, Reply};

fn options(port: u16) -> ConnectOptions {
    ConnectOptions::new("127.0.0.1", port).request_timeout(Duration::from_millis(500))
}

#[tokio::test]
async fn right_password_identifies_and_reads_the_version() {
    let server = fake_v5::start(Some("secret"), fake_v5::defaults()).await;
    let client = Client::connect(options(server.port).password("secret"))
        .await
        .unwrap();
    let version = client.version().expect("version read at connect");
    assert_eq!(version.obs_web_socket_version.as_deref(), Some("5.1.0"));
    assert_eq!(client.rpc_version(), 1);
    assert!(client.supports("StartRecord"));
    assert!(!client.supports("SetRecordDirectory"));
}

#[tokio::test]
async fn wrong_password_is_auth_failed() {
    let server = fake_v5::start(Some("secret"), fake_v5::defaults()).await;
    let error = Client::connect(options(server.port).password("wrong"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::AuthFailed), "{error:?}");
}

#[tokio::test]
async fn missing_password_is_auth_failed_without_identify() {
    let server = fake_v5::start(Some("secret"), fake_v5::defaults()).await;
    let error = Client::connect(options(server.port)).await.unwrap_err();
    assert!(matches!(error, Error::AuthFailed), "{error:?}");
}

#[tokio::test]
async fn nothing_listening_is_a_connect_error() {
    let port = crate::common::free_port();
    let error = Client::connect(options(port)).await.unwrap_err();
    assert!(matches!(error, Error::Connect { .. }), "{error:?}");
    assert!(
        error.to_string().contains(&format!("127.0.0.1:{port}")),
        "{error}"
    );
}

#[tokio::test]
async fn a_server_that_never_says_hello_is_a_handshake_error() {
    // A v4 server accepts the WebSocket and waits for the client to speak first.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let socket = tokio_tungstenite::accept_async(stream).await.unwrap();
        tokio::time::sleep(Duration::from_secs(10)).await;
        drop(socket);
    });
    let mut options = options(port);
    options.handshake_timeout = Duration::from_millis(300);
    let error = Client::connect(options).await.unwrap_err();
    assert!(matches!(error, Error::Handshake(_)), "{error:?}");
}

#[tokio::test]
async fn not_ready_207_is_retried_until_obs_is_ready() {
    let tries = Arc::new(AtomicUsize::new(0));
    let counter = tries.clone();
    let handler: fake_v5::Handler = Arc::new(move |request_type, _| {
        if request_type == "GetRecordStatus" && counter.fetch_add(1, Ordering::SeqCst) < 2 {
            return Reply::Status(207, "OBS is not ready to perform the request");
        }
        default_reply(request_type)
    });
    let server = fake_v5::start(None, handler).await;
    let client = Client::connect(options(server.port)).await.unwrap();
    let status = client.record().status().await.unwrap();
    assert!(!status.output_active);
    assert_eq!(tries.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn not_ready_forever_gives_up_with_the_api_error() {
    let handler: fake_v5::Handler = Arc::new(|request_type, _| match request_type {
        "GetRecordStatus" => Reply::Status(207, "not ready"),
        other => default_reply(other),
    });
    let server = fake_v5::start(None, handler).await;
    let client = Client::connect(options(server.port)).await.unwrap();
    let error = client.record().status().await.unwrap_err();
    assert!(matches!(error, Error::Api { code: 207, .. }), "{error:?}");
}

#[tokio::test]
async fn an_unanswered_request_times_out() {
    let handler: fake_v5::Handler = Arc::new(|request_type, _| match request_type {
        "SaveReplayBuffer" => Reply::Silent,
        other => default_reply(other),
    });
    let server = fake_v5::start(None, handler).await;
    let client = Client::connect(options(server.port)).await.unwrap();
    let began = Instant::now();
    let error = client.replay_buffer().save().await.unwrap_err();
    assert!(
        matches!(&error, Error::Timeout { request, timeout_ms: 500 } if request == "SaveReplayBuffer"),
        "{error:?}"
    );
    assert!(began.elapsed() < Duration::from_secs(2));
    // The session is still usable after a timeout.
    client.general().stats().await.unwrap();
}

#[tokio::test]
async fn failures_carry_the_code_and_unknown_requests_are_unsupported() {
    let handler: fake_v5::Handler = Arc::new(|request_type, _| match request_type {
        "StopRecord" => Reply::Status(501, "Output not running."),
        other => default_reply(other),
    });
    let server = fake_v5::start(None, handler).await;
    let client = Client::connect(options(server.port)).await.unwrap();
    let error = client.record().stop().await.unwrap_err();
    assert!(
        matches!(&error, Error::Api { code: 501, message, .. } if message == "Output not running."),
        "{error:?}"
    );
    let error = client.ui().studio_mode_enabled().await.unwrap_err();
    assert!(
        matches!(&error, Error::RequestUnsupported { name } if name == "GetStudioModeEnabled"),
        "{error:?}"
    );
}

#[tokio::test]
async fn set_record_directory_is_refused_locally_when_not_available() {
    let server = fake_v5::start(None, fake_v5::defaults()).await;
    let client = Client::connect(options(server.port)).await.unwrap();
    let error = client
        .record()
        .set_directory(std::path::Path::new("/tmp"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::RequestUnsupported { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn record_directory_falls_back_to_the_profile_parameter() {
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let handler: fake_v5::Handler = Arc::new(move |request_type, data| match request_type {
        "GetProfileParameter" => {
            Reply::Ok(json!({"parameterValue": "Simple", "defaultParameterValue": "Simple"}))
        }
        "SetProfileParameter" => {
            log.lock().unwrap().push(data.clone());
            Reply::Ok(json!({}))
        }
        other => default_reply(other),
    });
    let server = fake_v5::start(None, handler).await;
    let client = Client::connect(options(server.port)).await.unwrap();
    obs::ObsControl::set_record_directory(&client, std::path::Path::new("/rec/2026/day1"))
        .await
        .unwrap();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        [
            json!({"parameterCategory": "SimpleOutput", "parameterName": "FilePath", "parameterValue": "/rec/2026/day1"})
        ]
    );
}

#[tokio::test]
async fn batch_returns_one_result_per_request_in_order() {
    let handler: fake_v5::Handler = Arc::new(|request_type, _| match request_type {
        "StartRecord" => Reply::Status(500, "Output already running."),
        other => default_reply(other),
    });
    let server = fake_v5::start(None, handler).await;
    let client = Client::connect(options(server.port)).await.unwrap();
    let requests = vec![
        BatchRequest::new("GetRecordStatus"),
        BatchRequest::new("StartRecord"),
        BatchRequest::with_data("SetCurrentProgramScene", json!({"sceneName": "IVR_SCENE"})),
    ];
    let results = client.batch(requests.clone(), false).await.unwrap();
    let types: Vec<&str> = results
        .iter()
        .map(|result| result.request_type.as_str())
        .collect();
    assert_eq!(
        types,
        ["GetRecordStatus", "StartRecord", "SetCurrentProgramScene"]
    );
    assert_eq!(
        results[0].result.as_ref().unwrap()["outputActive"],
        json!(false)
    );
    assert!(matches!(
        results[1].result,
        Err(Error::Api { code: 500, .. })
    ));
    assert!(results[2].result.is_ok());

    let halted = client.batch(requests, true).await.unwrap();
    assert_eq!(halted.len(), 2);
}

#[tokio::test]
async fn events_arrive_typed_and_unknown_ones_raw() {
    let server = fake_v5::start(None, fake_v5::defaults()).await;
    let client = Client::connect(options(server.port)).await.unwrap();
    let mut events = client.events();
    server.emit(
        "RecordStateChanged",
        json!({"outputActive": true, "outputState": "OBS_WEBSOCKET_OUTPUT_STARTED", "outputPath": "/rec/x.mkv"}),
    );
    server.emit(
        "InputMuteStateChanged",
        json!({"inputName": "Mic", "inputMuted": true}),
    );
    server.emit(
        "ReplayBufferSaved",
        json!({"savedReplayPath": "/rec/Replay x.mkv"}),
    );
    let first = events.recv().await.unwrap();
    assert_eq!(
        first,
        Event::RecordStateChanged {
            output_active: true,
            output_state: OutputState::Started,
            output_path: Some("/rec/x.mkv".into()),
        }
    );
    let second = events.recv().await.unwrap();
    assert!(
        matches!(&second, Event::Other { name, data } if name == "InputMuteStateChanged" && data["inputMuted"] == json!(true))
    );
    let third = events.recv().await.unwrap();
    assert_eq!(
        third,
        Event::ReplayBufferSaved {
            saved_replay_path: "/rec/Replay x.mkv".into()
        }
    );
}

#[tokio::test]
async fn close_4011_is_reported_as_kicked_and_pending_calls_fail() {
    let handler: fake_v5::Handler = Arc::new(|request_type, _| match request_type {
        "SaveReplayBuffer" => Reply::Silent,
        other => default_reply(other),
    });
    let server = fake_v5::start(None, handler).await;
    let client = Client::connect(ConnectOptions::new("127.0.0.1", server.port))
        .await
        .unwrap();
    let pending = {
        let client = client.clone();
        tokio::spawn(async move { client.replay_buffer().save().await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    server.close_all(4011);
    let reason = tokio::time::timeout(Duration::from_secs(2), client.closed())
        .await
        .unwrap();
    assert!(matches!(reason, Error::Kicked), "{reason:?}");
    let pending = tokio::time::timeout(Duration::from_secs(2), pending)
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(pending, Err(Error::Disconnected)), "{pending:?}");
    let after = client.general().stats().await.unwrap_err();
    assert!(matches!(after, Error::Disconnected), "{after:?}");
    assert!(client.is_closed());
}

#[tokio::test]
async fn disconnect_closes_for_every_handle() {
    let server = fake_v5::start(None, fake_v5::defaults()).await;
    let client = Client::connect(options(server.port)).await.unwrap();
    let other_handle = client.clone();
    client.disconnect().await;
    assert!(other_handle.is_closed());
    assert!(matches!(other_handle.closed().await, Error::Disconnected));
}
