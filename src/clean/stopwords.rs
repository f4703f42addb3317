//! Stop-word lists for the Latin-script languages the cleaner knows well.
//! One lookup per word answers for all of them at once (a bit per language).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// Stop words are at most eight bytes long, so a word's bytes, zero-padded, are its key:
/// no string hashing, and one folded multiply mixes it.
#[derive(Default)]
pub(crate) struct Packed(u64);

impl Hasher for Packed {
    fn finish(&self) -> u64 {
        self.0
    }
    // Keys are u64 and go through `write_u64`; this only keeps the trait whole.
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | u64::from(b)).rotate_left(5);
        }
    }
    fn write_u64(&mut self, key: u64) {
        let product = u128::from(key) * 0x9e37_79b9_7f4a_7c15;
        self.0 = (product >> 64) as u64 ^ product as u64;
    }
}

type Table = HashMap<u64, u8, BuildHasherDefault<Packed>>;

/// The longest stop word, in bytes; longer words are never looked up.
pub(crate) const MAX_STOP_BYTES: usize = 8;

/// A word of at most [`MAX_STOP_BYTES`] bytes as a table key (words hold no NUL).
pub(crate) fn pack(word: &[u8]) -> Option<u64> {
    if word.len() > MAX_STOP_BYTES {
        return None;
    }
    let mut bytes = [0u8; 8];
    bytes[..word.len()].copy_from_slice(word);
    Some(u64::from_le_bytes(bytes))
}

/// Languages with a stop-word list, in bit order; codes as whatlang names them.
pub(crate) const LANGS: [&str; 7] = ["eng", "deu", "fra", "spa", "ita", "por", "nld"];

pub(crate) const EN: &str = "the of and to a in is it that for on was with as he she they be at by this had not are but from \
or have an which his her their were been has its we you your our i me my will would can could there what so if about \
into than them these those also more who when where why how all any some no out up do does did just over after before \
other such only one said says being while because then here him us should may might must each most very both \
per";
pub(crate) const DE: &str = "der die das und in zu den von mit sich des auf für ist im dem nicht ein eine als auch es an werden \
aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis \
mehr durch man sein wurde sei ich wir ihr ihre ihren seine seiner können kann diese dieser dieses hier dann denn wenn \
weil schon gegen unter sehr ohne wieder keine kein was wer wo jetzt nun seit also damit immer zwischen";
pub(crate) const FR: &str = "le la les de des du un une et en à au aux est que qui dans pour par sur pas plus ne ce cette ces il \
elle ils elles nous vous on se sa son ses leur leurs avec mais ou où comme être été a ont sont était y dont tout tous \
aussi très même après avant sans entre lui je fait peut encore depuis selon alors sont notre";
pub(crate) const ES: &str = "el la los las de del y en un una que a es por con para no se su sus al lo como más pero o fue son \
ha han le les ya este esta estos estas entre cuando muy sin sobre también hasta desde donde porque todo todos era ser \
está están hay nos yo otro otra según tiene puede";
pub(crate) const IT: &str = "il lo la i gli le di del della dei delle da dal in con su per tra fra un una uno e è che non si a \
al alla ai alle come più ma o anche sono ha hanno era essere questo questa questi quello nel nella nei sul sulla dopo \
prima quando già molto tutto tutti se ci ne io degli dello stato ancora";
pub(crate) const PT: &str = "o a os as de do da dos das em no na nos nas um uma e é que não se por para com como mais mas ou foi \
são ao aos à às seu sua seus suas ele ela eles elas isso este esta também já muito quando entre sobre até pelo pela \
depois ser está pode tem";
pub(crate) const NL: &str = "de het een en van in is dat op te zijn met voor niet aan er die als ook bij door maar om dan of uit \
over naar nog wel werd worden wordt hij zij ze we wij je u hun haar dit deze was waren heeft hebben kan kunnen zou geen \
meer al nu tot na zo ik";

/// Distinct sets of languages a stop word belongs to ("die": German and Dutch), at most.
const MAX_SETS: usize = 40;

