//! The indexing engine: the index's sources, its writer's lock and the swap of a rebuilt
//! index, and the two passes over the files (walk, read, clean and index, in parallel,
//! then commit once).

mod remove;
mod sources;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Instant;

use anyhow::{bail, Context, Result};

pub use remove::remove_sources;
pub use sources::resolve_folder;

use crate::clean::{Observation, Templates, CLEANER_VERSION};
use crate::groups::signature::Likeness;
use crate::index::folder::{self, WriterLock};
use crate::index::{
    display_dir, DiskFull, Earlier, Known, Manifest, Source, SourceState, Ticket, Writer, WriterOptions,
    QUEUE_BYTES,
};
use crate::ingest::{
    self, Article, Decoded, FileEntry, FileFacts, ListReader, ListWriter, Listed, Room, SkipReason, Skipped,
};

/// What one `corpus index` run is asked to do.
#[derive(Debug, Clone)]
pub struct Request {
    pub index_dir: PathBuf,
    /// Folders named on the command line, absolute (see [`resolve_folder`]).
    pub folders: Vec<PathBuf>,
    /// Rebuild every source in a new generation, swapped in at the end.
    pub full: bool,
    pub max_bytes: u64,
    pub writer: WriterOptions,
    pub quiet: bool,
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
    /// Sources whose folder could not be read, or was empty when the index held articles
    /// of it: their articles were kept, and the run says why (exit 2).
    pub unavailable: Vec<String>,
    /// What the run decided that the user did not say.
    pub notes: Vec<String>,
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

/// What a worker made of one file.
enum Outcome {
    Unchanged,
    Ready(Box<Article>, Likeness, Known, Ticket),
    Skip(SkipReason),
}

/// One source this run walks.
#[derive(Debug, Clone)]
struct Walked {
    source: Source,
    /// Folders of other sources inside it, and the index: not walked.
    exclude: Vec<PathBuf>,
}

/// What this run does, settled before any file is read.
struct IndexRun {
    index_dir: PathBuf,
    /// Every source of the index.
    sources: Vec<Source>,
    walked: Vec<Walked>,
    max_bytes: u64,
    threads: usize,
    memory_bytes: usize,
}

/// Indexes the folders of `request` into its index: adds the new sources, brings the
/// named ones (or all, with none named) up to date, and never drops one.
pub fn run(request: &Request) -> Result<RunSummary> {
    let dir = &request.index_dir;
    let lock = folder::lock_for_writing(dir)?;
    let full = DiskFull::default();
    let result = run_locked(request, &lock, &full);
    if result.is_err() {
        // Give back the space a failed run took: a disk it filled stays full otherwise.
        // Best effort: the error to report is the run's.
        let _ = tidy(dir, &lock);
    }
    result.map_err(|err| explain_disk_full(err, &full, dir))
}

/// Removes what a failed run wrote: a new generation, and the files of the live one
/// that no commit refers to.
fn tidy(dir: &Path, lock: &WriterLock) -> Result<()> {
    let Some(manifest) = Manifest::read(dir)?.filter(Manifest::is_current) else { return Ok(()) };
    folder::remove_old_generations(dir, &manifest.generation, lock)?;
    let live = manifest.live(dir);
    if live.join("meta.json").exists() {
        let options = WriterOptions { threads: 1, memory_bytes: 15_000_000 };
        Writer::open(&live, options, &DiskFull::default())?.collect_garbage()?;
    }
    Ok(())
}

/// A failure for want of space, said as such: the index keeps its last commit, and the
/// files of the failed run are gone (see `tidy`).
pub(crate) fn explain_disk_full(err: anyhow::Error, full: &DiskFull, dir: &Path) -> anyhow::Error {
    let storage_full = err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::StorageFull)
    });
    if full.happened() || storage_full {
        anyhow::anyhow!(
            "no space left on device for the index at {}: it is as it was before this run; free some space and run \"corpus index\" again",
            display_dir(dir)
        )
    } else {
        err
    }
}

