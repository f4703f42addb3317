//! A tiny run of `bench/run.py` so the benchmark script never rots: seeds/, the debug binary,
//! five queries, one copy. The benchmark itself is not a test; this only checks that it runs
//! and reports. python3 is installed by `.ci/run` where it is missing.

mod common;

use std::path::Path;

use serde_json::Value;

#[test]
fn bench_script_runs_on_seeds_and_reports_missing_peers() {
    let python = common::python().expect("python3 runs the benchmark");
    let tmp = tempfile::tempdir().unwrap();
    // An empty PATH: rg and the sqlite3 CLI are then missing whatever this machine has,
    // and --no-install must report them rather than install them.
    let empty_path = tmp.path().join("bin");
    std::fs::create_dir(&empty_path).unwrap();
    let out = tmp.path().join("r.json");
    // `cargo test` builds the examples beside the binary.
    let clean_cost = Path::new(env!("CARGO_BIN_EXE_corpus")).with_file_name("examples").join("clean_cost");
    assert!(
        clean_cost.exists(),
        "{} is missing: run the whole `cargo test`, or `cargo build --examples` first",
        clean_cost.display()
    );
    let mut command = common::bench_script(&python, "bench/run.py");
    command
        .arg("--clean-cost")
        .arg(&clean_cost)
        .env("PATH", &empty_path)
        .args(["--corpus", "seeds", "--binary", env!("CARGO_BIN_EXE_corpus")])
        .args(["--queries", "5", "--copies", "1", "--no-install", "--skip-minimal"])
        // Emptying the page cache would slow everything else on the machine.
        .arg("--no-cold")
        .arg("--workdir")
        .arg(tmp.path())
        .arg("--out")
        .arg(&out);
    let stdout = common::run_bench(&mut command);

    let results: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let corpus = &results["index"]["corpus"];
    assert_eq!(corpus["status"], "ok", "{corpus}");
    for key in ["seconds", "mb_per_s", "articles_per_s", "peak_mb", "size_ratio"] {
        let value = corpus[key].as_f64().unwrap_or(-1.0);
        assert!(value > 0.0, "index.corpus.{key} = {}", corpus[key]);
    }
    assert_eq!(results["index"]["minimal"]["status"], "skipped");
    let cleaning = &results["cleaning"];
    assert_eq!(cleaning["status"], "ok", "{cleaning}");
    assert_eq!(cleaning["files"], 5, "{cleaning}");
    for key in ["learn_seconds", "clean_seconds", "seconds"] {
        assert!(cleaning[key].as_f64().unwrap_or(-1.0) > 0.0, "cleaning.{key} = {}", cleaning[key]);
    }
    // Against a minimal indexer that did not run there is no ratio to give.
    assert!(cleaning["vs_minimal_cpu"].is_null(), "{cleaning}");
    assert!(stdout.contains("Cleaning and language detection alone"), "{stdout}");

    // The cleaner's removed lines per reason: the seeds' repeated title, bylines, newsletter
    // pitches, as `corpus clean --json seeds` lists them.
    let removed = results["removed"].as_object().expect("removed lines per reason");
    assert!(removed.get("repeated-title").and_then(Value::as_u64).unwrap_or(0) > 0, "{removed:?}");
    assert!(stdout.contains("Lines removed by the cleaner, per reason"), "{stdout}");

    let per_query = results["queries"]["per_query"].as_array().unwrap();
    assert_eq!(per_query.len(), 5, "{per_query:?}");
    for row in per_query {
        assert!(row["corpus_ms"].as_f64().unwrap_or(-1.0) > 0.0, "{row}");
        assert!(row["rg_ms"].is_null(), "rg ran although it is not on PATH: {row}");
        assert!(row["fts5_ms"].is_null(), "sqlite3 ran although it is not on PATH: {row}");
    }
    let hits: u64 = per_query.iter().map(|row| row["corpus_hits"].as_u64().unwrap()).sum();
    assert!(hits > 0, "queries drawn from seeds/ found nothing: {per_query:?}");

    assert_eq!(results["peers"]["rg"], "not installed");
    assert_eq!(results["peers"]["sqlite3"], "not installed");
    assert!(stdout.contains("not installed"), "the table does not say so:\n{stdout}");
}
