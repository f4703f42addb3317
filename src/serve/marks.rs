//! The query's matches in a whole article (its title and cleaned body), for the article
//! view: found as a search's snippets find them, with the article's own language's analyzer.

use anyhow::Result;

use crate::index::analyzer::{self, Highlighter};
use crate::index::{field_lang, Reader};
use crate::search::{self, query, snippet};

/// The deepest query marked. `search()` refuses one nested more than 100 levels before it
/// is parsed; here every character that can open a level counts as one, which is never
/// fewer than the real depth, so no query that deep reaches the parser.
const MAX_OPENERS: usize = 100;

/// For each of `texts`, the byte ranges that match `q`.
pub fn matches(
    reader: &Reader,
    lang: &str,
    q: &str,
    fuzzy: bool,
    texts: &[&str],
) -> Result<Vec<Vec<(usize, usize)>>> {
    let openers = q.chars().filter(|c| matches!(c, '(' | '-' | '+')).count() + q.matches("NOT").count();
    if q.trim().is_empty() || openers > MAX_OPENERS {
        return Ok(texts.iter().map(|_| Vec::new()).collect());
    }
    let lang = field_lang(lang);
    let analyzers = vec![(lang.to_string(), analyzer::for_language(lang))];
    let names = reader.index.tokenizer_for_field(reader.fields.site)?;
    // Only the parts to mark are used: the scoring figures are those of a search.
    let searcher = reader.searcher();
    let own = reader.fields.text_of(lang);
    let collection = search::bm25f::Collection::of(&searcher, &[[own.title, own.body, own.removed]])?;
    let options = query::Options {
        conjunction: false,
        fuzzy,
        collection,
        and_max_words: query::AND_MAX_WORDS,
        common_optional: false,
    };
    let built = query::build(q, &searcher, &reader.fields, analyzers, names, options);
    let Some((_, parts)) = built.parts.first() else {
        return Ok(texts.iter().map(|_| Vec::new()).collect());
    };
    let mut highlighter = Highlighter::for_language(lang);
    Ok(texts
        .iter()
        .map(|text| {
            let tokens = search::tokens(&mut highlighter, text, parts);
            snippet::find_matches(&tokens, parts).iter().map(|m| (m.start, m.end)).collect()
        })
        .collect())
}
