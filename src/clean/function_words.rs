//! Function words of every Latin-script language whatlang knows, for judging one line or
//! one sample at a time. The hot path counts the seven common languages of
//! [`super::stopwords`] on every word; this table is only asked about the few lines and
//! samples whose language is in question, so it can afford a string lookup per word.
//!
//! The lists are short on purpose: the most frequent articles, prepositions, conjunctions,
//! pronouns and auxiliaries of each language, the words any sentence of news holds a few of.
//! Words that are also common English content words ("ten", "men", "son", "co") are left
//! out, since an English line must not read as foreign because of them.

use super::stopwords::{pack, Packed, DE, EN, ES, FR, IT, MAX_STOP_BYTES, NL, PT};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

/// Languages with a list, ISO 639-3 as whatlang names them, and their words.
const LISTS: [(&str, &str); 36] = [
    ("eng", EN),
    ("deu", DE),
    ("fra", FR),
    ("spa", ES),
    ("ita", IT),
    ("por", PT),
    ("nld", NL),
    (
        "pol",
        "w z na się nie że do jest o od jak po ale tak za przez dla czy już tylko jego jej ich są był \
        była było być też może przy bardzo oraz lub który która które także jeszcze tym tego we ze",
    ),
    (
        "tur",
        "ve bir bu da için ile çok daha gibi olarak olan ama ya sonra kadar her şey değil var yok mi ne \
        ki ben biz siz onlar diye göre ancak veya hem ise",
    ),
    (
        "swe",
        "och i att det som en på är av för med till den har de inte om ett han hon vi så från kan ska \
        vid eller när också efter sig sina hade jag du nu mot",
    ),
    (
        "dan",
        "og i at det er en til på som de med af for ikke den har han hun et vi var så fra kan skal \
        eller når også efter sig jeg du nu mod hvor blev være",
    ),
    (
        "nob",
        "og i det som er en på til av for med at ikke den har han hun et vi var så fra kan skal eller \
        når også etter seg jeg du nå mot hvor ble være",
    ),
    (
        "ind",
        "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke adalah karena oleh ada \
        bisa atau sudah saat telah kami mereka kita para tersebut lebih hanya bahwa namun",
    ),
    ("jav", "lan ing sing karo ora iku iki kanggo saka wis uga bisa dadi ana kang marang"),
    ("tgl", "ang ng sa mga na at ay para si ni ito hindi ko ka siya kami tayo sila mula"),
    (
        "ces",
        "a v se na je že s z do o jako by pro ale jsou jeho byl bylo jsem podle také už nebo jak při \
        které který která tak jen po",
    ),
    (
        "slk",
        "a v sa na je že s z do o ako by pre ale sú jeho bol bolo som podľa tiež už alebo pri ktoré \
        ktorý ktorá tak len po",
    ),
    ("hrv", "i u je se na da za su od s o a kao što ali iz ne bi će biti koji koja koje sam još ili nakon"),
    ("slv", "in je v se na da za so od z o s kot ki pa ali iz ne bi bo biti sem še tudi ter po"),
    (
        "ron",
        "și în de la cu a pe din care nu că o un pentru mai este sunt se au fost ce ca sau dar al ale \
        lui această acest",
    ),
    (
        "hun",
        "a az és hogy nem is egy meg van csak de ez azt mint már volt vagy még el ki fel be után \
        között pedig",
    ),
    (
        "fin",
        "ja on ei se että oli hän mutta kun tai myös kuin niin jo ovat ole voi sen mukaan vielä sekä \
        jotka joka tämä nyt",
    ),
    ("est", "ja on ei see et oli ta aga kui või ka nagu nii juba ole mis kes seda ning pärast veel"),
    ("lav", "un ir ar uz no par kas ka lai bet vai arī tas tā bija jau pie kā"),
    ("lit", "ir yra kad su iš į ne tai bet kaip jo jos buvo bus dar tik taip arba nuo per apie"),
    (
        "vie",
        "của và các là có được trong cho với này không một đã sẽ những người khi từ theo tại về để \
        cũng như nhưng đó thì ra nhiều",
    ),
    (
        "cat",
        "el la els les de del i a en que per amb un una es no és al com més però també han ha seva \
        seu dels aquest aquesta",
    ),
    ("afr", "die en van is het nie in te dat op vir met om sy hy was aan as ook word hulle maar by"),
    ("aze", "və bir bu da ki ilə üçün çox daha kimi olan isə amma sonra qədər hər deyil var yox"),
    ("uzb", "va bu bir bilan uchun ham esa deb edi qilib kabi lekin yoki emas bor"),
    ("tuk", "we bu bir bilen üçin hem ol diýip edip ýaly emma däl bar"),
    ("epo", "la kaj de en estas al por ke ne sed kun el pri ĉi tiu tio mi vi li ŝi ili"),
    ("lat", "et in est non ad cum ut sed quod qui quae ab ex per atque enim sunt esse"),
    ("zul", "ukuthi futhi kodwa uma noma kanye lapho ngoba"),
    ("sna", "uye kana kuti asi zvino iye ndiye pane"),
    ("aka", "na ne wɔ no sɛ ɛyɛ ɔno"),
];

