//! A running ingest + store + server for tests.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use app::automation::ivr::{spawn_ivr, IvrConfig, ReplayScreen};
use app::automation::recorder::{spawn_recorder, RecorderConfig};
use app::bus::Bus;
use app::ingest::{self, IngestConfig, Pipeline};
use app::licence::LicenceHandle;
use app::obs_manager::ObsManagerHandle;
use app::settings::{Settings, SettingsHandle};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use futures_util::StreamExt;
use http_body_util::BodyExt;
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower::ServiceExt;

/// Match 101 loaded, named, on the clock, with one blue point: the datagrams of a live match.
pub const MATCH: [&[u8]; 5] = [
    b"pre;FightLoaded;",
    b"at1;N. DESMOND;Nicolas DESMOND;MRN;at2;M. THIBAULT;Marcel THIBAULT;SUI;",
    b"mch;101;Round of 16;M- 80 kg;1;#0000ff;#FFFFFF;#ff0000;#FFFFFF;a14ddd5c;Senior;3;120;cntDown;18;1;",
    b"clk;1:59;",
    b"pt1;3;",
];

/// A client of the event WebSocket.
pub type Client =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Everything a test talks to.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub store: store::Store,
    pub state: server::AppState,
    pub ingest: ingest::IngestHandle,
    /// The bus the server's feed listens to; tests publish device events on it.
    pub bus: Bus,
    /// The live log behind `GET /api/logs`; tests install its layer themselves.
    pub logs: server::logs::LogBook,
    pub http: SocketAddr,
    pub tracker: TaskTracker,
    pub cancel: CancellationToken,
}

/// Starts ingest on a free loopback port, the store in a temp folder, the OBS manager (no
/// connections), the recorder, and the server on a free loopback TCP port; no replay flow.
pub async fn start() -> Fixture {
    start_in(tempfile::tempdir().expect("temp dir")).await
}

/// [`start`] with the replay flow on `screen`.
pub async fn start_with(screen: Arc<dyn ReplayScreen>) -> Fixture {
    start_full(tempfile::tempdir().expect("temp dir"), Some(screen)).await
}

/// [`start`] over the database already in `dir` (from [`Fixture::stop_keeping_files`]), as
/// `vta run` starts: the live match rebuilt from the store, manual mode as stored.
pub async fn start_in(dir: tempfile::TempDir) -> Fixture {
    start_full(dir, None).await
}

