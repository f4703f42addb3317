//! `corpus remove SOURCE...`: drops sources and their articles from the index.

use anyhow::Result;

use crate::cli::{Global, RemoveArgs};
use crate::exit::Exit;
use crate::index::WriterOptions;
use crate::indexer;
use crate::output::counted;

pub fn run(global: &Global, args: RemoveArgs) -> Result<Exit> {
    let options = WriterOptions { threads: 1, memory_bytes: 50_000_000 };
    for (source, removed) in indexer::remove_sources(&global.index, &args.sources, options)? {
        if !global.quiet {
            eprintln!(
                "removed the source {} ({}): {}",
                source.name,
                source.path.display(),
                counted(removed, "article", "articles")
            );
        }
    }
    Ok(Exit::Match)
}
