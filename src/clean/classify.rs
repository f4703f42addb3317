//! Block classes and context smoothing, after jusText: blocks are first judged on their
//! own (rules, templates, features), then short and doubtful blocks take the verdict of
//! their neighbours.

use super::features::Features;
use super::metadata::headline_like;
use super::rules::{self, Position, Weight};
use super::templates::{self, Templates};
use super::Reason;
use std::cell::Cell;

/// Blocks at either end of an article where bylines, datelines and footers live.
const HEAD_BLOCKS: usize = 6;
const TAIL_BLOCKS: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Article text by its features.
    Content,
    /// Probably article text: a full sentence, but short or poor in stop words.
    Near,
    /// Too short to judge alone; its neighbours decide.
    Short,
    /// Boilerplate, with the reason and how firmly it was decided.
    Bad(Reason, Weight),
    /// Kept whatever the context: the title, table rows.
    Kept,
    /// Another language; leaves the body as a fragment and is transparent to context.
    Frag,
}

impl Class {
    pub fn is_text(self) -> bool {
        matches!(self, Class::Content | Class::Near | Class::Kept)
    }
}

/// Whether the blocks are a web page's: some were removed as its furniture (menus, a share
/// bar, a notice), which a plain-text article does not have.
pub(crate) fn is_web_page(classes: &[Class]) -> bool {
    classes.iter().any(|c| matches!(c, Class::Bad(reason, _) if reason.is_page_furniture()))
}

/// Whether a page's header stands above the text: furniture (a menu, a cookie notice, a
/// share bar) removed before the first paragraph. A wire story may end with a tag line or a
/// related link; only a web page opens with its site's menus.
pub(crate) fn has_page_header(classes: &[Class]) -> bool {
    let first_text = classes.iter().position(|c| *c == Class::Content).unwrap_or(classes.len());
    is_web_page(&classes[..first_text])
}

/// Head and tail of an article: the first and last few blocks, and anything before the
/// first or after the last block that reads as article text (menus can be long).
/// Article text is judged by features alone, leaving out what a position-free rule
/// (a cookie notice, a newsletter pitch) already calls boilerplate.
pub(crate) fn positions(
    texts: &[&str],
    feats: &[Features],
    stop: Option<usize>,
    skip: &[bool],
    groups: &[Cell<rules::Groups>],
) -> Vec<Position> {
    let n = feats.len();
    let nowhere = Position { head: false, tail: false, outside: false };
    let text = |i: &usize| {
        let f = &feats[*i];
        !skip[*i]
            && by_features(f, stop) == Class::Content
            && rules::judge_with(texts[*i], f.words, f.terminal, f.separators, nowhere, &groups[*i]).is_none()
    };
    let (first_text, last_text) = ((0..n).find(text), (0..n).rev().find(text));
    // Without any paragraph of text, only the first and last few blocks are edges.
    let first = first_text.unwrap_or(HEAD_BLOCKS);
    let last = last_text.unwrap_or(n.saturating_sub(TAIL_BLOCKS));
    (0..n)
        // The first text block may be the standfirst, with the byline after it.
        .map(|i| Position {
            head: i < HEAD_BLOCKS || i <= first + 4,
            tail: i + TAIL_BLOCKS >= n || i >= last,
            outside: first_text.is_some_and(|f| i < f) || last_text.is_some_and(|l| i > l),
        })
        .collect()
}

/// Figures spelled out, as newswires write those under ten ("Qtly div five cts").
const NUMBER_WORDS: [&str; 11] =
    ["nil", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

/// A token that is a figure: it holds a digit, or is a number word.
fn is_figure(token: &str) -> bool {
    let core = token.trim_matches(|c: char| !c.is_alphanumeric());
    has_digit(core) || NUMBER_WORDS.iter().any(|w| core.eq_ignore_ascii_case(w))
}

/// A token that holds a digit: the only kind of figure a run of short lines or a table
/// row is known by (a menu's "BBC One", "BBC Two" is no table).
fn has_digit(token: &str) -> bool {
    token.bytes().any(|b| b.is_ascii_digit())
}

/// What a line is as data, by its own shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Prose,
    /// Three figures or more, mostly digits: a price row ("MAY7  287 1/2 UP  1 1/4"), but
    /// also a web page's "Updated 14:35 GMT, 12 March 2024" or an address in a footer.
    /// Never a template, but it vouches for no line around it.
    Figures,
    /// A comparison with a figure on each side ("Shr 34 cts vs 1.19 dlrs", "Qtly div three
    /// cts vs three cts prior"), a row laid out in columns with a digit, or a line of a run
    /// of them: a table, whose labels and notes are the article too.
    Table,
}

