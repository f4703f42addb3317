//! Highlighted snippets for a search hit.
//!
//! The search code tokenizes a stored body with the index's analyser and hands the tokens in;
//! this module finds where the query is satisfied (`find_matches`) and cuts sentence-aligned
//! windows around the best spots (`fragments`). It never calls tantivy, so it can be tested
//! with any tokenizer. Windows are measured in characters, so Hangul or CJK text gets as much
//! context as Latin text.

use std::cmp::Reverse;
use std::collections::HashMap;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

/// One token of the analysed text: byte range in the original text, token position
/// (0, 1, 2...), and the normalised form the index stores (lowercased, accent-folded, stemmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub position: usize,
    pub text: String,
}

/// What the query asks for, already normalised by the same analyser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryPart {
    Term(String),
    Phrase(Vec<String>),
    Prefix(String),
    Fuzzy { term: String, distance: u8 },
}

/// A highlighted match: byte range in the text, and the index of the `QueryPart` it satisfies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub part: usize,
}

/// A window of the body to show for a hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fragment {
    /// Exactly `&body[range.0..range.1]`.
    pub text: String,
    /// Byte ranges relative to `text`, on char boundaries, in order, non-overlapping.
    pub highlights: Vec<(usize, usize)>,
    /// Byte range of `text` in the body.
    pub range: (usize, usize),
    /// The fragment starts in the middle of a sentence.
    pub starts_inside: bool,
    /// The fragment ends in the middle of a sentence.
    pub ends_inside: bool,
}

/// Every place where a query part is satisfied, sorted by start and non-overlapping
/// (of two overlapping matches the longer one wins, then the earlier one).
///
/// A phrase matches only where its words sit at consecutive positions, and yields one match
/// covering the whole phrase. Empty terms and prefixes match nothing.
pub fn find_matches(tokens: &[Token], parts: &[QueryPart]) -> Vec<Match> {
    let tokens: Vec<&Token> = tokens.iter().filter(|t| t.start < t.end).collect();
    let needs_positions = parts.iter().any(|p| matches!(p, QueryPart::Phrase(words) if words.len() > 1));
    let mut by_position = Vec::new();
    if needs_positions {
        // Usually already in order, which makes this sort a single pass.
        by_position.clone_from(&tokens);
        by_position.sort_by_key(|t| t.position);
    }

    let mut found = Vec::new();
    for (part, query) in parts.iter().enumerate() {
        match query {
            QueryPart::Term(term) => push_where(&mut found, &tokens, part, |t| !term.is_empty() && t == term),
            QueryPart::Prefix(prefix) => push_where(&mut found, &tokens, part, |t| {
                !prefix.is_empty() && t.starts_with(prefix.as_str())
            }),
            QueryPart::Fuzzy { term, distance } => {
                // Token texts repeat a lot; remember each verdict.
                let mut seen: HashMap<&str, bool> = HashMap::new();
                for token in &tokens {
                    let hit = *seen.entry(token.text.as_str()).or_insert_with(|| {
                        !term.is_empty() && edit_distance_within(&token.text, term, *distance)
                    });
                    if hit {
                        found.push(Match { start: token.start, end: token.end, part });
                    }
                }
            }
            QueryPart::Phrase(words) => match words.as_slice() {
                [] => {}
                [word] => push_where(&mut found, &tokens, part, |t| !word.is_empty() && t == word),
                [first, rest @ ..] => {
                    for token in tokens.iter().filter(|t| t.text == *first) {
                        if let Some(last) = phrase_end(token, rest, &by_position) {
                            if last.end > token.start {
                                found.push(Match { start: token.start, end: last.end, part });
                            }
                        }
                    }
                }
            },
        }
    }
    resolve_overlaps(found)
}

/// Whether a token with this text could take part in a match of `parts`: what
/// `find_matches` would look at. Tokens that cannot are not worth keeping.
pub fn may_match(parts: &[QueryPart], text: &str) -> bool {
    parts.iter().any(|part| match part {
        QueryPart::Term(term) => term == text,
        QueryPart::Prefix(prefix) => text.starts_with(prefix.as_str()),
        QueryPart::Phrase(words) => words.iter().any(|w| w == text),
        QueryPart::Fuzzy { .. } => true,
    })
}

/// The first letters of every token `may_match` can accept, or `None` when any token
/// may (a fuzzy part): words starting with another letter need not be analysed at all.
pub fn first_letters(parts: &[QueryPart]) -> Option<Vec<char>> {
    let mut letters = Vec::new();
    for part in parts {
        let texts: &[String] = match part {
            QueryPart::Term(term) | QueryPart::Prefix(term) => std::slice::from_ref(term),
            QueryPart::Phrase(words) => words,
            QueryPart::Fuzzy { .. } => return None,
        };
        for text in texts {
            // An empty term or prefix would let any token through.
            letters.push(text.chars().next()?);
        }
    }
    Some(letters)
}

