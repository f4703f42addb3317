//! Output for a person: hits with their fragments, and a summary line.

use std::borrow::Cow;
use std::io::Write;

use anyhow::Result;

use super::{counted, escape_controls, escape_text, paint, paint_title, Palette};
use crate::index::StoredArticle;
use crate::search::snippet::Fragment;
use crate::search::{Collapse, Hit, Outcome};

/// Separates the fields of a hit's heading line.
const DOT: &str = " · ";

/// Fragments are indented by this much under their hit.
const INDENT: &str = "    ";

/// The terminal's width in columns, if stdout is one.
pub fn terminal_width() -> Option<usize> {
    console::Term::stdout().size_checked().map(|(_, cols)| cols as usize)
}

/// Splits `text` at spaces into lines of at most `width` columns (a longer word stands
/// alone), carrying the highlight ranges along, relative to each line.
pub fn wrap(text: &str, highlights: &[(usize, usize)], width: usize) -> Vec<(String, Vec<(usize, usize)>)> {
    use unicode_width::UnicodeWidthStr;
    let mut lines = Vec::new();
    let (mut start, mut end, mut cols) = (0, 0, 0);
    let mut push = |from: usize, to: usize| {
        let ranges = highlights
            .iter()
            .filter(|(s, e)| *s < to && *e > from)
            .map(|(s, e)| ((*s).max(from) - from, (*e).min(to) - from))
            .collect();
        lines.push((text[from..to].to_string(), ranges));
    };
    for (at, word) in space_words(text) {
        let w = word.width();
        if cols > 0 && cols + 1 + w > width {
            push(start, end);
            start = at;
            cols = 0;
        }
        cols += if cols > 0 { 1 + w } else { w };
        end = at + word.len();
    }
    if end > start {
        push(start, end);
    }
    lines
}

/// Words separated by white space, with their byte offsets.
fn space_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

pub fn write_search(
    out: &mut impl Write,
    outcome: &Outcome,
    palette: &Palette,
    width: Option<usize>,
) -> Result<()> {
    for hit in &outcome.hits {
        write_hit(out, hit, palette, width)?;
    }
    writeln!(out, "{}{}{}", palette.dim.render(), summary_line(outcome), palette.dim.render_reset())?;
    if let Some(facets) = &outcome.facets {
        for (name, counts) in [("sites", &facets.site), ("languages", &facets.lang), ("years", &facets.year)]
        {
            writeln!(out, "{name}: {}", counts_line(counts))?;
        }
    }
    Ok(())
}

/// "2 of 2 articles, 1.0 ms", or with collapsed hits "3 of 12 stories (57 articles), 1.0 ms".
fn summary_line(outcome: &Outcome) -> String {
    let shown = outcome.hits.len();
    let articles = counted(outcome.total_hits, "article", "articles");
    let ms = outcome.elapsed_ms;
    match (outcome.total_groups, outcome.collapse) {
        (Some(groups), Collapse::Stories) => {
            format!("{shown} of {} ({articles}), {ms:.1} ms", counted(groups, "story", "stories"))
        }
        (Some(groups), _) if groups < outcome.total_hits => {
            format!(
                "{shown} of {} ({articles}, copies shown once), {ms:.1} ms",
                counted(groups, "result", "results")
            )
        }
        _ => format!("{shown} of {articles}, {ms:.1} ms"),
    }
}

/// Counts as "eng 5, kor 1", or "none".
pub fn counts_line(counts: &[(String, usize)]) -> String {
    if counts.is_empty() {
        return "none".to_string();
    }
    counts.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ")
}

/// A hit's fragments as one paragraph: joined with "…", and with "…" where a fragment starts
/// or ends inside a sentence; the highlights moved along.
fn joined(fragments: &[Fragment]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut highlights = Vec::new();
    for (i, fragment) in fragments.iter().enumerate() {
        let gap = if i == 0 {
            ""
        } else if fragment.starts_inside || fragments[i - 1].ends_inside {
            " "
        } else {
            " … "
        };
        text.push_str(gap);
        if fragment.starts_inside {
            text.push('…');
        }
        let shift = text.len();
        text.push_str(&fragment.text.replace(['\n', '\r'], " "));
        highlights.extend(fragment.highlights.iter().map(|(s, e)| (s + shift, e + shift)));
        if fragment.ends_inside {
            text.push('…');
        }
    }
    (text, highlights)
}

/// A hit's first line, for `search` and `similar`: its rank, its title in bold, then its site,
/// date, id and score dimmed. `title` is the article's, already escaped (and painted).
pub fn write_heading(
    out: &mut impl Write,
    rank: usize,
    title: &str,
    article: &StoredArticle,
    score: Option<f32>,
    palette: &Palette,
) -> Result<()> {
    let mut meta: Vec<Cow<str>> = Vec::new();
    meta.extend(article.site.as_deref().map(escape_controls));
    meta.extend(article.date.as_deref().map(escape_controls));
    meta.push(escape_controls(&article.id));
    meta.extend(score.map(|s| Cow::Owned(format!("score {s:.2}"))));
    writeln!(
        out,
        "{:>2}. {}{}{}{}{}{}{}",
        rank,
        palette.title.render(),
        title,
        palette.title.render_reset(),
        palette.dim.render(),
        DOT,
        meta.join(DOT),
        palette.dim.render_reset()
    )?;
    Ok(())
}

