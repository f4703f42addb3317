//! Web pages in: the main article of an HTML page as lines of text, each line a block of
//! the page with the verdict of the DOM stage, and the page's metadata. Pure functions,
//! no I/O; the cleaner (`crate::clean`) judges the article's lines afterwards.
//!
//! The article is found by `dom_smoothie` (Mozilla Readability's scoring of text and link
//! density, class names and elements), with a second opinion from the element the markup
//! names the article's container (`bodies`); every block of the page left out gets the
//! reason its markup gives (a menu, a comment section, a sharing bar), or `not-article`.

mod blocks;
mod bodies;
pub mod charset;
pub mod depth;
mod markers;

use std::fmt;

use bodies::Body;
use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};

use crate::clean::{Markup, Reason};

/// A page read: its lines (the title, then every block of text in reading order) and
/// what the DOM stage said of each.
#[derive(Debug, Clone)]
pub struct Page {
    pub lines: Vec<String>,
    /// One per line: `None` for the article's lines, the reason for the others.
    pub verdicts: Vec<Option<Reason>>,
    /// One per line: what the markup says of it, for the cleaner.
    pub markup: Vec<Markup>,
    pub meta: PageMeta,
}

/// The page's own metadata, from its tags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub author: Option<String>,
    /// ISO 8601 "YYYY-MM-DD".
    pub date: Option<String>,
    pub site: Option<String>,
    /// The page's own address: `<link rel=canonical>`, `og:url`, or JSON-LD's `url`.
    pub url: Option<String>,
    /// The language the page declares: a hint, never the stored language.
    pub lang: Option<String>,
}

/// Why a page holds no article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoArticle {
    /// No block of text stands out as an article: a front page, a form, scripts only.
    NotFound,
    /// What stands out is mostly links: a list of links or headlines.
    Links,
}

impl fmt::Display for NoArticle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NoArticle::NotFound => "no main article in the page",
            NoArticle::Links => "the page's main text is a list of links, not an article",
        })
    }
}

/// Share of the article's characters inside links above which it is a list of links.
const MAX_LINK_SHARE: f64 = 0.5;

/// Blocks shorter than this are kept only where the extractor's text goes on from the
/// last kept one: a short "Home" or "Share" may well appear somewhere in an article.
const SHORT_BLOCK_CHARS: usize = 25;

/// Reads a page's article and metadata.
pub fn read(html: &str) -> Result<Page, NoArticle> {
    let html = depth::bound(html, depth::MAX_DEPTH);
    let doc = Document::from(html.as_ref());
    let walked = blocks::walk(&doc);
    let config = Config { text_mode: TextMode::Formatted, ..Config::default() };
    let article = Readability::with_document(doc, None, Some(config))
        .and_then(|mut r| r.parse())
        .map_err(|_| NoArticle::NotFound)?;
    let mut kept_text = String::with_capacity(article.text_content.len());
    blocks::push_collapsed(&mut kept_text, &article.text_content);
    let tags = &walked.tags;
    let kept = second_opinion(&walked, extracted(&walked.blocks, &kept_text));

    let meta = PageMeta {
        title: headline(
            &[&collapsed(&article.title), tags.title.as_deref().unwrap_or_default()],
            &article_h1s(&walked),
            article.site_name.as_deref(),
        ),
        author: article.byline.as_deref().map(collapsed).and_then(byline_name).or(tags.author.clone()),
        date: article
            .published_time
            .as_deref()
            .and_then(iso_date)
            .or_else(|| tags.time.as_deref().and_then(iso_date)),
        site: article.site_name.as_deref().map(collapsed).filter(|s| !s.is_empty()),
        url: page_url(tags, article.url.as_deref()),
        lang: tags.lang.clone().or(article.lang.clone()),
    };

    let mut lines = Vec::with_capacity(walked.blocks.len() + 1);
    let mut verdicts = Vec::with_capacity(walked.blocks.len() + 1);
    let mut markup = Vec::with_capacity(walked.blocks.len() + 1);
    if let Some(title) = &meta.title {
        lines.push(title.clone());
        verdicts.push(None);
        markup.push(Markup::default());
    }
    let (mut kept_chars, mut link_chars) = (0, 0);
    for (block, kept) in walked.blocks.into_iter().zip(kept) {
        let chars = block.text.chars().count();
        let verdict = if kept && is_link_line(block.link_chars, chars) {
            // A headline linking elsewhere ("Read also: ..."), inside the article's text.
            Some(block.marker.unwrap_or(Reason::Related))
        } else if kept && block.marker_in_text == Some(Reason::Metadata) {
            // A picture's caption, which extractors keep among the paragraphs around it.
            Some(Reason::Metadata)
        } else if kept {
            kept_chars += chars;
            link_chars += block.link_chars;
            None
        } else if meta.title.as_deref().is_some_and(|title| title.chars().eq(visible_chars(&block.text))) {
            Some(Reason::RepeatedTitle)
        } else {
            Some(markers::of_block(block.marker, &block.text))
        };
        let link_share = block.link_chars as f32 / chars.max(1) as f32;
        markup.push(Markup { list_item: block.list_item, link_share });
        lines.push(block.text);
        verdicts.push(verdict);
    }
    fill_gaps(&mut verdicts[usize::from(meta.title.is_some())..]);
    if kept_chars == 0 {
        return Err(NoArticle::NotFound);
    }
    if link_chars as f64 > MAX_LINK_SHARE * kept_chars as f64 {
        return Err(NoArticle::Links);
    }
    Ok(Page { lines, verdicts, markup, meta })
}

