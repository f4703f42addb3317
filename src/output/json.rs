//! JSON Lines, one object per line with a "type" tag: the schema the README documents.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::clean::{Fragment, Removed};
use crate::index::StoredArticle;
use crate::search::{Collapse, Facets, Hit, Outcome};

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record<'a> {
    Hit(HitRecord<'a>),
    Summary(SummaryRecord<'a>),
}

#[derive(Serialize)]
pub struct HitRecord<'a> {
    pub rank: usize,
    /// Null when sorted by date.
    pub score: Option<f32>,
    pub id: &'a str,
    pub title: &'a str,
    pub title_highlights: &'a [(usize, usize)],
    pub lang: &'a str,
    pub site: Option<&'a str>,
    pub author: Option<&'a str>,
    pub date: Option<&'a str>,
    pub url: Option<&'a str>,
    pub fragments: Vec<FragmentRecord<'a>>,
    /// The id its copy group is named after (its own when it has no copy).
    pub copy_group: &'a str,
    /// The ids of its copies.
    pub copies: Vec<&'a str>,
    /// The id its story is named after (its own when it stands alone).
    pub story: &'a str,
}

#[derive(Serialize)]
pub struct FragmentRecord<'a> {
    pub text: &'a str,
    /// Byte ranges of the highlights within `text`.
    pub highlights: &'a [(usize, usize)],
    /// Byte range of `text` within the stored body.
    pub range: (usize, usize),
}

#[derive(Serialize)]
pub struct SummaryRecord<'a> {
    pub query: &'a str,
    /// Matching articles.
    pub total_hits: usize,
    /// What a hit stands for: "copy_group" (the default), "story", or "article".
    pub collapse: &'a str,
    /// How many copy groups or stories the matching articles fall in (`total_hits` when
    /// hits are articles).
    pub total_groups: usize,
    pub returned: usize,
    pub fallback: bool,
    pub elapsed_ms: f64,
    pub warnings: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<&'a Facets>,
}

pub fn hit_record(hit: &Hit) -> HitRecord<'_> {
    let a = &hit.article;
    HitRecord {
        rank: hit.rank,
        score: hit.score,
        id: &a.id,
        title: &a.title,
        title_highlights: &hit.title_highlights,
        lang: &a.lang,
        site: a.site.as_deref(),
        author: a.author.as_deref(),
        date: a.date.as_deref(),
        url: a.url.as_deref(),
        fragments: hit
            .fragments
            .iter()
            .map(|f| FragmentRecord { text: &f.text, highlights: &f.highlights, range: f.range })
            .collect(),
        copy_group: &hit.groups.copy_group,
        copies: hit.groups.copies.iter().map(|b| b.id.as_str()).collect(),
        story: &hit.groups.story,
    }
}

pub fn write_search(out: &mut impl Write, query: &str, outcome: &Outcome) -> Result<()> {
    for hit in &outcome.hits {
        serde_json::to_writer(&mut *out, &Record::Hit(hit_record(hit)))?;
        out.write_all(b"\n")?;
    }
    let summary = SummaryRecord {
        query,
        total_hits: outcome.total_hits,
        collapse: match outcome.collapse {
            Collapse::Copies => "copy_group",
            Collapse::Stories => "story",
            Collapse::Off => "article",
        },
        total_groups: outcome.total_groups.unwrap_or(outcome.total_hits),
        returned: outcome.hits.len(),
        fallback: outcome.fallback,
        elapsed_ms: (outcome.elapsed_ms * 1000.0).round() / 1000.0,
        warnings: &outcome.warnings,
        facets: outcome.facets.as_ref(),
    };
    serde_json::to_writer(&mut *out, &Record::Summary(summary))?;
    out.write_all(b"\n")?;
    Ok(())
}

/// One stored article as `show --json` prints it: its fields and cleaned text, and what the
/// cleaner set aside, as `clean --json` gives it (removed lines with their reasons, stray-
/// language fragments with their languages).
#[derive(Serialize)]
pub struct ArticleRecord<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub lang: &'a str,
    pub site: Option<&'a str>,
    pub author: Option<&'a str>,
    pub date: Option<&'a str>,
    pub url: Option<&'a str>,
    pub sources: &'a [String],
    pub body: &'a str,
    pub removed: &'a [Removed],
    pub fragments: &'a [Fragment],
}

impl<'a> ArticleRecord<'a> {
    pub fn of(a: &'a StoredArticle) -> ArticleRecord<'a> {
        ArticleRecord {
            id: &a.id,
            title: &a.title,
            subtitle: a.details.subtitle.as_deref(),
            lang: &a.lang,
            site: a.site.as_deref(),
            author: a.author.as_deref(),
            date: a.date.as_deref(),
            url: a.url.as_deref(),
            sources: &a.details.sources,
            body: &a.body,
            removed: &a.details.removed,
            fragments: &a.details.fragments,
        }
    }
}

/// An article as `show --json` prints it: its record, and its copy group, copies and story.
pub fn article_value(
    searcher: &tantivy::Searcher,
    groups: &crate::groups::Groups,
    address: tantivy::DocAddress,
    article: &StoredArticle,
) -> Result<serde_json::Value> {
    use crate::groups::{GroupView, Kind};
    let copies = GroupView::of_group(searcher, groups, Kind::Copies, address)?;
    let story = GroupView::of_group(searcher, groups, Kind::Stories, address)?;
    let mut record = serde_json::to_value(ArticleRecord::of(article))?;
    record["copy_group"] = copies.name().into();
    record["copies"] = copies.others(&article.id).into();
    record["story"] = story.name().into();
    record["story_size"] = story.members.len().into();
    Ok(record)
}

/// Any serialisable value as one line.
pub fn write_line(out: &mut impl Write, value: &impl Serialize) -> Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}