fn run_locked(request: &Request, lock: &WriterLock, full: &DiskFull) -> Result<RunSummary> {
    let start = Instant::now();
    let dir = &request.index_dir;
    // A damaged corpus.json has lost the sources: --full with the folders named rebuilds.
    let manifest = match Manifest::read(dir) {
        Err(_) if request.full => None,
        read => read?,
    };
    let current = manifest.as_ref().filter(|m| m.is_current());
    if manifest.is_some() && current.is_none() && !request.full {
        bail!(
            "the index at {} was built by another version of corpus: rebuild it with \"corpus index --full\"",
            display_dir(dir)
        );
    }
    let existing = current.map(|m| m.sources.clone()).unwrap_or_default();
    // An index of the first layout knew its folders, not sources: a rebuild adds them.
    let legacy =
        manifest.as_ref().filter(|m| m.layout < folder::LAYOUT_VERSION && request.folders.is_empty());
    let folders = legacy.map_or(&request.folders, |m| &m.folders);
    let plan = sources::plan(existing, folders, request.full)?;
    let mut summary = RunSummary { notes: plan.notes.clone(), ..RunSummary::default() };
    let mut sources = plan.sources;

    // A folder that is missing or cannot be read says nothing of its articles: they stay.
    let mut walked = Vec::new();
    for &i in &plan.walk {
        match unreadable_root(&sources[i].path) {
            Some(why) => {
                summary.unavailable.push(unavailable_message(&sources[i], &why));
                sources[i].state = SourceState::Unavailable;
            }
            None => {
                let mut exclude = sources::nested_in(&sources, i);
                exclude.push(dir.clone());
                walked.push(Walked { source: sources[i].clone(), exclude });
            }
        }
    }
    refuse_partial_rebuild(request, &summary)?;

    // A live generation without tantivy's meta.json is a first run killed before tantivy
    // wrote anything: it is started again, in the same folder.
    let started = current.filter(|m| m.live(dir).join("meta.json").exists());
    let rebuild = request.full || started.is_none();
    folder::remove_old_generations(dir, current.map_or("", |m| m.generation.as_str()), lock)?;
    // The sources are recorded before any work: a run that is killed is finished by the
    // next plain "corpus index". A rebuild of a live index stays out of corpus.json until
    // its swap, so searches read the old index until then.
    for w in &walked {
        if let Some(s) = sources.iter_mut().find(|s| s.name == w.source.name) {
            s.state = SourceState::Unfinished;
        }
    }
    let generation = match (rebuild, current) {
        (false, Some(live)) => live.generation.clone(),
        (true, Some(unstarted)) if started.is_none() => unstarted.generation.clone(),
        _ => folder::new_generation(dir)?,
    };
    std::fs::create_dir_all(dir.join(&generation))
        .with_context(|| format!("creating {}", dir.join(&generation).display()))?;
    let recorded = started.map_or(&generation, |live| &live.generation);
    let mut writer = if rebuild {
        Manifest::new(recorded.clone(), sources.clone()).write(dir)?;
        Writer::create(&dir.join(&generation), request.writer, full)?
    } else {
        // Room first: what a failed run left is deleted before anything is written.
        let writer = Writer::open(&dir.join(&generation), request.writer, full)?;
        writer.collect_garbage()?;
        Manifest::new(recorded.clone(), sources.clone()).write(dir)?;
        writer
    };

    let run = IndexRun {
        index_dir: dir.clone(),
        sources: sources.clone(),
        walked,
        max_bytes: request.max_bytes,
        threads: request.writer.threads,
        memory_bytes: request.writer.memory_bytes,
    };
    let earlier = if rebuild { None } else { Some(writer.earlier()?) };
    let found = index_folders(&run, &mut writer, earlier.as_ref(), &mut summary, request.quiet)?;
    drop(earlier);

    // A source whose walk found nothing while the index holds articles of it is a folder
    // that is not there (an unmounted drive): its articles were kept.
    let now = unix_now();
    for (w, files) in run.walked.iter().zip(&found.files) {
        let Some(s) = sources.iter_mut().find(|s| s.name == w.source.name) else { continue };
        if found.unavailable.contains(&s.name) {
            s.state = SourceState::Unavailable;
        } else {
            s.state = SourceState::Indexed;
            s.last_run = Some(now);
        }
        if *files == 0 && s.articles > 0 && !found.unavailable.contains(&s.name) {
            s.state = SourceState::Unavailable;
            s.last_run = w.source.last_run;
            summary.unavailable.push(unavailable_message(s, "it holds no article files now"));
        }
    }
    for name in &found.unavailable {
        if let Some(s) = sources.iter().find(|s| &s.name == name) {
            summary.unavailable.push(unavailable_message(s, "it could not be read"));
        }
    }
    refuse_partial_rebuild(request, &summary)?;
    writer.finish()?;
    let changed = summary.added + summary.updated + summary.removed > 0;
    let live = dir.join(&generation);
    let reader = crate::index::Reader::open_generation(&live)?;
    crate::groups::regroup(&live, &reader, changed)?;
    let counts = count_by_source(&reader, &sources)?;
    for (source, count) in sources.iter_mut().zip(counts) {
        source.articles = count;
    }
    Manifest::new(generation.clone(), sources).write(dir)?;
    folder::remove_old_generations(dir, &generation, lock)?;
    if manifest.is_some_and(|m| m.layout < folder::LAYOUT_VERSION) {
        folder::remove_first_layout(dir, lock)?;
    }
    summary.seconds = start.elapsed().as_secs_f64();
    Ok(summary)
}

