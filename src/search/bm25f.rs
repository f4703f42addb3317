//! One word scored over an article's title, body and searchable removed lines together, in
//! whatever language the article was indexed (BM25F). Each field's occurrences count by the
//! field's weight, in the term frequency and in the article's length alike, and the sum is
//! saturated once: a word in the title and ten times in the body is one article's evidence,
//! not two documents'. The statistics are the whole collection's: the number of articles,
//! their mean weighted length, and how many articles hold the word in any of the fields,
//! summed over the languages (the word as each language's analyzer gives it), so that the
//! articles of one language are not scored against a collection of their own.

use std::sync::OnceLock;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, Term, TERMINATED};

/// BM25's usual constants (tantivy's, Lucene's and FTS5's).
const K1: Score = 1.2;
const B: Score = 0.75;

/// What a word counts in each field, in the order of `LangTerms::fields`: the title twice the
/// body; removed lines (an author line, a title shared by a series) half.
pub const FIELD_WEIGHTS: [Score; 3] = [2.0, 1.0, 0.5];

/// The word as one language's analyzer gave it, in that language's title, body and removed
/// lines fields.
#[derive(Debug, Clone)]
pub struct LangTerms {
    pub fields: [Term; 3],
    /// What the word's score is multiplied by in an article of this language (less for
    /// one of its stop words).
    pub weight: Score,
}

/// What every word of a query shares: the collection's size and the mean weighted length
/// of its articles, over the text fields of every language in the index.
#[derive(Debug, Clone, Copy)]
pub struct Collection {
    pub articles: u64,
    pub mean_length: Score,
}

impl Collection {
    /// `fields` are the (title, body, removed) fields of the index's languages.
    pub fn of(searcher: &Searcher, fields: &[[Field; 3]]) -> tantivy::Result<Self> {
        let articles: u64 = searcher.segment_readers().iter().map(|r| u64::from(r.max_doc())).sum();
        let mut length = 0.0;
        for reader in searcher.segment_readers() {
            for lang in fields {
                for (field, weight) in lang.iter().zip(FIELD_WEIGHTS) {
                    length += weight * reader.inverted_index(*field)?.total_num_tokens() as Score;
                }
            }
        }
        let mean_length = if articles == 0 { 1.0 } else { (length / articles as Score).max(1.0) };
        Ok(Collection { articles, mean_length })
    }
}

#[derive(Debug, Clone)]
pub struct WordQuery {
    langs: Vec<LangTerms>,
    collection: Collection,
    /// Articles that hold the word in any of its fields, counted when first needed (a count
    /// of matches needs none).
    articles_with: OnceLock<u64>,
}

impl WordQuery {
    pub fn new(langs: Vec<LangTerms>, collection: Collection) -> Self {
        WordQuery { langs, collection, articles_with: OnceLock::new() }
    }

    fn articles_with(&self, searcher: &Searcher) -> tantivy::Result<u64> {
        if let Some(n) = self.articles_with.get() {
            return Ok(*n);
        }
        let n = articles_with(searcher, &self.langs)?;
        Ok(*self.articles_with.get_or_init(|| n))
    }

    /// Whether the word is in more than one article in `n`.
    pub fn in_more_than_one_in(&self, searcher: &Searcher, n: u64) -> tantivy::Result<bool> {
        Ok(self.articles_with(searcher)?.saturating_mul(n) > self.collection.articles)
    }
}

impl Query for WordQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let idf = match enable_scoring.searcher() {
            Some(searcher) if enable_scoring.is_scoring_enabled() => {
                idf(self.articles_with(searcher)?, self.collection.articles)
            }
            _ => 0.0,
        };
        Ok(Box::new(WordWeight { langs: self.langs.clone(), mean_length: self.collection.mean_length, idf }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in self.langs.iter().flat_map(|lang| &lang.fields) {
            visitor(term, false);
        }
    }
}

/// Articles holding the word in any of its fields, in any language: each article's text is
/// in the fields of one language, so the languages' counts add up.
fn articles_with(searcher: &Searcher, langs: &[LangTerms]) -> tantivy::Result<u64> {
    let mut count = 0u64;
    for reader in searcher.segment_readers() {
        for lang in langs {
            let mut lists = Vec::new();
            for term in &lang.fields {
                let index = reader.inverted_index(term.field())?;
                lists.extend(index.read_postings(term, IndexRecordOption::Basic)?);
            }
            count += match lists.len() {
                0 => 0,
                1 => u64::from(lists[0].doc_freq()),
                _ => union_count(lists),
            };
        }
    }
    Ok(count)
}

