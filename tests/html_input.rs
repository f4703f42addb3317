//! Web pages in: which files are read, what is stored and shown of them, and hostile pages
//! (deep or unclosed markup, a 50 MB page, scripts only, binary named `.html`) answered in
//! bounded time, skipped with a reason or read, never an abort.

mod common;

use std::fs;
use std::path::Path;

use common::corpus;
use serde_json::Value;

/// A news page with a menu, the article, and a comment section.
fn news_page(title: &str, paragraph: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Harbour Ledger</title>
<link rel="canonical" href="https://harbourledger.example/news/{slug}">
<meta property="og:site_name" content="Harbour Ledger">
<meta property="article:published_time" content="2026-02-26T10:00:00Z"></head>
<body><nav><ul><li><a href="/">Front page</a></li><li><a href="/port">Port and shipping</a></li></ul></nav>
<article><h1>{title}</h1>
<p>{paragraph} The harbour board approved the plan on Tuesday after a long debate about costs.</p>
<p>Officials said the work would start in the spring and last about two years, weather permitting.</p>
<p>Ship owners welcomed the decision, saying the deeper berths would let larger vessels call at the port.</p>
</article>
<section id="comments"><h2>2 comments</h2><p>Finally some good news for the port and for the town, well done everyone involved.</p></section>
</body></html>"#,
        slug = title.to_lowercase().replace(' ', "-"),
    )
}

fn clean_json(path: &Path) -> (Vec<Value>, String, i32) {
    let index = tempfile::tempdir().unwrap();
    let out = corpus().arg("--index").arg(index.path()).args(["clean", "--json"]).arg(path).output().unwrap();
    let records =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    (records, String::from_utf8_lossy(&out.stderr).into_owned(), out.status.code().unwrap_or(-1))
}

#[test]
fn html_htm_and_xhtml_are_read_and_saved_page_folders_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (name, title) in
        [("a.html", "Berth plan approved"), ("b.htm", "Dredging starts"), ("c.xhtml", "Cranes arrive")]
    {
        fs::write(root.join(name), news_page(title, "The port will be deepened.")).unwrap();
    }
    // A browser's "save page, complete": the page and its folder of assets.
    fs::create_dir(root.join("a_files")).unwrap();
    fs::write(root.join("a_files").join("frame.html"), news_page("Should not be read", "An embedded frame."))
        .unwrap();
    fs::write(root.join("a_files").join("style.txt"), "body { color: red }").unwrap();
    let (records, stderr, code) = clean_json(root);
    assert_eq!(code, 0, "{stderr}");
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a.html", "b.htm", "c.xhtml"], "{stderr}");
}

#[test]
fn a_page_is_stored_with_its_metadata_and_shown_with_its_url() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("berth.html"), news_page("Berth plan approved", "The port will be deepened."))
        .unwrap();
    let (records, stderr, _) = clean_json(&docs);
    let r = &records[0];
    assert_eq!(r["title"], "Berth plan approved", "{stderr}");
    assert_eq!(r["url"], "https://harbourledger.example/news/berth-plan-approved");
    assert_eq!(r["site"], "Harbour Ledger");
    assert_eq!(r["date"], "2026-02-26");
    assert_eq!(r["lang"], "eng");
    let body = r["body"].as_str().unwrap();
    assert!(body.contains("Ship owners welcomed the decision"), "{body}");
    assert!(!body.contains("Port and shipping") && !body.contains("Finally some good news"), "{body}");

    let index = dir.path().join("idx");
    let out = corpus().arg("--index").arg(&index).arg("index").arg(&docs).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = corpus().arg("--index").arg(&index).args(["search", "--json", "berths"]).output().unwrap();
    let hit: Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(hit["url"], "https://harbourledger.example/news/berth-plan-approved");
    let out = corpus().arg("--index").arg(&index).args(["show", "berth.html"]).output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains("url:") && shown.contains("https://harbourledger.example/news/berth-plan-approved"),
        "{shown}"
    );
    // The only article of its story is counted in the singular.
    assert!(shown.lines().any(|l| l.starts_with("story:") && l.ends_with("(1 article)")), "{shown}");
    // The site and date filters see the page's metadata.
    let out = corpus()
        .arg("--index")
        .arg(&index)
        .args(["search", "--ids", "--site", "Harbour Ledger", "--since", "2026-02-01", "berths"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "docs/berth.html");
}

