//! Per-block features, as jusText and boilerpipe use them, computed in one pass.

use super::stopwords::Hits;
use super::templates::KeyHash;

#[derive(Debug, Clone, Default)]
pub(crate) struct Features {
    /// Words; Han and Kana characters count one word per two characters.
    pub words: usize,
    /// Whitespace-separated tokens, separators and links included.
    pub tokens: usize,
    pub stop: Hits,
    /// Ends like a sentence (. ! ? … : and closing quotes or brackets after them).
    pub terminal: bool,
    /// Share of tokens that are URLs, e-mail addresses, @handles or #tags.
    pub link_share: f32,
    /// Share of alphanumeric characters that are digits.
    pub digit_share: f32,
    /// Share of words of four or more letters that start with a capital.
    pub cap_share: f32,
    /// Starts with a bullet or a number followed by "." or ")".
    pub list_item: bool,
    /// Menu separators: " | ", " · ", " • ", " / ", " > ".
    pub separators: usize,
    /// A Markdown table row (starts and ends with '|').
    pub table_row: bool,
    /// Holds a URL.
    pub has_url: bool,
    /// Laid out in columns in the input (set from the block, not the text).
    pub columns: bool,
    /// A line of a table of figures, or a label heading or following one (set from the
    /// article's blocks by `classify::mark_data`).
    pub data: bool,
    /// The text's template key, `templates::key`, read in the same pass as the words.
    pub key: Option<u64>,
}

fn is_link_token(t: &str) -> bool {
    // Each kind of link below holds one of these: most words hold none.
    if !t.bytes().any(|b| matches!(b, b'@' | b'#' | b':' | b'.')) {
        return false;
    }
    let t = t.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | '<' | '>' | ',' | '.' | '"' | '\''));
    t.starts_with("http://")
        || t.starts_with("https://")
        || t.starts_with("www.")
        || (t.len() > 1
            && (t.starts_with('@') || t.starts_with('#'))
            && t[1..].chars().all(|c| c.is_alphanumeric() || c == '_'))
        || (t.contains('@') && t.contains('.') && !t.starts_with('@'))
}

fn ends_terminal(text: &str) -> bool {
    // "... computer-related products. Reuter": the sign-off sits on the last line.
    let text = text.strip_suffix("Reuter").or_else(|| text.strip_suffix("REUTER")).unwrap_or(text).trim_end();
    let core = text.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', '*', '_']);
    core.ends_with(['.', '!', '?', '…', ':', ';', '。', '！', '？', '：'])
}

pub(crate) fn of(text: &str) -> Features {
    scan(text, None)
}

/// [`of`], and the stop-word hits of every word of `text`, `Hits::of(text)`, in the
/// same pass: the features count the words that are not links, the hits all of them
/// (separators hold no letter or digit, so they add nothing to either).
pub(crate) fn with_hits(text: &str) -> (Features, Hits) {
    let mut links = Hits::default();
    let f = scan(text, Some(&mut links));
    links.merge(&f.stop);
    (f, links)
}

fn is_separator(token: &str) -> bool {
    matches!(token, "|" | "·" | "•" | "/" | ">" | "»" | "›" | "→" | "–" | "-" | "—")
}

/// `text.split_whitespace()`; ASCII text (`ascii`) is split a byte at a time, without
/// decoding characters.
fn words(text: &str, ascii: bool) -> impl Iterator<Item = &str> {
    // The characters `char::is_whitespace` holds in ASCII.
    let space = |b: &u8| matches!(b, b'\t'..=b'\r' | b' ');
    let mut rest = text;
    std::iter::from_fn(move || {
        let word = if ascii {
            let bytes = rest.as_bytes();
            let start = bytes.iter().position(|b| !space(b))?;
            let end = bytes[start..].iter().position(space).map_or(bytes.len(), |n| start + n);
            // ASCII: every byte starts a character.
            let word = &rest[start..end];
            rest = &rest[end..];
            word
        } else {
            let trimmed = rest.trim_start();
            let end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
            let (word, tail) = trimmed.split_at(end);
            rest = tail;
            word
        };
        (!word.is_empty()).then_some(word)
    })
}

