//! `vta obs ...`: the stored OBS connections from a shell, and a few direct OBS actions.
//!
//! These act on OBS directly with the stored connection (no running `vta` is needed): each
//! command opens its own session and closes it. Passwords are read from standard input or an
//! environment variable, never from a command-line value (which `ps` would show), and are
//! stored sealed under the data key (crate `vault`).

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use app::obs_manager::{protocol_text, role_text, ObsConnectionSpec};
use obs::{ConnectOptions, Event, ObsControl, OutputState, Password, Protocol, Role, Session};
use store::{Store, StoreConfig};
use vault::SecretKey;

use crate::cli::{ObsArgs, ObsCommand, ProtocolArg, RecordAction, ReplayAction, RoleArg};
use crate::config::{prepare_data_dir, DATABASE_FILE};

/// How long `list` waits for each OBS.
const LIST_TIMEOUT: Duration = Duration::from_secs(2);
/// How long an action waits for OBS to confirm it with an event.
const EVENT_TIMEOUT: Duration = Duration::from_secs(15);
/// Requests `test` times.
const ROUND_TRIPS: usize = 50;

/// Runs one `vta obs` subcommand against the store in the data folder.
pub async fn run(args: ObsArgs) -> Result<()> {
    let data_dir = prepare_data_dir(args.data_dir.clone(), "")?;
    let store = Store::open(StoreConfig::new(data_dir.join(DATABASE_FILE)))?;
    let secret = super::secrets::data_key(store.path(), &data_dir)?;
    let change = match &args.command {
        ObsCommand::Add { name, .. } => Some(("obs_connection_added", name.clone())),
        ObsCommand::Remove { name } => Some(("obs_connection_removed", name.clone())),
        _ => None,
    };
    let outcome = command(args.command, &store, &secret).await;
    if let (Ok(()), Some((action, name))) = (&outcome, change) {
        let trail = auth::AuditTrail::open(store.path())?;
        super::auth::audit_cli(&trail, action, Some(&name))?;
    }
    tokio::task::spawn_blocking(move || store.close())
        .await
        .context("store close task failed")?
        .context("store close failed")?;
    outcome
}

async fn command(command: ObsCommand, store: &Store, secret: &SecretKey) -> Result<()> {
    match command {
        ObsCommand::List => list(store, secret).await,
        ObsCommand::Add {
            name,
            host,
            port,
            password_stdin,
            password_env,
            role,
            protocol,
            disabled,
        } => {
            let password = read_password(password_stdin, password_env.as_deref())?;
            let spec = ObsConnectionSpec {
                name,
                host,
                port,
                password,
                protocol: match protocol {
                    ProtocolArg::Auto => Protocol::Auto,
                    ProtocolArg::V5 => Protocol::V5,
                    ProtocolArg::V4 => Protocol::V4,
                },
                role: match role {
                    RoleArg::Rec => Role::Rec,
                    RoleArg::Str => Role::Str,
                    RoleArg::Both => Role::Both,
                },
                enabled: !disabled,
            };
            add(store, secret, spec).await
        }
        ObsCommand::Remove { name } => {
            if !store.handle().delete_obs_connection(&name).await? {
                anyhow::bail!("no obs connection named {name:?}");
            }
            println!("removed {name}");
            Ok(())
        }
        ObsCommand::Test { name } => test(&stored_spec(store, secret, &name)?).await,
        ObsCommand::Record { action, name } => {
            let session = open(&stored_spec(store, secret, &name)?).await?;
            let outcome = record(&session, action).await;
            session.disconnect().await;
            outcome
        }
        ObsCommand::Replay {
            action: ReplayAction::Save,
            name,
        } => {
            let session = open(&stored_spec(store, secret, &name)?).await?;
            let outcome = save_replay(&session).await;
            session.disconnect().await;
            outcome
        }
        ObsCommand::Scene { name, scene } => {
            let session = open(&stored_spec(store, secret, &name)?).await?;
            let outcome = session
                .set_program_scene(&scene)
                .await
                .with_context(|| format!("cannot put scene {scene:?} on air"));
            session.disconnect().await;
            outcome?;
            println!("{name}: scene {scene} on air");
            Ok(())
        }
    }
}

/// Prints every stored connection and, for the enabled ones, what OBS answers.
async fn list(store: &Store, secret: &SecretKey) -> Result<()> {
    let rows = store.reader()?.obs_connections()?;
    if rows.is_empty() {
        println!("no obs connections (add one: vta obs add NAME --host H --port P --role rec)");
        return Ok(());
    }
    let probes = rows.into_iter().map(|row| async move {
        let name = row.name.clone();
        let spec = ObsConnectionSpec::from_row(row, secret);
        let status = match &spec {
            Err(err) => format!("unreadable: {err}"),
            Ok(spec) if !spec.enabled => "disabled".to_owned(),
            Ok(spec) => probe(spec).await,
        };
        (name, spec, status)
    });
    for (name, spec, status) in futures_util::future::join_all(probes).await {
        match spec {
            Ok(spec) => println!(
                "{name:<12} {}:{:<6} role {:<4} protocol {:<4} password {:<3} {status}",
                spec.host,
                spec.port,
                role_text(spec.role),
                protocol_text(spec.protocol),
                if spec.password.is_some() { "yes" } else { "no" },
            ),
            Err(_) => println!("{name:<12} {status}"),
        }
    }
    Ok(())
}

