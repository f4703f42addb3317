//! The page in a real browser: `tests/browser/page.py` drives Debian's chromium through its
//! chromedriver (selenium) against two real servers, one with a token. `.ci/run` installs
//! chromium, chromium-driver, fonts-noto-cjk and python3-selenium; without them this test
//! fails, it never skips. Screenshots go to `target/tmp/screenshots/`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::process;
use common::served::Served;

/// A Python that has selenium: Debian's (python3-selenium), or the first on PATH.
fn python_with_selenium() -> String {
    for python in ["/usr/bin/python3", "python3"] {
        let ok =
            Command::new(python).args(["-c", "import selenium"]).output().is_ok_and(|o| o.status.success());
        if ok {
            return python.to_string();
        }
    }
    panic!("no python3 with selenium: .ci/run installs python3-selenium, chromium and chromium-driver");
}

/// The seeds, plus articles dated in three years and one whose text holds markup.
fn articles(root: &Path) -> Vec<PathBuf> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let harbour = root.join("harbour");
    std::fs::create_dir(&harbour).unwrap();
    // Twelve, more than a page of ten: two in 2023, six in 2024, four in 2025.
    let years = [["2023"; 2].as_slice(), &["2024"; 6], &["2025"; 4]].concat();
    for (i, year) in years.iter().enumerate() {
        let text = format!(
            "Harbour report number {i}\n\nMarch 3, {year}\n\nThe harbour authority published its annual report on shipping \
             volumes, which rose again this year according to officials.\n\nThe report notes that container traffic \
             through the harbour grew faster than expected.\n"
        );
        std::fs::write(harbour.join(format!("report-{i}.txt")), text).unwrap();
    }
    let hostile = root.join("hostile");
    std::fs::create_dir(&hostile).unwrap();
    std::fs::write(
        hostile.join("markup.txt"),
        "Attack <script>window.pwned = 1</script> on the parser\n\nThe payload <img src=x onerror=\"document.title='pwned'\"> \
         and <script>window.pwned = 2</script> were found in a comment field by researchers this week.\n",
    )
    .unwrap();
    vec![seeds, harbour, hostile]
}

#[test]
fn the_page_in_chromium_searches_filters_sorts_opens_articles_and_walks_back() {
    let python = python_with_selenium();
    let root = tempfile::tempdir().unwrap();
    let index = root.path().join("index");
    let out = process().arg("--index").arg(&index).arg("index").args(articles(root.path())).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let plain = Served::start(&index, &[]);
    let token = "a-token-for-the-browser-test";
    let guarded = Served::start(&index, &["--token", token]);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/page.py");
    let status = Command::new(&python)
        .arg(&script)
        .args([&plain.url(), &guarded.url(), token])
        .arg(&shots)
        .status()
        .unwrap();
    assert!(status.success(), "the page failed in chromium (see page.py's message above)");
    for name in ["results-light", "results-dark", "article-original-light", "article-original-dark"] {
        assert!(shots.join(format!("{name}.png")).exists(), "{name}.png");
    }
}