/// Each listed word, packed as the hot-path lists pack theirs (no word is longer than
/// eight bytes: a test checks), and the languages (bits, in [`LISTS`] order) it belongs to.
type Table = HashMap<u64, u64, BuildHasherDefault<Packed>>;

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Table::default();
        for (bit, (_, words)) in LISTS.iter().enumerate() {
            for key in words.split_whitespace().filter_map(|w| pack(w.as_bytes())) {
                *table.entry(key).or_insert(0) |= 1 << bit;
            }
        }
        table
    })
}

/// The languages a word in lower case belongs to (0 for none).
fn lookup(table: &Table, core: &str) -> u64 {
    if core.len() > MAX_STOP_BYTES {
        return 0;
    }
    let key = if core.is_ascii() {
        // Lower case in place, as `pack` would lay the bytes out.
        core.bytes().rev().fold(0u64, |k, b| k << 8 | u64::from(b.to_ascii_lowercase()))
    } else if core.chars().any(char::is_uppercase) {
        match pack(core.to_lowercase().as_bytes()) {
            Some(key) => key,
            None => return 0,
        }
    } else {
        match pack(core.as_bytes()) {
            Some(key) => key,
            None => return 0,
        }
    };
    table.get(&key).copied().unwrap_or(0)
}

/// Index into [`LISTS`] of a language code.
pub(crate) fn index_of(code: &str) -> Option<usize> {
    LISTS.iter().position(|(c, _)| *c == code)
}

/// Each word of `text` that holds a letter or digit, with the languages it is a function
/// word of (0 for none). Names in capitals and initials are no evidence, as in
/// [`super::stopwords::Hits`].
fn languages_of_words(text: &str) -> impl Iterator<Item = u64> + '_ {
    let table = table();
    text.split_whitespace().filter_map(move |word| {
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        if core.is_empty() {
            return None;
        }
        let lower = core.chars().any(char::is_lowercase);
        let single = core.chars().nth(1).is_none();
        if !lower && (!single || word.ends_with('.')) {
            return Some(0);
        }
        Some(lookup(table, core))
    })
}

/// The function words of one stretch of text, per language, seen from the document's.
/// A word two languages share speaks for neither against the other: "a" is English,
/// Portuguese and Hungarian.
#[derive(Debug, Clone)]
pub(crate) struct Evidence {
    /// Function words of the document's language that no other language has.
    pub ours_alone: u32,
    /// Index of the document's language in [`LISTS`], if it has a list.
    doc: Option<usize>,
    /// Per language: the document's function words that it does not have.
    ours_not_theirs: [u32; LISTS.len()],
    /// Per language: its function words that the document's language does not have.
    theirs: [u32; LISTS.len()],
}

impl Evidence {
    /// Counts the words of `text`; `doc` is the document's language code.
    pub fn of(text: &str, doc: &str) -> Evidence {
        let doc = index_of(doc);
        let doc_bit = doc.map_or(0, |i| 1u64 << i);
        let mut e =
            Evidence { ours_alone: 0, doc, ours_not_theirs: [0; LISTS.len()], theirs: [0; LISTS.len()] };
        for bits in languages_of_words(text).filter(|&b| b != 0) {
            let (counts, others) = if bits & doc_bit != 0 {
                e.ours_alone += u32::from(bits == doc_bit);
                (&mut e.ours_not_theirs, !bits)
            } else {
                (&mut e.theirs, bits)
            };
            for (i, n) in counts.iter_mut().enumerate() {
                *n += u32::from(others >> i & 1 == 1);
            }
        }
        e
    }

