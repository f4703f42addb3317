//! Cleaning: boilerplate removal, metadata, document language and stray-language
//! fragments. Pure functions, no I/O.
//!
//! The pipeline for one article:
//! 1. `layout`: physical lines become blocks (hard-wrapped paragraphs are joined);
//! 2. `lang`: the document's script and language, then foreign blocks and sentences;
//! 3. `features` + `rules` + `templates`: each block judged on its own;
//! 4. `metadata`: the title, and lines that repeat it;
//! 5. `classify`: short and doubtful blocks take their neighbours' verdict;
//!    `sections`: where the article ends on a whole page ("Most read", "Comments"),
//!    `teasers`: lists of other articles by their layout;
//! 6. `metadata`: subtitle, author, date, site and sources from the judged blocks.

mod classify;
mod features;
mod function_words;
mod lang;
mod layout;
mod metadata;
mod months;
mod pattern;
mod prefilter;
mod rules;
mod sections;
mod stopwords;
mod teasers;
mod templates;

pub use layout::is_invisible;
pub use metadata::split_site_suffix;
pub use stopwords::is_stop_word;
pub use templates::{Observation, Templates, TEMPLATE_MIN_ARTICLES};

use classify::Class;
use lang::{Budget, DocLang, Foreign, ScriptCounts};
use rules::Weight;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use stopwords::Hits;

/// Bumped whenever a verdict on the same input can change.
pub const CLEANER_VERSION: u32 = 19;

/// Trigram-detector calls allowed per article for Latin-script lines and sentences.
const WHATLANG_BUDGET: u32 = 100;

/// What indexing stores for one article.
#[derive(Debug, Clone, Serialize)]
pub struct Cleaned {
    pub title: String,
    pub subtitle: Option<String>,
    pub author: Option<String>,
    /// ISO 8601 "YYYY-MM-DD"; never guessed.
    pub date: Option<String>,
    pub site: Option<String>,
    /// The page's own address, for a web page that gives it.
    pub url: Option<String>,
    /// URLs listed under a "Sources" heading.
    pub sources: Vec<String>,
    /// ISO 639-3 as whatlang names it: "eng", "kor", "deu", "cmn"...
    pub lang: String,
    /// Kept text: one kept block (a line, or a joined hard-wrapped paragraph) per line.
    pub body: String,
    pub removed: Vec<Removed>,
    pub fragments: Vec<Fragment>,
}

/// A block left out of the body as boilerplate.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Removed {
    /// 1-based physical line of the input.
    pub line: usize,
    /// Last physical line, when lines were joined into one block.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_end: Option<usize>,
    pub text: String,
    pub reason: Reason,
}

/// A block or sentence in another language than the document's.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fragment {
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_end: Option<usize>,
    /// ISO 639-3 as whatlang names it.
    pub lang: String,
    pub text: String,
}

/// Why a block was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    RepeatedTitle,
    Byline,
    Dateline,
    Affiliate,
    Newsletter,
    Tagline,
    Navigation,
    Share,
    Related,
    Copyright,
    Template,
    SignOff,
    Cookie,
    Tags,
    Comments,
    Bio,
    Metadata,
    Other,
    NotArticle,
}

impl Reason {
    pub const ALL: [Reason; 19] = [
        Reason::RepeatedTitle,
        Reason::Byline,
        Reason::Dateline,
        Reason::Affiliate,
        Reason::Newsletter,
        Reason::Tagline,
        Reason::Navigation,
        Reason::Share,
        Reason::Related,
        Reason::Copyright,
        Reason::Template,
        Reason::SignOff,
        Reason::Cookie,
        Reason::Tags,
        Reason::Comments,
        Reason::Bio,
        Reason::Metadata,
        Reason::Other,
        Reason::NotArticle,
    ];

