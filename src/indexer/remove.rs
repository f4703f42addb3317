//! `corpus remove SOURCE...`: the one way, besides deleting files, to drop articles.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::index::folder;
use crate::index::{display_dir, DiskFull, Manifest, Source, Writer, WriterOptions};

/// Removes the sources named (by name or folder) and their articles; returns each with
/// the count of articles removed. Nothing changes unless every name is a source.
pub fn remove_sources(dir: &Path, named: &[String], options: WriterOptions) -> Result<Vec<(Source, usize)>> {
    let full = DiskFull::default();
    remove_noting(dir, named, options, &full).map_err(|err| super::explain_disk_full(err, &full, dir))
}

fn remove_noting(
    dir: &Path,
    named: &[String],
    options: WriterOptions,
    full: &DiskFull,
) -> Result<Vec<(Source, usize)>> {
    let Some(mut manifest) = Manifest::read(dir)?.filter(Manifest::is_current) else {
        bail!("no index of this version of corpus at {}: nothing to remove", display_dir(dir));
    };
    let lock = folder::lock_for_writing(dir)?;
    let mut targets: Vec<Source> = Vec::new();
    for name in named {
        let Some(source) = find(&manifest.sources, name) else {
            let known: Vec<&str> = manifest.sources.iter().map(|s| s.name.as_str()).collect();
            bail!(
                "{name:?} is not a source of the index (its sources: {}); nothing was removed",
                known.join(", ")
            );
        };
        if !targets.contains(source) {
            targets.push(source.clone());
        }
    }
    // corpus.json first: if the run is killed before the commit, the next "corpus index"
    // removes the articles that no source holds.
    manifest.sources.retain(|s| !targets.contains(s));
    manifest.write(dir)?;
    let mut writer = Writer::open(&manifest.live(dir), options, full)?;
    let earlier = writer.earlier()?;
    let mut removed = vec![0; targets.len()];
    let mut doomed = Vec::new();
    earlier.for_each_id(|id| {
        if let Some(i) = targets.iter().position(|s| s.holds(id)) {
            removed[i] += 1;
            doomed.push(id.to_string());
        }
    })?;
    drop(earlier);
    for id in &doomed {
        writer.delete(id);
    }
    writer.finish()?;
    let live = manifest.live(dir);
    crate::groups::regroup(&live, &crate::index::Reader::open_generation(&live)?, true)?;
    drop(lock);
    Ok(targets.into_iter().zip(removed).collect())
}

/// The source named `name`, or whose folder `name` is.
fn find<'a>(sources: &'a [Source], name: &str) -> Option<&'a Source> {
    let trimmed = name.trim_end_matches('/');
    sources.iter().find(|s| s.name == trimmed).or_else(|| {
        let path = std::fs::canonicalize(name).unwrap_or_else(|_| PathBuf::from(name));
        sources.iter().find(|s| s.path == path)
    })
}
