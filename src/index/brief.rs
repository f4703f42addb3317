//! What the columns say of an article (its id, site and date), for listing many articles
//! without reading the store.

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
    let mut briefs = Vec::with_capacity(addresses.len());
    let mut buffer = String::new();
    for (address, id) in addresses.iter().zip(ids) {
        let fast = searcher.segment_reader(address.segment_ord).fast_fields();
        let sites = fast.str("site")?;
        let site = match sites.as_ref().and_then(|c| c.term_ords(address.doc_id).next()) {
            Some(ord) => {
                buffer.clear();
                sites.as_ref().map(|c| c.ord_to_str(ord, &mut buffer)).transpose()?;
                Some(buffer.clone())
            }
            None => None,
        };
        let date = fast.date("date")?.first(address.doc_id).map(date_to_iso);
        briefs.push(Brief { id, site, date });
    }
    Ok(briefs)
}
