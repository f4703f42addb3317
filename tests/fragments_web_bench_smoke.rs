//! A tiny run of `bench/fragments_web.py` so the benchmark never rots: the articles of
//! `tests/fixtures/lang/tune` (text and web pages) and the debug binary. The benchmark itself
//! (trafilatura's pages) is not a test; this checks that it runs and reports figures a user
//! can read. python3 is installed by `.ci/run` where it is missing; nothing else is needed.

mod common;

use serde_json::Value;

#[test]
fn fragments_web_script_counts_pages_mostly_flagged() {
    let python = common::python().expect("python3 runs the benchmark");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r.json");
    let stdout = common::run_bench(
        common::bench_script(&python, "bench/fragments_web.py")
            .args(["--pages", "tests/fixtures/lang/tune", "--binary", env!("CARGO_BIN_EXE_corpus"), "--out"])
            .arg(&out),
    );
    assert!(stdout.contains("| corpus | pages | 7 |"), "no table on stdout:\n{stdout}");

    let results: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let pages = &results["corpus"]["pages"];
    assert_eq!(pages["pages"], 7, "{results}");
    // Whole articles keep their lines; only the one with an English cookie notice and
    // comments after a short Norwegian article has much set aside, all of it English.
    assert_eq!(pages["mostly_flagged_pages"], serde_json::json!(["nob_bibliotek_mixed.txt"]), "{results}");
    assert_eq!(pages["more_flagged_than_kept"], 0, "{results}");
    let share = pages["flagged_share"].as_f64().unwrap_or(-1.0);
    assert!((0.0..0.2).contains(&share), "{results}");
}
