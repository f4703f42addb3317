//! The groups file of a generation: each article's copy group and story, by segment and
//! document, for the segments of the commit it was computed from. Segments it does not
//! know (a commit newer than the file) read as articles alone.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use tantivy::directory::error::OpenReadError;
use tantivy::directory::{Directory, MmapDirectory, OwnedBytes};

use super::Kind;

/// Its name in the generation's folder.
pub const GROUPS_FILE: &str = "corpus-groups.bin";

/// Its name while it is written (a run killed then leaves it).
pub const GROUPS_FILE_NEW: &str = "corpus-groups.bin.new";

const MAGIC: &[u8; 8] = b"CRPSGRP1";

/// No group: a deleted document.
pub const NONE: u32 = u32::MAX;

/// An article's place: its segment in the file, and its document in the segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    pub segment: u32,
    pub doc: u32,
}

#[derive(Debug, Default)]
pub struct GroupsFile {
    /// Segment ids (tantivy's uuid strings), in file order.
    pub segments: Vec<String>,
    /// Per segment, the copy group of each document.
    pub copy: Vec<Vec<u32>>,
    /// Per segment, the story of each document.
    pub story: Vec<Vec<u32>>,
    /// The members of each copy group, the article it is named after first.
    pub copies: Members,
    /// The members of each story, the article it is named after first.
    pub stories: Members,
}

/// The members of numbered groups, group after group.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Members {
    /// Where each group's members start in `places`, and where the last one ends.
    pub starts: Vec<u32>,
    pub places: Vec<Place>,
}

impl Members {
    /// Groups from lists of members.
    pub fn from_lists(lists: Vec<Vec<Place>>) -> Members {
        let mut members = Members { starts: vec![0], places: Vec::new() };
        for list in lists {
            members.places.extend(list);
            members.starts.push(members.places.len() as u32);
        }
        members
    }
}

impl GroupsFile {
    /// Writes the file beside a temporary name, then renames it: a reader sees the old
    /// file or the new one.
    pub fn write(&self, folder: &Path) -> Result<()> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        put(&mut out, self.segments.len() as u32);
        for ((id, copy), story) in self.segments.iter().zip(&self.copy).zip(&self.story) {
            let id = id.as_bytes();
            put(&mut out, id.len() as u32);
            out.extend_from_slice(id);
            put(&mut out, copy.len() as u32);
            copy.iter().chain(story).for_each(|&v| put(&mut out, v));
        }
        for members in [&self.copies, &self.stories] {
            put(&mut out, members.starts.len() as u32);
            members.starts.iter().for_each(|&v| put(&mut out, v));
            put(&mut out, members.places.len() as u32);
            for place in &members.places {
                put(&mut out, place.segment);
                put(&mut out, place.doc);
            }
        }
        let path = folder.join(GROUPS_FILE);
        let temporary = folder.join(GROUPS_FILE_NEW);
        let written = std::fs::File::create(&temporary)
            .and_then(|mut file| file.write_all(&out).and_then(|()| file.sync_all()))
            .and_then(|()| std::fs::rename(&temporary, &path));
        if let Err(err) = written {
            // A full disk leaves no half-written file behind.
            let _ = std::fs::remove_file(&temporary);
            return Err(err).with_context(|| format!("writing {}", path.display()));
        }
        Ok(())
    }
}

