//! The encoding a page declares in its first bytes: `<meta charset>` or the
//! `http-equiv="Content-Type"` one, as a browser's prescan finds them.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// How far into the page a declaration counts (the HTML standard's prescan reads 1024 bytes).
const PRESCAN_BYTES: usize = 1024;

/// The encoding the page declares, if any. A page that says UTF-16 in ASCII bytes cannot
/// be UTF-16, and is read as UTF-8, as browsers do.
pub fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut at = 0;
    while let Some(found) = find(&lower[at..], b"<meta") {
        let start = at + found;
        let end = lower[start..].iter().position(|&b| b == b'>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(label) = charset_in(tag) {
            if let Some(encoding) = Encoding::for_label(label) {
                return Some(if encoding == UTF_16LE || encoding == UTF_16BE { UTF_8 } else { encoding });
            }
        }
        at = end;
    }
    None
}

/// The label after `charset=` in a meta tag (`<meta charset="x">` or the content of an
/// http-equiv one), without quotes.
fn charset_in(tag: &[u8]) -> Option<&[u8]> {
    let at = find(tag, b"charset")? + "charset".len();
    let rest = &tag[at..];
    let rest = &rest[rest.iter().position(|b| !b.is_ascii_whitespace())?..];
    let rest = rest.strip_prefix(b"=")?;
    let rest = &rest[rest.iter().position(|b| !b.is_ascii_whitespace())?..];
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let len =
        rest.iter().position(|b| matches!(b, b'"' | b'\'' | b';' | b'/' | b' ' | b'>')).unwrap_or(rest.len());
    (len > 0).then(|| &rest[..len])
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_and_http_equiv_are_read() {
        assert_eq!(
            declared(b"<html><head><meta charset=\"ISO-8859-1\">").map(Encoding::name),
            Some("windows-1252")
        );
        assert_eq!(
            declared(b"<meta http-equiv='Content-Type' content='text/html; charset=Shift_JIS'>")
                .map(Encoding::name),
            Some("Shift_JIS")
        );
        assert_eq!(declared(b"<meta charset=utf-16>").map(Encoding::name), Some("UTF-8"));
    }

    #[test]
    fn no_or_unknown_declaration_is_none() {
        assert_eq!(declared(b"<html><head><title>x</title>"), None);
        assert_eq!(declared(b"<meta charset=\"klingon\">"), None);
        let late = format!("{}<meta charset=\"euc-kr\">", " ".repeat(2000));
        assert_eq!(declared(late.as_bytes()), None);
    }
}
