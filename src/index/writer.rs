//! The only code that writes tantivy: create or open, add, delete, commit.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use tantivy::columnar::{Column, StrColumn};
use tantivy::directory::error::LockError;
use tantivy::indexer::{IndexWriterOptions, UserOperation};
use tantivy::schema::{Document, Field, IndexRecordOption, Schema};
use tantivy::{
    doc, DocSet, Index, IndexWriter, InvertedIndexReader, SegmentReader, TantivyDocument, TantivyError, Term,
    TERMINATED,
};

use super::schema::{build_schema, iso_to_date, register_analyzers, Fields, SCHEMA_VERSION};
use super::{display_dir, Manifest};
use crate::ingest::Article;

/// What one `corpus index` run is asked to do.
#[derive(Debug, Clone)]
pub struct IndexRun {
    pub index_dir: PathBuf,
    pub dirs: Vec<PathBuf>,
    pub full: bool,
    pub max_bytes: u64,
    pub threads: usize,
    pub memory_bytes: usize,
}

/// What one run did, for the summary line.
#[derive(Debug, Default)]
pub struct RunSummary {
    pub seen: usize,
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub unchanged: usize,
    /// Files skipped, by kind ("empty", "binary" ...), in the order the kinds were first met.
    pub skipped: Vec<(&'static str, usize)>,
    pub lines_stripped: usize,
    pub fragments: usize,
    pub seconds: f64,
}

impl RunSummary {
    /// Files skipped in all.
    pub fn skipped_files(&self) -> usize {
        self.skipped.iter().map(|(_, n)| n).sum()
    }

    /// Counts one skipped file under its kind.
    pub fn skip(&mut self, key: &'static str) {
        match self.skipped.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => self.skipped.push((key, 1)),
        }
    }
}

/// What the index knows of an article already in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    pub hash: u64,
    pub cleaner: u64,
    /// Which of its lines were corpus templates when it was cleaned (see `Templates::signature`).
    pub templates: u64,
}

/// The articles an index held when a run began, read from the index one id at a time:
/// nothing per article is held in memory, however large the index.
pub struct Earlier {
    id: Field,
    segments: Vec<EarlierSegment>,
}

struct EarlierSegment {
    reader: SegmentReader,
    postings: Arc<InvertedIndexReader>,
    ids: StrColumn,
    hashes: Column<u64>,
    cleaners: Column<u64>,
    signatures: Column<u64>,
}

impl Earlier {
    /// What the index knows of the article `id`, if it holds it.
    pub fn get(&self, id: &str) -> Result<Option<Known>> {
        let term = Term::from_field_text(self.id, id);
        for segment in &self.segments {
            let Some(mut postings) = segment.postings.read_postings(&term, IndexRecordOption::Basic)? else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if !segment.reader.is_deleted(doc) {
                    return Ok(Some(Known {
                        hash: segment.hashes.first(doc).unwrap_or(0),
                        cleaner: segment.cleaners.first(doc).unwrap_or(0),
                        templates: segment.signatures.first(doc).unwrap_or(0),
                    }));
                }
                doc = postings.advance();
            }
        }
        Ok(None)
    }

    /// Calls `f` with the id of every article, one at a time.
    pub fn for_each_id(&self, mut f: impl FnMut(&str)) -> Result<()> {
        let mut id = String::new();
        for segment in &self.segments {
            for doc in segment.reader.doc_ids_alive() {
                let Some(ord) = segment.ids.term_ords(doc).next() else {
                    continue;
                };
                id.clear();
                segment.ids.ord_to_str(ord, &mut id)?;
                f(&id);
            }
        }
        Ok(())
    }
}

/// Bytes of articles between being read and being indexed by tantivy. A worker takes a
/// ticket for each file it has read before decoding and cleaning it, and tantivy gives it
/// back when it drops the indexed document; `enter` waits while more than `QUEUE_BYTES`
/// are held. Memory for articles in flight (in the cleaners, the channel and tantivy's
/// queue, which holds up to 10,000 documents whatever their size) stays bounded by bytes,
/// or by the one article being read when that alone is larger.
#[derive(Default)]
pub struct Queue {
    state: Mutex<Held>,
    left: Condvar,
}

