//! The command line, as clap reads it. Values are checked and turned into a
//! [`crate::config::Config`] in one place, `config.rs`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

/// reStrike VTA: keeps a taekwondo court's PSS feed, drives OBS and instant video replay.
#[derive(Debug, Parser)]
#[command(name = "vta", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Listen to the PSS feed, keep the match state and store every datagram.
    Run(RunArgs),
    /// `run` fed by the built-in simulator over real UDP: a full championship match.
    Demo(DemoArgs),
    /// A tkStrike stand-in that sends WT_UDP datagrams to a listener.
    Sim(SimArgs),
    /// List the stored matches.
    Matches(MatchesArgs),
    /// List the stored events.
    Events(EventsArgs),
    /// Measure the program on this machine.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Manage and drive the stored OBS connections (no running vta needed).
    Obs(ObsArgs),
    /// The operator's REPLAY: the last seconds from the stored REC OBS on the review screen and
    /// the replay scene on the stream, until Enter (for a machine without `vta run`).
    Replay(ReplayCommandArgs),
    /// This machine's licence: its code for the vendor, install a licence file, the status.
    Licence(LicenceArgs),
    /// Who may use the UI and API off loopback: the operator password and device tokens.
    Auth(AuthArgs),
    /// The audit trail: every configuration change and sign-in, newest first.
    Audit(AuditArgs),
    /// The data key that seals every stored secret: its status, rotation, its protection.
    Secrets(SecretsArgs),
    /// Configuration backup and restore: settings, OBS connections, the protocol schema.
    Config(ConfigArgs),
    /// The tournaments: list, create, rename, choose the active one.
    #[command(subcommand)]
    Tournaments(TournamentsCommand),
    /// The days of a tournament: list, create, rename, choose the active one, close, delete.
    #[command(subcommand)]
    Days(DaysCommand),
    /// The organiser's analytics of an athlete, a match, a day or a tournament.
    #[command(subcommand)]
    Analytics(AnalyticsCommand),
}

/// How `vta analytics` prints a view.
#[derive(Debug, Args, Clone)]
pub struct AnalyticsOutput {
    #[command(flatten)]
    pub data: DataArgs,
    /// Print the view as JSON (the shape of `/api/analytics/...`).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print one table of the view as CSV (`--csv points`; a wrong name lists them).
    #[arg(long, value_name = "TABLE")]
    pub csv: Option<String>,
}

/// The `vta analytics` subcommands.
#[derive(Debug, Subcommand)]
pub enum AnalyticsCommand {
    /// One athlete (their id: `GET /api/athletes`).
    Athlete {
        /// The athlete's id.
        #[arg(long)]
        athlete: i64,
        #[command(flatten)]
        output: AnalyticsOutput,
    },
    /// One match (its id: `vta matches`).
    Match {
        /// The match's id.
        #[arg(long = "match")]
        match_id: i64,
        #[command(flatten)]
        output: AnalyticsOutput,
    },
    /// One tournament day (its id: `vta days list`).
    Day {
        /// The day's id.
        #[arg(long)]
        day: i64,
        #[command(flatten)]
        output: AnalyticsOutput,
    },
    /// One tournament (its id or name: `vta tournaments list`).
    Tournament {
        /// The tournament's id or name.
        #[arg(long, value_name = "ID|NAME")]
        tournament: String,
        #[command(flatten)]
        output: AnalyticsOutput,
    },
}

/// `vta matches`.
#[derive(Debug, Args)]
pub struct MatchesArgs {
    #[command(flatten)]
    pub query: QueryArgs,
    /// Only this tournament's matches (its id or name).
    #[arg(long, value_name = "ID|NAME")]
    pub tournament: Option<String>,
    /// Only this day's matches (its id).
    #[arg(long, value_name = "ID")]
    pub day: Option<i64>,
}

/// Options of every `vta tournaments` and `vta days` subcommand.
#[derive(Debug, Args, Clone)]
pub struct OrganiserArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Print JSON (the shapes of `/api/tournaments` and `/api/days`).
    #[arg(long)]
    pub json: bool,
}