    /// Function words of the document's language that language `rival` does not have.
    pub fn ours(&self, rival: &str) -> u32 {
        index_of(rival).map_or(self.ours_alone, |i| self.ours_not_theirs[i])
    }

    /// Function words of language `code` that the document's language does not have.
    #[cfg(test)]
    pub fn theirs(&self, code: &str) -> u32 {
        index_of(code).map_or(0, |i| self.theirs[i])
    }

    /// The most function words any other language has that the document's does not.
    pub fn best_theirs(&self) -> u32 {
        self.theirs.iter().copied().max().unwrap_or(0)
    }

    /// The fewest of the document's function words any other language lacks: what
    /// [`Evidence::ours`] is at least, whichever language the text may be in instead
    /// ("of" is Dutch and "was" Afrikaans, but no language has both).
    fn ours_at_least(&self) -> u32 {
        let others = self.ours_not_theirs.iter().enumerate().filter(|&(i, _)| Some(i) != self.doc);
        others.map(|(_, &n)| n).min().unwrap_or(self.ours_alone)
    }

    /// Whether the function words alone rule out another language: another language's
    /// must be twice the document's, or, in words of the shape of prose (`shaped`), the
    /// document's absent; whichever language the text may be in instead.
    pub fn rules_out_others(&self, shaped: bool) -> bool {
        let (ours, theirs) = (self.ours_at_least(), self.best_theirs());
        let clear = theirs >= 2 && theirs >= 2 * ours;
        !clear && (ours > 0 || !shaped)
    }
}

/// Function words of each language in `text`, and the words counted.
fn counts(text: &str) -> ([u32; LISTS.len()], u32) {
    let mut counts = [0; LISTS.len()];
    let mut words = 0;
    for bits in languages_of_words(text) {
        words += 1;
        for (i, n) in counts.iter_mut().enumerate() {
            *n += u32::from(bits >> i & 1 == 1);
        }
    }
    (counts, words)
}

/// Whether some other language has more function words in `text` than `code` has.
pub(crate) fn outvoted(text: &str, code: &str) -> bool {
    let (counts, _) = counts(text);
    let ours = index_of(code).map_or(0, |i| counts[i]);
    counts.iter().any(|&n| n > ours)
}

/// The languages the function words of `text` cannot tell apart: those with enough of them
/// ([`enough`]) and not clearly behind the leader (Danish and Norwegian share most of
/// theirs). One language alone is the one they settle on; none when none has enough.
pub(crate) fn front_runners(text: &str) -> Vec<&'static str> {
    let (counts, words) = counts(text);
    let best = counts.iter().copied().max().unwrap_or(0);
    if !enough(best, words) {
        return Vec::new();
    }
    LISTS.iter().zip(counts).filter(|&(_, n)| n * 13 > best * 10).map(|((code, _), _)| *code).collect()
}

