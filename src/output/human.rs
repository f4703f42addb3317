//! Output for a person: hits with their fragments, and a summary line.

use std::io::Write;

use anyhow::Result;

use super::{paint, Palette};
use crate::search::{Hit, Outcome};

/// Separates the fields of a hit's heading line.
const DOT: &str = " · ";

pub fn write_search(out: &mut impl Write, outcome: &Outcome, palette: &Palette) -> Result<()> {
    for hit in &outcome.hits {
        write_hit(out, hit, palette)?;
    }
    let shown = outcome.hits.len();
    let noun = if outcome.total_hits == 1 { "article" } else { "articles" };
    writeln!(
        out,
        "{}{} of {} {noun}, {:.1} ms{}",
        palette.dim.render(),
        shown,
        outcome.total_hits,
        outcome.elapsed_ms,
        palette.dim.render_reset()
    )?;
    if let Some(facets) = &outcome.facets {
        for (name, counts) in [("sites", &facets.site), ("languages", &facets.lang), ("years", &facets.year)]
        {
            let list: Vec<String> = counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
            let list = if list.is_empty() { "none".to_string() } else { list.join(", ") };
            writeln!(out, "{name}: {list}")?;
        }
    }
    Ok(())
}

fn write_hit(out: &mut impl Write, hit: &Hit, palette: &Palette) -> Result<()> {
    let a = &hit.article;
    let title = paint(&a.title, &hit.title_highlights, palette.highlight);
    let mut meta: Vec<&str> = Vec::new();
    meta.extend(a.site.as_deref());
    meta.extend(a.date.as_deref());
    meta.push(&a.id);
    let score = hit.score.map(|s| format!("score {s:.2}"));
    meta.extend(score.as_deref());
    writeln!(
        out,
        "{:>2}. {}{}{}{}{}{}{}",
        hit.rank,
        palette.title.render(),
        title,
        palette.title.render_reset(),
        palette.dim.render(),
        DOT,
        meta.join(DOT),
        palette.dim.render_reset()
    )?;
    for fragment in &hit.fragments {
        let open = if fragment.starts_inside { "…" } else { "" };
        let close = if fragment.ends_inside { "…" } else { "" };
        let text = paint(&fragment.text, &fragment.highlights, palette.highlight);
        writeln!(out, "    {open}{}{close}", text.replace('\n', " "))?;
    }
    writeln!(out)?;
    Ok(())
}

/// Why a line of the original text is not in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Removed(String),
    Fragment(String),
}

/// A verdict over the 1-based lines `line..=line_end`.
#[derive(Debug, Clone)]
pub struct Mark {
    pub line: usize,
    pub line_end: usize,
    pub verdict: Verdict,
}

/// The original text, one numbered line each, with removed lines and fragments marked
/// and the reason for each: `clean --explain` and `show --raw`.
pub fn write_explain(out: &mut impl Write, raw: &str, marks: &[Mark], palette: &Palette) -> Result<()> {
    for (i, line) in raw.lines().enumerate() {
        let number = i + 1;
        let mark = marks.iter().find(|m| (m.line..=m.line_end).contains(&number));
        let (symbol, label, style) = match mark.map(|m| &m.verdict) {
            Some(Verdict::Removed(reason)) => ("-", reason.as_str(), palette.removed),
            Some(Verdict::Fragment(lang)) => ("~", lang.as_str(), palette.fragment),
            None => (" ", "", anstyle::Style::new()),
        };
        writeln!(out, "{number:>5} {symbol} {}{label:<15}{} {line}", style.render(), style.render_reset())?;
    }
    Ok(())
}

/// An article's metadata as aligned `name: value` lines, leaving out what it lacks.
pub fn write_fields(out: &mut impl Write, fields: &[(&str, Option<&str>)], palette: &Palette) -> Result<()> {
    for (name, value) in fields {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            writeln!(
                out,
                "{}{:<9}{} {value}",
                palette.dim.render(),
                format!("{name}:"),
                palette.dim.render_reset()
            )?;
        }
    }
    Ok(())
}
