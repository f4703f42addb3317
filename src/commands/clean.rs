//! `corpus clean PATH...`: what indexing would store for each article, and why.

use std::collections::HashMap;
use std::io::{self, BufWriter, Write};

use anyhow::{bail, Result};
use serde::Serialize;

use crate::clean::{Cleaned, Templates};
use crate::cli::{CleanArgs, Global};
use crate::exit::Exit;
use crate::ingest::{self, Article, FileEntry};
use crate::output::human;
use crate::output::{self, json, Palette};

/// The most decoded text kept from learning the templates to cleaning the files (the
/// text's bytes; a page's per-line verdicts come on top); the files beyond it are read and
/// decoded again, as a folder larger than memory must be.
const KEPT_TEXT_BYTES: usize = 256 << 20;

/// One article as `clean --json` prints it.
#[derive(Serialize)]
struct CleanRecord<'a> {
    id: &'a str,
    #[serde(flatten)]
    cleaned: &'a Cleaned,
}

pub fn run(global: &Global, args: CleanArgs) -> Result<Exit> {
    let mut files: Vec<FileEntry> = Vec::new();
    for path in &args.paths {
        if !path.exists() {
            bail!("{} does not exist", path.display());
        }
        let (found, skipped) = ingest::walk(path, None, std::slice::from_ref(&global.index));
        for s in skipped {
            eprintln!("corpus: skipped {}: {}", s.path, s.reason);
        }
        files.extend(found);
    }
    // Templates are learned over a folder; a single file has nothing to compare with.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let (templates, mut decoded) = if files.len() > 1 {
        ingest::learn_templates(&files, ingest::DEFAULT_MAX_BYTES, threads, KEPT_TEXT_BYTES)
    } else {
        (Templates::default(), HashMap::new())
    };
    let palette = Palette::new(output::use_color(global.color));
    let mut out = BufWriter::new(io::stdout().lock());
    let mut printed = 0;
    for (i, file) in files.iter().enumerate() {
        let prepared = match decoded.remove(&i) {
            Some(text) => ingest::article_from_text(&file.id, text, &templates),
            None => ingest::prepare(file, &templates, ingest::DEFAULT_MAX_BYTES),
        };
        let article = match prepared {
            Ok(article) => article,
            Err(reason) => {
                eprintln!("corpus: skipped {}: {reason}", file.path.display());
                continue;
            }
        };
        if let Some(warning) = article.decoding_warning(&file.path) {
            eprintln!("corpus: {warning}");
        }
        if args.json {
            json::write_line(&mut out, &CleanRecord { id: &article.id, cleaned: &article.cleaned })?;
        } else if args.explain {
            write_explained(&mut out, &article, &palette)?;
        } else {
            write_article(&mut out, &article, &palette)?;
        }
        printed += 1;
    }
    out.flush()?;
    Ok(Exit::from_found(printed > 0))
}

fn header(out: &mut impl Write, article: &Article, palette: &Palette) -> Result<()> {
    let c = &article.cleaned;
    writeln!(
        out,
        "{}== {} =={}",
        palette.title.render(),
        output::escape_controls(&article.id),
        palette.title.render_reset()
    )?;
    human::write_fields(
        out,
        &[
            ("title", Some(&c.title)),
            ("subtitle", c.subtitle.as_deref()),
            ("lang", Some(&c.lang)),
            ("site", c.site.as_deref()),
            ("author", c.author.as_deref()),
            ("date", c.date.as_deref()),
            ("url", c.url.as_deref()),
        ],
        palette,
    )?;
    for source in &c.sources {
        human::write_fields(out, &[("source", Some(source))], palette)?;
    }
    Ok(())
}

fn write_explained(out: &mut impl Write, article: &Article, palette: &Palette) -> Result<()> {
    header(out, article, palette)?;
    writeln!(out)?;
    let c = &article.cleaned;
    human::write_explain(out, &article.raw, &human::marks(&c.removed, &c.fragments), palette)?;
    writeln!(out)?;
    Ok(())
}

fn write_article(out: &mut impl Write, article: &Article, palette: &Palette) -> Result<()> {
    let c = &article.cleaned;
    header(out, article, palette)?;
    for removed in &c.removed {
        let text = format!("line {} [{}] {}", removed.line, removed.reason.as_str(), removed.text);
        human::write_fields(out, &[("removed", Some(&text))], palette)?;
    }
    for fragment in &c.fragments {
        let text = format!("line {} [{}] {}", fragment.line, fragment.lang, fragment.text);
        human::write_fields(out, &[("fragment", Some(&text))], palette)?;
    }
    writeln!(out)?;
    writeln!(out, "{}", c.body)?;
    writeln!(out)?;
    Ok(())
}
