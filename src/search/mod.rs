//! Searching: query -> parse -> top docs -> fragments. Returns data; never prints.

pub mod query;
pub mod snippet;

use std::time::Instant;

use anyhow::{bail, Result};
use tantivy::collector::{Count, TopDocs};
use tantivy::tokenizer::TextAnalyzer;

use crate::index::{Reader, StoredArticle};
use snippet::{Fragment, Token};

/// Snippet windows are about this many characters.
pub const WINDOW_CHARS: usize = 160;

#[derive(Debug, Clone)]
pub struct Request {
    pub query: String,
    pub limit: usize,
    pub offset: usize,
    pub fragments: usize,
    pub fuzzy: bool,
    /// Load stored articles and build snippets (not needed for `--ids` and `--count`).
    pub snippets: bool,
}

/// A `limit` that means every matching article.
pub const ALL: usize = usize::MAX;

#[derive(Debug, Clone)]
pub struct Hit {
    pub rank: usize,
    pub score: f32,
    pub article: StoredArticle,
    pub title_highlights: Vec<(usize, usize)>,
    pub fragments: Vec<Fragment>,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub hits: Vec<Hit>,
    pub total_hits: usize,
    /// The AND query found nothing, so these are the articles with any of the terms.
    pub fallback: bool,
    /// What the lenient parser ignored, for the user.
    pub warnings: Vec<String>,
    pub elapsed_ms: f64,
}

/// Runs a query against the index and builds the snippets of the hits asked for.
pub fn search(reader: &Reader, request: &Request) -> Result<Outcome> {
    let start = Instant::now();
    let searcher = reader.searcher();
    let text_analyzer = reader.index.tokenizer_for_field(reader.fields.body)?;
    let name_analyzer = reader.index.tokenizer_for_field(reader.fields.site)?;
    let mut options = query::Options { conjunction: true, fuzzy: request.fuzzy };
    let mut built =
        query::build(&request.query, &reader.fields, text_analyzer.clone(), name_analyzer.clone(), options);
    let Some(tantivy_query) = built.query.take() else {
        bail!("the query has no words to search for");
    };
    let limit = if request.limit == ALL { searcher.search(&*tantivy_query, &Count)? } else { request.limit };
    let collector = (TopDocs::with_limit(limit.max(1)).and_offset(request.offset).order_by_score(), Count);
    let (mut top, mut total_hits) = searcher.search(&*tantivy_query, &collector)?;
    let mut fallback = false;
    if total_hits == 0 && built.required_clauses >= 2 {
        options.conjunction = false;
        let any = query::build(&request.query, &reader.fields, text_analyzer.clone(), name_analyzer, options);
        if let Some(query) = any.query {
            let (any_top, any_total) = searcher.search(&*query, &collector)?;
            if any_total > 0 {
                (top, total_hits, fallback) = (any_top, any_total, true);
                built.parts = any.parts;
            }
        }
    }
    let mut analyzer = text_analyzer;
    let mut hits = Vec::with_capacity(top.len());
    for (i, (score, address)) in top.into_iter().take(limit).enumerate() {
        let article = reader.load(&searcher, address)?;
        if !request.snippets {
            let rank = request.offset + i + 1;
            hits.push(Hit { rank, score, article, title_highlights: Vec::new(), fragments: Vec::new() });
            continue;
        }
        let body_tokens = tokens(&mut analyzer, &article.body);
        let matches = snippet::find_matches(&body_tokens, &built.parts);
        let fragments = snippet::fragments(&article.body, &matches, request.fragments, WINDOW_CHARS);
        let title_tokens = tokens(&mut analyzer, &article.title);
        let title_highlights =
            snippet::find_matches(&title_tokens, &built.parts).iter().map(|m| (m.start, m.end)).collect();
        hits.push(Hit { rank: request.offset + i + 1, score, article, title_highlights, fragments });
    }
    Ok(Outcome {
        hits,
        total_hits,
        fallback,
        warnings: built.warnings,
        elapsed_ms: start.elapsed().as_secs_f64() * 1000.0,
    })
}

/// The tokens of a text as the index analysed it, for highlighting.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push(Token {
            start: token.offset_from,
            end: token.offset_to,
            position: token.position,
            text: token.text.clone(),
        });
    }
    out
}
