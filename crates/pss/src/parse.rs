//! Text to messages: splits a datagram into lines and fields and walks the streams in it.
//!
//! Every field of the input ends up inside exactly one message's span: a known stream becomes
//! its typed message (or [`Message::Raw`] when a field is wrong), and a run of fields that starts
//! with no known code becomes one [`Message::Raw`] up to the next known code.

use std::ops::Range;

use crate::message::{ClockTime, Message, Rgb, TimeFormat};
use crate::schema::{Field, FieldType, Schema};
use crate::text::decode_text;
use crate::typed;

/// What one datagram held: its messages in wire order, and where each one was in the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The messages, in the order their streams appear.
    pub messages: Vec<Message>,
    /// For each message, its byte range in the decoded text ([`crate::decode_text`] of the
    /// input): from the first byte of its code to the last byte of its last field.
    pub spans: Vec<Range<usize>>,
}

impl Parsed {
    /// The number of [`Message::Raw`] messages: text that was not understood.
    pub fn n_errors(&self) -> usize {
        self.messages
            .iter()
            .filter(|message| message.is_raw())
            .count()
    }
}

/// A field value read by the schema's type, before it becomes part of a typed message.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Value<'a> {
    /// The optional field was not sent, or a required one was missing.
    Absent,
    /// The field was sent empty where the schema allows `empty`.
    Empty,
    Int(i64),
    Text(&'a str),
    Time(ClockTime),
    Colour(Rgb),
    /// The index of the enum word.
    Word(usize),
    Label,
}

impl Schema {
    /// Parses one datagram. Never fails: what is not understood becomes [`Message::Raw`].
    pub fn parse(&self, bytes: &[u8]) -> Parsed {
        let text = decode_text(bytes);
        let mut walker = Walker {
            schema: self,
            text: &text,
            parsed: Parsed::default(),
            fields: Vec::with_capacity(32),
            n_fields: 0,
            values: Vec::with_capacity(16),
        };
        for line in text.split(['\r', '\n']) {
            walker.line(line);
        }
        walker.parsed
    }
}

/// The parse of one datagram in progress; the buffers are reused from line to line.
struct Walker<'s, 't> {
    schema: &'s Schema,
    text: &'t str,
    parsed: Parsed,
    fields: Vec<&'t str>,
    /// The fields of the line without the terminator after a trailing `;`.
    n_fields: usize,
    values: Vec<Value<'t>>,
}