/// A tournament's venue and dates, where a command sets them.
#[derive(Debug, Args, Clone)]
pub struct TournamentFieldArgs {
    /// Where it is held.
    #[arg(long)]
    pub venue: Option<String>,
    /// Its first day, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub starts_on: Option<String>,
    /// Its last day, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub ends_on: Option<String>,
}

/// The `vta tournaments` subcommands.
#[derive(Debug, Subcommand)]
pub enum TournamentsCommand {
    /// Every tournament, newest first.
    List {
        #[command(flatten)]
        options: OrganiserArgs,
    },
    /// A new tournament (`activate` makes new matches go to it).
    Create {
        /// Its name (no path characters: it names the recordings' folder).
        name: String,
        #[command(flatten)]
        fields: TournamentFieldArgs,
        #[command(flatten)]
        options: OrganiserArgs,
    },
    /// Rename a tournament, and set its venue and dates when given.
    Rename {
        /// The tournament's id or name.
        tournament: String,
        /// Its new name.
        name: String,
        #[command(flatten)]
        fields: TournamentFieldArgs,
        #[command(flatten)]
        options: OrganiserArgs,
    },
    /// Make new matches go to this tournament.
    Activate {
        /// The tournament's id or name.
        tournament: String,
        #[command(flatten)]
        options: OrganiserArgs,
    },
}

/// The `vta days` subcommands.
#[derive(Debug, Subcommand)]
pub enum DaysCommand {
    /// The days of a tournament (the active one unless given).
    List {
        /// The tournament's id or name.
        #[arg(long, value_name = "ID|NAME")]
        tournament: Option<String>,
        #[command(flatten)]
        options: OrganiserArgs,
    },
    /// A new day (`activate` makes new matches go to it).
    Create {
        /// Its name, e.g. "Day 2 – Finals".
        name: String,
        /// Its date, YYYY-MM-DD (default: today).
        #[arg(long)]
        date: Option<String>,
        /// The tournament's id or name (default: the active one).
        #[arg(long, value_name = "ID|NAME")]
        tournament: Option<String>,
        #[command(flatten)]
        options: OrganiserArgs,
    },
    /// Rename a day.
    Rename {
        /// The day's id.
        day: i64,
        /// Its new name.
        name: String,
        #[command(flatten)]
        options: OrganiserArgs,
    },
    /// Make new matches go to this day (and its tournament), past midnight too.
    Activate {
        /// The day's id.
        day: i64,
        #[command(flatten)]
        options: OrganiserArgs,
    },
    /// Close a day: no match goes to it any more.
    Close {
        /// The day's id.
        day: i64,
        #[command(flatten)]
        options: OrganiserArgs,
    },
    /// Delete a day that has no match, recording or clip.
    Delete {
        /// The day's id.
        day: i64,
        #[command(flatten)]
        options: OrganiserArgs,
    },
}

/// `vta config ...`.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Folder for the database (default: the user's data folder, `restrike-vta`).
    #[arg(long, env = "VTA_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: ConfigCommand,
}

/// The `vta config` subcommands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Write the configuration to a backup file, its secrets sealed under a passphrase.
    Export {
        /// The backup file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Read the backup's passphrase (8 characters or more) from this environment variable.
        #[arg(long, value_name = "VAR")]
        passphrase_env: String,
    },
    /// Replace the configuration with a backup's, all or nothing (stop `vta run` first, or
    /// import from the UI); the database is copied to `backups/` before.
    Import {
        /// The backup file.
        file: PathBuf,
        /// Read the backup's passphrase from this environment variable.
        #[arg(long, value_name = "VAR")]
        passphrase_env: String,
    },
}

/// `vta secrets ...`.
#[derive(Debug, Args)]
pub struct SecretsArgs {
    /// Folder for the database (default: the user's data folder, `restrike-vta`).
    #[arg(long, env = "VTA_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: SecretsCommand,
}