/// Levenshtein distance in chars is at most `max`; gives up as soon as it cannot be.
pub fn edit_distance_within(a: &str, b: &str, max: u8) -> bool {
    let max = usize::from(max);
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    // Only cells with |i - j| <= max can hold a distance <= max, so fill just that band;
    // `over` stands for "too far" and keeps the sums from growing.
    let over = max + 1;
    let mut prev: Vec<usize> = (0..=b.len()).map(|j| j.min(over)).collect();
    let mut cur = vec![over; b.len() + 1];
    for i in 1..=a.len() {
        let lo = i.saturating_sub(max).max(1);
        let hi = (i + max).min(b.len());
        cur[lo - 1] = if lo == 1 { i.min(over) } else { over };
        let mut row_min = cur[lo - 1];
        for j in lo..=hi {
            let substitution = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let cell = substitution.min(prev[j] + 1).min(cur[j - 1] + 1).min(over);
            cur[j] = cell;
            row_min = row_min.min(cell);
        }
        if hi < b.len() {
            cur[hi + 1] = over;
        }
        if row_min > max {
            return false;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] <= max
}

/// Up to `max_fragments` windows of about `window_chars` characters around the best matches,
/// in document order.
///
/// A window holds whole sentences around a match while they fit; a sentence longer than the
/// window is cut at word boundaries instead. Windows are ranked by the number of distinct
/// query parts they show, then by the number of matches, then by position. With no usable
/// match the opening of the body is returned. Matches that are empty, out of range or not on
/// char boundaries are ignored. An empty or all-whitespace body gives no fragment.
pub fn fragments(body: &str, matches: &[Match], max_fragments: usize, window_chars: usize) -> Vec<Fragment> {
    if max_fragments == 0 || body.trim().is_empty() {
        return Vec::new();
    }
    let budget = window_chars.max(1);
    let matches = usable(body, matches);
    fragments_in(body, &Sentences::around(body, &matches), &matches, max_fragments, budget)
}

/// The matches that lie on the body's char boundaries, sorted and apart.
fn usable(body: &str, matches: &[Match]) -> Vec<Match> {
    resolve_overlaps(
        matches
            .iter()
            .copied()
            .filter(|m| {
                m.start < m.end
                    && m.end <= body.len()
                    && body.is_char_boundary(m.start)
                    && body.is_char_boundary(m.end)
            })
            .collect(),
    )
}

/// [`fragments`] over a body split into `sentences`, for matches already sorted and apart.
fn fragments_in(
    body: &str,
    sentences: &Sentences,
    matches: &[Match],
    max_fragments: usize,
    budget: usize,
) -> Vec<Fragment> {
    if matches.is_empty() {
        let first_char = body.len() - body.trim_start().len();
        return sentences
            .window_around(first_char, first_char, budget)
            .and_then(|window| fragment(body, &window, matches))
            .into_iter()
            .collect();
    }

    let mut candidates: Vec<Candidate> = Vec::new();
    let mut previous_core = None;
    for m in matches {
        let core = sentences.core(m.start, m.end);
        // Matches in the same short sentence(s) would build the same window again.
        if previous_core == Some(core) && sentences.chars_in(core) <= budget {
            continue;
        }
        previous_core = Some(core);
        match sentences.window_around(m.start, m.end, budget) {
            // A window of nothing but whitespace (around a whitespace "match") shows nothing.
            Some(window) if window.range.0 < window.range.1 => {
                candidates.push(score(window, matches));
            }
            _ => {}
        }
    }
    candidates.sort_by_key(|c| (Reverse(c.distinct), Reverse(c.count), c.window.range.0));

    let mut picked: Vec<Window> = Vec::new();
    for candidate in candidates {
        if picked.len() >= max_fragments {
            break;
        }
        let (start, end) = candidate.window.range;
        if picked.iter().all(|w| end <= w.range.0 || w.range.1 <= start) {
            picked.push(candidate.window);
        }
    }
    picked.sort_by_key(|w| w.range.0);
    picked.iter().filter_map(|w| fragment(body, w, matches)).collect()
}

fn push_where(found: &mut Vec<Match>, tokens: &[&Token], part: usize, accept: impl Fn(&str) -> bool) {
    found.extend(tokens.iter().filter(|t| accept(&t.text)).map(|t| Match {
        start: t.start,
        end: t.end,
        part,
    }));
}

/// The token holding the last word when `rest` follows `first` at consecutive positions;
/// `by_position` is sorted by position.
fn phrase_end<'a>(first: &'a Token, rest: &[String], by_position: &[&'a Token]) -> Option<&'a Token> {
    let mut last = first;
    for (offset, word) in rest.iter().enumerate() {
        let position = first.position.checked_add(offset + 1)?;
        let from = by_position.partition_point(|t| t.position < position);
        last = by_position[from..].iter().take_while(|t| t.position == position).find(|t| t.text == *word)?;
    }
    Some(last)
}

/// Sorts by start and drops overlaps, keeping the longer match (the earlier one on a tie).
fn resolve_overlaps(mut found: Vec<Match>) -> Vec<Match> {
    found.sort_by_key(|m| (m.start, Reverse(m.end), m.part));
    let mut kept: Vec<Match> = Vec::with_capacity(found.len());
    for m in found {
        match kept.last_mut() {
            // `m` starts after every earlier kept match ends, so replacing the last one is safe.
            Some(last) if m.start < last.end => {
                if m.end - m.start > last.end - last.start {
                    *last = m;
                }
            }
            _ => kept.push(m),
        }
    }
    kept
}

/// A byte range of the body, already trimmed, with its sentence-edge flags.
#[derive(Debug, Clone, Copy)]
struct Window {
    range: (usize, usize),
    starts_inside: bool,
    ends_inside: bool,
}

struct Candidate {
    window: Window,
    distinct: usize,
    count: usize,
}

/// The matches lying fully inside `range`; `matches` is sorted and non-overlapping.
fn matches_inside(matches: &[Match], range: (usize, usize)) -> &[Match] {
    let first = matches.partition_point(|m| m.start < range.0);
    // Ends are sorted too, since the matches do not overlap.
    let len = matches[first..].partition_point(|m| m.end <= range.1);
    &matches[first..first + len]
}

fn score(window: Window, matches: &[Match]) -> Candidate {
    let inside = matches_inside(matches, window.range);
    let mut parts: Vec<usize> = inside.iter().map(|m| m.part).collect();
    parts.sort_unstable();
    parts.dedup();
    Candidate { window, distinct: parts.len(), count: inside.len() }
}

fn fragment(body: &str, window: &Window, matches: &[Match]) -> Option<Fragment> {
    let (start, end) = window.range;
    let text = body.get(start..end)?;
    if text.is_empty() {
        return None;
    }
    Some(Fragment {
        text: text.to_string(),
        highlights: matches_inside(matches, window.range)
            .iter()
            .map(|m| (m.start - start, m.end - start))
            .collect(),
        range: window.range,
        starts_inside: window.starts_inside,
        ends_inside: window.ends_inside,
    })
}

/// The sentences of the lines of a body that a search needs. A sentence never crosses a
/// line (Unicode breaks a sentence after every line feed), and windows stay inside one,
/// so only the lines holding matches are split: splitting whole articles into sentences
/// was a tenth of a search's time.
struct Sentences<'a> {
    body: &'a str,
    /// Start and end of each sentence, in body order; lines not asked for are left out.
    starts: Vec<usize>,
    ends: Vec<usize>,
    /// Characters in each sentence.
    chars: Vec<usize>,
    /// Whether a sentence ends its paragraph (a line of the body): windows do not cross one.
    ends_paragraph: Vec<bool>,
}

impl<'a> Sentences<'a> {
    /// Every sentence of the body.
    #[cfg(test)]
    fn new(body: &'a str) -> Self {
        Self::of_lines(body, [(0, body.len())])
    }

    /// The sentences of the lines that hold a match, or of the first line with text when
    /// there is none (the opening of the body is shown then).
    fn around(body: &'a str, matches: &[Match]) -> Self {
        let line_start = |offset: usize| body[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = |offset: usize| body[offset..].find('\n').map_or(body.len(), |i| offset + i + 1);
        let mut lines: Vec<(usize, usize)> = Vec::new();
        if matches.is_empty() {
            let first_char = body.len() - body.trim_start().len();
            lines.push((line_start(first_char), line_end(first_char)));
        }
        for m in matches {
            // A phrase may run over a line break: its lines are taken together. A match
            // never ends with a line feed, so its line ends at the first one after it. Each
            // line is scanned once however many matches it holds.
            if let Some(last) = lines.last_mut().filter(|last| m.start < last.1) {
                if m.end > last.1 {
                    last.1 = line_end(m.end);
                }
                continue;
            }
            lines.push((line_start(m.start), line_end(m.end)));
        }
        Self::of_lines(body, lines)
    }

    /// The sentences of the given byte ranges of whole lines, in order and apart.
    fn of_lines(body: &'a str, lines: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let mut out = Sentences {
            body,
            starts: Vec::new(),
            ends: Vec::new(),
            chars: Vec::new(),
            ends_paragraph: Vec::new(),
        };
        for (lo, hi) in lines {
            for (start, sentence) in body[lo..hi].split_sentence_bound_indices() {
                out.starts.push(lo + start);
                out.ends.push(lo + start + sentence.len());
                out.chars.push(sentence.chars().count());
                out.ends_paragraph.push(sentence.trim_end_matches([' ', '\t']).ends_with(['\n', '\r']));
            }
        }
        if out.starts.is_empty() {
            // An empty body still needs one (empty) sentence for lookups to land in.
            out.starts.push(0);
            out.ends.push(body.len());
            out.chars.push(0);
            out.ends_paragraph.push(true);
        }
        out
    }

    fn end(&self, i: usize) -> usize {
        self.ends[i]
    }

    fn index_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).saturating_sub(1)
    }

    fn is_boundary(&self, offset: usize) -> bool {
        offset == self.body.len()
            || self.starts.binary_search(&offset).is_ok()
            || self.ends.binary_search(&offset).is_ok()
    }

    /// First and last sentence holding the byte range `start..end`.
    fn core(&self, start: usize, end: usize) -> (usize, usize) {
        let first = self.index_of(start);
        let last = if end > start { self.index_of(end - 1) } else { first };
        (first, last.max(first))
    }

    fn chars_in(&self, (first, last): (usize, usize)) -> usize {
        self.chars[first..=last].iter().sum()
    }

    /// A window of at most `budget` chars (or the anchor itself, if longer) holding
    /// `start..end`: whole sentences when they fit, else a word-aligned cut of the sentence.
    fn window_around(&self, start: usize, end: usize, budget: usize) -> Option<Window> {
        let (first, last) = self.core(start, end);
        let core_chars = self.chars_in((first, last));
        let (lo, hi) = if core_chars <= budget {
            self.grow_by_sentences(first, last, core_chars, budget)
        } else {
            let anchor_chars = self.body.get(start..end)?.chars().count();
            cut_in_sentence(
                self.body,
                (self.starts[first], self.end(last)),
                (start, end),
                budget.saturating_sub(anchor_chars),
            )
        };
        let slice = self.body.get(lo..hi)?;
        let trimmed_start = lo + (slice.len() - slice.trim_start().len());
        let trimmed_end = trimmed_start + slice.trim().len();
        Some(Window {
            range: (trimmed_start, trimmed_end),
            starts_inside: !self.is_boundary(lo),
            ends_inside: !self.is_boundary(hi),
        })
    }

    /// Adds neighbouring sentences, alternately after and before, while they fit.
    fn grow_by_sentences(
        &self,
        mut first: usize,
        mut last: usize,
        mut used: usize,
        budget: usize,
    ) -> (usize, usize) {
        let (mut forward, mut backward) = (true, true);
        while forward || backward {
            if forward && self.ends_paragraph[last] {
                forward = false;
            }
            if backward && first.checked_sub(1).is_some_and(|i| self.ends_paragraph[i]) {
                backward = false;
            }
            if forward {
                match self.chars.get(last + 1) {
                    Some(&n) if used + n <= budget => {
                        last += 1;
                        used += n;
                    }
                    _ => forward = false,
                }
            }
            if backward {
                match first.checked_sub(1).map(|i| (i, self.chars[i])) {
                    Some((i, n)) if used + n <= budget => {
                        first = i;
                        used += n;
                    }
                    _ => backward = false,
                }
            }
        }
        (self.starts[first], self.end(last))
    }
}

