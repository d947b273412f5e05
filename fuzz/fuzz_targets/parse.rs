//! cargo-fuzz target: `pss::parse` on arbitrary bytes must not panic, must cover every byte of
//! text with its spans, and every typed message must encode to text that parses back to it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let parsed = pss::parse(bytes);
    let text = pss::decode_text(bytes);
    let mut covered_to = 0;
    for span in &parsed.spans {
        assert!(span.start >= covered_to && span.end <= text.len());
        let gap = &text[covered_to..span.start];
        assert!(
            gap.chars().all(|ch| matches!(ch, ';' | '\r' | '\n')),
            "dropped {gap:?}"
        );
        covered_to = span.end;
    }
    let schema = pss::Schema::v2_3();
    for message in parsed.messages.iter().filter(|message| !message.is_raw()) {
        let wire = schema.encode(message);
        assert_eq!(
            &pss::parse(wire.as_bytes()).messages,
            std::slice::from_ref(message)
        );
    }
});
