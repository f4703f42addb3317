//! The index as `corpus index` changes it under a running server. A watcher thread looks
//! four times a second: a new `generation` in corpus.json (a `--full` rebuild, or a change
//! of schema) opens the new generation and swaps it in whole; a rewritten `meta.json` in the
//! live generation (a commit) reloads tantivy's reader. tantivy commits by renaming
//! `meta.json` and corpus swaps generations by renaming corpus.json, so each look sees
//! either the old state or the new, never one half-written; a request keeps the reader it
//! started with until it ends.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use anyhow::Result;

use crate::index::{Manifest, Reader};

/// How often the watcher looks for a commit or a swap.
pub const WATCH_INTERVAL: Duration = Duration::from_millis(250);

/// The reader requests use now.
pub struct LiveIndex {
    dir: PathBuf,
    current: RwLock<Arc<Reader>>,
}

/// What the watcher saw last: the generation corpus.json named, its schema, and the bytes of
/// that generation's `meta.json` (a few kilobytes), compared to notice a commit.
#[derive(Default, PartialEq, Eq)]
struct Seen {
    generation: String,
    schema_version: u32,
    meta: Vec<u8>,
}

impl LiveIndex {
    /// Opens the index at `dir`, or says why it cannot, as `corpus search` would.
    pub fn open(dir: &Path) -> Result<LiveIndex> {
        let reader = Reader::open_for_search(dir)?;
        Ok(LiveIndex { dir: dir.to_path_buf(), current: RwLock::new(Arc::new(reader)) })
    }

    /// The reader as of now; a later commit or swap does not change it under the caller.
    pub fn reader(&self) -> Arc<Reader> {
        match self.current.read() {
            Ok(reader) => Arc::clone(&reader),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Watches the folder until `stop()` says so, reporting on stderr what it could not open.
    pub fn watch(&self, stop: impl Fn() -> bool) {
        let mut seen = self.look().unwrap_or_default();
        let mut last_problem = String::new();
        while !stop() {
            std::thread::sleep(WATCH_INTERVAL);
            let Some(now) = self.look() else { continue };
            if now == seen {
                continue;
            }
            let outcome = if now.generation != seen.generation || now.schema_version != seen.schema_version {
                Reader::open_for_search(&self.dir).map(|reader| self.replace(reader))
            } else {
                self.reader().reader.reload().map_err(anyhow::Error::from)
            };
            match outcome {
                Ok(()) => {
                    seen = now;
                    last_problem.clear();
                }
                // Keep serving what was read last; say so once, and try again at the next look.
                Err(err) => {
                    let problem = format!("{err:#}");
                    if problem != last_problem {
                        eprintln!("corpus: serving the index as it was: {problem}");
                        last_problem = problem;
                    }
                }
            }
        }
    }

    fn replace(&self, reader: Reader) {
        let reader = Arc::new(reader);
        match self.current.write() {
            Ok(mut current) => *current = reader,
            Err(poisoned) => *poisoned.into_inner() = reader,
        }
    }

    /// corpus.json and the live generation's meta.json as they are now; `None` while either
    /// cannot be read (a rebuild's first moments), which changes nothing.
    fn look(&self) -> Option<Seen> {
        let manifest = Manifest::read(&self.dir).ok()??;
        let meta = std::fs::read(manifest.live(&self.dir).join("meta.json")).ok()?;
        Some(Seen { generation: manifest.generation, schema_version: manifest.schema_version, meta })
    }
}