#[derive(Default)]
struct Held {
    bytes: usize,
    /// Workers waiting for room: a ticket given back wakes them only when there are any
    /// (a wake-up is a system call whether anyone waits or not, one per article).
    waiting: usize,
}

/// Bytes of articles in flight, at most (unless one article is larger).
pub const QUEUE_BYTES: usize = 32_000_000;

/// Whether `bytes` more would not fit beside `held`: an article always fits alone.
fn no_room(held: usize, bytes: usize) -> bool {
    held > 0 && held + bytes > QUEUE_BYTES
}

impl Queue {
    pub fn enter(self: &Arc<Self>, bytes: usize) -> Ticket {
        let mut held = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while no_room(held.bytes, bytes) {
            // A writer whose indexing threads died drops nothing: do not wait for ever
            // (tantivy reports the failure on the next document or at the commit).
            held.waiting += 1;
            let (guard, wait) =
                self.left.wait_timeout(held, Duration::from_secs(10)).unwrap_or_else(PoisonError::into_inner);
            held = guard;
            held.waiting -= 1;
            if wait.timed_out() {
                break;
            }
        }
        held.bytes += bytes;
        Ticket { bytes, queue: Arc::clone(self) }
    }

    /// A ticket if there is room now, without waiting.
    pub fn try_enter(self: &Arc<Self>, bytes: usize) -> Option<Ticket> {
        let mut held = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if no_room(held.bytes, bytes) {
            return None;
        }
        held.bytes += bytes;
        Some(Ticket { bytes, queue: Arc::clone(self) })
    }

    /// Bytes held now.
    pub fn held(&self) -> usize {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).bytes
    }
}

/// An article's place in the queue, given back when it is dropped: by tantivy once
/// indexed, or by the worker when the file is skipped.
pub struct Ticket {
    bytes: usize,
    queue: Arc<Queue>,
}

impl Ticket {
    /// The bytes it counts.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut held = self.queue.state.lock().unwrap_or_else(PoisonError::into_inner);
        held.bytes = held.bytes.saturating_sub(self.bytes);
        if held.waiting > 0 {
            self.queue.left.notify_all();
        }
    }
}

/// A document on its way through tantivy's indexing queue: tantivy indexes it as the
/// document it wraps and drops it once indexed, which gives its ticket back.
pub struct Queued {
    doc: TantivyDocument,
    _ticket: Ticket,
}

impl Document for Queued {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }
}

pub struct Writer {
    index: Index,
    writer: IndexWriter<Queued>,
    queue: Arc<Queue>,
    /// Changes not handed to tantivy yet (see [`Writer::send`]).
    pending: Vec<UserOperation<Queued>>,
    fields: Fields,
    dir: PathBuf,
}

/// Files tantivy and corpus write into an index folder: the only ones `--full` may delete.
fn is_index_file(name: &str) -> bool {
    const EXTENSIONS: [&str; 7] = [".idx", ".pos", ".term", ".store", ".fast", ".fieldnorm", ".del"];
    name == "meta.json"
        || name == ".managed.json"
        || name.starts_with(".tantivy-")
        || name.starts_with("corpus.json")
        || EXTENSIONS.iter().any(|ext| name.ends_with(ext))
}

/// Entries that may sit in a folder before it holds an index.
fn is_harmless(name: &str) -> bool {
    name.starts_with('.')
}

fn wipe(dir: &Path) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_file() && is_index_file(&name) {
            fs::remove_file(entry.path()).with_context(|| format!("removing {}", entry.path().display()))?;
        }
    }
    Ok(())
}

