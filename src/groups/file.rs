//! The groups file of a generation: each article's copy group and story, by segment and
//! document, for the segments of the commit it was computed from. Segments it does not
//! know (a commit newer than the file) read as articles alone.

use std::collections::HashMap;
use std::io::{ErrorKind, Write};
use std::path::Path;

use anyhow::{bail, Context, Result};

/// Its name in the generation's folder.
pub const GROUPS_FILE: &str = "corpus-groups.bin";

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

    /// How many groups.
    pub fn count(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The members of group `g`, its name first.
    pub fn of(&self, g: u32) -> &[Place] {
        let g = g as usize;
        match (self.starts.get(g), self.starts.get(g + 1)) {
            (Some(&start), Some(&end)) => self.places.get(start as usize..end as usize).unwrap_or(&[]),
            _ => &[],
        }
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
        let temporary = folder.join(format!("{GROUPS_FILE}.new"));
        let mut file =
            std::fs::File::create(&temporary).with_context(|| format!("writing {}", temporary.display()))?;
        file.write_all(&out)
            .and_then(|()| file.sync_all())
            .with_context(|| format!("writing {}", temporary.display()))?;
        std::fs::rename(&temporary, &path).with_context(|| format!("writing {}", path.display()))?;
        Ok(())
    }

    /// The file of `folder`, or none if it has none yet.
    pub fn read(folder: &Path) -> Result<Option<GroupsFile>> {
        let path = folder.join(GROUPS_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(err).with_context(|| format!("reading {}", path.display())),
        };
        GroupsFile::parse(&bytes)
            .map(Some)
            .with_context(|| format!("{} is damaged: \"corpus index\" writes it again", path.display()))
    }

    fn parse(bytes: &[u8]) -> Result<GroupsFile> {
        let mut input = Input { bytes, at: 0 };
        if input.take(MAGIC.len())? != MAGIC {
            bail!("it is not a groups file");
        }
        let mut file = GroupsFile::default();
        for _ in 0..input.u32()? {
            let len = input.u32()? as usize;
            file.segments.push(String::from_utf8_lossy(input.take(len)?).into_owned());
            let docs = input.u32()? as usize;
            file.copy.push(input.u32s(docs)?);
            file.story.push(input.u32s(docs)?);
        }
        for members in [&mut file.copies, &mut file.stories] {
            let starts = input.u32()? as usize;
            members.starts = input.u32s(starts)?;
            let places = input.u32()? as usize;
            let pairs = input.u32s(places.checked_mul(2).context("it is too large")?)?;
            members.places = pairs.chunks_exact(2).map(|p| Place { segment: p[0], doc: p[1] }).collect();
        }
        let in_range = |v: &u32, groups: usize| *v == NONE || (*v as usize) < groups;
        let consistent = |m: &Members| {
            m.starts.first() == Some(&0)
                && m.starts.windows(2).all(|w| w[0] <= w[1])
                && m.starts.last().is_some_and(|&end| end as usize == m.places.len())
                && m.places.iter().all(|p| file.holds(*p))
        };
        if !file.copy.iter().flatten().all(|v| in_range(v, file.copies.count()))
            || !file.story.iter().flatten().all(|v| in_range(v, file.stories.count()))
            || !consistent(&file.copies)
            || !consistent(&file.stories)
        {
            bail!("a group points outside the file");
        }
        Ok(file)
    }

    fn holds(&self, place: Place) -> bool {
        self.copy.get(place.segment as usize).is_some_and(|docs| (place.doc as usize) < docs.len())
    }

    /// Segment id -> its index in the file.
    pub fn segment_index(&self) -> HashMap<&str, u32> {
        self.segments.iter().enumerate().map(|(i, id)| (id.as_str(), i as u32)).collect()
    }
}

fn put(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
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

    fn u32s(&mut self, len: usize) -> Result<Vec<u32>> {
        let bytes = self.take(len.checked_mul(4).context("it is too large")?)?;
        Ok(bytes.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
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
        let back = GroupsFile::read(dir.path()).unwrap().unwrap();
        assert_eq!(back.copy, file.copy);
        assert_eq!(back.stories, file.stories);
        assert_eq!(back.copies.of(0)[0], Place { segment: 0, doc: 1 });
        let path = dir.path().join(GROUPS_FILE);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        assert!(GroupsFile::read(dir.path()).is_err());
        assert!(GroupsFile::read(&dir.path().join("none")).unwrap().is_none());
    }
}
