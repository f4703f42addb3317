//! A web page's lines through the cleaner: the article's lines are cleaned as a text
//! article is, the lines the DOM stage cut keep its reasons, and the page's own metadata
//! is preferred to what the cleaner reads from the text.

use super::PageVerdicts;
use crate::clean::{self, Cleaned, Removed, Templates};

/// Cleans a page whose lines are `raw` (one block a line) and whose DOM verdicts are
/// `page`'s. Line numbers in the result are `raw`'s.
pub fn clean(raw: &str, page: &PageVerdicts, templates: &Templates) -> Cleaned {
    let lines: Vec<&str> = raw.split('\n').collect();
    // The 0-based line of `raw` behind each line of the article.
    let article_at: Vec<usize> =
        (0..lines.len()).filter(|&i| page.verdicts.get(i).is_none_or(Option::is_none)).collect();
    let article = article_at.iter().map(|&i| lines[i]).collect::<Vec<_>>().join("\n");
    let markup: Vec<clean::Markup> =
        article_at.iter().map(|&i| page.markup.get(i).copied().unwrap_or_default()).collect();
    // The page's own title heads its lines when the markup gave one.
    let mut cleaned = clean::clean_page(&article, templates, page.meta.title.is_some(), &markup);
    let in_raw = |line: usize| line.checked_sub(1).and_then(|k| article_at.get(k)).map_or(line, |&i| i + 1);
    for removed in &mut cleaned.removed {
        removed.line = in_raw(removed.line);
        removed.line_end = removed.line_end.map(in_raw);
    }
    for fragment in &mut cleaned.fragments {
        fragment.line = in_raw(fragment.line);
        fragment.line_end = fragment.line_end.map(in_raw);
    }
    for (i, verdict) in page.verdicts.iter().enumerate() {
        if let (Some(reason), Some(text)) = (verdict, lines.get(i)) {
            cleaned.removed.push(Removed {
                line: i + 1,
                line_end: None,
                text: text.to_string(),
                reason: *reason,
            });
        }
    }
    cleaned.removed.sort_by_key(|r| r.line);
    let meta = &page.meta;
    if let Some(title) = &meta.title {
        cleaned.title = title.clone();
    }
    cleaned.author = meta.author.clone().or(cleaned.author);
    cleaned.date = meta.date.clone().or(cleaned.date);
    cleaned.site = meta.site.clone().or(cleaned.site);
    cleaned.url = meta.url.clone();
    cleaned
}