/// The `vta secrets` subcommands. Those that change the key need the data folder to
/// themselves: stop `vta run` first.
#[derive(Debug, Subcommand)]
pub enum SecretsCommand {
    /// What protects the data key, and how many secrets it seals.
    Status {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Make a new data key and re-seal every secret under it, in one transaction.
    Rotate,
    /// Protect the data key another way (the secrets stay as they are).
    Protect {
        /// The new protection.
        #[arg(long = "with", value_enum)]
        protection: ProtectionArg,
        /// With `--with passphrase`: read the new passphrase from this environment variable.
        #[arg(long, value_name = "VAR")]
        passphrase_env: Option<String>,
    },
}

/// What protects the data key.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ProtectionArg {
    /// A 0600 key file in the data folder (the default on Linux).
    KeyFile,
    /// A passphrase given in VTA_SECRETS_PASSPHRASE at every start.
    Passphrase,
    /// The Windows user's DPAPI (the default on Windows).
    Dpapi,
}

/// `vta audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// How many entries, newest first.
    #[arg(long, default_value_t = 200)]
    pub limit: usize,
    /// Print JSON (the shape of `GET /api/audit`).
    #[arg(long)]
    pub json: bool,
}

/// `vta auth ...`.
#[derive(Debug, Args)]
pub struct AuthArgs {
    /// Folder for the database (default: the user's data folder, `restrike-vta`).
    #[arg(long, env = "VTA_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: AuthCommand,
}

/// The `vta auth` subcommands.
#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Set or replace the operator password (read from standard input or an environment
    /// variable, never from the command line); every browser session ends.
    SetPassword {
        /// Read the password from the first line of standard input.
        #[arg(long, conflicts_with = "password_env")]
        password_stdin: bool,
        /// Read the password from this environment variable.
        #[arg(long, value_name = "VAR")]
        password_env: Option<String>,
    },
    /// Device tokens: create (its value is printed once), revoke, list.
    #[command(subcommand)]
    Token(TokenCommand),
}

/// The `vta auth token` subcommands.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print its value (shown this once; only its digest is kept).
    Create {
        /// What it may do.
        #[arg(long, value_enum)]
        role: TokenRoleArg,
        /// Its name (`obs-overlay-court-1`), used to revoke it and in the audit trail.
        #[arg(long)]
        name: String,
    },
    /// Revoke a token by name; the server refuses it from its next request on.
    Revoke {
        /// The token's name.
        name: String,
    },
    /// List the tokens (names and roles, never values).
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// A device token's role.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum TokenRoleArg {
    /// Everything the operator can do.
    Operator,
    /// Reads state, feed and overlays.
    Viewer,
}

/// Options every command that opens the store shares.
#[derive(Debug, Args, Clone)]
pub struct DataArgs {
    /// Folder for the database and logs (default: the user's data folder, `restrike-vta`).
    #[arg(long, env = "VTA_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
}

/// Options of the running pipeline.
#[derive(Debug, Args, Clone)]
pub struct PipelineArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// UDP address to listen on for the PSS feed.
    #[arg(long, default_value = "0.0.0.0:6000", env = "VTA_BIND")]
    pub bind: SocketAddr,
    /// This court's scoring PC: `auto` follows the first source that loads a fight;
    /// `IP` or `IP:PORT` follows that one (matched by IP, by port only when given). The
    /// others' datagrams are stored, never folded into the live match. Kept for later runs,
    /// as choosing it in the UI is (default: the stored choice, else auto).
    #[arg(long, env = "VTA_PSS_SOURCE", value_name = "auto|IP[:PORT]")]
    pub pss_source: Option<String>,
    /// HTTP address of the API, the event WebSocket and the operator UI.
    #[arg(long, default_value = "127.0.0.1:8080", env = "VTA_LISTEN")]
    pub listen: SocketAddr,
    /// The HTTP listener is reached through a reverse proxy on this machine that terminates
    /// TLS: every request needs a credential although `--listen` is loopback.
    #[arg(long, env = "VTA_BEHIND_PROXY")]
    pub behind_proxy: bool,
    /// A protocol schema file replacing the built-in WT_UDP v2.3 schema.
    #[arg(long, env = "VTA_PROTOCOL")]
    pub protocol: Option<PathBuf>,
    /// Store: commit after this many datagrams at most.
    #[arg(long, default_value_t = 1024)]
    pub batch_max: usize,
    /// Store: commit at the latest this many milliseconds after the first queued datagram.
    #[arg(long, default_value_t = 1)]
    pub batch_ms: u64,
    /// Tournament name for the tournament/day records.
    #[arg(long, default_value = "Tournament", env = "VTA_TOURNAMENT")]
    pub tournament: String,
    /// Log filter (tracing EnvFilter syntax), e.g. `info` or `app=debug`.
    #[arg(long, default_value = "info", env = "VTA_LOG")]
    pub log: String,
}

