//! What an article is compared by, computed once when it is indexed: a MinHash signature
//! of its text, for copies, and the words it opens with, for stories.

use fnv::FnvHashMap;

/// Values in a MinHash signature: the estimate of a resemblance near the copy threshold
/// (0.5) is off by 0.06 at most one time in three. Fewer let daily reports of one template
/// ("hog slaughter at about 290,000 head") through as copies of each other.
pub const SLOTS: usize = 64;

/// Words in a shingle: three keep a copy that rewords a sentence or drops a paragraph far
/// above the threshold, while articles that tell one event in their own words share
/// almost none of them.
const SHINGLE_WORDS: usize = 3;

/// A body of fewer words is too short to tell a copy by: its signature also holds its
/// title, so that two short records are copies only when titles and bodies both match
/// (a flash headline, a dividend notice that differs from others only in its title).
pub const SHORT_BODY_WORDS: usize = 50;

/// Extra features of each number in a body (see `near_signature`).
const NUMBER_WEIGHT: u64 = 2;

/// Body words that a story is told by: the opening of an article names its event.
const OPENING_WORDS: usize = 150;

/// Distinct words kept for stories, the most frequent first.
const STORY_TERMS: usize = 64;

/// A MinHash signature: for each of `SLOTS` hash functions, the least hash of any shingle
/// (its high 16 bits: two unrelated values agree one time in 65,536).
pub type Signature = [u16; SLOTS];

/// An article's copy signature and story terms, as the index stores them: computed by the
/// indexing workers, beside the cleaning (`corpus clean` has no use for them).
#[derive(Debug, Clone)]
pub struct Likeness {
    pub near: Vec<u8>,
    pub terms: Vec<u8>,
}

impl Likeness {
    pub fn of(cleaned: &crate::clean::Cleaned) -> Likeness {
        // The body's words are split and hashed once, for the signature and the story terms.
        let body = BodyWords::of(&cleaned.body);
        Likeness {
            near: signature_bytes(&least_hashes(&features(&cleaned.title, &body))),
            terms: terms_bytes(&terms_of(&cleaned.title, &body, &cleaned.lang)),
        }
    }
}

/// A body's words, and the hash of each.
struct BodyWords<'a> {
    words: Vec<&'a str>,
    hashes: Vec<u64>,
}

impl<'a> BodyWords<'a> {
    fn of(body: &'a str) -> BodyWords<'a> {
        let words: Vec<&str> = words(body).collect();
        let hashes = words.iter().map(|w| word_hash(w)).collect();
        BodyWords { words, hashes }
    }
}

/// The signature of an article's cleaned title and body.
pub fn near_signature(title: &str, body: &str) -> Signature {
    least_hashes(&features(title, &BodyWords::of(body)))
}

/// What a signature is made of: the hashes of the body's shingles and numbers.
fn features(title: &str, body: &BodyWords) -> Vec<u64> {
    let (body_words, hashes) = (&body.words, &body.hashes);
    // A short body's shingles carry its title, so only articles with the same title share them.
    let salt = if hashes.len() < SHORT_BODY_WORDS {
        words(title).map(word_hash).fold(0x9e37_79b9_7f4a_7c15, mix)
    } else {
        0
    };
    let mut features: Vec<u64> = Vec::with_capacity(hashes.len() * (1 + NUMBER_WEIGHT as usize));
    if hashes.len() < SHINGLE_WORDS {
        features.push(hashes.iter().copied().fold(salt, mix));
    } else {
        features.extend(hashes.windows(SHINGLE_WORDS).map(|shingle| shingle.iter().copied().fold(salt, mix)));
    }
    // Numbers are the facts that tell one day's report of a template from the next ("output
    // up 4.9 pct", "up 6.8 pct"): each counts as NUMBER_WEIGHT more features, which copies
    // share and such reports do not.
    for (word, hash) in body_words.iter().zip(hashes) {
        if word.bytes().any(|b| b.is_ascii_digit()) {
            features.extend((1..=NUMBER_WEIGHT).map(|k| mix(salt ^ hash, k)));
        }
    }
    features
}

/// For each slot, the high 16 bits of the least hash of any feature: the signature.
fn least_hashes(features: &[u64]) -> Signature {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: this CPU runs AVX2 instructions, as just checked.
        return unsafe { least_hashes_avx2(features) };
    }
    least_hashes_of(features)
}

