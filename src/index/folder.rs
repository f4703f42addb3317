//! The index folder on disk: `corpus.json` (the schema, the sources, and which
//! generation of tantivy files is live), the writer's lock, and the generations, each a
//! subfolder of tantivy's files. A rebuild writes a new generation beside the live one
//! and swaps it in by rewriting `corpus.json` (a rename): whenever a run is killed, the
//! folder holds a whole index, the old one or the new.
//!
//! corpus deletes only what it wrote: the files tantivy lists as its own in a generation
//! that `corpus.json` no longer names, then that subfolder if it is empty.

use std::fs::{self, File};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use super::{display_dir, SCHEMA_VERSION};

/// The file that says a folder is corpus's index, and what is in it.
pub const MANIFEST: &str = "corpus.json";
/// Held, with an advisory lock, by the one process that writes the index.
const LOCK: &str = ".corpus-writer.lock";
/// Generations are subfolders `gen-1`, `gen-2`, ...
const GENERATION_PREFIX: &str = "gen-";
/// How the folder is laid out: 2 since the tantivy files moved into generations.
pub const LAYOUT_VERSION: u32 = 2;

/// What corpus keeps beside tantivy's files.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    /// 1 (or absent) for an index whose tantivy files sit in the folder itself.
    #[serde(default = "first_layout")]
    pub layout: u32,
    /// The subfolder that holds the live tantivy index.
    #[serde(default)]
    pub generation: String,
    #[serde(default)]
    pub sources: Vec<Source>,
    /// The folders of the last run, as an index of layout 1 recorded them: a rebuild of
    /// such an index takes them as its sources.
    #[serde(default, skip_serializing)]
    pub folders: Vec<PathBuf>,
}

fn first_layout() -> u32 {
    1
}

/// A folder of articles the index keeps up to date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The first part of its articles' ids, fixed when the source is added.
    pub name: String,
    /// The folder, as an absolute path.
    pub path: PathBuf,
    /// Articles indexed from it when its last run ended.
    pub articles: u64,
    /// When its last run ended, in seconds since 1970; `None` until one has.
    pub last_run: Option<i64>,
    pub state: SourceState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceState {
    /// Its last run finished.
    Indexed,
    /// A run began and did not finish: the next `corpus index` finishes it.
    Unfinished,
    /// Its folder was missing, unreadable or empty at its last run, and its articles were kept.
    Unavailable,
}

impl SourceState {
    pub fn label(self) -> &'static str {
        match self {
            SourceState::Indexed => "indexed",
            SourceState::Unfinished => "unfinished",
            SourceState::Unavailable => "unavailable",
        }
    }
}

impl Source {
    /// Whether the article `id` came from this source.
    pub fn holds(&self, id: &str) -> bool {
        id.strip_prefix(self.name.as_str()).is_some_and(|rest| rest.starts_with('/'))
    }
}

impl Manifest {
    pub fn new(generation: String, sources: Vec<Source>) -> Manifest {
        Manifest {
            schema_version: SCHEMA_VERSION,
            layout: LAYOUT_VERSION,
            generation,
            sources,
            folders: Vec::new(),
        }
    }

    /// The manifest of the index at `dir`, or `None` if the folder holds none.
    pub fn read(dir: &Path) -> Result<Option<Manifest>> {
        let path = dir.join(MANIFEST);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(err).with_context(|| format!("reading {}", path.display())),
        };
        let manifest = serde_json::from_slice(&bytes).map_err(|err| {
            anyhow::anyhow!(
                "{} is damaged ({err}): rebuild the index with \"corpus index --full DIR...\", naming its folders",
                path.display()
            )
        })?;
        Ok(Some(manifest))
    }

    /// Whether this version of corpus reads the index as it is.
    pub fn is_current(&self) -> bool {
        self.schema_version == SCHEMA_VERSION && self.layout == LAYOUT_VERSION && !self.generation.is_empty()
    }

    /// The folder of the live tantivy index.
    pub fn live(&self, dir: &Path) -> PathBuf {
        dir.join(&self.generation)
    }

    /// Written through a temporary file and a rename, so a crash leaves the old one or the
    /// new: this is the swap of a rebuilt index.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let tmp = dir.join(format!("{MANIFEST}.tmp"));
        let text = serde_json::to_string_pretty(self)?;
        write_synced(&tmp, text.as_bytes()).with_context(|| format!("writing {}", tmp.display()))?;
        fs::rename(&tmp, dir.join(MANIFEST))
            .with_context(|| format!("writing {}", dir.join(MANIFEST).display()))?;
        File::open(dir)
            .and_then(|d| d.sync_all())
            .with_context(|| format!("syncing {}", display_dir(dir)))?;
        Ok(())
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// The writer's lock on an index folder, held until dropped.
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
}

