//! The protocol schema: which streams exist, what they become, and their fields in order.
//!
//! The file format is documented at the top of `schema/wt_udp_v2.3.schema` and in `SCHEMA.md`.
//! Loading checks everything a parse relies on (types, optional fields at the end, the fields a
//! typed kind needs), so a parse never meets a schema it cannot follow.

use std::sync::OnceLock;

use crate::kind::Kind;
use crate::message::Side;

mod error;
mod load;

pub use error::{SchemaError, SchemaFault};

/// The WT_UDP v2.3 schema shipped inside the crate.
const V2_3_TEXT: &str = include_str!("../../schema/wt_udp_v2.3.schema");

/// A loaded protocol schema. Parse with [`Schema::parse`], write with [`Schema::encode`].
#[derive(Debug, Clone)]
pub struct Schema {
    source: String,
    version: String,
    pub(crate) streams: Vec<Stream>,
    /// Stream codes sorted, with their index in `streams`, for binary search.
    by_code: Vec<(String, usize)>,
    pub(crate) lines: Vec<LinePattern>,
    /// A bit per possible first byte of a stream code: a quick "not a code" test.
    first_bytes: [u64; 4],
}

/// One `stream` of the schema.
#[derive(Debug, Clone)]
pub(crate) struct Stream {
    pub(crate) code: String,
    pub(crate) kind: Kind,
    pub(crate) side: Option<Side>,
    /// The `round=N` of a round_score stream, 0 otherwise.
    pub(crate) round: u8,
    pub(crate) fields: Vec<Field>,
    /// For each of `kind.slots()`, the index of the field that holds it.
    pub(crate) slots: Vec<usize>,
}

/// One field of a stream.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub(crate) name: String,
    pub(crate) ty: FieldType,
    pub(crate) optional: bool,
    pub(crate) empty_ok: bool,
    /// The field must hold text: an empty one makes the stream raw (`filled`).
    pub(crate) filled: bool,
}

/// The type of a field.
#[derive(Debug, Clone)]
pub(crate) enum FieldType {
    Int { min: i64, max: Option<i64> },
    Text,
    Time,
    Colour,
    Enum(Vec<String>),
    Label(String),
    Rest,
}

/// A `line` pattern: `prefix{port}suffix`.
#[derive(Debug, Clone)]
pub(crate) struct LinePattern {
    pub(crate) kind: Kind,
    pub(crate) prefix: String,
    pub(crate) suffix: String,
}

impl Schema {
    /// The WT_UDP v2.3 schema that ships with the crate, parsed once.
    pub fn v2_3() -> &'static Schema {
        static V2_3: OnceLock<Schema> = OnceLock::new();
        V2_3.get_or_init(|| match Schema::from_text(V2_3_TEXT) {
            Ok(schema) => schema,
            // The shipped file is tested by `shipped_schema_loads`; reaching this is a build
            // defect, not an input error.
            Err(err) => unreachable!("the shipped v2.3 schema is broken: {err}"),
        })
    }

    /// Loads a schema from its text, refusing it with the line and reason of the first fault.
    pub fn from_text(text: &str) -> Result<Schema, SchemaError> {
        load::Loader::default().load(text)
    }

    /// The text this schema was loaded from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The protocol version from the `version` line, e.g. `2.3`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The stream codes, in file order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.streams.iter().map(|stream| stream.code.as_str())
    }

    /// The index of the stream a field starts, if it is a stream code.
    pub(crate) fn stream_index(&self, token: &str) -> Option<usize> {
        let first = *token.as_bytes().first()?;
        if self.first_bytes[usize::from(first >> 6)] & (1 << (first & 63)) == 0 {
            return None;
        }
        self.by_code
            .binary_search_by(|(code, _)| code.as_str().cmp(token))
            .ok()
            .map(|found| self.by_code[found].1)
    }

    /// The line pattern a field matches, with its port.
    pub(crate) fn match_line(&self, token: &str) -> Option<(Kind, u16)> {
        self.lines.iter().find_map(|pattern| {
            let port = token
                .strip_prefix(pattern.prefix.as_str())?
                .strip_suffix(pattern.suffix.as_str())?;
            if port.is_empty() || !port.bytes().all(|byte| byte.is_ascii_digit()) {
                return None;
            }
            Some((pattern.kind, port.parse().ok()?))
        })
    }

    /// Whether a field starts a stream (a stream code or a line pattern).
    pub(crate) fn starts_stream(&self, token: &str) -> bool {
        self.stream_index(token).is_some()
            || (!self.lines.is_empty() && self.match_line(token).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_schema_loads() {
        let schema = Schema::from_text(V2_3_TEXT).unwrap();
        assert_eq!(schema.version(), "2.3");
        assert_eq!(schema.source(), V2_3_TEXT);
        assert_eq!(schema.streams.len(), 39);
        assert_eq!(schema.lines.len(), 2);
    }
}