/// `connected (OBS x, websocket y)` or why not, within [`LIST_TIMEOUT`].
async fn probe(spec: &ObsConnectionSpec) -> String {
    let mut options = connect_options(spec);
    options.handshake_timeout = LIST_TIMEOUT;
    options.request_timeout = LIST_TIMEOUT;
    match obs::connect(options).await {
        Ok(session) => {
            let text = format!("connected ({})", version_text(&session));
            session.disconnect().await;
            text
        }
        Err(err) => format!("not reachable: {err}"),
    }
}

async fn add(store: &Store, secret: &SecretKey, spec: ObsConnectionSpec) -> Result<()> {
    spec.validate()?;
    if store.reader()?.obs_connection(&spec.name)?.is_some() {
        anyhow::bail!(
            "obs connection {:?} already exists (vta obs remove {} first)",
            spec.name,
            spec.name
        );
    }
    let row = spec.to_row(secret)?;
    store.handle().save_obs_connection(row).await?;
    println!(
        "added {} ({}:{}, role {}, password {})",
        spec.name,
        spec.host,
        spec.port,
        role_text(spec.role),
        if spec.password.is_some() {
            "stored sealed"
        } else {
            "none"
        }
    );
    Ok(())
}

/// Connects, prints the versions, and times [`ROUND_TRIPS`] requests.
async fn test(spec: &ObsConnectionSpec) -> Result<()> {
    let began = Instant::now();
    let session = open(spec).await?;
    let connect_time = began.elapsed();
    println!(
        "{}: {} via {:?}, connected in {connect_time:.1?}",
        spec.name,
        version_text(&session),
        session.protocol()
    );
    let mut round_trips = Vec::with_capacity(ROUND_TRIPS);
    for _ in 0..ROUND_TRIPS {
        let began = Instant::now();
        session
            .heartbeat(Duration::from_secs(5))
            .await
            .context("request failed")?;
        round_trips.push(began.elapsed());
    }
    round_trips.sort();
    println!(
        "request round trip over {ROUND_TRIPS}: p50 {:.2?}, max {:.2?}",
        round_trips[ROUND_TRIPS / 2],
        round_trips[ROUND_TRIPS - 1]
    );
    session.disconnect().await;
    Ok(())
}

async fn record(session: &Session, action: RecordAction) -> Result<()> {
    let mut events = session.events();
    match action {
        RecordAction::Start => {
            session
                .start_record()
                .await
                .context("cannot start recording")?;
            let path = obs::wait_for_event(&mut events, EVENT_TIMEOUT, |event| match event {
                Event::RecordStateChanged {
                    output_state: OutputState::Started,
                    output_path,
                    ..
                } => Some(output_path.clone()),
                _ => None,
            })
            .await
            .context("OBS did not say that recording started")?;
            println!("recording to {}", path_text(path.as_deref()));
        }
        RecordAction::Stop => {
            let path = match session
                .stop_record()
                .await
                .context("cannot stop recording")?
            {
                Some(path) => Some(path),
                None => obs::wait_for_event(&mut events, EVENT_TIMEOUT, |event| match event {
                    Event::RecordStateChanged {
                        output_state: OutputState::Stopped,
                        output_path,
                        ..
                    } => Some(output_path.clone()),
                    _ => None,
                })
                .await
                .flatten(),
            };
            println!("recording stopped: {}", path_text(path.as_deref()));
        }
    }
    Ok(())
}

async fn save_replay(session: &Session) -> Result<()> {
    let mut events = session.events();
    session
        .save_replay_buffer()
        .await
        .context("cannot save the replay buffer (is it running?)")?;
    let path = obs::wait_for_event(&mut events, EVENT_TIMEOUT, |event| match event {
        Event::ReplayBufferSaved { saved_replay_path } => Some(saved_replay_path.clone()),
        _ => None,
    })
    .await
    .context("OBS did not say where the replay went")?;
    println!("replay saved: {}", path.display());
    Ok(())
}

/// The stored connection named `name`, password unsealed.
fn stored_spec(store: &Store, secret: &SecretKey, name: &str) -> Result<ObsConnectionSpec> {
    let row = store
        .reader()?
        .obs_connection(name)?
        .with_context(|| format!("no obs connection named {name:?} (see vta obs list)"))?;
    Ok(ObsConnectionSpec::from_row(row, secret)?)
}

fn connect_options(spec: &ObsConnectionSpec) -> ConnectOptions {
    let mut options = ConnectOptions::new(spec.host.clone(), spec.port);
    options.password = spec.password.clone();
    options.protocol = spec.protocol;
    options
}

async fn open(spec: &ObsConnectionSpec) -> Result<Session> {
    obs::connect(connect_options(spec))
        .await
        .with_context(|| format!("obs connection {} ({}:{})", spec.name, spec.host, spec.port))
}

fn version_text(session: &Session) -> String {
    match session {
        Session::V5(client) => client.version().map_or_else(
            || "version unknown".to_owned(),
            |version| {
                format!(
                    "OBS {}, obs-websocket {}",
                    version.obs_version.as_deref().unwrap_or("?"),
                    version.obs_web_socket_version.as_deref().unwrap_or("?")
                )
            },
        ),
        Session::V4(client) => format!("obs-websocket {}", client.version().unwrap_or("4.x")),
    }
}

fn path_text(path: Option<&Path>) -> String {
    path.map_or_else(
        || "(OBS gave no path)".to_owned(),
        |path| path.display().to_string(),
    )
}

/// The password from standard input (first line) or an environment variable, if asked for.
fn read_password(from_stdin: bool, from_env: Option<&str>) -> Result<Option<Password>> {
    Ok(super::read_secret(from_stdin, from_env)?.map(Password::new))
}
