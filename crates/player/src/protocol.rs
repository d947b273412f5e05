//! mpv's JSON IPC on the wire: one JSON object per line in each direction.
//!
//! Out: `{"command": [...], "request_id": n}`. In: replies `{"request_id": n, "error":
//! "success", "data": ...}` and events `{"event": "...", ...}`. This module only turns lines into
//! values and back; it does no I/O and keeps no state.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use crate::event::{EndFileReason, PlayerEvent, PropertyChange};
use crate::handle::StartPrecision;
use crate::version::LoadfileForm;

/// Observed properties, with the id each is observed under.
pub(crate) const OBSERVED_PROPERTIES: [(u64, &str); 4] = [
    (1, "pause"),
    (2, "idle-active"),
    (3, "eof-reached"),
    (4, "speed"),
];

/// One line from mpv.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Incoming {
    /// The answer to a request: its `data`, or mpv's error text.
    Reply {
        /// The `request_id` we sent.
        request_id: u64,
        /// `data` (null when absent) on success, the `error` text otherwise.
        outcome: Result<Value, String>,
    },
    /// An event.
    Event(PlayerEvent),
}

/// The line (with its newline) that sends `command` as request `request_id`.
pub(crate) fn encode_request(request_id: u64, command: &[Value]) -> String {
    let mut line = json!({ "command": command, "request_id": request_id }).to_string();
    line.push('\n');
    line
}

/// The `loadfile` command that replaces whatever plays with `path`, starting at `start` (an mpv
/// time: seconds, negative counts from the end) and unpaused, in the argument form this mpv takes.
/// A [`StartPrecision::Keyframe`] start adds `hr-seek=no` for this file only: mpv's seek at load
/// is then a demuxer seek backwards, to the keyframe at or before the asked time.
pub(crate) fn loadfile_command(
    path: &Path,
    start_seconds: f64,
    precision: StartPrecision,
    form: LoadfileForm,
) -> Vec<Value> {
    let mut options = format!("start={start_seconds:.3},pause=no");
    if precision == StartPrecision::Keyframe {
        options.push_str(",hr-seek=no");
    }
    let path = Value::from(path.to_string_lossy().into_owned());
    match form {
        LoadfileForm::OptionsThird => {
            vec!["loadfile".into(), path, "replace".into(), options.into()]
        }
        // The index is a string: mpv parses it like an input.conf argument, whatever its type.
        LoadfileForm::OptionsFourth => vec![
            "loadfile".into(),
            path,
            "replace".into(),
            "-1".into(),
            options.into(),
        ],
    }
}

/// The start time of a load, in mpv's terms: seconds from the start, or negative from the end.
pub(crate) fn start_seconds(from_end: bool, offset: Duration) -> f64 {
    if from_end {
        -offset.as_secs_f64()
    } else {
        offset.as_secs_f64()
    }
}

/// A short name for a command in errors and logs: its name, plus the property for property
/// commands (`set_property speed`).
pub(crate) fn command_name(command: &[Value]) -> String {
    let name = command.first().and_then(Value::as_str).unwrap_or("?");
    match (name, command.get(1).and_then(Value::as_str)) {
        ("get_property" | "set_property", Some(property)) => format!("{name} {property}"),
        _ => name.to_owned(),
    }
}

/// Reads one line from mpv. An error names what was wrong; the caller logs it and goes on.
pub(crate) fn parse_line(line: &str) -> Result<Incoming, String> {
    let value: Value =
        serde_json::from_str(line).map_err(|err| format!("not JSON ({err}): {line}"))?;
    if let Some(name) = value.get("event").and_then(Value::as_str) {
        return Ok(Incoming::Event(parse_event(name, &value)));
    }
    let request_id = value
        .get("request_id")
        .and_then(Value::as_u64)
        .ok_or_else(|| format!("neither an event nor a reply: {line}"))?;
    let error = value
        .get("error")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("reply without an error field: {line}"))?;
    let outcome = if error == "success" {
        Ok(value.get("data").cloned().unwrap_or(Value::Null))
    } else {
        Err(error.to_owned())
    };
    Ok(Incoming::Reply {
        request_id,
        outcome,
    })
}

fn parse_event(name: &str, value: &Value) -> PlayerEvent {
    let entry_id = value.get("playlist_entry_id").and_then(Value::as_i64);
    match name {
        "start-file" => PlayerEvent::StartFile { entry_id },
        "file-loaded" => PlayerEvent::FileLoaded,
        "playback-restart" => PlayerEvent::PlaybackRestart,
        "seek" => PlayerEvent::Seek,
        "idle" => PlayerEvent::Idle,
        "end-file" => PlayerEvent::EndFile {
            entry_id,
            reason: EndFileReason::from_mpv(
                value.get("reason").and_then(Value::as_str).unwrap_or(""),
            ),
            error: value
                .get("file_error")
                .and_then(Value::as_str)
                .map(str::to_owned),
        },
        "property-change" => parse_property_change(value).map_or_else(
            || PlayerEvent::Other {
                name: name.to_owned(),
            },
            PlayerEvent::PropertyChanged,
        ),
        other => PlayerEvent::Other {
            name: other.to_owned(),
        },
    }
}

