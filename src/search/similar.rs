//! The articles most like one: its weightiest words (tf-idf over the index) searched as
//! one weighted query. corpus chooses the words itself rather than through tantivy's
//! `MoreLikeThisQuery`, which reads every stored field and whose idf goes wrong after
//! deletions (which every update makes).

use std::collections::HashMap;

use anyhow::Result;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TokenStream;
use tantivy::{DocAddress, Searcher, Term};

use crate::groups::{Groups, Kind};
use crate::index::{Reader, StoredArticle};

/// Words of the article searched for: enough to describe an event, few enough to stay fast.
const QUERY_WORDS: usize = 25;

/// Words shown for each similar article: those it shares with the article, weightiest first.
const SHOWN_WORDS: usize = 6;

pub struct Similar {
    pub address: DocAddress,
    pub score: f32,
    pub article: StoredArticle,
    /// The words it shares with the article, weightiest first, in the article's shortest form.
    pub terms: Vec<String>,
}

/// The `limit` articles most like the one at `address`, best first; its copies too when
/// `copies` is set (never the article itself).
pub fn similar(
    reader: &Reader,
    searcher: &Searcher,
    groups: &Groups,
    address: DocAddress,
    limit: usize,
    copies: bool,
) -> Result<Vec<Similar>> {
    let article = reader.load(searcher, address)?;
    let fields = reader.fields.text_of(&article.lang);
    let mut analyzer = reader.index.tokenizer_for_field(fields.body)?;
    // Each analysed word, how often, and the first form the article writes it in.
    let mut counts: HashMap<String, (u32, String)> = HashMap::new();
    for (text, weight) in [(article.title.as_str(), 2), (article.body.as_str(), 1)] {
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            let form = text.get(token.offset_from..token.offset_to).unwrap_or(&token.text).to_lowercase();
            if form.chars().count() < 2 || crate::clean::is_stop_word(&article.lang, &form) {
                continue;
            }
            let entry = counts.entry(token.text.clone()).or_insert((0, form.clone()));
            entry.0 += weight;
            // The shortest form a word takes names it: "refinery", not "refinery's".
            if form.len() < entry.1.len() {
                entry.1 = form;
            }
        }
    }
    let documents = searcher.num_docs().max(1);
    let mut weighted: Vec<(String, String, f32)> = Vec::new();
    for (word, (count, form)) in counts {
        let df = searcher.doc_freq(&Term::from_field_text(fields.body, &word))?;
        // A word of this article alone finds no other.
        if df < 2 {
            continue;
        }
        let idf = super::bm25f::idf(df, documents);
        weighted.push((word, form, (1.0 + (count as f32).ln()) * idf));
    }
    weighted.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    weighted.truncate(QUERY_WORDS);
    if weighted.is_empty() {
        return Ok(Vec::new());
    }
    let clauses: Vec<(Occur, Box<dyn Query>)> = weighted
        .iter()
        .flat_map(|(word, _, weight)| {
            [fields.title, fields.body].map(|field| {
                let term = TermQuery::new(Term::from_field_text(field, word), IndexRecordOption::WithFreqs);
                (Occur::Should, Box::new(BoostQuery::new(Box::new(term), *weight)) as Box<dyn Query>)
            })
        })
        .collect();
    let query = BooleanQuery::new(clauses);
    let left_out: Vec<DocAddress> =
        if copies { vec![address] } else { groups.members(Kind::Copies, address) };
    let wanted = limit.saturating_add(left_out.len()).max(1);
    let top = searcher.search(&query, &TopDocs::with_limit(wanted).order_by_score())?;
    let mut found = Vec::new();
    for (score, hit) in top.into_iter().filter(|(_, a)| !left_out.contains(a)).take(limit) {
        let other = reader.load(searcher, hit)?;
        let mut words: Vec<String> = Vec::new();
        let mut present = std::collections::HashSet::new();
        for text in [&other.title, &other.body] {
            let mut stream = analyzer.token_stream(text);
            while let Some(token) = stream.next() {
                present.insert(token.text.clone());
            }
        }
        for (word, form, _) in &weighted {
            if present.contains(word) && words.len() < SHOWN_WORDS {
                words.push(form.clone());
            }
        }
        found.push(Similar { address: hit, score, article: other, terms: words });
    }
    Ok(found)
}
