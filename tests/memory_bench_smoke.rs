//! A tiny run of `bench/memory.py` so the memory benchmark never rots: two small generated
//! files and one larger one, the debug binary, and the minimal indexer where the test build
//! made it, and a search over 300 articles. It checks the script runs and reports, not the
//! figures. python3 is installed by `.ci/run` where it is missing.

mod common;

use std::path::Path;

use serde_json::Value;

#[test]
fn memory_bench_runs_and_reports_each_case() {
    let python = common::python().expect("python3 runs the benchmark");
    let binary = Path::new(env!("CARGO_BIN_EXE_corpus"));
    // `cargo test` builds the examples next to the binary's folder.
    let minimal = binary.parent().map(|dir| dir.join("examples").join("minimal_indexer"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("m.json");
    let mut cmd = common::bench_script(&python, "bench/memory.py");
    cmd.args(["--files", "2", "--file-mb", "1", "--one-mb", "2", "--memory", "40", "--search-files", "300"])
        .arg("--binary")
        .arg(binary)
        .arg("--workdir")
        .arg(tmp.path())
        .arg("--out")
        .arg(&out);
    let with_minimal = minimal.as_deref().is_some_and(Path::is_file);
    match &minimal {
        Some(path) if with_minimal => cmd.arg("--minimal").arg(path),
        _ => cmd.arg("--skip-minimal"),
    };
    let stdout = common::run_bench(&mut cmd);

    let results: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    for case in ["many", "one"] {
        let data = &results["cases"][case];
        let largest = data["largest_file_mb"].as_f64().unwrap_or(0.0);
        assert!(largest > 0.5, "{case}: largest file {largest} MB");
        let corpus = &data["runs"]["corpus"];
        assert_eq!(corpus["exit_code"], 0, "{case}: {corpus}");
        for key in ["seconds", "peak_rss_mb", "peak_anon_mb"] {
            let value = corpus[key].as_f64().unwrap_or(-1.0);
            assert!(value > 0.0, "{case}: corpus {key} = {}", corpus[key]);
        }
        assert_eq!(data["runs"]["minimal"].is_object(), with_minimal, "{case}: {}", data["runs"]);
        assert!(stdout.contains(&format!("| {case} | corpus |")), "{stdout}");
    }
    let search = &results["search"];
    assert_eq!(search["files"], 300, "{search}");
    for run in ["--ids", "--count", "10 hits with snippets"] {
        assert_eq!(search["runs"][run]["exit_code"], 0, "{run}: {search}");
        assert!(stdout.contains(&format!("| {run} |")), "{stdout}");
    }
}