/// `least_hashes` compiled for AVX2, whose registers take twice as many slots at a time.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn least_hashes_avx2(features: &[u64]) -> Signature {
    least_hashes_of(features)
}

#[inline(always)]
fn least_hashes_of(features: &[u64]) -> Signature {
    // Each slot keeps the high 32 bits of its least hash (the least of the high bits, as
    // shifting keeps the order): minima of 32 bits fill a vector register four at a time.
    let mut minima = [u32::MAX; SLOTS];
    for &feature in features {
        // Slot i hashes a feature as h1 + i * h2 (double hashing, from two independent
        // hashes of it): each slot a random function of the feature, for one multiply.
        let step = mix(feature, 0x5851_f42d_4c95_7f2d) | 1;
        let mut value = feature;
        for min in minima.iter_mut() {
            value = value.wrapping_add(step);
            *min = (*min).min((value >> 32) as u32);
        }
    }
    minima.map(|m| (m >> 16) as u16)
}

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
    terms_of(title, &BodyWords::of(body), lang)
}

fn terms_of(title: &str, body: &BodyWords, lang: &str) -> Vec<Term> {
    // Each word's hash: how often, and where it first came.
    let mut counts: FnvHashMap<u32, (u32, usize)> = FnvHashMap::default();
    let opening = body.words.iter().zip(&body.hashes).take(OPENING_WORDS);
    let words = words(title).map(|w| (w, None, 2)).chain(opening.map(|(&w, &hash)| (w, Some(hash), 1)));
    for (order, (word, hash, weight)) in words.enumerate() {
        if word.chars().nth(1).is_none() || is_stop_word(lang, word) {
            continue;
        }
        let hash = hash.unwrap_or_else(|| word_hash(word));
        counts.entry(hash as u32).or_insert((0, order)).0 += weight;
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

/// The words of a text: runs of letters and digits (with the points and commas inside a
/// number, and the apostrophes inside a word: "290,000", "3.5", "don't" are one word each),
/// and each Chinese or Japanese character alone (those scripts do not space their words).
/// Unicode's word boundaries, simplified to what telling copies apart needs.
fn words(text: &str) -> Words<'_> {
    Words { text, at: 0 }
}

struct Words<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        // Most text is ASCII: its bytes are judged as they are, other characters decoded.
        let bytes = self.text.as_bytes();
        let mut at = self.at;
        let start = loop {
            let Some(&byte) = bytes.get(at) else {
                self.at = at;
                return None;
            };
            if byte.is_ascii() {
                if byte.is_ascii_alphanumeric() {
                    break at;
                }
                at += 1;
                continue;
            }
            let c = char_at(self.text, at);
            if unspaced(c) {
                self.at = at + c.len_utf8();
                return Some(&self.text[at..self.at]);
            }
            if c.is_alphanumeric() {
                break at;
            }
            at += c.len_utf8();
        };
        at += char_at(self.text, at).len_utf8();
        while let Some(&byte) = bytes.get(at) {
            let (word_char, width) = match byte {
                b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => (true, 1),
                b'.' | b',' => (digit_at(bytes, at - 1) && digit_at(bytes, at + 1), 1),
                b'\'' => (self.apostrophe_inside(at, 1), 1),
                _ if byte.is_ascii() => (false, 1),
                _ => {
                    let c = char_at(self.text, at);
                    let width = c.len_utf8();
                    let word_char = match c {
                        '’' => self.apostrophe_inside(at, width),
                        _ => c.is_alphanumeric() && !unspaced(c),
                    };
                    (word_char, width)
                }
            };
            if !word_char {
                break;
            }
            at += width;
        }
        self.at = at;
        Some(&self.text[start..at])
    }
}

