//! A real `vta run` on the venue network: real HTTP and WebSocket clients, always connecting
//! to 127.0.0.1 (also when it is bound to 0.0.0.0), credentials made with `vta auth`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::Value;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

use crate::common::{vta, RunningVta};

const PASSWORD: &str = "ringside-court-1";

/// One HTTP answer.
struct Answer {
    status: u16,
    /// The status line and headers as sent.
    headers: String,
    body: Value,
}

impl Answer {
    /// The value of the first header `name` (any case).
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// One HTTP/1.1 request to 127.0.0.1:`port`; `Host` is `127.0.0.1:<port>` unless `headers`
/// give one.
fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut request = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("host"))
    {
        request.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = body.unwrap_or("");
    if !body.is_empty() {
        request.push_str("Content-Type: application/json\r\n");
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("a status");
    Answer {
        status,
        headers: head.to_owned(),
        body: serde_json::from_str(body).unwrap_or(Value::Null),
    }
}

/// [`http`] with `Authorization: <bearer>` (`Bearer <token>`).
fn as_bearer(port: u16, method: &str, path: &str, bearer: &str, body: Option<&str>) -> Answer {
    http(port, method, path, &[("Authorization", bearer)], body)
}

/// Runs `vta auth ...` on `data_dir` and returns its standard output.
fn auth(data_dir: &Path, args: &[&str]) -> String {
    let output = vta()
        .arg("auth")
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("VTA_TEST_PASSWORD", PASSWORD)
        .output()
        .expect("vta auth runs");
    assert!(
        output.status.success(),
        "vta auth {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("utf-8")
        .trim()
        .to_owned()
}

/// A device token made with `vta auth token create`; returns its value.
fn create_token(data_dir: &Path, role: &str, name: &str) -> String {
    auth(
        data_dir,
        &["token", "create", "--role", role, "--name", name],
    )
}

/// The audit trail as `vta audit --json` prints it, newest first.
fn audit(data_dir: &Path) -> Vec<Value> {
    // Entries are written off the request path: give the last one a moment.
    std::thread::sleep(Duration::from_millis(200));
    let output = vta()
        .args(["audit", "--json", "--data-dir"])
        .arg(data_dir)
        .output()
        .expect("vta audit runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice::<Vec<Value>>(&output.stdout).expect("a JSON array")
}

/// A `vta run` bound to 0.0.0.0 with the operator password set; returns it and its port.
fn off_loopback_with_password(data_dir: &Path) -> (RunningVta, u16) {
    auth(
        data_dir,
        &["set-password", "--password-env", "VTA_TEST_PASSWORD"],
    );
    let mut vta = RunningVta::start_serving(data_dir, "0.0.0.0:0");
    let port = vta.http_port();
    (vta, port)
}

/// The WebSocket feed's answer: `Ok(first message)` or `Err(HTTP status)`.
async fn feed(port: u16, query: &str, headers: &[(&'static str, &str)]) -> Result<Value, u16> {
    let mut request = format!("ws://127.0.0.1:{port}/api/ws{query}")
        .into_client_request()
        .expect("request");
    for (name, value) in headers {
        request
            .headers_mut()
            .insert(*name, HeaderValue::from_str(value).expect("header"));
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((mut socket, _)) => {
            let first = tokio::time::timeout(Duration::from_secs(5), socket.next())
                .await
                .expect("a first message")
                .expect("open")
                .expect("a message");
            Ok(serde_json::from_str(first.to_text().expect("text")).expect("json"))
        }
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            Err(response.status().as_u16())
        }
        Err(other) => panic!("websocket failed otherwise: {other}"),
    }
}

#[tokio::test]
async fn off_loopback_nothing_answers_without_a_credential_before_or_after_a_password_is_set() {
    let data = tempfile::tempdir().unwrap();
    let mut vta = RunningVta::start_serving(data.path(), "0.0.0.0:0");
    let port = vta.http_port();
    for (method, path) in [
        ("GET", "/api/state"),
        ("GET", "/api/obs/connections"),
        ("PUT", "/api/manual"),
        ("GET", "/api/matches"),
    ] {
        let answer = http(
            port,
            method,
            path,
            &[],
            Some("{\"enabled\":true}").filter(|_| method == "PUT"),
        );
        assert_eq!(answer.status, 401, "{method} {path}: {}", answer.body);
        let message = answer.body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("vta auth set-password"), "{message}");
    }
    // The overlays' data comes over the feed: refused too.
    assert_eq!(feed(port, "", &[]).await.unwrap_err(), 401);
    auth(
        data.path(),
        &["set-password", "--password-env", "VTA_TEST_PASSWORD"],
    );
    let answer = http(port, "GET", "/api/state", &[], None);
    assert_eq!(answer.status, 401);
    assert!(answer.body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("sign in"));
    assert_eq!(feed(port, "", &[]).await.unwrap_err(), 401);
    // A credential that is not one is no better than none.
    let answer = http(
        port,
        "GET",
        "/api/state",
        &[("Authorization", "Bearer vta_t_made-up")],
        None,
    );
    assert_eq!(answer.status, 401);
    vta.stop();
}

#[tokio::test]
async fn a_viewer_token_reads_the_state_feed_and_overlays_but_cannot_change_anything() {
    let data = tempfile::tempdir().unwrap();
    let (vta, port) = off_loopback_with_password(data.path());
    let token = create_token(data.path(), "viewer", "overlay-court-1");
    let bearer = format!("Bearer {token}");
    let answer = as_bearer(port, "GET", "/api/state", &bearer, None);
    assert_eq!(answer.status, 200, "{}", answer.body);
    // As an OBS browser source opens an overlay: the token in the URL.
    let snapshot = feed(port, &format!("?token={token}"), &[])
        .await
        .expect("the feed opens");
    assert_eq!(snapshot["type"], "snapshot");
    let answer = http(port, "GET", &format!("/api/state?token={token}"), &[], None);
    assert_eq!(answer.status, 200);
    for (method, path, body) in [
        ("PUT", "/api/manual", "{\"enabled\":true}"),
        ("POST", "/api/mark", "{\"note\":\"x\"}"),
        ("POST", "/api/udp/stop", ""),
        (
            "POST",
            "/api/auth/tokens",
            "{\"name\":\"mine\",\"role\":\"operator\"}",
        ),
    ] {
        let answer = as_bearer(port, method, path, &bearer, Some(body));
        assert_eq!(answer.status, 403, "{method} {path}: {}", answer.body);
    }
    let manual = as_bearer(port, "GET", "/api/manual", &bearer, None);
    assert_eq!(manual.body["enabled"], false, "nothing changed");
    vta.stop();
}

#[tokio::test]
async fn an_operator_token_changes_things_and_a_revoked_one_is_refused_at_once() {
    let data = tempfile::tempdir().unwrap();
    let (vta, port) = off_loopback_with_password(data.path());
    let token = create_token(data.path(), "operator", "stream-deck");
    let bearer = format!("Bearer {token}");
    let answer = as_bearer(
        port,
        "PUT",
        "/api/manual",
        &bearer,
        Some("{\"enabled\":true}"),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(
        as_bearer(port, "GET", "/api/manual", &bearer, None).body["enabled"],
        true
    );
    let listed = auth(data.path(), &["token", "list", "--json"]);
    assert!(
        listed.contains("stream-deck") && !listed.contains(&token),
        "{listed}"
    );

    auth(data.path(), &["token", "revoke", "stream-deck"]);
    let answer = as_bearer(port, "GET", "/api/manual", &bearer, None);
    assert_eq!(answer.status, 401, "the very next request is refused");
    assert_eq!(
        feed(port, &format!("?token={token}"), &[])
            .await
            .unwrap_err(),
        401
    );

    // The audit trail names who changed what from where, and holds no secret.
    let trail = audit(data.path());
    let change = trail
        .iter()
        .find(|row| row["action"] == "PUT /api/manual")
        .unwrap_or_else(|| panic!("no audit row for the change: {trail:?}"));
    assert_eq!(change["actor"], "token:stream-deck");
    assert_eq!(change["address"], "127.0.0.1");
    for action in ["password_set", "token_created", "token_revoked"] {
        assert!(
            trail
                .iter()
                .any(|row| row["action"] == action && row["actor"] == "cli"),
            "{action}: {trail:?}"
        );
    }
    let text = serde_json::to_string(&trail).unwrap();
    assert!(
        !text.contains(&token) && !text.contains(PASSWORD),
        "a secret in the audit trail"
    );
    vta.stop();
}

#[tokio::test]
async fn a_signed_in_browser_gets_a_strict_http_only_session_and_a_flood_of_wrong_passwords_is_held(
) {
    let data = tempfile::tempdir().unwrap();
    let (vta, port) = off_loopback_with_password(data.path());
    let origin = format!("http://127.0.0.1:{port}");
    let headers = [("Origin", origin.as_str())];
    let answer = http(
        port,
        "POST",
        "/api/auth/login",
        &headers,
        Some(&format!("{{\"password\":\"{PASSWORD}\"}}")),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let cookie = answer.header("set-cookie").expect("a session cookie");
    let attributes = cookie.to_ascii_lowercase();
    assert!(
        attributes.contains("httponly") && attributes.contains("samesite=strict"),
        "{cookie}"
    );
    let value = cookie.split(';').next().expect("name=value").to_owned();
    assert!(value.starts_with("vta_session=vta_s_"), "{value}");
    let with_cookie = [("Origin", origin.as_str()), ("Cookie", value.as_str())];
    assert_eq!(
        http(
            port,
            "PUT",
            "/api/manual",
            &with_cookie,
            Some("{\"enabled\":true}")
        )
        .status,
        200
    );
    assert_eq!(
        feed(port, "", &[("Cookie", &value)]).await.unwrap()["type"],
        "snapshot"
    );

    // Five wrong passwords from one address, then even the right one waits.
    for n in 0..5 {
        let answer = http(
            port,
            "POST",
            "/api/auth/login",
            &headers,
            Some("{\"password\":\"guess-guess\"}"),
        );
        assert_eq!(answer.status, 401, "try {n}: {}", answer.body);
        assert_eq!(answer.body["error"]["code"], "wrong_password");
    }
    let answer = http(
        port,
        "POST",
        "/api/auth/login",
        &headers,
        Some(&format!("{{\"password\":\"{PASSWORD}\"}}")),
    );
    assert_eq!(answer.status, 429, "{}", answer.body);
    assert!(answer.header("retry-after").is_some(), "{}", answer.headers);
    assert!(answer.header("set-cookie").is_none());
    // The session signed in before the flood still works.
    assert_eq!(
        http(port, "GET", "/api/manual", &with_cookie, None).body["enabled"],
        true
    );
    let trail = audit(data.path());
    let count = |action: &str| trail.iter().filter(|row| row["action"] == action).count();
    assert_eq!(
        (
            count("sign_in"),
            count("sign_in_failed"),
            count("sign_in_refused")
        ),
        (1, 5, 1),
        "{trail:?}"
    );
    assert!(trail
        .iter()
        .filter(|row| row["action"] == "sign_in_failed")
        .all(|row| row["address"] == "127.0.0.1"));
    vta.stop();
}

#[tokio::test]
async fn on_a_loopback_bind_a_foreign_host_or_origin_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let mut vta = RunningVta::start_serving(data.path(), "127.0.0.1:0");
    let port = vta.http_port();
    // DNS rebinding: a page of evil.example whose name now points at 127.0.0.1.
    let answer = http(
        port,
        "GET",
        "/api/obs/connections",
        &[("Host", "evil.example")],
        None,
    );
    assert_eq!(answer.status, 421, "{}", answer.body);
    let answer = http(
        port,
        "GET",
        "/api/obs/connections",
        &[("Host", &format!("evil.example:{port}"))],
        None,
    );
    assert_eq!(answer.status, 421);
    assert_eq!(
        http(port, "GET", "/api/obs/connections", &[], None).status,
        200
    );
    assert_eq!(
        http(
            port,
            "GET",
            "/api/obs/connections",
            &[("Host", &format!("localhost:{port}"))],
            None
        )
        .status,
        200
    );

    let add = "{\"name\":\"EVIL\",\"host\":\"10.6.6.6\",\"port\":4455,\"role\":\"rec\"}";
    let answer = http(
        port,
        "POST",
        "/api/obs/connections",
        &[("Origin", "http://evil.example")],
        Some(add),
    );
    assert_eq!(answer.status, 403, "{}", answer.body);
    assert_eq!(answer.body["error"]["code"], "foreign_origin");
    let listed = http(port, "GET", "/api/obs/connections", &[], None);
    assert_eq!(listed.body, serde_json::json!([]), "nothing was added");
    assert_eq!(
        feed(port, "", &[("Origin", "http://evil.example")])
            .await
            .unwrap_err(),
        403
    );
    let own = format!("http://127.0.0.1:{port}");
    assert_eq!(
        feed(port, "", &[("Origin", &own)]).await.unwrap()["type"],
        "snapshot"
    );
    vta.stop();
}

/// Every file under `folder`, recursively.
fn files_under(folder: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder).expect("read folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[tokio::test]
async fn no_password_or_token_is_in_any_file_after_a_run_that_used_them() {
    let data = tempfile::tempdir().unwrap();
    const OBS_PASSWORD: &str = "obs-websocket-secret-77";
    const BACKUP_PASSPHRASE: &str = "backup-passphrase-31";
    let added = vta()
        .args([
            "obs",
            "add",
            "REC",
            "--host",
            "127.0.0.1",
            "--port",
            "1",
            "--role",
            "rec",
            "--password-env",
            "VTA_TEST_OBS_PASSWORD",
            "--disabled",
            "--data-dir",
        ])
        .arg(data.path())
        .env("VTA_TEST_OBS_PASSWORD", OBS_PASSWORD)
        .output()
        .expect("vta obs add runs");
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let (vta, port) = off_loopback_with_password(data.path());
    let token = create_token(data.path(), "operator", "deck");
    let bearer = format!("Bearer {token}");
    let origin = format!("http://127.0.0.1:{port}");
    let headers = [("Origin", origin.as_str())];
    assert_eq!(
        http(
            port,
            "POST",
            "/api/auth/login",
            &headers,
            Some(&format!("{{\"password\":\"{PASSWORD}\"}}"))
        )
        .status,
        200
    );
    assert_eq!(
        http(
            port,
            "POST",
            "/api/auth/login",
            &headers,
            Some("{\"password\":\"a-wrong-one\"}")
        )
        .status,
        401
    );
    let change = format!("{{\"name\":\"REC\",\"host\":\"127.0.0.1\",\"port\":2,\"role\":\"rec\",\"enabled\":false,\"password\":\"{OBS_PASSWORD}\"}}");
    let answer = as_bearer(
        port,
        "PUT",
        "/api/obs/connections/REC",
        &bearer,
        Some(&change),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(
        http(port, "GET", &format!("/api/state?token={token}"), &[], None).status,
        200
    );
    let mut settings = as_bearer(port, "GET", "/api/settings", &bearer, None).body;
    settings["replay"]["lead_seconds"] = serde_json::json!(7.5);
    let answer = as_bearer(
        port,
        "PUT",
        "/api/settings",
        &bearer,
        Some(&settings.to_string()),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);

    // An export from the UI, saved in the data folder as an operator would: its secrets are
    // sealed under its passphrase, which the file does not hold either.
    let export = as_bearer(
        port,
        "POST",
        "/api/config/export",
        &bearer,
        Some(&format!("{{\"passphrase\":\"{BACKUP_PASSPHRASE}\"}}")),
    );
    assert_eq!(export.status, 200, "{}", export.body);
    assert_eq!(export.body["format"], "restrike-vta-config");
    std::fs::write(data.path().join("vta-config.json"), export.body.to_string()).unwrap();
    let import = |passphrase: &str| {
        let body = serde_json::json!({"passphrase": passphrase, "backup": export.body.to_string()});
        as_bearer(
            port,
            "POST",
            "/api/config/import",
            &bearer,
            Some(&body.to_string()),
        )
    };
    let wrong = import("not the passphrase");
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert_eq!(wrong.body["error"]["code"], "wrong_passphrase");
    let imported = import(BACKUP_PASSPHRASE);
    assert_eq!(imported.status, 200, "{}", imported.body);
    assert_eq!(imported.body["obs_connections"], 1);
    let listed = as_bearer(port, "GET", "/api/obs/connections", &bearer, None);
    assert_eq!(listed.body[0]["name"], "REC", "{}", listed.body);
    assert_eq!(listed.body[0]["has_password"], true, "{}", listed.body);
    vta.stop();
    let audit_rows = audit(data.path());
    let settings_row = audit_rows
        .iter()
        .find(|row| row["action"] == "PUT /api/settings")
        .unwrap_or_else(|| panic!("no audit row for the settings: {audit_rows:?}"));
    assert_eq!(settings_row["target"], "replay.lead_seconds");
    for action in ["POST /api/config/export", "POST /api/config/import"] {
        assert!(
            audit_rows.iter().any(|row| row["action"] == action),
            "{action}: {audit_rows:?}"
        );
    }

    let secrets = [
        PASSWORD,
        OBS_PASSWORD,
        token.as_str(),
        "a-wrong-one",
        BACKUP_PASSPHRASE,
    ];
    let files = files_under(data.path());
    assert!(
        files
            .iter()
            .any(|file| file.to_string_lossy().contains("logs")),
        "a log file: {files:?}"
    );
    for file in files {
        let bytes = std::fs::read(&file).expect("read");
        for secret in secrets {
            assert!(
                !bytes
                    .windows(secret.len())
                    .any(|window| window == secret.as_bytes()),
                "{secret:?} is in {}",
                file.display()
            );
        }
    }
}

#[tokio::test]
async fn the_desktop_shells_launcher_token_is_an_operators_for_that_run_only() {
    let data = tempfile::tempdir().unwrap();
    const LAUNCHER: &str = "0123456789abcdef0123456789abcdef-launcher";
    let mut vta = RunningVta::start_serving_with(
        data.path(),
        "0.0.0.0:0",
        &[("VTA_LAUNCHER_TOKEN", LAUNCHER)],
        &[],
    );
    let port = vta.http_port();
    let bearer = format!("Bearer {LAUNCHER}");
    // Before any password is set: the shell's window works, nobody else gets in.
    assert_eq!(http(port, "GET", "/api/state", &[], None).status, 401);
    assert_eq!(
        as_bearer(port, "GET", "/api/state", &bearer, None).status,
        200
    );
    let answer = as_bearer(
        port,
        "PUT",
        "/api/manual",
        &bearer,
        Some("{\"enabled\":true}"),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(feed(port, &format!("?token={LAUNCHER}"), &[]).await.is_ok());
    vta.stop();

    let trail = audit(data.path());
    assert!(
        trail
            .iter()
            .any(|row| row["action"] == "PUT /api/manual" && row["actor"] == "desktop"),
        "{trail:?}"
    );
    // Never stored: a run without it refuses the same token.
    let mut again = RunningVta::start_serving(data.path(), "0.0.0.0:0");
    let port = again.http_port();
    assert_eq!(
        as_bearer(port, "GET", "/api/state", &bearer, None).status,
        401
    );
    again.stop();
    for file in files_under(data.path()) {
        let bytes = std::fs::read(&file).expect("read");
        assert!(
            !bytes
                .windows(LAUNCHER.len())
                .any(|window| window == LAUNCHER.as_bytes()),
            "the launcher token is in {}",
            file.display()
        );
    }
}
