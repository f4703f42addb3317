//! A tiny run of `bench/serve.py` so the load benchmark never rots: seeds/, the debug
//! binary, a few hundred requests. The benchmark itself is not a test: this checks that it
//! runs and reports every figure, not how fast anything is.

mod common;

use serde_json::Value;

#[test]
fn serve_bench_runs_on_seeds_and_reports_every_figure() {
    let python =
        common::python().expect("python3 runs bench/serve.py (.ci/run installs it with python3-selenium)");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("serve.json");
    let stdout = common::run_bench(
        common::bench_script(&python, "bench/serve.py")
            .args(["--corpus", "seeds", "--binary", env!("CARGO_BIN_EXE_corpus")])
            .args(["--requests", "300", "--clients", "2", "--rounds", "1", "--workdir"])
            .arg(tmp.path())
            .arg("--out")
            .arg(&out),
    );
    let figures: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(figures["requests"], 300, "{figures}");
    assert_eq!(figures["errors"], 0, "{figures}");
    for name in ["searches_per_s", "p50_ms", "p99_ms", "inprocess_median_ms", "rss_before_mb", "rss_after_mb"]
    {
        assert!(figures[name].as_f64().is_some_and(|v| v > 0.0), "{name}: {figures}");
    }
    assert_eq!(figures["commit_visible_s"].as_array().map(Vec::len), Some(5), "{figures}");
    assert!(stdout.contains("| searches with snippets per second, over HTTP |"), "{stdout}");
}
