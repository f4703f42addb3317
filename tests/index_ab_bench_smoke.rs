//! A tiny run of `bench/index_ab.py` so the indexing-speed benchmark never rots: the seeds,
//! the debug binary against itself, one round. The benchmark itself is not a test; this
//! checks that it runs and reports both binaries' figures and what their indexes hold.
//! python3 is installed by `.ci/run` where it is missing.

mod common;

#[test]
fn index_ab_script_compares_a_binary_with_itself_on_the_seeds() {
    let python = common::python().expect("python3 runs the benchmark");
    let tmp = tempfile::tempdir().unwrap();
    let binary = env!("CARGO_BIN_EXE_corpus");
    let stdout = common::run_bench(
        common::bench_script(&python, "bench/index_ab.py")
            .args([binary, binary, "--corpus", "seeds", "--rounds", "1"])
            .arg("--workdir")
            .arg(tmp.path()),
    );
    let cpu =
        stdout.lines().find(|l| l.starts_with("| CPU")).unwrap_or_else(|| panic!("no CPU row: {stdout}"));
    let figures: Vec<f64> = cpu.split('|').filter_map(|cell| cell.trim().parse().ok()).collect();
    assert_eq!(figures.len(), 3, "before, after and their ratio: {cpu}");
    assert!(figures.iter().all(|&f| f > 0.0), "{cpu}");
    assert!(stdout.contains("same articles in the same copy groups: yes"), "{stdout}");
    assert!(stdout.contains("articles whose story differs: 0 of 5"), "{stdout}");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0, "the work folder is removed");
}
