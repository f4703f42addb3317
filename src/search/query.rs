//! From the user's query text to a tantivy query, leniently: tantivy's grammar, our own
//! field names, fuzzy thresholds and AND-by-default, and the parts the snippets highlight.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::query_grammar::{self, Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::bm25f::{Collection, LangTerms, WordQuery};
use super::snippet::QueryPart;
use crate::index::{analyzer, Fields, FIELD_LANGS};

/// Which text field of a language a literal searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Title,
    Body,
    Fragments,
}

/// The title counts this many times the body, in phrases (words are scored by `bm25f`).
const TITLE_BOOST: f32 = 2.0;

/// What a stop word of an article's language counts, against another word as rare, when
/// the query has other words: "what are the effects of X" is about X.
const STOP_WORD_WEIGHT: f32 = 0.1;

/// A word in more than one article in this many is common: among two or three words
/// joined by AND it may be missing from an article, which is then ranked by the others.
const COMMON_WORD_SHARE: u64 = 10;

/// Typo tolerance as Meilisearch sets it: one edit from 5 letters, two from 9.
pub fn fuzzy_distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// How the parsed query is to be built.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Terms without an operator must all match (AND) or any may (OR).
    pub conjunction: bool,
    pub fuzzy: bool,
    /// The collection's figures for scoring a word over its fields together.
    pub collection: Collection,
    /// With `conjunction`, the most words AND joins; more are ranked as any of them.
    pub and_max_words: usize,
    /// With `conjunction`, common words may be missing (see `COMMON_WORD_SHARE`).
    pub common_optional: bool,
}

/// The most plain words (without an operator) a query requires all of; a longer query
/// (a question, a description) is ranked by the words each article has.
pub const AND_MAX_WORDS: usize = 3;

/// A built query, the parts to highlight, and what was ignored, for the user.
pub struct Built {
    pub query: Option<Box<dyn Query>>,
    /// For each language of the index, the query's parts as that language's analyzer sees them.
    pub parts: Vec<(String, Vec<QueryPart>)>,
    pub warnings: Vec<String>,
    /// How many clauses AND joined at the top: an AND of two or more can fall back to OR.
    pub required_clauses: usize,
    /// Some plain words of the query may be missing from a hit: the query was long, or
    /// some of its words common.
    pub ranked_any: bool,
    /// Words, phrases and groups at the top of the query, but those it excludes.
    pub words: usize,
}

/// What the top clause of a query became.
#[derive(Debug, Clone, Copy, Default)]
struct Top {
    required: usize,
    ranked_any: bool,
    words: usize,
}

pub struct Builder<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    /// One analyzer per language of the index: a query is analysed for each.
    analyzers: Vec<(String, TextAnalyzer)>,
    name_analyzer: TextAnalyzer,
    options: Options,
    parts: Vec<(String, Vec<QueryPart>)>,
    warnings: Vec<String>,
    /// What a stop word of an article's language weighs: less, unless the query is
    /// nothing but stop words.
    stop_weight: f32,
    /// How deep in parentheses the builder is.
    depth: usize,
    /// The words being built are ranked as any of them (a long query), not all required.
    any_words: bool,
    top: Option<Top>,
}

/// Parses `text` leniently and builds the query.
pub fn build(
    text: &str,
    searcher: &Searcher,
    fields: &Fields,
    analyzers: Vec<(String, TextAnalyzer)>,
    name_analyzer: TextAnalyzer,
    options: Options,
) -> Built {
    let parts = analyzers.iter().map(|(lang, _)| (lang.clone(), Vec::new())).collect();
    let (text, mut warnings) = quote_urls(&drop_lone_signs(text));
    let (ast, errors) = query_grammar::parse_query_lenient(&text);
    let all_stop = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| analyzers.iter().any(|(lang, _)| crate::clean::is_stop_word(lang, &w.to_lowercase())));
    let mut builder = Builder {
        searcher,
        fields,
        analyzers,
        name_analyzer,
        options,
        parts,
        warnings: Vec::new(),
        stop_weight: if all_stop { 1.0 } else { STOP_WORD_WEIGHT },
        depth: 0,
        any_words: false,
        top: None,
    };
    builder.warnings.append(&mut warnings);
    for error in errors {
        builder.warnings.push(format!(
            "ignored {} at position {}",
            error.message.trim_end_matches('.'),
            error.pos + 1
        ));
    }
    let query = builder.ast(&ast, true);
    let top = builder.top.unwrap_or_default();
    Built {
        query,
        parts: builder.parts,
        warnings: builder.warnings,
        required_clauses: top.required,
        ranked_any: top.ranked_any,
        words: top.words,
    }
}

