//! An in-process fake of mpv's JSON IPC server, so the player's protocol, timeouts and restarts
//! are tested without mpv installed.
//!
//! The "mpv" the player spawns is a shell script that only sleeps; the player then connects to
//! the socket this fake already listens on (a socket something listens on is not removed as
//! stale). Killing the script, or [`FakeMpv::drop_connections`], looks like mpv dying. The fake
//! answers what the player asks at startup, plays a `loadfile` by sending `start-file`,
//! `file-loaded` and `playback-restart` (or an `end-file` error for a path containing
//! `missing`, and only `start-file` for one containing `hangs`), never answers commands listed in `silent`, and records every command. An "mpv"
//! that dies at once still gets its connection (the fake listens for it), then exits.

use std::os::unix::fs::PermissionsExt as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use player::PlayerConfig;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::watch;

/// How the fake behaves.
#[derive(Debug, Clone)]
pub struct Script {
    /// The `mpv-version` it reports.
    pub version: String,
    /// Whether its `command-list` lists `loadfile` with an `index` argument.
    pub loadfile_has_index: bool,
    /// Commands it never answers.
    pub silent: Vec<&'static str>,
    /// A line of garbage sent before each reply.
    pub garbage_before_replies: bool,
    /// The "mpv" script exits with status 3 on every start after the first.
    pub dies_after_first_start: bool,
}

impl Script {
    /// mpv `version`, answering everything.
    pub fn version(version: &str) -> Self {
        Self {
            version: version.to_owned(),
            loadfile_has_index: false,
            silent: Vec::new(),
            garbage_before_replies: false,
            dies_after_first_start: false,
        }
    }
}

/// The running fake.
pub struct FakeMpv {
    /// Holds the socket and the sleeping "mpv" script.
    dir: tempfile::TempDir,
    /// Every command received, in order.
    commands: Arc<Mutex<Vec<Value>>>,
    /// How many sessions asked for `mpv-version` (the player's first question); plain
    /// connections are not counted, because the player probes a socket to tell if it is stale.
    sessions: watch::Receiver<usize>,
    /// Bumped to close every open connection.
    drop_all: watch::Sender<u64>,
}

impl FakeMpv {
    /// Starts listening; the player must be started with [`FakeMpv::config`].
    pub fn start(script: Script) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let program = dir.path().join("sleeping-mpv");
        let body = if script.dies_after_first_start {
            "#!/bin/sh\n[ -e \"$0.started\" ] && exit 3\ntouch \"$0.started\"\nexec sleep 60\n"
        } else {
            "#!/bin/sh\nexec sleep 60\n"
        };
        std::fs::write(&program, body).expect("write script");
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755))
            .expect("make script executable");
        let listener = UnixListener::bind(dir.path().join("mpv.sock")).expect("bind fake mpv");
        let commands = Arc::new(Mutex::new(Vec::new()));
        let (sessions_tx, sessions) = watch::channel(0);
        let sessions_tx = Arc::new(sessions_tx);
        let (drop_all, drop_rx) = watch::channel(0);
        let accepted_commands = Arc::clone(&commands);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(
                    stream,
                    script.clone(),
                    Arc::clone(&accepted_commands),
                    Arc::clone(&sessions_tx),
                    drop_rx.clone(),
                ));
            }
        });
        Self {
            dir,
            commands,
            sessions,
            drop_all,
        }
    }

    /// A player config that spawns the sleeping script and connects to this fake.
    pub fn config(&self) -> PlayerConfig {
        PlayerConfig {
            mpv_path: self.dir.path().join("sleeping-mpv"),
            ipc_path: self.socket(),
            request_timeout: Duration::from_millis(300),
            load_timeout: Duration::from_millis(500),
            restart_backoff: Duration::from_millis(20),
            ..PlayerConfig::default()
        }
    }

    /// The fake's socket.
    pub fn socket(&self) -> PathBuf {
        self.dir.path().join("mpv.sock")
    }

    /// The commands received so far whose name is `name`.
    pub fn commands_named(&self, name: &str) -> Vec<Value> {
        self.commands
            .lock()
            .unwrap()
            .iter()
            .filter(|command| command[0] == name)
            .cloned()
            .collect()
    }

    /// Closes every open connection, as a dying mpv would.
    pub fn drop_connections(&self) {
        self.drop_all.send_modify(|generation| *generation += 1);
    }

    /// Waits until `n` sessions have started in all.
    pub async fn wait_sessions(&self, n: usize) {
        let mut sessions = self.sessions.clone();
        tokio::time::timeout(
            Duration::from_secs(5),
            sessions.wait_for(|count| *count >= n),
        )
        .await
        .expect("sessions in time")
        .expect("fake still running");
    }
}

