//! `corpus search QUERY...`: ranked hits with highlighted fragments, ids, a count, or JSON Lines.

use std::io::{self, BufWriter, Write};

use anyhow::Result;

use crate::cli::{Global, SearchArgs, SortOrder};
use crate::exit::Exit;
use crate::index::Reader;
use crate::output::{self, human, json, Palette};
use crate::search::{self, Collapse, Filters, Request};

pub fn run(global: &Global, args: SearchArgs) -> Result<Exit> {
    let reader = Reader::open_for_search(&global.index)?;
    let query = crate::ingest::nfc(args.query.join(" "));
    let listing = args.ids || args.count;
    let request = Request {
        query: query.clone(),
        limit: match (args.limit, args.ids) {
            (Some(n), _) => n as usize,
            (None, true) => search::ALL,
            (None, false) => 10,
        },
        offset: args.offset as usize,
        fragments: usize::from(args.fragments),
        fuzzy: args.fuzzy,
        snippets: !listing,
        filters: Filters {
            lang: args.lang,
            site: args.site,
            author: args.author,
            since: args.since,
            until: args.until,
        },
        sort_by_date: args.sort == SortOrder::Date,
        facets: args.facets,
        collapse: match (args.no_collapse, args.stories) {
            (true, _) => Collapse::Off,
            (false, true) => Collapse::Stories,
            (false, false) => Collapse::Copies,
        },
    };
    let outcome = search::search(&reader, &request)?;
    for warning in &outcome.warnings {
        eprintln!("corpus: {warning}");
    }
    match (outcome.fallback, outcome.with_every_term) {
        (false, _) => {}
        (true, None) => eprintln!("corpus: no article has every term; showing articles with any"),
        (true, Some(n)) => eprintln!(
            "corpus: {n} of {} articles have every term; the others have some, ranked with them",
            outcome.total_hits
        ),
    }
    let mut out = BufWriter::new(io::stdout().lock());
    if args.count {
        writeln!(out, "{}", outcome.total_hits)?;
    } else if args.ids {
        for hit in &outcome.hits {
            writeln!(out, "{}", output::escape_controls(&hit.article.id))?;
        }
    } else if args.json {
        json::write_search(&mut out, &query, &outcome)?;
    } else {
        let palette = Palette::new(output::use_color(global.color));
        human::write_search(&mut out, &outcome, &palette, human::terminal_width())?;
    }
    out.flush()?;
    let found = outcome.total_hits > 0;
    // The process ends next: unmapping the index and freeing the hits one by one is work
    // the kernel does at exit anyway, and about a tenth of a short query's time.
    std::mem::forget((reader, outcome));
    Ok(Exit::from_found(found))
}