/// Takes the writer's lock on the index folder `dir`, creating the folder if needed.
/// Checks before it touches anything: a folder that holds files and no `corpus.json` is
/// someone else's, and is refused as it is.
pub fn lock_for_writing(dir: &Path) -> Result<WriterLock> {
    if dir.exists() && !dir.is_dir() {
        bail!("{} is a file, not an index folder: choose a folder with --index", dir.display());
    }
    if dir.is_dir() && !dir.join(MANIFEST).exists() {
        let foreign: Vec<String> = fs::read_dir(dir)
            .with_context(|| format!("reading {}", display_dir(dir)))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| !is_own_entry(name))
            .collect();
        if !foreign.is_empty() {
            bail!(
                "{} holds files that corpus did not write ({}) and no corpus.json: corpus leaves them alone; choose an empty or new folder with --index",
                display_dir(dir),
                shorten(&foreign)
            );
        }
    }
    fs::create_dir_all(dir).with_context(|| format!("creating {}", display_dir(dir)))?;
    let path = dir.join(LOCK);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(WriterLock { _file: file }),
        Err(fs::TryLockError::WouldBlock) => {
            bail!("another \"corpus index\" is writing to {}: wait for it to finish", display_dir(dir))
        }
        Err(fs::TryLockError::Error(err)) => Err(err).with_context(|| format!("locking {}", path.display())),
    }
}

/// Whether an entry of an index folder is one corpus makes before `corpus.json` is there:
/// its lock, a generation, a manifest being written. Hidden files are harmless.
fn is_own_entry(name: &str) -> bool {
    name.starts_with('.') || generation_number(name).is_some() || name == format!("{MANIFEST}.tmp")
}

/// A few names of a list, for a message.
fn shorten(names: &[String]) -> String {
    let mut sorted = names.to_vec();
    sorted.sort();
    let shown = sorted.iter().take(4).cloned().collect::<Vec<_>>().join(", ");
    if sorted.len() > 4 {
        format!("{shown}, ... {} in all", sorted.len())
    } else {
        shown
    }
}

/// Creates an empty generation folder, named one above every generation in `dir`.
pub fn new_generation(dir: &Path) -> Result<String> {
    let highest = generations(dir)?.iter().filter_map(|name| generation_number(name)).max().unwrap_or(0);
    let name = format!("{GENERATION_PREFIX}{}", highest + 1);
    let path = dir.join(&name);
    fs::create_dir(&path).with_context(|| format!("creating {}", path.display()))?;
    Ok(name)
}

fn generation_number(name: &str) -> Option<u64> {
    name.strip_prefix(GENERATION_PREFIX)?.parse().ok()
}

/// The generation folders in `dir`.
fn generations(dir: &Path) -> Result<Vec<String>> {
    Ok(fs::read_dir(dir)
        .with_context(|| format!("reading {}", display_dir(dir)))?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| generation_number(name).is_some())
        .collect())
}

/// Removes every generation but `live`: those a rebuild replaced, or left behind when it
/// was killed before its swap. Holding the writer's lock proves no one writes them.
pub fn remove_old_generations(dir: &Path, live: &str, _lock: &WriterLock) -> Result<()> {
    for name in generations(dir)? {
        if name != live {
            remove_tantivy_files(&dir.join(&name))?;
            remove_atomic_write_leftovers(&dir.join(&name))?;
            // Left in place if it holds anything tantivy did not write.
            let _ = fs::remove_dir(dir.join(&name));
        }
    }
    Ok(())
}

/// Removes the files of the index of layout 1 (tantivy's files in the folder itself) once
/// a generation has replaced it.
pub fn remove_first_layout(dir: &Path, _lock: &WriterLock) -> Result<()> {
    remove_tantivy_files(dir)
}