    /// The code used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::RepeatedTitle => "repeated-title",
            Reason::Byline => "byline",
            Reason::Dateline => "dateline",
            Reason::Affiliate => "affiliate",
            Reason::Newsletter => "newsletter",
            Reason::Tagline => "tagline",
            Reason::Navigation => "navigation",
            Reason::Share => "share",
            Reason::Related => "related",
            Reason::Copyright => "copyright",
            Reason::Template => "template",
            Reason::SignOff => "sign-off",
            Reason::Cookie => "cookie",
            Reason::Tags => "tags",
            Reason::Comments => "comments",
            Reason::Bio => "bio",
            Reason::Metadata => "metadata",
            Reason::Other => "other",
            Reason::NotArticle => "not-article",
        }
    }

    /// Removed as a web page's own furniture around its article, which a plain-text
    /// article does not have.
    pub(crate) fn is_page_furniture(self) -> bool {
        matches!(
            self,
            Reason::Navigation
                | Reason::Share
                | Reason::Cookie
                | Reason::Newsletter
                | Reason::Related
                | Reason::Comments
                | Reason::Tags
        )
    }

    /// One line for a person.
    pub fn describe(self) -> &'static str {
        match self {
            Reason::RepeatedTitle => "repeats the title",
            Reason::Byline => "names the author (\"By ...\")",
            Reason::Dateline => "publication date, time or reading time",
            Reason::Affiliate => "affiliate or sponsorship disclosure",
            Reason::Newsletter => "newsletter or subscription pitch",
            Reason::Tagline => "the site's slogan",
            Reason::Navigation => "site navigation or menu",
            Reason::Share => "share or follow buttons",
            Reason::Related => "links to related or recommended articles",
            Reason::Copyright => "copyright notice",
            Reason::Template => "recurs in at least five articles of the folder",
            Reason::SignOff => "news-agency sign-off or credits",
            Reason::Cookie => "cookie or consent notice",
            Reason::Tags => "tag or topic list",
            Reason::Comments => "comment counter or prompt",
            Reason::Bio => "author biography",
            Reason::Metadata => "image credit, caption label or reading time",
            Reason::Other => "boilerplate by its neighbours or shape",
            Reason::NotArticle => "outside the web page's main article",
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compiles the cleaner's patterns (a few dozen regular expressions, a tenth of a second)
/// by cleaning a made-up article that meets them: a caller with a core to spare calls it
/// on a thread of its own, so the first articles cleaned do not wait for them.
pub fn warm_up() {
    const ARTICLE: &str = "Council approves the budget\n\nBy Jane Doe · April 7, 2026 · 8 min read\n\n\
        LONDON, Feb 26 - The council met on Tuesday and approved the budget for the year.\n\n\
        Der Rat hat am Dienstag den Haushalt für das Jahr beschlossen, sagte die Sprecherin.\n\n\
        Subscribe to our newsletter. © 2026 The Daily News. All rights reserved.\n\n\
        Sources\n- https://example.com/2026/04/06/budget\n\n뉴스레터를 구독하세요\n";
    let _ = clean(ARTICLE, &Templates::default());
}

/// Cleans one article. `templates` holds what was learned over the whole folder;
/// pass `Templates::default()` for a single file.
pub fn clean(text: &str, templates: &Templates) -> Cleaned {
    clean_page(text, templates, false, &[])
}

/// What a web page's markup says of one line of its article, which plain text can only
/// guess at: whether it is an item of a list, and how much of it is inside links.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Markup {
    pub list_item: bool,
    pub link_share: f32,
}

/// Cleans the article of a web page, `markup` holding one entry per line of `text`. When
/// the markup named the page's title (`titled`), the first line is the title, and the
/// cleaner does not look for another (a page saved as text makes it guess).
pub fn clean_page(text: &str, templates: &Templates, titled: bool, markup: &[Markup]) -> Cleaned {
    let (layout, blocks) = layout::split(text);
    let counts: Vec<ScriptCounts> = blocks.iter().map(|b| ScriptCounts::of(&b.text)).collect();
    // Each block's features and stop-word hits, in one pass over its words; a block
    // without foreign sentences keeps them through every judgement.
    let (feats, hits): (Vec<features::Features>, Vec<Hits>) = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let (mut f, h) = features::with_hits(&b.text, templates::is_edge(i, blocks.len()));
            if let Some(m) = markup.get(b.line - 1) {
                f.list_item |= m.list_item;
                f.link_share = f.link_share.max(m.link_share);
            }
            (features::Features { columns: b.columns, ..f }, h)
        })
        .unzip();
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    let mut doc = lang::document(&texts, &counts, &hits);
    let links_known = !markup.is_empty();
    let judged = Judged { blocks: &blocks, counts: &counts, hits: &hits, feats: &feats, titled, links_known };
    let mut judgement = judge(&judged, &doc, templates, layout);
    // Confirm the language on the kept text; a different verdict there (a page whose
    // menus outweighed its article) means judging once more.
    if let Some(kept) = kept_language(&judged, &judgement, &doc) {
        doc = kept;
        judgement = judge(&judged, &doc, templates, layout);
    }
    // Fragments are a stray minority of an article. Where they are most of it, the
    // language was decided with the help of lines the judging then cut (an English cookie
    // notice and comments over a Norwegian article): it is decided again on the article's
    // own lines, those kept and those set aside as fragments.
    if let Some(article) = article_language(&judged, &judgement, &doc) {
        judgement = judge(&judged, &article, templates, layout);
    }
    judgement.cleaned
}

