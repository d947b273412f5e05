//! The followed source: which scoring PC's datagrams are this court's.
//!
//! At a championship every court's tkStrike may broadcast to the same port, so the listener
//! hears them all. Only the followed source's datagrams are folded into the live match and
//! published; every other source's are stored (with their sender) and counted, nothing more.
//! [`PssSource`] is the operator's rule (`auto`, or an address matched by IP, and by port only
//! when one is given, since tkStrike may send from another port after a restart);
//! [`Following`] is what the listener follows now, kept in the store under
//! [`PSS_SOURCE_KEY`] so that a restart follows the same one.
//!
//! What it leaves out: reading the store (`resume`) and the listener's own loop (`ingest`).

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The store key of the followed source.
pub const PSS_SOURCE_KEY: &str = "pss_source";

/// The operator's rule for which scoring PC to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PssSource {
    /// Follow the first source that loads a fight (the default).
    #[default]
    Auto,
    /// Follow this address.
    Address(SourceFilter),
}

/// An address datagrams are matched against: the IP always, the port only when given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SourceFilter {
    /// The scoring PC's IP address.
    pub ip: IpAddr,
    /// Its sending port, when the operator gave one.
    pub port: Option<u16>,
}

/// A followed-source text that is neither `auto` nor `IP[:PORT]`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not auto, an IP address or IP:PORT (e.g. 10.0.0.11 or 10.0.0.11:6000)")]
pub struct SourceError {
    /// The text refused.
    pub text: String,
}

/// What the listener follows now; stored as JSON under [`PSS_SOURCE_KEY`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Following {
    /// The operator's rule.
    pub rule: PssSource,
    /// The source followed: the rule's address, or the one `auto` picked (by IP); none while
    /// `auto` waits for a source to load a fight.
    pub followed: Option<SourceFilter>,
    /// Set when the live match was rebuilt from a source's stored datagrams (the operator
    /// followed another source); what a restart must fold again. Kept while no other rebuild
    /// replaces it (also when the operator goes back to `auto`).
    pub rebuilt: Option<Rebuilt>,
    /// The operator followed an address while manual mode was on: the live match stayed the
    /// operator's, and is rebuilt from the followed source when manual mode goes off.
    pub rebuild_pending: bool,
}

/// A live match rebuilt from a source's stored datagrams when the operator followed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rebuilt {
    /// The source whose datagrams it was rebuilt from.
    pub source: SourceFilter,
    /// The first datagram of the rebuilt match (its key); none when the source had loaded no
    /// match, so the live match was empty.
    pub match_id: Option<i64>,
    /// The first sequence number received after the rebuild: datagrams before it were stored
    /// unfolded (another source was followed) and are folded again by their source; those
    /// from it on by whether they were folded.
    pub since_seq: u64,
}

impl SourceFilter {
    /// Whether a datagram from `addr` is from this source.
    pub fn matches(&self, addr: SocketAddr) -> bool {
        addr.ip() == self.ip && self.port.is_none_or(|port| port == addr.port())
    }

    /// The source `auto` follows after `addr` loaded a fight: its IP, any port.
    pub fn ip_of(addr: SocketAddr) -> SourceFilter {
        SourceFilter {
            ip: addr.ip(),
            port: None,
        }
    }
}

impl FromStr for SourceFilter {
    type Err = SourceError;

    /// `10.0.0.11`, `10.0.0.11:6000`, `::1` or `[::1]:6000`.
    fn from_str(text: &str) -> Result<SourceFilter, SourceError> {
        let text = text.trim();
        if let Ok(ip) = text.parse::<IpAddr>() {
            return Ok(SourceFilter { ip, port: None });
        }
        text.parse::<SocketAddr>()
            .map(|addr| SourceFilter {
                ip: addr.ip(),
                port: Some(addr.port()),
            })
            .map_err(|_| SourceError {
                text: text.to_owned(),
            })
    }
}

impl fmt::Display for SourceFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(port) => write!(f, "{}", SocketAddr::new(self.ip, port)),
            None => write!(f, "{}", self.ip),
        }
    }
}

impl FromStr for PssSource {
    type Err = SourceError;

    /// `auto` (any case) or an address as [`SourceFilter`] reads it.
    fn from_str(text: &str) -> Result<PssSource, SourceError> {
        if text.trim().eq_ignore_ascii_case("auto") {
            return Ok(PssSource::Auto);
        }
        text.parse().map(PssSource::Address)
    }
}

impl fmt::Display for PssSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PssSource::Auto => f.write_str("auto"),
            PssSource::Address(filter) => filter.fmt(f),
        }
    }
}

