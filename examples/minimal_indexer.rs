//! The baseline for `bench/run.py`: the least a tantivy indexer can do with corpus's text schema.
//!
//! Same id/title/body fields as corpus, with the English analyzer a tantivy user builds from
//! tantivy's own parts (simple tokenizer, words over 80 bytes dropped, lower-caser, folding,
//! English stemmer), but no decoding beyond lossy UTF-8, no cleaning and no language
//! detection: title = the first non-empty line, body = the whole file. One thread walks and
//! reads; tantivy's own threads index. (corpus's analyzer gives the same words on English
//! news, by its own tokenizer and with each word's result remembered.)
//!
//! Build: `cargo build --release --example minimal_indexer`
//! Run:   `target/release/examples/minimal_indexer --index /tmp/min-index DIR`

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Parser;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};
use tantivy::{doc, Index};
use walkdir::WalkDir;

const ANALYZER: &str = "minimal_en";

#[derive(Debug, Parser)]
#[command(about = "Index a folder with a minimal tantivy indexer (corpus's benchmark baseline)")]
struct Args {
    /// Where to build the index; the folder must be absent or empty.
    #[arg(long)]
    index: PathBuf,
    /// Indexing threads (default: one per core, at most 4, as corpus).
    #[arg(long)]
    threads: Option<usize>,
    /// The index writer's memory budget in megabytes (as corpus).
    #[arg(long, default_value_t = 200, value_name = "MB")]
    memory: usize,
    /// Folder of articles (.txt, .md or no extension; hidden entries skipped, as corpus).
    dir: PathBuf,
}

fn main() {
    if let Err(err) = run(Args::parse()) {
        eprintln!("minimal_indexer: {err:#}");
        std::process::exit(2);
    }
}

fn run(args: Args) -> Result<()> {
    let start = Instant::now();
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let threads = args.threads.unwrap_or(cores.min(4)).max(1);
    // tantivy asks at least 15 MB per thread; corpus applies the same floor.
    let memory = args.memory.max(15).saturating_mul(1_000_000);

    let mut builder = Schema::builder();
    let id = builder.add_text_field("id", STRING | STORED);
    let text = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let title = builder.add_text_field("title", text.clone());
    let body = builder.add_text_field("body", text);
    let schema = builder.build();

    if args.index.exists()
        && fs::read_dir(&args.index)
            .with_context(|| format!("reading {}", args.index.display()))?
            .next()
            .is_some()
    {
        bail!("{} is not empty: give a new folder", args.index.display());
    }
    fs::create_dir_all(&args.index).with_context(|| format!("creating {}", args.index.display()))?;
    let index = Index::create_in_dir(&args.index, schema)
        .with_context(|| format!("creating an index in {}", args.index.display()))?;
    index.tokenizers().register(ANALYZER, analyzer());
    let mut writer = index
        .writer_with_num_threads::<tantivy::TantivyDocument>(threads, memory)
        .context("opening the index writer")?;

    let (mut docs, mut bytes) = (0u64, 0u64);
    for entry in WalkDir::new(&args.dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = entry.with_context(|| format!("walking {}", args.dir.display()))?;
        if !entry.file_type().is_file() || !is_article_name(entry.path()) {
            continue;
        }
        let raw = fs::read(entry.path()).with_context(|| format!("reading {}", entry.path().display()))?;
        bytes += raw.len() as u64;
        let content = String::from_utf8_lossy(&raw);
        let first_line = content.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
        let relative = entry.path().strip_prefix(&args.dir).unwrap_or(entry.path());
        writer.add_document(doc!(
            id => relative.to_string_lossy().as_ref(),
            title => first_line,
            body => content.as_ref(),
        ))?;
        docs += 1;
    }
    writer.commit().context("committing the index")?;
    writer.wait_merging_threads().context("waiting for merges")?;

    let seconds = start.elapsed().as_secs_f64();
    eprintln!(
        "{docs} documents, {bytes} bytes, {threads} threads, {} MB budget; {seconds:.2} s",
        args.memory
    );
    Ok(())
}

fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(80))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The names corpus indexes: .txt, .md, or no extension.
fn is_article_name(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        None => true,
        Some(ext) => ext.eq_ignore_ascii_case("txt") || ext.eq_ignore_ascii_case("md"),
    }
}
