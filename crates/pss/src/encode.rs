//! Messages to wire text, by the same schema the parser reads: the simulator's half of the codec.
//!
//! `parse(encode(m))` gives back `m` for every typed message whose texts avoid `;`, CR, LF and
//! stream codes; the property tests check it.

use std::fmt::Write as _;

use crate::kind::Kind;
use crate::message::{Message, TimeFormat};
use crate::schema::{FieldType, Schema};
use crate::typed::{slot_value, stream_key, Wire};

impl Schema {
    /// The wire text of one message with its trailing `;`, e.g. `pt1;3;`.
    ///
    /// [`Message::Other`] is written as its code and fields, [`Message::Raw`] as its text. A
    /// typed message the schema has no stream for (only possible with an edited schema) is
    /// written as nothing: the empty string.
    pub fn encode(&self, message: &Message) -> String {
        let mut out = String::with_capacity(32);
        self.encode_into(message, &mut out);
        out
    }

    /// The wire text of several messages, one after another, as one datagram.
    pub fn encode_datagram(&self, messages: &[Message]) -> String {
        let mut out = String::with_capacity(32 * messages.len());
        for message in messages {
            self.encode_into(message, &mut out);
        }
        out
    }

    /// Appends the wire text of one message to `out`.
    pub fn encode_into(&self, message: &Message, out: &mut String) {
        match message {
            Message::Other { code, fields } => {
                out.push_str(code);
                out.push(';');
                for field in fields {
                    out.push_str(field);
                    out.push(';');
                }
            }
            Message::Raw { text, .. } => {
                out.push_str(text);
                out.push(';');
            }
            Message::UdpConnected { port } => self.encode_line(Kind::UdpConnected, *port, out),
            Message::UdpDisconnected { port } => {
                self.encode_line(Kind::UdpDisconnected, *port, out);
            }
            _ => self.encode_typed(message, out),
        }
    }

    /// A `line` pattern with its port, e.g. `Udp Port 6000 connected;`.
    fn encode_line(&self, kind: Kind, port: u16, out: &mut String) {
        if let Some(pattern) = self.lines.iter().find(|pattern| pattern.kind == kind) {
            // Writing into a String cannot fail.
            let _ = write!(out, "{}{port}{};", pattern.prefix, pattern.suffix);
        }
    }

    /// A typed message through the first stream of its kind, side and round.
    fn encode_typed(&self, message: &Message, out: &mut String) {
        let Some((kind, side, round)) = stream_key(message) else {
            return;
        };
        let found = self
            .streams
            .iter()
            .find(|stream| stream.kind == kind && stream.side == side && stream.round == round);
        let Some(stream) = found else { return };
        out.push_str(&stream.code);
        out.push(';');
        for (index, field) in stream.fields.iter().enumerate() {
            if let FieldType::Label(word) = &field.ty {
                out.push_str(word);
                out.push(';');
                continue;
            }
            let slot = stream.slots.iter().position(|at| *at == index);
            let value = slot.and_then(|slot| slot_value(message, slot));
            match value {
                Some(value) => write_value(value, &field.ty, out),
                // Fields after an optional one are optional too: stop at the first absent.
                None if field.optional => break,
                None => {}
            }
            out.push(';');
        }
    }
}

/// One field value in its wire spelling.
fn write_value(value: Wire<'_>, ty: &FieldType, out: &mut String) {
    // Writing into a String cannot fail.
    let _ = match value {
        Wire::Int(number) => write!(out, "{number}"),
        Wire::Text(text) => write!(out, "{text}"),
        Wire::Time(time) => match time.format {
            TimeFormat::MinSec => write!(out, "{}:{:02}", time.seconds / 60, time.seconds % 60),
            TimeFormat::Seconds => write!(out, "{}", time.seconds),
        },
        Wire::Colour(colour) => write!(out, "#{:02X}{:02X}{:02X}", colour.r, colour.g, colour.b),
        Wire::Word(index) => match ty {
            FieldType::Enum(words) => {
                write!(out, "{}", words.get(index).map_or("", String::as_str))
            }
            _ => Ok(()),
        },
    };
}
