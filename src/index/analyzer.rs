//! Analyzers chosen by the document's language: Unicode words (CJK as character bigrams),
//! lowercased, stemmed where tantivy has a stemmer for the language, accents folded.

use fnv::FnvHashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenStream,
    Tokenizer,
};

use super::words::{WordStream, WordTokenizer};

/// tantivy's stemmer for a language, by its ISO 639-3 code as whatlang names it.
pub fn stemmer_language(lang: &str) -> Option<Language> {
    Some(match lang {
        "ara" => Language::Arabic,
        "dan" => Language::Danish,
        "nld" => Language::Dutch,
        "eng" => Language::English,
        "fin" => Language::Finnish,
        "fra" => Language::French,
        "deu" => Language::German,
        "ell" => Language::Greek,
        "hun" => Language::Hungarian,
        "ita" => Language::Italian,
        "nob" => Language::Norwegian,
        "por" => Language::Portuguese,
        "ron" => Language::Romanian,
        "rus" => Language::Russian,
        "spa" => Language::Spanish,
        "swe" => Language::Swedish,
        "tam" => Language::Tamil,
        "tur" => Language::Turkish,
        _ => return None,
    })
}

/// The analyzer for text in `lang`. Stemming comes before folding: the stemmers know
/// their own accents, and folding after makes "Zurich" find "Zürich".
pub fn for_language(lang: &str) -> TextAnalyzer {
    TextAnalyzer::from(CachedAnalyzer { rest: per_word(lang), cache: FnvHashMap::default() })
}

/// What `for_language` does to each word the tokenizer gives it.
fn per_word(lang: &str) -> TextAnalyzer {
    match stemmer_language(lang) {
        Some(language) => TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(language))
            .filter(AsciiFoldingFilter)
            .build(),
        None => TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    }
}

/// Words longer than this, in bytes, are analysed each time they come, not remembered.
const REMEMBERED_WORD_BYTES: usize = 32;
/// Distinct words one analyzer remembers; when full it forgets them all and starts again.
const REMEMBERED_WORDS: usize = 100_000;

/// `WordTokenizer`, then the lower-caser, stemmer and folding of a language, one word at a
/// time, with each word's result remembered. News repeats its words, and stemming each one
/// again was the largest single cost of indexing. tantivy gives each segment being built
/// its own copy of the analyzer, so the memory lasts for a segment.
#[derive(Clone)]
pub struct CachedAnalyzer {
    rest: TextAnalyzer,
    cache: FnvHashMap<Box<str>, Box<str>>,
}

impl Tokenizer for CachedAnalyzer {
    type TokenStream<'a> = CachedStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CachedStream<'a> {
        CachedStream { words: WordStream::new(text, true), analyzer: self }
    }
}

pub struct CachedStream<'a> {
    words: WordStream<'a>,
    analyzer: &'a mut CachedAnalyzer,
}

impl TokenStream for CachedStream<'_> {
    fn advance(&mut self) -> bool {
        if !self.words.advance() {
            return false;
        }
        let CachedAnalyzer { rest, cache } = &mut *self.analyzer;
        let token = self.words.token_mut();
        if let Some(done) = cache.get(token.text.as_str()) {
            token.text.clear();
            token.text.push_str(done);
            return true;
        }
        let mut stream = rest.token_stream(&token.text);
        // Each of the filters turns one word into one word.
        if !stream.advance() {
            return true;
        }
        let done = std::mem::take(&mut stream.token_mut().text);
        drop(stream);
        if token.text.len() <= REMEMBERED_WORD_BYTES {
            if cache.len() >= REMEMBERED_WORDS {
                cache.clear();
            }
            cache.insert(token.text.as_str().into(), done.as_str().into());
        }
        token.text = done;
        true
    }

    fn token(&self) -> &Token {
        self.words.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.words.token_mut()
    }
}