/// [`start_in`] with the replay flow on `screen` when given.
async fn start_full(dir: tempfile::TempDir, screen: Option<Arc<dyn ReplayScreen>>) -> Fixture {
    let store = store::Store::open(store::StoreConfig::new(dir.path().join("t.sqlite3")))
        .expect("open store");
    let bus = Bus::new();
    let tracker = TaskTracker::new();
    let cancel = CancellationToken::new();
    let schema = Arc::new(pss::Schema::v2_3().clone());
    let reader = store.reader().expect("reader");
    let following = ingest::load_following(&reader);
    let pipeline: Pipeline =
        app::resume::resume(&reader, Arc::clone(&schema), &following).expect("match rebuilt");
    let config = IngestConfig {
        bind: ([127, 0, 0, 1], 0).into(),
        manual_mode: app::settings::load_manual_mode(&reader),
        following,
        database: Some(dir.path().join("t.sqlite3")),
        ..IngestConfig::default()
    };
    ingest::spawn_commit_notifier(&store.handle(), bus.clone(), &tracker, cancel.child_token());
    let ingest = ingest::start(
        &config,
        pipeline,
        store.handle(),
        bus.clone(),
        &tracker,
        cancel.child_token(),
    )
    .expect("listener starts");
    // The data key of the folder, as `vta` opens it: a restart unseals what was stored.
    let secret = vault::Vault::open(store.path(), dir.path())
        .and_then(|mut vault| vault.data_key(&vault::Unlock::default()))
        .expect("data key");
    let obs = ObsManagerHandle::new(
        store.handle(),
        secret,
        bus.clone(),
        tracker.clone(),
        cancel.child_token(),
    );
    let recorder = spawn_recorder(
        RecorderConfig::new(dir.path().join("recordings")),
        Arc::new(obs.clone()),
        store.handle(),
        store.reader().expect("reader"),
        &bus,
        &tracker,
        cancel.child_token(),
    );
    let logs = server::logs::LogBook::new(100);
    // As `vta` does at start: the stored settings over the defaults, this machine's licence.
    let defaults = Settings::defaults(app::automation::recorder::default_root(dir.path()));
    let settings = app::settings::load(&store.reader().expect("reader"), defaults);
    let state = server::AppState::new(
        ingest.clone(),
        &store,
        schema,
        dir.path().join("protocol.schema"),
        server::feed::Feed::new(),
        SettingsHandle::new(settings, store.handle()),
        LicenceHandle::for_this_machine(dir.path()),
    )
    .expect("credential tables open")
    .with_obs(obs.clone())
    .with_recorder(recorder)
    .with_logs(logs.clone());
    let state = match screen {
        Some(screen) => state.with_replay(spawn_ivr(
            IvrConfig::default(),
            Arc::new(obs.clone()),
            screen,
            store.handle(),
            &bus,
            &tracker,
            cancel.child_token(),
        )),
        None => state,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind http");
    let http = listener.local_addr().expect("addr");
    server::start(listener, state.clone(), bus.clone(), &tracker, &cancel);
    Fixture {
        dir,
        store,
        state,
        ingest,
        bus,
        logs,
        http,
        tracker,
        cancel,
    }
}

impl Fixture {
    /// Sends datagrams from a fresh socket and waits until all are stored.
    pub async fn feed(&self, datagrams: &[&[u8]]) {
        let socket = tokio::net::UdpSocket::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let before = self.ingest.counters().datagrams;
        for datagram in datagrams {
            socket
                .send_to(datagram, self.ingest.local_addr())
                .await
                .expect("send");
        }
        tokio::time::timeout(Duration::from_secs(5), async {
            while self.ingest.counters().datagrams < before + datagrams.len() as u64 {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
        .await
        .expect("datagrams arrive");
        self.store.handle().flush().await.expect("flush");
    }

    /// Sends datagrams from a socket bound to `source` (a loopback address such as
    /// `127.0.0.3`), one by one, each counted before the next; waits until all are stored.
    pub async fn feed_from(&self, source: &str, datagrams: &[&str]) {
        let socket = tokio::net::UdpSocket::bind((source, 0))
            .await
            .expect("bind source");
        for datagram in datagrams {
            let before = self.ingest.counters().datagrams;
            socket
                .send_to(datagram.as_bytes(), self.ingest.local_addr())
                .await
                .expect("send");
            tokio::time::timeout(Duration::from_secs(5), async {
                while self.ingest.counters().datagrams <= before {
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
            })
            .await
            .expect("datagram arrives");
        }
        self.store.handle().flush().await.expect("flush");
    }

    /// One request through the router in-process; returns the status and the JSON body.
    pub async fn call(
        &self,
        method: Method,
        uri: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        call_router(server::router(self.state.clone()), method, uri, body).await
    }

    /// Stops everything.
    pub async fn stop(self) {
        self.stop_keeping_files().await;
    }

    /// Stops everything and hands back the folder with the database, to start again in it.
    pub async fn stop_keeping_files(self) -> tempfile::TempDir {
        self.cancel.cancel();
        self.tracker.close();
        self.tracker.wait().await;
        self.store.close().expect("close store");
        self.dir
    }
}

/// One request through `router` in-process; returns the status and the JSON body.
pub async fn call_router(
    router: axum::Router,
    method: Method,
    uri: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .body(body.map_or(Body::empty(), |b| Body::from(b.to_string())))
        .expect("request");
    let response = router.oneshot(request).await.expect("answer");
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, json)
}

/// Connects to the event WebSocket of the server on `http`; `query` is `""` or `?since=…`.
pub async fn connect(http: SocketAddr, query: &str) -> Client {
    let (client, _) = tokio_tungstenite::connect_async(format!("ws://{http}/api/ws{query}"))
        .await
        .expect("websocket connects");
    client
}

/// The next JSON message of type `kind`, skipping others (counters arrive once a second).
pub async fn next_of(client: &mut Client, kind: &str) -> Value {
    tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            let frame = client.next().await.expect("open").expect("frame");
            if let Message::Text(text) = frame {
                let message: Value = serde_json::from_str(&text).expect("JSON");
                if message["type"] == kind {
                    return message;
                }
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no {kind} message"))
}
