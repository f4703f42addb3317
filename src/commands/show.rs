//! `corpus show ID`: one stored article, cleaned, or with `--raw` as it was read.

use std::io::{self, BufWriter, Write};

use anyhow::Result;

use crate::cli::{Global, ShowArgs};
use crate::exit::Exit;
use crate::groups::{GroupView, Groups, Kind};
use crate::index::Reader;
use crate::output::human;
use crate::output::{self, json, Palette};

pub fn run(global: &Global, args: ShowArgs) -> Result<Exit> {
    let reader = Reader::open(&global.index)?;
    let searcher = reader.searcher();
    let Some(address) = super::find_article(&reader, &searcher, &args.id)? else {
        return Ok(Exit::NoMatch);
    };
    let article = reader.load(&searcher, address)?;
    let palette = Palette::new(output::use_color(global.color));
    let mut out = BufWriter::new(io::stdout().lock());
    let groups = Groups::load(&reader, &searcher)?;
    if args.json {
        json::write_line(&mut out, &json::article_value(&searcher, &groups, address, &article)?)?;
        out.flush()?;
        return Ok(Exit::Match);
    }
    let copies = GroupView::of_group(&searcher, &groups, Kind::Copies, address)?;
    let story = GroupView::of_group(&searcher, &groups, Kind::Stories, address)?;
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
    let others = copies.others(&article.id);
    let copies = if others.is_empty() { "none".to_string() } else { others.join(", ") };
    let story = format!("{} ({})", story.name(), output::counted(story.members.len(), "article", "articles"));
    human::write_fields(&mut out, &[("copies", Some(&copies)), ("story", Some(&story))], &palette)?;
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
