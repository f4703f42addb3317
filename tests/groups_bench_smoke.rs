//! A tiny run of `bench/groups.py` so the groups benchmark never rots: the labelled
//! stories set copied once and twice, the debug binary as both the binary and its
//! baseline. The benchmark itself is not a test; this checks that it runs and that its
//! figures say what it claims: two copies of every article collapse into one hit that
//! names its copy. python3 is installed by `.ci/run` where it is missing.

mod common;

use serde_json::Value;

#[test]
fn groups_script_collapses_two_copies_of_a_small_set() {
    let python = common::python().expect("python3 runs the benchmark");
    let tmp = tempfile::tempdir().unwrap();
    let (out, work) = (tmp.path().join("groups.json"), tmp.path().join("work"));
    let binary = env!("CARGO_BIN_EXE_corpus");
    let stdout = common::run_bench(
        common::bench_script(&python, "bench/groups.py")
            .args(["--corpus", "tests/fixtures/stories/tune", "--copies", "1,2"])
            .args([
                "--binary",
                binary,
                "--baseline",
                binary,
                "--own-queries",
                "--queries",
                "5",
                "--similar",
                "3",
            ])
            .arg("--workdir")
            .arg(&work)
            .arg("--out")
            .arg(&out),
    );
    let rows: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let two = &rows[1];
    assert_eq!((two["copies"].as_u64(), two["articles"].as_u64()), (Some(2), Some(74)), "{two}");
    assert_eq!(two["hits_with_own_copies"].as_f64(), Some(1.0), "every hit names its copy: {two}");
    assert_eq!(rows[0]["stories"], two["stories"], "a copy joins its original's story: {rows}");
    assert!(two["similar_ms"].as_f64().is_some_and(|ms| ms > 0.0), "{two}");
    assert!(stdout.contains("| 2 | 74 |"), "{stdout}");
}