impl Builder<'_> {
    fn ast(&mut self, ast: &UserInputAst, positive: bool) -> Option<Box<dyn Query>> {
        match ast {
            UserInputAst::Clause(clauses) => {
                let mut built = Vec::new();
                let searchable = |ast: &UserInputAst| match ast {
                    UserInputAst::Leaf(leaf) => match leaf.as_ref() {
                        UserInputLeaf::Literal(literal) => literal.phrase.chars().any(char::is_alphanumeric),
                        _ => true,
                    },
                    _ => true,
                };
                // Plain words (without an operator): all of them when they are few, any of
                // them, best first, when they are more (a question, a description).
                let plain = clauses.iter().filter(|(occur, sub)| occur.is_none() && searchable(sub)).count();
                let all = self.options.conjunction && plain <= self.options.and_max_words;
                // A group inside a long query is ranked as its words too.
                let outer_any = self.any_words;
                self.any_words = outer_any || (self.options.conjunction && !all);
                self.depth += 1;
                for (occur, sub) in clauses {
                    if let Some(query) = self.ast(sub, positive && *occur != Some(Occur::MustNot)) {
                        built.push((*occur, query));
                    }
                }
                self.depth -= 1;
                self.any_words = outer_any;
                // Among few words, a common one may be missing, unless all are common.
                let searcher = self.searcher;
                let common = |query: &dyn Query| {
                    query.downcast_ref::<WordQuery>().is_some_and(|word| {
                        // A word whose count fails is taken for rare, and required.
                        word.in_more_than_one_in(searcher, COMMON_WORD_SHARE).unwrap_or(false)
                    })
                };
                let optional_common = all
                    && self.options.common_optional
                    && built.iter().any(|(occur, query)| occur.is_none() && !common(query.as_ref()));
                let mut ranked_any = self.options.conjunction && !all;
                let mut subqueries: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(built.len());
                for (occur, query) in built {
                    let occur = match occur {
                        Some(occur) => occur,
                        None if !all => Occur::Should,
                        None if optional_common && common(query.as_ref()) => {
                            ranked_any = true;
                            Occur::Should
                        }
                        None => Occur::Must,
                    };
                    subqueries.push((occur, query));
                }
                if self.depth == 0 {
                    let required = subqueries.iter().filter(|(occur, _)| *occur == Occur::Must).count();
                    let words = clauses
                        .iter()
                        .filter(|(occur, sub)| *occur != Some(Occur::MustNot) && searchable(sub))
                        .count();
                    self.top = Some(Top { required, ranked_any, words });
                }
                if !subqueries.is_empty() && subqueries.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                    // "NOT b" alone means every article but those with b.
                    subqueries.push((Occur::Must, Box::new(AllQuery)));
                }
                match subqueries.len() {
                    0 => None,
                    1 if subqueries[0].0 != Occur::MustNot => subqueries.pop().map(|(_, q)| q),
                    _ => Some(Box::new(BooleanQuery::new(subqueries))),
                }
            }
            UserInputAst::Boost(sub, boost) => {
                let query = self.ast(sub, positive)?;
                Some(Box::new(BoostQuery::new(query, boost.into_inner() as f32)))
            }
            UserInputAst::Leaf(leaf) => match leaf.as_ref() {
                UserInputLeaf::Literal(literal) => self.literal(literal, positive),
                UserInputLeaf::All => Some(Box::new(AllQuery)),
                UserInputLeaf::Regex { field: None, pattern } => {
                    // "/slip flow/" was typed as words between slashes, not as a regex.
                    self.warnings.push(format!("searched /{pattern}/ as words: regexes are not supported"));
                    let words = UserInputLiteral {
                        field_name: None,
                        phrase: pattern.clone(),
                        delimiter: Delimiter::None,
                        slop: 0,
                        prefix: false,
                    };
                    let clauses = pattern
                        .split_whitespace()
                        .map(|word| {
                            let literal = UserInputLiteral { phrase: word.to_string(), ..words.clone() };
                            (None, UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal))))
                        })
                        .collect();
                    self.depth += 1;
                    let query = self.ast(&UserInputAst::Clause(clauses), positive);
                    self.depth -= 1;
                    query
                }
                other => {
                    self.warnings
                        .push(format!("ignored {other:?}: ranges, sets and regexes are not supported"));
                    None
                }
            },
        }
    }

    fn literal(&mut self, literal: &UserInputLiteral, positive: bool) -> Option<Box<dyn Query>> {
        let quoted = !matches!(literal.delimiter, Delimiter::None);
        match literal.field_name.as_deref() {
            None => self.default_fields(&literal.phrase, quoted, literal, positive),
            Some(name) => match name.to_ascii_lowercase().as_str() {
                "title" => self.text_field(Kind::Title, &literal.phrase, quoted, literal, positive),
                "body" => self.text_field(Kind::Body, &literal.phrase, quoted, literal, positive),
                "fragments" | "fragment" => {
                    self.text_field(Kind::Fragments, &literal.phrase, quoted, literal, false)
                }
                "site" => self.name_field(self.fields.site, &literal.phrase),
                "author" => self.name_field(self.fields.author, &literal.phrase),
                "lang" => self.lang(&literal.phrase),
                "id" => Some(Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.id, &literal.phrase),
                    IndexRecordOption::Basic,
                ))),
                _ => {
                    // "https://...", "Note: ..." and the like: search the words, say so.
                    self.warnings.push(format!(
                        "\"{name}:\" is not a field (title, body, site, author, lang, id): searched as words"
                    ));
                    let text = format!("{name} {}", literal.phrase);
                    self.default_fields(&text, quoted, literal, positive)
                }
            },
        }
    }

    fn default_fields(
        &mut self,
        text: &str,
        quoted: bool,
        literal: &UserInputLiteral,
        positive: bool,
    ) -> Option<Box<dyn Query>> {
        if !quoted && !literal.prefix && !self.options.fuzzy {
            if let Some(query) = self.word(text, positive) {
                return Some(query);
            }
            if self.any_words {
                // In a long query ranked by any of its words, "three-dimensional" is two of them.
                let clauses: Vec<(Occur, Box<dyn Query>)> = self
                    .words_of(text)
                    .iter()
                    .filter_map(|word| self.word(word, positive))
                    .map(|query| (Occur::Should, query))
                    .collect();
                if !clauses.is_empty() {
                    return Some(Box::new(BooleanQuery::new(clauses)));
                }
            }
            // Words written as one ("three-dimensional", "GPT-5.4"): the phrase must be
            // there, and its words score as words do.
            let phrase = self.title_and_body(text, quoted, literal, positive)?;
            let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                vec![(Occur::Must, Box::new(BoostQuery::new(phrase, 0.0)))];
            for word in self.words_of(text) {
                if let Some(query) = self.word(&word, false) {
                    clauses.push((Occur::Should, query));
                }
            }
            return Some(Box::new(BooleanQuery::new(clauses)));
        }
        self.title_and_body(text, quoted, literal, positive)
    }

    /// The words of `text` as the tokenizer splits it.
    fn words_of(&mut self, text: &str) -> Vec<String> {
        let Some((_, analyzer)) = self.analyzers.first_mut() else { return Vec::new() };
        let mut words = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            if let Some(word) = text.get(token.offset_from..token.offset_to) {
                words.push(word.to_string());
            }
        }
        words
    }

    /// The literal on the title and the body, each as tantivy scores a field.
    fn title_and_body(
        &mut self,
        text: &str,
        quoted: bool,
        literal: &UserInputLiteral,
        positive: bool,
    ) -> Option<Box<dyn Query>> {
        let body = self.text_field(Kind::Body, text, quoted, literal, positive)?;
        // The title gets the same query; its parts were recorded once, for the body.
        let title = self.text_field(Kind::Title, text, quoted, literal, false)?;
        let title: Box<dyn Query> = Box::new(BoostQuery::new(title, TITLE_BOOST));
        Some(Box::new(BooleanQuery::new(vec![(Occur::Should, title), (Occur::Should, body)])))
    }

    /// One word, scored over the text fields of every language together (BM25F); none
    /// when some language's analyzer makes more than one term of it (a phrase).
    fn word(&mut self, text: &str, highlight: bool) -> Option<Box<dyn Query>> {
        let mut langs = Vec::new();
        let mut parts = Vec::new();
        for (i, (lang, analyzer)) in self.analyzers.iter_mut().enumerate() {
            let terms = analyse(analyzer, text);
            match terms.as_slice() {
                [] => continue,
                [term] => {
                    let fields = self.fields.text_of(lang);
                    let stop = crate::clean::is_stop_word(lang, &text.to_lowercase());
                    langs.push(LangTerms {
                        fields: [fields.title, fields.body, fields.removed]
                            .map(|field| Term::from_field_text(field, term)),
                        weight: if stop { self.stop_weight } else { 1.0 },
                    });
                    parts.push((i, QueryPart::Term(term.clone())));
                }
                _ => return None,
            }
        }
        if langs.is_empty() {
            return None;
        }
        if highlight {
            for (i, part) in parts {
                self.parts[i].1.push(part);
            }
        }
        Some(Box::new(WordQuery::new(langs, self.options.collection)))
    }

    /// A literal on a text field, analysed in every language of the index: one query per
    /// language, on that language's field, any of which may match. Fragments are in
    /// languages of their own, so a `fragments:` query covers every language.
    fn text_field(
        &mut self,
        kind: Kind,
        text: &str,
        quoted: bool,
        literal: &UserInputLiteral,
        highlight: bool,
    ) -> Option<Box<dyn Query>> {
        let mut queries: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // Fragments have languages of their own: try every one. Taken out of `self` for the
        // loop, so `leaf` can borrow it; put back after.
        let mut analyzers = match kind {
            Kind::Fragments => {
                FIELD_LANGS.iter().map(|lang| (lang.to_string(), analyzer::for_language(lang))).collect()
            }
            _ => std::mem::take(&mut self.analyzers),
        };
        for (i, (lang, analyzer)) in analyzers.iter_mut().enumerate() {
            let terms: Vec<(usize, String)> = analyse_with_positions(analyzer, text);
            if terms.is_empty() {
                continue;
            }
            let fields = self.fields.text_of(lang);
            let field = match kind {
                Kind::Title => fields.title,
                Kind::Body => fields.body,
                Kind::Fragments => fields.fragments,
            };
            let (query, part) = self.leaf(field, text, &terms, quoted, literal);
            if highlight && kind != Kind::Fragments {
                self.parts[i].1.push(part);
            }
            queries.push((Occur::Should, query));
        }
        if kind != Kind::Fragments {
            self.analyzers = analyzers;
        }
        if queries.is_empty() {
            if highlight {
                self.warnings.push(format!("ignored \"{text}\": nothing in it can be searched"));
            }
            return None;
        }
        if queries.len() == 1 {
            return queries.pop().map(|(_, q)| q);
        }
        Some(Box::new(BooleanQuery::new(queries)))
    }

    fn leaf(
        &self,
        field: Field,
        text: &str,
        terms: &[(usize, String)],
        quoted: bool,
        literal: &UserInputLiteral,
    ) -> (Box<dyn Query>, QueryPart) {
        let to_term = |t: &str| Term::from_field_text(field, t);
        if let [(_, term_text)] = terms {
            let term = to_term(term_text);
            let distance = if self.options.fuzzy && !quoted { fuzzy_distance(text.trim()) } else { 0 };
            return if literal.prefix {
                (Box::new(FuzzyTermQuery::new_prefix(term, 0, true)), QueryPart::Prefix(term_text.clone()))
            } else if distance > 0 {
                // Plain Levenshtein, as the highlighter counts: a swap is two edits.
                let part = QueryPart::Fuzzy { term: term_text.clone(), distance };
                (Box::new(FuzzyTermQuery::new(term, distance, false)), part)
            } else {
                (
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                    QueryPart::Term(term_text.clone()),
                )
            };
        }
        let with_offsets: Vec<(usize, Term)> = terms.iter().map(|(pos, t)| (*pos, to_term(t))).collect();
        let query: Box<dyn Query> = if literal.prefix {
            Box::new(PhrasePrefixQuery::new_with_offset(with_offsets))
        } else {
            Box::new(PhraseQuery::new_with_offset_and_slop(with_offsets, literal.slop))
        };
        (query, QueryPart::Phrase(terms.iter().map(|(_, t)| t.clone()).collect()))
    }

    /// Site and author: every word must match, not stemmed.
    fn name_field(&mut self, field: Field, text: &str) -> Option<Box<dyn Query>> {
        every_word(&mut self.name_analyzer, field, text)
    }

    fn lang(&mut self, code: &str) -> Option<Box<dyn Query>> {
        let query = lang_query(self.fields, code);
        if query.is_none() {
            self.warnings.push(format!("ignored lang:{code}: {NOT_A_LANGUAGE}"));
        }
        query
    }
}

