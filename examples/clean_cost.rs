//! What cleaning and language detection cost over a folder, apart from reading, decoding
//! and indexing: `corpus index`'s first pass (each file's template candidates, counted) and
//! its second (each file cleaned), on one thread. `bench/run.py` sets the sum against the
//! minimal tantivy indexer's CPU time over the same files.
//!
//!     cargo run --release --example clean_cost -- DIR [RUNS]
//!
//! Prints one JSON object: files, bytes, kept_bytes (of cleaned body), learn_seconds and
//! clean_seconds, each the best of RUNS (3 by default; the first run also compiles the
//! cleaner's patterns).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use corpus::clean::{clean, Templates};
use corpus::ingest::{decode_text, read_bytes, walk, DEFAULT_MAX_BYTES};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        bail!("usage: clean_cost DIR [RUNS]");
    };
    let runs: usize = match args.next() {
        Some(n) => n.parse().with_context(|| format!("RUNS must be a number, not {n:?}"))?,
        None => 3,
    };
    let (files, _) = walk(&dir, None, &[]);
    // Read and decoded before any clock starts: only the cleaner is timed.
    let texts: Vec<String> = files
        .iter()
        .filter_map(|f| read_bytes(&f.path, DEFAULT_MAX_BYTES).ok())
        .filter_map(|bytes| decode_text(&bytes).ok().map(|(text, _, _)| text))
        .collect();
    if texts.is_empty() {
        bail!("no readable articles in {}", dir.display());
    }
    let (mut learn, mut cleaning) = (Duration::MAX, Duration::MAX);
    let mut kept = 0;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let mut templates = Templates::default();
        texts.iter().for_each(|text| templates.learn(text));
        learn = learn.min(start.elapsed());
        let start = Instant::now();
        kept = texts.iter().map(|text| clean(text, &templates).body.len()).sum::<usize>();
        cleaning = cleaning.min(start.elapsed());
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let figures = serde_json::json!({
        "files": texts.len(),
        "bytes": bytes,
        "kept_bytes": kept,
        "learn_seconds": learn.as_secs_f64(),
        "clean_seconds": cleaning.as_secs_f64(),
    });
    println!("{figures}");
    Ok(())
}
