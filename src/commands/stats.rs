//! `corpus stats`: what the index holds, read from fast fields, never from the store.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};

use anyhow::Result;

use crate::cli::Global;
use crate::exit::Exit;
use crate::index::{self, Reader};
use crate::output::human::counts_line;

pub fn run(global: &Global) -> Result<Exit> {
    let reader = Reader::open(&global.index)?;
    let searcher = reader.searcher();
    let mut langs: BTreeMap<String, usize> = BTreeMap::new();
    let mut sites: BTreeMap<String, usize> = BTreeMap::new();
    let (mut first, mut last): (Option<tantivy::DateTime>, Option<tantivy::DateTime>) = (None, None);
    let mut dated = 0;
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let lang = fast.str("lang")?;
        let site = fast.str("site")?;
        let date = fast.date("date")?;
        for doc in segment.doc_ids_alive() {
            index::tally(lang.as_ref(), doc, &mut langs)?;
            index::tally(site.as_ref(), doc, &mut sites)?;
            if let Some(d) = date.first(doc) {
                dated += 1;
                first = Some(first.map_or(d, |f| f.min(d)));
                last = Some(last.map_or(d, |l| l.max(d)));
            }
        }
    }
    let articles = searcher.num_docs();
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(out, "articles:  {articles}")?;
    writeln!(out, "languages: {}", counts_line(&index::most_first(langs)))?;
    let unsited = articles as usize - sites.values().sum::<usize>();
    writeln!(
        out,
        "sites:     {} ({unsited} articles without a site)",
        counts_line(&index::most_first(sites))
    )?;
    match (first, last) {
        (Some(first), Some(last)) => writeln!(
            out,
            "dates:     {} to {} ({dated} dated, {} undated)",
            index::date_to_iso(first),
            index::date_to_iso(last),
            articles as usize - dated
        )?,
        _ => writeln!(out, "dates:     none")?,
    }
    let bytes = index::size_on_disk(&global.index);
    writeln!(out, "size:      {:.1} MB in {}", bytes as f64 / 1e6, index::display_dir(&global.index))?;
    out.flush()?;
    Ok(Exit::Match)
}
