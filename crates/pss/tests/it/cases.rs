//! The data-driven cases of `tests/data/streams.cases`: wire text in, Debug renderings out.

use std::path::PathBuf;

use crate::util::check;

/// One `> INPUT` line and the expected message lines after it.
struct Case {
    /// The 1-based line of the input in the file.
    line: usize,
    /// The input as written, escapes and all.
    written: String,
    expected: Vec<String>,
}

fn cases_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/streams.cases")
}

/// Reads `\r`, `\n`, `\\` and `\xNN` escapes into bytes.
fn unescape(written: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(written.len());
    let mut rest = written.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        rest = tail;
        if byte != b'\\' {
            bytes.push(byte);
            continue;
        }
        match rest.split_first() {
            Some((b'r', tail)) => (bytes.push(b'\r'), rest = tail).1,
            Some((b'n', tail)) => (bytes.push(b'\n'), rest = tail).1,
            Some((b'\\', tail)) => (bytes.push(b'\\'), rest = tail).1,
            Some((b'x', tail)) if tail.len() >= 2 => {
                let hex = std::str::from_utf8(&tail[..2]).expect("\\x needs two hex digits");
                bytes.push(u8::from_str_radix(hex, 16).expect("\\x needs two hex digits"));
                rest = &tail[2..];
            }
            _ => panic!("bad escape in {written:?}"),
        }
    }
    bytes
}

#[test]
fn every_stream_and_quirk() {
    let path = cases_path();
    let file = std::fs::read_to_string(&path).expect("tests/data/streams.cases is readable");
    let mut cases: Vec<Case> = Vec::new();
    for (index, line) in file.lines().enumerate() {
        if let Some(input) = line.strip_prefix('>') {
            let written = input.strip_prefix(' ').unwrap_or(input).to_owned();
            cases.push(Case {
                line: index + 1,
                written,
                expected: Vec::new(),
            });
        } else if !line.is_empty() && !line.starts_with('#') {
            let case = cases
                .last_mut()
                .expect("an expectation before any `>` input");
            case.expected.push(line.to_owned());
        }
    }
    assert!(
        cases.len() > 100,
        "the case file holds {} cases",
        cases.len()
    );

    if std::env::var_os("UPDATE_EXPECT").is_some() {
        let mut updated = String::new();
        for line in file.lines() {
            if line.starts_with('>') || line.is_empty() || line.starts_with('#') {
                updated.push_str(line);
                updated.push('\n');
            }
            if let Some(input) = line.strip_prefix('>') {
                for rendering in check(&unescape(input.strip_prefix(' ').unwrap_or(input))) {
                    updated.push_str(&rendering);
                    updated.push('\n');
                }
            }
        }
        std::fs::write(&path, updated).expect("tests/data/streams.cases is writable");
        return;
    }

    let mut failures = Vec::new();
    for case in &cases {
        let actual = check(&unescape(&case.written));
        if actual != case.expected {
            failures.push(format!(
                "line {}: > {}\n  expected:\n    {}\n  actual:\n    {}",
                case.line,
                case.written,
                case.expected.join("\n    "),
                actual.join("\n    ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
