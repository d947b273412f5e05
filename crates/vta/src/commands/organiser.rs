//! `vta tournaments ...` and `vta days ...`: the organiser's records (crate `organiser`) from a
//! shell, on the database in the data folder. A running `vta` files its next match where the
//! last change said.

use anyhow::{Context, Result};
use organiser::{Day, Organiser, Tournament, TournamentFields};
use serde_json::Value;

use crate::cli::{DaysCommand, OrganiserArgs, TournamentFieldArgs, TournamentsCommand};
use crate::config::{prepare_data_dir, DATABASE_FILE};

/// The records of the data folder's database (migrated first), and its audit trail.
fn open(options: &OrganiserArgs) -> Result<(Organiser, auth::AuditTrail)> {
    let data_dir = prepare_data_dir(options.data.data_dir.clone(), "")?;
    let database = data_dir.join(DATABASE_FILE);
    store::Store::open(store::StoreConfig::new(&database))?
        .close()
        .context("store close failed")?;
    Ok((
        Organiser::open(&database)?,
        auth::AuditTrail::open(&database)?,
    ))
}

fn fields(name: String, args: TournamentFieldArgs) -> TournamentFields {
    TournamentFields {
        name,
        venue: args.venue,
        starts_on: args.starts_on,
        ends_on: args.ends_on,
    }
}

/// Runs one `vta tournaments` subcommand.
pub fn tournaments(command: TournamentsCommand) -> Result<()> {
    match command {
        TournamentsCommand::List { options } => {
            let (organiser, _) = open(&options)?;
            let list = organiser.tournaments()?;
            if options.json {
                print_json(list.iter().map(server::dto::tournament).collect());
            } else if list.is_empty() {
                println!("no tournaments (the first match names one after --tournament)");
            } else {
                list.iter()
                    .for_each(|t| println!("{}", describe_tournament(t)));
            }
        }
        TournamentsCommand::Create {
            name,
            fields: args,
            options,
        } => {
            let (organiser, trail) = open(&options)?;
            let created = organiser.create_tournament(&fields(name, args))?;
            super::auth::audit_cli(&trail, "tournament_created", Some(&created.name))?;
            show_tournament(&options, &created);
        }
        TournamentsCommand::Rename {
            tournament,
            name,
            fields: args,
            options,
        } => {
            let (organiser, trail) = open(&options)?;
            let found = organiser.find_tournament(&tournament)?;
            let mut fields = fields(name, args);
            fields.venue = fields.venue.or(found.venue);
            fields.starts_on = fields.starts_on.or(found.starts_on);
            fields.ends_on = fields.ends_on.or(found.ends_on);
            let changed = organiser.update_tournament(found.id, &fields)?;
            super::auth::audit_cli(&trail, "tournament_changed", Some(&changed.name))?;
            show_tournament(&options, &changed);
        }
        TournamentsCommand::Activate {
            tournament,
            options,
        } => {
            let (mut organiser, trail) = open(&options)?;
            let id = organiser.find_tournament(&tournament)?.id;
            let active = organiser.activate_tournament(id)?;
            super::auth::audit_cli(&trail, "tournament_activated", Some(&active.name))?;
            show_tournament(&options, &active);
        }
    }
    Ok(())
}

/// Runs one `vta days` subcommand.
pub fn days(command: DaysCommand) -> Result<()> {
    match command {
        DaysCommand::List {
            tournament,
            options,
        } => {
            let (organiser, _) = open(&options)?;
            let tournament = chosen_tournament(&organiser, tournament.as_deref())?;
            let days = organiser.days(tournament.id)?;
            if options.json {
                print_json(days.iter().map(server::dto::day).collect());
            } else if days.is_empty() {
                println!("{}: no days yet", tournament.name);
            } else {
                days.iter()
                    .for_each(|day| println!("{}", describe_day(day)));
            }
        }
        DaysCommand::Create {
            name,
            date,
            tournament,
            options,
        } => {
            let (organiser, trail) = open(&options)?;
            let tournament = chosen_tournament(&organiser, tournament.as_deref())?;
            let day = organiser.create_day(tournament.id, &name, date.as_deref())?;
            super::auth::audit_cli(&trail, "day_created", Some(&day.name))?;
            show_day(&options, &day);
        }
        DaysCommand::Rename { day, name, options } => {
            let (organiser, trail) = open(&options)?;
            let day = organiser.rename_day(day, &name)?;
            super::auth::audit_cli(&trail, "day_renamed", Some(&day.name))?;
            show_day(&options, &day);
        }
        DaysCommand::Activate { day, options } => {
            let (mut organiser, trail) = open(&options)?;
            let day = organiser.activate_day(day)?;
            super::auth::audit_cli(&trail, "day_activated", Some(&day.name))?;
            show_day(&options, &day);
        }
        DaysCommand::Close { day, options } => {
            let (organiser, trail) = open(&options)?;
            let day = organiser.close_day(day)?;
            super::auth::audit_cli(&trail, "day_closed", Some(&day.name))?;
            show_day(&options, &day);
        }
        DaysCommand::Delete { day, options } => {
            let (organiser, trail) = open(&options)?;
            let name = organiser.day(day)?.name;
            organiser.delete_day(day)?;
            super::auth::audit_cli(&trail, "day_deleted", Some(&name))?;
            if options.json {
                print_json(vec![]);
            } else {
                println!("day {name:?} deleted");
            }
        }
    }
    Ok(())
}

/// The tournament named by `key`, or the active one.
fn chosen_tournament(organiser: &Organiser, key: Option<&str>) -> Result<Tournament> {
    match key {
        Some(key) => Ok(organiser.find_tournament(key)?),
        None => organiser
            .tournaments()?
            .into_iter()
            .find(|tournament| tournament.active)
            .context("no tournament is active: give one with --tournament"),
    }
}

fn show_tournament(options: &OrganiserArgs, tournament: &Tournament) {
    if options.json {
        println!("{}", server::dto::tournament(tournament));
    } else {
        println!("{}", describe_tournament(tournament));
    }
}

fn show_day(options: &OrganiserArgs, day: &Day) {
    if options.json {
        println!("{}", server::dto::day(day));
    } else {
        println!("{}", describe_day(day));
    }
}

fn print_json(list: Vec<Value>) {
    println!(
        "{}",
        serde_json::to_string_pretty(&Value::from(list)).unwrap_or_default()
    );
}

fn describe_tournament(tournament: &Tournament) -> String {
    let dates = match (&tournament.starts_on, &tournament.ends_on) {
        (Some(starts), Some(ends)) => format!(" {starts}..{ends}"),
        (Some(starts), None) => format!(" from {starts}"),
        _ => String::new(),
    };
    format!(
        "{:>4}  {}{}{}{}  {} day(s), {} match(es)",
        tournament.id,
        tournament.name,
        tournament
            .venue
            .as_deref()
            .map(|venue| format!(", {venue}"))
            .unwrap_or_default(),
        dates,
        if tournament.active { "  [active]" } else { "" },
        tournament.days,
        tournament.matches
    )
}

fn describe_day(day: &Day) -> String {
    let state = match (day.active, day.closed_at_us.is_some()) {
        (true, _) => "  [active]",
        (false, true) => "  [closed]",
        _ => "",
    };
    format!(
        "{:>4}  {}  {}{}  {} match(es)",
        day.id, day.date, day.name, state, day.matches
    )
}
