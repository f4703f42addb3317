//! Properties of `decode` over arbitrary input: it never panics, text that is already
//! clean UTF-8 comes back unchanged, and UTF-8 text with a few bad bytes comes back with
//! each replaced.

use corpus::ingest::decode::{decode, Skip};
use proptest::prelude::*;

const BOM: &str = "\u{feff}";

fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || c == '\u{feff}')
}

/// Controls that make a file look binary; tab, line feed, form feed and
/// carriage return are ordinary text.
fn has_binary_control(text: &str) -> bool {
    text.chars().any(|c| (c < ' ' && !matches!(c, '\t' | '\n' | '\x0c' | '\r')) || c == '\x7f')
}

/// Binary signatures that happen to be plain ASCII.
fn has_textual_magic(text: &str) -> bool {
    text.starts_with("%PDF-") || text.starts_with("GIF87a") || text.starts_with("GIF89a")
}

/// Bytes that are not all random: UTF-8 text, BOMs, Latin-1 and binary markers.
fn mixed_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        any::<u8>().prop_map(|b| vec![b]),
        "\\PC{0,8}".prop_map(String::into_bytes),
        Just(b"\xef\xbb\xbf".to_vec()),
        Just(b"\xff\xfe".to_vec()),
        Just(b"\xfe\xff".to_vec()),
        Just(b"\xa3".to_vec()),
        Just(b"caf\xe9 ".to_vec()),
        Just(b"\x00".to_vec()),
        Just(b" \n\t\xc2\xa0".to_vec()),
    ];
    prop::collection::vec(piece, 0..32).prop_map(|pieces| pieces.concat())
}

fn check_bytes(bytes: &[u8]) -> Result<(), TestCaseError> {
    let result = decode(bytes);
    if let Ok(decoded) = &result {
        prop_assert!(!is_blank(&decoded.text));
        // Lossy means something was replaced, so a U+FFFD must show.
        let replaced = decoded.text.contains(char::REPLACEMENT_CHARACTER);
        prop_assert!(replaced || !decoded.is_lossy());
    }
    let body = bytes.strip_prefix(BOM.as_bytes()).unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(body) {
        let clean = !has_binary_control(text) && !has_textual_magic(text);
        if clean && !is_blank(text) && !text.contains('\0') {
            let decoded = result.map_err(|skip| TestCaseError::fail(format!("{skip}")))?;
            prop_assert_eq!(decoded.text.as_str(), text);
            prop_assert_eq!(decoded.encoding, "UTF-8");
            prop_assert!(!decoded.is_lossy());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in any::<Vec<u8>>()) {
        check_bytes(&bytes)?;
    }

    #[test]
    fn mixed_bytes_never_panic(bytes in mixed_bytes()) {
        check_bytes(&bytes)?;
    }

    #[test]
    fn arbitrary_string(text in any::<String>(), bom in any::<bool>()) {
        let input = if bom { format!("{BOM}{text}") } else { text.clone() };
        match decode(input.as_bytes()) {
            Ok(decoded) => {
                prop_assert!(!decoded.is_lossy());
                prop_assert_eq!(decoded.text, text);
                prop_assert_eq!(decoded.encoding, "UTF-8");
            }
            Err(Skip::Empty) => prop_assert!(is_blank(&text)),
            Err(Skip::Binary) => {
                prop_assert!(has_binary_control(&text) || has_textual_magic(&text));
            }
        }
    }

    #[test]
    fn printable_string_is_kept(text in "\\PC*", bom in any::<bool>()) {
        let input = if bom { format!("{BOM}{text}") } else { text.clone() };
        check_bytes(input.as_bytes())?;
        if !is_blank(&text) && !has_textual_magic(&text) {
            prop_assert!(decode(input.as_bytes()).is_ok());
        }
    }

    #[test]
    fn utf8_with_k_bad_bytes_has_k_replacements(
        words in prop::collection::vec("[a-z]{1,8}", 40..120),
        accents in prop::collection::vec(prop::sample::select(vec!["é", "’", "“", "ü", "—", "東京"]), 5..20),
        bad in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec![0x80u8, 0xa0, 0xff, 0xfe, 0xc0])), 1..4),
    ) {
        // A text with valid multi-byte characters; bad bytes go in at spaces, so each
        // stands alone, and there are fewer of them than multi-byte characters.
        let mut text = String::new();
        for (i, word) in words.iter().enumerate() {
            text.push_str(word);
            text.push_str(accents[i % accents.len()]);
            text.push(' ');
        }
        let spaces: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).collect();
        let mut at: Vec<(usize, u8)> = bad.iter().map(|(index, byte)| (spaces[index.index(spaces.len())], *byte)).collect();
        at.sort();
        at.dedup_by_key(|(i, _)| *i);
        let mut bytes = Vec::new();
        let mut expected = String::new();
        let mut last = 0;
        for &(i, byte) in &at {
            bytes.extend(&text.as_bytes()[last..=i]);
            expected.push_str(&text[last..=i]);
            bytes.push(byte);
            expected.push(char::REPLACEMENT_CHARACTER);
            last = i + 1;
        }
        bytes.extend(&text.as_bytes()[last..]);
        expected.push_str(&text[last..]);
        let decoded = decode(&bytes).map_err(|skip| TestCaseError::fail(format!("{skip}")))?;
        prop_assert_eq!(decoded.encoding, "UTF-8");
        prop_assert_eq!(decoded.replaced, at.len());
        prop_assert_eq!(decoded.text, expected);
    }
}