/// The analyzer of a language split in two for highlighting: words as the tokenizer and
/// the lower-caser give them, then the stemmer and the folding one word at a time, so that
/// a word that cannot match the query never reaches the stemmer (stemming every word of
/// ten articles was the largest cost of a search's snippets).
pub struct Highlighter {
    words: TextAnalyzer,
    rest: TextAnalyzer,
    /// Whether the stemmer keeps a word's first letter: true of the languages whose
    /// Snowball stemmer only rewrites endings and elisions (Arabic and Dutch strip
    /// prefixes; Greek and Tamil are left out for want of proof).
    keeps_first_letter: bool,
}

impl Highlighter {
    pub fn for_language(lang: &str) -> Highlighter {
        let words = TextAnalyzer::builder(WordTokenizer).filter(LowerCaser).build();
        let stemmer = stemmer_language(lang);
        let rest = match stemmer {
            Some(language) => TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(language))
                .filter(AsciiFoldingFilter)
                .build(),
            None => TextAnalyzer::builder(RawTokenizer::default()).filter(AsciiFoldingFilter).build(),
        };
        let keeps_first_letter =
            !matches!(stemmer, Some(Language::Arabic | Language::Dutch | Language::Greek | Language::Tamil));
        Highlighter { words, rest, keeps_first_letter }
    }

    /// Calls `f` with each token of `text` as `for_language` analyses it (offsets and
    /// positions of the whole text), except words whose first character is ASCII and
    /// digit that `first_letters` does not hold: those cannot become a token that starts
    /// with one it holds. `None` lets every word through.
    pub fn each_token(&mut self, text: &str, first_letters: Option<&[char]>, mut f: impl FnMut(&Token)) {
        let gate = first_letters.filter(|_| self.keeps_first_letter);
        let mut stream = self.words.token_stream(text);
        while let Some(word) = stream.next() {
            if let (Some(letters), Some(first)) = (gate, word.text.chars().next()) {
                // Folding maps other letters onto ASCII ones ("é" -> "e"), never the reverse;
                // French and Italian stemmers drop an elided article ("l'an" -> "an").
                let elided = word.text.contains(['\'', '\u{2019}']);
                if first.is_ascii() && !letters.contains(&first) && !elided {
                    continue;
                }
            }
            let mut rest = self.rest.token_stream(&word.text);
            if rest.advance() {
                f(&Token {
                    text: std::mem::take(&mut rest.token_mut().text),
                    offset_from: word.offset_from,
                    offset_to: word.offset_to,
                    position: word.position,
                    position_length: word.position_length,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lang: &str, text: &str) -> Vec<String> {
        let mut analyzer = for_language(lang);
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    /// The whole chain on the whole text, as tantivy's filters run it, remembering nothing.
    fn uncached(lang: &str, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut analyzer = match stemmer_language(lang) {
            Some(language) => TextAnalyzer::builder(WordTokenizer)
                .filter(LowerCaser)
                .filter(Stemmer::new(language))
                .filter(AsciiFoldingFilter)
                .build(),
            None => {
                TextAnalyzer::builder(WordTokenizer).filter(LowerCaser).filter(AsciiFoldingFilter).build()
            }
        };
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    /// The remembered results are the chain's: the same analyzer run over every labelled
    /// article twice (the second time mostly from memory) gives the chain's tokens, texts,
    /// positions and offsets, in the 13 languages of the highlighter test.
    #[test]
    fn remembered_words_are_analysed_as_the_chain_does() {
        let mut hits = 0;
        for lang in
            ["eng", "deu", "fra", "spa", "ita", "por", "rus", "fin", "swe", "nld", "ara", "kor", "und"]
        {
            let mut analyzer = for_language(lang);
            for dir in ["tests/fixtures/clean/tune", "tests/fixtures/clean/holdout", "seeds"] {
                let Ok(entries) = std::fs::read_dir(dir) else { continue };
                for entry in entries.flatten() {
                    let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                    let want = uncached(lang, &text);
                    for _ in 0..2 {
                        let mut got = Vec::new();
                        let mut stream = analyzer.token_stream(&text);
                        while let Some(t) = stream.next() {
                            got.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
                        }
                        assert_eq!(got, want, "{lang} {}", entry.path().display());
                        hits += got.len();
                    }
                }
            }
        }
        assert!(hits > 10_000, "{hits} tokens compared");
    }

    #[test]
    fn a_full_memory_starts_again() {
        let mut analyzer = CachedAnalyzer { rest: per_word("eng"), cache: FnvHashMap::default() };
        let words: Vec<String> = (0..REMEMBERED_WORDS + 10).map(|i| format!("running{i}")).collect();
        let text = words.join(" ");
        let mut stream = analyzer.token_stream(&text);
        let mut n = 0;
        while stream.advance() {
            n += 1;
        }
        drop(stream);
        assert_eq!(n, words.len());
        assert!(analyzer.cache.len() <= REMEMBERED_WORDS, "{} remembered", analyzer.cache.len());
        assert_eq!(texts("eng", "Running runners"), ["run", "runner"]);
    }

    #[test]
    fn english_stems_and_folds() {
        assert_eq!(texts("eng", "Models in Zürich"), ["model", "in", "zurich"]);
        assert_eq!(texts("eng", "Zurich"), texts("eng", "Zürich"));
    }

    /// Every word of the labelled articles, in each of their languages, is analysed by the
    /// highlighter exactly as by the index's analyzer, and the first-letter gate never
    /// turns away a word whose own token starts with a letter it was given.
    #[test]
    fn the_highlighter_sees_what_the_index_saw() {
        let mut checked = 0;
        for dir in
            ["tests/fixtures/clean/tune", "tests/fixtures/clean/holdout", "tests/fixtures/queries", "seeds"]
        {
            let Ok(entries) = std::fs::read_dir(dir) else { continue };
            for entry in entries.flatten() {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                for lang in [
                    "eng", "deu", "fra", "spa", "ita", "por", "rus", "fin", "swe", "nld", "ara", "kor", "und",
                ] {
                    let expected = texts(lang, &text);
                    let mut h = Highlighter::for_language(lang);
                    let mut all = Vec::new();
                    h.each_token(&text, None, |t| all.push((t.position, t.text.clone())));
                    let texts: Vec<&String> = all.iter().map(|(_, t)| t).collect();
                    assert_eq!(
                        texts,
                        expected.iter().collect::<Vec<_>>(),
                        "{lang} {}",
                        entry.path().display()
                    );
                    // Gated by half the letters, then the other half: each token must come
                    // through the pass whose letters hold its first one.
                    let digits_and_letters: Vec<char> =
                        "abcdefghijklmnopqrstuvwxyz0123456789".chars().collect();
                    let even: Vec<char> = digits_and_letters.iter().copied().step_by(2).collect();
                    let odd: Vec<char> = digits_and_letters.iter().copied().skip(1).step_by(2).collect();
                    for letters in [even, odd] {
                        let mut gated = std::collections::HashSet::new();
                        h.each_token(&text, Some(&letters), |t| {
                            gated.insert((t.position, t.text.clone()));
                        });
                        for token in all.iter().filter(|(_, t)| t.starts_with(&letters[..])) {
                            assert!(gated.contains(token), "{lang}: the gate turned away {token:?}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 1000, "{checked} tokens checked");
    }

    #[test]
    fn the_gate_passes_over_other_words() {
        let mut h = Highlighter::for_language("eng");
        let mut got = Vec::new();
        h.each_token("Running dogs ran past Émile and the runners", Some(&['r']), |t| {
            got.push((t.text.clone(), t.position))
        });
        let want = [("run", 0), ("ran", 2), ("emile", 4), ("runner", 7)];
        assert_eq!(got, want.map(|(t, p)| (t.to_string(), p)));
    }

    #[test]
    fn german_stems_as_german() {
        assert_eq!(texts("deu", "Modelle"), texts("deu", "Modell"));
    }

    #[test]
    fn korean_is_bigrams_and_unknown_languages_are_not_stemmed() {
        assert_eq!(texts("kor", "삼성전자"), ["삼성", "성전", "전자"]);
        assert_eq!(texts("xyz", "Running"), ["running"]);
    }

    #[test]
    fn tokens_as_written_are_found() {
        assert_eq!(texts("eng", "GPT-5.4"), ["gpt", "5.4"]);
        assert_eq!(texts("eng", "U.S."), texts("eng", "u.s"));
        assert_eq!(texts("eng", "$15 billion"), ["15", "billion"]);
    }
}
