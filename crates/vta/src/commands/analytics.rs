//! `vta analytics athlete|match|day|tournament`: the organiser's analytics (crate
//! `analytics`) from a shell: a short summary, the whole view as JSON, or one table as CSV.

use analytics::tables::{self, Table};
use analytics::Analytics;
use anyhow::{bail, Context, Result};
use serde::Serialize;

use crate::cli::{AnalyticsCommand, AnalyticsOutput};
use crate::config::existing_database;

/// Runs one `vta analytics` subcommand.
pub fn run(command: AnalyticsCommand) -> Result<()> {
    match command {
        AnalyticsCommand::Athlete { athlete, output } => {
            let analytics = open(&output)?;
            let view = analytics.athlete_view(athlete)?;
            let summary = format!(
                "{} ({}): {} match(es), {} win(s), {} loss(es); scored {}, conceded {}",
                view.name,
                view.ioc,
                view.record.matches,
                view.record.wins,
                view.record.losses,
                view.record.score_for,
                view.record.score_against
            );
            print(&output, &view, tables::athlete_tables(&view), &summary)
        }
        AnalyticsCommand::Match { match_id, output } => {
            let analytics = open(&output)?;
            let view = analytics.match_view(match_id)?;
            let summary = format!(
                "match {} ({}): {}–{}, gam-jeom {}–{}, {} challenge(s), {} lead change(s)",
                view.match_id,
                view.number.as_deref().unwrap_or("no number"),
                view.score.blue,
                view.score.red,
                view.gamjeom.blue,
                view.gamjeom.red,
                view.challenges.all.requested,
                view.lead_changes
            );
            print(&output, &view, tables::match_tables(&view), &summary)
        }
        AnalyticsCommand::Day { day, output } => {
            let analytics = open(&output)?;
            let view = analytics.day_view(day)?;
            let summary = format!(
                "{} ({}): {} match(es), {} finished, {} challenge(s)",
                view.name,
                view.date,
                view.summary.durations.matches,
                view.summary.durations.finished,
                view.summary.challenges.all.requested
            );
            print(&output, &view, tables::day_tables(&view), &summary)
        }
        AnalyticsCommand::Tournament { tournament, output } => {
            let database = existing_database(output.data.data_dir.clone())?;
            let id = organiser::Organiser::open(&database)?
                .find_tournament(&tournament)?
                .id;
            let view = Analytics::open(&database)?.tournament_view(id)?;
            let summary = format!(
                "{}: {} match(es), {} finished, {} challenge(s)",
                view.name,
                view.summary.durations.matches,
                view.summary.durations.finished,
                view.summary.challenges.all.requested
            );
            print(&output, &view, tables::tournament_tables(&view), &summary)
        }
    }
}

fn open(output: &AnalyticsOutput) -> Result<Analytics> {
    let database = existing_database(output.data.data_dir.clone())?;
    Analytics::open(&database).context("cannot open the database for analytics")
}

/// The view as `output` asks: JSON, one table as CSV, or the summary line and the tables'
/// names.
fn print<T: Serialize>(
    output: &AnalyticsOutput,
    view: &T,
    tables: Vec<Table>,
    summary: &str,
) -> Result<()> {
    if output.json {
        println!("{}", serde_json::to_string_pretty(view)?);
        return Ok(());
    }
    let names: Vec<&str> = tables.iter().map(|table| table.name).collect();
    if let Some(wanted) = &output.csv {
        let Some(table) = tables.iter().find(|table| table.name == wanted) else {
            bail!("no table {wanted:?}; this view has {}", names.join(", "));
        };
        print!("{}", table.csv());
        return Ok(());
    }
    println!("{summary}");
    println!("tables (--csv NAME): {}", names.join(", "));
    Ok(())
}