/// Which blocks the extractor kept: each found in its text, in order.
fn extracted(blocks: &[blocks::Block], kept_text: &str) -> Vec<bool> {
    let mut cursor = 0;
    blocks
        .iter()
        .map(|block| match kept_text.get(cursor..).and_then(|rest| rest.find(&block.text)) {
            Some(at)
                if block.text.chars().count() >= SHORT_BLOCK_CHARS
                    || rest_is_blank(&kept_text[cursor..cursor + at]) =>
            {
                cursor += at + block.text.len();
                true
            }
            _ => block.text.chars().count() >= 2 * SHORT_BLOCK_CHARS && kept_text.contains(&block.text),
        })
        .collect()
}

/// The least text a container the markup names must hold to stand for the article.
const MIN_BODY_CHARS: usize = 250;

/// The extractor's blocks, widened or replaced by the container the markup names. When the
/// extractor's text lies mostly inside that container, the container's other text blocks
/// join it (the extractor keeps one element and the siblings it scores well, and so drops
/// the rest of an article broken up by pictures and boxes). When the extractor's text lies
/// elsewhere, it took a box, a form or a notice for the article: a container named for the
/// article's text, or an article, is read instead unless the extractor found more than
/// twice as much. A page's main part may hold more than the article, so it only replaces
/// an extract of half its size or less, and never widens one.
fn second_opinion(walked: &blocks::Walked, mut kept: Vec<bool>) -> Vec<bool> {
    let Some((container, body, named)) = named_container(walked) else {
        return kept;
    };
    let (mut extracted, mut inside) = (0, 0);
    for (block, _) in walked.blocks.iter().zip(&kept).filter(|(b, k)| **k && !is_link_block(b)) {
        let chars = block.text.chars().count();
        extracted += chars;
        if walked.is_inside(block, container) {
            inside += chars;
        }
    }
    let widen = body != Body::Main && 2 * inside >= extracted;
    let replace = 2 * inside < extracted
        && if body == Body::Main { named >= 2 * extracted } else { 2 * named >= extracted };
    if widen || replace {
        for (block, kept) in walked.blocks.iter().zip(&mut kept) {
            let in_it = is_text_of(block, body) && walked.is_inside(block, container);
            *kept = in_it || (widen && *kept);
        }
    }
    kept
}

/// The container the markup names most surely that holds `MIN_BODY_CHARS` of text or more,
/// the one holding the most text among those named as surely; with its kind and its text's
/// characters.
fn named_container(walked: &blocks::Walked) -> Option<(usize, Body, usize)> {
    let mut held = vec![0usize; walked.containers.len()];
    for block in &walked.blocks {
        let mut at = block.container;
        while let Some(c) = at {
            if is_text_of(block, walked.containers[c].body) {
                held[c] += block.text.chars().count();
            }
            at = walked.containers[c].parent;
        }
    }
    let candidates = walked.containers.iter().enumerate().filter(|(c, _)| held[*c] >= MIN_BODY_CHARS);
    let (body, _, c) =
        candidates.map(|(c, container)| (container.body, std::cmp::Reverse(held[c]), c)).min()?;
    Some((c, body, held[c]))
}

