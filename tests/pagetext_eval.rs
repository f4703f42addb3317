//! Whole web pages saved as text (`tests/fixtures/pagetext/`): every visible line of a news
//! page, with its menus, cookie notice, "Most read" list, comments and link-list footer.
//! Each `NAME.txt` has a `NAME.labels`, one label a line, in the format of
//! `tests/fixtures/clean/README.md` (`keep`, `drop REASON`, `blank`, `either`).
//!
//! Precision is the share of the lines the cleaner keeps that are the article; recall the
//! share of the article's lines it keeps. `holdout` was written before the cleaner was
//! changed for whole pages and never looked at while changing it. Run:
//!
//!     cargo test --test pagetext_eval -- --nocapture
//!
//! Set PAGETEXT_EVAL_DETAILS=1 to list each wrong line of the tune set (never holdout).

use corpus::clean::{clean, Templates};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// Set a little under what the cleaner reaches (the test prints its figures).
const TUNE_PRECISION: f64 = 0.97;
const TUNE_RECALL: f64 = 0.98;
const HOLDOUT_PRECISION: f64 = 0.95;
const HOLDOUT_RECALL: f64 = 0.98;

#[derive(Debug, Default)]
struct Counts {
    /// Article lines kept.
    tp: usize,
    /// Page lines kept.
    fp: usize,
    /// Article lines lost.
    fn_: usize,
    pages: usize,
}

impl Counts {
    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
}

fn pages(set: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pagetext").join(set);
    let mut found: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    found.sort();
    assert!(found.len() >= 2, "{}: too few pages", dir.display());
    found
}

/// Scores one set; each page is cleaned alone, as pages of different sites are.
fn score(set: &str, details: Option<&mut String>) -> Counts {
    let mut counts = Counts::default();
    let mut details = details;
    for page in pages(set) {
        let text = fs::read_to_string(&page).unwrap();
        let labels = fs::read_to_string(page.with_extension("labels")).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let labels: Vec<&str> = labels.lines().collect();
        let name = page.file_name().unwrap().to_string_lossy().to_string();
        assert_eq!(lines.len(), labels.len(), "{name}: {} lines, {} labels", lines.len(), labels.len());
        let cleaned = clean(&text, &Templates::default());
        // 1-based: whether each physical line left the body.
        let mut gone = vec![false; lines.len() + 1];
        let spans = cleaned.removed.iter().map(|r| (r.line, r.line_end));
        for (from, to) in spans.chain(cleaned.fragments.iter().map(|f| (f.line, f.line_end))) {
            let to = to.unwrap_or(from).min(lines.len());
            if from <= to {
                gone[from..=to].fill(true);
            }
        }
        counts.pages += 1;
        for (i, label) in labels.iter().enumerate() {
            let kept = !gone[i + 1];
            let wrong = match (*label == "keep", label.starts_with("drop"), kept) {
                (true, _, true) => {
                    counts.tp += 1;
                    false
                }
                (true, _, false) => {
                    counts.fn_ += 1;
                    true
                }
                (_, true, true) => {
                    counts.fp += 1;
                    true
                }
                _ => false,
            };
            if let (true, Some(d)) = (wrong, details.as_deref_mut()) {
                let _ = writeln!(d, "  {name}:{}: {label}, kept: {kept}: {}", i + 1, lines[i]);
            }
        }
    }
    counts
}

#[test]
fn whole_pages_keep_the_article_and_lose_the_page_around_it() {
    let mut details = std::env::var_os("PAGETEXT_EVAL_DETAILS").map(|_| String::new());
    let tune = score("tune", details.as_mut());
    let holdout = score("holdout", None);
    for (set, c) in [("tune", &tune), ("holdout", &holdout)] {
        println!(
            "{set:8} {} pages: precision {:.3}, recall {:.3} ({} kept of {} article lines, {} page lines kept)",
            c.pages,
            c.precision(),
            c.recall(),
            c.tp,
            c.tp + c.fn_,
            c.fp
        );
    }
    if let Some(d) = details {
        print!("{d}");
    }
    assert!(tune.precision() >= TUNE_PRECISION, "tune precision {:.3}", tune.precision());
    assert!(tune.recall() >= TUNE_RECALL, "tune recall {:.3}", tune.recall());
    assert!(holdout.precision() >= HOLDOUT_PRECISION, "holdout precision {:.3}", holdout.precision());
    assert!(holdout.recall() >= HOLDOUT_RECALL, "holdout recall {:.3}", holdout.recall());
}
