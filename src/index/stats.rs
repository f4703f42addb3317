//! What the index holds, counted from fast fields (never the store): `corpus stats` prints
//! it, `corpus serve` sends it as JSON.

use std::collections::BTreeMap;

use anyhow::Result;
use serde::Serialize;
use tantivy::Searcher;

use super::{date_to_iso, most_first, tally};

#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub articles: u64,
    /// Counts by language and by site, most first.
    pub languages: Vec<(String, usize)>,
    pub sites: Vec<(String, usize)>,
    pub without_site: usize,
    /// The first and last dates (ISO 8601), if any article has one.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub dated: usize,
    pub undated: usize,
}

impl Stats {
    pub fn gather(searcher: &Searcher) -> Result<Stats> {
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
                tally(lang.as_ref(), doc, &mut langs)?;
                tally(site.as_ref(), doc, &mut sites)?;
                if let Some(d) = date.first(doc) {
                    dated += 1;
                    first = Some(first.map_or(d, |f| f.min(d)));
                    last = Some(last.map_or(d, |l| l.max(d)));
                }
            }
        }
        let articles = searcher.num_docs();
        let with_site: usize = sites.values().sum();
        Ok(Stats {
            articles,
            languages: most_first(langs),
            sites: most_first(sites),
            without_site: (articles as usize).saturating_sub(with_site),
            first_date: first.map(date_to_iso),
            last_date: last.map(date_to_iso),
            dated,
            undated: (articles as usize).saturating_sub(dated),
        })
    }
}
