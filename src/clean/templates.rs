//! Corpus-level templates: short or edge lines that recur across the articles of a
//! folder. Only hashes and counts are kept, never text.

use super::layout;
use std::collections::{HashMap, HashSet};

/// A line is a template when its normalised form appears in this many distinct articles.
pub const TEMPLATE_MIN_ARTICLES: u32 = 5;
/// Lines with fewer words are candidates anywhere; longer ones only at the edges.
const SHORT_WORDS: usize = 25;
/// Blocks at either end of an article that are candidates whatever their length.
const EDGE_BLOCKS: usize = 3;

/// The most distinct candidate lines counted at once, about 35 MB of counts. A folder of
/// a few hundred thousand articles stays far below it and is counted exactly; past it,
/// the rarest lines are forgotten first (see `Templates::forget_rare`).
const MAX_KEYS: usize = 1 << 20;

/// Corpus-level template statistics: hashes and counts only, never text.
/// Identical articles count once.
#[derive(Debug, Clone)]
pub struct Templates {
    counts: HashMap<u64, u32>,
    articles: HashSet<u64>,
    max_keys: usize,
}

impl Default for Templates {
    fn default() -> Templates {
        Templates { counts: HashMap::new(), articles: HashSet::new(), max_keys: MAX_KEYS }
    }
}

/// FNV-1a: stable across runs and platforms, unlike the std hasher.
fn fnv(bytes: impl Iterator<Item = u8>, mut h: u64) -> u64 {
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// [`fnv`] of one byte.
fn fnv_byte(b: u8, h: u64) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

const FNV_SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// Hash of a line's normalised form (lower case, punctuation dropped,
/// spaces collapsed), or `None` when it has no letter: table rules and rows of stars
/// are shape, not template.
pub(crate) fn key(text: &str) -> Option<u64> {
    let mut h = FNV_SEED;
    let mut letters = 0usize;
    let mut pending_space = false;
    if text.is_ascii() {
        // The same steps as below, a byte at a time.
        for b in text.bytes() {
            if b.is_ascii_alphanumeric() {
                if pending_space && letters > 0 {
                    h = fnv_byte(b' ', h);
                }
                pending_space = false;
                if !b.is_ascii_digit() {
                    letters += 1;
                }
                h = fnv_byte(b.to_ascii_lowercase(), h);
            } else if char::from(b).is_whitespace() || b.is_ascii_punctuation() {
                pending_space = true;
            }
        }
        return (letters >= 2).then_some(h);
    }
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if c.is_ascii() {
            let b = c as u8;
            if b.is_ascii_alphanumeric() {
                if pending_space && letters > 0 {
                    h = fnv_byte(b' ', h);
                }
                pending_space = false;
                if !b.is_ascii_digit() {
                    letters += 1;
                }
                h = fnv_byte(b.to_ascii_lowercase(), h);
            } else if c.is_whitespace() || b.is_ascii_punctuation() {
                pending_space = true;
            }
        } else if c.is_alphanumeric() {
            if pending_space && letters > 0 {
                h = fnv_byte(b' ', h);
            }
            pending_space = false;
            // Digits stay: "Shr 34 cts vs 1.19 dlrs" recurs in shape, not in value.
            if c.is_ascii_digit() {
                h = fnv_byte(c as u8, h);
            } else {
                letters += 1;
                for lc in c.to_lowercase() {
                    h = fnv(lc.encode_utf8(&mut buf).bytes(), h);
                }
            }
        } else if c.is_whitespace() || c.is_ascii_punctuation() {
            pending_space = true;
        }
    }
    (letters >= 2).then_some(h)
}

/// Whether the block at `index` of `count` blocks is a template candidate; learning
/// and cleaning ask this same question. `tokens` counts the block's whitespace-separated
/// tokens (at least up to [`SHORT_WORDS`]); it is asked only for a block in the middle.
pub(crate) fn candidate(index: usize, count: usize, tokens: impl FnOnce() -> usize) -> bool {
    index < EDGE_BLOCKS || index + EDGE_BLOCKS >= count || tokens() < SHORT_WORDS
}

/// What one article contributes to the template statistics: computed on its own (in
/// parallel), added in one place.
#[derive(Debug, Clone, Default)]
pub struct Observation {
    /// The article's identity: identical articles count once.
    whole: u64,
    /// The keys of its template candidates, sorted and distinct.
    keys: Vec<u64>,
}

impl Observation {
    pub fn of(text: &str) -> Observation {
        let (_, blocks) = layout::split(text);
        let mut whole = FNV_SEED;
        let mut keys = Vec::new();
        for (i, block) in blocks.iter().enumerate() {
            // Identity is the exact text: articles that differ only in numbers are distinct.
            whole = fnv(block.text.bytes().chain(std::iter::once(b'\n')), whole);
            // The cheap question first: a long paragraph in the middle is never a candidate.
            let tokens = || block.text.split_whitespace().take(SHORT_WORDS).count();
            if let Some(k) = candidate(i, blocks.len(), tokens).then(|| key(&block.text)).flatten() {
                keys.push(k);
            }
        }
        keys.sort_unstable();
        keys.dedup();
        Observation { whole, keys }
    }