/// Whether a block inside a container of kind `body` is text of it: no markup names it
/// otherwise and it is not a link. Inside a container named for the article's text only
/// the markup inside that container counts.
fn is_text_of(block: &blocks::Block, body: Body) -> bool {
    let marker = if body == Body::Text { block.marker_in_text } else { block.marker };
    marker.is_none() && !is_link_block(block)
}

fn is_link_block(block: &blocks::Block) -> bool {
    is_link_line(block.link_chars, block.text.chars().count())
}

/// Blocks between the article's first and last that the extractor left out and no markup
/// names (a recipe's list of ingredients, a table) are the article's: the
/// extractor's cleaning drops such blocks for their shape, not for being elsewhere.
fn fill_gaps(verdicts: &mut [Option<Reason>]) {
    let kept = |v: &Option<Reason>| v.is_none();
    let first = verdicts.iter().position(kept);
    let last = verdicts.iter().rposition(kept);
    if let (Some(first), Some(last)) = (first, last) {
        for verdict in &mut verdicts[first..last] {
            if *verdict == Some(Reason::NotArticle) {
                *verdict = None;
            }
        }
    }
}

/// A block that is all link: a teaser for another page, a button, a menu entry.
fn is_link_line(link_chars: usize, chars: usize) -> bool {
    link_chars * 10 >= chars * 9
}

fn rest_is_blank(between: &str) -> bool {
    between.trim().is_empty()
}

/// Separators between a page title's headline and its site's name.
const TITLE_SEPARATORS: [&str; 6] = [" | ", " - ", " – ", " — ", " :: ", " · "];

/// The texts of the page's `<h1>`s that may head its article: those mostly outside links.
/// A site's logo is an `<h1>` linking to its front page, and its name is in the page's title
/// too; a theme that links the headline to its own page loses it here, and the extractor's
/// title stands in.
fn article_h1s(walked: &blocks::Walked) -> Vec<&str> {
    // The h1's own block, when the walk gave it one (its text may sit in a skipped element).
    let links_away = |h: &blocks::Heading| {
        walked
            .blocks
            .get(h.block)
            .filter(|b| b.text == h.text)
            .is_some_and(|b| 2 * b.link_chars > b.text.chars().count())
    };
    walked.tags.h1s.iter().filter(|h| !links_away(h)).map(|h| h.text.as_str()).collect()
}

/// The headline from the page's titles (the extractor's, from `og:title`, JSON-LD or
/// `<title>`, and the `<title>` element's own), its `<h1>`s and its site name, without the
/// characters that show nothing: the `<h1>` that a title holds, else the extractor's
/// title without the site's name at either end.
fn headline(titles: &[&str], h1s: &[&str], site: Option<&str>) -> Option<String> {
    let titles: Vec<String> = titles.iter().map(|t| visible(t)).filter(|t| !t.is_empty()).collect();
    let h1s: Vec<String> = h1s.iter().map(|h| visible(h)).filter(|h| !h.is_empty()).collect();
    let is_site_name = |text: &str| site.is_some_and(|s| text.trim().eq_ignore_ascii_case(s.trim()));
    // Of the h1s a title holds, the longest: one may still be the site's name, which the
    // title holds too.
    let held = h1s
        .iter()
        .filter(|h| h.chars().count() >= 10 && !is_site_name(h) && !is_domain(h))
        .filter(|h| titles.iter().any(|t| t.contains(h.as_str())))
        .max_by_key(|h| h.chars().count());
    match held {
        // An h1 may be the whole title, the site's name and all.
        Some(h1) if titles.contains(h1) => Some(without_site(h1, is_site_name)),
        Some(h1) => Some(h1.clone()),
        None => match titles.first() {
            Some(title) => Some(without_site(title, is_site_name)),
            None => h1s.into_iter().next(),
        },
    }
}

/// Whether a part of a title is a web address ("example.com") rather than words.
fn is_domain(part: &str) -> bool {
    let part = part.trim();
    part.contains('.') && !part.contains(' ')
}

/// A page title without the site's name at either end.
fn without_site(title: &str, is_site_name: impl Fn(&str) -> bool) -> String {
    let is_site = |part: &str| is_site_name(part) || is_domain(part);
    for sep in TITLE_SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if is_site(tail) {
                return head.trim().to_string();
            }
        }
        if let Some((head, tail)) = title.split_once(sep) {
            if is_site(head) {
                return tail.trim().to_string();
            }
        }
    }
    // "Headline | Site" with a site name the page does not give: a short, named last part.
    if let Some((head, _)) = crate::clean::split_site_suffix(title) {
        return head.to_string();
    }
    title.to_string()
}