fn write_hit(out: &mut impl Write, hit: &Hit, palette: &Palette, width: Option<usize>) -> Result<()> {
    let title = paint_title(&hit.article.title, &hit.title_highlights, palette.highlight);
    write_heading(out, hit.rank, &title, &hit.article, hit.score, palette)?;
    let (text, highlights) = joined(&hit.fragments);
    if !text.is_empty() {
        match width {
            Some(width) if width > 20 => {
                for (line, ranges) in wrap(&text, &highlights, width - INDENT.len()) {
                    writeln!(out, "{INDENT}{}", paint(&line, &ranges, palette.highlight))?;
                }
            }
            _ => writeln!(out, "{INDENT}{}", paint(&text, &highlights, palette.highlight))?,
        }
    }
    let lines = [
        (("copy", "copies"), &hit.groups.copies),
        (("more in this story", "more in this story"), &hit.groups.story_articles),
    ];
    for (what, others) in lines {
        if !others.is_empty() {
            writeln!(
                out,
                "{INDENT}{}{}{}",
                palette.dim.render(),
                others_line(what, others),
                palette.dim.render_reset()
            )?;
        }
    }
    writeln!(out)?;
    Ok(())
}

/// "+4 copies: site A, site B, …": how many, and where from (their ids when no site is known);
/// `what` is said of one and of several.
fn others_line((one, several): (&str, &str), others: &[crate::index::Brief]) -> String {
    const NAMED: usize = 4;
    let mut names: Vec<String> = Vec::new();
    for brief in others {
        let name = escape_controls(brief.site.as_deref().unwrap_or(&brief.id)).into_owned();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let more = names.len().saturating_sub(NAMED);
    names.truncate(NAMED);
    if more > 0 {
        names.push(format!("{more} more"));
    }
    let what = if others.len() == 1 { one } else { several };
    format!("+{} {what}: {}", others.len(), names.join(", "))
}

/// Why a line of the original text is not in the body.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_words_whole_and_moves_highlights() {
        let text = "alpha beta gamma delta";
        let lines = wrap(text, &[(6, 10), (17, 22)], 11);
        let texts: Vec<&str> = lines.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(texts, ["alpha beta", "gamma delta"]);
        assert_eq!(lines[0].1, [(6, 10)]);
        assert_eq!(lines[1].1, [(6, 11)]);
    }

    fn fragment(text: &str, highlights: &[(usize, usize)], inside: (bool, bool)) -> Fragment {
        Fragment {
            text: text.to_string(),
            highlights: highlights.to_vec(),
            range: (0, text.len()),
            starts_inside: inside.0,
            ends_inside: inside.1,
        }
    }

    #[test]
    fn fragments_join_with_ellipses() {
        let (text, marks) = joined(&[
            fragment("One sentence.", &[(4, 12)], (false, false)),
            fragment("two", &[(0, 3)], (true, true)),
        ]);
        assert_eq!(text, "One sentence. …two…");
        assert_eq!(&text[marks[0].0..marks[0].1], "sentence");
        assert_eq!(&text[marks[1].0..marks[1].1], "two");
        let (text, _) =
            joined(&[fragment("First.", &[], (false, false)), fragment("Second.", &[], (false, false))]);
        assert_eq!(text, "First. … Second.");
    }

    #[test]
    fn heading_gives_rank_title_then_what_is_known() {
        let mut article = StoredArticle::with_id("seeds/a\x1b.txt".to_string());
        article.site = Some("The AI Post".to_string());
        article.date = Some("2026-04-06".to_string());
        let plain = Palette::new(false);
        let mut out = Vec::new();
        write_heading(&mut out, 3, "A title", &article, Some(1.375), &plain).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            " 3. A title · The AI Post · 2026-04-06 · seeds/a\\x1b.txt · score 1.38\n"
        );
        let bare = StoredArticle::with_id("x.txt".to_string());
        let mut out = Vec::new();
        write_heading(&mut out, 12, "T", &bare, None, &Palette::new(true)).unwrap();
        let line = String::from_utf8(out).unwrap();
        assert!(line.starts_with("12. \u{1b}[1mT\u{1b}[0m"), "{line:?}");
        assert!(line.contains(" · x.txt\u{1b}[0m\n"), "{line:?}");
        assert!(!line.contains("score"), "{line:?}");
    }

    #[test]
    fn wrap_counts_columns_not_bytes() {
        let lines = wrap("삼성 전자 반도체", &[], 10);
        assert_eq!(lines.len(), 2, "{lines:?}");
    }
}

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

/// The cleaner's verdicts, removed blocks and fragments, as marks over the original lines.
pub fn marks(removed: &[crate::clean::Removed], fragments: &[crate::clean::Fragment]) -> Vec<Mark> {
    let removed = removed.iter().map(|r| Mark {
        line: r.line,
        line_end: r.line_end.unwrap_or(r.line),
        verdict: Verdict::Removed(r.reason.as_str().to_string()),
    });
    let fragments = fragments.iter().map(|f| Mark {
        line: f.line,
        line_end: f.line_end.unwrap_or(f.line),
        verdict: Verdict::Fragment(f.lang.clone()),
    });
    removed.chain(fragments).collect()
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
        let line = escape_text(line);
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
                "{}{:<9}{} {}",
                palette.dim.render(),
                format!("{name}:"),
                palette.dim.render_reset(),
                escape_controls(value)
            )?;
        }
    }
    Ok(())
}
