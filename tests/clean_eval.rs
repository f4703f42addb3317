//! Evaluation of the cleaner on the labelled fixtures in `tests/fixtures/clean/`.
//!
//! Prints precision, recall and F1 of removed lines and of fragment lines for the tune
//! and holdout sets (holdout figures are the honest ones: no rule was tuned on them),
//! and fails below the thresholds set just under what the cleaner reaches. Run:
//!
//!     cargo test --test clean_eval -- --nocapture
//!
//! Set CLEAN_EVAL_DETAILS=1 to list each wrong line of the tune set (never holdout).

mod common;

use common::labelled::{predictions, read_folder, Counts, Label, Predicted};
use corpus::clean::{clean, Templates};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// Minimum figures; set a little under what the cleaner reaches.
const TUNE_DROP_F1: f64 = 0.98;
const TUNE_FRAG_F1: f64 = 0.98;
const HOLDOUT_DROP_F1: f64 = 0.95;
const HOLDOUT_FRAG_F1: f64 = 0.93;

#[derive(Debug, Default)]
struct Score {
    files: usize,
    lines: usize,
    drop: Counts,
    frag: Counts,
    /// Removed lines whose reason matches the label, of correctly removed lines.
    reason_match: usize,
    /// Fragment lines whose language matches the label, of correct fragments.
    lang_match: usize,
    /// Lines labelled keep that left the body.
    keep_lost: usize,
}

/// Scores one article; `details` collects a line per error when given.
fn score_article(
    name: &str,
    text: &str,
    labels: &[Label],
    templates: &Templates,
    score: &mut Score,
    mut details: Option<&mut String>,
) {
    let c = clean(text, templates);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), labels.len(), "{name}: {} lines, {} labels", lines.len(), labels.len());
    let pred = predictions(&c, lines.len());
    let reasons: HashMap<usize, &str> = c
        .removed
        .iter()
        .flat_map(|r| (r.line..=r.line_end.unwrap_or(r.line)).map(move |l| (l, r.reason.as_str())))
        .collect();
    let langs: HashMap<usize, &str> = c
        .fragments
        .iter()
        .flat_map(|f| (f.line..=f.line_end.unwrap_or(f.line)).map(move |l| (l, f.lang.as_str())))
        .collect();
    score.files += 1;
    for (i, label) in labels.iter().enumerate() {
        let n = i + 1;
        let p = pred[n];
        if matches!(label, Label::Blank | Label::Either) {
            continue;
        }
        score.lines += 1;
        let wrong = match (label, p) {
            (Label::Drop(reason), Predicted::Drop) => {
                score.drop.tp += 1;
                if reasons.get(&n) == Some(&reason.as_str()) {
                    score.reason_match += 1;
                    false
                } else {
                    // A reason mismatch is listed, not counted as an error.
                    !reason.is_empty()
                }
            }
            (Label::Drop(_), _) => {
                score.drop.fn_ += 1;
                if p == Predicted::Frag {
                    score.frag.fp += 1;
                }
                true
            }
            (Label::Frag(lang), Predicted::Frag) => {
                score.frag.tp += 1;
                if langs.get(&n) == Some(&lang.as_str()) {
                    score.lang_match += 1;
                }
                false
            }
            (Label::Frag(_), _) => {
                score.frag.fn_ += 1;
                if p == Predicted::Drop {
                    score.drop.fp += 1;
                }
                true
            }
            (_, Predicted::Drop) => {
                score.drop.fp += 1;
                score.keep_lost += 1;
                true
            }
            (_, Predicted::Frag) => {
                score.frag.fp += 1;
                score.keep_lost += 1;
                true
            }
            _ => false,
        };
        if wrong {
            if let Some(d) = details.as_deref_mut() {
                let got = match p {
                    Predicted::Keep => "keep".to_string(),
                    Predicted::Drop => format!("drop {}", reasons.get(&n).unwrap_or(&"?")),
                    Predicted::Frag => format!("frag {}", langs.get(&n).unwrap_or(&"?")),
                };
                let text: String = lines[i].chars().take(90).collect();
                let _ = writeln!(d, "  {name}:{n}: want {label:?}, got {got}: {text}");
            }
        }
    }
}

/// Scores a folder as `corpus index` would see it: templates learned over all of it first.
fn score_set(set: &str, details: Option<&mut String>) -> Score {
    let articles = read_folder(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean").join(set));
    let mut templates = Templates::default();
    for article in &articles {
        templates.learn(&article.text);
    }
    let mut score = Score::default();
    let mut details = details;
    for a in &articles {
        score_article(&a.name, &a.text, &a.labels, &templates, &mut score, details.as_deref_mut());
    }
    score
}

/// The seed verdicts of the cleaning issue, as labels: lines to drop, fragments,
/// and lines that may go either way; every other non-blank line is article text.
fn seed_labels(text: &str, drop: &[usize], frag: &[usize], either: &[usize]) -> Vec<Label> {
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            let n = i + 1;
            if l.trim().is_empty() {
                Label::Blank
            } else if drop.contains(&n) {
                Label::Drop(String::new())
            } else if frag.contains(&n) {
                Label::Frag("kor".into())
            } else if either.contains(&n) {
                Label::Either
            } else {
                Label::Keep
            }
        })
        .collect()
}