/// The files tantivy wrote in `folder`: those its `.managed.json` lists, and its own
/// bookkeeping files; and the article groups corpus computed from them. Anything else is left.
fn remove_tantivy_files(folder: &Path) -> Result<()> {
    let managed: Vec<String> = fs::read(folder.join(".managed.json"))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let own = [
        "meta.json",
        ".tantivy-meta.lock",
        ".tantivy-writer.lock",
        ".managed.json",
        crate::groups::GROUPS_FILE,
        crate::groups::GROUPS_FILE_NEW,
    ];
    let names = managed.iter().map(String::as_str).chain(own);
    for name in names {
        // Only plain names: a listed path never leads out of the folder.
        if name.contains('/') || name.contains('\\') || name.starts_with("..") {
            continue;
        }
        match fs::remove_file(folder.join(name)) {
            Ok(()) => {}
            Err(err) if err.kind() == ErrorKind::NotFound => {}
            Err(err) => return Err(err).with_context(|| format!("removing {}", folder.join(name).display())),
        }
    }
    Ok(())
}

/// Removes what a run killed inside one of tantivy's atomic writes (of `meta.json` or
/// `.managed.json`) left in a generation folder: the temporary file that write would have
/// renamed. Only in a generation folder, which corpus made: the index folder itself may
/// hold other programs' hidden files.
fn remove_atomic_write_leftovers(generation: &Path) -> Result<()> {
    for entry in fs::read_dir(generation).into_iter().flatten().flatten() {
        let name = entry.file_name();
        if name.to_str().is_some_and(is_atomic_write_leftover) && entry.file_type().is_ok_and(|t| t.is_file())
        {
            match fs::remove_file(entry.path()) {
                Ok(()) => {}
                Err(err) if err.kind() == ErrorKind::NotFound => {}
                Err(err) => return Err(err).with_context(|| format!("removing {}", entry.path().display())),
            }
        }
    }
    Ok(())
}

/// The name tantivy's atomic write gives its temporary file: the `tempfile` crate's default,
/// ".tmp" and six random letters or digits.
fn is_atomic_write_leftover(name: &str) -> bool {
    name.strip_prefix(".tmp")
        .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_of_other_files_is_refused_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["meta.json", "movie.idx", "app.store", "notes.txt"] {
            fs::write(dir.path().join(name), "k").unwrap();
        }
        let err = lock_for_writing(dir.path()).unwrap_err().to_string();
        assert!(err.contains("did not write"), "{err}");
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["app.store", "meta.json", "movie.idx", "notes.txt"], "nothing created or removed");
    }

    #[test]
    fn one_writer_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock_for_writing(dir.path()).unwrap();
        let err = lock_for_writing(dir.path()).unwrap_err().to_string();
        assert!(err.contains("another \"corpus index\""), "{err}");
        drop(first);
        assert!(lock_for_writing(dir.path()).is_ok());
    }

    #[test]
    fn old_generations_go_and_what_tantivy_did_not_write_stays() {
        let dir = tempfile::tempdir().unwrap();
        let lock = lock_for_writing(dir.path()).unwrap();
        let first = new_generation(dir.path()).unwrap();
        let second = new_generation(dir.path()).unwrap();
        assert_eq!((first.as_str(), second.as_str()), ("gen-1", "gen-2"));
        let old = dir.path().join(&first);
        fs::write(old.join(".managed.json"), r#"["a.store", "../escape.txt"]"#).unwrap();
        fs::write(old.join("meta.json"), "{}").unwrap();
        fs::write(old.join("a.store"), "x").unwrap();
        // The groups computed from it, and those of a run killed while writing them.
        fs::write(old.join(crate::groups::GROUPS_FILE), "g").unwrap();
        fs::write(old.join(crate::groups::GROUPS_FILE_NEW), "g").unwrap();
        // What a run killed inside one of tantivy's atomic writes leaves.
        fs::write(old.join(".tmpA1b2C3"), "{}").unwrap();
        fs::write(dir.path().join("escape.txt"), "mine").unwrap();
        remove_old_generations(dir.path(), &second, &lock).unwrap();
        assert!(!old.exists());
        assert!(dir.path().join("escape.txt").exists());
        assert!(dir.path().join(&second).exists());

        let third = new_generation(dir.path()).unwrap();
        fs::write(dir.path().join(&third).join("notes.txt"), "a user's").unwrap();
        fs::write(dir.path().join(&third).join(".tmp-notes"), "a user's").unwrap();
        remove_old_generations(dir.path(), &second, &lock).unwrap();
        assert!(dir.path().join(&third).join("notes.txt").exists(), "a file corpus did not write stays");
        assert!(dir.path().join(&third).join(".tmp-notes").exists(), "only tantivy's own temporary names go");
    }
}
