//! The VTA backend as a sidecar process: found (flag, `VTA_BIN`, or beside the shell), started
//! (`vta run`, or `vta demo --keep-running` for tests and showing off), its output relayed and
//! its announced UI URL noted, and stopped cleanly (SIGTERM, then a kill after a grace time).

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tracing::{info, warn};

use crate::backend::BackendUrl;
use crate::error::{Error, Result};

/// Which `vta` subcommand the sidecar runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendMode {
    /// `vta run`: the real court (UDP from the PSS, OBS, the store).
    Run,
    /// `vta demo --keep-running`: the built-in simulator plays a match.
    Demo,
}

/// How to start the sidecar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidecarSpec {
    /// The `vta` executable.
    pub program: PathBuf,
    /// `run` or `demo`.
    pub mode: BackendMode,
    /// The HTTP address the backend is told to serve on (loopback).
    pub listen: SocketAddr,
    /// `--data-dir` for the backend, when given.
    pub data_dir: Option<PathBuf>,
    /// More arguments passed through unchanged (after the shell's own).
    pub extra_args: Vec<OsString>,
    /// The operator token handed to the backend in `VTA_LAUNCHER_TOKEN` (never on its command
    /// line), which the shell's requests and window carry.
    pub launcher_token: Option<String>,
}

impl SidecarSpec {
    /// The backend's command line, without the program.
    pub fn args(&self) -> Vec<OsString> {
        let mut args: Vec<OsString> = match self.mode {
            BackendMode::Run => vec!["run".into()],
            BackendMode::Demo => vec!["demo".into(), "--keep-running".into()],
        };
        args.push("--listen".into());
        args.push(self.listen.to_string().into());
        if let Some(folder) = &self.data_dir {
            args.push("--data-dir".into());
            args.push(folder.clone().into_os_string());
        }
        args.extend(self.extra_args.iter().cloned());
        args
    }

    /// The base URL the backend will answer on.
    pub fn url(&self) -> BackendUrl {
        BackendUrl::from_addr(self.listen).with_token(self.launcher_token.clone())
    }
}

/// The environment variable that gives the backend the launcher token.
pub const LAUNCHER_TOKEN_ENV: &str = "VTA_LAUNCHER_TOKEN";

/// A fresh launcher token: 128 random bits as hex.
pub fn new_launcher_token() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|err| Error::Usage(format!("no random numbers from the system: {err}")))?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

/// Finds the `vta` executable: the one given (flag or `VTA_BIN`), else the one beside the
/// shell's own executable (where the installer puts the bundled sidecar).
pub fn locate(explicit: Option<&Path>, shell_exe: &Path) -> Result<PathBuf> {
    let candidate = match explicit {
        Some(path) => path.to_path_buf(),
        None => {
            let folder = shell_exe.parent().unwrap_or_else(|| Path::new("."));
            folder.join(format!("vta{}", std::env::consts::EXE_SUFFIX))
        }
    };
    if candidate.is_file() {
        Ok(candidate)
    } else {
        Err(Error::BackendMissing(candidate))
    }
}

/// A loopback address with a port that was free a moment ago, for the backend to serve on.
pub fn free_loopback_addr() -> Result<SocketAddr> {
    let io = |source| Error::Io {
        what: "cannot find a free loopback port".into(),
        source,
    };
    let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(io)?;
    listener.local_addr().map_err(io)
}

/// The running sidecar process.
#[derive(Debug)]
pub struct Sidecar {
    child: Child,
    /// The UI URL the backend printed (`operator UI: http://...`), once it has.
    announced: Arc<Mutex<Option<BackendUrl>>>,
    /// The launcher token the backend was given.
    token: Option<String>,
}

impl Sidecar {
    /// Starts the backend with its output going where the shell's goes.
    pub fn start(spec: &SidecarSpec) -> Result<Self> {
        let mut command = Command::new(&spec.program);
        command
            .args(spec.args())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some(token) = &spec.launcher_token {
            command.env(LAUNCHER_TOKEN_ENV, token);
        }
        #[cfg(windows)]
        {
            use std::os::windows::process::CommandExt;
            // CREATE_NO_WINDOW: the shell is a GUI program; no console pops up for the sidecar.
            command.creation_flags(0x0800_0000);
        }
        let mut child = command.spawn().map_err(|source| Error::BackendSpawn {
            program: spec.program.clone(),
            source,
        })?;
        info!(pid = child.id(), program = %spec.program.display(), args = ?spec.args(), "backend started");
        let announced = Arc::new(Mutex::new(None));
        if let Some(stdout) = child.stdout.take() {
            let announced = Arc::clone(&announced);
            std::thread::spawn(move || relay_output(stdout, &announced));
        }
        Ok(Self {
            child,
            announced,
            token: spec.launcher_token.clone(),
        })
    }

