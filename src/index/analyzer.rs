//! Analyzers chosen by the document's language: Unicode words (CJK as character bigrams),
//! lowercased, stemmed where tantivy has a stemmer for the language, accents folded.

use tantivy::tokenizer::{AsciiFoldingFilter, Language, LowerCaser, Stemmer, TextAnalyzer};

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
