//! `corpus show ID`: one stored article, cleaned, or with `--raw` as it was read.

use std::io::{self, BufWriter, Write};

use anyhow::{bail, Result};

use crate::cli::{Global, ShowArgs};
use crate::exit::Exit;
use crate::index::{self, IdMatch, Reader};
use crate::output::human;
use crate::output::{self, json, Palette};

pub fn run(global: &Global, args: ShowArgs) -> Result<Exit> {
    let reader = Reader::open(&global.index)?;
    let searcher = reader.searcher();
    let id = match index::match_id(&searcher, &args.id, |id| output::escape_controls(id).into_owned())? {
        IdMatch::One(id) => id,
        IdMatch::None => {
            eprintln!(
                "corpus: no article with id {:?} in the index: \"corpus list\" prints the ids",
                args.id
            );
            return Ok(Exit::NoMatch);
        }
        IdMatch::Several(ids) => {
            let shown: Vec<String> =
                ids.iter().take(5).map(|id| output::escape_controls(id).into_owned()).collect();
            let more = if ids.len() > 5 { format!(" and {} more", ids.len() - 5) } else { String::new() };
            bail!(
                "{:?} names {} articles ({}{more}): give more of the id",
                args.id,
                ids.len(),
                shown.join(", ")
            );
        }
    };
    let Some(address) = reader.find_id(&searcher, &id)? else {
        bail!("the article {id:?} was listed but cannot be found: run \"corpus index\" again");
    };
    let article = reader.load(&searcher, address)?;
    let palette = Palette::new(output::use_color(global.color));
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        json::write_line(&mut out, &json::ArticleRecord::of(&article))?;
        out.flush()?;
        return Ok(Exit::Match);
    }
    let subtitle = article.details.subtitle.as_deref();
    human::write_fields(
        &mut out,
        &[
            ("id", Some(&article.id)),
            ("title", Some(&article.title)),
            ("subtitle", subtitle),
            ("lang", Some(&article.lang)),
            ("site", article.site.as_deref()),
            ("author", article.author.as_deref()),
            ("date", article.date.as_deref()),
            ("url", article.url.as_deref()),
        ],
        &palette,
    )?;
    writeln!(out)?;
    if args.raw {
        let marks = human::marks(&article.details.removed, &article.details.fragments);
        human::write_explain(&mut out, &article.raw, &marks, &palette)?;
    } else {
        writeln!(out, "{}", article.body)?;
    }
    out.flush()?;
    Ok(Exit::Match)
}