impl<'t> Walker<'_, 't> {
    fn line(&mut self, line: &'t str) {
        if line.is_empty() {
            return;
        }
        self.fields.clear();
        self.fields.extend(line.split(';'));
        // The empty field after a trailing `;` is the terminator, unless a stream still needs
        // a required field there (`at1;A;B;` sent without its own trailing `;`).
        self.n_fields = self.fields.len() - usize::from(line.ends_with(';'));
        let mut index = 0;
        while index < self.fields.len() {
            let field = self.fields[index];
            if field.is_empty() {
                // A stray `;;` between streams: a separator, no text.
                index += 1;
            } else if let Some(stream) = self.schema.stream_index(field) {
                index = self.stream(stream, index);
            } else if let Some((kind, port)) = self.schema.match_line(field) {
                self.push(typed::line_message(kind, port), index, index + 1);
                index += 1;
            } else {
                let start = index;
                index += 1;
                while index < self.n_fields && !self.schema.starts_stream(self.fields[index]) {
                    index += 1;
                }
                let raw = self.raw(start, index, format!("unknown stream \"{field}\""));
                self.push(raw, start, index);
            }
        }
    }

    /// Reads the stream whose code is at `start`; returns the index of the first field after it.
    fn stream(&mut self, stream_index: usize, start: usize) -> usize {
        let schema = self.schema;
        let stream = &schema.streams[stream_index];
        self.values.clear();
        let mut next = start + 1;
        let mut fault: Option<String> = None;
        for field in &stream.fields {
            if let FieldType::Rest = field.ty {
                while next < self.n_fields && !schema.starts_stream(self.fields[next]) {
                    next += 1;
                }
                self.values.push(Value::Absent);
                continue;
            }
            let takes_terminator = !field.optional && accepts_empty(field);
            let n_fields = if takes_terminator {
                self.fields.len()
            } else {
                self.n_fields
            };
            let token = self.fields[..n_fields]
                .get(next)
                .copied()
                .filter(|token| !schema.starts_stream(token));
            if field.optional {
                let Some(token) = token.filter(|_| fault.is_none()) else {
                    break;
                };
                match read_value(field, token) {
                    Ok(value) => self.values.push(value),
                    // A number outside the range is this field sent wrong, not the next stream.
                    Err(problem) if is_number_field(field, token) => {
                        fault = Some(format!("{}: {} {problem}", stream.code, spoken(field)));
                        self.values.push(Value::Absent);
                    }
                    Err(_) => break,
                }
                next += 1;
            } else {
                let Some(token) = token else {
                    fault.get_or_insert_with(|| {
                        format!("{}: missing {}", stream.code, spoken(field))
                    });
                    break;
                };
                next += 1;
                match read_value(field, token) {
                    Ok(value) => self.values.push(value),
                    Err(problem) => {
                        fault.get_or_insert_with(|| {
                            format!("{}: {} {problem}", stream.code, spoken(field))
                        });
                        self.values.push(Value::Absent);
                    }
                }
            }
        }
        self.values.resize(stream.fields.len(), Value::Absent);
        let message = match fault {
            Some(reason) => self.raw(start, next, reason),
            None => typed::build(stream, &self.values, &self.fields[start + 1..next])
                .unwrap_or_else(|reason| self.raw(start, next, reason)),
        };
        self.push(message, start, next);
        next
    }

    /// The byte range in the whole text of fields `start..end` of the current line.
    fn span(&self, start: usize, end: usize) -> Range<usize> {
        let first = self.fields[start];
        let last = self.fields[end - 1];
        let begin = first.as_ptr() as usize - self.text.as_ptr() as usize;
        let finish = last.as_ptr() as usize - self.text.as_ptr() as usize + last.len();
        begin..finish
    }

    fn raw(&self, start: usize, end: usize, reason: String) -> Message {
        Message::Raw {
            text: self.text[self.span(start, end)].to_owned(),
            reason,
        }
    }

    fn push(&mut self, message: Message, start: usize, end: usize) {
        let span = self.span(start, end);
        self.parsed.messages.push(message);
        self.parsed.spans.push(span);
    }
}

/// A field name as said in a reason: `point_kind` becomes `point kind`.
fn spoken(field: &Field) -> String {
    field.name.replace('_', " ")
}

/// Whether an empty field is a value of this field.
fn accepts_empty(field: &Field) -> bool {
    !field.filled && (field.empty_ok || matches!(field.ty, FieldType::Text))
}

/// Whether the field is an `int` and the token a number (perhaps out of the field's range).
fn is_number_field(field: &Field, token: &str) -> bool {
    matches!(field.ty, FieldType::Int { .. }) && read_int(token).is_some()
}

/// Reads one field by its type; the error says what is wrong with the value.
fn read_value<'a>(field: &Field, token: &'a str) -> Result<Value<'a>, String> {
    if token.is_empty() {
        return match field.ty {
            FieldType::Text if !field.filled => Ok(Value::Text(token)),
            _ if field.empty_ok => Ok(Value::Empty),
            _ => Err("is empty".to_owned()),
        };
    }
    match &field.ty {
        FieldType::Int { min, max } => {
            let number = read_int(token).ok_or_else(|| format!("\"{token}\" is not a number"))?;
            let too_big = max.is_some_and(|max| number > max);
            if number < *min || too_big {
                let max = max.map(|max| max.to_string()).unwrap_or_default();
                return Err(format!("{number} not in {min}..{max}"));
            }
            Ok(Value::Int(number))
        }
        FieldType::Text => Ok(Value::Text(token)),
        FieldType::Time => read_time(token)
            .map(Value::Time)
            .ok_or_else(|| format!("\"{token}\" is not a time (m:ss or seconds)")),
        FieldType::Colour => read_colour(token)
            .map(Value::Colour)
            .ok_or_else(|| format!("\"{token}\" is not a colour #RRGGBB")),
        FieldType::Enum(words) => words
            .iter()
            .position(|word| word == token)
            .map(Value::Word)
            .ok_or_else(|| format!("\"{token}\" is not one of {}", words.join("|"))),
        FieldType::Label(word) if word == token => Ok(Value::Label),
        FieldType::Label(word) => Err(format!("\"{token}\" is not \"{word}\"")),
        FieldType::Rest => Ok(Value::Absent),
    }
}

