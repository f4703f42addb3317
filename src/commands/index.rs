//! `corpus index DIR...`: walk, read, clean and index, in parallel, then commit once.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::clean::{Observation, Templates, CLEANER_VERSION};
use crate::cli::{Global, IndexArgs};
use crate::exit::Exit;
use crate::index::{IndexRun, Known, Manifest, RunSummary, Writer};
use crate::ingest::{self, Article, FileEntry, FileFacts, SkipReason, Skipped};

/// What a worker made of one file.
enum Outcome {
    Unchanged,
    Ready(Box<Article>, Known),
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
    if args.strict && !summary.skipped.is_empty() {
        eprintln!("corpus: {} file(s) skipped and --strict was given", summary.skipped.len());
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
fn progress_bar(len: usize, quiet: bool) -> indicatif::ProgressBar {
    if quiet {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    let style = indicatif::ProgressStyle::with_template(
        "{prefix} [{bar:30}] {pos}/{len} files, {per_sec}, {eta} left",
    )
    .map(|s| s.progress_chars("=> "));
    if let Ok(style) = style {
        bar.set_style(style);
    }
    bar
}

fn index_folders(run: &IndexRun, writer: &mut Writer, quiet: bool) -> Result<RunSummary> {
    let mut summary = RunSummary::default();
    let mut files: Vec<FileEntry> = Vec::new();
    for (dir, prefix) in run.dirs.iter().zip(prefixes(&run.dirs)?) {
        let (found, skipped) = ingest::walk(dir, prefix.as_deref(), Some(&run.index_dir));
        files.extend(found);
        summary.skipped.extend(skipped);
    }
    files.shrink_to_fit();
    summary.seen = files.len();
    let bar = progress_bar(files.len(), quiet);
    bar.set_prefix("reading ");
    let (templates, facts) = ingest::learn_templates(&files, run.max_bytes, run.threads, &|| bar.inc(1));
    // Each file's stamp as of this run; the candidate lines behind it are no longer needed.
    let stamps: Vec<Option<Known>> = facts.into_iter().map(|f| f.map(|f| stamp(&f, &templates))).collect();
    bar.set_position(0);
    bar.set_prefix("indexing");
    let known = if run.full {
        writer.delete_all()?;
        HashMap::new()
    } else {
        writer.known()?
    };

    // Articles of the index not met yet in this run: what is left at the end is removed.
    let mut unseen: HashSet<&str> = known.keys().map(String::as_str).collect();
    let workers = run.threads.clamp(1, 8);
    let next = AtomicUsize::new(0);
    // A short queue: memory holds a few articles per worker, whatever the corpus.
    let (tx, rx) = mpsc::sync_channel::<(usize, Outcome)>(workers * 2);
    std::thread::scope(|scope| -> Result<()> {
        for _ in 0..workers {
            let tx = tx.clone();
            let (files, stamps, next, known, templates) = (&files, &stamps, &next, &known, &templates);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(file) = files.get(i) else { break };
                let earlier = known.get(&*file.id).copied();
                let outcome = process(file, stamps[i], earlier, templates, run.max_bytes);
                if tx.send((i, outcome)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        for (i, outcome) in rx {
            bar.inc(1);
            let file = &files[i];
            let replaces = unseen.remove(&*file.id);
            match outcome {
                Outcome::Unchanged => summary.unchanged += 1,
                Outcome::Ready(article, stamp) => {
                    summary.lines_stripped += article
                        .cleaned
                        .removed
                        .iter()
                        .map(|r| r.line_end.unwrap_or(r.line) + 1 - r.line)
                        .sum::<usize>();
                    summary.fragments += article.cleaned.fragments.len();
                    writer.put(&article, stamp, replaces)?;
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
                    summary.skipped.push(Skipped { path: file.path.display().to_string(), reason });
                }
            }
        }
        Ok(())
    })?;

    bar.finish_and_clear();
    for id in unseen {
        writer.delete(id);
        summary.removed += 1;
    }
    Ok(summary)
}

/// What the index will record of a file read by the first pass: its hash, the cleaner,
/// and which of its lines are corpus templates now.
fn stamp(facts: &FileFacts, templates: &Templates) -> Known {
    Known {
        hash: facts.hash,
        cleaner: CLEANER_VERSION as u64,
        templates: templates.signature(&facts.observation),
    }
}

/// Cleans one file unless it is unchanged since the last run: same bytes, same cleaner,
/// and the same lines of it are corpus templates. An unchanged file is not read again.
fn process(
    file: &FileEntry,
    first_pass: Option<Known>,
    earlier: Option<Known>,
    templates: &Templates,
    max_bytes: u64,
) -> Outcome {
    if first_pass.is_some() && first_pass == earlier {
        return Outcome::Unchanged;
    }
    let bytes = match ingest::read_bytes(&file.path, max_bytes) {
        Ok(bytes) => bytes,
        Err(reason) => return Outcome::Skip(reason),
    };
    match ingest::article_from_bytes(&file.id, &bytes, templates) {
        Ok(article) => {
            // Stamp what was cleaned: the first pass's stamp, unless the file changed since.
            let known = match first_pass.filter(|k| k.hash == article.hash) {
                Some(known) => known,
                None => {
                    let facts = FileFacts { hash: article.hash, observation: Observation::of(&article.raw) };
                    stamp(&facts, templates)
                }
            };
            Outcome::Ready(Box::new(article), known)
        }
        Err(reason) => Outcome::Skip(reason),
    }
}

fn report(summary: &RunSummary, quiet: bool) {
    for skipped in &summary.skipped {
        eprintln!("corpus: skipped {}: {}", skipped.path, skipped.reason);
    }
    if quiet {
        return;
    }
    let indexed = summary.added + summary.updated + summary.unchanged;
    let mut reasons: Vec<(&str, usize)> = Vec::new();
    for skipped in &summary.skipped {
        match reasons.iter_mut().find(|(key, _)| *key == skipped.reason.key()) {
            Some((_, n)) => *n += 1,
            None => reasons.push((skipped.reason.key(), 1)),
        }
    }
    let reasons = if reasons.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = reasons.iter().map(|(key, n)| format!("{n} {key}")).collect();
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
        summary.skipped.len(),
        reasons,
        summary.lines_stripped,
        summary.fragments,
        summary.seconds
    );
}