/// `text` without the characters that show nothing (soft hyphens, zero widths).
fn visible(text: &str) -> String {
    visible_chars(text).collect()
}

fn visible_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter(|&c| !crate::clean::is_invisible(c))
}

fn collapsed(text: &str) -> String {
    let mut out = String::new();
    blocks::push_collapsed(&mut out, text);
    out.trim().to_string()
}

/// A byline's name, without "By" in front.
fn byline_name(byline: String) -> Option<String> {
    let name = byline.strip_prefix("By ").or_else(|| byline.strip_prefix("by ")).unwrap_or(&byline).trim();
    (!name.is_empty() && name.chars().count() <= 100).then(|| name.to_string())
}

/// The date of an ISO 8601 date or timestamp ("2024-05-01T10:00:00+02:00"), checked.
fn iso_date(text: &str) -> Option<String> {
    let date = text.trim().get(..10)?;
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(date, &format).ok().map(|_| date.to_string())
}

/// The page's own address: its canonical link, `og:url`, or JSON-LD's `url`, the first that
/// is absolute; else its canonical path joined to the origin of its `<base>` or `og:url`.
fn page_url(tags: &blocks::Tags, json_ld: Option<&str>) -> Option<String> {
    let absolute = [tags.canonical.as_deref(), tags.og_url.as_deref(), json_ld];
    if let Some(url) = absolute.into_iter().flatten().find(|u| is_absolute_url(u)) {
        return Some(url.to_string());
    }
    let path = tags.canonical.as_deref().filter(|p| p.starts_with('/') && !p.starts_with("//"))?;
    let origin = [tags.base.as_deref(), tags.og_url.as_deref()].into_iter().flatten().find_map(origin_of)?;
    Some(format!("{origin}{path}"))
}

/// "https://example.com" of "https://example.com/news/a.html".
fn origin_of(url: &str) -> Option<&str> {
    if !is_absolute_url(url) {
        return None;
    }
    let host_at = url.find("://")? + 3;
    let end = url[host_at..].find('/').map_or(url.len(), |i| host_at + i);
    Some(&url[..end])
}

