//! `corpus index DIR...`: adds the folders as sources, or brings them up to date; with no
//! folder, every source. The work is the engine's (`crate::indexer`); this parses and prints.

use anyhow::Result;

use crate::cli::{Global, IndexArgs};
use crate::exit::Exit;
use crate::index::WriterOptions;
use crate::indexer::{self, Request, RunSummary};

pub fn run(global: &Global, args: IndexArgs) -> Result<Exit> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    // Every folder is checked before the index is touched.
    let folders = args.dirs.iter().map(|d| indexer::resolve_folder(d)).collect::<Result<Vec<_>>>()?;
    let request = Request {
        index_dir: global.index.clone(),
        folders,
        full: args.full,
        max_bytes: args.max_file_size.saturating_mul(1_000_000),
        writer: WriterOptions {
            threads: args.threads.map_or(cores.min(4), usize::from),
            memory_bytes: (args.memory as usize).saturating_mul(1_000_000),
        },
        quiet: global.quiet,
    };
    let summary = indexer::run(&request)?;
    for note in &summary.notes {
        eprintln!("corpus: {note}");
    }
    report(&summary, global.quiet);
    for message in &summary.unavailable {
        eprintln!("corpus: {message}");
    }
    if !summary.unavailable.is_empty() {
        return Ok(Exit::Error);
    }
    if args.strict && summary.skipped_files() > 0 {
        eprintln!("corpus: {} file(s) skipped and --strict was given", summary.skipped_files());
        return Ok(Exit::Error);
    }
    Ok(Exit::Match)
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
