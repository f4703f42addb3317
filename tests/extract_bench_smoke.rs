//! A tiny run of `bench/extract.py` so the extraction benchmark never rots: corpus's side
//! only (Python's trafilatura runs in the benchmark itself), on two of our labelled pages
//! laid out as trafilatura's evaluation set is, with the debug binary. It checks that the
//! script runs and scores, not the figures of the real set. python3 is installed by `.ci/run`.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::{json, Value};

#[test]
fn extract_bench_scores_corpus_on_two_pages() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = repo.join("tests/fixtures/html");
    let tmp = tempfile::tempdir().unwrap();
    let eval = tmp.path().join("eval");
    fs::create_dir(&eval).unwrap();
    let mut evaldata = BTreeMap::new();
    for (set, page) in [("tune", "001_b4bff1ee588b09f9.html"), ("holdout", "h04_battery_lab.html")] {
        let labels: Value =
            serde_json::from_str(&fs::read_to_string(fixtures.join(set).join("labels.json")).unwrap())
                .unwrap();
        let label = &labels[page];
        fs::copy(fixtures.join(set).join(page), eval.join(page)).unwrap();
        let url = label["url"].as_str().unwrap().to_string();
        evaldata.insert(url, json!({"file": page, "with": label["must"], "without": label["must_not"]}));
    }
    fs::write(tmp.path().join("evaldata.json"), serde_json::to_string(&evaldata).unwrap()).unwrap();
    let out = tmp.path().join("figures.json");
    let python = common::python().expect("python3 runs the benchmark");
    let stdout = common::run_bench(
        common::bench_script(&python, "bench/extract.py")
            .arg("--data")
            .arg(tmp.path())
            .args(["--binary", env!("CARGO_BIN_EXE_corpus"), "--skip-trafilatura", "--out"])
            .arg(&out),
    );
    assert!(stdout.contains("| corpus |"), "{stdout}");
    let figures: Value = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(figures["pages"], 2);
    let corpus = &figures["rows"]["corpus"];
    assert!(corpus["f1"].as_f64().unwrap() > 0.9, "{corpus}");
    assert!(corpus["pages_per_cpu_second"].as_f64().unwrap() > 0.0, "{corpus}");
    assert_eq!(figures["url"]["same_as_evaldata"], 2, "{figures}");
}
