//! Searching: query -> parse -> top docs -> fragments. Returns data; never prints.

pub mod bm25f;
mod collapse;
mod depth;
mod feedback;
pub mod query;
pub mod similar;
pub mod snippet;

use std::time::Instant;

use std::collections::{BTreeMap, HashMap};

use anyhow::{bail, Result};
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, DocAddress, Order, Searcher};

pub use collapse::{Collapse, HitGroups};

use crate::groups::{GroupCount, Groups, Kind};
use crate::index::analyzer::{self, Highlighter};
use crate::index::{self, Reader, StoredArticle};
use snippet::{Fragment, QueryPart, Token};

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
    pub filters: Filters,
    pub sort_by_date: bool,
    pub facets: bool,
    /// One hit per copy group (the default), per story, or per article. `--ids` and
    /// `--count` are always per article.
    pub collapse: Collapse,
}

/// Restrictions on metadata, joined to the query with AND.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub lang: Option<String>,
    pub site: Option<String>,
    pub author: Option<String>,
    /// ISO dates, inclusive.
    pub since: Option<String>,
    pub until: Option<String>,
}

/// Counts of matching articles by site, language and year, most first.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Facets {
    pub site: Vec<(String, usize)>,
    pub lang: Vec<(String, usize)>,
    pub year: Vec<(String, usize)>,
}

/// A `limit` that means every matching article.
pub const ALL: usize = usize::MAX;

#[derive(Debug, Clone)]
pub struct Hit {
    pub rank: usize,
    /// The BM25 score; none when sorted by date.
    pub score: Option<f32>,
    pub article: StoredArticle,
    pub title_highlights: Vec<(usize, usize)>,
    pub fragments: Vec<Fragment>,
    /// Its copies and story (empty for `--ids` and `--count`).
    pub groups: HitGroups,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub hits: Vec<Hit>,
    pub total_hits: usize,
    /// Not every hit has every term: the AND query found nothing, so these are the articles
    /// with any of the terms, or the query was long or had common words, which may be missing.
    pub fallback: bool,
    /// How many articles have every term, when the query let some be missing (a long query,
    /// a common word); none when the AND query found nothing and any term was searched.
    pub with_every_term: Option<usize>,
    /// What the lenient parser ignored, for the user.
    pub warnings: Vec<String>,
    pub facets: Option<Facets>,
    /// How many copy groups (or stories) the matching articles fall in, when hits are collapsed.
    pub total_groups: Option<usize>,
    pub collapse: Collapse,
    pub elapsed_ms: f64,
}

