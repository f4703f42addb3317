//! `corpus list`: every id and title in the index, sorted by id; with `--json`, one object
//! per article with its metadata and groups, for scripts.

use std::io::{self, BufWriter, Write};

use anyhow::Result;
use serde::Serialize;

use crate::cli::{Global, ListArgs};
use crate::exit::Exit;
use crate::groups::{Groups, Kind};
use crate::index::{self, Reader};
use crate::output::{escape_controls, json};

#[derive(Serialize)]
struct ListRecord {
    id: String,
    title: String,
    lang: String,
    site: Option<String>,
    date: Option<String>,
    copy_group: String,
    story: String,
}

pub fn run(global: &Global, args: ListArgs) -> Result<Exit> {
    let reader = Reader::open(&global.index)?;
    let searcher = reader.searcher();
    let mut rows = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in segment.doc_ids_alive() {
            let address = tantivy::DocAddress::new(ord as u32, doc);
            rows.push((reader.load(&searcher, address)?, address));
        }
    }
    rows.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    // The groups are named in JSON only: each article's copy group, then its story.
    let mut names = if args.json {
        let groups = Groups::load(&reader, &searcher)?;
        let named = rows.iter().flat_map(|&(_, address)| {
            [Kind::Copies, Kind::Stories].map(|kind| groups.named_after(kind, address))
        });
        index::ids_at(&searcher, named)?.into_iter()
    } else {
        Vec::new().into_iter()
    };
    let mut out = BufWriter::new(io::stdout().lock());
    for (article, _) in &rows {
        if args.json {
            let (copy_group, story) = (names.next().unwrap_or_default(), names.next().unwrap_or_default());
            let record = ListRecord {
                id: article.id.clone(),
                title: article.title.clone(),
                lang: article.lang.clone(),
                site: article.site.clone(),
                date: article.date.clone(),
                copy_group,
                story,
            };
            json::write_line(&mut out, &record)?;
        } else {
            writeln!(out, "{}\t{}", escape_controls(&article.id), escape_controls(&article.title))?;
        }
    }
    out.flush()?;
    Ok(Exit::from_found(!rows.is_empty()))
}
