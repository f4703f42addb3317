//! `corpus stories`: the stories of the index (articles about one event), largest first.

use std::io::{self, BufWriter, Write};

use anyhow::Result;
use serde::Serialize;

use crate::cli::{Global, StoriesArgs};
use crate::exit::Exit;
use crate::groups::{GroupView, Groups, Kind};
use crate::index::Reader;
use crate::output::{counted, escape_controls, json};

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Record<'a> {
    Story(StoryRecord<'a>),
    Summary { stories: usize, articles: usize },
}

#[derive(Serialize)]
struct StoryRecord<'a> {
    story: &'a str,
    size: usize,
    title: &'a str,
    sites: Vec<&'a str>,
    first_date: Option<&'a str>,
    last_date: Option<&'a str>,
    ids: Vec<&'a str>,
}

pub fn run(global: &Global, args: StoriesArgs) -> Result<Exit> {
    let reader = Reader::open(&global.index)?;
    let searcher = reader.searcher();
    let groups = Groups::load(&reader, &searcher)?;
    let stories = groups.all(Kind::Stories, args.min_size as usize);
    let mut out = BufWriter::new(io::stdout().lock());
    let mut articles = 0;
    for (n, members) in stories.iter().enumerate() {
        let view = GroupView::of(&searcher, members)?;
        let title = reader.load(&searcher, members[0])?.title;
        articles += members.len();
        let dates = view.dates();
        if args.json {
            let record = StoryRecord {
                story: view.name(),
                size: members.len(),
                title: &title,
                sites: view.sites(),
                first_date: dates.map(|d| d.0),
                last_date: dates.map(|d| d.1),
                ids: view.members.iter().map(|b| b.id.as_str()).collect(),
            };
            json::write_line(&mut out, &Record::Story(record))?;
            continue;
        }
        let span = match dates {
            Some((first, last)) if first != last => format!("{first} to {last}"),
            Some((first, _)) => first.to_string(),
            None => "undated".to_string(),
        };
        let sites = view.sites();
        let sites = if sites.is_empty() { "no site".to_string() } else { sites.join(", ") };
        writeln!(out, "{:2}. {}", n + 1, escape_controls(&title))?;
        writeln!(out, "    {} articles · {span} · {}", members.len(), escape_controls(&sites))?;
        for brief in &view.members {
            writeln!(out, "    {}", escape_controls(&brief.id))?;
        }
    }
    if args.json {
        json::write_line(&mut out, &Record::Summary { stories: stories.len(), articles })?;
    } else if !global.quiet {
        let (found, min) = (counted(stories.len(), "story", "stories"), args.min_size);
        let articles = counted(articles, "article", "articles");
        writeln!(out, "{found} of {min} or more articles, {articles} in all")?;
    }
    out.flush()?;
    Ok(Exit::from_found(!stories.is_empty()))
}
