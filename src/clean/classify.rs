//! Block classes and context smoothing, after jusText: blocks are first judged on their
//! own (rules, templates, features), then short and doubtful blocks take the verdict of
//! their neighbours.

use super::features::Features;
use super::metadata::headline_like;
use super::rules::{self, Position, Weight};
use super::templates::{self, Templates};
use super::Reason;

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

pub(crate) fn position(index: usize, count: usize) -> Position {
    Position { head: index < HEAD_BLOCKS, tail: index + TAIL_BLOCKS >= count }
}

/// The class of one block judged on its own.
pub(crate) fn initial(
    text: &str,
    f: &Features,
    stop: Option<usize>,
    index: usize,
    count: usize,
    templates: &Templates,
) -> Class {
    if let Some(hit) = rules::judge(text, f.words, f.terminal, f.separators, position(index, count)) {
        return Class::Bad(hit.reason, hit.weight);
    }
    if templates::candidate(index, count, f.words) && templates.is_template(text) {
        return Class::Bad(Reason::Template, Weight::Strong);
    }
    if f.table_row {
        return Class::Kept;
    }
    if f.link_share >= 0.8 && f.words <= 15 && text.split_whitespace().all(|t| t.starts_with('#')) {
        return Class::Bad(Reason::Tags, Weight::Strong);
    }
    // A menu: several short items between separators.
    if f.separators >= 2 && f.words <= (f.separators + 1) * 3 && !f.terminal {
        return Class::Bad(Reason::Navigation, Weight::Strong);
    }
    if f.link_share >= 0.5 && f.words <= 20 {
        return Class::Bad(Reason::Other, Weight::Weak);
    }
    by_features(f, stop)
}

/// jusText's length and stop-word density classes, adapted to lines of plain text.
pub(crate) fn by_features(f: &Features, stop: Option<usize>) -> Class {
    let density = stop.map(|s| f.stop.density(s));
    let dense = |min: f32| density.map_or(true, |d| d >= min);
    if f.link_share < 0.3 && ((f.words >= 15 && dense(0.15)) || f.words >= 40) {
        Class::Content
    } else if (f.link_share < 0.3 && f.words >= 6 && f.terminal && dense(0.1))
        || (f.list_item && f.words >= 8 && dense(0.1))
    {
        Class::Near
    } else {
        Class::Short
    }
}

/// Runs of three or more one-to-four-word lines without punctuation are a menu.
pub(crate) fn mark_menus(classes: &mut [Class], feats: &[Features]) {
    let menu_item = |c: Class, f: &Features| {
        matches!(c, Class::Short | Class::Bad(Reason::Navigation, _))
            && f.words <= 4
            && !f.terminal
            && !f.list_item
    };
    let mut i = 0;
    while i < classes.len() {
        let mut j = i;
        while j < classes.len() && menu_item(classes[j], &feats[j]) {
            j += 1;
        }
        if j - i >= 3 {
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
            Class::Short | Class::Frag => continue,
            Class::Bad(r, _) => return Side::Bad(r, from.abs_diff(j)),
            _ => return Side::Text,
        }
    }
    Side::Edge
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
            (Side::Bad(a, da), Side::Bad(b, db)) => Some(if da <= db { a } else { b }),
            (Side::Bad(a, _), Side::Edge) | (Side::Edge, Side::Bad(a, _)) => Some(a),
            (Side::Edge, Side::Edge) => Some(Reason::Other),
            _ => None,
        };
        let both_bad = reason.is_some();
        let drop = match class {
            Class::Near => both_bad && !matches!((prev, next), (Side::Edge, Side::Edge)),
            _ if both_bad => true,
            _ if matches!((prev, next), (Side::Text, Side::Text)) => false,
            _ => {
                let f = &feats[i];
                let heading = headline_like(texts[i], f)
                    && next_solid(&before, i)
                        .is_some_and(|j| matches!(before[j], Class::Content | Class::Near | Class::Kept));
                let sentence = f.terminal && f.words >= 5 && stop.map_or(true, |s| f.stop.density(s) >= 0.15);
                !(heading || sentence)
            }
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