/// Cuts `sentence` (a byte range) around `anchor`, spending `spare` chars of context split
/// evenly on both sides (unused context on one side goes to the other), then snaps both
/// edges inwards to word boundaries.
fn cut_in_sentence(
    body: &str,
    sentence: (usize, usize),
    anchor: (usize, usize),
    spare: usize,
) -> (usize, usize) {
    let (floor, ceil) = sentence;
    let (mut lo, before) = step_back(body, floor, anchor.0, spare / 2);
    let (hi, after) = step_forward(body, anchor.1, ceil, spare - before);
    if after < spare - before {
        lo = step_back(body, floor, lo, spare - before - after).0;
    }
    (snap_start(body, floor, lo, anchor.0), snap_end(body, anchor.1, hi, ceil))
}

/// Moves back up to `n` chars from `from`, not past `floor`; returns the offset and the
/// number of chars moved.
fn step_back(body: &str, floor: usize, from: usize, n: usize) -> (usize, usize) {
    let mut offset = from;
    let mut moved = 0;
    for (i, _) in body[floor..from].char_indices().rev().take(n) {
        offset = floor + i;
        moved += 1;
    }
    (offset, moved)
}

/// Moves forward up to `n` chars from `from`, not past `ceil`.
fn step_forward(body: &str, from: usize, ceil: usize, n: usize) -> (usize, usize) {
    let mut offset = from;
    let mut moved = 0;
    for c in body[from..ceil].chars().take(n) {
        offset += c.len_utf8();
        moved += 1;
    }
    (offset, moved)
}

