//! The JSON shapes of the API, built by hand from core and store types so that a change inside
//! those crates never changes the wire format by accident. `API.md` documents each shape.

mod media;

pub use media::media_row;

use app::ingest::{CountersSnapshot, Following, ListenerStatus, NetworkInterface};
use match_state::{MatchState, SideState};
use pss::{ClockTime, Rgb, Side};
use serde_json::{json, Value};
use store::{EventRow, MarkRow, MatchRow, MatchSideRow, StoreMetrics};

fn side_name(side: Option<Side>) -> Value {
    side.map_or(Value::Null, |side| Value::from(side.as_str()))
}

fn clock_text(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

fn colour(rgb: Option<Rgb>) -> Value {
    rgb.map_or(Value::Null, |c| {
        Value::from(format!("#{:02X}{:02X}{:02X}", c.r, c.g, c.b))
    })
}

fn time(time: Option<ClockTime>) -> Option<(u32, String)> {
    time.map(|t| (t.seconds, clock_text(t.seconds)))
}

fn live_side(state: &MatchState, side: Side) -> Value {
    let part: &SideState = state.side(side);
    let athlete = part.athlete.as_ref();
    let config = state.config.as_ref();
    let (background, foreground) = match side {
        Side::Blue => (
            config.and_then(|c| c.blue_background),
            config.and_then(|c| c.blue_foreground),
        ),
        Side::Red => (
            config.and_then(|c| c.red_background),
            config.and_then(|c| c.red_foreground),
        ),
    };
    let injury = time(part.injury.time);
    json!({
        "short_name": athlete.map(|a| a.short_name.as_str()),
        "long_name": athlete.map(|a| a.long_name.as_str()),
        "ioc": athlete.map(|a| a.ioc.as_str()),
        "background": colour(background),
        "foreground": colour(foreground),
        "score": part.score,
        "round_scores": part.round_scores,
        "gam_jeom": part.gam_jeom,
        "last_hit_level": part.last_hit_level,
        "injury": injury.map(|(seconds, text)| json!({
            "seconds": seconds, "text": text, "shown": part.injury.shown,
        })),
    })
}

/// The live match as `MatchState` in API.md.
pub fn live_match(match_id: Option<i64>, state: &MatchState) -> Value {
    let config = state.config.as_ref();
    let challenges: Vec<Value> = state
        .challenges
        .iter()
        .enumerate()
        .map(|(index, c)| {
            json!({
                "index": index,
                "side": c.by.as_str(),
                "outcome": c.outcome.as_str(),
                "won": c.won,
                "round": c.round,
                "clock_seconds": c.clock_seconds,
                "requested_at_us": c.requested_at_us,
                "resolved_at_us": c.resolved_at_us,
            })
        })
        .collect();
    let open_challenge = state.challenges.iter().rposition(|c| c.is_open());
    let brk = time(state.break_timer.time);
    json!({
        "match_id": match_id,
        "phase": state.phase.as_str(),
        "number": config.map(|c| c.number.as_str()),
        "phase_name": config.map(|c| c.phase.as_str()),
        "weight_class": config.map(|c| c.weight_class.as_str()),
        "division": config.map(|c| c.division.as_str()),
        "total_rounds": config.and_then(|c| c.total_rounds),
        "round_seconds": config.and_then(|c| c.round_seconds),
        "round": state.round,
        "golden_round": state.is_golden_round(),
        "clock": time(state.clock).map(|(seconds, text)| json!({
            "seconds": seconds, "text": text, "running": state.clock_running,
        })),
        "blue": live_side(state, Side::Blue),
        "red": live_side(state, Side::Red),
        "break": brk.map(|(seconds, text)| json!({
            "seconds": seconds, "text": text, "running": state.break_timer.running,
        })),
        "challenges": challenges,
        "open_challenge": open_challenge,
        "round_winners": state.round_winners.iter().map(|w| side_name(*w)).collect::<Vec<_>>(),
        "winner": side_name(state.winner),
        "winner_name": state.winner_name,
        "classification": state.classification,
        "loaded_at_us": state.loaded_at_us,
        "ready_at_us": state.ready_at_us,
        "started_at_us": state.started_at_us,
        "ended_at_us": state.ended_at_us,
    })
}

/// One stored event as `Event` in API.md.
pub fn event(row: &EventRow) -> Value {
    json!({
        "seq": row.seq,
        "index": row.idx,
        "kind": row.kind,
        "side": row.side,
        "value": row.value,
        "round": row.round,
        "clock_seconds": row.clock_seconds,
        "match_id": row.match_id,
        "received_at_us": row.received_at_us,
        "data": row.data.as_deref().and_then(|d| serde_json::from_str::<Value>(d).ok()),
    })
}

/// Where a live message stood when it arrived (the same columns the store keeps).
#[derive(Debug, Clone, Copy)]
pub struct LiveContext {
    /// Datagram sequence number.
    pub seq: u64,
    /// The datagram's match.
    pub match_id: Option<i64>,
    /// Round after the datagram.
    pub round: u8,
    /// Match clock after the datagram.
    pub clock_seconds: Option<u32>,
    /// Receive wall time.
    pub received_at_us: i64,
}

/// One parsed message, before it is stored, in the same shape as [`event`].
pub fn parsed_event(context: LiveContext, index: usize, message: &pss::Message) -> Value {
    let columns = store::EventColumns::of(message);
    json!({
        "seq": context.seq,
        "index": index,
        "kind": columns.kind,
        "side": columns.side,
        "value": columns.value,
        "round": (context.round > 0).then_some(context.round),
        "clock_seconds": context.clock_seconds,
        "match_id": context.match_id,
        "received_at_us": context.received_at_us,
        "data": columns.data.as_deref().and_then(|d| serde_json::from_str::<Value>(d).ok()),
    })
}

fn stored_side(side: &MatchSideRow) -> Value {
    json!({ "short_name": side.short_name, "long_name": side.long_name, "ioc": side.ioc })
}

/// One stored match as `Match` in API.md (and `vta matches --json`).
pub fn stored_match(row: &MatchRow) -> Value {
    let round_scores: Vec<Value> = (0..4)
        .filter(|&round| round < 3 || row.blue.round_scores[3] + row.red.round_scores[3] > 0)
        .map(|round| {
            json!({
                "round": round + 1,
                "blue": row.blue.round_scores[round],
                "red": row.red.round_scores[round],
            })
        })
        .collect();
    let challenges: Vec<Value> = row
        .challenges
        .iter()
        .map(|c| {
            json!({
                "side": c.by.as_str(),
                "outcome": c.outcome.as_str(),
                "won": c.won,
                "round": c.round,
                "clock_seconds": c.clock_seconds,
                "requested_at_us": c.requested_at_us,
                "resolved_at_us": c.resolved_at_us,
            })
        })
        .collect();
    json!({
        "id": row.id,
        "tournament": filed_tournament(row.filed.as_ref()),
        "day": filed_day(row.filed.as_ref()),
        "match_number": row.number,
        "phase": row.phase,
        "weight_class": row.weight_class,
        "division": row.division,
        "pss_match_id": row.pss_match_id,
        "status": row.status.as_str(),
        "blue": stored_side(&row.blue),
        "red": stored_side(&row.red),
        "score": { "blue": row.blue.score, "red": row.red.score },
        "round_scores": round_scores,
        "gamjeom": { "blue": row.blue.gamjeom, "red": row.red.gamjeom },
        "round_winners": row.round_winners.iter().map(|w| side_name(*w)).collect::<Vec<_>>(),
        "winner": side_name(row.winner),
        "winner_name": row.winner_name,
        "classification": row.classification,
        "challenges": challenges,
        "loaded_at_us": row.loaded_at_us,
        "ready_at_us": row.ready_at_us,
        "started_at_us": row.started_at_us,
        "ended_at_us": row.ended_at_us,
    })
}

/// A tournament as `Tournament` in API.md.
pub fn tournament(tournament: &organiser::Tournament) -> Value {
    json!({
        "id": tournament.id,
        "name": tournament.name,
        "venue": tournament.venue,
        "starts_on": tournament.starts_on,
        "ends_on": tournament.ends_on,
        "active": tournament.active,
        "days": tournament.days,
        "matches": tournament.matches,
    })
}

/// A tournament day as `Day` in API.md.
pub fn day(day: &organiser::Day) -> Value {
    json!({
        "id": day.id,
        "tournament_id": day.tournament_id,
        "name": day.name,
        "date": day.date,
        "active": day.active,
        "chosen": day.chosen,
        "closed": day.closed_at_us.is_some(),
        "closed_at_us": day.closed_at_us,
        "matches": day.matches,
    })
}

/// An athlete as `Athlete` in API.md.
pub fn athlete(athlete: &organiser::Athlete) -> Value {
    json!({
        "id": athlete.id,
        "ioc": athlete.ioc,
        "name": athlete.name,
        "short_name": athlete.short_name,
        "matches": athlete.matches,
    })
}

/// `{"id", "name"}` of the tournament something is filed under, or null.
pub fn filed_tournament(filed: Option<&store::Filing>) -> Value {
    filed.map_or(
        Value::Null,
        |filed| json!({ "id": filed.tournament_id, "name": filed.tournament }),
    )
}

/// `{"id", "name", "date"}` of the day something is filed under, or null.
pub fn filed_day(filed: Option<&store::Filing>) -> Value {
    filed.map_or(
        Value::Null,
        |filed| json!({ "id": filed.day_id, "name": filed.day, "date": filed.date }),
    )
}

/// A source counts as sending when its last datagram is at most this old (tkStrike sends
/// the clock every second in play; between fights a court may be quiet for a while).
pub const SENDING_WINDOW_US: i64 = 30_000_000;

/// Every source heard and the one followed, as `PssSources` in API.md, judged at `now_us`.
pub fn pss_sources(following: &Following, ingest: &CountersSnapshot, now_us: i64) -> Value {
    let is_sending = |last_seen_us: i64| now_us.saturating_sub(last_seen_us) <= SENDING_WINDOW_US;
    let sources: Vec<Value> = ingest
        .per_source
        .iter()
        .map(|(address, c)| {
            json!({
                "address": address.to_string(),
                "datagrams": c.datagrams,
                "last_seen_us": c.last_seen_us,
                "last_match": c.last_match,
                "followed": following.follows(*address),
                "sending": is_sending(c.last_seen_us),
            })
        })
        .collect();
    // Scoring PCs, not addresses: tkStrike may send from another port after a restart.
    let sending = ingest
        .per_source
        .iter()
        .filter(|(_, c)| is_sending(c.last_seen_us))
        .map(|(address, _)| address.ip())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    json!({
        "rule": following.rule.to_string(),
        "followed": following.followed.map(|filter| filter.to_string()),
        "sending": sending,
        "sources": sources,
    })
}

/// Ingest and store counters as `Counters` in API.md.
pub fn counters(ingest: &CountersSnapshot, store: &StoreMetrics, per_second: f64) -> Value {
    let per_source: Vec<Value> = ingest
        .per_source
        .iter()
        .map(|(address, c)| {
            json!({
                "address": address.to_string(),
                "datagrams": c.datagrams,
                "bytes": c.bytes,
                "parse_errors": c.parse_errors,
            })
        })
        .collect();
    json!({
        "datagrams": ingest.datagrams,
        "bytes": ingest.bytes,
        "parse_errors": ingest.parse_errors,
        "store_errors": ingest.store_errors,
        "receive_errors": ingest.receive_errors,
        "datagrams_per_second": per_second,
        "per_source": per_source,
        "store": {
            "queued": store.queued,
            "max_queue_depth": store.max_queue_depth,
            "backpressure_waits": store.backpressure_waits,
            "committed_datagrams": store.committed_datagrams,
            "committed_batches": store.committed_batches,
            "write_errors": store.write_errors,
        },
    })
}

/// The UDP listener as `Udp` in API.md.
pub fn udp_status(status: ListenerStatus) -> Value {
    json!({ "bind": status.bind.to_string(), "listening": status.listening })
}

/// One network interface as `NetworkInterface` in API.md.
pub fn network_interface(interface: &NetworkInterface) -> Value {
    json!({
        "name": interface.name,
        "addresses": interface.addresses.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "loopback": interface.loopback,
        "up": interface.up,
    })
}

/// One operator's mark as `Mark` in API.md.
pub fn mark(row: &MarkRow) -> Value {
    json!({
        "id": row.id,
        "match_id": row.match_id,
        "at_us": row.at_us,
        "round": row.round,
        "clock_seconds": row.clock_seconds,
        "note": row.note,
    })
}

/// `Licence`: this machine's licence as judged now. `licensee` and `expires` are set whenever
/// the file is genuine (also when expired or for another machine); `fingerprint` is this
/// machine's code (`null` when its id cannot be read); `reason` says why it is not valid.
pub fn licence(check: &licence::Check, fingerprint: Option<&licence::Fingerprint>) -> Value {
    let terms = check.terms();
    json!({
        "status": check.status().as_str(),
        "licensee": terms.map(|terms| terms.licensee.as_str()),
        "expires": terms.map(|terms| terms.expires.to_string()),
        "fingerprint": fingerprint.map(|code| code.as_str()),
        "reason": check.reason(fingerprint),
    })
}
