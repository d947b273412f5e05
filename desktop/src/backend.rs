//! Speaking HTTP to the VTA backend: its URL, the wait for `/api/health`, and the commands the
//! shortcuts send (replay, mark) with an honest account of what the backend answered.
//!
//! The shell has no API of its own: everything the dock shows and does is the backend's, and
//! this module is the only place that speaks HTTP to it. Starting the backend is `sidecar.rs`.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// The backend's base URL, e.g. `http://127.0.0.1:8080`, and the operator token that its
/// requests carry when the shell started the backend (`Debug` does not show the token).
#[derive(Clone, PartialEq, Eq)]
pub struct BackendUrl {
    base: String,
    token: Option<String>,
}

impl std::fmt::Debug for BackendUrl {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("BackendUrl")
            .field("base", &self.base)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .finish()
    }
}

impl BackendUrl {
    /// The URL of a backend serving on `addr`.
    pub fn from_addr(addr: SocketAddr) -> Self {
        Self {
            base: format!("http://{addr}"),
            token: None,
        }
    }

    /// The same URL whose requests carry `token` (the launcher token given to the sidecar).
    pub fn with_token(mut self, token: Option<String>) -> Self {
        self.token = token;
        self
    }

    /// The operator token requests carry, if any.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The base URL without the token, for the log.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Checks a URL given by the operator (`--attach`): `http://host:port`, no path.
    pub fn parse(text: &str) -> Result<Self> {
        let trimmed = text.trim_end_matches('/');
        let rest = trimmed
            .strip_prefix("http://")
            .ok_or_else(|| Error::Usage(format!("backend URL {text:?} must start with http://")))?;
        if rest.is_empty() || rest.contains('/') {
            return Err(Error::Usage(format!(
                "backend URL {text:?} must be http://HOST:PORT without a path"
            )));
        }
        Ok(Self {
            base: trimmed.to_string(),
            token: None,
        })
    }

    /// The UI's start page; with a token, it carries it (`?token=`), and the UI passes it on
    /// to every request it makes. Never logged: log [`BackendUrl::base`].
    pub fn ui(&self) -> String {
        match &self.token {
            Some(token) => format!("{}/?token={token}", self.base),
            None => format!("{}/", self.base),
        }
    }

    /// An API path on this backend, e.g. `/api/health`.
    pub fn http(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The event feed's WebSocket URL.
    pub fn feed(&self) -> String {
        format!("ws://{}/api/ws", &self.base["http://".len()..])
    }
}

/// What the backend said to an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx: it took it.
    Done,
    /// 404: this backend has no such endpoint (yet), with what it said.
    NoEndpoint {
        /// `error.message` from the body, or the body itself.
        message: String,
    },
    /// Any other status, with the backend's message when it sent one.
    Refused {
        /// The HTTP status.
        status: u16,
        /// `error.message` from the body, or the body itself.
        message: String,
    },
}

/// A small blocking HTTP client for the backend on loopback (no proxy, short timeouts).
#[derive(Debug, Clone)]
pub struct Client {
    agent: ureq::Agent,
    url: BackendUrl,
}