    /// The UI URL the backend printed, if it has printed one yet. It wins over the address
    /// the shell asked for: the backend may have had to take another port.
    pub fn announced_url(&self) -> Option<BackendUrl> {
        self.announced
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
            .map(|url| url.with_token(self.token.clone()))
    }

    /// The process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// `Err(BackendExited)` once the process has ended.
    pub fn check_running(&mut self) -> Result<()> {
        match self.child.try_wait() {
            Ok(None) => Ok(()),
            Ok(Some(status)) => Err(Error::BackendExited {
                status: status.to_string(),
            }),
            Err(source) => Err(Error::Io {
                what: "cannot query the backend process".into(),
                source,
            }),
        }
    }

    /// Asks the backend to stop (SIGTERM on Unix, so it commits and closes its store; on
    /// Windows the process is terminated), waits up to `grace`, then kills it.
    pub fn stop(mut self, grace: Duration) -> Result<ExitStatus> {
        if let Ok(Some(status)) = self.child.try_wait() {
            return Ok(status);
        }
        self.request_stop();
        let deadline = Instant::now() + grace;
        let io = |source| Error::Io {
            what: "cannot stop the backend process".into(),
            source,
        };
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().map_err(io)? {
                info!(%status, "backend stopped");
                return Ok(status);
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        warn!(
            grace_ms = grace.as_millis() as u64,
            "backend did not stop in time; killing it"
        );
        self.child.kill().map_err(io)?;
        self.child.wait().map_err(io)
    }

    #[cfg(unix)]
    fn request_stop(&mut self) {
        use nix::sys::signal::{kill, Signal};
        use nix::unistd::Pid;
        match i32::try_from(self.child.id()) {
            Ok(pid) => {
                if let Err(err) = kill(Pid::from_raw(pid), Signal::SIGTERM) {
                    warn!(%err, "cannot send SIGTERM to the backend");
                }
            }
            Err(_) => warn!(
                pid = self.child.id(),
                "backend pid out of range for SIGTERM"
            ),
        }
    }

    #[cfg(not(unix))]
    fn request_stop(&mut self) {
        if let Err(err) = self.child.kill() {
            warn!(%err, "cannot terminate the backend");
        }
    }
}

/// Copies the backend's standard output to the shell's, line by line, and notes the first UI
/// URL it announces.
fn relay_output(stdout: ChildStdout, announced: &Mutex<Option<BackendUrl>>) {
    let mut reader = BufReader::new(stdout);
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let text = String::from_utf8_lossy(&line);
        if let Some(url) = announced_ui_url(&text) {
            let mut slot = announced
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if slot.is_none() {
                info!(url = %url.base(), "the backend announced its UI");
                *slot = Some(url);
            }
        }
        // The shell's own output may be closed (a GUI program on Windows): nothing to do then.
        let _ = std::io::stdout().lock().write_all(&line);
    }
}