/// The features of `text`; the hits of its link tokens go to `links` when asked for.
fn scan(text: &str, mut links_hits: Option<&mut Hits>) -> Features {
    let mut f = Features {
        terminal: ends_terminal(text),
        table_row: text.starts_with('|') && text.ends_with('|') && text.len() > 1,
        ..Features::default()
    };
    let trimmed = text.trim_start();
    f.list_item = ["- ", "* ", "• ", "– ", "— ", "· ", "► ", "▪ "].iter().any(|b| trimmed.starts_with(b))
        || {
            let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
            digits > 0
                && digits < 3
                && matches!(trimmed.as_bytes().get(digits), Some(b'.' | b')'))
                && trimmed.as_bytes().get(digits + 1) == Some(&b' ')
        };
    let (mut tokens, mut links, mut capitalised, mut long_words) = (0usize, 0usize, 0usize, 0usize);
    let (mut digits, mut alnum, mut cjk) = (0usize, 0usize, 0usize);
    let ascii = text.is_ascii();
    let mut key = KeyHash::new();
    for token in words(text, ascii) {
        f.tokens += 1;
        // Whitespace before the token, then its characters: a separator holds nothing
        // the key keeps, whitespace is on both sides of it.
        key.space();
        if is_separator(token) {
            if token != "—" && token != "–" && token != "-" {
                f.separators += 1;
            }
            continue;
        }
        tokens += 1;
        if is_link_token(token) {
            token.chars().for_each(|c| key.char(c));
            links += 1;
            if token.contains("://") || token.starts_with("www.") {
                f.has_url = true;
            }
            if let Some(h) = links_hits.as_deref_mut() {
                h.add(token);
            }
            continue;
        }
        let ascii = ascii || token.is_ascii();
        if ascii {
            f.stop.add_ascii(token.as_bytes());
        } else {
            f.stop.add(token);
        }
        let mut letters = 0;
        let mut first_upper = None;
        if ascii {
            // The same counts as below, where a character is a byte and no letter is CJK.
            for b in token.bytes() {
                if b.is_ascii_digit() {
                    alnum += 1;
                    digits += 1;
                    key.alphanumeric(b);
                } else if b.is_ascii_alphabetic() {
                    alnum += 1;
                    letters += 1;
                    if first_upper.is_none() {
                        first_upper = Some(b.is_ascii_uppercase());
                    }
                    key.alphanumeric(b);
                } else {
                    key.ascii(b);
                }
            }
        } else {
            for c in token.chars() {
                key.char(c);
                if c.is_alphanumeric() {
                    alnum += 1;
                    if c.is_numeric() {
                        digits += 1;
                    } else {
                        letters += 1;
                        if first_upper.is_none() {
                            first_upper = Some(c.is_uppercase());
                        }
                        if matches!(c as u32, 0x3040..=0x30ff | 0x4e00..=0x9fff | 0x3400..=0x4dbf) {
                            cjk += 1;
                        }
                    }
                }
            }
        }
        if letters >= 4 {
            long_words += 1;
            if first_upper == Some(true) {
                capitalised += 1;
            }
        }
    }
    f.key = key.finish();
    f.words = f.stop.words as usize + links + cjk / 2;
    if tokens > 0 {
        f.link_share = links as f32 / tokens as f32;
    }
    if alnum > 0 {
        f.digit_share = digits as f32 / alnum as f32;
    }
    if long_words > 0 {
        f.cap_share = capitalised as f32 / long_words as f32;
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_what_it_should() {
        let f = of("Follow us: @corpus · https://example.com · #news");
        assert!(f.link_share > 0.5, "{f:?}");
        assert!(f.has_url);
        assert_eq!(f.separators, 2);
        let f = of("| Model | Company | Open Source? |");
        assert!(f.table_row);
        let f = of("- Developer ecosystem: Open models build an enormous community.");
        assert!(f.list_item && f.terminal);
        assert_eq!(f.words, 8);
    }

    #[test]
    fn the_key_read_with_the_words_is_the_template_key() {
        for text in [
            "Follow us: @corpus · https://example.com/2026/04/06/a-story · #news",
            "Shr 34 cts vs 1.19 dlrs | Net 412,737 vs 1,001,315",
            "12 34 abc -- U.S. x",
            "  Subscribe to The Daily Brief!  ",
            "Café — «Zürich» | 뉴스레터를 구독하세요 · ÉTÉ 2026",
            "a\tb\u{a0}c\u{2009}d",
            "",
            "— | ·",
        ] {
            assert_eq!(of(text).key, crate::clean::templates::key(text), "{text:?}");
        }
    }
}
