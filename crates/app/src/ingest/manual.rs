//! Manual mode: the operator runs the court without the PSS.
//!
//! While manual mode is on, the listener still receives, stores and counts every PSS datagram
//! but does not fold it into the live match or publish it on the bus (so the recorder and the
//! replay flow do not act on it); the stored row says it was not folded, so a restart skips it
//! too. A match the operator makes by hand ([`ManualMatch`]) becomes the WT_UDP messages the
//! PSS would send to load it (`pre;FightLoaded;`, `at1;...;at2;...;`, `mch;...;`), and those
//! go through the one pipeline with [`OPERATOR_SOURCE`] as their sender: they are stored,
//! folded, published and rebuilt after a restart exactly like the PSS's.

use std::net::SocketAddr;

use pss::{AthleteInfo, MatchConfig, Message, Side};

/// The sender address of datagrams the operator made: `0.0.0.0:0`, where no PSS sends from.
pub const OPERATOR_SOURCE: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED), 0);

/// A match the operator makes by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualMatch {
    /// The match number, e.g. `101`.
    pub number: String,
    /// The blue athlete (chong).
    pub blue: ManualAthlete,
    /// The red athlete (hong).
    pub red: ManualAthlete,
    /// The weight class, e.g. `M-58kg`; empty when not given.
    pub weight_class: String,
    /// The phase, e.g. `Final`; empty when not given.
    pub phase: String,
}

/// One athlete of a [`ManualMatch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualAthlete {
    /// The name, used as both the short and the long name.
    pub name: String,
    /// The IOC country code, e.g. `KOR`.
    pub ioc: String,
}

/// A field of a [`ManualMatch`] that cannot go into a datagram.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ManualMatchError {
    /// The field, e.g. `blue.ioc`.
    pub field: &'static str,
    /// What is wrong.
    pub message: String,
}

/// The longest text a field may hold, in characters.
const MAX_FIELD_CHARS: usize = 64;

impl ManualMatch {
    /// Checks every field: the number and names must be given, an IOC code is three letters
    /// (sent in capitals),
    /// and no field may hold `;` (the WT_UDP separator) or control characters.
    pub fn check(&self) -> Result<(), ManualMatchError> {
        let fields = [
            ("number", &self.number, true),
            ("blue.name", &self.blue.name, true),
            ("red.name", &self.red.name, true),
            ("weight_class", &self.weight_class, false),
            ("phase", &self.phase, false),
        ];
        for (field, text, required) in fields {
            check_text(field, text, required)?;
        }
        for (field, ioc) in [("blue.ioc", &self.blue.ioc), ("red.ioc", &self.red.ioc)] {
            let ioc = ioc.trim();
            if !(ioc.len() == 3 && ioc.chars().all(|c| c.is_ascii_alphabetic())) {
                return Err(ManualMatchError {
                    field,
                    message: format!("{ioc:?} is not a three-letter IOC code such as KOR"),
                });
            }
        }
        Ok(())
    }

    /// The datagrams the PSS would send to load this match, as messages, in order.
    pub fn datagrams(&self) -> Vec<Vec<Message>> {
        let athlete = |side: Side, athlete: &ManualAthlete| Message::Athlete {
            side,
            info: AthleteInfo {
                short_name: athlete.name.trim().to_owned(),
                long_name: athlete.name.trim().to_owned(),
                ioc: athlete.ioc.trim().to_ascii_uppercase(),
            },
        };
        let config = MatchConfig {
            number: self.number.trim().to_owned(),
            phase: self.phase.trim().to_owned(),
            weight_class: self.weight_class.trim().to_owned(),
            rounds: None,
            blue_background: None,
            blue_foreground: None,
            red_background: None,
            red_foreground: None,
            match_id: String::new(),
            division: String::new(),
            total_rounds: None,
            round_seconds: None,
            count_direction: None,
            count_up: None,
            format: None,
        };
        vec![
            vec![Message::FightLoaded],
            vec![
                athlete(Side::Blue, &self.blue),
                athlete(Side::Red, &self.red),
            ],
            vec![Message::MatchConfig(Box::new(config))],
        ]
    }
}

fn check_text(field: &'static str, text: &str, required: bool) -> Result<(), ManualMatchError> {
    let refuse = |message: &str| {
        Err(ManualMatchError {
            field,
            message: message.to_owned(),
        })
    };
    if required && text.trim().is_empty() {
        return refuse("must not be empty");
    }
    if text.contains(';') {
        return refuse("must not hold ';' (it separates the fields of a datagram)");
    }
    if text.chars().any(char::is_control) {
        return refuse("must not hold control characters");
    }
    if text.chars().count() > MAX_FIELD_CHARS {
        return refuse(&format!("is longer than {MAX_FIELD_CHARS} characters"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::ingest::{Pipeline, Received};

    fn manual() -> ManualMatch {
        ManualMatch {
            number: "101".into(),
            blue: ManualAthlete {
                name: "KIM Tae-hun".into(),
                ioc: "KOR".into(),
            },
            red: ManualAthlete {
                name: "Cyrian RAVET".into(),
                ioc: "FRA".into(),
            },
            weight_class: "M-58kg".into(),
            phase: "Final".into(),
        }
    }

    #[test]
    fn the_datagrams_load_the_match_through_the_pipeline() {
        let schema = Arc::new(pss::Schema::v2_3().clone());
        let mut pipeline = Pipeline::new(Arc::clone(&schema), 40);
        for messages in manual().datagrams() {
            let bytes = schema.encode_datagram(&messages).into_bytes();
            let processed = pipeline.process(Received {
                bytes,
                source: OPERATOR_SOURCE,
                received_at_us: 1,
            });
            assert_eq!(processed.n_errors, 0);
        }
        let state = pipeline.state();
        assert_eq!(pipeline.match_id(), Some(40));
        let config = state.config.as_ref().expect("configured");
        assert_eq!(
            (config.number.as_str(), config.phase.as_str()),
            ("101", "Final")
        );
        assert_eq!(config.weight_class, "M-58kg");
        let blue = state.blue.athlete.as_ref().expect("blue");
        assert_eq!(
            (blue.short_name.as_str(), blue.ioc.as_str()),
            ("KIM Tae-hun", "KOR")
        );
        assert_eq!(
            state.red.athlete.as_ref().map(|a| a.ioc.as_str()),
            Some("FRA")
        );
    }

    #[test]
    fn fields_that_cannot_go_on_the_wire_are_refused_by_name() {
        assert_eq!(manual().check(), Ok(()));
        let mut semicolon = manual();
        semicolon.red.name = "A;B".into();
        assert_eq!(semicolon.check().map_err(|e| e.field), Err("red.name"));
        let mut ioc = manual();
        ioc.blue.ioc = "Korea".into();
        assert_eq!(ioc.check().map_err(|e| e.field), Err("blue.ioc"));
        let mut number = manual();
        number.number = " ".into();
        assert_eq!(number.check().map_err(|e| e.field), Err("number"));
        let mut optional = manual();
        optional.phase = String::new();
        assert_eq!(optional.check(), Ok(()));
    }
}
