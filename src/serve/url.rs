//! The parts of a request's URL: its path and its query string, percent-decoded.

/// Percent-decodes `text` (and `+` as a space when `plus_is_space`, as forms and
/// URLSearchParams write it); `None` if an escape is broken or the bytes are not UTF-8.
pub fn decode(text: &str, plus_is_space: bool) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                if !hex.iter().all(u8::is_ascii_hexdigit) {
                    return None;
                }
                out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The `name=value` pairs of a query string, decoded; `Err` with the pair that is not.
pub fn query_pairs(query: &str) -> Result<Vec<(String, String)>, String> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            match (decode(name, true), decode(value, true)) {
                (Some(name), Some(value)) => Ok((name, value)),
                _ => Err(format!("the parameter {pair:?} is not percent-encoded UTF-8")),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_pluses_decode_and_broken_ones_are_refused() {
        assert_eq!(decode("seeds%2F000_a.txt", false).as_deref(), Some("seeds/000_a.txt"));
        assert_eq!(decode("a+b%20c", true).as_deref(), Some("a b c"));
        assert_eq!(decode("a+b", false).as_deref(), Some("a+b"));
        assert_eq!(decode("%EA%B5%AC%EB%8F%85", false).as_deref(), Some("구독"));
        for broken in ["%", "%2", "%zz", "%+1", "%ff", "%C3"] {
            assert_eq!(decode(broken, false), None, "{broken}");
        }
        // A multi-byte character right after a '%' is not hex, and never splits a character.
        assert_eq!(decode("%é", false), None);
    }

    #[test]
    fn query_pairs_keep_their_order_and_empty_values() {
        let pairs = query_pairs("q=open+source&facets=site%2Clang&&fuzzy").unwrap();
        let want = [("q", "open source"), ("facets", "site,lang"), ("fuzzy", "")];
        assert_eq!(pairs, want.map(|(a, b)| (a.to_string(), b.to_string())));
        assert!(query_pairs("q=%zz").is_err());
    }
}
