//! Document language and stray-language fragments.
//!
//! Cheap tests first: a script count on every block (a table lookup per character) and
//! stop words for the common Latin-script languages. whatlang's trigram detector only
//! sees a bounded sample, and only where its answer can change the decision.

use super::function_words;
use super::pattern::Pattern;
use super::stopwords::{self, Hits, LANGS};
use std::ops::Range;
use std::sync::OnceLock;
use unicode_segmentation::UnicodeSegmentation;
use whatlang::Lang;

/// Writing systems the cleaner tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    Devanagari,
    Bengali,
    Indic,
    Thai,
    Georgian,
    Ethiopic,
    Hangul,
    Kana,
    Han,
    Other,
}

const SCRIPTS: usize = 16;

impl Script {
    fn index(self) -> usize {
        self as usize
    }

    fn from_index(i: usize) -> Script {
        use Script::*;
        [
            Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, Devanagari, Bengali, Indic, Thai, Georgian,
            Ethiopic, Hangul, Kana, Han, Other,
        ][i]
    }

    /// Letters per word, roughly: one Hangul syllable or Han character carries what
    /// two or three Latin letters do, so counts are weighted before they are compared.
    pub(crate) fn weight(self) -> u32 {
        match self {
            Script::Hangul => 3,
            Script::Han | Script::Kana => 3,
            _ => 1,
        }
    }
}

/// The script of a letter, or `None` for digits, punctuation, symbols and spaces.
pub(crate) fn script_of(c: char) -> Option<Script> {
    let u = c as u32;
    let s = match u {
        0x41..=0x5a | 0x61..=0x7a => Script::Latin,
        0..=0x7f => return None,
        0xc0..=0x24f if u != 0xd7 && u != 0xf7 => Script::Latin,
        0x250..=0x2af | 0x1e00..=0x1eff => Script::Latin,
        0x370..=0x3ff | 0x1f00..=0x1fff => Script::Greek,
        0x400..=0x52f | 0x2de0..=0x2dff | 0xa640..=0xa69f => Script::Cyrillic,
        0x530..=0x58f => Script::Armenian,
        0x590..=0x5ff => Script::Hebrew,
        0x600..=0x6ff | 0x750..=0x77f | 0x8a0..=0x8ff | 0xfb50..=0xfdff | 0xfe70..=0xfeff => Script::Arabic,
        0x900..=0x97f => Script::Devanagari,
        0x980..=0x9ff => Script::Bengali,
        0xa00..=0xdff => Script::Indic,
        0xe00..=0xe7f => Script::Thai,
        0x10a0..=0x10ff => Script::Georgian,
        0x1200..=0x139f => Script::Ethiopic,
        0x1100..=0x11ff | 0x3130..=0x318f | 0xac00..=0xd7af => Script::Hangul,
        0x3040..=0x30ff | 0x31f0..=0x31ff | 0xff66..=0xff9f => Script::Kana,
        // Ideographs, with the iteration marks and the ideographic zero (人々, 〇).
        0x3005..=0x3007 | 0x3021..=0x3029 | 0x303b => Script::Han,
        0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0x20000..=0x2ffff => Script::Han,
        // Full-width Latin letters, as Japanese text writes them (ＪＲ).
        0xff21..=0xff3a | 0xff41..=0xff5a => Script::Latin,
        _ if c.is_alphabetic() => Script::Other,
        _ => return None,
    };
    Some(s)
}

/// Weighted letter counts per script.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ScriptCounts([u32; SCRIPTS]);

impl ScriptCounts {
    pub fn of(text: &str) -> ScriptCounts {
        let mut counts = ScriptCounts::default();
        if text.is_ascii() {
            // In ASCII only the letters have a script, Latin.
            let letters = text.bytes().filter(u8::is_ascii_alphabetic).count();
            counts.0[Script::Latin.index()] = u32::try_from(letters).unwrap_or(u32::MAX);
            return counts;
        }
        for c in text.chars() {
            if let Some(s) = script_of(c) {
                counts.0[s.index()] += s.weight();
            }
        }
        counts
    }

    pub fn total(&self) -> u32 {
        self.0.iter().sum()
    }

    pub fn get(&self, s: Script) -> u32 {
        self.0[s.index()]
    }

    pub fn merge(&mut self, other: &ScriptCounts) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a += b;
        }
    }

    /// The script with the largest weighted count, if any letter was seen.
    pub fn dominant(&self) -> Option<Script> {
        let (i, &n) = self.0.iter().enumerate().max_by_key(|&(i, n)| (*n, SCRIPTS - i))?;
        (n > 0).then(|| Script::from_index(i))
    }

    /// The script with the largest weighted count among those `skip` does not exclude.
    pub fn dominant_except(&self, skip: impl Fn(Script) -> bool) -> Option<Script> {
        let (i, &n) = self
            .0
            .iter()
            .enumerate()
            .filter(|&(i, _)| !skip(Script::from_index(i)))
            .max_by_key(|&(i, n)| (*n, SCRIPTS - i))?;
        (n > 0).then(|| Script::from_index(i))
    }
}