/// Another language than `doc`'s for a Latin document's kept text, when its stop words
/// settle it.
fn kept_language(judged: &Judged, judgement: &Judgement, doc: &DocLang) -> Option<DocLang> {
    if !doc.is_native(lang::Script::Latin) {
        return None;
    }
    let Judged { blocks, hits, .. } = judged;
    let body = &judgement.cleaned.body;
    // The stop words of its first 200 lines, 400 characters each: a line that is a
    // whole block, short enough, has had its words counted already.
    let mut kept = Hits::default();
    for (k, line) in body.lines().take(200).enumerate() {
        let sample = lang::prefix_chars(line, 400);
        let block =
            judgement.body_blocks.get(k).filter(|&&i| sample.len() == line.len() && blocks[i].text == line);
        match block {
            Some(&i) => kept.merge(&hits[i]),
            None => sample.split_whitespace().for_each(|w| kept.add(w)),
        }
    }
    let code = lang::other_kept_language(&kept, body, &doc.code)?;
    Some(DocLang::for_code(doc.native.clone(), code))
}

/// The fragments' main language, when fragments are most of the article's letters, that
/// language is written in the document's script, and the article's prose (its blocks that
/// are sentences, not lines of code, figures or names) is more in it than in the
/// document's. Another script stays with the letter count over the whole text, where an
/// English lesson's Japanese examples do not make it Japanese.
fn article_language(judged: &Judged, judgement: &Judgement, doc: &DocLang) -> Option<DocLang> {
    let counts = judged.counts;
    let letters = |i: usize| u64::from(counts[i].total());
    let prose = |i: usize| if lang::is_sentence(&judged.blocks[i].text) { letters(i) } else { 0 };
    let fragments: u64 = judgement.fragment_blocks.iter().map(|(i, _)| letters(*i)).sum();
    let kept: u64 = judgement.body_blocks.iter().map(|&i| letters(i)).sum();
    if fragments <= kept {
        return None;
    }
    // Per language of the fragments: letters, letters of prose, and scripts.
    let mut by_lang: Vec<(&str, u64, u64, ScriptCounts)> = Vec::new();
    for (i, code) in &judgement.fragment_blocks {
        let at = match by_lang.iter().position(|(c, ..)| c == code) {
            Some(at) => at,
            None => {
                by_lang.push((code, 0, 0, ScriptCounts::default()));
                by_lang.len() - 1
            }
        };
        let entry = &mut by_lang[at];
        entry.1 += letters(*i);
        entry.2 += prose(*i);
        entry.3.merge(&counts[*i]);
    }
    let (code, _, theirs, scripts) = by_lang.iter().max_by_key(|(_, n, ..)| *n)?;
    let ours: u64 = judgement.body_blocks.iter().map(|&i| prose(i)).sum();
    let native = scripts.dominant().is_some_and(|s| doc.is_native(s));
    (native && *theirs > ours).then(|| DocLang::for_code(doc.native.clone(), code))
}

/// One judging of every block, for one document language.
struct Judgement {
    cleaned: Cleaned,
    /// The block behind each line of the body.
    body_blocks: Vec<usize>,
    /// The blocks set aside whole as fragments, with the language of each.
    fragment_blocks: Vec<(usize, String)>,
}

