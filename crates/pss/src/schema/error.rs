//! Why a schema file is refused: the line, and a typed fault with a readable message.

/// A schema file that cannot be used: the 1-based line and what is wrong there.
///
/// Displays as `line 12: unknown field type "colr"`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {fault}")]
pub struct SchemaError {
    /// The 1-based line number in the schema text.
    pub line: usize,
    /// What is wrong on that line.
    pub fault: SchemaFault,
}

/// What is wrong with a schema line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaFault {
    /// The first word of a line is not `version`, `line` or `stream`, and the line is not
    /// indented as a field.
    #[error("unknown directive \"{0}\" (expected version, line or stream)")]
    UnknownDirective(String),
    /// The text has no `version` line.
    #[error("no version line")]
    MissingVersion,
    /// A second `version` line.
    #[error("version given twice")]
    DuplicateVersion,
    /// A directive lacks a word it needs.
    #[error("{0}")]
    MissingWord(&'static str),
    /// A word left over at the end of a line.
    #[error("unexpected \"{0}\"")]
    UnexpectedWord(String),
    /// The kind is not one of the message kinds.
    #[error("unknown kind \"{0}\"")]
    UnknownKind(String),
    /// A kind used where it cannot be (`udp_connected` in a stream, `point` in a line).
    #[error("kind {kind} cannot be used with {directive}")]
    KindMisplaced {
        /// The kind named.
        kind: &'static str,
        /// `stream` or `line`.
        directive: &'static str,
    },
    /// A `stream` header attribute that is not `side=blue|red|none` or `round=N`.
    #[error("bad attribute \"{0}\" (expected side=blue|red|none or round=N)")]
    BadAttribute(String),
    /// A kind that needs `side=blue|red` has none, or one that names no athlete has one.
    #[error("{0}")]
    SideRule(String),
    /// A round_score stream without `round=N`, or `round=` on another kind.
    #[error("{0}")]
    RoundRule(String),
    /// The same stream code twice.
    #[error("stream code \"{0}\" defined twice")]
    DuplicateCode(String),
    /// A stream code that cannot appear on the wire as one field.
    #[error("stream code \"{0}\" must be a word without ';'")]
    BadCode(String),
    /// An indented field line before any `stream`.
    #[error("field line outside a stream")]
    FieldOutsideStream,
    /// The field type is not one of int, text, time, colour, enum, label, rest.
    #[error("unknown field type \"{0}\"")]
    UnknownFieldType(String),
    /// An `int` range that is not `A..B` or `A..` with whole numbers, A <= B.
    #[error("bad int range \"{0}\" (expected A..B or A..)")]
    BadRange(String),
    /// A field flag that is not `optional`, `empty` or `filled`.
    #[error("unknown field flag \"{0}\" (expected optional, empty or filled)")]
    UnknownFlag(String),
    /// A field marked both `filled` and `empty`.
    #[error("field {0} cannot be both filled and empty")]
    FilledAndEmpty(String),
    /// A required field after an optional one.
    #[error("required field {0} after an optional field")]
    RequiredAfterOptional(String),
    /// The same field name twice in one stream.
    #[error("field {0} defined twice")]
    DuplicateField(String),
    /// `rest` that is not the last field or not in an `other` stream.
    #[error("rest must be the last field of an other stream")]
    MisplacedRest,
    /// A typed kind does not read a field of this name.
    #[error("kind {kind} has no field {field} (a new field needs kind other)")]
    UnknownField {
        /// The stream's kind.
        kind: &'static str,
        /// The field named.
        field: String,
    },
    /// A typed kind needs a field the stream does not have.
    #[error("stream {code} of kind {kind} lacks field {field}")]
    MissingField {
        /// The stream code.
        code: String,
        /// The stream's kind.
        kind: &'static str,
        /// The field it needs.
        field: &'static str,
    },
    /// A typed field with the wrong type or the wrong number of enum words.
    #[error("field {field} of kind {kind} must be {expected}")]
    WrongFieldType {
        /// The stream's kind.
        kind: &'static str,
        /// The field.
        field: String,
        /// What it must be, e.g. `int` or `enum of 2 words`.
        expected: String,
    },
    /// `optional` or `empty` on a typed field that always has a value.
    #[error("field {field} of kind {kind} cannot be optional or empty")]
    AlwaysPresent {
        /// The stream's kind.
        kind: &'static str,
        /// The field.
        field: String,
    },
    /// A typed field the kind cannot do without, not marked `filled` (a `match_config`
    /// stream whose `number` may be empty would load a match that names no match).
    #[error("field {field} of kind {kind} must be filled")]
    MustBeFilled {
        /// The stream's kind.
        kind: &'static str,
        /// The field.
        field: String,
    },
    /// A `line` pattern without exactly one `{port}`.
    #[error("line pattern \"{0}\" must hold {{port}} exactly once")]
    BadPattern(String),
}
