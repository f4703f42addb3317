//! The search issue's promises, end to end: query language, leniency, fuzzy matching,
//! filters, phrase-accurate highlights, many languages, and bad queries.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn corpus() -> Command {
    let mut cmd = Command::cargo_bin("corpus").unwrap();
    cmd.env_remove("NO_COLOR").env_remove("CORPUS_INDEX");
    cmd
}

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

fn index_of(dir: &Path) -> TempDir {
    let index = tempfile::tempdir().unwrap();
    corpus().arg("--index").arg(index.path()).arg("index").arg(dir).assert().success();
    index
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The file names of the ids printed, one a line: an id is the source's name, then
    /// the path within it ("seeds/004_...txt").
    fn names(&self) -> String {
        self.stdout.lines().map(|id| id.rsplit('/').next().unwrap_or(id)).collect::<Vec<_>>().join("\n")
    }
}

fn run(index: &Path, args: &[&str]) -> Run {
    let out = corpus().arg("--index").arg(index).args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn json(index: &Path, query: &[&str]) -> (Vec<Value>, Value, Run) {
    let mut args = vec!["search", "--json"];
    args.extend_from_slice(query);
    let r = run(index, &args);
    let mut records: Vec<Value> = r.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let summary = records.pop().unwrap_or(Value::Null);
    (records, summary, r)
}

/// The highlighted strings of a hit, title and fragments.
fn highlighted(hit: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let title = hit["title"].as_str().unwrap();
    for r in hit["title_highlights"].as_array().unwrap() {
        out.push(title[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize].to_string());
    }
    for f in hit["fragments"].as_array().unwrap() {
        let text = f["text"].as_str().unwrap();
        for r in f["highlights"].as_array().unwrap() {
            out.push(text[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize].to_string());
        }
    }
    out
}

/// The first three characters of each hit's file name ("004" for "seeds/004_...txt").
fn ids(records: &[Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| {
            let id = r["id"].as_str().unwrap();
            id.rsplit('/').next().unwrap_or(id).chars().take(3).collect()
        })
        .collect()
}

#[test]
fn and_falls_back_to_or_and_says_so() {
    let index = index_of(&seeds());
    let (hits, summary, r) = json(index.path(), &["zeppelin flagship"]);
    assert_eq!(r.code, 0);
    assert_eq!(summary["fallback"], true);
    assert!(!hits.is_empty());
    assert!(r.stderr.contains("no article has every term; showing articles with any"), "{}", r.stderr);
    let (_, summary, _) = json(index.path(), &["flagship proprietary"]);
    assert_eq!(summary["fallback"], false);
}

#[test]
fn stray_quotes_parentheses_colons_and_urls_never_fail() {
    let index = index_of(&seeds());
    for query in [
        "\"proprietary flagship",
        "(open source",
        "note: flagship",
        "flagship)",
        "https://www.axios.com/2026/04/06/x",
    ] {
        let r = run(index.path(), &["search", query]);
        assert!(r.code == 0 || r.code == 1, "{query}: {} {}", r.code, r.stderr);
        assert!(!r.stderr.contains("panicked") && !r.stderr.contains("Error("), "{query}: {}", r.stderr);
    }
    let r = run(index.path(), &["search", "\"proprietary flagship"]);
    assert!(r.stderr.contains("position"), "{}", r.stderr);
    // A leading minus, after `--`, excludes: every article but those with the word.
    let r = run(index.path(), &["search", "--ids", "--", "meta", "-flagship"]);
    assert_eq!(r.code, 0);
    assert!(r.names().lines().all(|id| !id.starts_with("000") && !id.starts_with("001")), "{}", r.stdout);
}

#[test]
fn boolean_operators_and_fields() {
    let index = index_of(&seeds());
    let r = run(index.path(), &["search", "--ids", "title:preps"]);
    assert_eq!(r.stdout.trim().lines().count(), 1);
    assert!(r.names().starts_with("000"));
    let r = run(index.path(), &["search", "--count", "gemma OR mango"]);
    assert_eq!(r.stdout.trim(), "2");
    let r = run(index.path(), &["search", "--count", "gemma AND NOT mango"]);
    assert_eq!(r.stdout.trim(), "1");
    let r = run(index.path(), &["search", "--ids", "site:happycapy"]);
    assert_eq!(r.names(), "004_71a336833f40eb96.txt");
    let r = run(index.path(), &["search", "--count", "lang:en"]);
    assert_eq!(r.stdout.trim(), "5");
}

#[test]
fn fuzzy_tolerates_typos_by_length_and_highlights_them() {
    let index = index_of(&seeds());
    assert_eq!(run(index.path(), &["search", "propietary"]).code, 1);
    let (hits, _, r) = json(index.path(), &["--fuzzy", "propietary"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        highlighted(&hits[0]).iter().any(|h| h.eq_ignore_ascii_case("proprietary")),
        "{:?}",
        highlighted(&hits[0])
    );
    // Four letters get no edit: "meat" does not find "meta".
    assert_eq!(run(index.path(), &["search", "--fuzzy", "--count", "metz"]).stdout.trim(), "0");
}

#[test]
fn a_phrase_is_highlighted_only_where_it_stands_as_a_phrase() {
    let index = index_of(&seeds());
    let (hits, _, _) = json(index.path(), &["\"open source\""]);
    assert!(!hits.is_empty());
    for hit in &hits {
        for h in highlighted(hit) {
            let words: Vec<String> = h.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect();
            assert_eq!(words, ["open", "source"], "{h:?} in {}", hit["id"]);
        }
    }
}

#[test]
fn stems_are_highlighted_and_a_title_only_hit_shows_the_opening_of_its_body() {
    let index = index_of(&seeds());
    let (hits, _, _) = json(index.path(), &["model"]);
    assert!(highlighted(&hits[0]).iter().any(|h| h.eq_ignore_ascii_case("models")));
    let (hits, _, _) = json(index.path(), &["preps"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(highlighted(&hits[0]), ["Preps"]);
    let fragment = &hits[0]["fragments"][0];
    assert_eq!(fragment["range"][0], 0, "not the opening: {fragment}");
}

#[test]
fn fragments_are_in_document_order_with_byte_ranges_into_the_body() {
    let index = index_of(&seeds());
    let (hits, _, _) = json(index.path(), &["--fragments", "3", "meta"]);
    for hit in &hits {
        let id = hit["id"].as_str().unwrap();
        let shown = run(index.path(), &["show", id, "--json"]);
        let body =
            serde_json::from_str::<Value>(shown.stdout.trim()).unwrap()["body"].as_str().unwrap().to_string();
        let fragments = hit["fragments"].as_array().unwrap();
        assert!(fragments.len() <= 3);
        let mut last_end = 0;
        for f in fragments {
            let (s, e) = (f["range"][0].as_u64().unwrap() as usize, f["range"][1].as_u64().unwrap() as usize);
            assert_eq!(&body[s..e], f["text"].as_str().unwrap());
            assert!(s >= last_end, "fragments out of order in {id}");
            last_end = e;
            assert!(f["text"].as_str().unwrap().chars().count() <= 170, "{f}");
        }
    }
}

#[test]
fn filters_sort_and_facets() {
    let index = index_of(&seeds());
    let p = index.path();
    assert_eq!(
        run(p, &["search", "--ids", "--site", "Happycapy Guide", "meta"]).names(),
        "004_71a336833f40eb96.txt"
    );
    assert_eq!(
        run(p, &["search", "--ids", "--author", "connie", "meta"]).names(),
        "004_71a336833f40eb96.txt"
    );
    assert_eq!(run(p, &["search", "--count", "--lang", "en", "meta"]).stdout.trim(), "5");
    assert_eq!(run(p, &["search", "--count", "--lang", "de", "meta"]).code, 1);
    assert_eq!(
        run(p, &["search", "--ids", "--since", "2026-04-01", "meta"]).names(),
        "004_71a336833f40eb96.txt"
    );
    assert_eq!(run(p, &["search", "--until", "2025-12-31", "meta"]).code, 1);
    let bad = run(p, &["search", "--since", "April", "meta"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("YYYY-MM-DD"), "{}", bad.stderr);
    let (hits, _, _) = json(p, &["--sort", "date", "meta"]);
    assert_eq!(ids(&hits)[0], "004", "dated articles first");
    assert!(hits.iter().all(|h| h["score"].is_null()));
    let (hits, _, _) = json(p, &["--offset", "2", "-n", "2", "meta"]);
    assert_eq!(hits[0]["rank"], 3);
    let facets = run(p, &["search", "--facets", "meta"]);
    assert!(facets.stdout.contains("sites: Happycapy Guide 1, The AI Post 1"), "{}", facets.stdout);
    assert!(facets.stdout.contains("languages: eng 5"), "{}", facets.stdout);
}

#[test]
fn show_list_and_stats() {
    let index = index_of(&seeds());
    let p = index.path();
    let r = run(p, &["show", "nope.txt"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no article with id"), "{}", r.stderr);
    let r = run(p, &["show", "000_e6c5c0a6c5537778.txt", "--raw"]);
    assert!(r.stdout.contains("~ kor"), "{}", r.stdout);
    assert!(r.stdout.contains("- repeated-title"), "{}", r.stdout);
    let r = run(p, &["list"]);
    assert_eq!(r.stdout.lines().count(), 5);
    let r = run(p, &["stats"]);
    for part in ["articles:  5", "eng 5", "Happycapy Guide", "2026-04-07", "MB"] {
        assert!(r.stdout.contains(part), "{part} not in {}", r.stdout);
    }
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn each_language_is_stemmed_as_itself_and_cjk_words_are_found() {
    let docs = tempfile::tempdir().unwrap();
    let d = docs.path();
    write(d, "de.txt", "Neue Modelle für die Stadt\n\nDie Stadtwerke haben am Montag drei neue Modelle für den Nahverkehr vorgestellt. Die Fahrzeuge sollen im Herbst in Zürich und Basel getestet werden, sagte die Sprecherin des Unternehmens.\n");
    write(d, "ko.txt", "삼성전자 새 반도체 공장 발표\n\n삼성전자는 월요일 평택에 새로운 반도체 공장을 짓는다고 발표했다. 회사는 이 공장이 내년 말부터 가동될 것이라고 밝혔다. 투자 규모는 약 이십조 원에 이른다.\n");
    write(d, "en.txt", "Trams return to Zurich\n\nThe city of Zurich said on Monday that its new trams would enter service in the autumn, after a long delay caused by a shortage of parts.\n");
    let index = index_of(d);
    let p = index.path();
    let r = run(p, &["search", "--ids", "Modell"]);
    assert_eq!(r.names(), "de.txt", "{}", r.stderr);
    let r = run(p, &["search", "--ids", "반도체"]);
    assert_eq!(r.names(), "ko.txt");
    let r = run(p, &["search", "--ids", "공장"]);
    assert_eq!(r.names(), "ko.txt");
    let r = run(p, &["search", "--count", "zurich"]);
    assert_eq!(r.stdout.trim(), "2", "Zurich finds Zürich");
    let r = run(p, &["search", "--count", "Zürich"]);
    assert_eq!(r.stdout.trim(), "2");
    let r = run(p, &["search", "--count", "--lang", "ko", "공장"]);
    assert_eq!(r.stdout.trim(), "1");
    let (hits, _, _) = json(p, &["반도체"]);
    assert!(highlighted(&hits[0]).iter().all(|h| h.contains("반도체")), "{:?}", highlighted(&hits[0]));
    let stats = run(p, &["stats"]);
    assert!(stats.stdout.contains("deu 1") && stats.stdout.contains("kor 1"), "{}", stats.stdout);
}

#[test]
fn tokens_are_found_as_written() {
    let index = index_of(&seeds());
    for (query, first) in [("GPT-5.4", "004"), ("\"$15 billion\"", "0"), ("U.S.", "0"), ("\"Llama 4\"", "0")]
    {
        let (hits, _, r) = json(index.path(), &[query]);
        assert_eq!(r.code, 0, "{query}: {}", r.stderr);
        assert!(ids(&hits)[0].starts_with(first), "{query}: {:?}", ids(&hits));
    }
}

#[test]
fn bad_queries_get_a_clear_answer() {
    let index = index_of(&seeds());
    let p = index.path();
    let long = "meta ".repeat(2000);
    let r = run(p, &["search", &long]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(p, &["search", "the of and"]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    for query in ["!!! ???", "🚀🚀", "--- ..."] {
        let r = run(p, &["search", "--", query]);
        assert_eq!(r.code, 2, "{query}: {}", r.stderr);
        assert!(r.stderr.contains("no words to search for"), "{query}: {}", r.stderr);
    }
    let r = run(p, &["search", "Ελληνικά"]);
    assert_eq!(r.code, 1);
    let r = run(p, &["search", ")))((("]);
    assert!(r.code == 1 || r.code == 2, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"));
}
