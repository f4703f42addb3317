//! `corpus stats`: what the index holds, read from fast fields, never from the store.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};

use anyhow::Result;

use crate::cli::Global;
use crate::exit::Exit;
use crate::index::{self, Reader};

pub fn run(global: &Global) -> Result<Exit> {
    let reader = Reader::open(&global.index)?;
    let searcher = reader.searcher();
    let mut langs: BTreeMap<String, usize> = BTreeMap::new();
    let mut sites: BTreeMap<String, usize> = BTreeMap::new();
    let (mut first, mut last): (Option<tantivy::DateTime>, Option<tantivy::DateTime>) = (None, None);
    let mut dated = 0;
    let mut value = String::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let lang = fast.str("lang")?;
        let site = fast.str("site")?;
        let date = fast.date("date")?;
        for doc in segment.doc_ids_alive() {
            for (column, counts) in [(&lang, &mut langs), (&site, &mut sites)] {
                let Some(column) = column else { continue };
                if let Some(ord) = column.term_ords(doc).next() {
                    value.clear();
                    column.ord_to_str(ord, &mut value)?;
                    *counts.entry(value.clone()).or_default() += 1;
                }
            }
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
    writeln!(out, "languages: {}", counts(&langs))?;
    writeln!(
        out,
        "sites:     {} ({} articles without a site)",
        counts(&sites),
        articles as usize - sites.values().sum::<usize>()
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

fn counts(map: &BTreeMap<String, usize>) -> String {
    if map.is_empty() {
        return "none".to_string();
    }
    let mut pairs: Vec<(&String, &usize)> = map.iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    pairs.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
}
