//! What the end-to-end tests share: the binary, articles to feed it, a running server.
// Each test crate compiles this module and uses a part of it.
#![allow(dead_code)]

pub mod labelled;
pub mod served;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The environment variables of the caller's that would change what corpus does.
const SETTINGS: [&str; 3] = ["NO_COLOR", "CORPUS_INDEX", "CORPUS_TOKEN"];

/// The binary, in an environment that no setting of the caller's leaks into.
pub fn corpus() -> Command {
    let mut cmd = Command::cargo_bin("corpus").unwrap();
    for name in SETTINGS {
        cmd.env_remove(name);
    }
    cmd
}

/// The same as a process to spawn (a server runs beside the test).
pub fn process() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_corpus"));
    for name in SETTINGS {
        cmd.env_remove(name);
    }
    cmd
}

/// A short article about `topic`: a title, and two sentences a cleaner keeps.
pub fn article(topic: &str) -> String {
    format!(
        "A report on {topic}\n\nThe council met on Tuesday to discuss {topic} and the budget for next year.\n\
         Officials said the plan for {topic} would be published in the spring, after a public consultation.\n"
    )
}

/// A made-up word for each number, without digits: the cleaner's template statistics
/// would treat articles that differ only in digits as one template.
pub fn word(mut n: usize) -> String {
    const SYLLABLES: [&str; 16] =
        ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ba", "de", "fi", "go", "hu", "je", "pa", "zo"];
    let mut w = String::new();
    loop {
        w.push_str(SYLLABLES[n % 16]);
        n /= 16;
        if n == 0 {
            return w;
        }
    }
}

/// The real interpreter behind `python3` (pyenv and friends put a shell shim first on PATH).
pub fn python() -> Option<String> {
    let output = std::process::Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .ok()?;
    let path = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (output.status.success() && !path.is_empty()).then_some(path)
}

/// A benchmark script of `bench/` run as a user runs it: by `python`, from the repository's
/// root, with no index named by the environment. The caller adds the script's arguments.
pub fn bench_script(python: &str, script: &str) -> std::process::Command {
    let mut command = std::process::Command::new(python);
    command.current_dir(env!("CARGO_MANIFEST_DIR")).env_remove("CORPUS_INDEX").arg(script);
    command
}

/// Runs a benchmark script to its end and gives its stdout; a failing run fails the test
/// with what it printed.
pub fn run_bench(command: &mut std::process::Command) -> String {
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{command:?} failed ({}):\n{stdout}\n{stderr}", output.status);
    stdout
}

/// The `.txt` files of the folder `dir`, by name.
pub fn txt_files(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
}

/// The harmonic mean of precision and recall; 0 when both are.
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}
