//! Verifies an index's files against the checksums tantivy writes at the end of each,
//! without opening a searcher (which is what a damaged file can make tantivy panic in).

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use tantivy::index::SegmentComponent;
use tantivy::Index;

use super::{display_dir, Manifest};

/// A file of the index that is missing or fails its checksum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    /// The file, relative to the index folder.
    pub file: PathBuf,
    /// The segment it belongs to, and how many articles that segment holds.
    pub segment: String,
    pub articles: u32,
    pub missing: bool,
}

/// What `check` found.
#[derive(Debug, Default)]
pub struct Report {
    pub files: usize,
    pub segments: usize,
    pub damage: Vec<Damage>,
}

/// Checks every file of the live index in `dir`.
pub fn check(dir: &Path) -> Result<Report> {
    let Some(manifest) = Manifest::read(dir)?.filter(Manifest::is_current) else {
        bail!("no index of this version of corpus at {}", display_dir(dir));
    };
    let live = manifest.live(dir);
    let index = Index::open_in_dir(&live)
        .map_err(|err| anyhow::anyhow!("the index at {} cannot be opened: {err}", display_dir(dir)))?;
    let mut report = Report::default();
    for meta in index.searchable_segment_metas()? {
        report.segments += 1;
        let mut components = vec![
            SegmentComponent::Postings,
            SegmentComponent::Positions,
            SegmentComponent::Terms,
            SegmentComponent::Store,
            SegmentComponent::FastFields,
            SegmentComponent::FieldNorms,
        ];
        if meta.has_deletes() {
            components.push(SegmentComponent::Delete);
        }
        for component in components {
            let file = meta.relative_path(component);
            report.files += 1;
            let missing = !live.join(&file).exists();
            // A file too damaged to read its footer fails as surely as a wrong sum.
            let damaged = missing || !index.directory().validate_checksum(&file).unwrap_or(false);
            if damaged {
                report.damage.push(Damage {
                    file: PathBuf::from(&manifest.generation).join(&file),
                    segment: meta.id().short_uuid_string(),
                    articles: meta.num_docs(),
                    missing,
                });
            }
        }
    }
    Ok(report)
}

/// What is damaged, and what to do about it, in one line.
pub fn remedy(report: &Report) -> String {
    let mut segments: Vec<(&str, u32)> =
        report.damage.iter().map(|d| (d.segment.as_str(), d.articles)).collect();
    segments.sort_unstable();
    segments.dedup();
    let articles: u32 = segments.iter().map(|(_, n)| n).sum();
    let files: Vec<String> = report.damage.iter().map(|d| d.file.display().to_string()).collect();
    format!(
        "{} ({articles} articles in {} segment(s)): rebuild it from its sources with \"corpus index --full\"",
        files.join(", "),
        segments.len()
    )
}