    /// The keys of its template candidates, as `Templates::signature` takes them.
    pub fn keys(&self) -> &[u64] {
        &self.keys
    }

    pub fn into_keys(self) -> Vec<u64> {
        self.keys
    }
}

impl Templates {
    /// Counts the template candidates of one article.
    pub fn learn(&mut self, text: &str) {
        self.add(&Observation::of(text));
    }

    /// Adds one article's observation, unless an identical article was added before.
    pub fn add(&mut self, observation: &Observation) {
        if !self.articles.insert(observation.whole) {
            return;
        }
        for k in &observation.keys {
            *self.counts.entry(*k).or_insert(0) += 1;
        }
        if self.counts.len() > self.max_keys {
            self.forget_rare();
        }
    }

    /// Keeps memory flat on a corpus with more distinct candidate lines than `max_keys`:
    /// lines met in one article are forgotten, then in two, and so on, until half the
    /// room is free. A template recurs, so it is met again and counted again; what this
    /// costs is a line whose five articles lie far apart in a very large folder.
    fn forget_rare(&mut self) {
        let mut floor = 1;
        while self.counts.len() > self.max_keys / 2 {
            self.counts.retain(|_, n| *n > floor);
            floor += 1;
        }
        self.counts.shrink_to(self.max_keys);
    }

    /// A hash of which of an article's candidates are templates now. When it changes
    /// between two runs, the article's cleaning may change, so it is cleaned again.
    pub fn signature(&self, keys: &[u64]) -> u64 {
        let templates =
            keys.iter().filter(|k| self.counts.get(k).is_some_and(|n| *n >= TEMPLATE_MIN_ARTICLES));
        templates.fold(FNV_SEED, |h, k| fnv(k.to_le_bytes().into_iter(), h))
    }

    /// Distinct articles learned.
    pub fn articles(&self) -> usize {
        self.articles.len()
    }

    /// Distinct articles in which a line of this normalised form was a candidate.
    pub fn count(&self, text: &str) -> u32 {
        key(text).and_then(|k| self.counts.get(&k).copied()).unwrap_or(0)
    }

    /// Whether `text` recurs in enough articles to be a template.
    pub(crate) fn is_template(&self, text: &str) -> bool {
        self.count(text) >= TEMPLATE_MIN_ARTICLES
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_signature_changes_when_a_line_becomes_a_template() {
        let footer = "Read more stories from the Harbour Ledger";
        let article =
            |n: usize| format!("Story number {n}\n\nA paragraph about topic {n} that goes on.\n\n{footer}\n");
        let mut t = super::Templates::default();
        let mine = super::Observation::of(&article(0));
        t.add(&mine);
        let before = t.signature(mine.keys());
        for n in 1..4 {
            t.learn(&article(n));
        }
        assert_eq!(t.signature(mine.keys()), before, "four articles make no template");
        t.learn(&article(4));
        assert_ne!(t.signature(mine.keys()), before, "the fifth does");
    }

    #[test]
    fn past_its_room_the_table_forgets_rare_lines_and_keeps_templates() {
        let mut t = super::Templates { max_keys: 64, ..Default::default() };
        let footer = "Read more stories from the Harbour Ledger";
        for n in 0..1000 {
            let tail = if n % 5 == 0 { footer.to_string() } else { format!("Unique closing line {n}") };
            t.learn(&format!("Headline number {n}\n\nA paragraph about topic {n}.\n\n{tail}\n"));
            assert!(t.counts.len() <= 64, "{} keys after {n} articles", t.counts.len());
        }
        assert_eq!(t.articles(), 1000);
        assert!(t.is_template(footer), "one article in five ends with the footer");
        assert!(!t.is_template("Unique closing line 7"));
    }

    use super::*;

    #[test]
    fn identical_articles_count_once_and_forms_are_normalised() {
        let mut t = Templates::default();
        for _ in 0..6 {
            t.learn("Title\nSome text here.\nSubscribe to The Daily Brief!\n");
        }
        assert_eq!(t.articles(), 1);
        assert_eq!(t.count("subscribe to the daily brief"), 1);
        for i in 0..4 {
            t.learn(&format!("Title {i}\nOther text {i}.\nSUBSCRIBE to the Daily   Brief\n"));
        }
        assert_eq!(t.count("Subscribe to The Daily Brief!"), 5);
        assert!(t.is_template("Subscribe to the daily brief."));
        assert!(key("|---|---|").is_none());
    }
}