/// Options of the recorder.
#[derive(Debug, Args, Clone)]
pub struct RecorderArgs {
    /// Folder recordings go to, as `<DIR>/<tournament>/<day>` (default: `<data-dir>/recordings`).
    #[arg(long, env = "VTA_RECORD_ROOT")]
    pub record_root: Option<PathBuf>,
    /// Seconds between the winner and the end of the match's recording.
    #[arg(long, default_value_t = 30.0)]
    pub stop_delay: f64,
}

/// Options of instant video replay (the review screen and the scenes).
#[derive(Debug, Args, Clone)]
pub struct ReplayArgs {
    /// Run without instant video replay (no mpv, no scene switches on a challenge).
    #[arg(long)]
    pub no_replay: bool,
    /// The mpv program of the review screen.
    #[arg(long, default_value = "mpv", env = "VTA_MPV")]
    pub mpv: PathBuf,
    /// An extra mpv argument (repeat for more), e.g. `--mpv-arg=--vo=gpu`.
    #[arg(long = "mpv-arg", allow_hyphen_values = true)]
    pub mpv_args: Vec<String>,
    /// The monitor (from 0) of the review screen.
    #[arg(long)]
    pub replay_screen: Option<u32>,
    /// Show the review screen fullscreen.
    #[arg(long)]
    pub replay_fullscreen: bool,
    /// Seconds of video shown before the request.
    #[arg(long, default_value_t = 10.0)]
    pub replay_lead: f64,
    /// Seconds to wait for OBS's clip before the operator is told it failed.
    #[arg(long, default_value_t = 5.0)]
    pub clip_timeout: f64,
    /// Seconds before a request whose events are linked to its clip.
    #[arg(long, default_value_t = 20.0)]
    pub link_window: f64,
    /// The stream's scene while a replay is on screen.
    #[arg(long, default_value = "IVR_SCENE")]
    pub ivr_scene: String,
    /// The stream's scene otherwise.
    #[arg(long, default_value = "LIVE_SCENE")]
    pub live_scene: String,
}

/// `vta replay`.
#[derive(Debug, Args)]
pub struct ReplayCommandArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub replay: ReplayArgs,
    /// Close after this long (e.g. `30s`) instead of waiting for Enter.
    #[arg(long, value_parser = parse_duration)]
    pub show_for: Option<Duration>,
}

/// `vta run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    #[command(flatten)]
    pub recorder: RecorderArgs,
    #[command(flatten)]
    pub replay: ReplayArgs,
}

/// `vta demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Playback speed: 1 is real time; the default plays the match in under 30 s.
    #[arg(long, default_value_t = 30.0)]
    pub speed: f64,
    /// Which scripted match to play.
    #[arg(long, default_value = "championship")]
    pub scenario: sim::ScenarioName,
    /// Stay up after the match until Ctrl-C.
    #[arg(long)]
    pub keep_running: bool,
    /// HTTP address of the API and UI (default: 127.0.0.1:8080, or a free port when taken).
    #[arg(long, env = "VTA_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// Log filter for the demo (the scoreboard is printed regardless).
    #[arg(long, default_value = "warn", env = "VTA_LOG")]
    pub log: String,
    /// Record the demo match on this OBS (`HOST:PORT`, role BOTH, for this run only); no OBS
    /// is used without it.
    #[arg(long, value_name = "HOST:PORT")]
    pub obs: Option<String>,
    /// Environment variable holding the OBS password for `--obs`.
    #[arg(long, value_name = "VAR", requires = "obs")]
    pub obs_password_env: Option<String>,
    #[command(flatten)]
    pub recorder: RecorderArgs,
}

/// `vta licence ...`.
#[derive(Debug, Args)]
pub struct LicenceArgs {
    /// Folder holding `licence.json` (default: the user's data folder, `restrike-vta`).
    #[arg(long, env = "VTA_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: LicenceCommand,
}

