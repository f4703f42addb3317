//! `corpus index DIR...`: walk, read, clean and index, in parallel, then commit once.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::clean::{Observation, Templates, CLEANER_VERSION};
use crate::cli::{Global, IndexArgs};
use crate::exit::Exit;
use crate::index::{Earlier, IndexRun, Known, Manifest, RunSummary, Ticket, Writer, QUEUE_BYTES};
use crate::ingest::{
    self, Article, Decoded, FileEntry, FileFacts, ListReader, ListWriter, Listed, SkipReason, Skipped,
};

/// What a worker made of one file.
enum Outcome {
    Unchanged,
    Ready(Box<Article>, Known, Ticket),
    Skip(SkipReason),
}

pub fn run(global: &Global, args: IndexArgs) -> Result<Exit> {
    let start = Instant::now();
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let dirs = resolve_dirs(&global.index, &args.dirs)?;
    let run = IndexRun {
        index_dir: global.index.clone(),
        dirs,
        full: args.full,
        max_bytes: args.max_file_size.saturating_mul(1_000_000),
        threads: args.threads.unwrap_or(cores.min(4)),
        memory_bytes: args.memory.max(15).saturating_mul(1_000_000),
    };
    let mut writer = Writer::open(&run)?;
    let summary = index_folders(&run, &mut writer, global.quiet)?;
    writer.finish(run.dirs.clone())?;
    let summary = RunSummary { seconds: start.elapsed().as_secs_f64(), ..summary };
    report(&summary, global.quiet);
    if args.strict && summary.skipped_files() > 0 {
        eprintln!("corpus: {} file(s) skipped and --strict was given", summary.skipped_files());
        return Ok(Exit::Error);
    }
    Ok(Exit::Match)
}

/// The folders to index: those named, or those of the last run.
fn resolve_dirs(index_dir: &Path, named: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let dirs = if named.is_empty() {
        match Manifest::read(index_dir).ok().flatten() {
            Some(manifest) if !manifest.folders.is_empty() => manifest.folders,
            _ => bail!("name a folder to index, as in \"corpus index seeds/\""),
        }
    } else {
        named.to_vec()
    };
    dirs.iter()
        .map(|dir| {
            if !dir.is_dir() {
                bail!("{} is not a folder: name a folder of articles", dir.display());
            }
            std::fs::canonicalize(dir).with_context(|| format!("reading {}", dir.display()))
        })
        .collect()
}

/// The id prefix of each folder: none for one folder, its name when several are named.
fn prefixes(dirs: &[PathBuf]) -> Result<Vec<Option<String>>> {
    if dirs.len() < 2 {
        return Ok(vec![None; dirs.len()]);
    }
    let names: Vec<String> = dirs
        .iter()
        .map(|d| d.file_name().map_or_else(|| "root".to_string(), |n| n.to_string_lossy().into_owned()))
        .collect();
    let unique: HashSet<&String> = names.iter().collect();
    if unique.len() != names.len() {
        bail!("two of the folders have the same name; ids would collide: index them into separate indexes");
    }
    Ok(names.into_iter().map(Some).collect())
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

/// Bytes of text the first pass may still keep.
struct Room(AtomicUsize);

impl Room {
    /// Whether `bytes` more may be kept; if so, they are counted.
    fn take(&self, bytes: usize) -> bool {
        self.0.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| left.checked_sub(bytes)).is_ok()
    }
}

