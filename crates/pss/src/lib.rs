//! WT_UDP v2.3 codec: the text tkStrike (the PSS) sends over UDP, as typed [`Message`]s.
//!
//! Pure: no I/O, no clock. The streams and their fields come from a human-readable
//! [`Schema`] file; the v2.3 schema ships inside the crate ([`Schema::v2_3`]) and a user may
//! load another with [`Schema::from_text`] (a future v2.4 needs a file edit, not a rebuild).
//! `SCHEMA.md` describes the file format and maps each WT_UDP code to its [`Message`] variant.
//!
//! The main types:
//! - [`Schema`]: a loaded protocol description. [`Schema::parse`] turns one datagram into a
//!   [`Parsed`]; [`Schema::encode`] and [`Schema::encode_datagram`] write messages back as wire
//!   text (the simulator uses them).
//! - [`Parsed`]: the [`Message`]s of one datagram, in order, with the byte span each one covers
//!   in the decoded text.
//! - [`Message`]: one stream, typed; [`Message::kind`] and [`Message::side`] give the stable
//!   names and the athlete that logs, SQL and the match model use.
//! - [`SchemaError`]: a schema file refused, with its line and reason.
//!
//! Parsing never fails and never drops text: what it cannot read becomes [`Message::Raw`] with
//! the reason, and parsing goes on at the next known stream code. Bytes that are not UTF-8 are
//! read as Windows-1252 ([`decode_text`]).
//!
//! ```
//! use pss::{Message, PointKind, Side};
//!
//! let parsed = pss::parse(b"pt1;3;sc1;3;sc2;0;xyz;1;");
//! assert_eq!(parsed.messages.len(), 4);
//! for message in &parsed.messages {
//!     match message {
//!         Message::Point { side: Side::Blue, kind: PointKind::Head } => {}
//!         Message::TotalScore { side, score } => assert!(*score <= 3, "{side:?}"),
//!         Message::Raw { text, reason } => {
//!             assert_eq!(text, "xyz;1");
//!             assert_eq!(reason, "unknown stream \"xyz\"");
//!         }
//!         other => panic!("unexpected {other:?}"),
//!     }
//! }
//! assert_eq!(parsed.n_errors(), 1);
//! assert_eq!(pss::Schema::v2_3().encode(&parsed.messages[0]), "pt1;3;");
//! ```
#![warn(missing_docs)]

mod encode;
mod kind;
mod message;
mod parse;
mod schema;
mod text;
mod typed;

pub use message::*;
pub use parse::Parsed;
pub use schema::{Schema, SchemaError, SchemaFault};
pub use text::decode_text;

/// Parses one datagram with the shipped v2.3 schema; the same as `Schema::v2_3().parse(bytes)`.
pub fn parse(bytes: &[u8]) -> Parsed {
    Schema::v2_3().parse(bytes)
}
