//! Copy groups and stories. Each article's signature and story terms are computed when it
//! is indexed; after each run that changes the index, the groups of every article are
//! computed again from them and written beside tantivy's files. They are a function of
//! the articles the index holds, whatever order they came in: adding, changing and
//! removing articles gives the groups a rebuild would.

mod copies;
mod count;
mod file;
pub mod signature;
mod stories;
mod view;

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use tantivy::columnar::BytesColumn;
use tantivy::directory::OwnedBytes;
use tantivy::{DocAddress, DocId, Searcher};

pub use count::GroupCount;
pub use file::{GROUPS_FILE, GROUPS_FILE_NEW};
pub use view::GroupView;

use crate::index::{self, Reader};
use file::{GroupsFile, GroupsView, Members, Place, NONE};
use signature::{signature_from_bytes, terms_from_bytes};
use stories::StoryItem;

/// Computes the copy groups and stories of every article `reader` sees in the generation
/// at `live` (after its last commit and merges) and writes them there. A run that
/// `changed` no article keeps the groups it finds, if they were computed for the same
/// segments.
pub fn regroup(live: &Path, reader: &Reader, changed: bool) -> Result<()> {
    let searcher = reader.searcher();
    if !changed {
        let segments: Vec<String> =
            searcher.segment_readers().iter().map(|s| s.segment_id().uuid_string()).collect();
        let saved = GroupsView::open(live).ok().flatten();
        if saved.is_some_and(|view| view.segment_ids().eq(segments.iter().map(String::as_str))) {
            return Ok(());
        }
    }
    let mut file = GroupsFile::default();
    let mut places = Vec::new();
    let mut addresses = Vec::new();
    let mut signatures = Vec::new();
    // Each article's story terms: where they are in `segment_terms` (copies share them).
    let mut terms_of: Vec<Option<(usize, usize)>> = Vec::new();
    let mut segment_terms = Vec::new();
    let mut days = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let fast = segment.fast_fields();
        let alive: Vec<DocId> = segment.doc_ids_alive().collect();
        let (nears, near_of) = distinct_values(fast.bytes("near")?, &alive, signature_from_bytes)?;
        let (terms, terms_of_doc) = distinct_values(fast.bytes("terms")?, &alive, terms_from_bytes)?;
        let dates = fast.date("date")?;
        for (k, &doc) in alive.iter().enumerate() {
            places.push(Place { segment: ord as u32, doc });
            addresses.push(DocAddress::new(ord as u32, doc));
            signatures.push(near_of[k].and_then(|v| nears[v]));
            days.push(dates.first(doc).map(|d| d.into_timestamp_secs().div_euclid(86_400)));
            terms_of.push(terms_of_doc[k].map(|v| (ord, v)));
        }
        segment_terms.push(terms);
        file.segments.push(segment.segment_id().uuid_string());
        file.copy.push(vec![NONE; segment.max_doc() as usize]);
        file.story.push(vec![NONE; segment.max_doc() as usize]);
    }
    let ids = index::ids_at(&searcher, addresses.iter().copied())?;
    // Articles are grouped, and a group named, earliest dated first, then by id: an order
    // of the articles alone, whatever segments hold them.
    let order = |i: usize| (days[i].unwrap_or(i64::MAX), ids[i].as_str());
    let mut canonical: Vec<usize> = (0..places.len()).collect();
    canonical.sort_by_key(|&i| order(i));
    let copy_roots = copies::copy_groups(&signatures, &canonical);
    let copy_lists = lists(&copy_roots, order);
    // Stories join copy groups, each told by the article it is named after.
    let named: Vec<usize> = copy_lists.iter().map(|list| list[0]).collect();
    let terms =
        |i: usize| terms_of[i].map(|(s, v): (usize, usize)| segment_terms[s][v].clone()).unwrap_or_default();
    let story_items: Vec<StoryItem> =
        named.iter().map(|&i| StoryItem { terms: terms(i), day: days[i] }).collect();
    let mut by_date: Vec<usize> = (0..named.len()).collect();
    by_date.sort_by_key(|&g| order(named[g]));
    let story_of_group = stories::stories(&story_items, &by_date);
    let mut story_roots = vec![0; places.len()];
    for (g, list) in copy_lists.iter().enumerate() {
        for &i in list {
            story_roots[i] = named[story_of_group[g]];
        }
    }
    let story_lists = lists(&story_roots, order);
    for (g, list) in copy_lists.iter().enumerate() {
        for &i in list {
            file.copy[places[i].segment as usize][places[i].doc as usize] = g as u32;
        }
    }
    for (s, list) in story_lists.iter().enumerate() {
        for &i in list {
            file.story[places[i].segment as usize][places[i].doc as usize] = s as u32;
        }
    }
    let to_places = |lists: Vec<Vec<usize>>| {
        Members::from_lists(lists.into_iter().map(|l| l.into_iter().map(|i| places[i]).collect()).collect())
    };
    file.copies = to_places(copy_lists);
    file.stories = to_places(story_lists);
    file.write(live).context("the articles are indexed, but their copy groups and stories could not be saved (the next \"corpus index\" saves them)")
}