/// The first pass: walks the folders, reads each file once and learns the corpus-level
/// templates. The files found go to a list on disk, with their template candidates and
/// what the second pass needs to tell an unchanged file without reading it again; the
/// templates are counted from that list. Texts are kept for the second pass while there
/// is room (see [`KEPT_SHARE`]).
fn first_pass(
    run: &IndexRun,
    summary: &mut RunSummary,
    bar: &indicatif::ProgressBar,
) -> Result<(Templates, ListReader, Kept)> {
    let prefixes = prefixes(&run.dirs)?;
    let mut list = ListWriter::create_in(&run.index_dir)
        .with_context(|| format!("creating a temporary file list in {}", run.index_dir.display()))?;
    let workers = run.threads.clamp(1, 8);
    let (found_tx, found_rx) = mpsc::sync_channel::<Vec<FileEntry>>(16);
    // Shared by the readers; the last one to stop drops it, which stops the walk.
    let found_rx = Arc::new(Mutex::new(found_rx));
    let (tx, rx) = mpsc::sync_channel::<Vec<Found>>(16);
    let room = Room(AtomicUsize::new(run.memory_bytes / KEPT_SHARE));
    let mut kept = Kept::new();
    std::thread::scope(|scope| -> Result<()> {
        // The second pass needs the cleaner's patterns at once; reading has time to spare.
        scope.spawn(crate::clean::warm_up);
        let walk_tx = tx.clone();
        let prefixes = &prefixes;
        scope.spawn(move || {
            // Batches of 1, 2, 4 ... files, then `BATCH_FILES`: the readers all get work at
            // once, even from a small folder, and then few hand-overs.
            let mut size = 1;
            let mut batch = Vec::new();
            for (dir, prefix) in run.dirs.iter().zip(prefixes) {
                for found in ingest::walk_iter(dir, prefix.as_deref(), Some(&run.index_dir), false) {
                    let sent = match found {
                        Ok(file) => {
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
                        return;
                    }
                }
            }
            if !batch.is_empty() {
                let _ = found_tx.send(batch);
            }
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
                Found::Unwalkable(skipped) => warn_skipped(summary, bar, &skipped.path, &skipped.reason),
            }
        }
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
        if let Ok((_, _, Outcome::Ready(_, _, ticket))) = &done {
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

fn index_folders(run: &IndexRun, writer: &mut Writer, quiet: bool) -> Result<RunSummary> {
    let mut summary = RunSummary::default();
    let bar = progress_bar(quiet);
    bar.set_prefix("reading ");
    let (templates, list, kept) = first_pass(run, &mut summary, &bar)?;
    bar.set_position(0);
    bar.set_length(summary.seen as u64);
    set_style(&bar, "{prefix} [{bar:30}] {pos}/{len} files, {per_sec}, {eta} left");
    bar.set_prefix("indexing");
    let earlier = if run.full {
        writer.delete_all()?;
        None
    } else {
        Some(writer.earlier()?)
    };

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
        let collected = collect(rx, writer, &mut summary, &bar);
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
        summary.removed +=
            remove_gone(&mut list, &earlier, writer).context("reading the temporary file list")?;
    }
    Ok(summary)
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
                Outcome::Ready(article, stamp, ticket) => {
                    summary.lines_stripped += article
                        .cleaned
                        .removed
                        .iter()
                        .map(|r| r.line_end.unwrap_or(r.line) + 1 - r.line)
                        .sum::<usize>();
                    summary.fragments += article.cleaned.fragments.len();
                    writer.put(&article, stamp, replaces, ticket)?;
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

/// Removes the articles of the index whose files are not in this run's list: they are gone
/// from the folders. The list's ids are held as hashes, one slice of the hash space at a
/// time when there are more than `MAX_IDS`. (Two ids with the same 64-bit hash would keep a
/// removed article; the odds are negligible.) Returns how many were removed.
fn remove_gone(list: &mut ListReader, earlier: &Earlier, writer: &mut Writer) -> Result<usize> {
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
            if hash % slices == slice && met.binary_search(&hash).is_err() {
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
            Outcome::Ready(Box::new(article), known, ticket)
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
    let decoded = ingest::decode_bytes(&opened.read(max_bytes)?)?;
    Ok((decoded, ticket))
}

fn report(summary: &RunSummary, quiet: bool) {
    if quiet {
        return;
    }
    let indexed = summary.added + summary.updated + summary.unchanged;
    let reasons = if summary.skipped.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = summary.skipped.iter().map(|(key, n)| format!("{n} {key}")).collect();
        format!(" ({})", list.join(", "))
    };
    eprintln!(
        "{} files seen, {} indexed ({} added, {} updated, {} removed, {} unchanged), {} skipped{}; {} lines stripped, {} fragments; {:.2} s",
        summary.seen,
        indexed,
        summary.added,
        summary.updated,
        summary.removed,
        summary.unchanged,
        summary.skipped_files(),
        reasons,
        summary.lines_stripped,
        summary.fragments,
        summary.seconds
    );
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
        let decoded = Decoded { text: text.to_string(), hash: 1, encoding: "UTF-8" };
        let queue = Arc::new(crate::index::Queue::default());
        let outcome =
            process(&listed, Some(decoded), None, &Templates::default(), 1_000_000, &mut |b| queue.enter(b));
        let Outcome::Ready(article, known, _ticket) = outcome else { panic!("the kept text is indexed") };
        assert!(article.cleaned.body.contains("approved the budget"));
        assert_eq!((article.hash, known.hash), (1, 1), "stamped with the first pass's hash");
        assert!(queue.held() >= text.len());
        // Without it, the missing file is reported as such.
        let outcome = process(&listed, None, None, &Templates::default(), 1_000_000, &mut |b| queue.enter(b));
        assert!(matches!(outcome, Outcome::Skip(SkipReason::Unreadable(_))));

        let room = Room(AtomicUsize::new(100));
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