fn is_absolute_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")) && !url.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_lose_the_site_name() {
        let site = Some("The Daily Circuit");
        assert_eq!(
            headline(&["Chips are back | The Daily Circuit"], &[], site).as_deref(),
            Some("Chips are back")
        );
        assert_eq!(
            headline(&["The Daily Circuit - Chips are back"], &[], site).as_deref(),
            Some("Chips are back")
        );
        assert_eq!(
            headline(&["Chips are back in town | Circuit News"], &[], None).as_deref(),
            Some("Chips are back in town")
        );
        assert_eq!(headline(&["Chips are back – example.com"], &[], None).as_deref(), Some("Chips are back"));
        // The h1 when the title holds it, whatever surrounds it.
        assert_eq!(
            headline(&["Wellness: 6 Thermen | 1000things"], &["Wellness: 6 Thermen"], None).as_deref(),
            Some("Wellness: 6 Thermen")
        );
        // A dash inside a headline is the headline's.
        assert_eq!(headline(&["Rates rise - again"], &[], site).as_deref(), Some("Rates rise - again"));
    }

    #[test]
    fn the_headline_is_the_h1_that_a_title_holds() {
        // The extractor read "EKHN ǀ ..." as the headline, from the part after the last
        // colon; the <title> element holds the article's h1.
        let title =
            "Pflegefinanzierung: Papier fordert Reform : EKHN ǀ Evangelische Kirche in Hessen und Nassau";
        assert_eq!(
            headline(
                &["EKHN ǀ Evangelische Kirche in Hessen und Nassau", title],
                &["Pflegefinanzierung: Papier fordert Reform"],
                None
            )
            .as_deref(),
            Some("Pflegefinanzierung: Papier fordert Reform")
        );
        // A first h1 for screen readers names the site; the article's h1 breaks its words
        // with soft hyphens, which the title does not have and the headline loses.
        let title =
            "BKA - Listenseite für Pressemitteilungen 2022 - Messengerdienste sind kein rechtsfreier Raum";
        assert_eq!(
            headline(
                &[title],
                &[
                    "Bundeskriminalamt (BKA)",
                    "Mes\u{ad}sen\u{ad}ger\u{ad}diens\u{ad}te sind kein rechts\u{ad}frei\u{ad}er Raum"
                ],
                None
            )
            .as_deref(),
            Some("Messengerdienste sind kein rechtsfreier Raum")
        );
        // A logo's h1 with the site's name is no headline, though the title holds it.
        assert_eq!(
            headline(
                &["Chips are back | The Daily Circuit"],
                &["The Daily Circuit"],
                Some("The Daily Circuit")
            )
            .as_deref(),
            Some("Chips are back")
        );
        // An h1 that is the whole title is read as the title is.
        assert_eq!(
            headline(
                &["Chips are back | The Daily Circuit"],
                &["Chips are back | The Daily Circuit"],
                Some("The Daily Circuit")
            )
            .as_deref(),
            Some("Chips are back")
        );
        // Without a title, the first h1.
        assert_eq!(headline(&["", ""], &["Chips", "More"], None).as_deref(), Some("Chips"));
    }

    #[test]
    fn the_page_url_is_absolute() {
        let tags = |canonical: &str, base: &str| blocks::Tags {
            canonical: Some(canonical.to_string()),
            base: Some(base.to_string()).filter(|b| !b.is_empty()),
            ..blocks::Tags::default()
        };
        assert_eq!(page_url(&tags("https://a.example/x", ""), None).as_deref(), Some("https://a.example/x"));
        assert_eq!(
            page_url(&tags("/news/x.html", "https://a.example/"), None).as_deref(),
            Some("https://a.example/news/x.html")
        );
        assert_eq!(
            page_url(&tags("/news/x.html", ""), Some("https://b.example/y")).as_deref(),
            Some("https://b.example/y")
        );
        assert_eq!(page_url(&tags("/news/x.html", ""), None), None);
    }

    #[test]
    fn gaps_inside_the_article_are_filled_and_marked_blocks_stay_cut() {
        let not = Some(Reason::NotArticle);
        let mut verdicts = [not, None, not, Some(Reason::Share), not, None, not];
        fill_gaps(&mut verdicts);
        assert_eq!(verdicts, [not, None, None, Some(Reason::Share), None, None, not]);
    }

    /// A page of blocks of `chars` characters each, in the given containers (`None`: outside
    /// any), with the containers' kinds; no markers, no links.
    fn page(blocks: &[(usize, Option<usize>)], containers: &[Body]) -> blocks::Walked {
        let block = |&(chars, container): &(usize, Option<usize>)| blocks::Block {
            text: "x".repeat(chars),
            marker: None,
            marker_in_text: None,
            link_chars: 0,
            list_item: false,
            container,
        };
        blocks::Walked {
            blocks: blocks.iter().map(block).collect(),
            containers: containers.iter().map(|&body| blocks::Container { body, parent: None }).collect(),
            tags: blocks::Tags::default(),
        }
    }

    #[test]
    fn the_named_container_widens_an_extract_inside_it() {
        let walked = page(&[(100, None), (150, Some(0)), (150, Some(0)), (150, Some(0))], &[Body::Text]);
        let kept = second_opinion(&walked, vec![false, true, false, false]);
        assert_eq!(kept, [false, true, true, true]);
        // A page's main part may hold more than the article: it never widens.
        let walked = page(&[(100, None), (150, Some(0)), (150, Some(0)), (150, Some(0))], &[Body::Main]);
        assert_eq!(second_opinion(&walked, vec![false, true, false, false]), [false, true, false, false]);
    }

    #[test]
    fn the_named_container_replaces_a_box_taken_for_the_article() {
        // A notice of 400 characters taken for an article of 300 that the markup names.
        let walked = page(&[(400, None), (150, Some(0)), (150, Some(0))], &[Body::Text]);
        assert_eq!(second_opinion(&walked, vec![true, false, false]), [false, true, true]);
        // Against an extract more than twice its size, the container is the box.
        let walked = page(&[(700, None), (150, Some(0)), (150, Some(0))], &[Body::Text]);
        assert_eq!(second_opinion(&walked, vec![true, false, false]), [true, false, false]);
        // Too little text names no container at all.
        let walked = page(&[(400, None), (100, Some(0)), (100, Some(0))], &[Body::Text]);
        assert_eq!(second_opinion(&walked, vec![true, false, false]), [true, false, false]);
    }

    #[test]
    fn dates_are_checked() {
        assert_eq!(iso_date("2024-05-01T10:00:00+02:00").as_deref(), Some("2024-05-01"));
        assert_eq!(iso_date("2024-13-01"), None);
        assert_eq!(iso_date("May 1"), None);
    }
}
