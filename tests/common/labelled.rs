//! Articles labelled line by line (the format of `tests/fixtures/clean/README.md`), what the
//! cleaner did with each of their lines, and the counts they are scored by.

use std::fs;
use std::path::Path;

use corpus::clean::Cleaned;

/// What a line of a labelled article is.
#[derive(Debug, Clone, PartialEq)]
pub enum Label {
    Keep,
    /// Boilerplate, with the reason the cleaner should give (empty when not labelled).
    Drop(String),
    /// A stray fragment, with its language.
    Frag(String),
    Blank,
    /// Either way is right.
    Either,
}

impl Label {
    pub fn parse(s: &str) -> Option<Label> {
        let mut parts = s.split_whitespace();
        Some(match parts.next()? {
            "keep" => Label::Keep,
            "drop" => Label::Drop(parts.next().unwrap_or("").to_string()),
            "frag" => Label::Frag(parts.next().unwrap_or("").to_string()),
            "blank" => Label::Blank,
            "either" => Label::Either,
            _ => return None,
        })
    }
}

/// One article of a labelled folder: `NAME.txt` and its `NAME.labels`, a label a line.
pub struct Labelled {
    /// The file's name without `.txt`.
    pub name: String,
    pub text: String,
    pub labels: Vec<Label>,
}

/// Every labelled article of `dir`, by name.
pub fn read_folder(dir: &Path) -> Vec<Labelled> {
    super::txt_files(dir)
        .into_iter()
        .map(|p| {
            let text = fs::read_to_string(&p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()));
            let labels_path = p.with_extension("labels");
            let labels: Vec<Label> = fs::read_to_string(&labels_path)
                .unwrap_or_else(|e| panic!("reading {}: {e}", labels_path.display()))
                .lines()
                .enumerate()
                .map(|(i, l)| {
                    Label::parse(l)
                        .unwrap_or_else(|| panic!("{}:{}: bad label {l:?}", labels_path.display(), i + 1))
                })
                .collect();
            let lines = text.lines().count();
            assert_eq!(lines, labels.len(), "{}: {lines} lines, {} labels", p.display(), labels.len());
            let name = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            Labelled { name, text, labels }
        })
        .collect()
}

/// What the cleaner did with a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Predicted {
    Keep,
    Drop,
    Frag,
}

/// What the cleaner did with each physical line of an article of `lines` lines (1-based
/// index into the vector).
pub fn predictions(c: &Cleaned, lines: usize) -> Vec<Predicted> {
    let mut out = vec![Predicted::Keep; lines + 1];
    let mut mark = |from: usize, to: Option<usize>, p: Predicted| {
        let to = to.unwrap_or(from).min(lines);
        if from <= to {
            out[from..=to].fill(p);
        }
    };
    for r in &c.removed {
        mark(r.line, r.line_end, Predicted::Drop);
    }
    for f in &c.fragments {
        mark(f.line, f.line_end, Predicted::Frag);
    }
    out
}

/// True positives, false positives and false negatives of one kind of verdict.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    /// 1 when nothing was predicted: nothing was wrong.
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }

    /// 1 when there was nothing to find.
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }

    pub fn f1(&self) -> f64 {
        super::f1(self.precision(), self.recall())
    }
}