fn create(dir: &Path, schema: Schema) -> Result<Index> {
    let foreign: Vec<String> = fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !is_harmless(name) && !is_index_file(name))
        .collect();
    if !foreign.is_empty() {
        bail!(
            "{} is not empty and holds no index (it has {}): choose an empty folder with --index",
            display_dir(dir),
            foreign.join(", ")
        );
    }
    Index::create_in_dir(dir, schema).with_context(|| format!("creating an index in {}", display_dir(dir)))
}

impl Writer {
    /// Opens the index in `dir` for writing, creating it if needed. Fails at once, with a
    /// message, if another process holds the writer lock.
    pub fn open(run: &IndexRun) -> Result<Writer> {
        let dir = &run.index_dir;
        fs::create_dir_all(dir).with_context(|| format!("creating {}", display_dir(dir)))?;
        let has_index = dir.join("meta.json").exists();
        let index = if has_index && !run.full {
            let (index, _) = super::open_index(dir)?;
            index
        } else if has_index {
            // --full on a damaged or older index starts over; on a sound one, a delete-all
            // commit keeps the old state readable until the new one is committed.
            match super::open_index(dir) {
                Ok((index, _)) => index,
                Err(_) => {
                    wipe(dir)?;
                    create(dir, build_schema())?
                }
            }
        } else {
            create(dir, build_schema())?
        };
        register_analyzers(&index);
        let fields = Fields::from_schema(&index.schema())?;
        // tantivy wants 15 MB per indexing thread at least: fewer threads, not more memory,
        // when the budget is small (as tantivy's own `Index::writer` does).
        let threads = run.threads.clamp(1, 8).min((run.memory_bytes / 15_000_000).max(1));
        // One merge at a time: each merge holds memory outside the writer's budget, and on a
        // small machine parallel merges only compete with indexing for the cores.
        let options = IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread((run.memory_bytes / threads).max(15_000_000))
            .num_merge_threads(1)
            .build();
        let writer = index.writer_with_options(options).map_err(|err| match err {
            TantivyError::LockFailure(LockError::LockBusy, _) => anyhow::anyhow!(
                "another \"corpus index\" is writing to {}: wait for it to finish",
                display_dir(dir)
            ),
            other => anyhow::Error::new(other).context(format!("opening {} for writing", display_dir(dir))),
        })?;
        Ok(Writer { index, writer, fields, dir: dir.clone(), queue: Arc::default(), pending: Vec::new() })
    }