/// A block's verdict after every stage.
struct Verdict<'a> {
    class: Class,
    /// The block's text without its foreign sentences: borrowed when it has none.
    text: Cow<'a, str>,
    /// Foreign sentences or the whole block, with their language.
    foreign: Vec<(String, String)>,
}

/// What is known of each block before it is judged, whatever the document's language.
struct Judged<'a> {
    blocks: &'a [layout::Block],
    counts: &'a [ScriptCounts],
    hits: &'a [Hits],
    /// The features of each block's whole text, with its layout's columns.
    feats: &'a [features::Features],
    /// The first block is the title, as a web page's markup said.
    titled: bool,
    /// A web page's markup told which text is inside links (`Markup::link_share`).
    links_known: bool,
}

fn judge(
    &Judged { blocks, counts, hits, feats: block_feats, titled, links_known }: &Judged,
    doc: &DocLang,
    templates: &Templates,
    layout: layout::Layout,
) -> Judgement {
    let n = blocks.len();
    let mut budget = Budget(WHATLANG_BUDGET);
    let mut verdicts: Vec<Verdict> = Vec::with_capacity(n);
    for (((b, c), h), f) in blocks.iter().zip(counts).zip(hits).zip(block_feats) {
        let v = match lang::foreign(&b.text, f.tokens, c, h, doc, &mut budget) {
            Foreign::No => Verdict { class: Class::Short, text: Cow::Borrowed(&b.text), foreign: Vec::new() },
            Foreign::Whole(code) => {
                Verdict { class: Class::Frag, text: Cow::Borrowed(""), foreign: vec![(b.text.clone(), code)] }
            }
            Foreign::Sentences(spans) => {
                let mut rest = String::new();
                let mut at = 0;
                let mut foreign = Vec::new();
                for (range, code) in spans {
                    push_piece(&mut rest, &b.text[at..range.start]);
                    foreign.push((b.text[range.clone()].to_string(), code));
                    at = range.end;
                }
                push_piece(&mut rest, &b.text[at..]);
                let class = if rest.is_empty() { Class::Frag } else { Class::Short };
                Verdict { class, text: Cow::Owned(rest), foreign }
            }
        };
        verdicts.push(v);
    }
    lang::kanji_with_kana(
        verdicts
            .iter_mut()
            .flat_map(|v| v.foreign.iter_mut().map(|(text, code)| (text.as_str(), code)))
            .collect(),
    );
    let mut feats: Vec<features::Features> = verdicts
        .iter()
        .zip(blocks)
        .zip(block_feats)
        .map(|((v, b), f)| match &v.text {
            // A block without foreign sentences keeps its text, and the features of it.
            Cow::Borrowed(t) if !t.is_empty() => f.clone(),
            t => features::Features { columns: b.columns, ..features::of(t) },
        })
        .collect();
    let frag: Vec<bool> = verdicts.iter().map(|v| v.class == Class::Frag).collect();
    let texts: Vec<&str> = verdicts.iter().map(|v| v.text.as_ref()).collect();
    classify::mark_data(&mut feats, &texts);
    // What the joined rule groups said of each text, asked again by later questions.
    let groups = vec![std::cell::Cell::default(); n];
    let pos = classify::positions(&texts, &feats, doc.stop, &frag, &groups);
    // A wire story's first line is its headline, whatever it holds; a market report's
    // is the exchange and the time of its prices ("CBT 10:40 EDT"), whatever the layout.
    let wire_headline = blocks.first().is_some_and(|b| {
        b.line == 1
            && ((layout == layout::Layout::HardWrapped && !b.text.chars().any(char::is_lowercase))
                || rules::is_time_stamp_headline(&b.text))
    });
    let mut classes: Vec<Class> = (0..n)
        .map(|i| match verdicts[i].class {
            Class::Frag => Class::Frag,
            _ if i == 0 && wire_headline => Class::Kept,
            _ => classify::initial(texts[i], &feats[i], doc.stop, (i, n, pos[i]), templates, &groups[i]),
        })
        .collect();
    classify::mark_contents(&mut classes, &feats, &texts);
    classify::mark_menus(&mut classes, &feats, &texts, &pos, layout == layout::Layout::HardWrapped);
    classify::settle_weak(&mut classes);

    // A paragraph at the end that starts with the byline's name is the author's bio.
    let author = (0..n)
        .filter(|&i| pos[i].head && matches!(classes[i], Class::Bad(Reason::Byline | Reason::Affiliate, _)))
        .find_map(|i| metadata::author(texts[i]))
        .filter(|a| a.split_whitespace().count() >= 2);
    if let Some(author) = &author {
        for i in (0..n).filter(|&i| pos[i].tail) {
            if matches!(classes[i], Class::Short | Class::Near | Class::Content)
                && texts[i].starts_with(author.as_str())
                && feats[i].words <= 80
            {
                classes[i] = Class::Bad(Reason::Bio, Weight::Strong);
            }
        }
    }

    // The title, lines that repeat it, and the subtitle that follows it.
    let usable: Vec<bool> = classes.iter().map(|c| !matches!(c, Class::Bad(..) | Class::Frag)).collect();
    let content: Vec<bool> = classes.iter().map(|c| matches!(c, Class::Content | Class::Near)).collect();
    // Asked before the title is: a web page's headline is found by its words, and the page's
    // header above it goes when one stands above the text. A page read from its markup has
    // its headline first already, and nothing above it.
    let find_title = !(titled && n > 0);
    let page_header = find_title && classify::has_page_header(&classes);
    let topic = (find_title && classify::is_web_page(&classes))
        .then(|| metadata::ArticleWords::of(&classes, &texts, &feats, &doc.code))
        .flatten();
    let title_at = if !find_title {
        Some(0)
    } else {
        let first_pick = metadata::title_block(&texts, &feats, &usable, &content);
        let by_words = topic.as_ref().and_then(|topic| topic.headline(&classes, &texts, &feats));
        by_words.or_else(|| metadata::headline_above_text(&classes, &texts, &feats, first_pick))
    };
    if let Some(t) = title_at {
        classes[t] = Class::Kept;
        let title = metadata::Title::of(texts[t]);
        for i in 0..n {
            if i != t && classes[i] != Class::Frag && title.repeated_by(texts[i]) {
                classes[i] = Class::Bad(Reason::RepeatedTitle, Weight::Strong);
            }
        }
    }
    let subtitle_at = title_at
        .and_then(|t| (t + 1..n).find(|&i| classes[i] != Class::Frag))
        .filter(|&s| matches!(classes[s], Class::Short | Class::Near | Class::Content))
        .filter(|&s| metadata::subtitle(texts[s], &feats[s]).is_some());
    if let Some(s) = subtitle_at {
        classes[s] = Class::Kept;
    }
    // Before smoothing, so that the lines of a section take its heading's reason.
    sections::end_at_sections(&mut classes, &texts, &feats, title_at, links_known);
    classify::smooth(&mut classes, &texts, &feats, doc.stop);
    if page_header {
        let names_the_topic = |i: usize| topic.as_ref().is_some_and(|topic| topic.names_the_topic(texts[i]));
        sections::start_at_title(&mut classes, &feats, title_at, names_the_topic);
    }
    sections::end_at_main_span(&mut classes, &feats, title_at);

    let mut cleaned = Cleaned {
        title: String::new(),
        subtitle: None,
        author: None,
        date: None,
        site: None,
        url: None,
        sources: Vec::new(),
        lang: doc.code.clone(),
        body: String::new(),
        removed: Vec::new(),
        fragments: Vec::new(),
    };
    // The block behind each line of the body.
    let mut body_blocks = Vec::new();
    // At most every block's text: grown by doubling, a long article's body would be copied
    // several times and held twice while it is.
    cleaned.body.reserve(verdicts.iter().map(|v| v.text.len() + 1).sum());
    for (i, (b, v)) in blocks.iter().zip(&verdicts).enumerate() {
        let line_end = (b.line_end != b.line).then_some(b.line_end);
        for (text, code) in &v.foreign {
            cleaned.fragments.push(Fragment {
                line: b.line,
                line_end,
                lang: code.clone(),
                text: text.clone(),
            });
        }
        match classes[i] {
            Class::Frag => {}
            Class::Bad(reason, _) => {
                cleaned.removed.push(Removed { line: b.line, line_end, text: v.text.to_string(), reason })
            }
            // The headline is the title, stored apart: in the body it would only repeat it.
            _ if Some(i) == title_at => {}
            _ => {
                if !cleaned.body.is_empty() {
                    cleaned.body.push('\n');
                }
                cleaned.body.push_str(&v.text);
                body_blocks.push(i);
            }
        }
    }
    // A flash headline with nothing under it is all the article there is.
    if let (true, Some(t)) = (cleaned.body.is_empty(), title_at) {
        cleaned.body = verdicts[t].text.to_string();
        body_blocks = vec![t];
    }
    fill_metadata(&mut cleaned, blocks, &texts, &feats, &classes, &pos, (title_at, subtitle_at));
    let fragment_blocks = (0..n)
        .filter(|&i| classes[i] == Class::Frag)
        .filter_map(|i| Some((i, verdicts[i].foreign.first()?.1.clone())))
        .collect();
    Judgement { cleaned, body_blocks, fragment_blocks }
}