/// A whole number: an optional `-` and ASCII digits, no overflow.
fn read_int(token: &str) -> Option<i64> {
    let (negative, digits) = match token.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, token),
    };
    let magnitude = read_digits(digits)?;
    let magnitude = i64::try_from(magnitude).ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

/// ASCII digits only, at least one, no overflow.
fn read_digits(digits: &str) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits.bytes().try_fold(0u64, |total, byte| {
        let digit = byte.checked_sub(b'0').filter(|digit| *digit <= 9)?;
        total.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

/// `m:ss` (seconds `00`..`59`, two digits) or plain seconds.
fn read_time(token: &str) -> Option<ClockTime> {
    match token.split_once(':') {
        Some((minutes, seconds)) => {
            if seconds.len() != 2 {
                return None;
            }
            let seconds = read_digits(seconds).filter(|seconds| *seconds < 60)?;
            let total = read_digits(minutes)?
                .checked_mul(60)?
                .checked_add(seconds)?;
            Some(ClockTime {
                seconds: u32::try_from(total).ok()?,
                format: TimeFormat::MinSec,
            })
        }
        None => {
            let seconds = u32::try_from(read_digits(token)?).ok()?;
            Some(ClockTime {
                seconds,
                format: TimeFormat::Seconds,
            })
        }
    }
}

/// `#RRGGBB`, either case.
fn read_colour(token: &str) -> Option<Rgb> {
    let hex = token.strip_prefix('#')?.as_bytes();
    if hex.len() != 6 {
        return None;
    }
    let channel = |at: usize| Some(hex_digit(hex[at])? * 16 + hex_digit(hex[at + 1])?);
    Some(Rgb {
        r: channel(0)?,
        g: channel(2)?,
        b: channel(4)?,
    })
}

fn hex_digit(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|digit| u8::try_from(digit).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints() {
        assert_eq!(read_int("0"), Some(0));
        assert_eq!(read_int("-1"), Some(-1));
        assert_eq!(read_int("007"), Some(7));
        assert_eq!(read_int(""), None);
        assert_eq!(read_int("-"), None);
        assert_eq!(read_int("+1"), None);
        assert_eq!(read_int("1a"), None);
        assert_eq!(read_int("99999999999999999999"), None);
    }

    #[test]
    fn times() {
        assert_eq!(read_time("1:23"), Some(ClockTime::min_sec(83)));
        assert_eq!(read_time("0:00"), Some(ClockTime::min_sec(0)));
        let plain = ClockTime {
            seconds: 58,
            format: TimeFormat::Seconds,
        };
        assert_eq!(read_time("58"), Some(plain));
        assert_eq!(read_time("1:60"), None);
        assert_eq!(read_time("1:5"), None);
        assert_eq!(read_time(":05"), None);
        assert_eq!(read_time("1:2:3"), None);
        assert_eq!(read_time("99999999:00"), None);
    }

    #[test]
    fn colours() {
        assert_eq!(read_colour("#0000ff"), Some(Rgb { r: 0, g: 0, b: 255 }));
        assert_eq!(
            read_colour("#FFfF00"),
            Some(Rgb {
                r: 255,
                g: 255,
                b: 0
            })
        );
        assert_eq!(read_colour("0000ff"), None);
        assert_eq!(read_colour("#0000f"), None);
        assert_eq!(read_colour("#00g0ff"), None);
        assert_eq!(read_colour("#00é0f"), None);
    }
}