async fn serve(
    stream: UnixStream,
    script: Script,
    commands: Arc<Mutex<Vec<Value>>>,
    sessions: Arc<watch::Sender<usize>>,
    mut drop_all: watch::Receiver<u64>,
) {
    drop_all.borrow_and_update();
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    let mut next_entry_id = 1;
    loop {
        let line = tokio::select! {
            _ = drop_all.changed() => return,
            line = lines.next_line() => match line {
                Ok(Some(line)) => line,
                _ => return,
            },
        };
        let request: Value = serde_json::from_str(&line).expect("the player sends JSON");
        let command = request["command"].clone();
        let request_id = request["request_id"].clone();
        commands.lock().unwrap().push(command.clone());
        let name = command[0].as_str().unwrap_or_default();
        if name == "get_property" && command[1] == "mpv-version" {
            sessions.send_modify(|count| *count += 1);
        }
        if script.silent.contains(&name) {
            continue;
        }
        let mut out = Vec::new();
        if script.garbage_before_replies {
            out.push(json!("this is not a reply").to_string());
        }
        match name {
            "get_property" => out.push(property_reply(&script, &command[1], &request_id)),
            "loadfile" => {
                let entry_id = next_entry_id;
                next_entry_id += 1;
                out.push(
                    json!({"data": {"playlist_entry_id": entry_id}, "request_id": request_id, "error": "success"})
                        .to_string(),
                );
                out.push(json!({"event": "start-file", "playlist_entry_id": entry_id}).to_string());
                let path = command[1].as_str().unwrap_or_default();
                if path.contains("missing") {
                    out.push(json!({"event": "end-file", "reason": "error", "playlist_entry_id": entry_id, "file_error": "loading failed"}).to_string());
                    out.push(json!({"event": "idle"}).to_string());
                } else if path.contains("hangs") {
                    // Opened, and no first frame ever.
                } else {
                    out.push(json!({"event": "file-loaded"}).to_string());
                    out.push(json!({"event": "playback-restart"}).to_string());
                }
            }
            _ => out.push(json!({"request_id": request_id, "error": "success"}).to_string()),
        }
        for line in out {
            if writer
                .write_all(format!("{line}\n").as_bytes())
                .await
                .is_err()
            {
                return;
            }
        }
    }
}

fn property_reply(script: &Script, property: &Value, request_id: &Value) -> String {
    let loadfile_args = if script.loadfile_has_index {
        json!([{"name": "url"}, {"name": "flags"}, {"name": "index"}, {"name": "options"}])
    } else {
        json!([{"name": "url"}, {"name": "flags"}, {"name": "options"}])
    };
    let data = match property.as_str().unwrap_or_default() {
        "mpv-version" => json!(script.version),
        "command-list" => json!([{"name": "loadfile", "args": loadfile_args}]),
        "time-pos" => json!(4.25),
        _ => return json!({"request_id": request_id, "error": "property unavailable"}).to_string(),
    };
    json!({"data": data, "request_id": request_id, "error": "success"}).to_string()
}