/// The document's script family and language.
#[derive(Debug, Clone)]
pub(crate) struct DocLang {
    /// Scripts that belong to the document's language (Japanese writes Han and Kana).
    pub native: Vec<Script>,
    /// ISO 639-3, as whatlang names it.
    pub code: String,
    /// Index into the stop-word languages when the document language has a list.
    pub stop: Option<usize>,
}

impl DocLang {
    pub fn is_native(&self, s: Script) -> bool {
        self.native.contains(&s)
    }

    pub fn for_code(native: Vec<Script>, code: &str) -> DocLang {
        DocLang { native, code: code.to_string(), stop: stopwords::index_of(code) }
    }
}

/// Characters whatlang sees for a document: enough for a reliable verdict, bounded cost.
const WHATLANG_SAMPLE_CHARS: usize = 500;
/// Words of stop-word evidence gathered for a document.
const SAMPLE_WORDS: u32 = 3000;

/// Stop-word density above which an English verdict needs no second look: English prose
/// runs at a third or more, another language's chance meetings with the English list ("a",
/// "i", "on") stay far below, and English has no close relative among whatlang's
/// languages to share its function words. The other listed languages have one (Dutch and
/// Afrikaans, Spanish and Catalan): their verdicts are always checked.
const SETTLED_DENSITY: f32 = 0.25;

/// The document's main blocks with its sentences first: the language of a page is that of
/// its prose, and a page saved whole opens with menus of names ("Home", "Premier League",
/// "US Open") that would speak for a language the article is not in.
fn sentences_first<'a>(main: &[&'a str]) -> Vec<&'a str> {
    let (mut first, rest): (Vec<&str>, Vec<&str>) = main.iter().copied().partition(|t| is_sentence(t));
    first.extend(rest);
    first
}

/// A block of prose: six words or more, ending as a sentence ends (not a menu of names,
/// nor a line of code or figures).
pub(crate) fn is_sentence(text: &str) -> bool {
    // The end first: read from the back, it settles most lines without counting words.
    text.trim_end().ends_with(['.', '!', '?', '…', '"', '»', '“', '”', '。'])
        && text.split_whitespace().nth(5).is_some()
}

/// The first `max` characters of the document's main blocks, one block a line.
fn main_sample(main: &[&str], max: usize) -> String {
    let mut sample = String::new();
    for t in main {
        if sample.len() >= max * 4 {
            break;
        }
        sample.push_str(prefix_chars(t, max));
        sample.push('\n');
    }
    let end = prefix_chars(&sample, max).len();
    sample.truncate(end);
    sample
}

/// The prefix of `text` holding at most `max` characters.
pub(crate) fn prefix_chars(text: &str, max: usize) -> &str {
    // No more bytes than `max` means no more characters either.
    if text.len() <= max {
        return text;
    }
    match text.char_indices().nth(max) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

fn whatlang_code(lang: Lang) -> String {
    lang.code().to_string()
}

/// The language a script alone names, for scripts written by one main language.
fn code_for_script(s: Script) -> Option<&'static str> {
    Some(match s {
        Script::Hangul => "kor",
        Script::Kana => "jpn",
        Script::Han => "cmn",
        Script::Greek => "ell",
        Script::Hebrew => "heb",
        Script::Thai => "tha",
        Script::Georgian => "kat",
        Script::Armenian => "hye",
        Script::Bengali => "ben",
        Script::Ethiopic => "amh",
        _ => return None,
    })
}

/// Fallback when whatlang gives no answer for a script shared by several languages.
fn default_for_script(s: Script) -> &'static str {
    match s {
        Script::Latin => "eng",
        Script::Cyrillic => "rus",
        Script::Arabic => "ara",
        Script::Devanagari => "hin",
        Script::Indic => "tam",
        other => code_for_script(other).unwrap_or("und"),
    }
}

/// The scripts that count as native for a document whose letters are dominated by `s`;
/// `kana_share` matters only for Han-dominated text (Japanese mixes in Kana).
fn native_for(s: Script, counts: &ScriptCounts) -> (Vec<Script>, Script) {
    match s {
        Script::Han | Script::Kana => {
            let kana = counts.get(Script::Kana);
            let han = counts.get(Script::Han);
            if kana * 10 >= (kana + han).max(1) {
                (vec![Script::Han, Script::Kana], Script::Kana)
            } else {
                (vec![Script::Han], Script::Han)
            }
        }
        other => (vec![other], other),
    }
}