const NOT_A_LANGUAGE: &str = "not a language code (try eng, deu, kor, or en, de, ko)";

/// Articles in the language `code` (ISO 639-3 or 639-1); none if it is not a code.
fn lang_query(fields: &Fields, code: &str) -> Option<Box<dyn Query>> {
    let lang = crate::lang::normalize(code)?;
    Some(Box::new(TermQuery::new(Term::from_field_text(fields.lang, lang), IndexRecordOption::Basic)))
}

/// Site and author: every word of `text` must match, not stemmed; none if it has no words.
fn every_word(names: &mut TextAnalyzer, field: Field, text: &str) -> Option<Box<dyn Query>> {
    let clauses: Vec<(Occur, Box<dyn Query>)> = analyse(names, text)
        .iter()
        .map(|w| {
            let q: Box<dyn Query> =
                Box::new(TermQuery::new(Term::from_field_text(field, w), IndexRecordOption::Basic));
            (Occur::Must, q)
        })
        .collect();
    if clauses.is_empty() {
        return None;
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// A "-" or "+" with nothing after it is a dash or a plus sign, not an operator: the
/// grammar would give up on the rest of the query ("be,. - (a) significantly ...").
fn drop_lone_signs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let lone = matches!(c, '-' | '+') && chars.peek().is_none_or(|next| next.is_whitespace());
        let starts_word = out.chars().next_back().is_none_or(char::is_whitespace);
        out.push(if lone && starts_word { ' ' } else { c });
    }
    out
}

