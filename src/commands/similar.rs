//! `corpus similar ID`: the articles most like one, best first, with the words they share.

use std::io::{self, BufWriter, Write};
use std::time::Instant;

use anyhow::Result;
use serde::Serialize;

use crate::cli::{Global, SimilarArgs};
use crate::exit::Exit;
use crate::groups::{Groups, Kind};
use crate::index::Reader;
use crate::output::{self, escape_controls, human, json, Palette};
use crate::search::similar::similar;

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Record<'a> {
    Hit {
        rank: usize,
        id: &'a str,
        title: &'a str,
        score: f32,
        terms: &'a [String],
        lang: &'a str,
        site: Option<&'a str>,
        date: Option<&'a str>,
        copy_group: &'a str,
        story: &'a str,
    },
    Summary {
        id: &'a str,
        returned: usize,
        elapsed_ms: f64,
    },
}

pub fn run(global: &Global, args: SimilarArgs) -> Result<Exit> {
    let start = Instant::now();
    let reader = Reader::open_for_search(&global.index)?;
    let searcher = reader.searcher();
    let Some(address) = super::find_article(&reader, &searcher, &args.id)? else {
        return Ok(Exit::NoMatch);
    };
    let groups = Groups::load(&reader, &searcher)?;
    let found = similar(&reader, &searcher, &groups, address, args.limit as usize, args.copies)?;
    // The article's id, and for each hit the ids its copy group and story are named after.
    let mut named = vec![address];
    for hit in &found {
        named.extend([Kind::Copies, Kind::Stories].map(|kind| groups.named_after(kind, hit.address)));
    }
    let ids = crate::index::ids_at(&searcher, named.into_iter())?;
    let id = &ids[0];
    let elapsed_ms = (start.elapsed().as_secs_f64() * 1e6).round() / 1e3;
    let palette = Palette::new(crate::output::use_color(global.color));
    let mut out = BufWriter::new(io::stdout().lock());
    for (n, hit) in found.iter().enumerate() {
        let a = &hit.article;
        if args.json {
            let record = Record::Hit {
                rank: n + 1,
                id: &a.id,
                title: &a.title,
                score: hit.score,
                terms: &hit.terms,
                lang: &a.lang,
                site: a.site.as_deref(),
                date: a.date.as_deref(),
                copy_group: &ids[1 + 2 * n],
                story: &ids[2 + 2 * n],
            };
            json::write_line(&mut out, &record)?;
            continue;
        }
        human::write_heading(&mut out, n + 1, &escape_controls(&a.title), a, Some(hit.score), &palette)?;
        writeln!(out, "    shares: {}\n", hit.terms.join(", "))?;
    }
    if args.json {
        json::write_line(&mut out, &Record::Summary { id, returned: found.len(), elapsed_ms })?;
    } else {
        let summary = output::counted(found.len(), "article", "articles");
        writeln!(out, "{summary} like {}, {elapsed_ms:.1} ms", escape_controls(id))?;
    }
    out.flush()?;
    Ok(Exit::from_found(!found.is_empty()))
}