/// The members of each group given by `roots` (the root of each element), each list
/// sorted by `order` and the lists by their first member.
fn lists<K: Ord>(roots: &[usize], order: impl Fn(usize) -> K) -> Vec<Vec<usize>> {
    let mut by_root: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &root) in roots.iter().enumerate() {
        by_root.entry(root).or_default().push(i);
    }
    let mut lists: Vec<Vec<usize>> = by_root.into_values().collect();
    for list in &mut lists {
        list.sort_by_key(|&i| order(i));
    }
    lists.sort_by_key(|list| list[0]);
    lists
}

/// The distinct values of a bytes column among `docs`, each decoded once (copies of an
/// article share theirs), and which of them each doc has. The column's dictionary is read
/// once, in order.
fn distinct_values<T>(
    column: Option<BytesColumn>,
    docs: &[DocId],
    decode: impl Fn(&[u8]) -> T,
) -> Result<(Vec<T>, Vec<Option<usize>>)> {
    let Some(column) = column else { return Ok((Vec::new(), vec![None; docs.len()])) };
    let ords: Vec<Option<u64>> = docs.iter().map(|&doc| column.term_ords(doc).next()).collect();
    let mut wanted: Vec<u64> = ords.iter().flatten().copied().collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut values = Vec::with_capacity(wanted.len());
    column.dictionary().sorted_ords_to_term_cb(&wanted, |bytes| values.push(decode(bytes)))?;
    let which = ords.into_iter().map(|ord| ord.and_then(|ord| wanted.binary_search(&ord).ok())).collect();
    Ok((values, which))
}

/// What an article's group is, for telling hits of one group apart from others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Group(u32),
    /// An article the groups file does not know (indexed after it was written): alone.
    Alone(DocAddress),
}

/// The groups of the articles a searcher sees.
pub struct Groups {
    file: Option<GroupsView>,
    /// For each segment of the searcher, its index in the file, if the file knows it.
    in_file: Vec<Option<usize>>,
    /// For each segment of the file, its ordinal in the searcher, if the searcher has it.
    in_searcher: Vec<Option<u32>>,
    /// Which documents of each searcher segment are deleted (none: all alive).
    deleted: Vec<Option<tantivy::fastfield::AliveBitSet>>,
}

/// Copy groups or stories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Copies,
    Stories,
}

impl Groups {
    pub fn load(reader: &Reader, searcher: &Searcher) -> Result<Groups> {
        let file = GroupsView::open(&reader.live)?;
        let index: HashMap<&str, usize> =
            file.iter().flat_map(|f| f.segment_ids()).enumerate().map(|(i, id)| (id, i)).collect();
        let in_file: Vec<Option<usize>> = searcher
            .segment_readers()
            .iter()
            .map(|s| index.get(s.segment_id().uuid_string().as_str()).copied())
            .collect();
        let mut in_searcher = vec![None; index.len()];
        for (ord, i) in in_file.iter().enumerate() {
            if let Some(i) = i {
                in_searcher[*i] = Some(ord as u32);
            }
        }
        let deleted = searcher.segment_readers().iter().map(|s| s.alive_bitset().cloned()).collect();
        Ok(Groups { file, in_file, in_searcher, deleted })
    }

    /// The group of each document of the searcher's segment `ord`, four bytes each.
    fn per_doc(&self, kind: Kind, ord: u32) -> Option<OwnedBytes> {
        let segment = self.in_file.get(ord as usize).copied().flatten()?;
        self.file.as_ref()?.per_doc(kind, segment)
    }

    fn number(&self, kind: Kind, address: DocAddress) -> Option<u32> {
        let segment = self.in_file.get(address.segment_ord as usize).copied().flatten()?;
        self.file.as_ref()?.group(kind, segment, address.doc_id)
    }

    pub fn key(&self, kind: Kind, address: DocAddress) -> Key {
        self.number(kind, address).map_or(Key::Alone(address), Key::Group)
    }

    /// The live members of group `g`.
    fn live_members(&self, kind: Kind, g: u32) -> impl Iterator<Item = DocAddress> + '_ {
        let members = self.file.as_ref().map(|file| file.members(kind, g)).unwrap_or_default();
        members.into_iter().filter_map(|p| {
            let ord = self.in_searcher.get(p.segment as usize).copied().flatten()?;
            let alive = self.deleted[ord as usize].as_ref().is_none_or(|bits| bits.is_alive(p.doc));
            alive.then_some(DocAddress::new(ord, p.doc))
        })
    }

    /// The live members of the group of `address`, the article it is named after first.
    pub fn members(&self, kind: Kind, address: DocAddress) -> Vec<DocAddress> {
        let members: Vec<DocAddress> =
            self.number(kind, address).map(|g| self.live_members(kind, g).collect()).unwrap_or_default();
        if members.is_empty() {
            vec![address]
        } else {
            members
        }
    }

    /// The article the group of `address` is named after.
    pub fn named_after(&self, kind: Kind, address: DocAddress) -> DocAddress {
        self.number(kind, address).and_then(|g| self.live_members(kind, g).next()).unwrap_or(address)
    }

    /// Every group with at least `min_size` live members, largest first.
    pub fn all(&self, kind: Kind, min_size: usize) -> Vec<Vec<DocAddress>> {
        let count = self.file.as_ref().map_or(0, |f| f.count(kind));
        let mut groups: Vec<Vec<DocAddress>> = (0..count as u32)
            .map(|g| self.live_members(kind, g).collect::<Vec<_>>())
            .filter(|members| !members.is_empty() && members.len() >= min_size)
            .collect();
        groups.sort_by_key(|members| std::cmp::Reverse(members.len()));
        groups
    }
}
