//! What an article is compared by, computed once when it is indexed: a MinHash signature
//! of its text, for copies, and the words it opens with, for stories.

use fnv::FnvHashMap;
use unicode_segmentation::UnicodeSegmentation;

/// Values in a MinHash signature: the estimate of a resemblance near the copy threshold
/// (0.5) is off by 0.06 at most one time in three.
pub const SLOTS: usize = 64;

/// Words in a shingle: three keep a copy that rewords a sentence or drops a paragraph far
/// above the threshold, while articles that tell one event in their own words share
/// almost none of them.
const SHINGLE_WORDS: usize = 3;

/// A body of fewer words is too short to tell a copy by: its signature also holds its
/// title, so that two short records are copies only when titles and bodies both match
/// (a flash headline, a dividend notice that differs from others only in its title).
pub const SHORT_BODY_WORDS: usize = 50;

/// Body words that a story is told by: the opening of an article names its event.
const OPENING_WORDS: usize = 150;

/// Distinct words kept for stories, the most frequent first.
const STORY_TERMS: usize = 64;

/// A MinHash signature: for each of `SLOTS` hash functions, the least hash of any shingle
/// (its high 16 bits: two unrelated values agree one time in 65,536).
pub type Signature = [u16; SLOTS];

/// The signature of an article's cleaned title and body, as bytes for a fast field.
pub fn near_signature(title: &str, body: &str) -> Signature {
    let words: Vec<u64> = body.unicode_words().map(word_hash).collect();
    // A short body's shingles carry its title, so only articles with the same title share them.
    let salt = if words.len() < SHORT_BODY_WORDS {
        title.unicode_words().map(word_hash).fold(0x9e37_79b9_7f4a_7c15, mix)
    } else {
        0
    };
    let mut minima = [u32::MAX; SLOTS];
    let mut add = |shingle: u64| {
        // Multiply-shift hashing, one multiplier and offset per slot: the loop runs on
        // vector registers, where a mixing function per slot would cost many times more.
        let x = (shingle >> 32) as u32 ^ shingle as u32;
        for ((min, a), b) in minima.iter_mut().zip(&HASH.0).zip(&HASH.1) {
            *min = (*min).min(x.wrapping_mul(*a).wrapping_add(*b));
        }
    };
    if words.len() < SHINGLE_WORDS {
        add(words.iter().copied().fold(salt, mix));
    } else {
        for shingle in words.windows(SHINGLE_WORDS) {
            add(shingle.iter().copied().fold(salt, mix));
        }
    }
    // The high bits: those a multiply mixes all of the input into.
    minima.map(|m| (m >> 16) as u16)
}

/// Each slot's odd multiplier and offset, drawn once from a fixed seed.
static HASH: ([u32; SLOTS], [u32; SLOTS]) = {
    let mut multipliers = [0u32; SLOTS];
    let mut offsets = [0u32; SLOTS];
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut i = 0;
    while i < SLOTS {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        multipliers[i] = (state >> 32) as u32 | 1;
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        offsets[i] = (state >> 32) as u32;
        i += 1;
    }
    (multipliers, offsets)
};

/// The share of slots two signatures agree on: an estimate of the Jaccard resemblance of
/// their shingle sets.
pub fn resemblance(a: &Signature, b: &Signature) -> f32 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / SLOTS as f32
}

pub fn signature_bytes(signature: &Signature) -> Vec<u8> {
    signature.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub fn signature_from_bytes(bytes: &[u8]) -> Option<Signature> {
    if bytes.len() != SLOTS * 2 {
        return None;
    }
    let mut signature = [0u16; SLOTS];
    for (slot, pair) in signature.iter_mut().zip(bytes.chunks_exact(2)) {
        *slot = u16::from_le_bytes([pair[0], pair[1]]);
    }
    Some(signature)
}

/// A word of an article's story terms: its lowercased hash, and how often it occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub hash: u32,
    pub count: u8,
}

