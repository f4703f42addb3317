//! One hit per copy group (or per story): the best-ranked article of each group stands
//! for it, and the others are named under it.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use tantivy::{DocAddress, Searcher};

use super::Ranked;
use crate::groups::{GroupView, Groups, Key, Kind};
use crate::index::{ids_at, Brief};

/// How hits of one group are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collapse {
    /// Every article is a hit.
    Off,
    /// One hit per copy group.
    Copies,
    /// One hit per story.
    Stories,
}

impl Collapse {
    pub fn kind(self) -> Option<Kind> {
        match self {
            Collapse::Off => None,
            Collapse::Copies => Some(Kind::Copies),
            Collapse::Stories => Some(Kind::Stories),
        }
    }
}

/// A hit's groups: its copies and its story.
#[derive(Debug, Clone, Default)]
pub struct HitGroups {
    /// The id its copy group is named after.
    pub copy_group: String,
    /// Its copies, other than itself.
    pub copies: Vec<Brief>,
    /// The id its story is named after.
    pub story: String,
    /// The other articles of its story that are not its copies (filled with `--stories`).
    pub story_articles: Vec<Brief>,
}

/// The hits ranked `offset..offset + limit` once each group is one hit, of `total`
/// articles in `total_groups` groups. `rank(n)` gives the best `n` articles; more are asked
/// for until enough groups are found.
pub fn collapsed(
    groups: &Groups,
    kind: Kind,
    limit: usize,
    offset: usize,
    (total, total_groups): (usize, usize),
    rank: impl Fn(usize) -> Result<Ranked>,
) -> Result<Ranked> {
    let wanted = offset.saturating_add(limit);
    // Enough articles for twice the groups wanted at the average group size: one ranking
    // usually suffices.
    let per_group = total.div_ceil(total_groups.max(1));
    let mut window = wanted.saturating_mul(per_group).saturating_mul(2).saturating_add(16).min(total);
    loop {
        let ranked = rank(window)?;
        let mut seen: HashMap<Key, usize> = HashMap::new();
        let mut kept: Ranked = Vec::new();
        for (score, address) in ranked.iter().copied() {
            let key = groups.key(kind, address);
            match seen.get(&key) {
                // Equal scores (copies often score alike): the group's named article, the
                // earliest dated, stands for it.
                Some(&i) if score.is_some() && kept[i].0 == score => {
                    let members = groups.members(kind, address);
                    let place = |a: DocAddress| members.iter().position(|m| *m == a);
                    if place(address) < place(kept[i].1) {
                        kept[i].1 = address;
                    }
                }
                Some(_) => {}
                None => {
                    seen.insert(key, kept.len());
                    kept.push((score, address));
                }
            }
        }
        if kept.len() >= wanted || window >= total {
            return Ok(kept.into_iter().skip(offset).take(limit).collect());
        }
        window = window.saturating_mul(4).min(total);
    }
}

/// The groups of the hit at `address`, and with `--stories` the rest of its story.
pub fn hit_groups(
    searcher: &Searcher,
    groups: &Groups,
    (address, own): (DocAddress, &str),
    stories: bool,
) -> Result<HitGroups> {
    let copies = GroupView::of_group(searcher, groups, Kind::Copies, address)?;
    // The rest of the story is read only when it is shown; its name is one id.
    let (story, story_articles) = if stories {
        let story = GroupView::of_group(searcher, groups, Kind::Stories, address)?;
        let copy_ids: HashSet<&str> = copies.members.iter().map(|b| b.id.as_str()).collect();
        let rest = story.members.iter().filter(|b| !copy_ids.contains(b.id.as_str())).cloned().collect();
        (story.name().to_string(), rest)
    } else {
        let named_after = groups.named_after(Kind::Stories, address);
        (ids_at(searcher, std::iter::once(named_after))?.pop().unwrap_or_default(), Vec::new())
    };
    Ok(HitGroups {
        copy_group: copies.name().to_string(),
        copies: copies.members.iter().filter(|b| b.id != own).cloned().collect(),
        story,
        story_articles,
    })
}