/// The first word boundary at or after `lo`, not beyond `limit` (which counts as one).
fn snap_start(body: &str, floor: usize, lo: usize, limit: usize) -> usize {
    if lo <= floor {
        return floor;
    }
    // Start one char early so that a boundary exactly at `lo` is seen as one.
    let from = body[floor..lo].char_indices().next_back().map_or(floor, |(i, _)| floor + i);
    body[from..limit].split_word_bound_indices().map(|(i, _)| from + i).find(|&b| b >= lo).unwrap_or(limit)
}

/// The last word boundary at or before `hi`, not before `limit` (which counts as one).
fn snap_end(body: &str, limit: usize, hi: usize, ceil: usize) -> usize {
    if hi >= ceil {
        return ceil;
    }
    // End one char late so that a boundary exactly at `hi` is seen as one.
    let to = body[hi..ceil].chars().next().map_or(hi, |c| hi + c.len_utf8());
    let last_boundary = |from: usize| {
        body[from..to]
            .split_word_bound_indices()
            .map(|(i, _)| from + i)
            .take_while(|&b| b <= hi)
            .last()
            .unwrap_or(from)
    };
    // Segmenting only the tail is enough unless no boundary turns up there.
    let tail = step_back(body, limit, hi, SNAP_LOOKBACK_CHARS).0;
    match last_boundary(tail) {
        b if b > tail || tail == limit => b,
        _ => last_boundary(limit),
    }
}

