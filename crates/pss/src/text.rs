//! Bytes to text: UTF-8 when the datagram is valid UTF-8, Windows-1252 otherwise.
//!
//! tkStrike runs on Windows; athlete names with accents sometimes arrive in the Windows code
//! page instead of UTF-8 (`M\xfcller`). No encoding crate is used: Windows-1252 is one fixed
//! table of 32 entries (0x80..=0x9F) on top of Latin-1, which is shorter to write and review here
//! than a dependency that carries dozens of encodings, and it keeps this crate's only dependency
//! `thiserror`.

use std::borrow::Cow;

/// Windows-1252 bytes 0x80..=0x9F. The five bytes the code page leaves undefined (0x81, 0x8D,
/// 0x8F, 0x90, 0x9D) map to the C1 control of the same number, as the WHATWG Encoding Standard
/// does.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// Decodes datagram bytes: borrowed UTF-8 when the bytes are valid UTF-8, otherwise every byte
/// read as Windows-1252 (`M\xfcller` becomes `Müller`, `0x80` becomes `€`).
///
/// The choice is made for the whole input, never per byte, so a valid UTF-8 sequence is never
/// misread as two Windows-1252 letters.
pub fn decode_text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(bytes.iter().map(|&byte| cp1252_char(byte)).collect()),
    }
}

/// One Windows-1252 byte as a character.
fn cp1252_char(byte: u8) -> char {
    match byte {
        0x80..=0x9F => CP1252_HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_borrowed() {
        let text = decode_text("Müller".as_bytes());
        assert!(matches!(text, Cow::Borrowed("Müller")));
    }

    #[test]
    fn latin_letters_decode() {
        assert_eq!(decode_text(b"M\xfcller"), "Müller");
        assert_eq!(decode_text(b"Jos\xe9 \xc9mile"), "José Émile");
    }

    #[test]
    fn high_table_decodes() {
        assert_eq!(decode_text(b"\x80\x8a\x9f\xff"), "€ŠŸÿ");
        assert_eq!(
            decode_text(b"\x81\x8d\x8f\x90\x9d"),
            "\u{81}\u{8d}\u{8f}\u{90}\u{9d}"
        );
        assert_eq!(decode_text(b"\x93x\x94"), "\u{201C}x\u{201D}");
    }

    #[test]
    fn every_byte_decodes_to_one_char() {
        let all: Vec<u8> = (0..=255u8).collect();
        assert_eq!(decode_text(&all).chars().count(), 256);
    }
}