/// The `vta licence` subcommands.
#[derive(Debug, Subcommand)]
pub enum LicenceCommand {
    /// Print this machine's code (`VTA-XXXX-XXXX-XXXX-XXXX`) to send to the vendor.
    Fingerprint,
    /// Check a licence file from the vendor and, when it is valid here, install it.
    Install {
        /// The licence file.
        file: PathBuf,
    },
    /// Print the installed licence's status, licensee, expiry and this machine's code.
    Status,
}

/// `vta obs ...`.
#[derive(Debug, Args)]
pub struct ObsArgs {
    /// Folder holding the database and `secret.key` (default: the user's data folder,
    /// `restrike-vta`).
    #[arg(long, env = "VTA_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: ObsCommand,
}

/// The `vta obs` subcommands.
#[derive(Debug, Subcommand)]
pub enum ObsCommand {
    /// List the stored connections and, where OBS answers, its version.
    List,
    /// Store a new connection. The password never goes on the command line (it would show in
    /// `ps`): give it on standard input or in an environment variable.
    Add {
        /// Unique name, e.g. `REC`.
        name: String,
        /// Host name or IP address of OBS.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// obs-websocket port.
        #[arg(long, default_value_t = 4455)]
        port: u16,
        /// Read the password from the first line of standard input.
        #[arg(long, conflicts_with = "password_env")]
        password_stdin: bool,
        /// Read the password from this environment variable.
        #[arg(long, value_name = "VAR")]
        password_env: Option<String>,
        /// What the connection is for.
        #[arg(long, value_enum, default_value_t = RoleArg::Both)]
        role: RoleArg,
        /// Which obs-websocket protocol to speak.
        #[arg(long, value_enum, default_value_t = ProtocolArg::Auto)]
        protocol: ProtocolArg,
        /// Store it without connecting it at start.
        #[arg(long)]
        disabled: bool,
    },
    /// Forget a stored connection.
    Remove {
        /// Its name.
        name: String,
    },
    /// Connect, read the version and measure the request round trip.
    Test {
        /// The connection's name.
        name: String,
    },
    /// Start or stop recording.
    Record {
        /// `start` or `stop`.
        #[arg(value_enum)]
        action: RecordAction,
        /// The connection's name.
        name: String,
    },
    /// Replay buffer actions.
    Replay {
        /// `save`: write the buffer to a file and print its path.
        #[arg(value_enum)]
        action: ReplayAction,
        /// The connection's name.
        name: String,
    },
    /// Put a scene on air.
    Scene {
        /// The connection's name.
        name: String,
        /// The scene, e.g. `IVR_SCENE`.
        scene: String,
    },
}

/// A connection's role as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RoleArg {
    /// Records and keeps the replay buffer.
    Rec,
    /// Streams and switches scenes.
    Str,
    /// Both.
    Both,
}

/// A protocol as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProtocolArg {
    /// v5 if OBS says hello within a second, else v4.
    Auto,
    /// obs-websocket 5.x.
    V5,
    /// obs-websocket 4.x.
    V4,
}

/// `vta obs record` actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RecordAction {
    /// Start recording.
    Start,
    /// Stop recording.
    Stop,
}

/// `vta obs replay` actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReplayAction {
    /// Save the replay buffer.
    Save,
}

/// `vta sim`.
#[derive(Debug, Args)]
pub struct SimArgs {
    /// Where to send, e.g. `127.0.0.1:6000` or a broadcast address.
    #[arg(long, default_value = "127.0.0.1:6000")]
    pub target: SocketAddr,
    /// Send from this local IP (e.g. `127.0.0.3`: another scoring PC on the same machine).
    #[arg(long)]
    pub from: Option<std::net::IpAddr>,
    /// What to send.
    #[command(subcommand)]
    pub mode: SimMode,
}

