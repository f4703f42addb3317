//! The only code that writes tantivy: create or open, add, delete, commit.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use anyhow::{Context, Result};
use tantivy::columnar::{Column, StrColumn};
use tantivy::directory::error::LockError;
use tantivy::indexer::{IndexWriterOptions, UserOperation};
use tantivy::schema::{Document, Field, IndexRecordOption};
use tantivy::{
    doc, DocSet, Index, IndexSettings, IndexWriter, InvertedIndexReader, SegmentReader, TantivyDocument,
    TantivyError, Term, TERMINATED,
};

use super::schema::{build_schema, iso_to_date, register_analyzers, Fields};
use super::writing::{DiskFull, WritingDirectory};
use super::{display_dir, StoredDetails};
use crate::groups::signature::Likeness;
use crate::ingest::Article;

/// How the writer may use the machine.
#[derive(Debug, Clone, Copy)]
pub struct WriterOptions {
    pub threads: usize,
    pub memory_bytes: usize,
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
        for segment in &self.segments {
            super::for_each_id_in(&segment.reader, &segment.ids, &mut f)?;
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

impl Writer {
    /// Creates a tantivy index in the empty folder `dir` (a new generation) and opens it
    /// for writing. A write that runs out of space is noted in `full`.
    pub fn create(dir: &Path, options: WriterOptions, full: &DiskFull) -> Result<Writer> {
        let directory = WritingDirectory::open(dir, full)?;
        Writer::create_in(directory, dir, options)
    }

    fn create_in(directory: WritingDirectory, dir: &Path, options: WriterOptions) -> Result<Writer> {
        let index = Index::create(directory, build_schema(), IndexSettings::default())
            .with_context(|| format!("creating an index in {}", display_dir(dir)))?;
        Writer::with(index, dir, options)
    }

    /// Opens the tantivy index in `dir` (the live generation) for writing.
    pub fn open(dir: &Path, options: WriterOptions, full: &DiskFull) -> Result<Writer> {
        let index = WritingDirectory::open(dir, full).and_then(Index::open).map_err(|err| {
            anyhow::anyhow!(
                "the index at {} cannot be read ({err}): rebuild it with \"corpus index --full\"",
                display_dir(dir)
            )
        })?;
        Writer::with(index, dir, options)
    }

    fn with(index: Index, dir: &Path, run: WriterOptions) -> Result<Writer> {
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
        // corpus's own lock (see `folder::lock_for_writing`) is taken first; tantivy's is
        // busy only if something else writes this folder.
        let writer = index.writer_with_options(options).map_err(|err| match err {
            TantivyError::LockFailure(LockError::LockBusy, _) => {
                anyhow::anyhow!("another process is writing to {}: wait for it to finish", display_dir(dir))
            }
            other => anyhow::Error::new(other).context(format!("opening {} for writing", display_dir(dir))),
        })?;
        Ok(Writer {
            index,
            writer,
            fields,
            dir: dir.to_path_buf(),
            queue: Arc::default(),
            pending: Vec::new(),
        })
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

    /// Deletes the files no commit refers to: those of a run that failed or was killed
    /// before its commit, which may be what filled the disk.
    pub fn collect_garbage(&self) -> Result<()> {
        self.writer.garbage_collect_files().wait().context("removing the files of an unfinished run")?;
        Ok(())
    }

    pub fn delete(&mut self, id: &str) {
        self.pending.push(UserOperation::Delete(Term::from_field_text(self.fields.id, id)));
    }

    /// Adds an article. `replaces` says the index holds an earlier version with the same id,
    /// which goes in the same commit. A new id needs no delete: each one queued costs memory
    /// until the commit and a term lookup per segment at it.
    pub fn put(
        &mut self,
        article: &Article,
        likeness: &Likeness,
        known: Known,
        replaces: bool,
        ticket: Ticket,
    ) -> Result<()> {
        if replaces {
            self.delete(&article.id);
        }
        let doc = self.document(article, likeness, known)?;
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

    fn document(&self, article: &Article, likeness: &Likeness, known: Known) -> Result<TantivyDocument> {
        let f = &self.fields;
        let c = &article.cleaned;
        let details = StoredDetails {
            subtitle: c.subtitle.clone(),
            sources: c.sources.clone(),
            removed: c.removed.clone(),
            fragments: c.fragments.clone(),
            encoding: article.encoding.to_string(),
        };
        let text = f.text_of(&c.lang);
        let mut doc = doc!(
            f.id => article.id.as_str(),
            f.lang => c.lang.as_str(),
            f.hash => known.hash,
            f.cleaner => known.cleaner,
            f.templates => known.templates,
            f.details => serde_json::to_string(&details)?,
            f.raw => article.raw.as_str(),
        );
        // Analysed by tantivy's indexing threads, with the analyzer of the field's language.
        doc.add_text(text.title, &c.title);
        doc.add_text(text.body, &c.body);
        for removed in c.removed.iter().filter(|r| super::schema::searched_when_removed(r.reason)) {
            doc.add_text(text.removed, &removed.text);
        }
        for fragment in &c.fragments {
            doc.add_text(f.text_of(&fragment.lang).fragments, &fragment.text);
        }
        if let Some(site) = &c.site {
            doc.add_text(f.site, site);
        }
        if let Some(author) = &c.author {
            doc.add_text(f.author, author);
        }
        if let Some(url) = &c.url {
            doc.add_text(f.url, url);
        }
        if let Some(date) = c.date.as_deref().and_then(iso_to_date) {
            doc.add_date(f.date, date);
        }
        doc.add_bytes(f.near, &likeness.near);
        doc.add_bytes(f.terms, &likeness.terms);
        Ok(doc)
    }

    /// Makes every change so far visible and durable, all at once.
    pub fn commit(&mut self) -> Result<()> {
        self.send()?;
        self.writer.commit().with_context(|| format!("committing to {}", display_dir(&self.dir)))?;
        Ok(())
    }

    /// Commits, then waits for merges to finish.
    pub fn finish(mut self) -> Result<()> {
        self.commit()?;
        self.writer.wait_merging_threads().context("merging index segments")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A disk that fills up while tantivy writes: the failure is seen for what it is,
    /// and the index keeps its last commit.
    #[test]
    fn a_full_disk_is_noticed_and_the_last_commit_stays() {
        let dir = tempfile::tempdir().unwrap();
        let options = WriterOptions { threads: 1, memory_bytes: 20_000_000 };
        let full = DiskFull::default();
        let directory = WritingDirectory::with_room(dir.path(), &full, 200_000).unwrap();
        let mut writer = Writer::create_in(directory, dir.path(), options).unwrap();
        let article = |n: usize| {
            let text = format!(
                "Story {n}\n\n{}\n",
                format!("The harbour board met about berth {n} today. ").repeat(40)
            );
            crate::ingest::article_from_text(
                &format!("s/{n}.txt"),
                crate::ingest::Decoded { text, hash: n as u64, encoding: "UTF-8", replaced: 0, page: None },
                &crate::clean::Templates::default(),
            )
            .unwrap()
        };
        let known = Known { hash: 0, cleaner: 0, templates: 0 };
        for n in 0..5 {
            let article = article(n);
            let likeness = Likeness::of(&article.cleaned);
            writer.put(&article, &likeness, known, false, writer.queue().enter(1)).unwrap();
        }
        writer.commit().unwrap();
        assert!(!full.happened());
        let failed = (5..400).try_for_each(|n| {
            let ticket = writer.queue().enter(1);
            let article = article(n);
            writer.put(&article, &Likeness::of(&article.cleaned), known, false, ticket)?;
            writer.send()
        });
        let failed = failed.and_then(|()| writer.commit());
        assert!(failed.is_err(), "200 kB cannot hold 400 articles");
        assert!(full.happened(), "the failure is known to be a full disk");
        drop(writer);
        let index = Index::open_in_dir(dir.path()).unwrap();
        assert_eq!(index.reader().unwrap().searcher().num_docs(), 5, "the last commit stays");
    }

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
}