fn put(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

/// The groups file as a reader sees it: mapped, not read, and decoded where it is looked
/// at. A search looks up a few dozen articles in a file of millions.
pub struct GroupsView {
    bytes: OwnedBytes,
    segments: Vec<SegmentAt>,
    copies: TableAt,
    stories: TableAt,
}

/// Where a segment's groups start in the file.
struct SegmentAt {
    id: String,
    docs: usize,
    copy: usize,
    story: usize,
}

/// Where a table of members starts in the file.
#[derive(Default)]
struct TableAt {
    starts: usize,
    groups: usize,
    places: usize,
    count: usize,
}

impl GroupsView {
    /// The file of `folder`, or none if it has none yet.
    pub fn open(folder: &Path) -> Result<Option<GroupsView>> {
        let path = folder.join(GROUPS_FILE);
        let directory = match MmapDirectory::open(folder) {
            Ok(directory) => directory,
            Err(_) if !folder.exists() => return Ok(None),
            Err(err) => return Err(err).with_context(|| format!("reading {}", path.display())),
        };
        let bytes = match directory.open_read(Path::new(GROUPS_FILE)) {
            Ok(slice) => slice.read_bytes().with_context(|| format!("reading {}", path.display()))?,
            Err(OpenReadError::FileDoesNotExist(_)) => return Ok(None),
            Err(err) => return Err(err).with_context(|| format!("reading {}", path.display())),
        };
        GroupsView::parse(bytes)
            .map(Some)
            .with_context(|| format!("{} is damaged: \"corpus index\" writes it again", path.display()))
    }

    /// Finds where each part starts; the parts themselves are read when looked up.
    fn parse(bytes: OwnedBytes) -> Result<GroupsView> {
        let mut input = Input { bytes: bytes.as_slice(), at: 0 };
        if input.take(MAGIC.len())? != MAGIC {
            bail!("it is not a groups file");
        }
        let mut segments = Vec::new();
        for _ in 0..input.u32()? {
            let len = input.u32()? as usize;
            let id = String::from_utf8_lossy(input.take(len)?).into_owned();
            let docs = input.u32()? as usize;
            let copy = input.skip_u32s(docs)?;
            let story = input.skip_u32s(docs)?;
            segments.push(SegmentAt { id, docs, copy, story });
        }
        let mut tables = [TableAt::default(), TableAt::default()];
        for table in &mut tables {
            let starts = input.u32()? as usize;
            table.groups = starts.saturating_sub(1);
            table.starts = input.skip_u32s(starts)?;
            table.count = input.u32()? as usize;
            table.places = input.skip_u32s(table.count.checked_mul(2).context("it is too large")?)?;
        }
        if input.at != input.bytes.len() {
            bail!("it has bytes after its end");
        }
        let [copies, stories] = tables;
        Ok(GroupsView { bytes, segments, copies, stories })
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        let b = self.bytes.as_slice().get(at..at.checked_add(4)?)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn table(&self, kind: Kind) -> &TableAt {
        match kind {
            Kind::Copies => &self.copies,
            Kind::Stories => &self.stories,
        }
    }

    /// The segments' ids (tantivy's uuid strings), in file order.
    pub fn segment_ids(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().map(|s| s.id.as_str())
    }

    /// The group of document `doc` of the file's segment `segment`; none when it was deleted
    /// or the file does not know it.
    pub fn group(&self, kind: Kind, segment: usize, doc: u32) -> Option<u32> {
        let s = self.segments.get(segment)?;
        if doc as usize >= s.docs {
            return None;
        }
        let start = match kind {
            Kind::Copies => s.copy,
            Kind::Stories => s.story,
        };
        let g = self.u32_at(start + 4 * doc as usize)?;
        (g != NONE && (g as usize) < self.table(kind).groups).then_some(g)
    }

    /// The group of each document of the file's segment `segment`, four bytes each.
    pub fn per_doc(&self, kind: Kind, segment: usize) -> Option<OwnedBytes> {
        let s = self.segments.get(segment)?;
        let start = match kind {
            Kind::Copies => s.copy,
            Kind::Stories => s.story,
        };
        let end = start.checked_add(s.docs.checked_mul(4)?)?;
        (end <= self.bytes.len()).then(|| self.bytes.slice(start..end))
    }

    /// How many groups.
    pub fn count(&self, kind: Kind) -> usize {
        self.table(kind).groups
    }

    /// The members of group `g`, its name first (none if the file is inconsistent there).
    pub fn members(&self, kind: Kind, g: u32) -> Vec<Place> {
        let table = self.table(kind);
        let g = g as usize;
        let (Some(start), Some(end)) =
            (self.u32_at(table.starts + 4 * g), self.u32_at(table.starts + 4 * (g + 1)))
        else {
            return Vec::new();
        };
        let (start, end) = (start as usize, end as usize);
        if g >= table.groups || start > end || end > table.count {
            return Vec::new();
        }
        (start..end)
            .filter_map(|i| {
                let at = table.places + 8 * i;
                Some(Place { segment: self.u32_at(at)?, doc: self.u32_at(at + 4)? })
            })
            .collect()
    }
}

struct Input<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Input<'a> {
    fn take(&mut self, len: usize) -> Result<&'a [u8]> {
        let end = self.at.checked_add(len).filter(|&end| end <= self.bytes.len());
        let Some(end) = end else { bail!("it ends too soon") };
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Passes over `len` values; returns where they start.
    fn skip_u32s(&mut self, len: usize) -> Result<usize> {
        let at = self.at;
        self.take(len.checked_mul(4).context("it is too large")?)?;
        Ok(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_and_read_back_and_damage_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = GroupsFile {
            segments: vec!["abc".into()],
            copy: vec![vec![0, 0, NONE]],
            story: vec![vec![0, 0, NONE]],
            copies: Members::from_lists(vec![vec![
                Place { segment: 0, doc: 1 },
                Place { segment: 0, doc: 0 },
            ]]),
            stories: Members::from_lists(vec![vec![
                Place { segment: 0, doc: 0 },
                Place { segment: 0, doc: 1 },
            ]]),
        };
        file.write(dir.path()).unwrap();
        let view = GroupsView::open(dir.path()).unwrap().unwrap();
        assert_eq!(view.segment_ids().collect::<Vec<_>>(), ["abc"]);
        assert_eq!([0, 1, 2].map(|doc| view.group(Kind::Copies, 0, doc)), [Some(0), Some(0), None]);
        assert_eq!(view.group(Kind::Stories, 1, 0), None, "no such segment");
        assert_eq!(
            view.members(Kind::Copies, 0),
            [Place { segment: 0, doc: 1 }, Place { segment: 0, doc: 0 }]
        );
        assert_eq!(view.members(Kind::Stories, 0)[0], Place { segment: 0, doc: 0 });
        assert!(view.members(Kind::Stories, 1).is_empty());
        let path = dir.path().join(GROUPS_FILE);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        assert!(GroupsView::open(dir.path()).is_err());
        assert!(GroupsView::open(&dir.path().join("none")).unwrap().is_none());
    }
}
