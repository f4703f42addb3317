//! Per-block features, as jusText and boilerpipe use them, computed in one pass.

use super::stopwords::Hits;
use super::templates::{self, KeyHash, ASCII_CLASS, DIGIT, LINK_MARK, LOWER, OTHER, SHORT_WORDS, UPPER};

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
    /// The text's template key, `templates::key`, read in the same pass as the words
    /// when `keyed`; [`Features::key`] gives it either way.
    pub(super) key: Option<u64>,
    pub(super) keyed: bool,
}

impl Features {
    /// The template key of `text`, the text these features were read from.
    pub fn key(&self, text: &str) -> Option<u64> {
        if self.keyed {
            self.key
        } else {
            templates::key(text)
        }
    }
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
    scan(text, None, true)
}

/// [`of`], and the stop-word hits of every word of `text`, `Hits::of(text)`, in the
/// same pass: the features count the words that are not links, the hits all of them
/// (separators hold no letter or digit, so they add nothing to either).
/// `keyed` as in [`scan`].
pub(crate) fn with_hits(text: &str, keyed: bool) -> (Features, Hits) {
    let mut links = Hits::default();
    let f = scan(text, Some(&mut links), keyed);
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

/// One ASCII token, read in a single pass over its bytes.
#[derive(Default)]
struct AsciiToken {
    alnum: usize,
    digits: usize,
    letters: usize,
    first_upper: Option<bool>,
    /// The span from the first letter or digit to the last.
    core: Option<(usize, usize)>,
    lower: bool,
    link_mark: bool,
}

impl AsciiToken {
    /// Reads `bytes` (ASCII, no whitespace), feeding the key when given one.
    #[inline]
    fn read(bytes: &[u8], mut key: Option<&mut KeyHash>) -> AsciiToken {
        let mut t = AsciiToken::default();
        let (mut first, mut last) = (usize::MAX, 0);
        for (k, &b) in bytes.iter().enumerate() {
            let class = ASCII_CLASS[usize::from(b & 0x7f)];
            if matches!(class, DIGIT | UPPER | LOWER) {
                t.alnum += 1;
                first = first.min(k);
                last = k;
                if let Some(key) = key.as_deref_mut() {
                    key.alphanumeric(b);
                }
                if class == DIGIT {
                    t.digits += 1;
                } else {
                    t.letters += 1;
                    t.lower |= class == LOWER;
                    if t.first_upper.is_none() {
                        t.first_upper = Some(class == UPPER);
                    }
                }
            } else if class != OTHER {
                t.link_mark |= class == LINK_MARK;
                if let Some(key) = key.as_deref_mut() {
                    key.space();
                }
            }
        }
        if first != usize::MAX {
            t.core = Some((first, last + 1));
        }
        t
    }

    /// Counts the token in `hits` as [`Hits::add_ascii`] would.
    fn count_in(&self, hits: &mut Hits, bytes: &[u8]) {
        if let Some((start, end)) = self.core {
            hits.add_ascii_core(&bytes[start..end], self.lower, bytes.ends_with(b"."));
        }
    }
}

/// The features of `text`; the hits of its link tokens go to `links` when asked for.
/// `keyed`: the template key is always read; otherwise only while the text may be a
/// template candidate in the middle of an article (under [`SHORT_WORDS`] tokens).
fn scan(text: &str, mut links_hits: Option<&mut Hits>, keyed: bool) -> Features {
    let mut f = Features {
        terminal: ends_terminal(text),
        table_row: text.starts_with('|') && text.ends_with('|') && text.len() > 1,
        keyed: true,
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
        if f.keyed && !keyed && f.tokens >= SHORT_WORDS {
            // No longer a candidate in the middle of an article: a caller that still
            // wants the key reads it from the text.
            f.keyed = false;
        }
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
        let mut letters = 0;
        let mut first_upper = None;
        if ascii || token.is_ascii() {
            let bytes = token.as_bytes();
            let t = AsciiToken::read(bytes, f.keyed.then_some(&mut key));
            if t.link_mark && is_link_token(token) {
                links += 1;
                if token.contains("://") || token.starts_with("www.") {
                    f.has_url = true;
                }
                if let Some(h) = links_hits.as_deref_mut() {
                    t.count_in(h, bytes);
                }
                continue;
            }
            t.count_in(&mut f.stop, bytes);
            alnum += t.alnum;
            digits += t.digits;
            letters = t.letters;
            first_upper = t.first_upper;
        } else {
            if is_link_token(token) {
                if f.keyed {
                    token.chars().for_each(|c| key.char(c));
                }
                links += 1;
                if token.contains("://") || token.starts_with("www.") {
                    f.has_url = true;
                }
                if let Some(h) = links_hits.as_deref_mut() {
                    h.add(token);
                }
                continue;
            }
            f.stop.add(token);
            for c in token.chars() {
                if f.keyed {
                    key.char(c);
                }
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
    if f.keyed {
        f.key = key.finish();
    }
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
    use crate::clean::stopwords::LANGS;

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
            assert_eq!(of(text).key, templates::key(text), "{text:?}");
        }
    }

    /// A long paragraph in the middle of an article is no template candidate: its key
    /// is not read with the words, and is still there for a caller that asks.
    #[test]
    fn a_long_middle_block_gives_its_key_when_asked() {
        let long = "The council met on Tuesday and approved the budget for the year, the \
            spokeswoman said, adding that the vote had been close and the debate long.";
        let short = "Subscribe to The Daily Brief!";
        let (middle, _) = with_hits(long, false);
        assert!(!middle.keyed);
        assert_eq!(middle.key(long), templates::key(long));
        let (edge, _) = with_hits(long, true);
        assert!(edge.keyed && edge.key.is_some());
        assert_eq!(edge.key(long), templates::key(long));
        let (few, _) = with_hits(short, false);
        assert!(few.keyed, "a short block is a candidate wherever it stands");
        assert_eq!(few.key(short), templates::key(short));
    }

    /// The stop words counted with the features, a byte at a time, are those that
    /// `Hits::add` counts word by word.
    #[test]
    fn the_stop_words_read_with_the_features_are_the_words_hits() {
        for text in [
            "The company said that it would release the models.",
            "Die Firma hat mitgeteilt, dass sie die Modelle freigeben wird.",
            "DEL E. WEBB said (in a note) \"the\" deal -- per share -- was A. OK...",
            "Follow us: @the · https://example.com/of/the · #and x.y@z.com",
            "...and, or; [the] 'of' \"to\" a. I. i",
            "Café — «Zürich» | la société et les modèles · ÉTÉ 2026",
        ] {
            let (f, all) = with_hits(text, true);
            let expected = Hits::of(text);
            assert_eq!(all.per_lang, expected.per_lang, "{text:?}");
            for i in 0..LANGS.len() {
                for j in 0..LANGS.len() {
                    assert_eq!(all.only(i, j), expected.only(i, j), "{text:?}");
                }
            }
            assert_eq!(all.words, expected.words, "{text:?}");
            assert!(f.stop.words <= all.words);
        }
    }
}