/// Each stop word's set of languages, as an index into `sets`, and each set's bits.
struct Lists {
    table: Table,
    sets: Vec<u8>,
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut bits: HashMap<u64, u8, BuildHasherDefault<Packed>> = HashMap::default();
        for (bit, list) in [EN, DE, FR, ES, IT, PT, NL].iter().enumerate() {
            for word in list.split_whitespace() {
                // A longer word would never be found: the test below checks every list.
                if let Some(key) = pack(word.as_bytes()) {
                    *bits.entry(key).or_insert(0u8) |= 1 << bit;
                }
            }
        }
        let mut sets: Vec<u8> = bits.values().copied().collect();
        sets.sort_unstable();
        sets.dedup();
        // A test checks that the lists hold no more sets than a `Hits` counts.
        sets.truncate(MAX_SETS);
        let table = bits
            .into_iter()
            .filter_map(|(key, b)| Some((key, u8::try_from(sets.iter().position(|&s| s == b)?).ok()?)))
            .collect();
        Lists { table, sets }
    })
}

/// Whether a lower-case `word` is a stop word of `lang` (ISO 639-3); false in a language
/// without a list.
pub fn is_stop_word(lang: &str, word: &str) -> bool {
    let (Some(i), Some(key)) = (index_of(lang), pack(word.as_bytes())) else { return false };
    let lists = lists();
    lists.table.get(&key).is_some_and(|&set| lists.sets[usize::from(set)] >> i & 1 == 1)
}

/// Index into [`LANGS`] of an ISO 639-3 code.
pub(crate) fn index_of(code: &str) -> Option<usize> {
    LANGS.iter().position(|&l| l == code)
}

/// Stop-word hits per language and the number of words seen.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hits {
    pub per_lang: [u32; 7],
    /// Stop words seen of each set of languages (see [`Lists`]): one count per word,
    /// where a count per pair of languages would take 49.
    sets: [u16; MAX_SETS],
    pub words: u32,
}

impl Default for Hits {
    fn default() -> Hits {
        Hits { per_lang: [0; 7], sets: [0; MAX_SETS], words: 0 }
    }
}

impl Hits {
    /// Adds one word; `word` may carry punctuation and capitals.
    pub fn add(&mut self, word: &str) {
        if word.is_ascii() {
            self.add_ascii(word.as_bytes());
            return;
        }
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        if core.is_empty() {
            return;
        }
        self.words += 1;
        // Capitals ("DEL E. WEBB", headlines) and initials name things; they are no
        // evidence of a language.
        let shouted = core.len() >= 2 && !core.chars().any(char::is_lowercase);
        let initial = core.len() == 1 && word.ends_with('.') && !core.chars().any(char::is_lowercase);
        if core.len() > 12 || shouted || initial {
            return;
        }
        let lower;
        let key = if core.chars().any(char::is_uppercase) {
            lower = core.to_lowercase();
            lower.as_str()
        } else {
            core
        };
        self.count(key.as_bytes());
    }

    /// [`Hits::add`] for an ASCII word, where letters and digits are bytes.
    pub fn add_ascii(&mut self, word: &[u8]) {
        let Some(start) = word.iter().position(u8::is_ascii_alphanumeric) else { return };
        let end = word.iter().rposition(u8::is_ascii_alphanumeric).map_or(start, |e| e + 1);
        let core = &word[start..end];
        self.add_ascii_core(core, core.iter().any(u8::is_ascii_lowercase), word.ends_with(b"."));
    }

    /// [`Hits::add_ascii`] of a word whose letters and digits run from the first to the
    /// last byte of `core`; `lower` says `core` holds a lower-case letter, `dot` that the
    /// word ends with a full stop.
    pub fn add_ascii_core(&mut self, core: &[u8], lower: bool, dot: bool) {
        self.words += 1;
        // The same capitals and initials as in `add`.
        if core.len() > MAX_STOP_BYTES || (!lower && (core.len() >= 2 || dot)) {
            return;
        }
        // The lower-case word's key, as `pack` makes it, built in place.
        let key = core.iter().rev().fold(0u64, |k, &b| k << 8 | u64::from(b.to_ascii_lowercase()));
        self.count_key(key);
    }

    /// Counts a lower-case word if it is a stop word.
    fn count(&mut self, key: &[u8]) {
        if let Some(key) = pack(key) {
            self.count_key(key);
        }
    }

    /// [`Hits::count`] of a word's [`pack`]ed key.
    fn count_key(&mut self, key: u64) {
        let lists = lists();
        let Some(&set) = lists.table.get(&key) else { return };
        let bits = lists.sets[usize::from(set)];
        for (i, n) in self.per_lang.iter_mut().enumerate() {
            *n += u32::from(bits >> i & 1);
        }
        let count = &mut self.sets[usize::from(set)];
        *count = count.saturating_add(1);
    }

