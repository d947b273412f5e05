//! Schema files: broken ones are refused with their line and reason, edited ones drive parsing.

use pss::{Message, PointKind, Schema, SchemaFault, Side};

use crate::util::assert_covers;

/// The error of loading `text`, as displayed.
fn refusal(text: &str) -> String {
    match Schema::from_text(text) {
        Ok(_) => panic!("schema accepted:\n{text}"),
        Err(err) => err.to_string(),
    }
}

/// The shipped schema with `from` replaced by `to` (exactly once).
fn edited(from: &str, to: &str) -> String {
    let source = Schema::v2_3().source();
    assert_eq!(
        source.matches(from).count(),
        1,
        "{from:?} occurs once in the shipped schema"
    );
    source.replace(from, to)
}

/// The 1-based line of the first occurrence of `needle` in the shipped schema.
fn line_of(needle: &str) -> usize {
    let source = Schema::v2_3().source();
    source[..source.find(needle).expect("in the shipped schema")]
        .lines()
        .count()
        + 1
}

#[test]
fn each_fault_names_its_line() {
    let cases: &[(&str, &str)] = &[
        ("version 2.3\nstream pt1 point side=blue\n    point_kind colr\n", "line 3: unknown field type \"colr\""),
        ("version 2.3\nstreams pt1 point\n", "line 2: unknown directive \"streams\" (expected version, line or stream)"),
        ("# only a comment\nstream pt1 point side=blue\n    point_kind int 1..5\n", "line 1: no version line"),
        ("version 2.3\nversion 2.4\n", "line 2: version given twice"),
        ("version\n", "line 1: version needs a value, e.g. version 2.3"),
        ("version 2.3 beta\n", "line 1: unexpected \"beta\""),
        ("version 2.3\nstream pt1 pointe side=blue\n", "line 2: unknown kind \"pointe\""),
        ("version 2.3\nstream pt1\n", "line 2: stream needs a code and a kind, e.g. stream pt1 point side=blue"),
        ("version 2.3\nstream pt1 point side=green\n", "line 2: bad attribute \"side=green\" (expected side=blue|red|none or round=N)"),
        ("version 2.3\nstream pt1 point\n", "line 2: kind point needs side=blue or side=red"),
        ("version 2.3\nstream clk clock side=blue\n", "line 2: kind clock takes no side"),
        ("version 2.3\nstream s11 round_score side=blue\n", "line 2: kind round_score needs round=N"),
        ("version 2.3\nstream sc1 total_score side=blue round=1\n", "line 2: kind total_score takes no round"),
        ("version 2.3\nstream hel other\nstream hel other\n", "line 3: stream code \"hel\" defined twice"),
        ("version 2.3\nstream a;b other\n", "line 2: stream code \"a;b\" must be a word without ';'"),
        ("version 2.3\n    score int 0..\n", "line 2: field line outside a stream"),
        ("version 2.3\nstream sc1 total_score side=blue\n    score int 5..1\n", "line 3: bad int range \"5..1\" (expected A..B or A..)"),
        ("version 2.3\nstream sc1 total_score side=blue\n    score int x..\n", "line 3: bad int range \"x..\" (expected A..B or A..)"),
        ("version 2.3\nstream sc1 total_score side=blue\n    score int\n", "line 3: int needs a range, e.g. int 1..5 or int 0.."),
        ("version 2.3\nstream sup other\n    a int 0.. optionel\n", "line 3: unknown field flag \"optionel\" (expected optional, empty or filled)"),
        ("version 2.3\nstream sup other\n    a text filled empty\n", "line 3: field a cannot be both filled and empty"),
        ("version 2.3\nstream sup other\n    a int 0.. optional\n    b text\n", "line 4: required field b after an optional field"),
        ("version 2.3\nstream sup other\n    a text\n    a text\n", "line 4: field a defined twice"),
        ("version 2.3\nstream sup other\n    a rest\n    b text\n", "line 4: rest must be the last field of an other stream"),
        ("version 2.3\nstream sc1 total_score side=blue\n    score int 0..\n    extra rest\n", "line 4: rest must be the last field of an other stream"),
        ("version 2.3\nstream sc1 total_score side=blue\n    score int 0..\n    bonus int 0..\n", "line 4: kind total_score has no field bonus (a new field needs kind other)"),
        ("version 2.3\nstream sc1 total_score side=blue\n\nstream sc2 total_score side=red\n    score int 0..\n", "line 2: stream sc1 of kind total_score lacks field score"),
        ("version 2.3\nstream sc1 total_score side=blue\n    score text\n", "line 3: field score of kind total_score must be int"),
        ("version 2.3\nstream clk clock\n    time time\n    action enum start|stop|pause optional\n", "line 4: field action of kind clock must be enum of 2 words"),
        ("version 2.3\nstream sc1 total_score side=blue\n    score int 0.. optional\n", "line 3: field score of kind total_score cannot be optional or empty"),
        ("version 2.3\nline udp_connected Udp Port connected\n", "line 2: line pattern \"Udp Port connected\" must hold {port} exactly once"),
        ("version 2.3\nline clock Udp Port {port} connected\n", "line 2: kind clock cannot be used with line"),
        ("version 2.3\nstream x udp_connected\n", "line 2: kind udp_connected cannot be used with stream"),
        ("version 2.3\nstream pre fight_loaded\n    word label\n", "line 3: label needs its word, e.g. label rd1"),
        ("version 2.3\nstream win winner\n    side enum\n", "line 3: enum needs its words, e.g. enum start|stop"),
        ("version 2.3\nline udp_connected Udp Port {port} connected\n    port int 0..\n", "line 3: field line outside a stream"),
    ];
    for (text, expected) in cases {
        assert_eq!(&refusal(text), expected, "schema:\n{text}");
    }
}