/// The UI URL in a line the backend prints at start (`operator UI: http://HOST:PORT/ ...` from
/// `vta demo`, `reStrike VTA: operator UI at http://HOST:PORT/` from `vta run`).
pub fn announced_ui_url(line: &str) -> Option<BackendUrl> {
    let (_, after) = line.split_once("operator UI")?;
    let token = after
        .split_whitespace()
        .find(|word| word.starts_with("http://"))?;
    BackendUrl::parse(token).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ui_url_is_read_from_what_the_backend_prints() {
        let demo = "operator UI: http://127.0.0.1:36951/   overlays: http://127.0.0.1:36951/overlay/scoreboard\n";
        assert_eq!(
            announced_ui_url(demo).unwrap().ui(),
            "http://127.0.0.1:36951/"
        );
        let run = "reStrike VTA: operator UI at http://127.0.0.1:8080/";
        assert_eq!(
            announced_ui_url(run).unwrap().ui(),
            "http://127.0.0.1:8080/"
        );
        assert_eq!(announced_ui_url("#- R0 -:--|  BLUE ?   0 gj0"), None);
        assert_eq!(announced_ui_url("operator UI: disabled"), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_started_sidecar_relays_its_output_and_announces_its_url() {
        use std::os::unix::fs::PermissionsExt;

        let folder = tempfile::tempdir().unwrap();
        let program = folder.path().join("fake-vta");
        std::fs::write(
            &program,
            "#!/bin/sh\necho \"reStrike VTA: operator UI at http://127.0.0.1:4321/ ($1)\"\nexec sleep 30\n",
        )
        .unwrap();
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        let spec = SidecarSpec {
            program,
            mode: BackendMode::Run,
            listen: "127.0.0.1:9".parse().unwrap(),
            data_dir: None,
            extra_args: vec![],
            launcher_token: None,
        };
        let sidecar = Sidecar::start(&spec).unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        while sidecar.announced_url().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(
            sidecar.announced_url().map(|url| url.ui()),
            Some("http://127.0.0.1:4321/".to_string())
        );
        sidecar.stop(Duration::from_secs(5)).unwrap();
    }

    #[test]
    fn launcher_tokens_are_fresh_128_bit_hex() {
        let token = new_launcher_token().unwrap();
        assert_eq!(token.len(), 32);
        assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(token, new_launcher_token().unwrap());
    }

    #[test]
    fn sidecar_command_lines() {
        let spec = SidecarSpec {
            program: "vta".into(),
            mode: BackendMode::Demo,
            listen: "127.0.0.1:9000".parse().unwrap(),
            data_dir: Some("/tmp/vta data".into()),
            extra_args: vec!["--speed".into(), "8".into()],
            launcher_token: Some("0123456789abcdef0123456789abcdef".into()),
        };
        let args: Vec<_> = spec
            .args()
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect();
        assert_eq!(
            args,
            [
                "demo",
                "--keep-running",
                "--listen",
                "127.0.0.1:9000",
                "--data-dir",
                "/tmp/vta data",
                "--speed",
                "8"
            ]
        );
        // The token goes in the environment, never on the command line; the window's URL
        // and the requests carry it; the log and Debug do not show it.
        assert!(!args.iter().any(|arg| arg.contains("0123456789abcdef")));
        let url = spec.url();
        assert_eq!(
            url.ui(),
            "http://127.0.0.1:9000/?token=0123456789abcdef0123456789abcdef"
        );
        assert_eq!(url.base(), "http://127.0.0.1:9000");
        assert!(!format!("{url:?}").contains("0123456789abcdef"));
        let run = SidecarSpec {
            mode: BackendMode::Run,
            data_dir: None,
            extra_args: vec![],
            launcher_token: None,
            ..spec
        };
        assert_eq!(run.args(), ["run", "--listen", "127.0.0.1:9000"]);
        assert_eq!(run.url().feed(), "ws://127.0.0.1:9000/api/ws");
        assert_eq!(run.url().ui(), "http://127.0.0.1:9000/");
    }

    #[test]
    fn locate_prefers_the_given_path_then_the_shells_folder() {
        let folder = tempfile::tempdir().unwrap();
        let shell = folder.path().join("vta-desktop");
        let missing = locate(None, &shell).unwrap_err().to_string();
        assert!(missing.contains("--backend"), "{missing}");
        let beside = folder
            .path()
            .join(format!("vta{}", std::env::consts::EXE_SUFFIX));
        std::fs::write(&beside, "").unwrap();
        assert_eq!(locate(None, &shell).unwrap(), beside);
        let given = folder.path().join("other-vta");
        assert!(locate(Some(&given), &shell).is_err());
        std::fs::write(&given, "").unwrap();
        assert_eq!(locate(Some(&given), &shell).unwrap(), given);
    }

    #[cfg(unix)]
    #[test]
    fn stop_ends_a_process_with_sigterm_and_kills_one_that_ignores_it() {
        use std::os::unix::process::ExitStatusExt;

        let sleeper = |script: &str| Sidecar {
            child: Command::new("sh").arg("-c").arg(script).spawn().unwrap(),
            announced: Arc::default(),
            token: None,
        };
        let polite = sleeper("sleep 30");
        let status = polite.stop(Duration::from_secs(5)).unwrap();
        assert_eq!(status.signal(), Some(15));

        let stubborn = sleeper("trap '' TERM; while :; do sleep 0.1; done");
        std::thread::sleep(Duration::from_millis(200));
        let started = Instant::now();
        let status = stubborn.stop(Duration::from_millis(300)).unwrap();
        assert_eq!(status.signal(), Some(9));
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