/// Runs a query against the index and builds the snippets of the hits asked for.
pub fn search(reader: &Reader, request: &Request) -> Result<Outcome> {
    let start = Instant::now();
    let nesting = depth::depth(&request.query);
    if nesting > depth::MAX_DEPTH {
        anyhow::bail!(
            "the query nests {nesting} levels deep (parentheses, NOT, - and +); corpus takes up to {}: simplify it",
            depth::MAX_DEPTH
        );
    }
    let searcher = reader.searcher();
    // The field languages of the index: each gets the query analysed its own way.
    let mut langs: Vec<String> = Vec::new();
    for lang in crate::index::languages(&searcher, &reader.fields)? {
        let field_lang = crate::index::field_lang(&lang).to_string();
        if !langs.contains(&field_lang) {
            langs.push(field_lang);
        }
    }
    if langs.is_empty() {
        langs.push("eng".to_string());
    }
    let analyzers: Vec<(String, TextAnalyzer)> =
        langs.iter().map(|lang| (lang.clone(), analyzer::for_language(lang))).collect();
    let name_analyzer = reader.index.tokenizer_for_field(reader.fields.site)?;
    let filters = query::filters(&reader.fields, name_analyzer.clone(), &request.filters)?;
    let text_fields: Vec<_> = langs
        .iter()
        .map(|lang| {
            let fields = reader.fields.text_of(lang);
            [fields.title, fields.body, fields.removed]
        })
        .collect();
    let collection = bm25f::Collection::of(&searcher, &text_fields)?;
    let build = |conjunction: bool, and_max_words: usize, common_optional: bool| {
        let options =
            query::Options { conjunction, fuzzy: request.fuzzy, collection, and_max_words, common_optional };
        let mut built = query::build(
            &request.query,
            &searcher,
            &reader.fields,
            analyzers.clone(),
            name_analyzer.clone(),
            options,
        );
        built.query = built.query.map(|q| with_filters(q, &filters));
        built
    };
    let mut built = build(true, query::AND_MAX_WORDS, true);
    let Some(mut tantivy_query) = built.query.take() else {
        bail!("the query has no words to search for");
    };
    let groups = if request.snippets { Some(Groups::load(reader, &searcher)?) } else { None };
    // The groups that collapsed hits are counted in.
    let grouping = groups.as_ref().zip(request.collapse.kind());
    // Collapsed hits are ranked over a window once the groups are counted: this pass ranks
    // only the best articles a long query's feedback reads.
    let feedback_reads = built.words > query::AND_MAX_WORDS && !request.sort_by_date;
    let ranks = grouping.is_none() || feedback_reads;
    // One pass gives the hits, their count and the groups they fall in; `--ids` asks for
    // every hit, so counts first.
    let run = |query: &dyn Query, grouping: Option<(&Groups, Kind)>| -> Result<Found> {
        let limit = match request.limit {
            _ if !ranks => 0,
            ALL => searcher.search(query, &Count)?,
            limit => limit,
        };
        top_docs(&searcher, query, limit, request.offset, request.sort_by_date, grouping)
    };
    let Found { ranked: mut top, total: mut total_hits, groups: mut total_groups } =
        run(&*tantivy_query, grouping)?;
    let mut fallback = false;
    let mut with_every_term = None;
    if built.ranked_any && total_hits > 0 {
        // Some words may be missing from a hit: say so when some hits lack one.
        if let Some(every) = build(true, usize::MAX, false).query {
            let count = searcher.search(&*every, &Count)?;
            fallback = count < total_hits;
            with_every_term = Some(count);
        }
    }
    if total_hits == 0 && (built.required_clauses >= 2 || built.ranked_any) {
        let mut any = build(false, query::AND_MAX_WORDS, false);
        if let Some(query) = any.query.take() {
            let found = run(&*query, grouping)?;
            if found.total > 0 {
                (tantivy_query, top, total_hits, fallback) = (query, found.ranked, found.total, true);
                total_groups = found.groups;
                with_every_term = None;
                built.parts = any.parts;
            }
        }
    }
    // A long query: the words of its best hits reorder them (see `feedback`). The articles
    // read for it are kept for the hits they may become.
    let mut loaded: HashMap<DocAddress, StoredArticle> = HashMap::new();
    let mut expanded_query = None;
    if feedback_reads && total_hits > 1 {
        let wanted = feedback::FEEDBACK_ARTICLES.min(total_hits);
        let best = if request.offset == 0 && top.len() >= wanted {
            top[..wanted].to_vec()
        } else {
            top_docs(&searcher, &*tantivy_query, wanted, 0, false, None)?.ranked
        };
        for (_, address) in &best {
            loaded.insert(*address, reader.load(&searcher, *address)?);
        }
        let articles: Vec<(f32, &StoredArticle)> = best
            .iter()
            .filter_map(|(score, address)| Some((score.unwrap_or(0.0), loaded.get(address)?)))
            .collect();
        if let Some(expanded) =
            feedback::expand(&reader.fields, &*tantivy_query, &articles, built.words, collection)
        {
            // Collapsed hits are ranked again below, over a window of this ranking.
            if grouping.is_none() {
                top = run(&*expanded, None)?.ranked;
            }
            expanded_query = Some(expanded);
        }
    }
    let ranking = expanded_query.as_deref().unwrap_or(&*tantivy_query);
    if let (Some((groups, kind)), Some(groups_found)) = (grouping, total_groups) {
        if total_hits > 0 {
            let rank = |n: usize| Ok(top_docs(&searcher, ranking, n, 0, request.sort_by_date, None)?.ranked);
            let counts = (total_hits, groups_found);
            top = collapse::collapsed(groups, kind, request.limit, request.offset, counts, rank)?;
        }
    }
    let facets = if request.facets { Some(facets(&searcher, &*tantivy_query)?) } else { None };
    let mut hits = Vec::with_capacity(top.len());
    if !request.snippets {
        // Ids and counts come from the id columns, read in order: no stored article is read.
        let ids = index::ids_at(&searcher, top.iter().map(|(_, address)| *address))?;
        for (i, ((score, _), id)) in top.into_iter().zip(ids).enumerate() {
            let article = StoredArticle::with_id(id);
            let rank = request.offset + i + 1;
            let (title_highlights, fragments, groups) = Default::default();
            hits.push(Hit { rank, score, article, title_highlights, fragments, groups });
        }
        top = Vec::new();
    }
    let mut highlighters: Vec<Option<Highlighter>> = langs.iter().map(|_| None).collect();
    for (i, (score, address)) in top.into_iter().enumerate() {
        let rank = request.offset + i + 1;
        let article = match loaded.remove(&address) {
            Some(article) => article,
            None => reader.load(&searcher, address)?,
        };
        // The hit is highlighted as its own language's analyzer saw the query.
        let i = langs.iter().position(|l| l == crate::index::field_lang(&article.lang)).unwrap_or(0);
        let parts = &built.parts[i].1;
        let highlighter = highlighters[i].get_or_insert_with(|| Highlighter::for_language(&langs[i]));
        let body_tokens = tokens(highlighter, &article.body, parts);
        let matches = snippet::find_matches(&body_tokens, parts);
        let fragments = snippet::fragments(&article.body, &matches, request.fragments, WINDOW_CHARS);
        let title_tokens = tokens(highlighter, &article.title, parts);
        let title_highlights =
            snippet::find_matches(&title_tokens, parts).iter().map(|m| (m.start, m.end)).collect();
        let groups = match &groups {
            Some(groups) => {
                let stories = request.collapse == Collapse::Stories;
                collapse::hit_groups(&searcher, groups, (address, &article.id), stories)?
            }
            None => HitGroups::default(),
        };
        hits.push(Hit { rank, score, article, title_highlights, fragments, groups });
    }
    Ok(Outcome {
        hits,
        total_hits,
        fallback,
        with_every_term,
        warnings: built.warnings,
        facets,
        total_groups,
        collapse: request.collapse,
        elapsed_ms: start.elapsed().as_secs_f64() * 1000.0,
    })
}

