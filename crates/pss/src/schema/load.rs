//! Reading a schema file: one directive per line, checked as it is read.
//!
//! Every check a parse relies on happens here (types, optional fields at the end, the fields a
//! typed kind needs), so a parse never meets a schema it cannot follow.

use crate::kind::{Class, Kind, SideRule};
use crate::message::Side;

use super::{Field, FieldType, LinePattern, Schema, SchemaError, SchemaFault, Stream};

/// The state of loading one schema text.
#[derive(Default)]
pub(super) struct Loader {
    version: Option<String>,
    streams: Vec<Stream>,
    /// The line number of each stream's header, for errors found when it is complete.
    header_lines: Vec<usize>,
    lines: Vec<LinePattern>,
    /// Whether field lines now belong to the last stream (false after `version` or `line`).
    in_stream: bool,
}

impl Loader {
    pub(super) fn load(mut self, text: &str) -> Result<Schema, SchemaError> {
        for (index, raw_line) in text.lines().enumerate() {
            let line = index + 1;
            let content = strip_comment(raw_line);
            let mut words = content.split_whitespace().peekable();
            let Some(first) = words.next() else { continue };
            let at = |fault| SchemaError { line, fault };
            let indented = raw_line.starts_with([' ', '\t']);
            if indented {
                self.field(first, &mut words).map_err(at)?;
                continue;
            }
            self.finish_last()?;
            self.in_stream = first == "stream";
            match first {
                "version" => {
                    let version = words.next().ok_or(SchemaFault::MissingWord(
                        "version needs a value, e.g. version 2.3",
                    ));
                    if self.version.is_some() {
                        return Err(at(SchemaFault::DuplicateVersion));
                    }
                    self.version = Some(version.map_err(at)?.to_owned());
                    no_more(&mut words).map_err(at)?;
                }
                "line" => self.line_pattern(&mut words).map_err(at)?,
                "stream" => {
                    self.stream(&mut words).map_err(at)?;
                    self.header_lines.push(line);
                }
                other => return Err(at(SchemaFault::UnknownDirective(other.to_owned()))),
            }
        }
        self.finish_last()?;
        let version = self.version.ok_or(SchemaError {
            line: 1,
            fault: SchemaFault::MissingVersion,
        })?;
        let mut by_code: Vec<(String, usize)> = self
            .streams
            .iter()
            .enumerate()
            .map(|(index, stream)| (stream.code.clone(), index))
            .collect();
        by_code.sort();
        let mut first_bytes = [0u64; 4];
        let firsts = by_code.iter().map(|(code, _)| code.as_bytes()[0]);
        for first in firsts {
            first_bytes[usize::from(first >> 6)] |= 1 << (first & 63);
        }
        Ok(Schema {
            source: text.to_owned(),
            version,
            streams: self.streams,
            by_code,
            lines: self.lines,
            first_bytes,
        })
    }

