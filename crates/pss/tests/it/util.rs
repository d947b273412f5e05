//! Helpers shared by the integration tests.

use pss::{decode_text, Message, Parsed};

/// Asserts the no-text-dropped property of one parse: spans are in order and do not overlap,
/// everything between them is separators (`;`, CR, LF), and a raw message holds its span's text.
pub fn assert_covers(input: &[u8], parsed: &Parsed) {
    let text = decode_text(input);
    assert_eq!(
        parsed.messages.len(),
        parsed.spans.len(),
        "one span per message"
    );
    let mut covered_to = 0;
    for (message, span) in parsed.messages.iter().zip(&parsed.spans) {
        assert!(
            span.start >= covered_to && span.end >= span.start,
            "{span:?} out of order"
        );
        let gap = &text[covered_to..span.start];
        assert!(is_separators(gap), "text {gap:?} dropped from {text:?}");
        if let Message::Raw { text: raw, .. } = message {
            assert_eq!(raw, &text[span.clone()]);
        }
        covered_to = span.end;
    }
    let tail = &text[covered_to..];
    assert!(is_separators(tail), "text {tail:?} dropped from {text:?}");
    let kept: String = parsed
        .spans
        .iter()
        .map(|span| &text[span.clone()])
        .collect();
    assert_eq!(without_separators(&kept), without_separators(&text));
}

fn is_separators(text: &str) -> bool {
    text.chars().all(|ch| matches!(ch, ';' | '\r' | '\n'))
}

fn without_separators(text: &str) -> String {
    text.chars()
        .filter(|ch| !matches!(ch, ';' | '\r' | '\n'))
        .collect()
}

/// Parses `input` with the v2.3 schema, checks the no-text-dropped property and returns each
/// message's Debug rendering.
pub fn check(input: &[u8]) -> Vec<String> {
    let parsed = pss::parse(input);
    assert_covers(input, &parsed);
    parsed
        .messages
        .iter()
        .map(|message| format!("{message:?}"))
        .collect()
}
