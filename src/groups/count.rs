//! How many groups the articles matching a query fall in: a tantivy collector that reads
//! each matching article's group from its segment's part of the groups file.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::directory::OwnedBytes;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::file::NONE;
use super::{Groups, Kind};

pub struct GroupCount<'a> {
    pub groups: &'a Groups,
    pub kind: Kind,
}

pub struct SegmentGroupCount {
    /// The group of each document of the segment, four bytes each; none when the groups
    /// file does not know the segment (its articles are alone).
    per_doc: Option<OwnedBytes>,
    found: Vec<u32>,
    alone: usize,
}

impl SegmentCollector for SegmentGroupCount {
    type Fruit = (Vec<u32>, usize);

    fn collect(&mut self, doc: DocId, _score: Score) {
        let at = doc as usize * 4;
        let group = self.per_doc.as_ref().and_then(|bytes| bytes.as_slice().get(at..at + 4));
        match group.map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])) {
            Some(g) if g != NONE => self.found.push(g),
            _ => self.alone += 1,
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.found, self.alone)
    }
}

impl Collector for GroupCount<'_> {
    type Fruit = usize;
    type Child = SegmentGroupCount;

    fn for_segment(
        &self,
        ord: SegmentOrdinal,
        _segment: &SegmentReader,
    ) -> tantivy::Result<SegmentGroupCount> {
        Ok(SegmentGroupCount { per_doc: self.groups.per_doc(self.kind, ord), found: Vec::new(), alone: 0 })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<(Vec<u32>, usize)>) -> tantivy::Result<usize> {
        let alone: usize = fruits.iter().map(|(_, alone)| alone).sum();
        let mut found: Vec<u32> = fruits.into_iter().flat_map(|(found, _)| found).collect();
        found.sort_unstable();
        found.dedup();
        Ok(found.len() + alone)
    }
}