    /// `line <kind> <pattern>`.
    fn line_pattern<'a>(
        &mut self,
        words: &mut impl Iterator<Item = &'a str>,
    ) -> Result<(), SchemaFault> {
        let kind_name = words.next().ok_or(SchemaFault::MissingWord(
            "line needs a kind and a pattern, e.g. line udp_connected Udp Port {port} connected",
        ))?;
        let kind = parse_kind(kind_name)?;
        if !kind.is_line_kind() {
            return Err(SchemaFault::KindMisplaced {
                kind: kind.name(),
                directive: "line",
            });
        }
        let pattern = words.collect::<Vec<_>>().join(" ");
        let mut parts = pattern.split("{port}");
        let (Some(prefix), Some(suffix), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(SchemaFault::BadPattern(pattern));
        };
        if prefix.is_empty() || prefix.contains(';') || suffix.contains(';') {
            return Err(SchemaFault::BadPattern(pattern));
        }
        self.lines.push(LinePattern {
            kind,
            prefix: prefix.to_owned(),
            suffix: suffix.to_owned(),
        });
        Ok(())
    }

    /// `stream <code> <kind> [side=...] [round=N]`.
    fn stream<'a>(&mut self, words: &mut impl Iterator<Item = &'a str>) -> Result<(), SchemaFault> {
        const NEEDS: &str = "stream needs a code and a kind, e.g. stream pt1 point side=blue";
        let code = words.next().ok_or(SchemaFault::MissingWord(NEEDS))?;
        let kind = parse_kind(words.next().ok_or(SchemaFault::MissingWord(NEEDS))?)?;
        if code.contains(';') {
            return Err(SchemaFault::BadCode(code.to_owned()));
        }
        if self.streams.iter().any(|stream| stream.code == code) {
            return Err(SchemaFault::DuplicateCode(code.to_owned()));
        }
        if kind.is_line_kind() {
            return Err(SchemaFault::KindMisplaced {
                kind: kind.name(),
                directive: "stream",
            });
        }
        let mut side = None;
        let mut side_given = false;
        let mut round = None;
        for word in words {
            match word.split_once('=') {
                Some(("side", "blue")) => side = Some(Side::Blue),
                Some(("side", "red")) => side = Some(Side::Red),
                Some(("side", "none")) => side = None,
                Some(("round", number)) => {
                    let parsed = number.parse::<u8>().ok().filter(|round| *round > 0);
                    round = Some(parsed.ok_or(SchemaFault::BadAttribute(word.to_owned()))?);
                }
                _ => return Err(SchemaFault::BadAttribute(word.to_owned())),
            }
            side_given |= word.starts_with("side=");
        }
        let name = kind.name();
        match kind.side_rule() {
            SideRule::Required if side.is_none() => {
                return Err(SchemaFault::SideRule(format!(
                    "kind {name} needs side=blue or side=red"
                )))
            }
            SideRule::Forbidden if side_given => {
                return Err(SchemaFault::SideRule(format!("kind {name} takes no side")))
            }
            _ => {}
        }
        let round = match (kind, round) {
            (Kind::RoundScore, Some(round)) => round,
            (Kind::RoundScore, None) => {
                return Err(SchemaFault::RoundRule(
                    "kind round_score needs round=N".to_owned(),
                ))
            }
            (_, Some(_)) => {
                return Err(SchemaFault::RoundRule(format!(
                    "kind {name} takes no round"
                )))
            }
            (_, None) => 0,
        };
        self.streams.push(Stream {
            code: code.to_owned(),
            kind,
            side,
            round,
            fields: Vec::new(),
            slots: Vec::new(),
        });
        Ok(())
    }

    /// An indented field line: `<name> <type> [args] [optional] [empty] [filled]`.
    fn field<'a>(
        &mut self,
        name: &str,
        words: &mut std::iter::Peekable<impl Iterator<Item = &'a str>>,
    ) -> Result<(), SchemaFault> {
        let stream = match self.streams.last_mut() {
            Some(stream) if self.in_stream => stream,
            _ => return Err(SchemaFault::FieldOutsideStream),
        };
        let type_name = words.next().ok_or(SchemaFault::MissingWord(
            "a field needs a name and a type, e.g. score int 0..",
        ))?;
        let ty = match type_name {
            "int" => {
                let range = words.next().ok_or(SchemaFault::MissingWord(
                    "int needs a range, e.g. int 1..5 or int 0..",
                ))?;
                parse_range(range)?
            }
            "text" => FieldType::Text,
            "time" => FieldType::Time,
            "colour" | "color" => FieldType::Colour,
            "enum" => {
                let list = words.next().ok_or(SchemaFault::MissingWord(
                    "enum needs its words, e.g. enum start|stop",
                ))?;
                let variants: Vec<String> = list.split('|').map(str::to_owned).collect();
                if variants
                    .iter()
                    .any(|word| word.is_empty() || word.contains(';'))
                {
                    return Err(SchemaFault::MissingWord(
                        "enum words must be non-empty and without ';'",
                    ));
                }
                FieldType::Enum(variants)
            }
            "label" => {
                let word = words.next().ok_or(SchemaFault::MissingWord(
                    "label needs its word, e.g. label rd1",
                ))?;
                if word.contains(';') {
                    return Err(SchemaFault::MissingWord("a label word cannot hold ';'"));
                }
                FieldType::Label(word.to_owned())
            }
            "rest" => FieldType::Rest,
            other => return Err(SchemaFault::UnknownFieldType(other.to_owned())),
        };
        let mut optional = false;
        let mut empty_ok = false;
        let mut filled = false;
        for flag in words {
            match flag {
                "optional" => optional = true,
                "empty" => empty_ok = true,
                "filled" => filled = true,
                other => return Err(SchemaFault::UnknownFlag(other.to_owned())),
            }
        }
        if filled && empty_ok {
            return Err(SchemaFault::FilledAndEmpty(name.to_owned()));
        }
        if stream.fields.iter().any(|field| field.name == name) {
            return Err(SchemaFault::DuplicateField(name.to_owned()));
        }
        if stream
            .fields
            .last()
            .is_some_and(|field| matches!(field.ty, FieldType::Rest))
        {
            return Err(SchemaFault::MisplacedRest);
        }
        if matches!(ty, FieldType::Rest) && stream.kind != Kind::Other {
            return Err(SchemaFault::MisplacedRest);
        }
        let after_optional = stream.fields.last().is_some_and(|field| field.optional);
        if after_optional && !optional && !matches!(ty, FieldType::Rest) {
            return Err(SchemaFault::RequiredAfterOptional(name.to_owned()));
        }
        check_typed_field(stream.kind, name, &ty, optional || empty_ok, filled)?;
        stream.fields.push(Field {
            name: name.to_owned(),
            ty,
            optional,
            empty_ok,
            filled,
        });
        Ok(())
    }

    /// Checks that the last stream has every field its kind needs and records where they are.
    fn finish_last(&mut self) -> Result<(), SchemaError> {
        let (Some(stream), Some(&line)) = (self.streams.last_mut(), self.header_lines.last())
        else {
            return Ok(());
        };
        if !stream.slots.is_empty() || stream.kind.slots().is_empty() {
            return Ok(());
        }
        for slot in stream.kind.slots() {
            let index = stream
                .fields
                .iter()
                .position(|field| field.name == slot.name);
            let Some(index) = index else {
                return Err(SchemaError {
                    line,
                    fault: SchemaFault::MissingField {
                        code: stream.code.clone(),
                        kind: stream.kind.name(),
                        field: slot.name,
                    },
                });
            };
            stream.slots.push(index);
        }
        Ok(())
    }
}