/// Of `runners`, languages whose function words `text` cannot tell apart by their counts,
/// the one whose own words, those no other runner has, clearly outnumber each other's
/// ("av", "seg" and "etter" are Norwegian where Danish writes "af", "sig" and "efter"):
/// two at least, and twice the runner-up's.
pub(crate) fn apart(text: &str, runners: &[&'static str]) -> Option<&'static str> {
    let own = own_counts(text, runners);
    let (best, &n) = own.iter().enumerate().max_by_key(|&(_, n)| *n)?;
    let second = own.iter().enumerate().filter(|&(k, _)| k != best).map(|(_, &n)| n).max().unwrap_or(0);
    (n >= 2 && n >= 2 * second).then(|| runners[best])
}

/// For each of `langs`, the function words of `text` that it has and no other of `langs`
/// has (0 for a language without a list).
fn own_counts(text: &str, langs: &[&str]) -> Vec<u32> {
    let bits: Vec<Option<usize>> = langs.iter().map(|code| index_of(code)).collect();
    let mask: u64 = bits.iter().flatten().map(|&i| 1u64 << i).sum();
    let mut own = vec![0u32; langs.len()];
    for word in languages_of_words(text) {
        let shared = word & mask;
        if shared.count_ones() == 1 {
            if let Some(k) = bits.iter().position(|&i| i.is_some_and(|i| shared >> i & 1 == 1)) {
                own[k] += 1;
            }
        }
    }
    own
}

/// Whether the function words of `text` speak for `code`: as many as any language's, and
/// [`enough`]. Close languages (Danish and Norwegian) may tie.
pub(crate) fn back(text: &str, code: &str) -> bool {
    let (counts, words) = counts(text);
    let n = index_of(code).map_or(0, |i| counts[i]);
    enough(n, words) && counts.iter().all(|&other| other <= n)
}

/// Four function words at least, and one word in eight (as [`super::stopwords::Hits::decisive`]).
fn enough(n: u32, words: u32) -> bool {
    n >= 4 && n as f32 >= 0.12 * words as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_word_is_found() {
        for (i, (code, words)) in LISTS.iter().enumerate() {
            for word in words.split_whitespace() {
                assert!(
                    languages_of_words(word).next().is_some_and(|bits| bits >> i & 1 == 1),
                    "{code} {word}"
                );
                let capital: String =
                    word.chars().take(1).flat_map(char::to_uppercase).chain(word.chars().skip(1)).collect();
                assert!(
                    languages_of_words(&capital).next().is_some_and(|bits| bits >> i & 1 == 1),
                    "{code} {capital}"
                );
            }
        }
    }

    #[test]
    fn every_list_is_a_latin_script_language_whatlang_knows() {
        for (code, words) in LISTS {
            let lang = whatlang::Lang::from_code(code);
            assert!(lang.is_some(), "{code}");
            let detected = whatlang::detect_script(words);
            assert_eq!(detected, Some(whatlang::Script::Latin), "{code}");
        }
    }

    #[test]
    fn every_latin_language_whatlang_knows_has_a_list() {
        for lang in whatlang::Lang::all() {
            // whatlang answers only with languages of the script it sees.
            let latin = whatlang::Detector::with_allowlist(vec![*lang]).detect("the quick brown fox jumps");
            if latin.is_some() {
                assert!(index_of(lang.code()).is_some(), "{}", lang.code());
            }
        }
    }

    #[test]
    fn close_languages_are_front_runners_together() {
        // Every function word here is Norwegian and Danish alike.
        let either = "Biblioteket har fire etasjer og rundt tusen bøker, og det er også et rom til \
            språkkafé for nye innbyggere som vil lære norsk.";
        let runners = front_runners(either);
        assert!(runners.contains(&"nob") && runners.contains(&"dan"), "{runners:?}");
        assert!(!runners.contains(&"eng"), "{runners:?}");
        assert_eq!(apart(either, &runners), None);
        assert!(front_runners("qtly div seven cts vs seven cts prior").is_empty());
        // "etter", "seg" and "ble" are Norwegian; "efter", "sig" and "blev" Danish.
        let norwegian = "Biblioteket ble åpnet etter tre år, og det er satt av rom til en språkkafé \
            for dem som vil lære seg norsk.";
        assert_eq!(apart(norwegian, &["nob", "dan"]), Some("nob"));
        let danish = "Biblioteket blev åbnet efter tre år, og der er sat et rum af til en sprogcafé \
            for dem, som vil lære sig dansk.";
        assert_eq!(apart(danish, &["nob", "dan"]), Some("dan"));
    }

    #[test]
    fn foreign_words_are_counted_apart_from_the_documents() {
        let pl = Evidence::of("Rząd zapowiedział, że nowe przepisy wejdą w życie od stycznia.", "eng");
        assert_eq!((pl.ours("pol"), pl.theirs("pol")), (0, 3));
        assert!(!pl.rules_out_others(true));
        // "a" and "no" are English and Portuguese: they speak for neither against the other.
        let pt = Evidence::of("A prefeitura vai ampliar a rede de ciclovias no bairro.", "eng");
        assert_eq!((pt.ours("por"), pt.theirs("por")), (0, 1));
        let en = Evidence::of("The council approved the budget for the year on Tuesday.", "eng");
        assert_eq!((en.ours("spa"), en.ours_alone, en.best_theirs()), (5, 3, 0));
        assert!(en.rules_out_others(true));
        // "was" is Dutch and Afrikaans, "for" Danish and Norwegian: together they are English.
        let en = Evidence::of("Output was cut for maintenance, company officials noted.", "eng");
        assert_eq!(en.ours_alone, 0);
        assert!(en.rules_out_others(true));
        // No function word at all: only prose-shaped words leave the question open.
        let row = Evidence::of("qtly div seven cts vs seven cts prior", "eng");
        assert!(row.rules_out_others(false) && !row.rules_out_others(true));
        // Names in capitals and initials are no evidence.
        assert_eq!(Evidence::of("DE LA RUE J. P. MORGAN", "eng").best_theirs(), 0);
    }
}
