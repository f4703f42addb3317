//! A tiny run of `bench/pagetext.py` so the whole-page benchmark never rots: the pages of
//! `tests/fixtures/pagetext/tune`, already saved as text and labelled line by line, and the
//! debug binary. The benchmark itself (trafilatura's pages rendered as text with html5lib)
//! is not a test; this checks that its scoring runs and reports figures a user can read.
//! python3 is installed by `.ci/run` where it is missing; this part needs nothing else.

mod common;

use serde_json::Value;

#[test]
fn pagetext_script_scores_pages_saved_as_text() {
    let python = common::python().expect("python3 runs the benchmark");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r.json");
    let stdout = common::run_bench(
        common::bench_script(&python, "bench/pagetext.py")
            .args([
                "--pages",
                "tests/fixtures/pagetext/tune",
                "--binary",
                env!("CARGO_BIN_EXE_corpus"),
                "--out",
            ])
            .arg(&out),
    );
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pagetext/tune");
    let pages = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| e.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == "txt")))
        .count();
    assert!(stdout.contains(&format!("| pages | corpus | {pages} |")), "no table on stdout:\n{stdout}");

    let results: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let corpus = &results["pages/corpus"];
    let everything = &results["pages/keep everything"];
    assert_eq!(corpus["pages"], pages, "{results}");
    let figure = |v: &Value, key: &str| v[key].as_f64().unwrap_or(-1.0);
    for key in ["precision", "recall", "f1"] {
        let value = figure(corpus, key);
        assert!((0.0..=1.0).contains(&value), "corpus {key} = {}", corpus[key]);
    }
    // Keeping every line finds every article line and much else.
    assert_eq!(figure(everything, "recall"), 1.0, "{everything}");
    assert!(figure(corpus, "precision") > figure(everything, "precision") + 0.5, "{results}");
    assert!(figure(corpus, "f1") >= 0.9, "{corpus}");
}
