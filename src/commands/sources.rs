//! `corpus sources`: the folders the index keeps up to date, with their articles and state.

use std::io::{self, BufWriter, Write};

use anyhow::Result;

use crate::cli::Global;
use crate::exit::Exit;
use crate::index::{self, Manifest};
use crate::output::escape_controls;

pub fn run(global: &Global) -> Result<Exit> {
    // Opening the index first gives the same messages as every other command.
    index::Reader::open(&global.index)?;
    let sources = Manifest::read(&global.index)?.map(|m| m.sources).unwrap_or_default();
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(out, "name\tarticles\tlast run\tstate\tpath")?;
    for source in &sources {
        let last_run = source
            .last_run
            .and_then(|secs| time::OffsetDateTime::from_unix_timestamp(secs).ok())
            .and_then(|t| {
                t.format(time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC")).ok()
            })
            .unwrap_or_else(|| "never".to_string());
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            escape_controls(&source.name),
            source.articles,
            last_run,
            source.state.label(),
            escape_controls(&source.path.display().to_string())
        )?;
    }
    out.flush()?;
    Ok(Exit::from_found(!sources.is_empty()))
}
