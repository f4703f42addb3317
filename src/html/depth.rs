//! Bounds how deeply a page's elements nest, before any parser sees it.
//!
//! HTML parsers and the extractors built on them recurse over the tree or rescan the
//! stack of open elements: a page of 100,000 nested `<div>`s or 50,000 unclosed `<span>`s
//! overflows the stack or takes minutes. Real pages nest a few dozen levels deep; past
//! [`MAX_DEPTH`], start tags (and the end tags that close them) are dropped and their
//! text kept, in one linear scan that copies nothing when the page needs no change.

use std::borrow::Cow;

/// Open elements allowed at once. Real news pages stay well under 64.
pub const MAX_DEPTH: usize = 128;

/// Elements that never hold content, so never add a level.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
    "wbr",
];

/// Elements whose content is text up to their end tag, never markup.
const RAW_TEXT: &[&str] =
    &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"];

/// Elements a parser closes when a sibling of the same kind starts ("<li>a<li>b").
const SELF_SIBLING: &[&str] = &["p", "li", "dt", "dd", "option", "tr", "td", "th"];

/// The page with every element nested deeper than `max` unwrapped (its tags dropped,
/// its content kept). Borrowed unchanged when nothing nests that deep.
pub fn bound(html: &str, max: usize) -> Cow<'_, str> {
    let cuts = cuts(html, max);
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for (start, end) in cuts {
        out.push_str(&html[from..start]);
        from = end;
    }
    out.push_str(&html[from..]);
    Cow::Owned(out)
}

/// The byte ranges of the tags [`bound`] leaves out, in order: each a whole start or end tag.
pub fn cuts(html: &str, max: usize) -> Vec<(usize, usize)> {
    let bytes = html.as_bytes();
    let mut open: Vec<String> = Vec::new();
    // Tags dropped, by name, still waiting for their end tag.
    let mut dropped: Vec<(String, usize)> = Vec::new();
    // Byte ranges of the tags to leave out.
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    while let Some(offset) = memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(bytes.len(), |end| start + end + 3);
            continue;
        }
        let Some(tag) = Tag::parse(rest) else {
            at = start + 1;
            continue;
        };
        let end = start + tag.len;
        at = end;
        let name = tag.name.to_ascii_lowercase();
        if tag.closing {
            // The innermost elements are the dropped ones: their end tags come first.
            if let Some(entry) = dropped.iter_mut().find(|(n, _)| *n == name) {
                entry.1 -= 1;
                if entry.1 == 0 {
                    dropped.retain(|(_, count)| *count > 0);
                }
                cuts.push((start, end));
            } else if let Some(depth) = open.iter().rposition(|n| *n == name) {
                open.truncate(depth);
            }
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) && !tag.self_closing {
            // Its text may hold anything that looks like a tag: skip to its end tag.
            let close = format!("</{name}");
            at = find_ascii_case_insensitive(&html[end..], &close).map_or(bytes.len(), |i| end + i);
            continue;
        }
        if tag.self_closing || VOID.contains(&name.as_str()) {
            continue;
        }
        if SELF_SIBLING.contains(&name.as_str()) && open.last() == Some(&name) {
            open.pop();
        }
        if open.len() >= max {
            match dropped.iter_mut().find(|(n, _)| *n == name) {
                Some(entry) => entry.1 += 1,
                None => dropped.push((name, 1)),
            }
            cuts.push((start, end));
        } else {
            open.push(name);
        }
    }
    cuts
}

/// A start or end tag at the start of a string.
struct Tag<'a> {
    name: &'a str,
    closing: bool,
    self_closing: bool,
    /// Bytes from `<` to `>` included.
    len: usize,
}

impl<'a> Tag<'a> {
    fn parse(s: &'a str) -> Option<Tag<'a>> {
        let (closing, after) = match s.strip_prefix("</") {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('<')?),
        };
        let name_len =
            after.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b':').count();
        if name_len == 0 || !after.as_bytes()[0].is_ascii_alphabetic() {
            return None;
        }
        let name = &after[..name_len];
        // The tag ends at the first `>` outside a quoted attribute value.
        let mut quote = None;
        let offset = s.len() - after.len() + name_len;
        for (i, b) in s.bytes().enumerate().skip(offset) {
            match (quote, b) {
                (Some(q), b) if b == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(b),
                (None, b'>') => {
                    let self_closing = s.as_bytes()[i - 1] == b'/';
                    return Some(Tag { name, closing, self_closing, len: i + 1 });
                }
                (None, _) => {}
            }
        }
        None
    }
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..h.len().saturating_sub(n.len() - 1)).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_borrowed_unchanged() {
        let page =
            "<html><body><div><p>One<p>Two<br><img src=x></div><script>if (a<b) {}</script></body></html>";
        assert!(matches!(bound(page, 8), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_unwrapped_and_its_text_kept() {
        let page = format!("{}deep text{}", "<div>".repeat(1000), "</div>".repeat(1000));
        let bounded = bound(&page, 10);
        assert_eq!(bounded.matches("<div>").count(), 10);
        assert_eq!(bounded.matches("</div>").count(), 10);
        assert!(bounded.contains("deep text"));
    }

    #[test]
    fn unclosed_tags_are_unwrapped() {
        let page = format!("<p>{}words</p>", "<span>".repeat(50_000));
        let bounded = bound(&page, 10);
        assert_eq!(bounded.matches("<span>").count(), 9);
        assert!(bounded.ends_with("words</p>"));
    }

    #[test]
    fn tags_in_quotes_scripts_and_comments_do_not_count() {
        let page = format!(
            "<div title='>'><!-- {} --><script>{}</script>text</div>",
            "<div>".repeat(50),
            "<div>".repeat(50)
        );
        assert!(matches!(bound(&page, 2), Cow::Borrowed(_)));
    }
}
