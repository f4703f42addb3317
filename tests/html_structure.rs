//! How a web page's structure decides what is its article: the container its markup names
//! for the article's body, layout classes that are not the article's, captions, text for
//! readers without scripts, lists inside the article, and a box of links inside it.

mod common;

use std::fs;

use common::corpus;
use serde_json::Value;

/// The page's article as `corpus clean --json` stores it, and its `--explain` lines.
fn read(html: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    fs::write(&page, html).unwrap();
    let index = dir.path().join("idx");
    let out = corpus().arg("--index").arg(&index).args(["clean", "--json"]).arg(&page).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let record: Value = serde_json::from_str(stdout.lines().next().unwrap_or("{}")).unwrap();
    let body = record["body"].as_str().unwrap_or_default().to_string();
    let out = corpus()
        .arg("--index")
        .arg(&index)
        .args(["clean", "--explain", "--color", "never"])
        .arg(&page)
        .output()
        .unwrap();
    (body, String::from_utf8_lossy(&out.stdout).into_owned())
}

const PARAGRAPHS: [&str; 6] = [
    "The county's two ferries will run on batteries from next summer, the transport office said on Monday.",
    "Both boats were built in 1994 and burn about a million litres of diesel a year between them.",
    "Shipyard workers will fit the new drives over the winter, when fewer people cross the sound.",
    "Charging points on each quay will draw on the grid for twelve minutes while cars drive on and off.",
    "Fares will not rise, the office said, because the savings on fuel pay for the work within nine years.",
    "Islanders who commute to the mainland have asked for a later crossing on Friday evenings as well.",
];

/// A publishing system's article page: the lead in one field, the body in another after a
/// sidebar of buttons, a picture with its caption, a list, and a box of other stories
/// between two paragraphs; the whole layout in a container classed `has-sidebar`.
fn node_page() -> String {
    let p = |i: usize| format!("<p>{}</p>", PARAGRAPHS[i]);
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><title>Ferries go electric | Sound Gazette</title></head>
<body class="page-node single right-sidebar"><div class="layout-container has-sidebar">
<header><nav><a href="/">Home</a> <a href="/sea">Sea</a> <a href="/towns">Towns</a></nav></header>
<main><article class="node node--type-article">
<h1>Ferries go electric</h1>
<div class="field field--name-field-lead"><p>The county will convert both of its car ferries to electric drives by next summer, ending decades of diesel on the sound.</p></div>
<div class="node__sidebar"><div class="share-buttons"><a href="/s/f">Facebook</a> <a href="/s/t">Twitter</a></div>
<div class="issue-box"><a href="/shop">Order the print issue</a></div></div>
<div class="node__content">
{p0}{p1}
<figure><img src="ferry.jpg" alt=""><figcaption>The older ferry at the island quay in March. Photo: Sound Gazette archive</figcaption></figure>
{p2}
<h2>What changes for passengers</h2>
<ul><li>Crossings take the same forty minutes</li><li>The last boat leaves at eleven at night</li><li>Bicycles travel free all year</li></ul>
{p3}
<div class="box"><h3>Related stories</h3><ul><li><a href="/a">Bridge plan shelved again after costs double</a></li><li><a href="/b">Harbour master retires after thirty years at the quay</a></li><li><a href="/c">New timetable for island buses from April</a></li></ul></div>
{p4}{p5}
</div></article></main>
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/x">Storm closes the coast road for a day</a></li><li><a href="/y">School wins the county's rowing cup</a></li></ul></aside>
<footer><p>© 2026 Sound Gazette</p></footer></div></body></html>"#,
        p0 = p(0),
        p1 = p(1),
        p2 = p(2),
        p3 = p(3),
        p4 = p(4),
        p5 = p(5),
    )
}

