//! The validated configuration: raw command-line values become typed settings here, once.
//! Nothing below the binary reads the command line or the environment.
//!
//! The operator's settings (replay, recording) live in the store and are changed from the UI;
//! [`Config::settings_over`] lays the flags given explicitly for this run (on the command line
//! or in the environment, never clap's defaults) over the stored ones. Without stored settings
//! the flags, defaults included, are the settings.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use app::automation::ivr::IvrConfig;
use app::automation::recorder::{self, RecorderConfig};
use app::ingest::{IngestConfig, PssSource};
use app::settings::Settings;
use clap::parser::ValueSource;
use clap::ArgMatches;
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
    /// Folder holding `licence.json`: the data folder, except for `vta demo` without
    /// `--data-dir`, which shows the licence installed in the user's data folder.
    pub licence_dir: PathBuf,
    /// UDP listener settings.
    pub ingest: IngestConfig,
    /// The scoring PC to follow given for this run (`--pss-source`), over the stored one.
    pub pss_source: Option<PssSource>,
    /// Store settings, database path included.
    pub store: StoreConfig,
    /// The protocol schema datagrams are read with.
    pub schema: Arc<pss::Schema>,
    /// Where an edited protocol schema is saved and, without `--protocol`, read from at start.
    pub protocol_file: PathBuf,
    /// HTTP address of the API and UI; `None` runs without them (benchmarks).
    pub listen: Option<std::net::SocketAddr>,
    /// The HTTP listener is reached through a reverse proxy on this machine (TLS): every
    /// request needs a credential although it is bound to loopback.
    pub behind_proxy: bool,
    /// tracing filter directives.
    pub log_filter: String,
    /// Where and how the recorder records matches.
    pub recorder: RecorderConfig,
    /// Instant video replay, when it runs (`vta run` without `--no-replay`).
    pub replay: Option<ReplayConfig>,
    /// The settings flags given explicitly for this run.
    pub explicit: ExplicitFlags,
}

/// The settings flags (by clap id) given on the command line or in the environment rather
/// than left at their defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExplicitFlags(BTreeSet<&'static str>);

/// The clap ids of the flags that are also settings.
const SETTINGS_FLAGS: &[&str] = &[
    "record_root",
    "stop_delay",
    "mpv",
    "mpv_args",
    "replay_screen",
    "replay_fullscreen",
    "replay_lead",
    "clip_timeout",
    "link_window",
    "ivr_scene",
    "live_scene",
];

impl ExplicitFlags {
    /// The settings flags the subcommand in `matches` was given explicitly.
    pub fn of_subcommand(matches: &ArgMatches) -> ExplicitFlags {
        let Some((_, sub)) = matches.subcommand() else {
            return ExplicitFlags::default();
        };
        let given: BTreeSet<&'static str> = sub
            .ids()
            .filter_map(|id| SETTINGS_FLAGS.iter().find(|flag| **flag == id.as_str()))
            .filter(|flag| {
                matches!(
                    sub.value_source(flag),
                    Some(ValueSource::CommandLine | ValueSource::EnvVariable)
                )
            })
            .copied()
            .collect();
        ExplicitFlags(given)
    }

