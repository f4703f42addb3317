//! How the default mode treats queries as people type them, end to end: a long question is
//! ranked by the words each article has, a common word among a few may be missing from the
//! best article, two or three rare words keep AND, stop words still find their phrase, and a
//! name the cleaner removed from every article (an author line) is still found.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn corpus() -> Command {
    let mut cmd = Command::cargo_bin("corpus").unwrap();
    cmd.env_remove("NO_COLOR").env_remove("CORPUS_INDEX");
    cmd
}

/// Articles `(file name, text)` written to a folder and indexed.
fn indexed(articles: &[(&str, String)]) -> (TempDir, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in articles {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let index = tempfile::tempdir().unwrap();
    corpus().arg("--index").arg(index.path()).arg("index").arg(dir.path()).assert().success();
    (dir, index)
}

struct Search {
    /// File names of the hits, best first.
    names: Vec<String>,
    summary: Value,
    stderr: String,
}

fn search(index: &Path, query: &str) -> Search {
    let out = corpus()
        .arg("--index")
        .arg(index)
        .args(["search", "--json", "-n", "20", "--", query])
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{query}: {}", String::from_utf8_lossy(&out.stderr));
    let mut records: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let summary = records.pop().unwrap_or(Value::Null);
    let names = records
        .iter()
        .map(|hit| hit["id"].as_str().unwrap().rsplit('/').next().unwrap_or_default().to_string())
        .collect();
    Search { names, summary, stderr: String::from_utf8_lossy(&out.stderr).into_owned() }
}

/// A news-like article: a title, then sentences of filler around `words`.
fn article(title: &str, words: &str, n: usize) -> String {
    let filler = "The council met on Tuesday and the meeting lasted for most of the afternoon.";
    let mut text = format!("{title}\n\n");
    for i in 0..n {
        text.push_str(filler);
        text.push(' ');
        if i == n / 2 {
            text.push_str(words);
            text.push(' ');
        }
    }
    text.push('\n');
    text
}

/// Forty articles about harbours, one about a glacier survey, one about a glacier and a
/// harbour crane, one about a survey of harbour voters: "harbour" is common (in more than a
/// tenth of the articles), "glacier" and "survey" rare.
fn harbour_folder() -> (TempDir, TempDir) {
    let mut articles: Vec<(String, String)> = (0..40)
        .map(|i| {
            (
                format!("harbour-{i:02}.txt"),
                article(&format!("Harbour report {i}"), "The harbour was busy.", 4),
            )
        })
        .collect();
    articles.push((
        "glacier-survey.txt".into(),
        article("Scientists finish the glacier survey", "The glacier survey measured the ice loss.", 4),
    ));
    articles.push((
        "glacier-crane.txt".into(),
        article("A crane at the glacier", "The glacier harbour crane.", 4),
    ));
    articles.push((
        "survey-only.txt".into(),
        article("A survey of voters", "The harbour survey asked voters.", 4),
    ));
    let refs: Vec<(&str, String)> = articles.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    indexed(&refs)
}

#[test]
fn a_common_word_missing_from_the_best_article_does_not_lose_it() {
    let (_dir, index) = harbour_folder();
    let found = search(index.path(), "glacier survey harbour");
    assert_eq!(found.names.first().map(String::as_str), Some("glacier-survey.txt"), "{:?}", found.names);
    // Every hit has both rare words or ranks below those that do; articles with neither
    // are not hits.
    assert!(found.names.iter().all(|n| !n.starts_with("harbour-")), "{:?}", found.names);
    assert_eq!(found.summary["fallback"], true, "{}", found.summary);
    assert!(found.stderr.contains(" articles have every term; the others have some"), "{}", found.stderr);
}

#[test]
fn two_rare_words_keep_and() {
    let (_dir, index) = harbour_folder();
    let found = search(index.path(), "glacier survey");
    assert_eq!(found.names, ["glacier-survey.txt"], "{}", found.stderr);
    assert_eq!(found.summary["fallback"], false);
    // Every word common: all are required.
    let found = search(index.path(), "harbour report");
    assert_eq!(found.names.len(), 20, "{:?}", found.names);
    assert!(found.names.iter().all(|n| n.starts_with("harbour-")), "{:?}", found.names);
    assert_eq!(found.summary["fallback"], false);
    assert_eq!(found.summary["total_hits"], 40);
}

#[test]
fn a_long_question_is_ranked_by_the_words_each_article_has() {
    let (_dir, index) = harbour_folder();
    // No article has every word of the question; the one with most of its rare words wins.
    let question = "what did the scientists find when they measured the ice loss in the glacier survey";
    let found = search(index.path(), question);
    assert_eq!(found.names.first().map(String::as_str), Some("glacier-survey.txt"), "{:?}", found.names);
    assert_eq!(found.summary["fallback"], true);
    assert!(found.stderr.contains("corpus: 0 of "), "{}", found.stderr);
    // A hyphenated word in a long query counts as its words.
    let found = search(index.path(), "reports on the ice-loss measured by the glacier survey");
    assert_eq!(found.names.first().map(String::as_str), Some("glacier-survey.txt"), "{:?}", found.names);
}

#[test]
fn the_words_of_the_best_hits_reorder_a_long_query_and_add_no_hit() {
    let (_dir, index) = harbour_folder();
    // The glacier articles share "ice", "loss" and "glacier" with the best hit; an article
    // with none of the question's words must not become a hit through them.
    let (_more, more_index) = indexed(&[
        (
            "glacier-survey.txt",
            article("Scientists finish the glacier survey", "The glacier survey measured the ice loss.", 4),
        ),
        ("ice-only.txt", article("Ice loss", "Ice loss on the glacier.", 4)),
        (
            "moraine.txt",
            "Moraine gravel\n\nGlacier ice loss leaves moraine gravel and meltwater lakes.\n".to_string(),
        ),
    ]);
    let question = "what did the scientists find when they measured the survey results";
    let found = search(more_index.path(), question);
    assert!(!found.names.contains(&"moraine.txt".to_string()), "{:?}", found.names);
    assert_eq!(found.names.first().map(String::as_str), Some("glacier-survey.txt"), "{:?}", found.names);
    let found = search(index.path(), question);
    assert_eq!(found.names.first().map(String::as_str), Some("glacier-survey.txt"), "{:?}", found.names);
}

#[test]
fn stop_words_still_find_their_phrase() {
    let (_dir, index) = indexed(&[
        ("hamlet.txt", article("A new Hamlet opens", "He asked whether to be or not to be, and left.", 3)),
        ("budget.txt", article("Budget talks resume", "The budget is to be decided in May.", 3)),
        ("rail.txt", article("Rail strike ends", "Trains run again on the coast line.", 3)),
    ]);
    let found = search(index.path(), "\"to be or not to be\"");
    assert_eq!(found.names, ["hamlet.txt"]);
    // Only stop words: they are all the query has, so they count in full.
    let found = search(index.path(), "to be or not");
    assert_eq!(found.names.first().map(String::as_str), Some("hamlet.txt"), "{:?}", found.names);
}

#[test]
fn an_author_line_removed_as_a_template_is_still_found() {
    // A collection's author line recurs under many articles: the cleaner removes it as a
    // template, and a plain query for the name still finds the articles.
    let topics = [
        "wing flutter",
        "shock tubes",
        "heat transfer",
        "shell buckling",
        "jet noise",
        "rotor blades",
        "ice",
    ];
    let mut articles = Vec::new();
    for (i, topic) in topics.iter().enumerate() {
        let author = if i < 5 { "lighthill,m.j." } else { "stewartson,k." };
        let text = format!(
            "Experiments on {topic}\n\nThe {topic} experiments were run in a tunnel and compared with the theory.\n\n{author}\n"
        );
        articles.push((format!("{i:04}.txt"), text));
    }
    let refs: Vec<(&str, String)> = articles.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    let (dir, index) = indexed(&refs);
    let cleaned = corpus().args(["clean", "--json"]).arg(dir.path()).output().unwrap();
    let removed_as_template = String::from_utf8_lossy(&cleaned.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|article| {
            article["removed"].as_array().is_some_and(|removed| {
                removed.iter().any(|r| r["reason"] == "template" && r["text"] == "lighthill,m.j.")
            })
        })
        .count();
    assert_eq!(removed_as_template, 5, "the author line is no longer a template: the test proves nothing");
    let found = search(index.path(), "lighthill");
    let mut names = found.names.clone();
    names.sort();
    assert_eq!(names, ["0000.txt", "0001.txt", "0002.txt", "0003.txt", "0004.txt"], "{}", found.stderr);
    // The name with a topic: the article on that topic by that author first.
    let found = search(index.path(), "lighthill jet noise");
    assert_eq!(found.names.first().map(String::as_str), Some("0004.txt"), "{:?}", found.names);
}
