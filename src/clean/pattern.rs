//! The cleaner's regular expressions, quick to build. A repetition with a large bound
//! over a Unicode class ("more from [\w .'’-]{1,40}") compiles into one copy of the class
//! per step: the rule table took 140 ms to build, a third of it for two such
//! repetitions, on every run. So each pattern is first built with its large bounds
//! lifted ("{1,40}" read as "{1,}"), which matches whatever the exact pattern matches and
//! more, and the exact pattern is built only the first time the loose one matches: most
//! runs never need some of them. A match is always the exact pattern's.

use regex::Regex;
use std::ops::Deref;
use std::sync::OnceLock;

/// Bounds from this size on are lifted in the loose pattern; smaller ones cost little.
const LIFTED_FROM: u32 = 4;

/// The most memory the regex crate's lazy DFA may cache for a joined group of patterns
/// (the crate's default is 2 MiB). A group of many patterns in many languages may meet
/// more states than that, and a full cache is cleared and its states built again, over and
/// over. The cache grows only as states are met; single patterns keep the default.
const JOINED_DFA_CACHE_BYTES: usize = 16 << 20;

pub(crate) struct Pattern {
    /// The pattern with its large bounds lifted.
    loose: Regex,
    /// The exact pattern, when it differs from the loose one, and its build.
    exact: Option<(String, OnceLock<Regex>)>,
}

impl Pattern {
    /// Builds a pattern with ASCII word boundaries: a Unicode `\b` sends the regex crate
    /// from its DFA to a slow NFA on any non-ASCII text. The cleaner's patterns are fixed
    /// and a test builds each; should one fail, it never matches rather than panic.
    pub fn new(pattern: &str) -> Pattern {
        match forms(pattern) {
            (exact, Some(loose)) => Pattern { loose: build(&loose), exact: Some((exact, OnceLock::new())) },
            (exact, None) => Pattern { loose: build(&exact), exact: None },
        }
    }

    /// Whether the exact pattern matches somewhere in `text`; the loose one answers
    /// first, and most texts match neither.
    pub fn is_match(&self, text: &str) -> bool {
        self.loose.is_match(text) && (self.exact.is_none() || self.exact().is_match(text))
    }

    /// The exact pattern, built at the first call.
    fn exact(&self) -> &Regex {
        match &self.exact {
            Some((pattern, built)) => built.get_or_init(|| build(pattern)),
            None => &self.loose,
        }
    }
}

/// `pattern` with its large bounds lifted, for a question whose false yes costs only
/// time: whether any of a group of patterns can match, each asked exactly after.
pub(crate) fn loose(pattern: &str) -> Regex {
    let (exact, loose) = forms(pattern);
    let joined = loose.unwrap_or(exact);
    regex::RegexBuilder::new(&joined)
        .dfa_size_limit(JOINED_DFA_CACHE_BYTES)
        .build()
        .unwrap_or_else(|_| build(&joined))
}

/// Every other question (captures, find_iter, replace_all) goes to the exact pattern.
impl Deref for Pattern {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.exact()
    }
}

/// Whether both the exact and the loose form of `pattern` build.
#[cfg(test)]
pub(crate) fn builds(pattern: &str) -> bool {
    let (exact, loose) = forms(pattern);
    Regex::new(&exact).is_ok() && loose.is_none_or(|loose| Regex::new(&loose).is_ok())
}

/// The exact form of a pattern of the cleaner (word boundaries made ASCII, see
/// [`Pattern::new`]) and its loose form when that differs.
fn forms(pattern: &str) -> (String, Option<String>) {
    let exact = pattern.replace(r"\b", r"(?-u:\b)");
    let loose = lift_bounds(&exact);
    (exact, loose)
}

fn build(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|_| Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!()))
}

/// Whether a repeated atom holds a class that is large in Unicode: `\p{..}`, `\w`, `\S`,
/// a negated class or `.`. (`\d{2,4}` and `[A-Z]{2,6}` cost little as they are.)
fn is_wide(atom: &str) -> bool {
    atom == "." || ["\\p{", "\\w", "\\S", "\\W", "[^"].iter().any(|c| atom.contains(c))
}