fn push_piece(out: &mut String, piece: &str) {
    let piece = piece.trim();
    if piece.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(piece);
}

fn fill_metadata(
    cleaned: &mut Cleaned,
    blocks: &[layout::Block],
    texts: &[&str],
    feats: &[features::Features],
    classes: &[Class],
    pos: &[rules::Position],
    (title_at, subtitle_at): (Option<usize>, Option<usize>),
) {
    let n = texts.len();
    let kept = |i: usize| classes[i].is_text() || classes[i] == Class::Short;
    cleaned.title = match title_at {
        Some(t) => texts[t].to_string(),
        None => (0..n)
            .find(|&i| matches!(classes[i], Class::Content | Class::Near))
            .or_else(|| (0..n).find(|&i| kept(i)))
            .map(|i| metadata::derived_title(texts[i]))
            .unwrap_or_default(),
    };
    cleaned.subtitle = subtitle_at.map(|s| texts[s].to_string());
    let edges = (0..n).filter(|&i| pos[i].head || pos[i].tail);
    let mut site_from_dateline = None;
    let mut site_from_copyright = None;
    for i in edges {
        let Class::Bad(reason, _) = classes[i] else { continue };
        let text = texts[i];
        match reason {
            Reason::Byline | Reason::Affiliate | Reason::Dateline | Reason::Metadata => {
                if cleaned.author.is_none() && pos[i].head {
                    cleaned.author = metadata::author(text);
                }
                if cleaned.date.is_none() {
                    cleaned.date = metadata::date_in(text);
                }
                if reason == Reason::Dateline && site_from_dateline.is_none() {
                    site_from_dateline = metadata::site_in_dateline(text);
                }
            }
            Reason::Tagline if cleaned.site.is_none() => {
                cleaned.site = rules::tagline(text, feats[i].words);
            }
            Reason::Copyright if site_from_copyright.is_none() => {
                site_from_copyright = metadata::site_in_copyright(text);
            }
            _ => {}
        }
    }
    let site_from_title =
        metadata::split_site_suffix(&cleaned.title).map(|(head, site)| (head.to_string(), site.to_string()));
    if let Some((head, site)) = site_from_title {
        cleaned.title = head;
        site_from_copyright = site_from_copyright.or(Some(site));
    }
    cleaned.site = cleaned.site.take().or(site_from_dateline).or(site_from_copyright);
    // A date in the article's own URL is credible; one in a cited source's URL is not:
    // it dates the source, and the article may have been written days later.
    if cleaned.date.is_none() {
        cleaned.date = (0..n).filter(|&i| feats[i].has_url).find_map(|i| metadata::own_url_date(texts[i]));
    }
    if let Some(h) = (0..n).find(|&i| metadata::is_sources_heading(texts[i])) {
        for (i, b) in blocks.iter().enumerate().skip(h + 1) {
            let found = metadata::urls(texts[i]);
            if found.is_empty() && !feats[i].list_item {
                break;
            }
            if b.line > blocks[h].line_end + 40 {
                break;
            }
            cleaned.sources.extend(found);
        }
    }
}

#[cfg(test)]
mod tests;