/// How many documents are in one or more lists (deleted ones too, as tantivy's BM25 counts).
fn union_count(mut lists: Vec<SegmentPostings>) -> u64 {
    let mut count = 0;
    loop {
        let doc = lists.iter().map(|l| l.doc()).min().unwrap_or(TERMINATED);
        if doc == TERMINATED {
            return count;
        }
        count += 1;
        for list in lists.iter_mut().filter(|l| l.doc() == doc) {
            list.advance();
        }
    }
}

/// Robertson and Spärck Jones' weight with Lucene's +1, which keeps it positive.
pub(crate) fn idf(articles_with: u64, articles: u64) -> Score {
    let n = articles_with.min(articles) as Score;
    (1.0 + (articles as Score - n + 0.5) / (n + 0.5)).ln()
}

struct WordWeight {
    langs: Vec<LangTerms>,
    mean_length: Score,
    idf: Score,
}

impl WordWeight {
    fn word_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Option<WordScorer>> {
        let mut lists = Vec::new();
        let mut langs = Vec::new();
        for lang in &self.langs {
            let mut found = false;
            for (term, weight) in lang.fields.iter().zip(FIELD_WEIGHTS) {
                let index = reader.inverted_index(term.field())?;
                if let Some(postings) = index.read_postings(term, IndexRecordOption::WithFreqs)? {
                    lists.push(List { postings, weight, lang: langs.len() });
                    found = true;
                }
            }
            if found {
                let mut norms = Vec::with_capacity(3);
                for term in &lang.fields {
                    norms.push(reader.get_fieldnorms_reader(term.field())?);
                }
                langs.push(LangNorms { norms, weight: lang.weight });
            }
        }
        if lists.is_empty() {
            return Ok(None);
        }
        let doc = lists.iter().map(|l| l.postings.doc()).min().unwrap_or(TERMINATED);
        Ok(Some(WordScorer {
            lists,
            langs,
            doc,
            weight: self.idf * boost * (K1 + 1.0),
            mean_length: self.mean_length,
        }))
    }
}

impl Weight for WordWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.word_scorer(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if let Some(mut scorer) = self.word_scorer(reader, 1.0)? {
            if scorer.seek(doc) == doc {
                return Ok(Explanation::new("BM25F over title, body and removed lines", scorer.score()));
            }
        }
        Err(tantivy::TantivyError::InvalidArgument(format!("document {doc} does not match")))
    }
}

/// One field's postings of the word.
struct List {
    postings: SegmentPostings,
    weight: Score,
    /// Index into `WordScorer::langs`.
    lang: usize,
}

/// A language's field lengths, in the order of `LangTerms::fields`, and its weight.
struct LangNorms {
    norms: Vec<FieldNormReader>,
    weight: Score,
}

struct WordScorer {
    lists: Vec<List>,
    langs: Vec<LangNorms>,
    doc: DocId,
    /// idf × boost × (k1 + 1).
    weight: Score,
    mean_length: Score,
}

impl WordScorer {
    fn settle(&mut self) -> DocId {
        self.doc = self.lists.iter().map(|l| l.postings.doc()).min().unwrap_or(TERMINATED);
        self.doc
    }
}

impl DocSet for WordScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        for list in self.lists.iter_mut().filter(|l| l.postings.doc() == doc) {
            list.postings.advance();
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        for list in self.lists.iter_mut().filter(|l| l.postings.doc() < target) {
            list.postings.seek(target);
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.lists.iter().map(|l| l.postings.size_hint()).sum()
    }
}

impl Scorer for WordScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut frequency = 0.0;
        let mut lang = 0;
        for list in self.lists.iter().filter(|l| l.postings.doc() == doc) {
            frequency += list.weight * list.postings.term_freq() as Score;
            lang = list.lang;
        }
        let LangNorms { norms, weight } = &self.langs[lang];
        let length: Score = norms.iter().zip(FIELD_WEIGHTS).map(|(n, w)| w * n.fieldnorm(doc) as Score).sum();
        let saturation = K1 * (1.0 - B + B * length / self.mean_length);
        weight * self.weight * frequency / (frequency + saturation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarer_words_weigh_more_and_none_weighs_less_than_nothing() {
        assert!(idf(1, 1000) > idf(10, 1000));
        assert!(idf(1000, 1000) > 0.0);
        assert_eq!(idf(2000, 1000), idf(1000, 1000), "a count above the collection's is clamped");
    }
}
