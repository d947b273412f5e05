//! WT_UDP v2.3 codec: the text tkStrike (the PSS) sends over UDP, as typed [`Message`]s.
//!
//! Pure: no I/O, no clock. The streams and their fields come from a human-readable
//! [`Schema`] file; the v2.3 schema ships inside the crate ([`Schema::v2_3`]) and a user may
//! load another with [`Schema::from_text`] (a future v2.4 needs a file edit, not a rebuild).
//!
//! Parsing never fails and never drops text: what it cannot read becomes [`Message::Raw`] with
//! the reason.
#![warn(missing_docs)]

mod message;

pub use message::*;