/// Decides the document language from its blocks: the dominant script first; for the
/// main script's blocks, stop words settle the common Latin-script cases, and whatlang
/// sees a bounded sample otherwise. Lines in a minority script are left out.
pub(crate) fn document(texts: &[&str], counts: &[ScriptCounts], block_hits: &[Hits]) -> DocLang {
    let mut all = ScriptCounts::default();
    for c in counts {
        all.merge(c);
    }
    let Some(dominant) = all.dominant() else {
        return DocLang::for_code(vec![Script::Latin], "eng");
    };
    let (native, key) = native_for(dominant, &all);
    if let Some(code) = code_for_script(key) {
        return DocLang::for_code(native, code);
    }
    let main: Vec<&str> = texts
        .iter()
        .zip(counts)
        .filter(|(_, c)| c.dominant().is_some_and(|s| native.contains(&s)))
        .map(|(t, _)| *t)
        .collect();
    let main = sentences_first(&main);
    if dominant == Script::Latin {
        let mut hits = Hits::default();
        for (h, c) in block_hits.iter().zip(counts) {
            if c.dominant().is_some_and(|s| native.contains(&s)) {
                hits.merge(h);
            }
            if hits.words >= SAMPLE_WORDS {
                break;
            }
        }
        // The seven hot-path lists settle a document only when no language without one
        // has more function words: Croatian "je", "na" and "u" are Dutch stop words too.
        // English prose, dense with its stop words, needs no second look.
        let settled = hits.decisive().filter(|&i| {
            (LANGS[i] == "eng" && hits.density(i) >= SETTLED_DENSITY)
                || !function_words::outvoted(&main_sample(&main, WHATLANG_SAMPLE_CHARS), LANGS[i])
        });
        if let Some(i) = settled {
            return DocLang::for_code(native, LANGS[i]);
        }
    }
    let sample = main_sample(&main, WHATLANG_SAMPLE_CHARS);
    let sample = sample.as_str();
    let sample_hits = Hits::of(sample);
    // A trigram verdict on a stop-word language needs some of that language's stop words.
    // ("Del E. Webb" twice is not Italian.)
    let backed = |code: &str| {
        stopwords::index_of(code)
            .is_none_or(|i| sample_hits.per_lang[i] >= 3 && sample_hits.density(i) >= 0.1)
    };
    // A table of figures gives whatlang's trigrams nothing to work on: on "100 pct 1st
    // class 258 253" it is as sure of Catalan as of anything.
    let figures = sample.chars().filter(char::is_ascii_digit).count() * 12 >= sample.chars().count();
    // Nor does a sample in capitals (a wire headline with nothing under it): the stop
    // words take capitals for names, so nothing could back a verdict on a listed language,
    // and over Reuters' 1,156 such items whatlang was sure of nothing but English.
    let shouted = !sample.chars().any(char::is_lowercase);
    // Nor, for the same reasons, does a sample of names, tickers and abbreviations, where
    // under two words in five are in lower case: a wire headline, its dateline and a line
    // of figures ("SCHWAB SAFE CO <SS> UPS PAYOUT LAFAYETTE, Ind., March 6 - Qtly div 13
    // cts vs 12 cts prior"). Prose in any Latin-script language, German with its capital
    // nouns too, writes most of its words in lower case. Over Reuters, whatlang called a
    // tenth of such items French, and "reliably".
    let named = mostly_names(sample);
    let info = if dominant == Script::Latin && (figures || shouted || named) {
        None
    } else {
        whatlang::detect(sample)
    };
    // An unreliable trigram guess loses to stop-word evidence, backed as above ("per
    // tonne" twice is not Italian either).
    let stop_guess = (dominant == Script::Latin)
        .then_some(sample_hits)
        .filter(|h| h.best().1 > h.best().2)
        .map(|h| LANGS[h.best().0].to_string())
        .filter(|code| backed(code))
        // As for a settled verdict, the function words of every language must not speak
        // louder: Norwegian prose meets more Dutch and English stop words than any other
        // of the seven lists, and is neither.
        .filter(|code| !function_words::outvoted(sample, code));
    // Prose where whatlang is unsure, in a language the seven lists do not know: whatlang's
    // pick when the function words back it, or the language they settle on (Indonesian,
    // which whatlang may take for Javanese, is not English for want of a sure verdict).
    let by_function_words = info
        .as_ref()
        .filter(|i| dominant == Script::Latin && i.script() == whatlang::Script::Latin)
        .and_then(|i| {
            let pick = i.lang().code();
            if function_words::back(sample, pick) {
                Some(pick)
            } else {
                closest_of_front_runners(sample)
            }
        });
    let code = match (info, stop_guess) {
        (Some(info), _) if info.is_reliable() && backed(info.lang().code()) => whatlang_code(info.lang()),
        (_, Some(code)) => code,
        _ if by_function_words.is_some() => by_function_words.unwrap_or_default().to_string(),
        // No evidence (a table of figures): the script's default, not a trigram guess.
        _ if dominant == Script::Latin => default_for_script(dominant).to_string(),
        (Some(info), None) => whatlang_code(info.lang()),
        (None, None) => default_for_script(dominant).to_string(),
    };
    DocLang::for_code(native, &code)
}

/// The language the function words settle on. Where they narrow the sample down to close
/// languages whose counts do not tell them apart (Norwegian and Danish), the words each has alone
/// decide (of one language alone, all its words are its own); failing those,
/// whatlang's trigrams choose among these languages only (among all languages it splits its
/// votes between them and is sure of neither).
fn closest_of_front_runners(sample: &str) -> Option<&'static str> {
    let runners = function_words::front_runners(sample);
    if runners.is_empty() {
        return None;
    }
    if let Some(code) = function_words::apart(sample, &runners) {
        return Some(code);
    }
    let runners: Vec<Lang> = runners.into_iter().filter_map(Lang::from_code).collect();
    whatlang::Detector::with_allowlist(runners).detect(sample).map(|info| info.lang().code())
}