    /// Stop words of language `i` that are not stop words of `j` ("die" is German and
    /// not English; "in" is both), at most `u16::MAX`.
    #[cfg(test)]
    pub fn only(&self, i: usize, j: usize) -> u16 {
        let sets = lists().sets.iter().zip(&self.sets);
        let n: u32 =
            sets.filter(|(&b, _)| b >> i & 1 == 1 && b >> j & 1 == 0).map(|(_, &n)| u32::from(n)).sum();
        u16::try_from(n).unwrap_or(u16::MAX)
    }

    pub fn of(text: &str) -> Hits {
        let mut hits = Hits::default();
        for w in text.split_whitespace() {
            hits.add(w);
        }
        hits
    }

    pub fn merge(&mut self, other: &Hits) {
        for (a, b) in self.per_lang.iter_mut().zip(other.per_lang.iter()) {
            *a += b;
        }
        for (a, b) in self.sets.iter_mut().zip(other.sets.iter()) {
            *a = a.saturating_add(*b);
        }
        self.words += other.words;
    }

    /// Share of words that are stop words of language `lang` (index into [`LANGS`]).
    pub fn density(&self, lang: usize) -> f32 {
        if self.words == 0 {
            0.0
        } else {
            self.per_lang[lang] as f32 / self.words as f32
        }
    }

    /// The language with the most hits, its hit count, and the runner-up's count.
    pub fn best(&self) -> (usize, u32, u32) {
        let mut best = 0;
        for i in 1..LANGS.len() {
            if self.per_lang[i] > self.per_lang[best] {
                best = i;
            }
        }
        let second = (0..LANGS.len()).filter(|&i| i != best).map(|i| self.per_lang[i]).max().unwrap_or(0);
        (best, self.per_lang[best], second)
    }

    /// The most stop words some other language has that `lang` does not share.
    pub fn foreign_only(&self, lang: Option<usize>) -> u32 {
        match lang {
            Some(d) => {
                // `only(i, d)` of every other language `i`, in one pass over the sets seen.
                let mut only = [0u32; LANGS.len()];
                for (&bits, &n) in lists().sets.iter().zip(&self.sets) {
                    if n > 0 && bits >> d & 1 == 0 {
                        for (i, sum) in only.iter_mut().enumerate() {
                            *sum += u32::from(bits >> i & 1) * u32::from(n);
                        }
                    }
                }
                only.iter().map(|&n| n.min(u32::from(u16::MAX))).max().unwrap_or(0)
            }
            None => self.best().1,
        }
    }

    /// The language the stop words settle on their own, if they do.
    pub fn decisive(&self) -> Option<usize> {
        let (best, n, second) = self.best();
        let enough = n >= 4 && self.density(best) >= 0.12;
        (enough && n * 10 >= second * 13).then_some(best)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_word_is_found() {
        for (lang, list) in [EN, DE, FR, ES, IT, PT, NL].iter().enumerate() {
            for word in list.split_whitespace() {
                assert_eq!(Hits::of(word).per_lang[lang], 1, "{word}");
            }
        }
    }

    /// Every set of languages a listed word belongs to has a count of its own in `Hits`.
    #[test]
    fn every_set_of_languages_is_counted() {
        let mut bits: HashMap<&str, u8> = HashMap::new();
        for (lang, list) in [EN, DE, FR, ES, IT, PT, NL].iter().enumerate() {
            for word in list.split_whitespace() {
                *bits.entry(word).or_insert(0) |= 1 << lang;
            }
        }
        let mut sets: Vec<u8> = bits.into_values().collect();
        sets.sort_unstable();
        sets.dedup();
        assert!(sets.len() <= MAX_SETS, "{} sets", sets.len());
        assert_eq!(lists().sets, sets);
        let (en, de, nl) = (0, 1, 6);
        let hits = Hits::of("die der in van");
        assert_eq!(
            (hits.only(de, en), hits.only(en, de), hits.only(de, nl), hits.only(nl, de)),
            (2, 0, 1, 1)
        );
    }

    #[test]
    fn settles_common_languages() {
        let en =
            Hits::of("The company said that it would release the models to developers in the coming months.");
        assert_eq!(en.decisive().map(|i| LANGS[i]), Some("eng"));
        let de = Hits::of("Die Firma hat mitgeteilt, dass sie die Modelle in den kommenden Monaten für Entwickler freigeben wird.");
        assert_eq!(de.decisive().map(|i| LANGS[i]), Some("deu"));
        let fr = Hits::of("La société a indiqué qu'elle publierait les modèles pour les développeurs dans les prochains mois.");
        assert_eq!(fr.decisive().map(|i| LANGS[i]), Some("fra"));
    }
}
