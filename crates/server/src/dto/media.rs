//! The archive's JSON: `Recording` (a recording or a challenge clip with its match).

use serde_json::{json, Value};
use store::{MediaAthlete, MediaRow};

fn athlete(athlete: &MediaAthlete) -> Value {
    json!({ "name": athlete.name, "ioc": athlete.ioc })
}

/// One archive row as `Recording` in API.md; `exists` says whether its file is on this
/// machine.
pub fn media_row(row: &MediaRow, exists: bool) -> Value {
    json!({
        "id": row.id,
        "kind": row.kind.as_str(),
        "path": row.path,
        "exists": exists,
        "match_id": row.match_id,
        "tournament": super::filed_tournament(row.filed.as_ref()),
        "day": super::filed_day(row.filed.as_ref()),
        "match_number": row.match_number,
        "phase": row.phase,
        "weight_class": row.weight_class,
        "blue": athlete(&row.blue),
        "red": athlete(&row.red),
        "started_at_us": row.started_at_us,
        "stopped_at_us": row.stopped_at_us,
        "event_kinds": row.event_kinds,
    })
}
