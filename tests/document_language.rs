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

/// Every fixture of `set` in its language with no fragment; the errors otherwise.
fn check(set: &str) {
    let files = fixtures(set);
    assert!(files.iter().any(|(p, _)| p.extension().is_some_and(|x| x == "html")), "{set}: no page");
    let mut errors = Vec::new();
    for (path, lang) in &files {
        let article = cleaned(path);
        let fragments: Vec<String> = article["fragments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| format!("{} {}", f["lang"].as_str().unwrap_or("?"), f["text"].as_str().unwrap_or("")))
            .collect();
        if article["lang"] != lang.as_str() || !fragments.is_empty() {
            let name = path.file_name().unwrap().to_string_lossy();
            errors.push(format!("{name}: language {} (want {lang}), fragments {fragments:?}", article["lang"]));
        }
    }
    println!("{set}: {} of {} articles right", files.len() - errors.len(), files.len());
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