/// How far back `snap_end` looks for a word boundary before segmenting the whole cut.
const SNAP_LOOKBACK_CHARS: usize = 24;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::XorShift;

    /// Runs of alphanumeric chars, lowercased, with a crude plural stemmer ("models" -> "model").
    fn tokenize(text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        let mut start = None;
        let bounds = text.char_indices().map(Some).chain([None]);
        for item in bounds {
            match (item, start) {
                (Some((i, c)), None) if c.is_alphanumeric() => start = Some(i),
                (Some((_, c)), Some(_)) if c.is_alphanumeric() => {}
                (item, Some(s)) => {
                    let end = item.map_or(text.len(), |(i, _)| i);
                    let mut word = text[s..end].to_lowercase();
                    if word.chars().count() > 3 && word.ends_with('s') {
                        word.pop();
                    }
                    tokens.push(Token { start: s, end, position: tokens.len(), text: word });
                    start = None;
                }
                _ => {}
            }
        }
        tokens
    }

    fn term(t: &str) -> QueryPart {
        QueryPart::Term(t.to_string())
    }

    fn phrase(words: &[&str]) -> QueryPart {
        QueryPart::Phrase(words.iter().map(|w| w.to_string()).collect())
    }

    fn marked<'a>(body: &'a str, parts: &[QueryPart]) -> Vec<&'a str> {
        find_matches(&tokenize(body), parts).iter().map(|m| &body[m.start..m.end]).collect()
    }

    fn highlighted(fragment: &Fragment) -> Vec<&str> {
        fragment.highlights.iter().map(|&(s, e)| &fragment.text[s..e]).collect()
    }

    fn match_of(body: &str, needle: &str, part: usize) -> Match {
        let start = body.find(needle).unwrap_or(usize::MAX);
        Match { start, end: start.saturating_add(needle.len()), part }
    }

    #[test]
    fn phrase_is_marked_only_where_its_words_are_consecutive() {
        let body = "The language model is large. A model of language. Language models matter.";
        let got = marked(body, &[phrase(&["language", "model"])]);
        assert_eq!(got, vec!["language model", "Language models"]);
    }

    #[test]
    fn phrase_needs_consecutive_positions_not_just_adjacent_text() {
        let mut tokens = tokenize("new york");
        tokens[1].position = 5;
        assert!(find_matches(&tokens, &[phrase(&["new", "york"])]).is_empty());
    }

    #[test]
    fn windows_stay_inside_one_paragraph() {
        let body = "|---|---|\n| Flagship | Proprietary |\nNext paragraph here.";
        let m = match_of(body, "Flagship", 0);
        let f = fragments(body, &[m], 1, 160);
        assert_eq!(f[0].text, "| Flagship | Proprietary |");
    }

    #[test]
    fn stemmed_tokens_are_marked() {
        let body = "Models improve; the model is new.";
        assert_eq!(marked(body, &[term("model")]), vec!["Models", "model"]);
    }

    #[test]
    fn prefix_and_fuzzy_are_marked() {
        let body = "The economy and economic colour, a cooler color.";
        let parts = [
            QueryPart::Prefix("econ".to_string()),
            QueryPart::Fuzzy { term: "color".to_string(), distance: 1 },
        ];
        assert_eq!(marked(body, &parts), vec!["economy", "economic", "colour", "color"]);
        let parts = find_matches(&tokenize(body), &parts);
        assert_eq!(parts.iter().map(|m| m.part).collect::<Vec<_>>(), [0, 0, 1, 1]);
    }

    #[test]
    fn empty_terms_match_nothing() {
        let parts = [term(""), QueryPart::Prefix(String::new()), phrase(&[])];
        assert!(marked("anything at all", &parts).is_empty());
    }

    #[test]
    fn overlapping_matches_keep_the_longer() {
        let body = "I love new york in new light.";
        let got = marked(body, &[term("new"), phrase(&["new", "york"])]);
        assert_eq!(got, vec!["new york", "new"]);
    }

    #[test]
    fn edit_distance_counts_chars() {
        assert!(edit_distance_within("kitten", "sitting", 3));
        assert!(!edit_distance_within("kitten", "sitting", 2));
        assert!(edit_distance_within("café", "cafe", 1));
        assert!(edit_distance_within("모델", "모댈", 1));
        assert!(edit_distance_within("", "ab", 2));
        assert!(!edit_distance_within("", "abc", 2));
        assert!(edit_distance_within("same", "same", 0));
    }

    #[test]
    fn edit_distance_agrees_with_full_table() {
        fn full(a: &str, b: &str) -> usize {
            let a: Vec<char> = a.chars().collect();
            let b: Vec<char> = b.chars().collect();
            let mut prev: Vec<usize> = (0..=b.len()).collect();
            for i in 1..=a.len() {
                let mut cur = vec![i; b.len() + 1];
                for j in 1..=b.len() {
                    let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
                    cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
                }
                prev = cur;
            }
            prev[b.len()]
        }
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..2000 {
            let a = random_string(&mut rng, &['a', 'b', 'c', 'é'], 7);
            let b = random_string(&mut rng, &['a', 'b', 'c', 'é'], 7);
            let d = full(&a, &b);
            for max in 0..4u8 {
                assert_eq!(edit_distance_within(&a, &b, max), d <= usize::from(max), "{a:?} {b:?} {max}");
            }
        }
    }

    #[test]
    fn window_is_measured_in_chars_for_korean() {
        let sentence = "서울의 날씨는 오늘 맑고 따뜻하며 오후에는 구름이 조금 끼겠습니다. ";
        let mut body = sentence.repeat(6);
        body.push_str("새로운 검색엔진 모델이 발표되었습니다. ");
        body.push_str(&sentence.repeat(6));
        let m = match_of(&body, "검색엔진", 0);
        let got = fragments(&body, &[m], 1, 160);
        assert_eq!(got.len(), 1);
        let chars = got[0].text.chars().count();
        assert!((100..=160).contains(&chars), "{chars} chars");
        assert!(got[0].text.len() > 250, "budget must not be bytes");
        assert_eq!(highlighted(&got[0]), vec!["검색엔진"]);
        assert!(!got[0].starts_inside && !got[0].ends_inside);
    }

    #[test]
    fn long_korean_sentence_is_cut_at_words_by_chars() {
        let words = "날씨는 오늘 맑고 따뜻하며 오후에는 구름이 조금 끼겠습니다 ";
        let body = format!("{}검색엔진 {}", words.repeat(10), words.repeat(10));
        let m = match_of(&body, "검색엔진", 0);
        let got = fragments(&body, &[m], 1, 160);
        let chars = got[0].text.chars().count();
        assert!((140..=160).contains(&chars), "{chars} chars");
        assert!(got[0].starts_inside && got[0].ends_inside);
        for word in got[0].text.split(' ') {
            assert!(words.contains(word) || word == "검색엔진", "cut word {word:?}");
        }
    }

    #[test]
    fn chinese_text_without_spaces_gets_a_char_window() {
        let sentence = "今天北京的天气很好，下午可能会有一些云，晚上气温会下降到十度左右。";
        let body = format!("{}新的搜索引擎发布了。{}", sentence.repeat(5), sentence.repeat(5));
        let m = match_of(&body, "搜索引擎", 0);
        let got = fragments(&body, &[m], 1, 160);
        let chars = got[0].text.chars().count();
        assert!((100..=160).contains(&chars), "{chars} chars");
        assert_eq!(highlighted(&got[0]), vec!["搜索引擎"]);
    }

    #[test]
    fn fragments_prefer_distinct_parts_and_come_in_document_order() {
        let filler = "Nothing of note happened on this particular quiet day. ";
        let body = format!(
            "{f}Apple apple apple, said the apple seller. {f}{f}One apple and one banana. {f}",
            f = filler
        );
        let matches = find_matches(&tokenize(&body), &[term("apple"), term("banana")]);
        let one = fragments(&body, &matches, 1, 60);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].text, "One apple and one banana.");

        let two = fragments(&body, &matches, 2, 60);
        assert_eq!(two.len(), 2);
        assert_eq!(two[0].text, "Apple apple apple, said the apple seller.");
        assert_eq!(two[1].text, "One apple and one banana.");
        assert!(two[0].range.1 <= two[1].range.0);
        assert_eq!(highlighted(&two[0]), vec!["Apple", "apple", "apple", "apple"]);
    }

    #[test]
    fn more_matches_win_when_distinct_parts_tie() {
        let filler = "Nothing of note happened on this particular quiet day. ";
        let body = format!("{filler}One apple here. {filler}{filler}Apple and apple. {filler}");
        let matches = find_matches(&tokenize(&body), &[term("apple")]);
        let got = fragments(&body, &matches, 1, 30);
        assert_eq!(got[0].text, "Apple and apple.");
    }

    #[test]
    fn whole_sentences_are_added_while_they_fit() {
        let body = "First one. Second one. The match is here. Fourth one. Fifth one.";
        let m = match_of(body, "match", 0);
        let got = fragments(body, &[m], 1, 45);
        assert_eq!(got[0].text, "Second one. The match is here. Fourth one.");
        assert!(!got[0].starts_inside && !got[0].ends_inside);
    }

    #[test]
    fn sentence_edges_are_reported() {
        let words = "alpha beta gamma delta epsilon zeta eta theta iota kappa ";
        let body = format!("{} needle {}end.", words.repeat(5), words.repeat(5));
        let middle = fragments(&body, &[match_of(&body, "needle", 0)], 1, 80);
        assert!(middle[0].starts_inside && middle[0].ends_inside);
        assert!(middle[0].text.chars().count() <= 80);
        assert!(middle[0].text.contains("needle"));

        let body = format!("needle {}end. Next.", words.repeat(5));
        let opening = fragments(&body, &[match_of(&body, "needle", 0)], 1, 80);
        assert!(!opening[0].starts_inside && opening[0].ends_inside);
        assert!(opening[0].text.starts_with("needle alpha"));
        assert!(!opening[0].text.ends_with(' '));
    }

    #[test]
    fn highlights_stay_on_char_boundaries_with_multibyte_text() {
        let body = "Le café — très bon — est ouvert. 한국어 모델이 좋습니다. Café again.";
        let tokens = tokenize(body);
        let matches = find_matches(&tokens, &[term("café"), term("bon"), term("모델이")]);
        let got = fragments(body, &matches, 3, 40);
        let all: Vec<&str> = got.iter().flat_map(highlighted).collect();
        assert_eq!(all, vec!["café", "bon", "모델이", "Café"]);
        for f in &got {
            assert_eq!(f.text, &body[f.range.0..f.range.1]);
            for &(s, e) in &f.highlights {
                assert!(f.text.is_char_boundary(s) && f.text.is_char_boundary(e));
            }
        }
    }

    #[test]
    fn no_matches_gives_the_opening() {
        let body = "  First sentence here. Second sentence follows. A third one is much longer than the window allows.";
        let got = fragments(body, &[], 3, 50);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].text, "First sentence here. Second sentence follows.");
        assert_eq!(got[0].range.0, 2);
        assert!(got[0].highlights.is_empty());
        assert!(!got[0].starts_inside && !got[0].ends_inside);
    }

    #[test]
    fn no_matches_and_a_long_first_sentence_is_cut() {
        let body = "word ".repeat(100);
        let got = fragments(&body, &[], 1, 22);
        assert_eq!(got[0].text, "word word word word");
        assert!(!got[0].starts_inside && got[0].ends_inside);
    }

    #[test]
    fn empty_inputs_give_nothing() {
        let m = Match { start: 0, end: 1, part: 0 };
        assert!(fragments("", &[m], 3, 160).is_empty());
        assert!(fragments("   \n ", &[], 3, 160).is_empty());
        assert!(fragments("Some text.", &[m], 0, 160).is_empty());
    }

    #[test]
    fn unusable_matches_are_ignored() {
        let body = "é and more text.";
        let bad = [
            Match { start: 1, end: 2, part: 0 },
            Match { start: 5, end: 500, part: 0 },
            Match { start: 4, end: 4, part: 0 },
        ];
        let got = fragments(body, &bad, 2, 160);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].text, body);
        assert!(got[0].highlights.is_empty());
    }

    #[test]
    fn a_match_longer_than_the_window_is_shown_whole() {
        let body = "Intro. the quick brown fox jumps over the lazy dog today";
        let m = match_of(body, "quick brown fox jumps", 0);
        let got = fragments(body, &[m], 1, 5);
        assert_eq!(got[0].text, "quick brown fox jumps");
        assert_eq!(got[0].highlights, vec![(0, got[0].text.len())]);
    }

    #[test]
    fn large_single_line_body_with_many_matches() {
        let mut body = String::new();
        let mut n = 0;
        while body.len() < 1_000_000 {
            n += 1;
            body.push_str(if n % 50 == 0 { "target " } else { "filler " });
        }
        let matches = find_matches(&tokenize(&body), &[term("target")]);
        assert!(matches.len() > 2000);
        let got = fragments(&body, &matches, 3, 160);
        assert_eq!(got.len(), 3);
        assert!(got.iter().all(|f| f.text.chars().count() <= 160));
    }

    fn random_string(rng: &mut XorShift, alphabet: &[char], max_len: usize) -> String {
        let len = rng.below(max_len + 1);
        (0..len).map(|_| *rng.pick(alphabet)).collect()
    }

    #[test]
    fn random_text_never_breaks_the_invariants() {
        let alphabet = [
            'a', 'b', 'c', 'e', ' ', ' ', ' ', '.', '!', '?', '\n', 'é', '—', '한', '국', '中', '。', '🦀',
            '\u{301}', '\t',
        ];
        let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
        for round in 0..2000 {
            let body = random_string(&mut rng, &alphabet, 300);
            let tokens = tokenize(&body);
            let mut parts = Vec::new();
            for _ in 0..rng.below(4) {
                let word =
                    tokens.get(rng.below(tokens.len())).map_or_else(|| "ab".to_string(), |t| t.text.clone());
                parts.push(match rng.below(4) {
                    0 => QueryPart::Term(word),
                    1 => QueryPart::Prefix(word.chars().take(2).collect()),
                    2 => QueryPart::Fuzzy { term: word, distance: rng.below(3) as u8 },
                    _ => QueryPart::Phrase(
                        tokens
                            .iter()
                            .skip(rng.below(tokens.len()))
                            .take(1 + rng.below(3))
                            .map(|t| t.text.clone())
                            .collect(),
                    ),
                });
            }
            let mut matches = find_matches(&tokens, &parts);
            // Search keeps only the tokens that may match: the matches must not change.
            let kept: Vec<Token> = tokens.iter().filter(|t| may_match(&parts, &t.text)).cloned().collect();
            assert_eq!(find_matches(&kept, &parts), matches, "filtered tokens in round {round}");
            for pair in matches.windows(2) {
                assert!(pair[0].end <= pair[1].start, "overlap in round {round}");
            }
            if round % 5 == 0 {
                // Hostile matches straight from a buggy caller.
                matches.push(Match {
                    start: rng.below(body.len() + 4),
                    end: rng.below(body.len() + 4),
                    part: 0,
                });
            }
            let window = rng.below(200);
            let max = rng.below(4);
            let got = fragments(&body, &matches, max, window);
            assert!(got.len() <= max);
            if max > 0 && !body.trim().is_empty() {
                // Splitting only the lines with matches gives what splitting them all gives.
                let usable = usable(&body, &matches);
                let all = fragments_in(&body, &Sentences::new(&body), &usable, max, window.max(1));
                let ranges = |f: &[Fragment]| {
                    f.iter()
                        .map(|f| (f.range, f.highlights.clone(), f.starts_inside, f.ends_inside))
                        .collect::<Vec<_>>()
                };
                assert_eq!(ranges(&got), ranges(&all), "lines or all in round {round}");
            }
            let longest = matches
                .iter()
                .filter_map(|m| body.get(m.start..m.end))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0);
            for pair in got.windows(2) {
                assert!(pair[0].range.1 <= pair[1].range.0, "order in round {round}");
            }
            for f in &got {
                assert_eq!(Some(f.text.as_str()), body.get(f.range.0..f.range.1));
                assert!(!f.text.is_empty());
                assert_eq!(f.text.trim(), f.text);
                assert!(f.text.chars().count() <= window.max(1).max(longest));
                for &(s, e) in &f.highlights {
                    assert!(s < e && e <= f.text.len(), "round {round}");
                    assert!(f.text.is_char_boundary(s) && f.text.is_char_boundary(e));
                }
            }
        }
    }
}