/// Checks one field of a typed stream against what its kind reads.
fn check_typed_field(
    kind: Kind,
    name: &str,
    ty: &FieldType,
    may_be_absent: bool,
    filled: bool,
) -> Result<(), SchemaFault> {
    if kind == Kind::Other || matches!(ty, FieldType::Label(_)) {
        return Ok(());
    }
    let Some(slot) = kind.slots().iter().find(|slot| slot.name == name) else {
        return Err(SchemaFault::UnknownField {
            kind: kind.name(),
            field: name.to_owned(),
        });
    };
    let fits = match (slot.class, ty) {
        (Class::Int, FieldType::Int { .. })
        | (Class::Text, FieldType::Text)
        | (Class::Time, FieldType::Time)
        | (Class::Colour, FieldType::Colour) => true,
        (Class::Enum(count), FieldType::Enum(words)) => words.len() == count,
        _ => false,
    };
    if !fits {
        let expected = match slot.class {
            Class::Enum(count) => format!("enum of {count} words"),
            class => class.name().to_owned(),
        };
        return Err(SchemaFault::WrongFieldType {
            kind: kind.name(),
            field: name.to_owned(),
            expected,
        });
    }
    if may_be_absent && !slot.absent_ok {
        return Err(SchemaFault::AlwaysPresent {
            kind: kind.name(),
            field: name.to_owned(),
        });
    }
    if slot.filled && !filled {
        return Err(SchemaFault::MustBeFilled {
            kind: kind.name(),
            field: name.to_owned(),
        });
    }
    Ok(())
}

/// The kind a schema names.
fn parse_kind(name: &str) -> Result<Kind, SchemaFault> {
    Kind::from_name(name).ok_or_else(|| SchemaFault::UnknownKind(name.to_owned()))
}

/// `A..B` or `A..`.
fn parse_range(range: &str) -> Result<FieldType, SchemaFault> {
    let bad = || SchemaFault::BadRange(range.to_owned());
    let (min, max) = range.split_once("..").ok_or_else(bad)?;
    let min: i64 = min.parse().map_err(|_| bad())?;
    let max: Option<i64> = match max {
        "" => None,
        max => Some(max.parse().map_err(|_| bad())?),
    };
    if max.is_some_and(|max| max < min) {
        return Err(bad());
    }
    Ok(FieldType::Int { min, max })
}

/// Fails on a word left at the end of a line.
fn no_more<'a>(words: &mut impl Iterator<Item = &'a str>) -> Result<(), SchemaFault> {
    match words.next() {
        Some(word) => Err(SchemaFault::UnexpectedWord(word.to_owned())),
        None => Ok(()),
    }
}

/// The line without its comment: from the first word that starts with `#`.
fn strip_comment(line: &str) -> &str {
    let mut at_word_start = true;
    for (index, ch) in line.char_indices() {
        if at_word_start && ch == '#' {
            return &line[..index];
        }
        at_word_start = ch.is_whitespace();
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_start_at_a_word() {
        assert_eq!(strip_comment("a b # c"), "a b ");
        assert_eq!(strip_comment("# all"), "");
        assert_eq!(strip_comment("a#b c"), "a#b c");
    }
}