impl Following {
    /// Following `rule` from now on: its address, or nothing yet for `auto`.
    pub fn rule(rule: PssSource) -> Following {
        Following {
            rule,
            followed: match rule {
                PssSource::Auto => None,
                PssSource::Address(filter) => Some(filter),
            },
            rebuilt: None,
            rebuild_pending: false,
        }
    }

    /// Whether a datagram from `addr` is this court's.
    pub fn follows(&self, addr: SocketAddr) -> bool {
        self.followed.is_some_and(|filter| filter.matches(addr))
    }

    /// The stored form:
    /// `{"rule":"auto","followed":"10.0.0.11","rebuilt":null,"rebuild_pending":false}`.
    pub fn to_json(&self) -> String {
        let stored = Stored {
            rule: self.rule.to_string(),
            followed: self.followed.map(|filter| filter.to_string()),
            rebuilt: self.rebuilt.map(|rebuilt| StoredRebuilt {
                source: rebuilt.source.to_string(),
                match_id: rebuilt.match_id,
                since_seq: rebuilt.since_seq,
            }),
            rebuild_pending: self.rebuild_pending,
        };
        serde_json::to_string(&stored).unwrap_or_default()
    }

    /// Reads the stored form; the reason when it does not read.
    pub fn from_json(text: &str) -> Result<Following, String> {
        let stored: Stored = serde_json::from_str(text).map_err(|err| err.to_string())?;
        let followed = match stored.followed {
            Some(text) => Some(text.parse().map_err(|err: SourceError| err.to_string())?),
            None => None,
        };
        let rebuilt = match stored.rebuilt {
            Some(rebuilt) => Some(Rebuilt {
                source: rebuilt
                    .source
                    .parse()
                    .map_err(|err: SourceError| err.to_string())?,
                match_id: rebuilt.match_id,
                since_seq: rebuilt.since_seq,
            }),
            None => None,
        };
        Ok(Following {
            rule: stored
                .rule
                .parse()
                .map_err(|err: SourceError| err.to_string())?,
            followed,
            rebuilt,
            rebuild_pending: stored.rebuild_pending,
        })
    }
}

/// The followed source stored when the program last stopped; `auto` with nothing followed
/// when none is stored or it does not read (logged).
pub fn load_following(reader: &store::Reader) -> Following {
    match reader.setting(PSS_SOURCE_KEY) {
        Ok(Some(text)) => Following::from_json(&text).unwrap_or_else(|reason| {
            tracing::error!(%reason, "the stored followed source is refused; following auto");
            Following::default()
        }),
        Ok(None) => Following::default(),
        Err(err) => {
            tracing::error!(%err, "cannot read the followed source; following auto");
            Following::default()
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    rule: String,
    followed: Option<String>,
    rebuilt: Option<StoredRebuilt>,
    #[serde(default)]
    rebuild_pending: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredRebuilt {
    source: String,
    match_id: Option<i64>,
    since_seq: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_is_matched_by_ip_and_by_port_only_when_given() {
        let ip_only: SourceFilter = "10.0.0.11".parse().unwrap();
        assert!(ip_only.matches("10.0.0.11:6000".parse().unwrap()));
        assert!(ip_only.matches("10.0.0.11:51234".parse().unwrap()));
        assert!(!ip_only.matches("10.0.0.12:6000".parse().unwrap()));
        let with_port: SourceFilter = "10.0.0.11:6000".parse().unwrap();
        assert!(with_port.matches("10.0.0.11:6000".parse().unwrap()));
        assert!(!with_port.matches("10.0.0.11:6001".parse().unwrap()));
        let v6: SourceFilter = "[::1]:7000".parse().unwrap();
        assert_eq!(v6.to_string(), "[::1]:7000");
        assert_eq!("AUTO".parse(), Ok(PssSource::Auto));
        assert_eq!(
            "court-2".parse::<PssSource>().map_err(|err| err.to_string()),
            Err("\"court-2\" is not auto, an IP address or IP:PORT (e.g. 10.0.0.11 or 10.0.0.11:6000)".to_owned())
        );
    }

    #[test]
    fn the_stored_form_reads_back() {
        let following = Following {
            rule: PssSource::Auto,
            followed: Some("127.0.0.2".parse().unwrap()),
            rebuilt: Some(Rebuilt {
                source: "127.0.0.2".parse().unwrap(),
                match_id: Some(12),
                since_seq: 40,
            }),
            rebuild_pending: false,
        };
        let text = following.to_json();
        assert_eq!(
            text,
            r#"{"rule":"auto","followed":"127.0.0.2","rebuilt":{"source":"127.0.0.2","match_id":12,"since_seq":40},"rebuild_pending":false}"#
        );
        assert_eq!(Following::from_json(&text), Ok(following));
        assert!(
            Following::from_json(r#"{"rule":"somewhere","followed":null,"rebuilt":null}"#).is_err()
        );
    }
}
