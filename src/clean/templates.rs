//! Corpus-level templates: short or edge lines that recur across the articles of a
//! folder. Only hashes and counts are kept, never text.

use super::layout;
use fnv::{FnvHashMap, FnvHashSet};

/// A line is a template when its normalised form appears in this many distinct articles.
pub const TEMPLATE_MIN_ARTICLES: u32 = 5;
/// Lines with fewer words are candidates anywhere; longer ones only at the edges.
pub(crate) const SHORT_WORDS: usize = 25;
/// Blocks at either end of an article that are candidates whatever their length.
const EDGE_BLOCKS: usize = 3;

/// Corpus-level template statistics: hashes and counts only, never text.
/// Identical articles count once.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    counts: FnvHashMap<u64, u32>,
    articles: FnvHashSet<u64>,
}

/// FNV-1a: stable across runs and platforms, unlike the std hasher.
fn fnv(bytes: impl Iterator<Item = u8>, mut h: u64) -> u64 {
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

const FNV_SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// A hash of a stream of bytes, stable across runs and platforms like FNV-1a, but mixed
/// eight bytes at a time: one multiplication per word where FNV needs one per byte, and
/// its bytes are every line of the folder, twice.
#[derive(Clone, Copy)]
struct StreamHash {
    h: u64,
    /// Bytes not mixed in yet, the first in the lowest byte.
    word: u64,
    pending: u32,
    mixed: u64,
}

impl StreamHash {
    const fn new() -> StreamHash {
        StreamHash { h: FNV_SEED, word: 0, pending: 0, mixed: 0 }
    }

    #[inline]
    fn byte(&mut self, b: u8) {
        self.word |= u64::from(b) << (self.pending * 8);
        self.pending += 1;
        if self.pending == 8 {
            self.mix();
        }
    }

    fn bytes(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        if self.pending == 0 {
            let mut words = rest.chunks_exact(8);
            for w in &mut words {
                self.word = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
                self.pending = 8;
                self.mix();
            }
            rest = words.remainder();
        }
        rest.iter().for_each(|&b| self.byte(b));
    }

    #[inline]
    fn mix(&mut self) {
        self.h = (self.h ^ self.word).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(31);
        self.mixed += u64::from(self.pending);
        self.word = 0;
        self.pending = 0;
    }

    /// The hash of every byte given, and of how many there were.
    fn finish(mut self) -> u64 {
        // The length in the last word's top byte (modulo 256): with the bytes themselves,
        // enough to tell a stream from the same one with zero bytes after it.
        let len = self.mixed + u64::from(self.pending);
        self.word ^= len << 56;
        self.pending = 0;
        self.mix();
        // A final avalanche: every bit of the input reaches the low bits, which the
        // template count slices by.
        let mut h = self.h;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// What an ASCII byte is to a word: a digit, a letter of either case, punctuation that every
/// kind of link holds one of, other punctuation and whitespace, or a control character. To a
/// line's key, the first three are part of a word, the next two a break between words.
pub(crate) const ASCII_CLASS: [u8; 128] = {
    let mut table = [OTHER; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_lowercase() {
            LOWER
        } else if matches!(c, b'@' | b'#' | b':' | b'.') {
            LINK_MARK
        } else if c.is_ascii_punctuation() || matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ') {
            PUNCT
        } else {
            OTHER
        };
        b += 1;
    }
    table
};
/// A control character: no part of a word, no break between words.
pub(crate) const OTHER: u8 = 0;
pub(crate) const DIGIT: u8 = 1;
pub(crate) const UPPER: u8 = 2;
pub(crate) const LOWER: u8 = 3;
/// Punctuation that every kind of link token holds one of.
pub(crate) const LINK_MARK: u8 = 4;
pub(crate) const PUNCT: u8 = 5;

/// Hash of a line's normalised form (lower case, punctuation dropped,
/// spaces collapsed), or `None` when it has no letter: table rules and rows of stars
/// are shape, not template.
pub(crate) fn key(text: &str) -> Option<u64> {
    let mut key = KeyHash::new();
    if text.is_ascii() {
        // A byte at a time: the same steps without decoding characters.
        text.bytes().for_each(|b| key.ascii(b));
    } else {
        text.chars().for_each(|c| key.char(c));
    }
    key.finish()
}

/// A line's key being hashed: letters and digits lower-cased, each run of spaces and
/// punctuation between two words as one space. Fed every character of the line, in
/// order, it gives [`key`]; `features` feeds it while it reads the words.
pub(crate) struct KeyHash {
    h: StreamHash,
    letters: usize,
    pending_space: bool,
}

impl KeyHash {
    pub fn new() -> KeyHash {
        KeyHash { h: StreamHash::new(), letters: 0, pending_space: false }
    }

    /// Before a letter or digit: the space owed since the last word, if any.
    fn word_char(&mut self) {
        if self.pending_space && self.letters > 0 {
            self.h.byte(b' ');
        }
        self.pending_space = false;
    }

    /// An ASCII letter or digit.
    #[inline]
    pub fn alphanumeric(&mut self, b: u8) {
        self.word_char();
        // Digits stay: "Shr 34 cts vs 1.19 dlrs" recurs in shape, not in value.
        if !b.is_ascii_digit() {
            self.letters += 1;
        }
        self.h.byte(b.to_ascii_lowercase());
    }

    /// Whitespace between words.
    #[inline]
    pub fn space(&mut self) {
        self.pending_space = true;
    }

    /// Any ASCII byte of the line.
    #[inline]
    pub fn ascii(&mut self, b: u8) {
        match ASCII_CLASS.get(usize::from(b)) {
            Some(&(DIGIT | UPPER | LOWER)) => self.alphanumeric(b),
            Some(&(LINK_MARK | PUNCT)) => self.pending_space = true,
            _ => {}
        }
    }

    /// Any character of the line.
    pub fn char(&mut self, c: char) {
        if c.is_ascii() {
            self.ascii(c as u8);
        } else if c.is_alphanumeric() {
            self.word_char();
            self.letters += 1;
            let mut buf = [0u8; 4];
            for lc in c.to_lowercase() {
                self.h.bytes(lc.encode_utf8(&mut buf).as_bytes());
            }
        } else if c.is_whitespace() {
            self.pending_space = true;
        }
    }

    pub fn finish(self) -> Option<u64> {
        (self.letters >= 2).then(|| self.h.finish())
    }
}

/// Whether the block at `index` of `count` blocks is a template candidate; learning
/// and cleaning ask this same question. `tokens` counts the block's whitespace-separated
/// tokens (at least up to [`SHORT_WORDS`]); it is asked only for a block in the middle.
pub(crate) fn candidate(index: usize, count: usize, tokens: impl FnOnce() -> usize) -> bool {
    is_edge(index, count) || tokens() < SHORT_WORDS
}

/// Whether the block at `index` of `count` blocks is among the first or last few, a
/// template candidate whatever its length.
pub(crate) fn is_edge(index: usize, count: usize) -> bool {
    index < EDGE_BLOCKS || index + EDGE_BLOCKS >= count
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
        let mut whole = StreamHash::new();
        let mut keys = Vec::new();
        for (i, block) in blocks.iter().enumerate() {
            // Identity is the exact text: articles that differ only in numbers are distinct.
            whole.bytes(block.text.as_bytes());
            whole.byte(b'\n');
            // The cheap question first: a long paragraph in the middle is never a candidate.
            let tokens = || block.text.split_whitespace().take(SHORT_WORDS).count();
            if let Some(k) = candidate(i, blocks.len(), tokens).then(|| key(&block.text)).flatten() {
                keys.push(k);
            }
        }
        keys.sort_unstable();
        keys.dedup();
        Observation { whole: whole.finish(), keys }
    }

    /// The keys of its template candidates, as `Templates::signature` takes them.
    pub fn keys(&self) -> &[u64] {
        &self.keys
    }

    pub fn into_keys(self) -> Vec<u64> {
        self.keys
    }

    /// The article's identity: identical articles have the same.
    pub fn article(&self) -> u64 {
        self.whole
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
    }

    /// Counts (line key, article identity) pairs, each key once per distinct article,
    /// whatever order the pairs come in, and keeps only the keys that are templates. A
    /// caller can so count a corpus larger than memory one slice of the keys at a time
    /// (`corpus index` does, from its file list), with the result `add` would give.
    pub fn add_pairs(&mut self, mut pairs: Vec<(u64, u64)>) {
        pairs.sort_unstable();
        pairs.dedup();
        for run in pairs.chunk_by(|a, b| a.0 == b.0) {
            if run.len() >= TEMPLATE_MIN_ARTICLES as usize {
                self.counts.insert(run[0].0, run.len() as u32);
            }
        }
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
    #[cfg(test)]
    pub(crate) fn is_template(&self, text: &str) -> bool {
        self.is_template_key(key(text))
    }

    /// [`Templates::is_template`] of a text by its key.
    pub(crate) fn is_template_key(&self, key: Option<u64>) -> bool {
        key.and_then(|k| self.counts.get(&k)).is_some_and(|&n| n >= TEMPLATE_MIN_ARTICLES)
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
    fn pairs_in_any_order_and_slice_give_what_articles_give() {
        let footers = ["Read more from the Harbour Ledger", "Follow us for more", "Subscribe today"];
        let texts: Vec<String> = (0..120)
            .map(|n| {
                // Articles 0..10 come twice: identical articles count once either way.
                let n = if n >= 110 { n - 110 } else { n };
                format!("Headline {n}\n\nA story about topic {n}.\n\n{}\n", footers[n % 7 % 3])
            })
            .collect();
        let mut whole = super::Templates::default();
        let observations: Vec<super::Observation> = texts.iter().map(|t| super::Observation::of(t)).collect();
        for o in &observations {
            whole.add(o);
        }
        for slices in [1u64, 3, 64] {
            let mut sliced = super::Templates::default();
            for slice in 0..slices {
                // Pairs in reverse article order: order must not matter.
                let pairs = observations
                    .iter()
                    .rev()
                    .flat_map(|o| o.keys().iter().filter(|k| *k % slices == slice).map(|&k| (k, o.article())))
                    .collect();
                sliced.add_pairs(pairs);
            }
            for text in texts.iter().flat_map(|t| t.lines()) {
                assert_eq!(sliced.is_template(text), whole.is_template(text), "{slices} slices: {text:?}");
            }
        }
        assert!(whole.is_template(footers[0]) && !whole.is_template("Headline 3"));
    }

    use super::*;

    #[test]
    fn a_stream_hashes_alike_however_it_is_fed() {
        let text = "Subscribe to The Daily Brief! Straight to your inbox, every morning.".as_bytes();
        let mut whole = StreamHash::new();
        whole.bytes(text);
        for split in 0..text.len() {
            let mut parts = StreamHash::new();
            parts.bytes(&text[..split]);
            text[split..].iter().for_each(|&b| parts.byte(b));
            assert_eq!(parts.finish(), whole.finish(), "split at {split}");
        }
        // The length counts: trailing zero bytes make another hash.
        let mut padded = whole;
        padded.byte(0);
        assert_ne!(padded.finish(), whole.finish());
    }

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
