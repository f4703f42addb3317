//! What the columns say of an article (its id, site and date), for listing many articles
//! without reading the store.

use std::collections::hash_map::{Entry, HashMap};

use anyhow::Result;
use tantivy::{DocAddress, Searcher};

use super::schema::date_to_iso;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brief {
    pub id: String,
    pub site: Option<String>,
    /// ISO "YYYY-MM-DD".
    pub date: Option<String>,
}

/// The briefs of the articles at `addresses`, in their order.
pub fn briefs(searcher: &Searcher, addresses: &[DocAddress]) -> Result<Vec<Brief>> {
    let ids = super::ids_at(searcher, addresses.iter().copied())?;
    // Each segment's site and date columns, opened once.
    let mut columns = HashMap::new();
    let mut briefs = Vec::with_capacity(addresses.len());
    let mut buffer = String::new();
    for (address, id) in addresses.iter().zip(ids) {
        let (sites, dates) = match columns.entry(address.segment_ord) {
            Entry::Occupied(opened) => opened.into_mut(),
            Entry::Vacant(slot) => {
                let fast = searcher.segment_reader(address.segment_ord).fast_fields();
                slot.insert((fast.str("site")?, fast.date("date")?))
            }
        };
        let site = match sites.as_ref().and_then(|c| c.term_ords(address.doc_id).next().map(|ord| (c, ord))) {
            Some((column, ord)) => {
                buffer.clear();
                column.ord_to_str(ord, &mut buffer)?;
                Some(buffer.clone())
            }
            None => None,
        };
        let date = dates.first(address.doc_id).map(date_to_iso);
        briefs.push(Brief { id, site, date });
    }
    Ok(briefs)
}
