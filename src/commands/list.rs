//! `corpus list`: every id and title in the index, sorted by id.

use std::io::{self, BufWriter, Write};

use anyhow::Result;

use crate::cli::Global;
use crate::exit::Exit;
use crate::index::Reader;
use crate::output::escape_controls;

pub fn run(global: &Global) -> Result<Exit> {
    let reader = Reader::open(&global.index)?;
    let searcher = reader.searcher();
    let mut rows = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in segment.doc_ids_alive() {
            let article = reader.load(&searcher, tantivy::DocAddress::new(ord as u32, doc))?;
            rows.push((article.id, article.title));
        }
    }
    rows.sort();
    let mut out = BufWriter::new(io::stdout().lock());
    for (id, title) in &rows {
        writeln!(out, "{}\t{}", escape_controls(id), escape_controls(title))?;
    }
    out.flush()?;
    Ok(Exit::from_found(!rows.is_empty()))
}