/// The atom that ends at byte `end` of `pattern`: a group, a class, an escape or one
/// character. (Unbalanced input gives what is left: the caller only reads it.)
fn atom_before(pattern: &str, end: usize) -> &str {
    let head = &pattern[..end];
    let escaped = |i: usize| i > 0 && head.as_bytes()[i - 1] == b'\\';
    let opening = |open: u8, close: u8| {
        let mut depth = 0usize;
        for (i, b) in head.bytes().enumerate().rev() {
            if escaped(i) {
                continue;
            }
            if b == close {
                depth += 1;
            } else if b == open {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i;
                }
            }
        }
        0
    };
    let start = match head.bytes().last() {
        Some(b')') if !escaped(end - 1) => opening(b'(', b')'),
        Some(b']') if !escaped(end - 1) => opening(b'[', b']'),
        // `\p{L}`
        Some(b'}') => head.rfind("\\p{").unwrap_or(0),
        Some(_) => {
            let last = head.char_indices().last().map_or(0, |(i, _)| i);
            if escaped(last) {
                last - 1
            } else {
                last
            }
        }
        None => 0,
    };
    &head[start..]
}

/// `pattern` with every `{m,n}` over a wide atom ([`is_wide`]) where n is at least
/// [`LIFTED_FROM`] read as `{m,}`, or `None` when it has none. (The cleaner's patterns
/// hold no escaped brace.)
fn lift_bounds(pattern: &str) -> Option<String> {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    let mut lifted = false;
    while let Some(open) = rest.find('{') {
        let at = pattern.len() - rest.len() + open;
        let (before, from) = rest.split_at(open);
        out.push_str(before);
        let close = from.find('}').map_or(from.len(), |c| c + 1);
        let bounds = &from[1..close.saturating_sub(1).max(1)];
        match bounds.split_once(',') {
            Some((low, high))
                if !low.is_empty()
                    && low.bytes().all(|b| b.is_ascii_digit())
                    && high.parse::<u32>().is_ok_and(|n| n >= LIFTED_FROM)
                    && is_wide(atom_before(pattern, at)) =>
            {
                out.push('{');
                out.push_str(low);
                out.push_str(",}");
                lifted = true;
            }
            _ => out.push_str(&from[..close]),
        }
        rest = &from[close..];
    }
    out.push_str(rest);
    lifted.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_bounds_are_lifted_and_small_ones_kept() {
        assert_eq!(lift_bounds(r"more from [\w ]{1,40}$").as_deref(), Some(r"more from [\w ]{1,}$"));
        assert_eq!(
            lift_bounds(r"(?: \p{L}+){0,4} x\d{1,2}\d{4}").as_deref(),
            Some(r"(?: \p{L}+){0,} x\d{1,2}\d{4}")
        );
        assert_eq!(lift_bounds(r"\d{1,2}:\d{2}"), None);
        assert_eq!(lift_bounds(r"[A-Z]{2,6} \d{2,4}"), None, "narrow classes keep their bounds");
        assert_eq!(lift_bounds(r"[^.]{0,80}x\S{2,5}").as_deref(), Some(r"[^.]{0,}x\S{2,}"));
        assert_eq!(lift_bounds(r"\(c\)(?:a|\p{Lu}){0,6}").as_deref(), Some(r"\(c\)(?:a|\p{Lu}){0,}"));
        assert_eq!(atom_before(r"ab\(c\)", 7), r"\)");
        assert_eq!(atom_before(r"x\p{L}", 6), r"\p{L}");
        assert_eq!(lift_bounds("plain"), None);
    }

    /// The loose pattern only says where to look: a text the exact pattern refuses is
    /// refused, whatever the loose one says.
    #[test]
    fn the_exact_pattern_decides() {
        let p = Pattern::new(r"(?i)^more from [\w .'’-]{1,40}$");
        assert!(p.is_match("More from Clarín"));
        assert!(!p.is_match("More from the region's growers was expected to arrive next week"));
        assert!(p.loose.is_match("More from the region's growers was expected to arrive next week"));
        let p = Pattern::new(r"^\S{2,6}$");
        assert!(p.is_match("NYSE") && !p.is_match("NASDAQAB"));
        let p = Pattern::new(r"\S{2,6}");
        assert_eq!(p.find("NASDAQAB").map(|m| m.len()), Some(6), "other questions ask the exact pattern");
        let p = Pattern::new(r"\bcat\b");
        assert!(p.exact.is_none() && p.is_match("a cat") && !p.is_match("concatenate"));
    }
}