/// A URL in a query is searched as the phrase of its words: the grammar would read
/// `https:` as a field and `//...` as a regex.
fn quote_urls(text: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut warnings = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("http://").or_else(|| rest.find("https://")) {
        let end = rest[at..].find(char::is_whitespace).map_or(rest.len(), |n| at + n);
        let url = &rest[at..end];
        let words: Vec<&str> = url.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        out.push_str(&rest[..at]);
        out.push('"');
        out.push_str(&words.join(" "));
        out.push('"');
        warnings.push(format!(
            "searched the URL at position {} as the phrase of its words",
            text.len() - rest.len() + at + 1
        ));
        rest = &rest[end..];
    }
    out.push_str(rest);
    (out, warnings)
}

/// The metadata filters as queries; a bad language code or date is an error for the user.
pub fn filters(
    fields: &Fields,
    mut names: TextAnalyzer,
    filters: &super::Filters,
) -> anyhow::Result<Vec<Box<dyn Query>>> {
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    if let Some(code) = &filters.lang {
        let Some(query) = lang_query(fields, code) else {
            anyhow::bail!("--lang {code}: {NOT_A_LANGUAGE}");
        };
        out.push(query);
    }
    for (field, value) in [(fields.site, &filters.site), (fields.author, &filters.author)] {
        let Some(value) = value else { continue };
        let Some(query) = every_word(&mut names, field, value) else {
            anyhow::bail!("{value:?} has no words to match");
        };
        out.push(query);
    }
    let date = |flag: &str, value: &Option<String>| -> anyhow::Result<Bound<Term>> {
        match value {
            None => Ok(Bound::Unbounded),
            Some(text) => {
                let Some(date) = crate::index::iso_to_date(text.trim()) else {
                    anyhow::bail!("--{flag} {text}: not a date (write it as YYYY-MM-DD)");
                };
                Ok(Bound::Included(Term::from_field_date(fields.date, date)))
            }
        }
    };
    let (since, until) = (date("since", &filters.since)?, date("until", &filters.until)?);
    if !matches!((&since, &until), (Bound::Unbounded, Bound::Unbounded)) {
        out.push(Box::new(RangeQuery::new(since, until)));
    }
    Ok(out)
}

