//! A tiny run of `bench/relevance.py` so the relevance benchmark never rots: a six-record
//! SMART collection (`tests/fixtures/smart/`, numbered as Cranfield numbers its queries),
//! the debug binary, both systems and both query modes. The benchmark itself is not a test;
//! this checks that it runs, lays the records out and reports figures a user can read.
//! The same for `bench/search_ab.py`, the two binaries being the same debug binary.
//! python3 is installed by `.ci/run` where it is missing; Debian's has SQLite with FTS5.

mod common;

use std::process::Command;

use serde_json::Value;

/// The real interpreter behind `python3`, if it has SQLite with FTS5.
fn python_with_fts5() -> Option<String> {
    let check = "import sqlite3, sys; sqlite3.connect(':memory:').execute(\
                 \"create virtual table t using fts5(x, tokenize='porter')\"); print(sys.executable)";
    let output = Command::new("python3").args(["-c", check]).output().ok()?;
    let path = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (output.status.success() && !path.is_empty()).then_some(path)
}

#[test]
fn relevance_script_scores_a_tiny_collection() {
    let python = python_with_fts5().expect("python3 with SQLite's FTS5 runs the relevance benchmark");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r.json");
    let stdout = common::run_bench(
        common::bench_script(&python, "bench/relevance.py")
            .args(["tests/fixtures/smart", "--binary", env!("CARGO_BIN_EXE_corpus"), "--workdir"])
            .arg(tmp.path())
            .arg("--out")
            .arg(&out),
    );

    let results: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let collection = &results["collections"][0];
    assert_eq!(collection["articles"], 6, "{collection}");
    // Queries 001, 002, 004 are judged as 1, 2, 3: by their order, as Cranfield's are.
    assert_eq!(collection["queries"], 3, "{collection}");
    for run in ["corpus_or", "corpus_typed", "fts5_or", "fts5_typed"] {
        for measure in ["map", "ndcg@10", "p@10", "recall@1000"] {
            let value = collection["summary"][run][measure].as_f64().unwrap_or(-1.0);
            assert!((0.0..=1.0).contains(&value), "{run} {measure} = {value}");
        }
    }
    // Every judged article holds words of its query: OR finds them all, and the best first.
    for run in ["corpus_or", "fts5_or"] {
        assert_eq!(collection["summary"][run]["recall@1000"].as_f64(), Some(1.0), "{run}: {collection}");
        assert!(collection["summary"][run]["map"].as_f64().unwrap_or(0.0) > 0.7, "{run}: {collection}");
    }
    assert!(stdout.contains("| words joined with OR | corpus |"), "{stdout}");
    assert!(stdout.contains("corpus / FTS5"), "{stdout}");
}

#[test]
fn search_ab_script_times_two_binaries_on_a_tiny_collection() {
    let python = python_with_fts5().expect("python3 with SQLite's FTS5 runs the relevance benchmark");
    let tmp = tempfile::tempdir().unwrap();
    let binary = env!("CARGO_BIN_EXE_corpus");
    let stdout = common::run_bench(
        common::bench_script(&python, "bench/search_ab.py")
            .args([binary, binary, "--smart", "tests/fixtures/smart", "--rounds", "1", "--workdir"])
            .arg(tmp.path()),
    );
    assert!(stdout.starts_with("3 queries, 1 rounds"), "{stdout}");
    for row in ["| whole process | ", "| in-process | ", "| in-process, typed | "] {
        let line =
            stdout.lines().find(|l| l.starts_with(row)).unwrap_or_else(|| panic!("no {row:?} in\n{stdout}"));
        let ratio: f64 =
            line.trim_end_matches(" |").rsplit("| ").next().and_then(|r| r.parse().ok()).unwrap_or(0.0);
        assert!(ratio > 0.0, "{line}");
    }
}
