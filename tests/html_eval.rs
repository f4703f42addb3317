//! Web pages in, articles out, scored on labelled pages of our own
//! (`tests/fixtures/html/`, written by its `render.py`): the seeds and the cleaner's
//! labelled articles served in the chrome of invented sites (menus, a sharing bar, related
//! links, a newsletter box, a comment section, a cookie notice, a footer). `holdout/` is
//! served by a site of its own and was never used to tune the extractor.
//!
//! Per set: recall of the lines that must be stored (title or body), precision over the
//! labelled lines found in the body (lines that must not be there count against it), the
//! stray-language lines set aside as fragments, and the page's URL, site and date.
//! `cargo test --test html_eval -- --nocapture` prints the table.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use common::corpus;

#[derive(Deserialize)]
struct Labels {
    must: Vec<String>,
    must_not: Vec<String>,
    fragments: Vec<String>,
    url: String,
    site: String,
    date: String,
    title: String,
}

#[derive(Default, Debug)]
struct Score {
    pages: usize,
    found: usize,
    missed: usize,
    wrongly_kept: usize,
    fragments: usize,
    fragments_found: usize,
    metadata_right: usize,
    details: Vec<String>,
}

impl Score {
    fn recall(&self) -> f64 {
        self.found as f64 / (self.found + self.missed).max(1) as f64
    }
    fn precision(&self) -> f64 {
        self.found as f64 / (self.found + self.wrongly_kept).max(1) as f64
    }
    fn f1(&self) -> f64 {
        common::f1(self.precision(), self.recall())
    }
}

fn score_set(set: &str) -> Score {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html").join(set);
    let labels: BTreeMap<String, Labels> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("labels.json")).unwrap()).unwrap();
    let index = tempfile::tempdir().unwrap();
    let output =
        corpus().arg("--index").arg(index.path()).args(["clean", "--json"]).arg(&dir).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut score = Score::default();
    let records: Vec<Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(records.len(), labels.len(), "every page of {set} is read");
    for record in records {
        let id = record["id"].as_str().unwrap();
        let name = id.rsplit('/').next().unwrap();
        let label = &labels[name];
        let body = record["body"].as_str().unwrap();
        let stored = format!("{}\n{body}", record["title"].as_str().unwrap());
        let fragments: Vec<&str> =
            record["fragments"].as_array().unwrap().iter().map(|f| f["text"].as_str().unwrap()).collect();
        score.pages += 1;
        for line in &label.must {
            if stored.contains(line.as_str()) {
                score.found += 1;
            } else {
                score.missed += 1;
                score.details.push(format!("{name}: missed {line:?}"));
            }
        }
        for line in &label.must_not {
            if body.contains(line.as_str()) {
                score.wrongly_kept += 1;
                score.details.push(format!("{name}: kept {line:?}"));
            }
        }
        for line in &label.fragments {
            score.fragments += 1;
            if fragments.iter().any(|f| f.contains(line.as_str())) && !body.contains(line.as_str()) {
                score.fragments_found += 1;
            } else {
                score.details.push(format!("{name}: fragment not set aside {line:?}"));
            }
        }
        let metadata = [
            (record["url"].as_str(), label.url.as_str()),
            (record["site"].as_str(), label.site.as_str()),
            (record["date"].as_str(), label.date.as_str()),
            (record["title"].as_str(), label.title.as_str()),
        ];
        if metadata.iter().all(|(got, want)| got == &Some(*want)) {
            score.metadata_right += 1;
        } else {
            score.details.push(format!("{name}: metadata {metadata:?}"));
        }
    }
    score
}

#[test]
fn labelled_pages_score_as_measured() {
    let mut table = String::from("| set | pages | precision | recall | F1 | fragments | URL, site, date, title right |\n|---|---|---|---|---|---|---|\n");
    let mut scores = Vec::new();
    for set in ["tune", "holdout"] {
        let s = score_set(set);
        table.push_str(&format!(
            "| {set} | {} | {:.3} | {:.3} | {:.3} | {} of {} | {} of {} |\n",
            s.pages,
            s.precision(),
            s.recall(),
            s.f1(),
            s.fragments_found,
            s.fragments,
            s.metadata_right,
            s.pages
        ));
        scores.push((set, s));
    }
    println!("{table}");
    for (set, s) in &scores {
        println!("{set}:\n  {}", s.details.join("\n  "));
    }
    let [(_, tune), (_, holdout)] = &scores[..] else { unreachable!() };
    // The figures reached when this test was written; a change that lowers them fails here.
    assert!(tune.precision() >= MIN_PRECISION.0 && tune.recall() >= MIN_RECALL.0, "tune: {table}");
    assert!(holdout.precision() >= MIN_PRECISION.1 && holdout.recall() >= MIN_RECALL.1, "holdout: {table}");
    // The Korean newsletter footer under seed 000 is set aside, line by line.
    assert_eq!(tune.fragments_found, tune.fragments, "{table}");
    assert!(tune.fragments >= 4);
    assert_eq!(tune.metadata_right, tune.pages, "{table}");
    assert_eq!(holdout.metadata_right, holdout.pages, "{table}");
}

/// (tune, holdout)
const MIN_PRECISION: (f64, f64) = (1.0, 0.92);
const MIN_RECALL: (f64, f64) = (1.0, 1.0);