fn parse_property_change(value: &Value) -> Option<PropertyChange> {
    let data = value.get("data");
    match value.get("name").and_then(Value::as_str)? {
        "pause" => data?.as_bool().map(PropertyChange::Pause),
        "idle-active" => data?.as_bool().map(PropertyChange::IdleActive),
        "eof-reached" => Some(PropertyChange::EofReached(
            data.and_then(Value::as_bool).unwrap_or(false),
        )),
        "speed" => data?.as_f64().map(PropertyChange::Speed),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_one_json_line() {
        let line = encode_request(7, &[json!("set_property"), json!("speed"), json!(0.5)]);
        assert!(line.ends_with('\n'));
        assert_eq!(line.matches('\n').count(), 1);
        let value: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(
            value,
            json!({"command": ["set_property", "speed", 0.5], "request_id": 7})
        );
    }

    #[test]
    fn loadfile_puts_options_where_the_version_wants_them() {
        let path = Path::new("/clips/Replay 1,2.mkv");
        let old = loadfile_command(
            path,
            -10.0,
            StartPrecision::Exact,
            LoadfileForm::OptionsThird,
        );
        assert_eq!(
            Value::from(old),
            json!([
                "loadfile",
                "/clips/Replay 1,2.mkv",
                "replace",
                "start=-10.000,pause=no"
            ])
        );
        let new = loadfile_command(
            path,
            2.5,
            StartPrecision::Exact,
            LoadfileForm::OptionsFourth,
        );
        assert_eq!(
            Value::from(new),
            json!([
                "loadfile",
                "/clips/Replay 1,2.mkv",
                "replace",
                "-1",
                "start=2.500,pause=no"
            ])
        );
    }

    #[test]
    fn a_keyframe_start_turns_exact_seeks_off_for_that_file_in_either_form() {
        let path = Path::new("/clips/a.mkv");
        for (form, options_at) in [
            (LoadfileForm::OptionsThird, 3),
            (LoadfileForm::OptionsFourth, 4),
        ] {
            let command = loadfile_command(path, -10.5, StartPrecision::Keyframe, form);
            assert_eq!(command.len(), options_at + 1);
            assert_eq!(command[options_at], "start=-10.500,pause=no,hr-seek=no");
        }
    }

    #[test]
    fn start_seconds_are_negative_from_the_end() {
        assert_eq!(start_seconds(true, Duration::from_millis(10_500)), -10.5);
        assert_eq!(start_seconds(false, Duration::from_secs(3)), 3.0);
    }

    #[test]
    fn command_names_include_the_property() {
        assert_eq!(
            command_name(&[json!("get_property"), json!("time-pos")]),
            "get_property time-pos"
        );
        assert_eq!(command_name(&[json!("frame-step")]), "frame-step");
        assert_eq!(command_name(&[]), "?");
    }

    #[test]
    fn replies_parse_with_data_or_error() {
        assert_eq!(
            parse_line(r#"{"data":"mpv 0.35.1","request_id":1,"error":"success"}"#),
            Ok(Incoming::Reply {
                request_id: 1,
                outcome: Ok(json!("mpv 0.35.1"))
            })
        );
        assert_eq!(
            parse_line(r#"{"request_id":3,"error":"success"}"#),
            Ok(Incoming::Reply {
                request_id: 3,
                outcome: Ok(Value::Null)
            })
        );
        assert_eq!(
            parse_line(r#"{"request_id":6,"error":"property unavailable"}"#),
            Ok(Incoming::Reply {
                request_id: 6,
                outcome: Err("property unavailable".into())
            })
        );
    }

    #[test]
    fn events_parse_into_typed_variants() {
        let event = |line: &str| match parse_line(line) {
            Ok(Incoming::Event(event)) => event,
            other => panic!("not an event: {other:?}"),
        };
        assert_eq!(
            event(r#"{"event":"start-file","playlist_entry_id":3}"#),
            PlayerEvent::StartFile { entry_id: Some(3) }
        );
        assert_eq!(
            event(r#"{"event":"playback-restart"}"#),
            PlayerEvent::PlaybackRestart
        );
        assert_eq!(event(r#"{"event":"file-loaded"}"#), PlayerEvent::FileLoaded);
        assert_eq!(event(r#"{"event":"idle"}"#), PlayerEvent::Idle);
        assert_eq!(
            event(
                r#"{"event":"end-file","reason":"error","playlist_entry_id":2,"file_error":"loading failed"}"#
            ),
            PlayerEvent::EndFile {
                entry_id: Some(2),
                reason: EndFileReason::Error,
                error: Some("loading failed".into())
            }
        );
        assert_eq!(
            event(r#"{"event":"end-file","reason":"stop","playlist_entry_id":1}"#),
            PlayerEvent::EndFile {
                entry_id: Some(1),
                reason: EndFileReason::Stop,
                error: None
            }
        );
        assert_eq!(
            event(r#"{"event":"property-change","id":1,"name":"pause","data":true}"#),
            PlayerEvent::PropertyChanged(PropertyChange::Pause(true))
        );
        assert_eq!(
            event(r#"{"event":"property-change","id":3,"name":"eof-reached"}"#),
            PlayerEvent::PropertyChanged(PropertyChange::EofReached(false))
        );
        assert_eq!(
            event(r#"{"event":"property-change","id":4,"name":"speed","data":0.25}"#),
            PlayerEvent::PropertyChanged(PropertyChange::Speed(0.25))
        );
        assert_eq!(
            event(r#"{"event":"property-change","id":9,"name":"volume","data":50}"#),
            PlayerEvent::Other {
                name: "property-change".into()
            }
        );
        assert_eq!(
            event(r#"{"event":"video-reconfig"}"#),
            PlayerEvent::Other {
                name: "video-reconfig".into()
            }
        );
    }

    #[test]
    fn bad_lines_are_errors_not_panics() {
        for line in [
            "",
            "not json",
            "[1,2]",
            r#"{"error":"success"}"#,
            r#"{"request_id":1}"#,
            r#"{"request_id":-1,"error":"success"}"#,
            "{\"event\":",
        ] {
            assert!(parse_line(line).is_err(), "accepted {line:?}");
        }
    }
}