/// Whether under two in five of the words of `text` that hold a letter are in lower case.
fn mostly_names(text: &str) -> bool {
    let (mut words, mut lower) = (0usize, 0usize);
    for word in text.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)) {
        words += 1;
        lower += usize::from(!word.chars().any(char::is_uppercase));
    }
    lower * 5 < words * 2
}

/// The language of a stretch of foreign-script text.
fn foreign_code(text: &str, script: Script, counts: &ScriptCounts) -> String {
    if script == Script::Han && counts.get(Script::Kana) > 0 {
        return "jpn".into();
    }
    if let Some(code) = code_for_script(script) {
        return code.into();
    }
    let sample = prefix_chars(text, 400);
    if script == Script::Latin {
        let hits = Hits::of(sample);
        if let Some(i) = hits.decisive() {
            return LANGS[i].into();
        }
    }
    whatlang::detect(sample)
        .filter(|info| info_matches_script(info.script(), script))
        .map(|info| whatlang_code(info.lang()))
        .unwrap_or_else(|| default_for_script(script).to_string())
}

fn info_matches_script(ws: whatlang::Script, s: Script) -> bool {
    use whatlang::Script as W;
    matches!(
        (ws, s),
        (W::Latin, Script::Latin)
            | (W::Cyrillic, Script::Cyrillic)
            | (W::Arabic, Script::Arabic)
            | (W::Devanagari, Script::Devanagari)
            | (
                W::Tamil | W::Telugu | W::Kannada | W::Malayalam | W::Gujarati | W::Gurmukhi | W::Oriya,
                Script::Indic
            )
    )
}

/// Frequent characters Chinese writes and Japanese does not: simplified forms (们, 这,
/// 发 where Japanese writes 発) and traditional ones Japanese simplified otherwise (國, 會,
/// 擴 where Japanese writes 国, 会, 拡).
const CHINESE_ONLY: &str = "们这说对发关东车长开动经报记话没从见业头实问题电应产让给运专务际华网计设时为么过还进样现该获于码维态仅币价订阅简\
    們這說對發關會國區體擴寬將與當從來經學實灣臺萬麼還樣邊亞價僅幣據處聽讓專應產";

/// Han alone names no language (Chinese, or Japanese written in kanji only: "株式会社"), so
/// a Han-only fragment is called Chinese; but where other fragments of the same article
/// are Japanese, its kanji-only lines without a character only Chinese writes are
/// Japanese too. `fragments` holds each fragment's text and language.
pub(crate) fn kanji_with_kana(mut fragments: Vec<(&str, &mut String)>) {
    if !fragments.iter().any(|(_, code)| *code == "jpn") {
        return;
    }
    for (text, code) in fragments.iter_mut() {
        if *code == "cmn" && !text.chars().any(|c| CHINESE_ONLY.contains(c)) {
            **code = "jpn".to_string();
        }
    }
}

/// Where a block's text is foreign to the document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Foreign {
    No,
    /// The whole block, in this language.
    Whole(String),
    /// Byte ranges of sentences in other languages; the rest is the document's.
    Sentences(Vec<(Range<usize>, String)>),
}

/// Words a Latin-script stretch needs before its language is trusted.
const LATIN_FRAGMENT_WORDS: usize = 5;

/// Limits the trigram detector's calls per document, so a huge file stays linear and cheap.
pub(crate) struct Budget(pub u32);

/// A Latin-script stretch of five words or more is in another Latin-script language when
/// the witnesses agree. Two ways:
///
/// - a language of the hot-path lists: its stop words clearly outnumber the document's,
///   whatlang names it, reliably or (with three stop words or more) fairly surely;
/// - any language: the stretch is mostly in lower case (not names, tickers or figures); whatlang
///   names another language and is sure of it against the document's language when asked
///   to choose between the two; and another language's function words are twice the
///   document's, or there are none of the document's, the words have the shape of prose,
///   and the letters (some the document's language does not write) or whatlang (reliable
///   among all languages) speak.
fn latin_foreign(text: &str, hits: &Hits, doc: &DocLang, budget: &mut Budget) -> Option<String> {
    if (hits.words as usize) < LATIN_FRAGMENT_WORDS {
        return None;
    }
    // Only where the trigram detector can change the verdict: another stop-word language
    // clearly ahead of the document's, or prose where the document's stop words are too
    // few for prose in its language (a line in a language without a hot-path list).
    let ours = doc.stop.map_or(0, |d| hits.per_lang[d]);
    let others =
        (0..LANGS.len()).filter(|&i| Some(i) != doc.stop).map(|i| hits.per_lang[i]).max().unwrap_or(0);
    let listed = others >= 2 && others >= 2 * ours && hits.foreign_only(doc.stop) >= 1;
    // What whatlang would see, and all the rest looks at.
    let sample = prefix_chars(text, 600);
    let prose = ours * 4 < hits.words && mostly_lower(sample);
    if !(listed || prose) {
        return None;
    }
    let words = function_words::Evidence::of(sample, &doc.code);
    // The function words, with the words' shape, can rule out every other language
    // without asking whatlang.
    let shaped = prose_words(sample);
    if !listed && words.rules_out_others(shaped) {
        return None;
    }
    if budget.0 == 0 {
        return None;
    }
    budget.0 -= 1;
    let info = whatlang::detect(sample)?;
    if info.script() != whatlang::Script::Latin {
        return None;
    }
    let code = whatlang_code(info.lang());
    if code == doc.code {
        return None;
    }
    if listed && listed_foreign(&code, hits, doc, &info) {
        return Some(code);
    }
    if !prose {
        return None;
    }
    // Asked to choose between the document's language and its pick, whatlang says how far
    // apart they are, which its verdict among all languages does not: there close
    // languages (Czech and Slovak, Turkish and Azerbaijani) split the votes.
    let duel = match Lang::from_code(doc.code.as_str()) {
        Some(ours) => whatlang::Detector::with_allowlist(vec![ours, info.lang()])
            .detect(sample)
            .filter(|d| d.lang() == info.lang())
            .is_some_and(|d| d.is_reliable()),
        None => info.is_reliable(),
    };
    let (ours, theirs) = (words.ours(&code), words.best_theirs());
    if !duel {
        return None;
    }
    // Another language's function words, twice the document's at least; or none of the
    // document's, with letters it does not write or whatlang sure among all languages.
    // English grammar in a line of French names ("... will lead a 300 mln issue for the
    // Groupement des Industries pour le Batiment ...") keeps it English.
    let by_words = theirs >= 2 && theirs >= 2 * ours;
    let by_letters =
        writes_only_ascii(&doc.code) && sample.chars().any(|c| !c.is_ascii() && c.is_alphabetic());
    let by_trigrams = by_letters || info.is_reliable();
    (by_words || (ours == 0 && by_trigrams)).then_some(code)
}