/// The simulator's modes.
#[derive(Debug, Subcommand)]
pub enum SimMode {
    /// A scripted match at a speed factor.
    Play {
        /// Which match.
        #[arg(long, default_value = "championship")]
        scenario: sim::ScenarioName,
        /// 1 is real time.
        #[arg(long, default_value_t = 1.0)]
        speed: f64,
    },
    /// A random, well-formed feed.
    Random {
        /// How long, in real time before speed-up (e.g. `60s`, `2m`).
        #[arg(long, value_parser = parse_duration, default_value = "60s")]
        duration: Duration,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// 1 is real time.
        #[arg(long, default_value_t = 1.0)]
        speed: f64,
    },
    /// A steady load for benchmarks.
    Load {
        /// Datagrams per second.
        #[arg(long, default_value_t = 1000)]
        rate: u32,
        /// How long (e.g. `10s`).
        #[arg(long, value_parser = parse_duration, default_value = "10s")]
        duration: Duration,
    },
    /// Type commands or wire text at a prompt.
    Interactive,
}

/// `vta matches`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `vta events`.
#[derive(Debug, Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub query: QueryArgs,
    /// Only events of this match.
    #[arg(long = "match")]
    pub match_id: Option<i64>,
    /// Only events of this kind (e.g. `point`, `challenge`).
    #[arg(long)]
    pub kind: Option<String>,
    /// At most this many events, newest first.
    #[arg(long, default_value_t = 200)]
    pub limit: u32,
}

/// `vta bench ...`.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// The organiser's analytics on a generated tournament (4 days × 8 courts, 1,504 matches,
    /// over a million events): how long each view takes, p50 and p95.
    Analytics {
        /// Seed of the generated tournament.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Tournament days.
        #[arg(long, default_value_t = 4)]
        days: u32,
        /// Courts per day.
        #[arg(long, default_value_t = 8)]
        courts: u32,
        /// Matches per court and day.
        #[arg(long, default_value_t = 47)]
        matches_per_court: u32,
        /// Times each view is read.
        #[arg(long, default_value_t = 50)]
        reads: usize,
        /// Where to put the database (default: a temporary folder, removed after).
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// Drive the real UDP path from a second socket and measure throughput, latency to
    /// durable commit, loss and peak memory.
    Ingest {
        /// Datagrams per second.
        #[arg(long, default_value_t = 10_000)]
        rate: u32,
        /// How long to send (e.g. `10s`).
        #[arg(long, value_parser = parse_duration, default_value = "10s")]
        duration: Duration,
        /// Where to put the benchmark database (default: a temporary folder, removed after).
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// Instant video replay against a throw-away headless OBS and a warm mpv: challenges over
    /// UDP, datagram -> ReplayBufferSaved -> mpv's first frame, and wrong or missing clips.
    Ivr {
        /// How many challenges.
        #[arg(long, default_value_t = 20)]
        n: usize,
        /// Video in the replay buffer before the first challenge (e.g. `20s`).
        #[arg(long, value_parser = parse_duration, default_value = "20s")]
        fill: Duration,
        /// The mpv program.
        #[arg(long, default_value = "mpv")]
        mpv: PathBuf,
        /// An mpv argument (repeat for more; default `--vo=null --ao=null`), e.g.
        /// `--mpv-arg=--vo=gpu`.
        #[arg(long = "mpv-arg", allow_hyphen_values = true)]
        mpv_args: Vec<String>,
        /// The obs-headless script (default: `scripts/obs-headless` of the repository).
        #[arg(long)]
        obs_script: Option<PathBuf>,
        /// Keep the bench folder (OBS config and log, clips, database).
        #[arg(long)]
        keep: bool,
        /// Start replays on the exact frame of the lead (the setting `replay.exact_start`)
        /// rather than on the keyframe at or before it.
        #[arg(long)]
        exact_start: bool,
        /// Load replays without raising mpv above other programs (the player's load boost),
        /// for comparison.
        #[arg(long)]
        no_boost: bool,
    },
}

/// Reads `250ms`, `10s`, `2m` or a plain number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, scale) = if let Some(n) = text.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('m') {
        (n, 60.0)
    } else {
        (text, 1.0)
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("not a duration: {text:?}"))?;
    if !(value.is_finite() && value >= 0.0) {
        return Err(format!("not a duration: {text:?}"));
    }
    Ok(Duration::from_secs_f64(value * scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("3"), Ok(Duration::from_secs(3)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("-1s").is_err());
    }

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