/// A rebuild leaves out what it cannot read, so it stops rather than lose those articles
/// (the new generation is removed; the live one stays).
fn refuse_partial_rebuild(request: &Request, summary: &RunSummary) -> Result<()> {
    if request.full && !summary.unavailable.is_empty() {
        bail!(
            "nothing was rebuilt, since a rebuild would lose the articles of a source it cannot read:\n  {}",
            summary.unavailable.join("\n  ")
        );
    }
    Ok(())
}

/// Why a source's folder cannot be walked at all, if it cannot.
fn unreadable_root(path: &Path) -> Option<String> {
    match std::fs::read_dir(path) {
        Ok(_) if path.is_dir() => None,
        Ok(_) => Some("it is not a folder".to_string()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Some("it is missing".to_string()),
        Err(err) => Some(format!("it cannot be read: {err}")),
    }
}

fn unavailable_message(source: &Source, why: &str) -> String {
    format!(
        "the source {} ({}) was not indexed: {why}. Its {} articles are kept; to drop them on purpose, run \"corpus remove {}\"",
        source.name,
        source.path.display(),
        source.articles,
        source.name
    )
}

fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// How many articles of each source the index holds.
fn count_by_source(reader: &crate::index::Reader, sources: &[Source]) -> Result<Vec<u64>> {
    let mut counts = vec![0; sources.len()];
    crate::index::for_each_id(&reader.searcher(), |id| {
        if let Some(i) = sources.iter().position(|s| s.holds(id)) {
            counts[i] += 1;
        }
    })?;
    Ok(counts)
}

/// A progress bar on stderr, drawn only on a terminal and never with --quiet.
fn progress_bar(quiet: bool) -> indicatif::ProgressBar {
    if quiet {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::no_length();
    set_style(&bar, "{prefix} {pos} files, {per_sec}");
    bar
}

fn set_style(bar: &indicatif::ProgressBar, template: &str) {
    if let Ok(style) = indicatif::ProgressStyle::with_template(template).map(|s| s.progress_chars("=> ")) {
        bar.set_style(style);
    }
}

/// Says why a file was skipped, as soon as it is (nothing is kept per file), and counts it.
fn warn_skipped(summary: &mut RunSummary, bar: &indicatif::ProgressBar, path: &str, reason: &SkipReason) {
    bar.suspend(|| eprintln!("corpus: skipped {path}: {reason}"));
    summary.skip(reason.key());
}

/// What the first pass sends its collector.
enum Found {
    /// A file, and its hash and template candidates if it could be read, with its text
    /// when there was room to keep it.
    File(FileEntry, Option<(u64, Observation)>, Option<Decoded>),
    /// An entry the walk could not enter.
    Unwalkable(Skipped),
}

/// What the walk could not see: articles under these ids are kept, since it cannot tell
/// whether their files are still there.
#[derive(Debug, Default)]
struct Unwalked {
    /// Ids of folders (or files) that could not be read.
    ids: Vec<Box<str>>,
    /// Sources whose folder itself could not be read.
    unavailable: Vec<String>,
    /// Article files found in each walked source.
    files: Vec<usize>,
}

impl Unwalked {
    fn note(&mut self, id: Box<str>, walked: &[Walked]) {
        if let Some(w) = walked.iter().find(|w| *w.source.name == *id) {
            self.unavailable.push(w.source.name.clone());
        }
        self.ids.push(id);
    }

    /// Whether the article `id` lies under something the walk could not read.
    fn covers(&self, id: &str) -> bool {
        self.ids
            .iter()
            .any(|u| id.strip_prefix(&**u).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
    }
}

/// (line key, article) pairs the template count holds at once, 16 bytes each: 32 MB.
const MAX_PAIRS: usize = 2_000_000;

/// The share of the writer's memory budget that the first pass may fill with decoded
/// texts for the second (an eighth: 25 MB by default, more than Reuters-21578's 18 MB).
/// They are taken early in the second pass, while tantivy's own memory is still small,
/// and the allocator reuses their pages for tantivy's.
const KEPT_SHARE: usize = 8;

/// Decoded texts the first pass keeps for the second, by file id: a file among them is
/// read and decoded once. Opening, reading and decoding a file again cost about a tenth
/// of the second pass over Reuters' 21,578 files.
type Kept = HashMap<Box<str>, Decoded>;

/// The first pass: walks the folders, reads each file once and learns the corpus-level
/// templates. The files found go to a list on disk, with their template candidates and
/// what the second pass needs to tell an unchanged file without reading it again; the
/// templates are counted from that list. Texts are kept for the second pass while there
/// is room (see [`KEPT_SHARE`]).
fn first_pass(
    run: &IndexRun,
    summary: &mut RunSummary,
    bar: &indicatif::ProgressBar,
    unwalked: &mut Unwalked,
) -> Result<(Templates, ListReader, Kept)> {
    let mut list = ListWriter::create_in(&run.index_dir)
        .with_context(|| format!("creating a temporary file list in {}", run.index_dir.display()))?;
    let workers = run.threads.clamp(1, 8);
    let (found_tx, found_rx) = mpsc::sync_channel::<Vec<FileEntry>>(16);
    // Shared by the readers; the last one to stop drops it, which stops the walk.
    let found_rx = Arc::new(Mutex::new(found_rx));
    let (tx, rx) = mpsc::sync_channel::<Vec<Found>>(16);
    let room = Room::new(run.memory_bytes / KEPT_SHARE);
    let mut kept = Kept::new();
    std::thread::scope(|scope| -> Result<()> {
        // The second pass needs the cleaner's patterns at once; reading has time to spare.
        scope.spawn(crate::clean::warm_up);
        let walk_tx = tx.clone();
        let walker = scope.spawn(move || {
            // Batches of 1, 2, 4 ... files, then `BATCH_FILES`: the readers all get work at
            // once, even from a small folder, and then few hand-overs.
            let mut size = 1;
            let mut batch = Vec::new();
            let mut files = vec![0; run.walked.len()];
            for (walked, count) in run.walked.iter().zip(&mut files) {
                let source = &walked.source;
                for found in ingest::walk_iter(&source.path, Some(&source.name), &walked.exclude, false) {
                    let sent = match found {
                        Ok(file) => {
                            *count += 1;
                            batch.push(file);
                            if batch.len() < size {
                                true
                            } else {
                                size = (size * 2).min(BATCH_FILES);
                                found_tx.send(std::mem::take(&mut batch)).is_ok()
                            }
                        }
                        Err(skipped) => walk_tx.send(vec![Found::Unwalkable(skipped)]).is_ok(),
                    };
                    if !sent {
                        return files;
                    }
                }
            }
            if !batch.is_empty() {
                let _ = found_tx.send(batch);
            }
            files
        });
        for _ in 0..workers {
            let (tx, found_rx, room) = (tx.clone(), Arc::clone(&found_rx), &room);
            scope.spawn(move || loop {
                let next = found_rx.lock().map(|rx| rx.recv());
                let Ok(Ok(files)) = next else { break };
                let found = files
                    .into_iter()
                    .map(|file| match ingest::observe(&file, run.max_bytes) {
                        Some((observation, decoded)) => {
                            let hash = decoded.hash;
                            let decoded = room.take(decoded.text.capacity()).then_some(decoded);
                            Found::File(file, Some((hash, observation)), decoded)
                        }
                        None => Found::File(file, None, None),
                    })
                    .collect();
                if tx.send(found).is_err() {
                    break;
                }
            });
        }
        drop((tx, found_rx));
        for found in rx.into_iter().flatten() {
            match found {
                Found::File(file, facts, decoded) => {
                    bar.inc(1);
                    if let Some(decoded) = decoded {
                        kept.insert(file.id.clone(), decoded);
                    }
                    let facts = facts.map(|(hash, observation)| FileFacts {
                        hash,
                        article: observation.article(),
                        keys: observation.into_keys(),
                    });
                    list.push(&Listed { file, facts }).context("writing the temporary file list")?;
                }
                Found::Unwalkable(skipped) => {
                    warn_skipped(summary, bar, &skipped.path, &skipped.reason);
                    unwalked.note(skipped.id, &run.walked);
                }
            }
        }
        unwalked.files = walker.join().map_err(|_| anyhow::anyhow!("the folder walk failed"))?;
        Ok(())
    })?;
    summary.seen = list.len();
    let mut list = list.finish().context("reading the temporary file list")?;
    let templates = list.templates(MAX_PAIRS).context("reading the temporary file list")?;
    Ok((templates, list, kept))
}

/// What the second pass sends its collector: a file, whether the index held it, and
/// what became of it.
type Done = Result<(FileEntry, bool, Outcome)>;

/// Files handed between threads at once. A thread waiting for the next one is woken by
/// each hand-over; one article at a time, that was 60,000 wake-ups over Reuters' 21,578
/// files, and twice the system time of batches.
const BATCH_FILES: usize = 64;
/// Bytes of articles a worker gathers before handing them over, whatever their number,
/// counted as their tickets count them.
const BATCH_BYTES: usize = QUEUE_BYTES / 4;

/// How many of the `left` files of the list a worker takes at once: up to `BATCH_FILES`
/// while there are many, then fewer, down to one, so that the workers share out the last
/// ones (and a small folder) evenly. Each take locks the list, which may wake a worker.
fn share(left: usize, workers: usize) -> usize {
    (left / (workers * 4)).clamp(1, BATCH_FILES)
}

/// What an article read from `len` bytes holds until tantivy has indexed it: its text and
/// the cleaned body, then the same two copied into tantivy's document.
fn in_flight_bytes(len: usize) -> usize {
    len * 4 + 512
}

/// Articles a worker has made ready and not handed over yet.
#[derive(Default)]
struct Batch {
    done: Vec<Done>,
    bytes: usize,
}

impl Batch {
    /// Adds one; hands the batch over when it is full. False when the collector is gone.
    fn push(&mut self, done: Done, tx: &mpsc::SyncSender<Vec<Done>>) -> bool {
        if let Ok((_, _, Outcome::Ready(_, _, _, ticket))) = &done {
            self.bytes += ticket.bytes();
        }
        self.done.push(done);
        if self.done.len() >= BATCH_FILES || self.bytes >= BATCH_BYTES {
            return self.send(tx);
        }
        true
    }

    /// Hands over what it holds. False when the collector is gone.
    fn send(&mut self, tx: &mpsc::SyncSender<Vec<Done>>) -> bool {
        self.bytes = 0;
        let done = std::mem::take(&mut self.done);
        done.is_empty() || tx.send(done).is_ok()
    }
}

/// Both passes over the walked sources; `earlier` is what the index held before, `None`
/// when the run builds a new generation. Returns what the walk could not see.
fn index_folders(
    run: &IndexRun,
    writer: &mut Writer,
    earlier: Option<&Earlier>,
    summary: &mut RunSummary,
    quiet: bool,
) -> Result<Unwalked> {
    let bar = progress_bar(quiet);
    bar.set_prefix("reading ");
    let mut unwalked = Unwalked::default();
    let (templates, list, kept) = first_pass(run, summary, &bar, &mut unwalked)?;
    bar.set_position(0);
    bar.set_length(summary.seen as u64);
    set_style(&bar, "{prefix} [{bar:30}] {pos}/{len} files, {per_sec}, {eta} left");
    bar.set_prefix("indexing");

    let workers = run.threads.clamp(1, 8);
    let queue = writer.queue();
    let list = Mutex::new((list, kept));
    // A short queue of batches: memory holds a few articles per worker, whatever the corpus.
    let (tx, rx) = mpsc::sync_channel::<Vec<Done>>(workers);
    std::thread::scope(|scope| -> Result<()> {
        for _ in 0..workers {
            let (tx, list, earlier, templates, queue) = (tx.clone(), &list, &earlier, &templates, &queue);
            scope.spawn(move || {
                let mut batch = Batch::default();
                loop {
                    let taken = match list.lock() {
                        Ok(mut guard) => {
                            let (list, kept) = &mut *guard;
                            take_share(list, kept, workers)
                        }
                        Err(_) => Vec::new(),
                    };
                    if taken.is_empty() {
                        break;
                    }
                    for (listed, decoded) in taken {
                        let done = listed.context("reading the temporary file list").and_then(|listed| {
                            let known = match earlier {
                                Some(earlier) => earlier.get(&listed.file.id)?,
                                None => None,
                            };
                            // Waiting for room while holding articles not handed over could
                            // wait for ever: hand them over first.
                            let mut enter = |bytes| {
                                queue.try_enter(bytes).unwrap_or_else(|| {
                                    batch.send(&tx);
                                    queue.enter(bytes)
                                })
                            };
                            let outcome =
                                process(&listed, decoded, known, templates, run.max_bytes, &mut enter);
                            Ok((listed.file, known.is_some(), outcome))
                        });
                        if !batch.push(done, &tx) {
                            return;
                        }
                    }
                }
                batch.send(&tx);
            });
        }
        drop(tx);
        let collected = collect(rx, writer, summary, &bar);
        if collected.is_err() {
            // Give back the tickets of what was not handed to tantivy, so that no worker
            // waits for room before it sees the collector gone.
            writer.forget_pending();
        }
        collected
    })?;
    bar.finish_and_clear();

    if let Some(earlier) = earlier {
        let (mut list, _) = list.into_inner().map_err(|_| anyhow::anyhow!("an indexing thread failed"))?;
        // Only articles of the sources walked, and only where the walk saw everything.
        let empty: Vec<&str> = run
            .walked
            .iter()
            .zip(&unwalked.files)
            .filter(|(_, files)| **files == 0)
            .map(|(w, _)| w.source.name.as_str())
            .collect();
        // An article no source holds is left from a `corpus remove` that was killed.
        let gone = |id: &str| {
            let walked = run.walked.iter().find(|w| w.source.holds(id));
            match walked {
                Some(w) => !empty.contains(&w.source.name.as_str()) && !unwalked.covers(id),
                None => !run.sources.iter().any(|s| s.holds(id)),
            }
        };
        summary.removed +=
            remove_gone(&mut list, earlier, writer, gone).context("reading the temporary file list")?;
    }
    Ok(unwalked)
}

/// A worker's next files from the list (see [`share`]), each with its text if the first
/// pass kept it. The map of kept texts gives back its table once the last is taken.
fn take_share(
    list: &mut ListReader,
    kept: &mut Kept,
    workers: usize,
) -> Vec<(std::io::Result<Listed>, Option<Decoded>)> {
    let share = share(list.left(), workers);
    let taken: Vec<_> = list.by_ref().take(share).collect();
    let taken = taken
        .into_iter()
        .map(|listed| {
            let decoded = listed.as_ref().ok().and_then(|l| kept.remove(&l.file.id));
            (listed, decoded)
        })
        .collect();
    if kept.is_empty() {
        kept.shrink_to_fit();
    }
    taken
}

/// Takes the workers' batches in turn: counts each file, hands each batch of changes to
/// the writer at once, and warns of skipped files.
fn collect(
    rx: mpsc::Receiver<Vec<Done>>,
    writer: &mut Writer,
    summary: &mut RunSummary,
    bar: &indicatif::ProgressBar,
) -> Result<()> {
    for batch in rx {
        for done in batch {
            let (file, replaces, outcome) = done?;
            bar.inc(1);
            match outcome {
                Outcome::Unchanged => summary.unchanged += 1,
                Outcome::Ready(article, likeness, stamp, ticket) => {
                    if let Some(warning) = article.decoding_warning(&file.path) {
                        bar.suspend(|| eprintln!("corpus: {warning}"));
                    }
                    summary.lines_stripped += article
                        .cleaned
                        .removed
                        .iter()
                        .map(|r| r.line_end.unwrap_or(r.line) + 1 - r.line)
                        .sum::<usize>();
                    summary.fragments += article.cleaned.fragments.len();
                    writer.put(&article, &likeness, stamp, replaces, ticket)?;
                    if replaces {
                        summary.updated += 1;
                    } else {
                        summary.added += 1;
                    }
                }
                Outcome::Skip(reason) => {
                    // An unreadable file keeps its earlier version: a passing fault must not
                    // lose an article. Any other skip removes it.
                    if replaces && !matches!(reason, SkipReason::Unreadable(_)) {
                        writer.delete(&file.id);
                        summary.removed += 1;
                    }
                    warn_skipped(summary, bar, &file.path.display().to_string(), &reason);
                }
            }
        }
        // One hand-over to tantivy's threads for the whole batch.
        writer.send()?;
    }
    Ok(())
}

/// Ids of the file list held at once to find removed articles, 8 bytes each: 32 MB.
const MAX_IDS: usize = 4_000_000;

/// Removes the articles of the index whose files are not in this run's list, where
/// `may_go` says the walk saw their whole folder: they are gone from it. The list's ids are held as hashes, one slice of the hash space at a
/// time when there are more than `MAX_IDS`. (Two ids with the same 64-bit hash would keep a
/// removed article; the odds are negligible.) Returns how many were removed.
fn remove_gone(
    list: &mut ListReader,
    earlier: &Earlier,
    writer: &mut Writer,
    may_go: impl Fn(&str) -> bool,
) -> Result<usize> {
    let slices = list.len().div_ceil(MAX_IDS).max(1) as u64;
    let mut removed = 0;
    for slice in 0..slices {
        list.rewind()?;
        let mut met = Vec::new();
        for listed in list.by_ref() {
            let id = ingest::hash_bytes(listed?.file.id.as_bytes());
            if id % slices == slice {
                met.push(id);
            }
        }
        met.sort_unstable();
        earlier.for_each_id(|id| {
            let hash = ingest::hash_bytes(id.as_bytes());
            if hash % slices == slice && met.binary_search(&hash).is_err() && may_go(id) {
                writer.delete(id);
                removed += 1;
            }
        })?;
        writer.send()?;
    }
    Ok(removed)
}

/// What the index will record of a file read by the first pass: its hash, the cleaner,
/// and which of its lines are corpus templates now.
fn stamp(hash: u64, keys: &[u64], templates: &Templates) -> Known {
    Known { hash, cleaner: CLEANER_VERSION as u64, templates: templates.signature(keys) }
}

/// Cleans one file unless it is unchanged since the last run: same bytes, same cleaner,
/// and the same lines of it are corpus templates. An unchanged file is not read again,
/// nor is one whose text the first pass kept (`decoded`). A file takes a ticket from
/// `enter` for its size, which may wait for room in the queue, before it is read,
/// decoded and cleaned (see [`in_flight_bytes`]).
fn process(
    listed: &Listed,
    decoded: Option<Decoded>,
    earlier: Option<Known>,
    templates: &Templates,
    max_bytes: u64,
    enter: &mut dyn FnMut(usize) -> Ticket,
) -> Outcome {
    let first_pass = listed.facts.as_ref().map(|facts| stamp(facts.hash, &facts.keys, templates));
    if first_pass.is_some() && first_pass == earlier {
        return Outcome::Unchanged;
    }
    let (decoded, ticket) = match decoded {
        Some(decoded) => {
            let ticket = enter(in_flight_bytes(decoded.text.len()));
            (decoded, ticket)
        }
        None => match read(&listed.file, max_bytes, enter) {
            Ok(read) => read,
            Err(reason) => return Outcome::Skip(reason),
        },
    };
    match ingest::article_from_text(&listed.file.id, decoded, templates) {
        Ok(article) => {
            // Stamp what was cleaned: the first pass's stamp, unless the file changed since.
            let known = match first_pass.filter(|k| k.hash == article.hash) {
                Some(known) => known,
                None => stamp(article.hash, Observation::of(&article.raw).keys(), templates),
            };
            let likeness = Likeness::of(&article.cleaned);
            Outcome::Ready(Box::new(article), likeness, known, ticket)
        }
        Err(reason) => Outcome::Skip(reason),
    }
}

/// Opens a file, takes its ticket, then reads and decodes it.
fn read(
    file: &FileEntry,
    max_bytes: u64,
    enter: &mut dyn FnMut(usize) -> Ticket,
) -> Result<(Decoded, Ticket), SkipReason> {
    let opened = ingest::OpenFile::open(&file.path, max_bytes)?;
    let ticket = enter(in_flight_bytes(opened.size() as usize));
    let decoded = ingest::decode_file(&file.path, &opened.read(max_bytes)?)?;
    Ok((decoded, ticket))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Workers take large shares of a long list and one file at a time at its end.
    #[test]
    fn shares_shrink_to_one_file_at_the_end() {
        assert_eq!(share(100_000, 2), BATCH_FILES);
        assert_eq!(share(80, 2), 10);
        assert_eq!(share(7, 2), 1);
        assert_eq!(share(1, 4), 1);
        // Two workers and ten files: both get work.
        assert!(share(10, 2) < 10);
    }

    /// A text the first pass kept is cleaned without opening its file again, and still
    /// takes its ticket; the room for kept texts is never overdrawn.
    #[test]
    fn a_kept_text_is_not_read_again() {
        let listed = Listed {
            file: FileEntry { id: "gone.txt".into(), path: Path::new("/nonexistent/gone.txt").into() },
            facts: None,
        };
        let text = "A title\n\nThe council met on Tuesday and approved the budget for the year.\n";
        let decoded = Decoded { text: text.to_string(), hash: 1, encoding: "UTF-8", replaced: 0, page: None };
        let queue = Arc::new(crate::index::Queue::default());
        let outcome =
            process(&listed, Some(decoded), None, &Templates::default(), 1_000_000, &mut |b| queue.enter(b));
        let Outcome::Ready(article, _, known, _ticket) = outcome else { panic!("the kept text is indexed") };
        assert!(article.cleaned.body.contains("approved the budget"));
        assert_eq!((article.hash, known.hash), (1, 1), "stamped with the first pass's hash");
        assert!(queue.held() >= text.len());
        // Without it, the missing file is reported as such.
        let outcome = process(&listed, None, None, &Templates::default(), 1_000_000, &mut |b| queue.enter(b));
        assert!(matches!(outcome, Outcome::Skip(SkipReason::Unreadable(_))));

        let room = Room::new(100);
        assert!(room.take(60));
        assert!(!room.take(60), "not past the bound");
        assert!(room.take(40));
        assert!(!room.take(1));
    }

    /// A file waits for room among the articles in flight before it is read and cleaned,
    /// and its ticket travels with the article to the writer.
    #[test]
    fn a_file_waits_for_room_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(
            &path,
            "A title\n\nThe council met on Tuesday and approved the budget for the year.\n",
        )
        .unwrap();
        let listed = Listed { file: FileEntry { id: "a.txt".into(), path: path.into() }, facts: None };
        let queue = Arc::new(crate::index::Queue::default());
        let full = queue.enter(QUEUE_BYTES);
        let (tx, rx) = mpsc::channel();
        let waiting = Arc::clone(&queue);
        let worker = std::thread::spawn(move || {
            let outcome =
                process(&listed, None, None, &Templates::default(), 1_000_000, &mut |b| waiting.enter(b));
            tx.send(()).unwrap();
            outcome
        });
        assert!(rx.recv_timeout(Duration::from_millis(300)).is_err(), "no room: the worker waits");
        drop(full);
        rx.recv_timeout(Duration::from_secs(5)).expect("room again: the worker goes on");
        let outcome = worker.join().unwrap();
        assert!(matches!(outcome, Outcome::Ready(..)), "the article is ready");
        assert!(queue.held() > 0, "its ticket is still held");
        drop(outcome);
        assert_eq!(queue.held(), 0, "and given back with it");
    }
}
