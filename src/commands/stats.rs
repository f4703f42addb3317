//! `corpus stats`: what the index holds, read from fast fields, never from the store.

use std::io::{self, BufWriter, Write};

use anyhow::Result;

use crate::cli::Global;
use crate::exit::Exit;
use crate::index::stats::Stats;
use crate::index::{self, Reader};
use crate::output::human::counts_line;

pub fn run(global: &Global) -> Result<Exit> {
    let reader = Reader::open(&global.index)?;
    let stats = Stats::gather(&reader.searcher())?;
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(out, "articles:  {}", stats.articles)?;
    writeln!(out, "languages: {}", counts_line(&stats.languages))?;
    writeln!(
        out,
        "sites:     {} ({} articles without a site)",
        counts_line(&stats.sites),
        stats.without_site
    )?;
    match (&stats.first_date, &stats.last_date) {
        (Some(first), Some(last)) => {
            writeln!(out, "dates:     {first} to {last} ({} dated, {} undated)", stats.dated, stats.undated)?
        }
        _ => writeln!(out, "dates:     none")?,
    }
    let bytes = index::size_on_disk(&global.index);
    writeln!(out, "size:      {:.1} MB in {}", bytes as f64 / 1e6, index::display_dir(&global.index))?;
    out.flush()?;
    Ok(Exit::Match)
}
