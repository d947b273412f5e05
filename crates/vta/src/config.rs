//! The validated configuration: raw command-line values become typed settings here, once.
//! Nothing below the binary reads the command line or the environment.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use app::automation::ivr::IvrConfig;
use app::automation::recorder::{self, RecorderConfig};
use app::ingest::IngestConfig;
use player::PlayerConfig;
use store::StoreConfig;

use crate::cli::{PipelineArgs, RecorderArgs, ReplayArgs};

/// File name of the database inside the data folder.
pub const DATABASE_FILE: &str = "vta.sqlite3";

/// File name of a protocol schema saved from the UI, inside the data folder.
pub const PROTOCOL_FILE: &str = "protocol.schema";

/// Everything the running pipeline needs, checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// Folder holding the database and the logs; exists and is writable.
    pub data_dir: PathBuf,
    /// UDP listener settings.
    pub ingest: IngestConfig,
    /// Store settings, database path included.
    pub store: StoreConfig,
    /// The protocol schema datagrams are read with.
    pub schema: Arc<pss::Schema>,
    /// Where an edited protocol schema is saved and, without `--protocol`, read from at start.
    pub protocol_file: PathBuf,
    /// HTTP address of the API and UI; `None` runs without them (benchmarks).
    pub listen: Option<std::net::SocketAddr>,
    /// tracing filter directives.
    pub log_filter: String,
    /// Where and how the recorder records matches.
    pub recorder: RecorderConfig,
    /// Instant video replay, when it runs (`vta run` without `--no-replay`).
    pub replay: Option<ReplayConfig>,
}

/// The replay flow and its review screen.
#[derive(Debug, Clone)]
pub struct ReplayConfig {
    /// The flow: lead, timeouts, scenes.
    pub ivr: IvrConfig,
    /// How mpv runs.
    pub player: PlayerConfig,
}

impl Config {
    /// Checks `args` and builds the configuration.
    pub fn from_args(args: &PipelineArgs) -> Result<Config> {
        let data_dir = prepare_data_dir(args.data.data_dir.clone(), "")?;
        let protocol_file = data_dir.join(PROTOCOL_FILE);
        let schema = match &args.protocol {
            Some(path) => load_schema(Some(path))?,
            None if protocol_file.exists() => load_schema(Some(&protocol_file))?,
            None => load_schema(None)?,
        };
        if args.batch_max == 0 {
            anyhow::bail!("--batch-max must be at least 1");
        }
        let mut store = StoreConfig::new(data_dir.join(DATABASE_FILE));
        store.batch_max = args.batch_max;
        store.batch_interval = Duration::from_millis(args.batch_ms);
        store.tournament = args.tournament.clone();
        Ok(Config {
            ingest: IngestConfig {
                bind: args.bind,
                ..IngestConfig::default()
            },
            store,
            schema,
            protocol_file,
            listen: Some(args.listen),
            log_filter: args.log.clone(),
            recorder: RecorderConfig::new(recorder::default_root(&data_dir)),
            replay: None,
            data_dir,
        })
    }

    /// Applies the replay options; `--no-replay` leaves replay off.
    pub fn with_replay(mut self, args: &ReplayArgs) -> Result<Config> {
        self.replay = ReplayConfig::from_args(args)?;
        Ok(self)
    }
}

impl ReplayConfig {
    /// Checks the replay options; `None` with `--no-replay`.
    pub fn from_args(args: &ReplayArgs) -> Result<Option<ReplayConfig>> {
        if args.no_replay {
            return Ok(None);
        }
        let seconds = |value: f64, name: &str| -> Result<Duration> {
            if value.is_finite() && value >= 0.0 {
                Ok(Duration::from_secs_f64(value))
            } else {
                anyhow::bail!("{name} must be a number of seconds, 0 or more")
            }
        };
        let ivr = IvrConfig {
            lead: seconds(args.replay_lead, "--replay-lead")?,
            clip_timeout: seconds(args.clip_timeout, "--clip-timeout")?,
            link_window: seconds(args.link_window, "--link-window")?,
            ivr_scene: args.ivr_scene.clone(),
            live_scene: args.live_scene.clone(),
            ..IvrConfig::default()
        };
        if ivr.clip_timeout.is_zero() {
            anyhow::bail!("--clip-timeout must be more than 0");
        }
        let player = PlayerConfig {
            mpv_path: args.mpv.clone(),
            extra_args: args.mpv_args.clone(),
            screen: args.replay_screen,
            fullscreen: args.replay_fullscreen,
            ..PlayerConfig::default()
        };
        Ok(Some(ReplayConfig { ivr, player }))
    }
}

impl Config {
    /// Applies the recorder options (`--record-root`, `--stop-delay`).
    pub fn with_recorder(mut self, args: &RecorderArgs) -> Result<Config> {
        if !(args.stop_delay.is_finite() && args.stop_delay >= 0.0) {
            anyhow::bail!("--stop-delay must be a number of seconds, 0 or more");
        }
        self.recorder.stop_delay = Duration::from_secs_f64(args.stop_delay);
        if let Some(root) = &args.record_root {
            self.recorder.root = root.clone();
        }
        Ok(self)
    }

    /// Where the rotating log files go.
    pub fn log_dir(&self) -> PathBuf {
        self.data_dir.join("logs")
    }
}

/// The data folder: `explicit` when given, else the user's data folder + `restrike-vta` +
/// `sub`. Created when missing and checked for writing, so a bad folder fails at start with
/// one clear line.
pub fn prepare_data_dir(explicit: Option<PathBuf>, sub: &str) -> Result<PathBuf> {
    let dir = match explicit {
        Some(dir) => dir,
        None => default_data_dir()?.join(sub),
    };
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the data folder {}", dir.display()))?;
    let probe = dir.join(".vta-write-check");
    std::fs::write(&probe, b"ok")
        .with_context(|| format!("the data folder {} is not writable", dir.display()))?;
    let _ = std::fs::remove_file(&probe);
    Ok(dir)
}

/// The data folder used when none is given.
pub fn default_data_dir() -> Result<PathBuf> {
    dirs::data_dir()
        .map(|dir| dir.join("restrike-vta"))
        .context("no user data folder is known on this system; pass --data-dir")
}

/// The existing data folder for read-only commands (`matches`, `events`).
pub fn existing_database(explicit: Option<PathBuf>) -> Result<PathBuf> {
    let dir = match explicit {
        Some(dir) => dir,
        None => default_data_dir()?,
    };
    let path = dir.join(DATABASE_FILE);
    if !path.exists() {
        anyhow::bail!(
            "no database at {} (run `vta run` or `vta demo` first)",
            path.display()
        );
    }
    Ok(path)
}

/// The built-in v2.3 schema, or the one in `path`. A broken file is refused with its line.
pub fn load_schema(path: Option<&Path>) -> Result<Arc<pss::Schema>> {
    let Some(path) = path else {
        return Ok(Arc::new(pss::Schema::v2_3().clone()));
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the protocol file {}", path.display()))?;
    let schema = pss::Schema::from_text(&text)
        .with_context(|| format!("protocol file {} refused", path.display()))?;
    Ok(Arc::new(schema))
}