fn shape(text: &str, f: &Features) -> Shape {
    if f.words == 0 || f.words > 20 || f.has_url || f.link_share > 0.0 {
        return Shape::Prose;
    }
    // Without a digit (the features count every ASCII digit), only a comparison of
    // number words makes a table, and it needs a "vs".
    let may_compare = || text.as_bytes().windows(2).any(|w| w.eq_ignore_ascii_case(b"vs"));
    if f.digit_share == 0.0 && !may_compare() {
        return Shape::Prose;
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let compares = tokens.iter().enumerate().any(|(i, t)| {
        (t.eq_ignore_ascii_case("vs") || t.eq_ignore_ascii_case("vs."))
            && tokens[..i].iter().any(|t| is_figure(t))
            && tokens[i + 1..].iter().any(|t| is_figure(t))
    });
    if compares || (f.columns && tokens.iter().any(|t| has_digit(t))) {
        return Shape::Table;
    }
    let digits = tokens.iter().filter(|t| has_digit(t)).count();
    if digits >= 3 && f.digit_share >= 0.4 {
        Shape::Figures
    } else {
        Shape::Prose
    }
}

/// A short line of a table that is no sentence: a label ("Nine mths", "Corn", "Shr not
/// given", a row of column names) or a figure with its label ("Net 412,737").
fn short_line(f: &Features, max_words: usize) -> bool {
    (1..=max_words).contains(&f.words) && !f.terminal && !f.has_url && f.link_share == 0.0 && !f.list_item
}

/// Consecutive short lines with a figure that make a table: a date and a comment count
/// on a web page are two, the lines of an earnings report three or more.
const TABLE_RUN: usize = 3;
/// Labels stacked above a table ("Corn" above "Nine mths" above the figures).
const MAX_LABELS: usize = 2;

/// Marks the lines of tables of figures, as newswires print results and prices, with
/// the labels that head them ("Nine mths" above "Shr 34 cts vs 1.19 dlrs") and the short
/// lines with a figure that follow them ("Pay April one", "Record March 13"). Such lines
/// recur across a folder in shape, and often in value, yet they are the article.
pub(crate) fn mark_data(feats: &mut [Features], texts: &[&str]) {
    let n = feats.len();
    let shapes: Vec<Shape> = (0..n).map(|i| shape(texts[i], &feats[i])).collect();
    let mut table: Vec<bool> = shapes.iter().map(|s| *s == Shape::Table).collect();
    // Runs of short lines with a digit ("Shr 24 cts", "Net 412,737", "Revs 605,321").
    let in_run: Vec<bool> = (0..n)
        .map(|i| {
            shapes[i] != Shape::Prose
                || (short_line(&feats[i], 8) && texts[i].split_whitespace().any(has_digit))
        })
        .collect();
    let mut i = 0;
    while i < n {
        let run = in_run[i..].iter().take_while(|&&r| r).count();
        if run >= TABLE_RUN {
            table[i..i + run].iter_mut().for_each(|t| *t = true);
        }
        i += run.max(1);
    }
    let mut data: Vec<bool> = (0..n).map(|i| table[i] || shapes[i] == Shape::Figures).collect();
    // Labels heading a table, at most two stacked.
    for i in 0..n {
        if !table[i] || (i > 0 && table[i - 1]) {
            continue;
        }
        for above in (i.saturating_sub(MAX_LABELS)..i).rev() {
            if data[above] || !short_line(&feats[above], 6) {
                break;
            }
            data[above] = true;
        }
    }
    // A few words under a table's line with a figure, or its absence: "Record April 3."
    // of a dividend, "Revs not given".
    // Such notes follow one another ("Pay April one", then "Record March 13").
    let unsaid = |i: usize| texts[i].trim_end_matches('.').to_ascii_lowercase().ends_with("not given");
    let mut note = vec![false; n];
    for i in 1..n {
        let f = &feats[i];
        let under_table = table[i - 1] || note[i - 1];
        // The words are read last, for the few lines the cheap tests leave.
        let figure = || texts[i].split_whitespace().any(is_figure);
        if !data[i] && under_table && (1..=4).contains(&f.words) && !f.has_url && (figure() || unsaid(i)) {
            data[i] = true;
            note[i] = true;
        }
    }
    for (f, d) in feats.iter_mut().zip(data) {
        f.data = d;
    }
}

/// The class of one block judged on its own.
pub(crate) fn initial(
    text: &str,
    f: &Features,
    stop: Option<usize>,
    (index, count, pos): (usize, usize, Position),
    templates: &Templates,
    groups: &Cell<rules::Groups>,
) -> Class {
    let hit = rules::judge_with(text, f.words, f.terminal, f.separators, pos, groups);
    // In a scraped folder, recurrence across articles is the strongest signal; only a
    // wire sign-off keeps its own name.
    let sign_off = hit.is_some_and(|h| h.reason == Reason::SignOff);
    // Figures and wire datelines recur across a newswire folder as article text.
    // Asked at most once, and only when needed.
    let wire = std::cell::OnceCell::new();
    let wire_dateline = || *wire.get_or_init(|| rules::is_wire_dateline(text));
    let shaped_like_data = f.data || f.digit_share >= 0.1 || wire_dateline();
    if !sign_off
        && !shaped_like_data
        && templates::candidate(index, count, || f.tokens)
        && templates.is_template_key(f.key(text))
    {
        return Class::Bad(Reason::Template, Weight::Strong);
    }
    // Table rows hold dates and figures that would read as datelines.
    if (f.table_row || f.columns) && !sign_off {
        return Class::Kept;
    }
    if let Some(hit) = hit {
        return Class::Bad(hit.reason, hit.weight);
    }
    if f.link_share >= 0.8 && f.words <= 15 && text.split_whitespace().all(|t| t.starts_with('#')) {
        return Class::Bad(Reason::Tags, Weight::Strong);
    }
    // A menu: several short items between separators; a breadcrumb: "Culture › Museums".
    // (A lone ">" in "<TECHNOLOGY MARKETING INC >" is a ticker's bracket.)
    let breadcrumb = f.separators >= 1
        && f.words <= 6
        && (text.contains(['›', '»', '→']) || (text.contains(" > ") && !text.contains('<')));
    if (f.separators >= 2 && f.words <= (f.separators + 1) * 3 && !f.terminal) || breadcrumb {
        // After the article, a list of topics is a tag list unless it names site pages.
        let site_pages = text.split(['|', '·', '•', '/']).any(|item| {
            rules::judge(item.trim(), 1, false, 0, Position { head: false, tail: false, outside: false })
                .is_some_and(|h| h.reason == Reason::Navigation)
        });
        let reason = if pos.tail && !pos.head && !breadcrumb && !site_pages {
            Reason::Tags
        } else {
            Reason::Navigation
        };
        return Class::Bad(reason, Weight::Strong);
    }
    if f.link_share >= 0.5 && f.words <= 20 {
        return Class::Bad(Reason::Other, Weight::Weak);
    }
    if wire_dateline() {
        return Class::Near;
    }
    by_features(f, stop)
}

/// jusText's length and stop-word density classes, adapted to lines of plain text.
pub(crate) fn by_features(f: &Features, stop: Option<usize>) -> Class {
    let density = stop.map(|s| f.stop.density(s));
    let dense = |min: f32| density.is_none_or(|d| d >= min);
    if f.link_share < 0.3 && ((f.words >= 15 && dense(0.15)) || f.words >= 40) {
        Class::Content
    } else if (f.link_share < 0.3 && f.words >= 6 && f.terminal && dense(0.1))
        || (f.list_item && f.words >= 3 && f.link_share < 0.3)
    {
        Class::Near
    } else {
        Class::Short
    }
}

/// A table of contents is article text: short lines that name headings found further
/// down the same article (two or more of them in a row), and the "Contents" line above.
pub(crate) fn mark_contents(classes: &mut [Class], feats: &[Features], texts: &[&str]) {
    // Keys of the blocks either question below looks at: the candidates for a heading,
    // and the short blocks that may name one.
    let keys: Vec<Option<u64>> = (0..texts.len())
        .map(|i| {
            let asked = feats[i].words <= 12 || matches!(classes[i], Class::Short);
            asked.then(|| feats[i].key(texts[i])).flatten()
        })
        .collect();
    let mut seen: fnv::FnvHashMap<u64, Vec<usize>> = fnv::FnvHashMap::default();
    for (i, k) in keys.iter().enumerate() {
        if feats[i].words <= 12 {
            if let Some(k) = k {
                seen.entry(*k).or_default().push(i);
            }
        }
    }
    // A heading, not a footer menu repeating the header's: text follows it.
    let text_at: Vec<bool> = classes.iter().map(|c| matches!(c, Class::Content | Class::Near)).collect();
    let heads_text = |j: usize| text_at.get(j + 1).copied().unwrap_or(false);
    let names_later_heading = |i: usize| {
        keys[i].and_then(|k| seen.get(&k)).is_some_and(|at| at.iter().any(|&j| j > i + 1 && heads_text(j)))
    };
    let mut i = 0;
    while i < classes.len() {
        let mut j = i;
        while j < classes.len() && matches!(classes[j], Class::Short) && names_later_heading(j) {
            j += 1;
        }
        if j - i >= 2 {
            for c in &mut classes[i..j] {
                *c = Class::Kept;
            }
            let heading = i.checked_sub(1).filter(|&h| {
                let t = texts[h].trim_end_matches(':').to_lowercase();
                matches!(
                    t.as_str(),
                    "contents"
                        | "table of contents"
                        | "in this article"
                        | "inhalt"
                        | "inhaltsverzeichnis"
                        | "sommaire"
                        | "índice"
                        | "indice"
                        | "목차"
                )
            });
            if let Some(h) = heading {
                classes[h] = Class::Kept;
            }
        }
        i = j.max(i + 1);
    }
}

/// Runs of three or more one-to-four-word lines without punctuation are a menu: outside
/// the article text always (a wire story has no menus); inside it only when the items
/// are single words or name site pages, as a list of company names is article text.
pub(crate) fn mark_menus(
    classes: &mut [Class],
    feats: &[Features],
    texts: &[&str],
    pos: &[Position],
    wire: bool,
) {
    let menu_item = |c: Class, f: &Features| {
        matches!(c, Class::Short | Class::Bad(Reason::Navigation, _))
            && f.words <= 4
            && !f.terminal
            && !f.list_item
            && f.digit_share == 0.0
    };
    let nowhere = Position { head: false, tail: false, outside: false };
    let mut i = 0;
    while i < classes.len() {
        let mut j = i;
        while j < classes.len() && menu_item(classes[j], &feats[j]) {
            j += 1;
        }
        let words: usize = feats[i..j].iter().map(|f| f.words).sum();
        let named = (i..j)
            .filter(|&k| {
                matches!(classes[k], Class::Bad(Reason::Navigation, _))
                    || rules::judge(texts[k], feats[k].words, false, 0, nowhere).is_some()
            })
            .count();
        let outside = !wire && pos[i..j].iter().all(|p| p.outside);
        if j - i >= 3 && (outside || words * 2 <= (j - i) * 3 || named * 2 >= j - i) {
            for c in &mut classes[i..j] {
                *c = Class::Bad(Reason::Navigation, Weight::Strong);
            }
        }
        i = j.max(i + 1);
    }
}

/// The next block after `i` that is not a fragment.
fn next_solid(classes: &[Class], i: usize) -> Option<usize> {
    (i + 1..classes.len()).find(|&j| classes[j] != Class::Frag)
}

/// A weak rule (a lone "Technology", "Video") defers to a following paragraph: then
/// the line may be a section heading, and context decides.
pub(crate) fn settle_weak(classes: &mut [Class]) {
    for i in 0..classes.len() {
        if let Class::Bad(_, Weight::Weak) = classes[i] {
            let heading =
                next_solid(classes, i).is_some_and(|j| matches!(classes[j], Class::Content | Class::Near));
            if heading {
                classes[i] = Class::Short;
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Side {
    Text,
    Bad(Reason, usize),
    Edge,
}

fn side(classes: &[Class], range: impl Iterator<Item = usize>, from: usize) -> Side {
    for j in range {
        match classes[j] {
            // A wire sign-off marks the end of the story, not boilerplate around it.
            Class::Short | Class::Frag | Class::Bad(Reason::SignOff, _) => continue,
            Class::Bad(r, _) => return Side::Bad(r, from.abs_diff(j)),
            _ => return Side::Text,
        }
    }
    Side::Edge
}

/// Whether a line holds a link's own words after its label ("Czytaj też: Wyścig zbrojeń
/// ruszył"), rather than being a heading over links.
fn names_its_link(text: &str) -> bool {
    let label_end =
        text.find([':', '：', '»', '›', '>', '→']).or_else(|| text.find(" - ")).or_else(|| text.find(" – "));
    label_end.is_some_and(|at| text[at..].split_whitespace().nth(2).is_some())
}

/// Short and near-text blocks take their verdict from the nearest judged neighbours:
/// between text they are text, between boilerplate they are boilerplate; a short block
/// at a border survives only as a heading of the text that follows or as a sentence.
pub(crate) fn smooth(classes: &mut [Class], texts: &[&str], feats: &[Features], stop: Option<usize>) {
    let before = classes.to_vec();
    let n = classes.len();
    for i in 0..n {
        let class = before[i];
        if !matches!(class, Class::Short | Class::Near) {
            continue;
        }
        let prev = side(&before, (0..i).rev(), i);
        let next = side(&before, i + 1..n, i);
        let reason = match (prev, next) {
            // Lines under a "Related" or "Share" heading belong to it.
            (Side::Bad(a @ (Reason::Related | Reason::Share | Reason::Navigation), _), Side::Bad(..)) => {
                Some(a)
            }
            (Side::Bad(a, da), Side::Bad(b, db)) => Some(if da <= db { a } else { b }),
            (Side::Bad(a, _), Side::Edge) | (Side::Edge, Side::Bad(a, _)) => Some(a),
            _ => None,
        };
        let both_bad = reason.is_some();
        let f = &feats[i];
        // Lines under a "Related" heading are headlines of other articles, not headings. A
        // related line that names its article ("Read also: ...") is the whole link, and
        // what follows it may head the article's next part.
        let after_related = match prev {
            Side::Bad(Reason::Related, distance) => !names_its_link(texts[i - distance]),
            _ => false,
        };
        // Figures ("Shr 34 cts vs 1.19 dlrs") are data, not page furniture.
        let data = (f.data || (f.digit_share >= 0.15 && f.words >= 2)) && !f.has_url && !after_related;
        let drop = match (class, prev, next) {
            _ if data => false,
            (Class::Near, ..) => both_bad,
            _ if both_bad => true,
            // Boilerplate on one side only: a heading of the text that follows, or a
            // sentence, survives; with no boilerplate around, there is no evidence.
            (_, Side::Bad(..), _) | (_, _, Side::Bad(..)) => {
                let heading = headline_like(texts[i], f)
                    && !after_related
                    && next_solid(&before, i)
                        .is_some_and(|j| matches!(before[j], Class::Content | Class::Near | Class::Kept));
                let sentence = f.terminal && f.words >= 5 && stop.is_none_or(|s| f.stop.density(s) >= 0.15);
                !(heading || sentence)
            }
            _ => false,
        };
        if drop {
            let reason = reason.unwrap_or(match (prev, next) {
                (Side::Bad(r, _), _) | (_, Side::Bad(r, _)) => r,
                (Side::Edge, _) => Reason::Navigation,
                _ => Reason::Other,
            });
            classes[i] = Class::Bad(reason, Weight::Strong);
        }
    }
}