    /// The articles the index holds as this run begins (the writer commits only at the end).
    pub fn earlier(&self) -> Result<Earlier> {
        let searcher = self.index.reader()?.searcher();
        let segments = searcher
            .segment_readers()
            .iter()
            .map(|segment| {
                let fast = segment.fast_fields();
                Ok(EarlierSegment {
                    reader: segment.clone(),
                    postings: segment.inverted_index(self.fields.id)?,
                    ids: fast.str("id")?.context("the index has no id column")?,
                    hashes: fast.u64("hash")?,
                    cleaners: fast.u64("cleaner")?,
                    signatures: fast.u64("templates")?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Earlier { id: self.fields.id, segments })
    }

    pub fn delete_all(&mut self) -> Result<()> {
        self.send()?;
        self.writer.delete_all_documents()?;
        Ok(())
    }

    pub fn delete(&mut self, id: &str) {
        self.pending.push(UserOperation::Delete(Term::from_field_text(self.fields.id, id)));
    }

    /// Adds an article. `replaces` says the index holds an earlier version with the same id,
    /// which goes in the same commit. A new id needs no delete: each one queued costs memory
    /// until the commit and a term lookup per segment at it.
    pub fn put(&mut self, article: &Article, known: Known, replaces: bool, ticket: Ticket) -> Result<()> {
        if replaces {
            self.delete(&article.id);
        }
        let doc = self.document(article, known)?;
        self.pending.push(UserOperation::Add(Queued { doc, _ticket: ticket }));
        Ok(())
    }

    /// Hands the changes made since the last call to tantivy's indexing threads, in one
    /// batch: each hand-over may wake one of them.
    pub fn send(&mut self) -> Result<()> {
        if !self.pending.is_empty() {
            self.writer.run(std::mem::take(&mut self.pending))?;
        }
        Ok(())
    }

    /// Drops the changes not handed to tantivy yet, giving back their tickets (after an
    /// error, when they will not be committed).
    pub fn forget_pending(&mut self) {
        self.pending.clear();
    }

    /// Where readers take a ticket for each article they read (see [`Queue`]).
    pub fn queue(&self) -> Arc<Queue> {
        Arc::clone(&self.queue)
    }

    fn document(&self, article: &Article, known: Known) -> Result<TantivyDocument> {
        let f = &self.fields;
        let c = &article.cleaned;
        let details = serde_json::json!({
            "subtitle": c.subtitle,
            "sources": c.sources,
            "removed": c.removed,
            "fragments": c.fragments,
            "encoding": article.encoding,
        });
        let text = f.text_of(&c.lang);
        let mut doc = doc!(
            f.id => article.id.as_str(),
            f.lang => c.lang.as_str(),
            f.hash => known.hash,
            f.cleaner => known.cleaner,
            f.templates => known.templates,
            f.details => details.to_string(),
            f.raw => article.raw.as_str(),
        );
        // Analysed by tantivy's indexing threads, with the analyzer of the field's language.
        doc.add_text(text.title, &c.title);
        doc.add_text(text.body, &c.body);
        for fragment in &c.fragments {
            doc.add_text(f.text_of(&fragment.lang).fragments, &fragment.text);
        }
        if let Some(site) = &c.site {
            doc.add_text(f.site, site);
        }
        if let Some(author) = &c.author {
            doc.add_text(f.author, author);
        }
        if let Some(date) = c.date.as_deref().and_then(iso_to_date) {
            doc.add_date(f.date, date);
        }
        Ok(doc)
    }

    /// Makes every change so far visible and durable, all at once.
    pub fn commit(&mut self) -> Result<()> {
        self.send()?;
        self.writer.commit().with_context(|| format!("committing to {}", display_dir(&self.dir)))?;
        Ok(())
    }

    /// Commits, records the folders of this run, and waits for merges to finish.
    pub fn finish(mut self, folders: Vec<PathBuf>) -> Result<()> {
        self.commit()?;
        Manifest { schema_version: SCHEMA_VERSION, folders }.write(&self.dir)?;
        self.writer.wait_merging_threads().context("merging index segments")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queue_waits_for_room_and_lets_a_large_document_through_alone() {
        let queue = Arc::new(Queue::default());
        let first = queue.enter(QUEUE_BYTES - 10);
        let (tx, rx) = std::sync::mpsc::channel();
        let waiting = Arc::clone(&queue);
        let second = std::thread::spawn(move || {
            let ticket = waiting.enter(100);
            tx.send(()).unwrap();
            ticket
        });
        assert!(rx.recv_timeout(Duration::from_millis(300)).is_err(), "no room: the second waits");
        drop(first);
        rx.recv_timeout(Duration::from_secs(5)).expect("room again: the second goes");
        drop(second.join().unwrap());
        let large = queue.enter(QUEUE_BYTES * 3);
        assert_eq!(queue.held(), QUEUE_BYTES * 3, "alone, a larger document goes at once");
        drop(large);
        assert_eq!(queue.held(), 0);
    }

    #[test]
    fn full_rebuild_deletes_only_index_files() {
        for name in
            ["meta.json", ".managed.json", "abc.store", "abc.idx", ".tantivy-writer.lock", "corpus.json"]
        {
            assert!(is_index_file(name), "{name}");
        }
        for name in ["article.txt", "notes.md", "README"] {
            assert!(!is_index_file(name), "{name}");
        }
    }

    #[test]
    fn refuses_to_create_an_index_among_other_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("article.txt"), "text").unwrap();
        let err = create(dir.path(), build_schema()).unwrap_err().to_string();
        assert!(err.contains("not empty"), "{err}");
        assert!(dir.path().join("article.txt").exists());
    }
}