#[test]
fn errors_are_typed() {
    let err = Schema::from_text("version 2.3\nstream pt1 point side=blue\n    point_kind colr\n")
        .expect_err("colr is no type");
    assert_eq!(err.line, 3);
    assert_eq!(err.fault, SchemaFault::UnknownFieldType("colr".to_owned()));
}

#[test]
fn a_broken_shipped_schema_names_the_right_line() {
    let text = edited(
        "    level       int 1..100\nstream hl2",
        "    level       colr\nstream hl2",
    );
    let line = line_of("    level       int 1..100\nstream hl2");
    assert_eq!(
        refusal(&text),
        format!("line {line}: unknown field type \"colr\"")
    );
}

/// Issue #20: a match load must name its match, so a schema may not let `number` be empty.
#[test]
fn a_match_config_whose_number_may_be_empty_is_refused() {
    let from = "    number              text                filled\n";
    let line = line_of(from);
    assert_eq!(
        refusal(&edited(from, "    number              text\n")),
        format!("line {line}: field number of kind match_config must be filled")
    );
}

#[test]
fn a_renamed_code_parses_and_encodes() {
    let schema = Schema::from_text(&edited(
        "stream pt1 point side=blue",
        "stream pb1 point side=blue",
    ))
    .expect("renamed code loads");
    let parsed = schema.parse(b"pb1;3;pt1;3;");
    let point = Message::Point {
        side: Side::Blue,
        kind: PointKind::Head,
    };
    assert_eq!(parsed.messages[0], point);
    assert_eq!(parsed.messages[1].kind(), "raw");
    assert_eq!(schema.encode(&point), "pb1;3;");
}

#[test]
fn a_new_stream_becomes_other() {
    let text = format!(
        "{}\nstream vid other\n    clip    text\n    offset  int 0..\n    note    text optional\n",
        Schema::v2_3().source()
    );
    let schema = Schema::from_text(&text).expect("new stream loads");
    let input = b"vid;c1;12;vid;c2;x;sc1;3;";
    let parsed = schema.parse(input);
    assert_covers(input, &parsed);
    let vid = Message::Other {
        code: "vid".to_owned(),
        fields: vec!["c1".to_owned(), "12".to_owned()],
    };
    assert_eq!(parsed.messages[0], vid);
    assert_eq!(
        parsed.messages[1],
        Message::Raw {
            text: "vid;c2;x".to_owned(),
            reason: "vid: offset \"x\" is not a number".to_owned()
        }
    );
    assert_eq!(
        parsed.messages[2],
        Message::TotalScore {
            side: Side::Blue,
            score: 3
        }
    );
    assert_eq!(schema.encode(&vid), "vid;c1;12;");
    // The shipped schema does not know the stream.
    assert_eq!(pss::parse(b"vid;c1;12;").messages[0].kind(), "raw");
}

#[test]
fn a_field_added_to_an_other_stream_is_read() {
    let schema = Schema::from_text(&edited(
        "stream sup other\n    value       int 0..     optional",
        "stream sup other\n    value       int 0..     optional\n    unit        enum s|ms   optional",
    ))
    .expect("edited sup loads");
    let parsed = schema.parse(b"sup;5;ms;sup;5;kg;");
    let fields = |fields: &[&str]| fields.iter().map(|field| field.to_string()).collect();
    assert_eq!(
        parsed.messages[0],
        Message::Other {
            code: "sup".to_owned(),
            fields: fields(&["5", "ms"])
        }
    );
    assert_eq!(
        parsed.messages[1],
        Message::Other {
            code: "sup".to_owned(),
            fields: fields(&["5"])
        }
    );
    assert_eq!(parsed.messages[2].kind(), "raw");
}

#[test]
fn edited_words_and_patterns_are_used() {
    let text = edited(
        "    side        enum BLUE|RED",
        "    side        enum blue|red",
    )
    .replace("Udp Port {port} connected", "UDP {port} up");
    let schema = Schema::from_text(&text).expect("edited words load");
    let parsed = schema.parse(b"win;red;UDP 7000 up;");
    assert_eq!(
        parsed.messages,
        vec![
            Message::Winner { side: Side::Red },
            Message::UdpConnected { port: 7000 }
        ]
    );
    assert_eq!(
        schema.encode(&Message::UdpConnected { port: 1 }),
        "UDP 1 up;"
    );
}

#[test]
fn version_and_source() {
    let schema = Schema::from_text("version 9.9-test\n").expect("a minimal schema loads");
    assert_eq!(schema.version(), "9.9-test");
    assert_eq!(schema.source(), "version 9.9-test\n");
    // Nothing is known: everything is raw, nothing is dropped, nothing is encoded.
    let parsed = schema.parse(b"pt1;3;");
    assert_eq!(parsed.n_errors(), 1);
    assert_eq!(schema.encode(&Message::FightLoaded), "");
}