/// A seed's name, then its lines to drop, fragments, and lines that may go either way.
type SeedVerdicts = (&'static str, &'static [usize], &'static [usize], &'static [usize]);

fn score_seeds(details: &mut String) -> Score {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let seeds: [SeedVerdicts; 5] = [
        ("000_e6c5c0a6c5537778", &[4], &[70, 71, 72, 73], &[2, 66, 67, 68, 69]),
        ("001_b4bff1ee588b09f9", &[], &[], &[]),
        ("002_d7e602d5e941a32f", &[], &[], &[]),
        ("003_d4fa5a2affe2ad12", &[4], &[], &[3, 12]),
        ("004_71a336833f40eb96", &[1, 3, 54, 55], &[], &[35, 53]),
    ];
    let texts: Vec<String> = seeds
        .iter()
        .map(|(name, ..)| {
            let p = dir.join(format!("{name}.txt"));
            fs::read_to_string(&p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()))
        })
        .collect();
    let mut templates = Templates::default();
    for t in &texts {
        templates.learn(t);
    }
    let mut score = Score::default();
    for ((name, drop, frag, either), text) in seeds.iter().zip(&texts) {
        let labels = seed_labels(text, drop, frag, either);
        score_article(name, text, &labels, &templates, &mut score, Some(details));
    }
    score
}

fn row(out: &mut String, set: &str, s: &Score) {
    let _ = writeln!(
        out,
        "{set:<8} {:>5} {:>6} | {:>5.3} {:>5.3} {:>5.3} | {:>5.3} {:>5.3} {:>5.3} | {:>4}/{:<4} {:>4}/{:<4} | {:>4}",
        s.files,
        s.lines,
        s.drop.precision(),
        s.drop.recall(),
        s.drop.f1(),
        s.frag.precision(),
        s.frag.recall(),
        s.frag.f1(),
        s.reason_match,
        s.drop.tp,
        s.lang_match,
        s.frag.tp,
        s.keep_lost,
    );
}

#[test]
fn cleaner_figures() {
    let want_details = std::env::var_os("CLEAN_EVAL_DETAILS").is_some();
    let mut tune_details = String::new();
    let mut seed_details = String::new();
    let tune = score_set("tune", Some(&mut tune_details));
    // While rules are being tuned, holdout figures stay hidden (CLEAN_EVAL_SKIP_HOLDOUT=1).
    let skip_holdout = std::env::var_os("CLEAN_EVAL_SKIP_HOLDOUT").is_some();
    let holdout = if skip_holdout { Score::default() } else { score_set("holdout", None) };
    let seeds = score_seeds(&mut seed_details);

    let mut table = String::new();
    let _ = writeln!(
        table,
        "set      files  lines | drop: P     R     F1    | frag: P     R     F1    | reason ok  lang ok   | keep lost"
    );
    row(&mut table, "tune", &tune);
    if !skip_holdout {
        row(&mut table, "holdout", &holdout);
    }
    row(&mut table, "seeds", &seeds);
    println!("\n{table}");
    if want_details {
        println!("tune errors:\n{tune_details}");
    }
    println!("seed errors:\n{seed_details}");

    assert_eq!(seeds.keep_lost, 0, "a seed article line was lost:\n{seed_details}");
    assert!(
        seeds.drop.recall() == 1.0 && seeds.frag.recall() == 1.0,
        "seed verdicts missed:\n{seed_details}"
    );
    assert!(tune.drop.f1() >= TUNE_DROP_F1, "tune drop F1 {:.3} < {TUNE_DROP_F1}", tune.drop.f1());
    assert!(tune.frag.f1() >= TUNE_FRAG_F1, "tune fragment F1 {:.3} < {TUNE_FRAG_F1}", tune.frag.f1());
    if skip_holdout {
        return;
    }
    assert!(
        holdout.drop.f1() >= HOLDOUT_DROP_F1,
        "holdout drop F1 {:.3} < {HOLDOUT_DROP_F1}",
        holdout.drop.f1()
    );
    assert!(
        holdout.frag.f1() >= HOLDOUT_FRAG_F1,
        "holdout fragment F1 {:.3} < {HOLDOUT_FRAG_F1}",
        holdout.frag.f1()
    );
}