/// The rule for the languages of the hot-path lists: whatlang confuses close languages on
/// short text, so the stop words must agree; when they agree strongly, they make up for
/// whatlang's caution on a one-line sample.
fn listed_foreign(code: &str, hits: &Hits, doc: &DocLang, info: &whatlang::Info) -> bool {
    let Some(other) = stopwords::index_of(code) else { return false };
    let ours = doc.stop.map_or(0, |d| hits.per_lang[d]);
    let theirs = hits.per_lang[other];
    let agree = theirs >= 2 && theirs >= 2 * ours;
    let strongly = theirs >= 3 && theirs >= 2 * ours.max(1);
    agree && (info.is_reliable() || (strongly && info.confidence() >= 0.5))
}

/// Languages whose every letter is ASCII: in their documents, a line of accented letters
/// is written in another language.
fn writes_only_ascii(code: &str) -> bool {
    matches!(code, "eng" | "ind" | "jav" | "tgl" | "lat" | "zul" | "sna")
}

/// Boilerplate phrases that name their language: too short for whatlang, but a German
/// "Alle Rechte vorbehalten" in an English page is a German fragment all the same.
fn phrase_language(text: &str) -> Option<&'static str> {
    static TABLE: OnceLock<(Pattern, Vec<(Pattern, &'static str)>)> = OnceLock::new();
    let (any, table) = TABLE.get_or_init(|| {
        let table: Vec<(Pattern, &'static str)> = [
            ("deu", r"alle rechte vorbehalten|newsletter abonnieren|artikel teilen|mehr zum thema|weiterlesen|folgen sie uns|jetzt abonnieren|lesen sie auch|impressum|datenschutzerklärung|zur startseite"),
            ("fra", r"tous droits réservés|abonnez-vous|inscrivez-vous|suivez-nous|à lire aussi|lire aussi|lire la suite|mentions légales|publié le|mis à jour le|ne rien manquer"),
            ("spa", r"todos los derechos reservados|suscríbete|síguenos|lee también|noticias relacionadas|lo más leído"),
            ("ita", r"tutti i diritti riservati|iscriviti|seguici|leggi anche|più letti"),
            ("por", r"todos os direitos reservados|siga-nos|leia também|mais lidas"),
            ("nld", r"alle rechten voorbehouden|lees ook|volg ons|meest gelezen|schrijf je in"),
            ("eng", r"all rights reserved|subscribe to our|sign up for|share this article|follow us on|read more|related articles"),
        ]
        .into_iter()
        .map(|(lang, p)| (Pattern::new(&format!("(?i){p}")), lang))
        .collect();
        // Every phrase in one pattern: one pass says whether a language needs looking for.
        let joined: Vec<String> = table.iter().map(|(re, _)| format!("(?:{})", re.as_str())).collect();
        (Pattern::new(&joined.join("|")), table)
    });
    if !any.is_match(text) {
        return None;
    }
    table.iter().find(|(re, _)| re.is_match(text)).map(|(_, lang)| *lang)
}

/// Lower-case letters eight times the capitals and digits: not a headline in capitals, a
/// list of names or a table of figures.
fn mostly_lower(text: &str) -> bool {
    let (mut lower, mut other) = (0usize, 0usize);
    if text.is_ascii() {
        for b in text.bytes() {
            lower += usize::from(b.is_ascii_lowercase());
            other += usize::from(b.is_ascii_uppercase() || b.is_ascii_digit());
        }
    } else {
        for c in text.chars() {
            if c.is_lowercase() {
                lower += 1;
            } else if c.is_uppercase() || c.is_numeric() {
                other += 1;
            }
        }
    }
    lower >= 8 * other
}

/// A letter outside ASCII, or words of prose length: a row of abbreviations ("Qtly div
/// seven cts vs seven cts prior") has three or four letters a word, where prose written
/// without accents (Indonesian, Swahili) runs longer; Vietnamese, with short words, has
/// its accents.
fn prose_words(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let words = text.split_whitespace().count();
    let accented = text.chars().any(|c| !c.is_ascii() && c.is_alphabetic());
    letters * 2 >= words * 9 || accented
}

/// Foreign-script share needed before a block or sentence counts as another language.
/// The foreign scripts count together: a Japanese line mixes kanji and kana in any
/// proportion. The dominant foreign script names the language.
fn foreign_dominant(counts: &ScriptCounts, doc: &DocLang) -> Option<Script> {
    let total = counts.total();
    if total < 2 {
        return None;
    }
    let native: u32 = doc.native.iter().map(|&n| counts.get(n)).sum();
    let foreign = total - native - counts.get(Script::Other);
    let s = counts.dominant_except(|s| doc.is_native(s) || s == Script::Other)?;
    (foreign * 10 >= total * 6 && foreign > native).then_some(s)
}

/// A name in the document's script with its own spelling in parentheses, and nothing else
/// foreign: "Samsung (삼성전자)" on a line of its own is the document's, however many
/// letters the gloss has.
fn glossed_name(text: &str, doc: &DocLang) -> bool {
    if !text.contains('(') {
        return false;
    }
    let mut outside = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    let counts = ScriptCounts::of(&outside);
    let native: u32 = doc.native.iter().map(|&n| counts.get(n)).sum();
    native > 0 && native == counts.total()
}

/// Decides whether a block, or sentences inside it, are in another language. `tokens`
/// counts its whitespace-separated tokens.
pub(crate) fn foreign(
    text: &str,
    tokens: usize,
    counts: &ScriptCounts,
    hits: &Hits,
    doc: &DocLang,
    budget: &mut Budget,
) -> Foreign {
    if let Some(s) = foreign_dominant(counts, doc) {
        if glossed_name(text, doc) {
            return Foreign::No;
        }
        // A few Latin words ("Share this article") in a Korean page are interface text,
        // judged as boilerplate; a Latin sentence is a fragment.
        if s != Script::Latin || tokens >= LATIN_FRAGMENT_WORDS {
            return Foreign::Whole(foreign_code(text, s, counts));
        }
        return Foreign::No;
    }
    let foreign_letters = counts.total() - doc.native.iter().map(|&n| counts.get(n)).sum::<u32>();
    let latin_doc = doc.is_native(Script::Latin);
    // Whole-line verdict for Latin text in a Latin document.
    if latin_doc && foreign_letters * 10 < counts.total() {
        if let Some(code) = latin_foreign(text, hits, doc, budget) {
            return Foreign::Whole(code);
        }
        let ours = doc.stop.map_or(0, |d| hits.per_lang[d]);
        if tokens <= 16 && ours <= 1 {
            if let Some(code) = phrase_language(text).filter(|&c| c != doc.code) {
                return Foreign::Whole(code.to_string());
            }
        }
    }
    // Sentences: only where a foreign script appears, or in a long Latin line that holds
    // a few stop words of another language.
    let foreign_stops = || hits.foreign_only(doc.stop) >= 2;
    let worth_splitting = foreign_letters >= 4 || (latin_doc && tokens >= 12 && foreign_stops());
    if !worth_splitting {
        return Foreign::No;
    }
    let mut found = Vec::new();
    let mut sentences = 0;
    for (start, sentence) in text.split_sentence_bound_indices() {
        sentences += 1;
        let trimmed = sentence.trim();
        if trimmed.is_empty() {
            continue;
        }
        let sc = ScriptCounts::of(sentence);
        let verdict = if let Some(s) = foreign_dominant(&sc, doc)
            .filter(|&s| s != Script::Latin || trimmed.split_whitespace().count() >= LATIN_FRAGMENT_WORDS)
        {
            Some(foreign_code(trimmed, s, &sc))
        } else if latin_doc && sc.get(Script::Latin) * 10 >= sc.total() * 9 {
            latin_foreign(trimmed, &Hits::of(trimmed), doc, budget)
        } else {
            None
        };
        if let Some(code) = verdict {
            let lead = sentence.len() - sentence.trim_start().len();
            let begin = start + lead;
            found.push((begin..begin + trimmed.len(), code));
        }
    }
    if found.is_empty() || sentences < 2 {
        return Foreign::No;
    }
    Foreign::Sentences(found)
}

/// Another language than `doc` for a Latin document's kept text, when its stop-word hits
/// settle it. Only the stop words speak here: the kept text is what a reader sees, and a
/// trigram guess on menus and figures is what the confirmation guards against. As for
/// the whole document, the function words of every language check a thin verdict.
pub(crate) fn other_kept_language(sample: &Hits, kept: &str, doc: &str) -> Option<&'static str> {
    let i = sample.decisive().filter(|&i| LANGS[i] != doc)?;
    let settled = (LANGS[i] == "eng" && sample.density(i) >= SETTLED_DENSITY)
        || !function_words::outvoted(prefix_chars(kept, WHATLANG_SAMPLE_CHARS), LANGS[i]);
    settled.then_some(LANGS[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_of(lines: &[&str]) -> DocLang {
        let counts: Vec<ScriptCounts> = lines.iter().map(|l| ScriptCounts::of(l)).collect();
        let hits: Vec<Hits> = lines.iter().map(|l| Hits::of(l)).collect();
        document(lines, &counts, &hits)
    }

    fn verdict(line: &str, doc: &DocLang) -> Foreign {
        let tokens = line.split_whitespace().count();
        foreign(line, tokens, &ScriptCounts::of(line), &Hits::of(line), doc, &mut Budget(10))
    }

    #[test]
    fn korean_lines_in_english_text_are_fragments() {
        let doc = doc_of(&["Meta is preparing to release new AI models with a hybrid strategy."]);
        assert_eq!(doc.code, "eng");
        for line in ["출처", "관련 기사", "AI 트렌드를 앞서가세요"] {
            let v = verdict(line, &doc);
            assert_eq!(v, Foreign::Whole("kor".into()), "{line}");
        }
    }

    #[test]
    fn a_name_in_parentheses_is_not_a_fragment() {
        let doc = doc_of(&["The company said it would release the models to the public soon."]);
        let line = "Kim Jong-un (김정은) spoke to reporters in Seoul on Monday about the talks.";
        assert_eq!(verdict(line, &doc), Foreign::No);
        for line in ["Samsung (삼성전자)", "Sony Group (ソニーグループ株式会社)"] {
            assert_eq!(verdict(line, &doc), Foreign::No, "{line}");
        }
        // The gloss is the whole line, or the parentheses hold the document's language.
        assert_eq!(verdict("(삼성전자 반도체 부문)", &doc), Foreign::Whole("kor".into()));
        assert_eq!(verdict("관련 기사 더 보기 (Related)", &doc), Foreign::Whole("kor".into()));
    }

    #[test]
    fn short_foreign_boilerplate_is_a_fragment() {
        let doc = doc_of(&["The company said it would release the models to the public soon."]);
        let line = "© Rheinblick Verlag GmbH 2026 – Alle Rechte vorbehalten";
        let v = verdict(line, &doc);
        assert_eq!(v, Foreign::Whole("deu".into()));
        let line = "Read more";
        assert_eq!(verdict(line, &doc), Foreign::No);
    }

    #[test]
    fn a_german_sentence_inside_an_english_paragraph() {
        let doc = doc_of(&["The company said it would release the models to the public soon."]);
        let line = "The mayor opened the new bridge on Monday and thanked the workers for their patience. \
Wir sind sehr stolz auf diese Brücke und auf alle, die daran gearbeitet haben. The bridge cost 40 million euros.";
        match verdict(line, &doc) {
            Foreign::Sentences(v) => {
                assert_eq!(v.len(), 1, "{v:?}");
                assert!(line[v[0].0.clone()].starts_with("Wir sind"));
                assert_eq!(v[0].1, "deu");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_row_of_abbreviations_is_not_prose_in_an_unlisted_language() {
        for row in ["Qtly div seven cts vs seven cts prior", "Oper shr loss two cts vs profit three cts’"] {
            assert!(!prose_words(row), "{row}");
        }
        for line in [
            "Presiden mengatakan bahwa pemerintah akan membangun jembatan baru tahun depan",
            "Chính phủ sẽ xây dựng một cây cầu mới vào năm tới",
        ] {
            assert!(mostly_lower(line) && prose_words(line), "{line}");
        }
    }

    /// A wire item of names, tickers and figures is not asked of whatlang (which called a
    /// tenth of Reuters' such items French): English, the script's default. Prose is asked,
    /// in a language without a stop-word list too.
    #[test]
    fn a_sample_of_names_and_figures_is_no_question_for_whatlang() {
        let item = "SCHWAB SAFE CO <SS> UPS PAYOUT LAFAYETTE, Ind., March 6 - Qtly div 13 cts vs 12 cts \
            prior Pay April 17 Record March 31 Reuter";
        assert!(mostly_names(item));
        assert_eq!(doc_of(&[item]).code, "eng");
        let german =
            "Die Firma hat am Montag mitgeteilt, dass sie die neuen Modelle für Entwickler freigibt.";
        let turkish = "Bugün hava çok güzel ve ben parkta uzun bir yürüyüş yapmak istiyorum, dedi Ahmet.";
        let indonesian = "Presiden mengatakan bahwa pemerintah akan membangun jembatan baru di kota itu \
            tahun depan, kata juru bicara.";
        for prose in [german, turkish, indonesian] {
            assert!(!mostly_names(prose), "{prose}");
        }
        assert_eq!(doc_of(&[turkish]).code, "tur");
        assert_eq!(doc_of(&[indonesian]).code, "ind");
    }

    #[test]
    fn german_document_is_german() {
        let doc = doc_of(&[
            "Die Firma hat mitgeteilt, dass sie die Modelle in den kommenden Monaten freigeben wird.",
            "Das ist ein wichtiger Schritt für die Entwickler, sagte der Sprecher am Montag.",
        ]);
        assert_eq!(doc.code, "deu");
    }

    #[test]
    fn mostly_korean_document_is_korean() {
        let doc = doc_of(&[
            "메타가 알렉산더 왕의 지휘 아래 첫 번째 AI 모델을 공개할 준비를 하고 있다.",
            "회사는 일부 모델을 오픈소스로 공개할 계획이다.",
            "Read more at Axios",
        ]);
        assert_eq!(doc.code, "kor");
    }

    #[test]
    fn a_foreign_sentence_inside_a_long_line() {
        let doc = doc_of(&["The company said it would release the models to the public soon."]);
        let line = "The minister spoke briefly to reporters after the meeting ended on Monday. 회의는 예정보다 길어졌고 결론은 나오지 않았다.";
        match verdict(line, &doc) {
            Foreign::Sentences(v) => {
                assert_eq!(v.len(), 1);
                assert_eq!(&line[v[0].0.clone()], "회의는 예정보다 길어졌고 결론은 나오지 않았다.");
                assert_eq!(v[0].1, "kor");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn japanese_lines_are_fragments_whatever_their_mix_of_kana_and_kanji() {
        let doc = doc_of(&["The company said it would release the models to the public soon."]);
        for line in [
            "東京都は来年度から新しい自転車専用道路の整備を始めると発表しました。",
            "お問い合わせ：広報部（平日9時～17時）",
            "人々の暮らしを守る",
        ] {
            assert_eq!(verdict(line, &doc), Foreign::Whole("jpn".into()), "{line}");
        }
        // Kanji alone reads as Chinese, until the article's other fragments say Japanese.
        let kanji = "株式会社日本経済新聞社　無断複製転載禁止";
        assert_eq!(verdict(kanji, &doc), Foreign::Whole("cmn".into()));
        let chinese = "该公司表示，新工厂预计将在明年年底前投入使用。";
        let (mut a, mut b, mut c) = ("cmn".to_string(), "jpn".to_string(), "cmn".to_string());
        kanji_with_kana(vec![(kanji, &mut a), ("詳しくはこちら", &mut b), (chinese, &mut c)]);
        assert_eq!((a.as_str(), c.as_str()), ("jpn", "cmn"));
    }

    #[test]
    fn latin_lines_in_languages_without_a_hot_path_list_are_fragments() {
        let doc = doc_of(&["The company said it would release the models to the public soon."]);
        for (line, lang) in [
            ("Rząd zapowiedział, że nowe przepisy wejdą w życie od stycznia przyszłego roku.", "pol"),
            ("Sosyal medya hesaplarımızı takip etmeyi unutmayın.", "tur"),
            ("Ikuti kami di media sosial untuk mendapatkan berita terbaru.", "ind"),
            ("Kaikki oikeudet pidätetään. Sisällön kopiointi ilman lupaa on kielletty.", "fin"),
        ] {
            assert_eq!(verdict(line, &doc), Foreign::Whole(lang.into()), "{line}");
        }
    }

    /// Names, a headline without a function word, and English grammar around foreign names
    /// are English, whatever whatlang makes of their trigrams.
    #[test]
    fn names_and_headlines_in_english_are_not_fragments() {
        let doc = doc_of(&["The company said it would release the models to the public soon."]);
        for line in [
            "Goalkeepers: Bartosz Mrozek, Filip Bednarek, Krzysztof Bąkowski",
            "Venezuela's biggest private debtor faces default",
            "Bundesbank leaves credit policies unchanged",
            "Caisse Centrale des Banques Populaires will lead a 300 mln issue for the Groupement des \
             Industries pour le Batiment et Travaux Publics. No further details were immediately available.",
            "Polish fans greeted the news with chants of \"Emre, Emre\" outside the Bułgarska Street stadium.",
        ] {
            assert_eq!(verdict(line, &doc), Foreign::No, "{line}");
        }
    }

    #[test]
    fn whole_documents_in_languages_without_a_hot_path_list() {
        // Croatian "je", "na" and "u" are Dutch stop words too.
        let croatian = doc_of(&[
            "Hrvatska je ovog ljeta zabilježila rekordan broj turista, objavila je turistička zajednica.",
            "Najviše gostiju došlo je iz Njemačke, Austrije i Slovenije, a broj noćenja porastao je za sedam posto.",
            "Ugostitelji su zadovoljni, ali upozoravaju na nedostatak radnika u sezoni.",
        ]);
        assert_eq!(croatian.code, "hrv");
        // Indonesian with many names, where whatlang is unsure.
        let indonesian = doc_of(&[
            "Jokowi Resmikan Tol Trans Jawa Seksi Terakhir",
            "Presiden Joko Widodo meresmikan ruas tol Probolinggo-Banyuwangi di Jawa Timur pada Selasa (12/3).",
            "Tol sepanjang 175 kilometer itu menghubungkan Probolinggo, Situbondo, dan Banyuwangi.",
            "\"Dengan tol ini, waktu tempuh dari Surabaya ke Banyuwangi bisa dipangkas hingga tiga jam,\" kata Jokowi.",
        ]);
        assert_eq!(indonesian.code, "ind");
    }
}