fn analyse_with_positions(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut terms = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        terms.push((token.position, token.text.clone()));
    }
    terms
}

fn analyse(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    analyse_with_positions(analyzer, text).into_iter().map(|(_, word)| word).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_become_phrases() {
        let (text, warnings) = quote_urls("meta https://www.axios.com/2026/04/06/meta-open AND x");
        assert_eq!(text, "meta \"https www axios com 2026 04 06 meta open\" AND x");
        assert_eq!(warnings.len(), 1);
        assert_eq!(quote_urls("no url here").0, "no url here");
    }

    #[test]
    fn lone_signs_are_not_operators() {
        assert_eq!(drop_lone_signs("be,. - (a) different"), "be,.   (a) different");
        assert_eq!(drop_lone_signs("a -b +c d-e f -"), "a -b +c d-e f  ");
    }

    #[test]
    fn fuzzy_thresholds_follow_meilisearch() {
        assert_eq!(fuzzy_distance("cat"), 0);
        assert_eq!(fuzzy_distance("mode"), 0);
        assert_eq!(fuzzy_distance("model"), 1);
        assert_eq!(fuzzy_distance("flagship"), 1);
        assert_eq!(fuzzy_distance("proprietary"), 2);
        assert_eq!(fuzzy_distance("Zürich"), 1);
    }
}
