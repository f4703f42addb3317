//! A tiny run of `bench/groups.py` so the groups benchmark never rots: the labelled
//! stories set copied once and twice, the debug binary as both the binary and its
//! baseline. The benchmark itself is not a test; this checks that it runs and that its
//! figures say what it claims: two copies of every article collapse into one hit that
//! names its copy. python3 is installed by `.ci/run` where it is missing.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

#[test]
fn groups_script_collapses_two_copies_of_a_small_set() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("groups.json");
    let binary = env!("CARGO_BIN_EXE_corpus");
    let output = Command::new("python3")
        .current_dir(repo)
        .env_remove("CORPUS_INDEX")
        .args(["bench/groups.py", "--corpus", "tests/fixtures/stories/tune", "--copies", "1,2"])
        .args(["--binary", binary, "--baseline", binary, "--own-queries", "--queries", "5", "--similar", "3"])
        .arg("--workdir")
        .arg(tmp.path().join("work"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "bench/groups.py failed ({}):\n{stdout}\n{stderr}", output.status);
    let rows: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let two = &rows[1];
    assert_eq!((two["copies"].as_u64(), two["articles"].as_u64()), (Some(2), Some(74)), "{two}");
    assert_eq!(two["hits_with_own_copies"].as_f64(), Some(1.0), "every hit names its copy: {two}");
    assert_eq!(rows[0]["stories"], two["stories"], "a copy joins its original's story: {rows}");
    assert!(two["similar_ms"].as_f64().is_some_and(|ms| ms > 0.0), "{two}");
    assert!(stdout.contains("| 2 | 74 |"), "{stdout}");
}