#[test]
fn the_container_the_markup_names_is_read_whole() {
    let (body, explain) = read(&node_page());
    for paragraph in PARAGRAPHS {
        assert!(body.contains(paragraph), "missing {paragraph:?} in\n{body}\n{explain}");
    }
    assert!(body.contains("ending decades of diesel"), "the lead: {body}");
    for item in ["Crossings take the same forty minutes", "Bicycles travel free all year"] {
        assert!(body.contains(item), "the list inside the article: {item:?} in\n{body}\n{explain}");
    }
    for cut in ["Bridge plan shelved", "Storm closes the coast road", "Order the print issue", "Facebook"] {
        assert!(!body.contains(cut), "{cut:?} kept in\n{body}");
    }
    let line_of = |needle: &str| {
        explain.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle}: {explain}"))
    };
    assert!(line_of("Photo: Sound Gazette archive").contains("- metadata"), "{explain}");
    assert!(!body.contains("Photo: Sound Gazette archive"), "{body}");
}

#[test]
fn an_article_written_for_readers_without_scripts_is_read() {
    let paragraphs: String = PARAGRAPHS.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    let page = format!(
        r#"<html><head><title>Ferries go electric</title></head><body>
<div class="blog-header"><a href="/">Sound Notes</a></div>
<div class="post" itemscope itemtype="http://schema.org/BlogPosting">
<h2 class="title">Ferries go electric</h2>
<div class="post-body"><div class="post-content" itemprop="articleBody">
<script type="text/template">{paragraphs}</script>
<noscript>{paragraphs}</noscript>
</div></div></div>
<div class="sidebar"><h2>Labels</h2><ul><li><a href="/l/sea">sea</a></li><li><a href="/l/towns">towns</a></li></ul></div>
</body></html>"#
    );
    let (body, explain) = read(&page);
    for paragraph in PARAGRAPHS {
        assert!(body.contains(paragraph), "missing {paragraph:?} in\n{body}\n{explain}");
    }
    assert_eq!(body.matches(PARAGRAPHS[0]).count(), 1, "once, from <noscript>: {body}");
}

#[test]
fn a_wrapper_named_like_a_footer_around_the_whole_page_is_layout() {
    // Some templates wrap the whole page in an element named for its dark footer: what it
    // holds is not all navigation, and the article inside it is read whole.
    let letters = "Letters to the editor are welcome at the office on the island quay.";
    let page = node_page()
        .replace(r#"<div class="layout-container has-sidebar">"#, r#"<div class="page-footer-wrap"><div>"#)
        .replace("</main>", &format!("</main><p>{letters}</p>"))
        .replace("</div></body></html>", "</div></div></body></html>");
    let (body, explain) = read(&page);
    for paragraph in PARAGRAPHS {
        assert!(
            body.contains(paragraph),
            "missing {paragraph:?} in
{body}
{explain}"
        );
    }
    let letters_line = explain.lines().find(|l| l.contains(letters)).unwrap_or_else(|| panic!("{explain}"));
    assert!(letters_line.contains("- not-article"), "{explain}");
    assert!(explain.lines().any(|l| l.contains("Home Sea Towns") && l.contains("- navigation")), "{explain}");
}

/// The site's logo is an `<h1>` above the menus, longer than the article's and held by the
/// page's title as well: the headline is the `<h1>` over the article, not the logo's.
#[test]
fn the_headline_is_the_articles_h1_not_the_logos() {
    let paragraphs: String = PARAGRAPHS.iter().map(|p| format!("<p>{p}</p>")).collect();
    let html = format!(
        r#"<html><head><title>Ferries go electric | The Sound Gazette and Island Courier</title></head><body>
<header><h1><a href="/">The Sound Gazette and Island Courier</a></h1>
<nav><a href="/">Home</a> <a href="/sea">Sea and ferries</a> <a href="/towns">Towns and villages</a> <a href="/sport">Sport</a></nav></header>
<article><h1>Ferries go electric</h1>{paragraphs}</article></body></html>"#
    );
    let (body, explained) = read(&html);
    assert!(explained.contains("title:    Ferries go electric\n"), "{explained}");
    assert!(!body.contains("Island Courier"), "{body}");
}