fn with_filters(query: Box<dyn Query>, filters: &[Box<dyn Query>]) -> Box<dyn Query> {
    if filters.is_empty() {
        return query;
    }
    let mut clauses = vec![(Occur::Must, query)];
    clauses.extend(filters.iter().map(|f| (Occur::Must, f.box_clone())));
    Box::new(BooleanQuery::new(clauses))
}

/// Hits in rank order, with their score when ranked by score.
pub(crate) type Ranked = Vec<(Option<f32>, DocAddress)>;

/// What one pass of a query finds.
struct Found {
    /// The hits asked for.
    ranked: Ranked,
    /// How many articles match.
    total: usize,
    /// How many groups they fall in, when asked.
    groups: Option<usize>,
}

/// The `limit` hits from `offset`, best first or newest first, how many match in all and,
/// given `grouping`, how many groups they fall in: one pass over the matching articles, which
/// scores none of them when no hit is asked for.
fn top_docs(
    searcher: &Searcher,
    query: &dyn Query,
    limit: usize,
    offset: usize,
    by_date: bool,
    grouping: Option<(&Groups, Kind)>,
) -> Result<Found> {
    let top = (limit > 0).then(|| TopDocs::with_limit(limit).and_offset(offset));
    let count_groups = grouping.map(|(groups, kind)| GroupCount { groups, kind });
    let (ranked, total, groups) = if by_date {
        let newest = top.map(|top| top.order_by_fast_field::<DateTime>("date", Order::Desc));
        let (hits, total, groups) = searcher.search(query, &(newest, Count, count_groups))?;
        (hits.unwrap_or_default().into_iter().map(|(_, address)| (None, address)).collect(), total, groups)
    } else {
        let best = top.map(TopDocs::order_by_score);
        let (hits, total, groups) = searcher.search(query, &(best, Count, count_groups))?;
        (
            hits.unwrap_or_default().into_iter().map(|(score, address)| (Some(score), address)).collect(),
            total,
            groups,
        )
    };
    Ok(Found { ranked, total, groups })
}

/// Counts by site, language and year over every matching article, from fast fields.
fn facets(searcher: &Searcher, query: &dyn Query) -> Result<Facets> {
    let docs = searcher.search(query, &DocSetCollector)?;
    let mut by_segment: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for address in docs {
        by_segment.entry(address.segment_ord).or_default().push(address.doc_id);
    }
    let (mut site, mut lang, mut year) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for (ord, docs) in by_segment {
        let fast = searcher.segment_reader(ord).fast_fields();
        let (sites, langs, dates) = (fast.str("site")?, fast.str("lang")?, fast.date("date")?);
        for doc in docs {
            index::tally(sites.as_ref(), doc, &mut site)?;
            index::tally(langs.as_ref(), doc, &mut lang)?;
            let key = dates.first(doc).map_or("undated".to_string(), |d| d.into_utc().year().to_string());
            *year.entry(key).or_insert(0) += 1;
        }
    }
    Ok(Facets { site: index::most_first(site), lang: index::most_first(lang), year: index::most_first(year) })
}

/// The tokens of a text as the index analysed it, for highlighting: those that could
/// match one of `parts` (the others would only be copied to be passed over).
pub fn tokens(highlighter: &mut Highlighter, text: &str, parts: &[QueryPart]) -> Vec<Token> {
    let first_letters = snippet::first_letters(parts);
    let mut out = Vec::new();
    highlighter.each_token(text, first_letters.as_deref(), |token| {
        if snippet::may_match(parts, &token.text) {
            out.push(Token {
                start: token.offset_from,
                end: token.offset_to,
                position: token.position,
                text: token.text.clone(),
            });
        }
    });
    out
}