impl Client {
    /// A client for the backend at `url`.
    pub fn new(url: BackendUrl) -> Self {
        let config = ureq::Agent::config_builder()
            .proxy(None)
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(3)))
            .build();
        Self {
            agent: config.into(),
            url,
        }
    }

    /// The backend's URL.
    pub fn url(&self) -> &BackendUrl {
        &self.url
    }

    /// `GET /api/health` answered 200.
    pub fn healthy(&self) -> bool {
        let mut request = self.agent.get(self.url.http("/api/health"));
        if let Some(token) = self.url.token() {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        match request.call() {
            Ok(response) => response.status().is_success(),
            Err(_) => false,
        }
    }

    /// POSTs a JSON body to `path` and says what the backend made of it.
    pub fn post(&self, path: &str, body: &serde_json::Value) -> Result<Outcome> {
        let url = self.url.http(path);
        let failed = |reason: String| Error::Http {
            method: "POST",
            url: url.clone(),
            reason,
        };
        let mut request = self.agent.post(&url);
        if let Some(token) = self.url.token() {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        let mut response = request
            .send_json(body)
            .map_err(|err| failed(err.to_string()))?;
        let status = response.status().as_u16();
        if response.status().is_success() {
            return Ok(Outcome::Done);
        }
        let text = response.body_mut().read_to_string().unwrap_or_default();
        let message = error_message(&text);
        if status == 404 {
            return Ok(Outcome::NoEndpoint { message });
        }
        Ok(Outcome::Refused { status, message })
    }
}

/// Polls `/api/health` every 100 ms at the URL `current` names (it changes when the backend
/// announces another one) until it answers, `current` fails (the sidecar died) or `timeout`
/// passes. Returns the URL that answered and how long it took.
pub fn wait_healthy(
    timeout: Duration,
    mut current: impl FnMut() -> Result<BackendUrl>,
) -> Result<(BackendUrl, Duration)> {
    let started = Instant::now();
    loop {
        let url = current()?;
        if Client::new(url.clone()).healthy() {
            return Ok((url, started.elapsed()));
        }
        if started.elapsed() >= timeout {
            return Err(Error::BackendTimeout {
                url: url.base,
                seconds: timeout.as_secs(),
            });
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The person-readable message of an API error body (`{"error": {"message": ...}}`), or the
/// body itself when it is not one.
fn error_message(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|value| value["error"]["message"].as_str().map(str::to_string))
        .unwrap_or_else(|| body.trim().to_string())
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;
    use std::sync::mpsc;

    use super::*;
    use crate::sidecar::free_loopback_addr;

    /// Answers each connection on a real loopback socket with the next canned response and
    /// reports the request line and body it received.
    fn canned_server(answers: Vec<(u16, &'static str)>) -> (BackendUrl, mpsc::Receiver<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = BackendUrl::from_addr(listener.local_addr().unwrap());
        let (seen, requests) = mpsc::channel();
        std::thread::spawn(move || {
            for (status, body) in answers {
                let (stream, _) = listener.accept().unwrap();
                let mut reader = BufReader::new(stream);
                let mut request_line = String::new();
                reader.read_line(&mut request_line).unwrap();
                let mut length = 0;
                loop {
                    let mut header = String::new();
                    reader.read_line(&mut header).unwrap();
                    if header == "\r\n" || header.is_empty() {
                        break;
                    }
                    if let Some(value) = header.to_ascii_lowercase().strip_prefix("content-length:")
                    {
                        length = value.trim().parse().unwrap();
                    }
                }
                let mut request_body = vec![0; length];
                reader.read_exact(&mut request_body).unwrap();
                seen.send(format!(
                    "{} {}",
                    request_line.trim(),
                    String::from_utf8_lossy(&request_body)
                ))
                .unwrap();
                let mut stream = reader.into_inner();
                write!(
                    stream,
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                )
                .unwrap();
            }
        });
        (url, requests)
    }

    #[test]
    fn post_tells_done_missing_endpoint_and_refusal_apart() {
        let (url, requests) = canned_server(vec![
            (200, r#"{"seq": 7}"#),
            (
                404,
                r#"{"error": {"code": "not_found", "message": "no route"}}"#,
            ),
            (
                409,
                r#"{"error": {"code": "no_replay", "message": "no challenge is open"}}"#,
            ),
        ]);
        let client = Client::new(url);
        let note = serde_json::json!({"note": "hotkey"});
        assert_eq!(client.post("/api/mark", &note).unwrap(), Outcome::Done);
        let request = requests.recv().unwrap();
        let body = request.strip_prefix("POST /api/mark HTTP/1.1 ").unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(body).unwrap(),
            note
        );
        let empty = serde_json::json!({});
        assert_eq!(
            client.post("/api/replay/start", &empty).unwrap(),
            Outcome::NoEndpoint {
                message: "no route".into()
            }
        );
        assert_eq!(
            client.post("/api/replay/close", &empty).unwrap(),
            Outcome::Refused {
                status: 409,
                message: "no challenge is open".into()
            }
        );
    }

    #[test]
    fn post_to_a_closed_port_is_an_error_naming_the_url() {
        let addr = free_loopback_addr().unwrap();
        let client = Client::new(BackendUrl::from_addr(addr));
        let message = client
            .post("/api/mark", &serde_json::json!({}))
            .unwrap_err()
            .to_string();
        assert!(
            message.contains(&format!("POST http://{addr}/api/mark")),
            "{message}"
        );
    }

    #[test]
    fn wait_healthy_returns_once_health_answers_and_stops_when_the_sidecar_dies() {
        let (url, _requests) = canned_server(vec![(200, r#"{"status": "ok"}"#)]);
        let closed = BackendUrl::from_addr(free_loopback_addr().unwrap());
        // The first look finds nothing; then the backend "announces" the real address.
        let mut looks = 0;
        let (found, _) = wait_healthy(Duration::from_secs(5), || {
            looks += 1;
            Ok(if looks == 1 {
                closed.clone()
            } else {
                url.clone()
            })
        })
        .unwrap();
        assert_eq!(found, url);

        let died = wait_healthy(Duration::from_secs(5), || {
            Err(Error::BackendExited {
                status: "exit status: 2".into(),
            })
        });
        assert!(matches!(died, Err(Error::BackendExited { .. })));
        let timeout = wait_healthy(Duration::from_millis(200), || Ok(closed.clone()));
        assert!(matches!(timeout, Err(Error::BackendTimeout { .. })));
    }

    #[test]
    fn attach_urls_are_checked() {
        let url = BackendUrl::parse("http://127.0.0.1:8080/").unwrap();
        assert_eq!(url.http("/api/state"), "http://127.0.0.1:8080/api/state");
        assert!(BackendUrl::parse("https://example.org").is_err());
        assert!(BackendUrl::parse("http://127.0.0.1:8080/ui").is_err());
    }
}
