//! Pseudo-relevance feedback for long queries (RM3, with its usual settings): the words that
//! carry the best hits are taken as more words of the query. A question of fifteen words
//! names its subject in a few of them and in words the articles use, not the asker; the ten
//! best hits say which. The hits stay those of the query as typed: the added words only
//! reorder them.

use std::collections::HashMap;

use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Term;

use super::bm25f::{Collection, LangTerms, WordQuery};
use crate::index::{analyzer, field_lang, Fields, StoredArticle};

/// The best hits read for their words.
pub const FEEDBACK_ARTICLES: usize = 10;
/// The words added.
const FEEDBACK_WORDS: usize = 10;

/// `query`, whose best hits are `best` (score, article), with the words of those hits added
/// as optional words weighing as much, together, as the query's own `words`.
pub fn expand(
    fields: &Fields,
    query: &dyn Query,
    best: &[(f32, &StoredArticle)],
    words: usize,
    collection: Collection,
) -> Option<Box<dyn Query>> {
    let total: f32 = best.iter().take(FEEDBACK_ARTICLES).map(|(score, _)| score).sum();
    if total <= 0.0 {
        return None;
    }
    // P(w | R): each article's share of the score times the word's share of the article.
    let mut weights: HashMap<(&'static str, String), f32> = HashMap::new();
    let mut analyzers: HashMap<&'static str, TextAnalyzer> = HashMap::new();
    for (score, article) in best.iter().take(FEEDBACK_ARTICLES) {
        let lang = field_lang(&article.lang);
        let analyzer = analyzers.entry(lang).or_insert_with(|| analyzer::for_language(lang));
        let mut counts: HashMap<String, f32> = HashMap::new();
        let mut length = 0.0;
        for text in [&article.title, &article.body] {
            let mut stream = analyzer.token_stream(text);
            while let Some(token) = stream.next() {
                length += 1.0;
                *counts.entry(token.text.clone()).or_default() += 1.0;
            }
        }
        for (word, count) in counts {
            // Stop words and figures say nothing of a subject.
            if crate::clean::is_stop_word(lang, &word) || !word.chars().any(char::is_alphabetic) {
                continue;
            }
            *weights.entry((lang, word)).or_default() += score / total * count / length;
        }
    }
    let mut ranked: Vec<((&str, String), f32)> = weights.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(FEEDBACK_WORDS);
    let sum: f32 = ranked.iter().map(|(_, weight)| weight).sum();
    if ranked.is_empty() || sum <= 0.0 {
        return None;
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query.box_clone())];
    for ((lang, word), weight) in ranked {
        let fields = fields.text_of(lang);
        let terms = LangTerms {
            fields: [fields.title, fields.body, fields.removed]
                .map(|field| Term::from_field_text(field, &word)),
            weight: 1.0,
        };
        let word = WordQuery::new(vec![terms], collection);
        let boost = words as f32 * weight / sum;
        clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(word), boost))));
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}
