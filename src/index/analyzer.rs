//! Analyzers chosen by the document's language: Unicode words (CJK as character bigrams),
//! lowercased, stemmed where tantivy has a stemmer for the language, accents folded.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, Stemmer, TextAnalyzer, Token,
};

use super::words::WordTokenizer;

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
    match stemmer_language(lang) {
        Some(language) => TextAnalyzer::builder(WordTokenizer)
            .filter(LowerCaser)
            .filter(Stemmer::new(language))
            .filter(AsciiFoldingFilter)
            .build(),
        None => TextAnalyzer::builder(WordTokenizer).filter(LowerCaser).filter(AsciiFoldingFilter).build(),
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