impl Words<'_> {
    /// Whether the apostrophe of `width` bytes at byte `at` joins two letters or digits.
    fn apostrophe_inside(&self, at: usize, width: usize) -> bool {
        let before = self.text[..at].chars().next_back().is_some_and(alphanumeric);
        before && self.text[at + width..].chars().next().is_some_and(alphanumeric)
    }
}

fn digit_at(bytes: &[u8], at: usize) -> bool {
    bytes.get(at).is_some_and(u8::is_ascii_digit)
}

/// The character that starts at byte `at` of `text` (a character boundary within it).
fn char_at(text: &str, at: usize) -> char {
    text[at..].chars().next().unwrap_or(' ')
}

/// A letter or digit of any script.
fn alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// Chinese characters, kana: scripts written without spaces between words.
fn unspaced(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
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
    fn words_are_runs_of_letters_and_each_chinese_or_japanese_character() {
        let found: Vec<&str> = words("“Meta’s” AI, 3.5 (U.S.) 290,000. 東京で会議 abc東").collect();
        assert_eq!(
            found,
            ["Meta’s", "AI", "3.5", "U", "S", "290,000", "東", "京", "で", "会", "議", "abc", "東"]
        );
        let found: Vec<&str> = words("don't 1.5.2 it's' '90 x,y 4..5 Zürich’s").collect();
        assert_eq!(found, ["don't", "1.5.2", "it's", "90", "x", "y", "4", "5", "Zürich’s"]);
    }

    /// The index stores signatures and story terms: the same text gives the same ones on
    /// every machine, with or without AVX2 (a short body's, salted with its title, and a long
    /// one's).
    #[test]
    fn signatures_stay_what_the_index_stored() {
        let hogs = "Hog slaughter was estimated at about 290,000 head, up 4.9 pct from a week ago, \
            the department said. Cattle slaughter was put at 125,000 head.";
        let short = [
            884, 1018, 615, 1515, 206, 3536, 122, 667, 1254, 1566, 1487, 1875, 3018, 2127, 1969, 497, 2768,
            5788, 7083, 635, 913, 207, 1012, 630, 4089, 178, 788, 10, 796, 723, 863, 260, 1148, 7345, 606,
            9472, 771, 4690, 3089, 594, 23, 3569, 1359, 200, 4908, 1614, 1922, 1135, 794, 3231, 529, 5320,
            3859, 3088, 549, 557, 1518, 409, 2174, 85, 5533, 3790, 1172, 4149,
        ];
        assert_eq!(near_signature("HOG SLAUGHTER ESTIMATED", hogs), short);
        assert_eq!(least_hashes_of(&features("HOG SLAUGHTER ESTIMATED", &BodyWords::of(hogs))), short);
        let long = [
            67, 1092, 832, 176, 449, 105, 936, 78, 84, 2409, 844, 1586, 37, 17, 181, 922, 12, 101, 1167, 791,
            218, 2358, 452, 1283, 233, 875, 603, 670, 870, 0, 80, 216, 461, 46, 51, 733, 8, 254, 68, 878,
            884, 78, 168, 153, 216, 477, 1079, 677, 10, 2885, 216, 19, 156, 290, 588, 88, 196, 61, 595, 32,
            417, 306, 1283, 493,
        ];
        let body = format!("{BODY} {hogs}");
        assert_eq!(near_signature("t", &body), long);
        assert_eq!(least_hashes_of(&features("t", &BodyWords::of(&body))), long);
        let terms: Vec<(u32, u8)> =
            story_terms("HOG SLAUGHTER ESTIMATED", hogs, "eng").iter().map(|t| (t.hash, t.count)).collect();
        let stored = [
            (87634522, 1),
            (162524138, 1),
            (435011517, 1),
            (473888526, 4),
            (474417833, 3),
            (599044046, 1),
            (655541824, 1),
            (804633277, 3),
            (1450215472, 1),
            (1452920302, 1),
            (1603931139, 2),
            (2174628417, 1),
            (3356963527, 1),
        ];
        assert_eq!(terms, stored, "the story terms too");
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