    /// Puts the flag's value `given` in `setting` when `flag` was given explicitly.
    fn lay<T>(&self, flag: &str, setting: &mut T, given: T) {
        if self.0.contains(flag) {
            *setting = given;
        }
    }
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
        let pss_source = args
            .pss_source
            .as_deref()
            .map(str::parse::<PssSource>)
            .transpose()
            .context("--pss-source")?;
        Ok(Config {
            ingest: IngestConfig {
                bind: args.bind,
                database: Some(data_dir.join(DATABASE_FILE)),
                ..IngestConfig::default()
            },
            pss_source,
            store,
            schema,
            protocol_file,
            listen: Some(args.listen),
            behind_proxy: args.behind_proxy,
            log_filter: args.log.clone(),
            // Absolute, as the recording root setting must be, even with a relative --data-dir.
            recorder: RecorderConfig::new(
                std::path::absolute(recorder::default_root(&data_dir)).with_context(|| {
                    format!("the data folder {} cannot be resolved", data_dir.display())
                })?,
            ),
            replay: None,
            explicit: ExplicitFlags::default(),
            licence_dir: data_dir.clone(),
            data_dir,
        })
    }

    /// Records which settings flags were given explicitly, so they win over stored settings.
    pub fn with_explicit(mut self, explicit: ExplicitFlags) -> Config {
        self.explicit = explicit;
        self
    }

    /// The settings as the flags give them, defaults included (the settings of a first run).
    pub fn flag_settings(&self) -> Settings {
        let mut settings = Settings::defaults(self.recorder.root.clone());
        settings.recording.stop_delay_seconds = self.recorder.stop_delay.as_secs_f64();
        if let Some(replay) = &self.replay {
            let flags = &mut settings.replay;
            flags.mpv_path = replay.player.mpv_path.clone();
            flags.mpv_args = replay.player.extra_args.clone();
            flags.screen = replay.player.screen;
            flags.fullscreen = replay.player.fullscreen;
            flags.lead_seconds = replay.ivr.lead.as_secs_f64();
            flags.clip_timeout_seconds = replay.ivr.clip_timeout.as_secs_f64();
            flags.link_window_seconds = replay.ivr.link_window.as_secs_f64();
            flags.ivr_scene = replay.ivr.ivr_scene.clone();
            flags.live_scene = replay.ivr.live_scene.clone();
        }
        settings
    }

    /// `stored` with each explicitly given flag laid over it, for this run only.
    pub fn settings_over(&self, mut stored: Settings) -> Settings {
        let (flags, explicit) = (self.flag_settings(), &self.explicit);
        let (recording, given) = (&mut stored.recording, flags.recording);
        explicit.lay("record_root", &mut recording.root, given.root);
        explicit.lay(
            "stop_delay",
            &mut recording.stop_delay_seconds,
            given.stop_delay_seconds,
        );
        let (replay, given) = (&mut stored.replay, flags.replay);
        explicit.lay("mpv", &mut replay.mpv_path, given.mpv_path);
        explicit.lay("mpv_args", &mut replay.mpv_args, given.mpv_args);
        explicit.lay("replay_screen", &mut replay.screen, given.screen);
        explicit.lay(
            "replay_fullscreen",
            &mut replay.fullscreen,
            given.fullscreen,
        );
        explicit.lay("replay_lead", &mut replay.lead_seconds, given.lead_seconds);
        explicit.lay(
            "clip_timeout",
            &mut replay.clip_timeout_seconds,
            given.clip_timeout_seconds,
        );
        explicit.lay(
            "link_window",
            &mut replay.link_window_seconds,
            given.link_window_seconds,
        );
        explicit.lay("ivr_scene", &mut replay.ivr_scene, given.ivr_scene);
        explicit.lay("live_scene", &mut replay.live_scene, given.live_scene);
        stored
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
            self.recorder.root = std::path::absolute(root)
                .with_context(|| format!("--record-root {} cannot be resolved", root.display()))?;
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

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, FromArgMatches};

    use super::*;
    use crate::cli::{Cli, Command};

    fn run_config(args: &[&str]) -> Config {
        let folder = tempfile::tempdir().expect("temporary folder");
        let mut argv = vec![
            "vta",
            "run",
            "--data-dir",
            folder.path().to_str().expect("utf-8"),
        ];
        argv.extend_from_slice(args);
        let matches = Cli::command().get_matches_from(argv);
        let Command::Run(run) = Cli::from_arg_matches(&matches).expect("parses").command else {
            panic!("not run")
        };
        Config::from_args(&run.pipeline)
            .and_then(|config| config.with_recorder(&run.recorder))
            .and_then(|config| config.with_replay(&run.replay))
            .expect("config")
            .with_explicit(ExplicitFlags::of_subcommand(&matches))
    }

    #[test]
    fn explicit_flags_win_over_stored_settings_and_defaults_do_not() {
        let config = run_config(&[
            "--replay-lead",
            "4",
            "--ivr-scene",
            "REPLAY_CAM",
            "--stop-delay",
            "30",
        ]);
        let mut stored = Settings::defaults("/stored/root");
        stored.replay.lead_seconds = 7.0;
        stored.replay.live_scene = "COURT".into();
        stored.replay.clip_timeout_seconds = 9.0;
        stored.recording.stop_delay_seconds = 12.0;
        let effective = config.settings_over(stored);
        assert_eq!(effective.replay.lead_seconds, 4.0, "explicit flag");
        assert_eq!(effective.replay.ivr_scene, "REPLAY_CAM", "explicit flag");
        assert_eq!(
            effective.recording.stop_delay_seconds, 30.0,
            "explicit, even at its default value"
        );
        assert_eq!(
            effective.replay.live_scene, "COURT",
            "stored; the flag was left at its default"
        );
        assert_eq!(effective.replay.clip_timeout_seconds, 9.0, "stored");
        assert_eq!(
            effective.recording.root,
            Path::new("/stored/root"),
            "stored"
        );
    }

    #[test]
    fn a_relative_record_root_becomes_an_absolute_setting() {
        let config = run_config(&["--record-root", "videos"]);
        let root = config.flag_settings().recording.root;
        assert!(
            root.is_absolute() && root.ends_with("videos"),
            "{}",
            root.display()
        );
        assert_eq!(config.flag_settings().check(), Ok(()));
    }

    #[test]
    fn without_stored_settings_the_flags_with_their_defaults_are_the_settings() {
        let config = run_config(&["--mpv-arg=--vo=null", "--replay-screen", "1"]);
        let settings = config.flag_settings();
        assert_eq!(settings.replay.mpv_args, ["--vo=null"]);
        assert_eq!(settings.replay.screen, Some(1));
        assert_eq!(settings.replay.lead_seconds, 10.0);
        assert!(settings.recording.root.ends_with("recordings"));
        assert_eq!(settings.check(), Ok(()));
    }
}
