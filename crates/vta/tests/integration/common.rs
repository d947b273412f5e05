//! Helpers: start `vta` as a child process, read its log lines, pick free ports.

use std::io::{BufRead, BufReader};
use std::net::UdpSocket;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The `vta` binary cargo built for these tests.
pub fn vta() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vta"));
    command
        .env_remove("VTA_DATA_DIR")
        .env_remove("VTA_BIND")
        .env_remove("VTA_LOG")
        .env_remove("VTA_SECRETS_PASSPHRASE");
    command
}

/// Runs `vta` with `args` to the end.
pub fn vta_output(args: &[&str]) -> Output {
    vta()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("vta runs")
}

/// A UDP port on 127.0.0.1 that was free a moment ago.
pub fn free_udp_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// A running `vta run` whose stderr lines can be waited for.
pub struct RunningVta {
    pub child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
    pub port: u16,
}

impl RunningVta {
    /// Starts `vta run` on a free loopback port with its data in `data_dir`.
    pub fn start(data_dir: &Path) -> RunningVta {
        RunningVta::start_serving(data_dir, "127.0.0.1:0")
    }

    /// [`RunningVta::start`] with the API and UI served on `listen` (`0.0.0.0:0`: off
    /// loopback, on a free port).
    pub fn start_serving(data_dir: &Path, listen: &str) -> RunningVta {
        RunningVta::launch(data_dir, listen, free_udp_port(), &[], &[])
    }

    /// [`RunningVta::start_serving`] with these environment variables set and these
    /// arguments added.
    pub fn start_serving_with(
        data_dir: &Path,
        listen: &str,
        env: &[(&str, &str)],
        args: &[&str],
    ) -> RunningVta {
        RunningVta::launch(data_dir, listen, free_udp_port(), env, args)
    }

    /// [`RunningVta::start_serving`] listening for the PSS on `127.0.0.1:<port>` (the same
    /// port again after a restart), with `extra` arguments.
    pub fn start_with(data_dir: &Path, listen: &str, port: u16, extra: &[&str]) -> RunningVta {
        RunningVta::launch(data_dir, listen, port, &[], extra)
    }

    fn launch(
        data_dir: &Path,
        listen: &str,
        port: u16,
        env: &[(&str, &str)],
        extra: &[&str],
    ) -> RunningVta {
        let mut command = vta();
        command.envs(env.iter().copied());
        let mut child = command
            .args(["run", "--data-dir"])
            .arg(data_dir)
            .args(["--bind", &format!("127.0.0.1:{port}"), "--log", "info"])
            // Tests run side by side: each serves its API on a port of its own.
            .args(["--listen", listen])
            .args(extra)
            // No review screen: a SIGKILLed vta cannot stop its mpv, which would outlive it.
            .arg("--no-replay")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("vta run starts");
        let stderr = child.stderr.take().expect("stderr piped");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut running = RunningVta {
            child,
            lines,
            seen: Vec::new(),
            port,
        };
        running.wait_for("listening for PSS datagrams", Duration::from_secs(20));
        running
    }

    /// Waits for a stderr line containing `needle` (printed since the start) and returns it;
    /// panics with the lines seen.
    pub fn wait_for(&mut self, needle: &str, timeout: Duration) -> String {
        if let Some(line) = self.seen.iter().find(|line| line.contains(needle)) {
            return line.clone();
        }
        let deadline = Instant::now() + timeout;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line);
                    let line = self.seen.last().expect("just pushed");
                    if line.contains(needle) {
                        return line.clone();
                    }
                }
                Err(_) => break,
            }
        }
        panic!(
            "no line with {needle:?} within {timeout:?}; saw:\n{}",
            self.seen.join("\n")
        );
    }

    /// The port the API and UI are served on, from the start's log line.
    pub fn http_port(&mut self) -> u16 {
        let line = self.wait_for("operator UI and API", Duration::from_secs(20));
        let url = line
            .split("url=http://")
            .nth(1)
            .expect("the line names the url");
        let authority = url.split('/').next().expect("authority");
        authority
            .rsplit(':')
            .next()
            .and_then(|port| port.parse().ok())
            .expect("a port")
    }

    /// Sends SIGTERM and waits for a clean exit.
    pub fn stop(mut self) {
        let pid = self.child.id().to_string();
        let status = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                assert!(status.success(), "vta run exited with {status}");
                return;
            }
            assert!(
                Instant::now() < deadline,
                "vta run did not stop after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for RunningVta {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A sending socket aimed at `port` on loopback.
pub fn sender(port: u16) -> UdpSocket {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind sender");
    socket.connect(("127.0.0.1", port)).expect("connect sender");
    socket
}

/// `vta obs add REC --port <port> --role rec --password-stdin` in `data_dir`, with `password`
/// on its standard input; panics with its output when it fails.
pub fn add_obs_connection(data_dir: &Path, port: u16, password: &str) {
    use std::io::Write;
    let mut add = vta()
        .args(["obs", "--data-dir"])
        .arg(data_dir)
        .args(["add", "REC", "--port", &port.to_string(), "--role", "rec"])
        .arg("--password-stdin")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vta obs add");
    let mut stdin = add.stdin.take().expect("stdin");
    writeln!(stdin, "{password}").expect("write password");
    drop(stdin);
    let added = add.wait_with_output().expect("vta obs add ends");
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
}

/// The one real OBS of this test binary, started on first use, and the guard of this test's
/// turn; `None` (after saying why) when real-OBS tests are not asked for.
pub async fn real_obs() -> Option<(
    tokio::sync::MutexGuard<'static, ()>,
    &'static obs_headless::HeadlessObs,
)> {
    static OBS: obs_headless::SharedObs = obs_headless::SharedObs::new();
    OBS.get(|| {
        obs_headless::HeadlessObs::start(
            Path::new(env!("CARGO_TARGET_TMPDIR")),
            "vta",
            "vta-integration-test",
            false,
        )
    })
    .await
}
