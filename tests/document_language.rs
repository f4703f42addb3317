//! Whole articles in other languages, as text and as web pages (`tests/fixtures/lang/`, see
//! its README): each must come out in its own language, named by its ISO 639-3 code, with
//! no line of it set aside as a stray-language fragment. The page's declared language does
//! not decide: a Norwegian article under `<html lang="en">` is Norwegian.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};

/// The fixtures of one set, sorted, with the language each file name gives.
fn fixtures(set: &str) -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lang").join(set);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "html"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let lang = name.split('_').next().unwrap().to_string();
            (p, lang)
        })
        .collect()
}

/// `corpus clean --json` on one file: its one article.
fn cleaned(path: &Path) -> Value {
    let out = common::corpus().args(["clean", "--json"]).arg(path).output().unwrap();
    assert!(out.status.success(), "{}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut lines = stdout.lines();
    let article = serde_json::from_str(lines.next().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{}: {e}: {stdout}", path.display()));
    assert!(lines.next().is_none(), "{}: one article expected: {stdout}", path.display());
    article
}

/// How the English boilerplate after the article of the `_mixed` fixture begins (a cookie
/// notice: "We value your privacy").
const MIXED_BOILERPLATE_STARTS: &str = "We value";

/// The article's own paragraphs in a fixture: every non-blank line before the `_mixed`
/// fixture's boilerplate, without the title.
fn paragraphs(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take_while(|l| !l.starts_with(MIXED_BOILERPLATE_STARTS))
        .map(str::to_string)
        .collect()
}

/// Every fixture of `set` in its language with no fragment (no fragment in its own
/// language, and every paragraph of the article kept, for a `_mixed` one); the errors
/// otherwise.
fn check(set: &str) {
    let files = fixtures(set);
    assert!(files.iter().any(|(p, _)| p.extension().is_some_and(|x| x == "html")), "{set}: no page");
    let mut errors = Vec::new();
    let mut wrong_files = 0;
    for (path, lang) in &files {
        let errors_before = errors.len();
        let article = cleaned(path);
        let name = path.file_name().unwrap().to_string_lossy();
        let mixed = path.file_stem().unwrap().to_string_lossy().ends_with("_mixed");
        let fragments: Vec<(&str, &str)> = article["fragments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["lang"].as_str().unwrap_or("?"), f["text"].as_str().unwrap_or("")))
            .collect();
        let wrong: Vec<&(&str, &str)> = fragments.iter().filter(|(code, _)| !mixed || code == lang).collect();
        if article["lang"] != lang.as_str() || !wrong.is_empty() {
            errors.push(format!("{name}: language {} (want {lang}), fragments {wrong:?}", article["lang"]));
        }
        if mixed {
            let body = article["body"].as_str().unwrap_or_default();
            for paragraph in paragraphs(path).iter().filter(|p| !body.contains(p.as_str())) {
                errors.push(format!("{name}: not in the body: {paragraph}"));
            }
        }
        wrong_files += usize::from(errors.len() > errors_before);
    }
    println!("{set}: {} of {} articles right", files.len() - wrong_files, files.len());
    assert!(errors.is_empty(), "{set}:\n{}", errors.join("\n"));
}

#[test]
fn tune_articles_keep_their_language_and_every_line() {
    check("tune");
}

/// Figures no rule was tuned on.
#[test]
fn holdout_articles_keep_their_language_and_every_line() {
    check("holdout");
}
