//! Which folders a run indexes. The index is a set of sources: naming a folder adds it,
//! or brings it up to date if it already is one, and leaves the others as they are. A
//! source's name, the first part of its articles' ids, is fixed when it is added, so
//! adding or removing a source never changes another article's id.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::index::{Source, SourceState};

/// The sources of the index after this run, and which of them it walks.
#[derive(Debug)]
pub struct Plan {
    pub sources: Vec<Source>,
    /// Indexes into `sources` of those this run walks.
    pub walk: Vec<usize>,
    /// What the plan decided that the user did not say ("x is part of the source y").
    pub notes: Vec<String>,
}

/// A folder named on the command line, as an absolute path: it must be a folder.
pub fn resolve_folder(named: &Path) -> Result<PathBuf> {
    if !named.exists() {
        bail!("{} does not exist: name a folder of articles", named.display());
    }
    if !named.is_dir() {
        bail!("{} is not a folder: name a folder of articles", named.display());
    }
    std::fs::canonicalize(named).with_context(|| format!("reading {}", named.display()))
}

/// The plan for a run over `named` folders (absolute): each is a source already, lies
/// inside one (which is then brought up to date), or is added. With no folder, or with
/// `full`, every source is walked.
pub fn plan(existing: Vec<Source>, named: &[PathBuf], full: bool) -> Result<Plan> {
    let mut sources = existing;
    let mut walk: Vec<usize> = Vec::new();
    let mut notes = Vec::new();
    if named.is_empty() && sources.is_empty() {
        bail!("name a folder to index, as in \"corpus index seeds/\"");
    }
    if named.is_empty() || full {
        walk.extend(0..sources.len());
    }
    for folder in named {
        let holder = sources
            .iter()
            .enumerate()
            .filter(|(_, s)| folder.starts_with(&s.path))
            .max_by_key(|(_, s)| s.path.components().count())
            .map(|(i, _)| i);
        let i = match holder {
            Some(i) => {
                if sources[i].path != *folder {
                    notes.push(format!(
                        "{} is part of the source {} ({}): indexing that source",
                        folder.display(),
                        sources[i].name,
                        sources[i].path.display()
                    ));
                }
                i
            }
            None => {
                let name = unique_name(folder, &sources);
                sources.push(Source {
                    name,
                    path: folder.clone(),
                    articles: 0,
                    last_run: None,
                    state: SourceState::Unfinished,
                });
                sources.len() - 1
            }
        };
        if !walk.contains(&i) {
            walk.push(i);
        }
    }
    Ok(Plan { sources, walk, notes })
}

/// A name for a new source: its folder's name, or with as many of the parent folders'
/// names as make it unique ("2024", then "news-2024"), or a number after it. Names hold
/// no `/`, so one name is never the start of another's ids.
fn unique_name(folder: &Path, sources: &[Source]) -> String {
    let taken: HashSet<&str> = sources.iter().map(|s| s.name.as_str()).collect();
    let parts: Vec<String> = folder
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(name) => Some(name.to_string_lossy().replace(['/', '\\'], "_")),
            _ => None,
        })
        .collect();
    for take in 1..=parts.len() {
        let name = parts[parts.len() - take..].join("-");
        if !taken.contains(name.as_str()) {
            return name;
        }
    }
    let base = parts.last().cloned().unwrap_or_else(|| "root".to_string());
    (2..).map(|n| format!("{base}-{n}")).find(|name| !taken.contains(name.as_str())).unwrap_or(base)
}

/// The folders of other sources inside `sources[i]`: its walk leaves them to their own
/// source, so no file is indexed twice.
pub fn nested_in(sources: &[Source], i: usize) -> Vec<PathBuf> {
    let outer = &sources[i].path;
    sources
        .iter()
        .enumerate()
        .filter(|&(j, s)| j != i && s.path != *outer && s.path.starts_with(outer))
        .map(|(_, s)| s.path.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, path: &str) -> Source {
        Source {
            name: name.into(),
            path: path.into(),
            articles: 3,
            last_run: Some(1),
            state: SourceState::Indexed,
        }
    }

    #[test]
    fn a_new_folder_is_added_and_the_others_stay_as_they_are() {
        let plan = plan(vec![source("news", "/data/news")], &["/data/wire".into()], false).unwrap();
        assert_eq!(plan.sources.len(), 2);
        assert_eq!(plan.sources[1].name, "wire");
        assert_eq!(plan.walk, [1], "only the folder named is walked");
    }

    #[test]
    fn names_stay_unique_and_hold_no_slash() {
        let existing = vec![source("2024", "/a/2024")];
        let plan = plan(existing, &["/b/2024".into(), "/c/b/2024".into()], false).unwrap();
        let names: Vec<&str> = plan.sources.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["2024", "b-2024", "c-b-2024"]);
    }

    #[test]
    fn a_folder_inside_a_source_brings_that_source_up_to_date() {
        let plan = plan(vec![source("news", "/data/news")], &["/data/news/march".into()], false).unwrap();
        assert_eq!(plan.sources.len(), 1);
        assert_eq!(plan.walk, [0]);
        assert!(plan.notes[0].contains("part of the source news"), "{:?}", plan.notes);
    }

    #[test]
    fn nothing_named_walks_every_source_and_full_adds_the_named() {
        let existing = vec![source("news", "/data/news"), source("wire", "/data/wire")];
        assert_eq!(plan(existing.clone(), &[], false).unwrap().walk, [0, 1]);
        let full = plan(existing, &["/data/blogs".into(), "/data/news".into()], true).unwrap();
        assert_eq!(full.walk, [0, 1, 2]);
        assert!(plan(vec![], &[], false).is_err(), "no source and no folder: say what to do");
    }

    #[test]
    fn a_source_leaves_the_sources_inside_it_to_them() {
        let sources = vec![source("sub", "/d/sub"), source("d", "/d"), source("other", "/e")];
        assert_eq!(nested_in(&sources, 1), [PathBuf::from("/d/sub")]);
        assert!(nested_in(&sources, 0).is_empty());
    }

    #[test]
    fn ids_belong_to_their_source_only() {
        let s = source("news", "/n");
        assert!(s.holds("news/a.txt"));
        assert!(!s.holds("newsletter/a.txt"));
        assert!(!s.holds("news"));
    }
}