#[test]
fn explain_shows_the_page_blocks_and_why_each_cut_one_was_cut() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("berth.html");
    fs::write(&page, news_page("Berth plan approved", "The port will be deepened.")).unwrap();
    let out = corpus()
        .arg("--index")
        .arg(dir.path().join("idx"))
        .args(["clean", "--explain"])
        .arg(&page)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let line_of = |needle: &str| {
        text.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle}: {text}"))
    };
    assert!(line_of("Port and shipping").contains("- navigation"), "{text}");
    assert!(line_of("Finally some good news").contains("- comments"), "{text}");
    assert!(!line_of("Ship owners welcomed").contains(" - "), "{text}");
}

#[test]
fn pages_without_an_article_are_skipped_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let links: String = (0..40)
        .map(|i| format!("<li><a href=\"/story/{i}\">Headline number {i} about the harbour and the town council</a></li>"))
        .collect();
    fs::write(dir.path().join("front.html"), format!("<html><body><ul>{links}</ul></body></html>")).unwrap();
    fs::write(
        dir.path().join("scripts.html"),
        "<html><head><script>var a = 1;</script></head><body><script>go()</script></body></html>",
    )
    .unwrap();
    let (records, stderr, code) = clean_json(dir.path());
    assert!(records.is_empty(), "{records:?}");
    assert_eq!(code, 1);
    assert!(stderr.contains("skipped") && stderr.contains("front.html"), "{stderr}");
    assert!(stderr.contains("scripts.html"), "{stderr}");
}

#[test]
fn hostile_pages_are_answered_and_never_cost_another_article() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let article = "<p>The harbour board approved the plan on Tuesday after a long debate about the costs of dredging.</p>";
    fs::write(root.join("good.html"), news_page("Berth plan approved", "The port will be deepened."))
        .unwrap();
    fs::write(
        root.join("deep.html"),
        format!("<html><body>{}{article}{}</body></html>", "<div>".repeat(100_000), "</div>".repeat(100_000)),
    )
    .unwrap();
    fs::write(
        root.join("unclosed.html"),
        format!("<html><body>{}{article}</body></html>", "<span>".repeat(50_000)),
    )
    .unwrap();
    fs::write(
        root.join("tables.html"),
        format!("<html><body>{}{article}</body></html>", "<table><tr><td>".repeat(20_000)),
    )
    .unwrap();
    fs::write(root.join("binary.html"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00").unwrap();
    // 50 MB, as such pages are: an article under a state blob and an inline image. (50 MB of
    // paragraphs is read too, in under two seconds in a release build: too slow for a debug test.)
    let blob = format!(
        "<script>window.__STATE__ = {{\"items\": [{}]}}</script>",
        "{\"id\": 1, \"tag\": \"<div>\"},".repeat(500_000)
    );
    let image = format!("<img src=\"data:image/png;base64,{}\">", "iVBORw0KGgo".repeat(3_600_000));
    let big = format!(
        "<html><head>{blob}</head><body><article>{image}{}</article></body></html>",
        article.repeat(20)
    );
    assert!(big.len() > 50_000_000);
    fs::write(root.join("big.html"), big).unwrap();
    let (records, stderr, code) = clean_json(root);
    assert_eq!(code, 0, "{stderr}");
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"good.html"), "{ids:?} {stderr}");
    for id in ["deep.html", "unclosed.html", "tables.html", "big.html"] {
        let record = records.iter().find(|r| r["id"] == id);
        let body = record.map(|r| r["body"].as_str().unwrap()).unwrap_or_default();
        assert!(body.contains("approved the plan on Tuesday"), "{id}: {stderr}");
    }
    assert!(stderr.contains("binary.html: binary file"), "{stderr}");
}

#[test]
fn a_declared_legacy_encoding_is_read_as_declared() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<html><head><meta charset=\"windows-1252\"><title>Caf\u{e9}s</title></head><body><article>\
        <p>Die Caf\u{e9}s in Z\u{fc}rich \u{f6}ffnen am Sonntag l\u{e4}nger, sagte die Stadt am Montag in einer Mitteilung.</p>\
        <p>Die Wirte begr\u{fc}ssen den Entscheid, der nach langen Verhandlungen mit den Anwohnern gefallen ist.</p>\
        </article></body></html>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(page);
    fs::write(dir.path().join("zh.html"), &bytes).unwrap();
    let (records, stderr, _) = clean_json(dir.path());
    let body = records[0]["body"].as_str().unwrap_or_default();
    assert!(body.contains("Die Caf\u{e9}s in Z\u{fc}rich \u{f6}ffnen"), "{body} {stderr}");
    assert_eq!(records[0]["lang"], "deu");
}