/// The words of the title (counted twice: it names the event) and of the opening of the
/// body, stop words left out, the most frequent first; sorted by hash for comparing. Words
/// as written (lowercased), not stemmed: rewrites of one event share its names and numbers,
/// and one pass over the words costs a fraction of an analyser's.
pub fn story_terms(title: &str, body: &str, lang: &str) -> Vec<Term> {
    // Each word's hash: how often, and where it first came.
    let mut counts: FnvHashMap<u32, (u32, usize)> = FnvHashMap::default();
    let words =
        title.unicode_words().map(|w| (w, 2)).chain(body.unicode_words().take(OPENING_WORDS).map(|w| (w, 1)));
    for (order, (word, weight)) in words.enumerate() {
        if word.chars().nth(1).is_none() || is_stop_word(lang, word) {
            continue;
        }
        counts.entry(word_hash(word) as u32).or_insert((0, order)).0 += weight;
    }
    let mut terms: Vec<(u32, (u32, usize))> = counts.into_iter().collect();
    terms.sort_unstable_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
    let mut kept: Vec<Term> = terms
        .into_iter()
        .take(STORY_TERMS)
        .map(|(hash, (count, _))| Term { hash, count: count.min(u32::from(u8::MAX)) as u8 })
        .collect();
    kept.sort_unstable_by_key(|t| t.hash);
    kept
}

/// Whether a word is a stop word of `lang`, whatever its case.
fn is_stop_word(lang: &str, word: &str) -> bool {
    if word.chars().any(char::is_uppercase) {
        crate::clean::is_stop_word(lang, &word.to_lowercase())
    } else {
        crate::clean::is_stop_word(lang, word)
    }
}

pub fn terms_bytes(terms: &[Term]) -> Vec<u8> {
    terms.iter().flat_map(|t| t.hash.to_le_bytes().into_iter().chain([t.count])).collect()
}

pub fn terms_from_bytes(bytes: &[u8]) -> Vec<Term> {
    bytes
        .chunks_exact(5)
        .map(|c| Term { hash: u32::from_le_bytes([c[0], c[1], c[2], c[3]]), count: c[4] })
        .collect()
}

/// A word's hash (FNV-1a), the same for "Said", "said" and "SAID".
fn word_hash(word: &str) -> u64 {
    let step = |h: u64, b: u8| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    let seed = 0xcbf2_9ce4_8422_2325u64;
    if word.is_ascii() {
        return word.bytes().fold(seed, |h, b| step(h, b.to_ascii_lowercase()));
    }
    let mut buf = [0u8; 4];
    word.chars().flat_map(char::to_lowercase).fold(seed, |h, c| c.encode_utf8(&mut buf).bytes().fold(h, step))
}

/// Mixes `value` into `seed` (splitmix64's finaliser): a family of independent-looking
/// hash functions, one per seed.
fn mix(seed: u64, value: u64) -> u64 {
    let mut z = seed ^ value.wrapping_mul(0x9e37_79b9_7f4a_7c15).wrapping_add(0x632b_e59b_d9b4_e019);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "The harbour board voted on Tuesday to close the northern berth for repairs. \
        Ships will use the southern quay until March, the board said. Fishermen asked for a \
        longer notice period and a fund for lost catches. The mayor promised to raise both at \
        the next council meeting, which is set for the first week of February. Repairs will \
        cost about two million euros, paid by the port and the region together.";

    #[test]
    fn a_copy_resembles_its_original_and_a_rewrite_does_not() {
        let original = near_signature("Berth closes", BODY);
        let wrapped = BODY.replace(". ", ".\n");
        assert_eq!(resemblance(&original, &near_signature("Berth closes - Site", &wrapped)), 1.0);
        let shorter = BODY.rsplit_once(" Repairs").map(|(head, _)| head).unwrap_or(BODY);
        assert!(resemblance(&original, &near_signature("x", shorter)) > 0.6);
        let rewrite = "Port officials shut the north berth this week. Boats are sent to the \
            south quay while builders work through the winter, at a cost of two million euros \
            shared with the region. The fishing association wants compensation.";
        assert!(resemblance(&original, &near_signature("Berth closes", rewrite)) < 0.2);
    }

    #[test]
    fn short_records_are_copies_only_with_the_same_title() {
        let body = "Qtly div 10 cts vs 10 cts. Pay April 15. Record April 1.";
        let a = near_signature("ACME SETS DIVIDEND", body);
        assert_eq!(resemblance(&a, &near_signature("ACME SETS DIVIDEND", body)), 1.0);
        assert!(resemblance(&a, &near_signature("ZENITH SETS DIVIDEND", body)) < 0.1);
    }

    #[test]
    fn bytes_round_trip() {
        let signature = near_signature("t", BODY);
        assert_eq!(signature_from_bytes(&signature_bytes(&signature)), Some(signature));
        let terms = story_terms("Berth closes", BODY, "eng");
        assert!(!terms.is_empty() && terms.windows(2).all(|w| w[0].hash < w[1].hash));
        assert_eq!(terms_from_bytes(&terms_bytes(&terms)), terms);
    }
}
