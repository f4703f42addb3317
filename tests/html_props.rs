//! Properties of reading web pages over random markup: reading never panics and always
//! answers (an article or a reason), and bounding the depth only ever drops whole tags.

use corpus::html::{depth, read};
use proptest::prelude::*;

/// Markup made of pieces real pages hold, unbalanced and out of order.
fn markup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "<div>",
            "</div>",
            "<p>",
            "</p>",
            "<span class=\"share\">",
            "</span>",
            "<nav>",
            "</nav>",
            "<table><tr><td>",
            "</td></tr></table>",
            "<li>",
            "<ul>",
            "</ul>",
            "<a href='x'>",
            "</a>",
            "<br>",
            "<script>",
            "</script>",
            "<!--",
            "-->",
            "<article>",
            "</article>",
            "<h1>",
            "</h1>",
            "<meta charset=utf-8>",
            "<",
            ">",
            "&amp;",
            "&#0;",
            "<time datetime='2026-01-01'>",
            "<b>",
            "<i>",
            "</b>",
            "</i>",
            "<svg><g>",
            "<math>",
            "<template>",
        ])
        .prop_map(str::to_string),
        "[a-zA-Z ,.]{0,40}",
        "\\PC{0,12}",
    ];
    prop::collection::vec(piece, 0..120).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn reading_random_markup_never_panics(page in markup()) {
        let _ = read(&page);
    }

    #[test]
    fn bounding_the_depth_only_drops_tags(page in markup(), max in 1usize..6) {
        let bounded = depth::bound(&page, max);
        // What is left is the page with some tags taken out, in order.
        let mut rest = page.as_str();
        let mut dropped = String::new();
        for c in bounded.chars() {
            let at = rest.find(c);
            prop_assert!(at.is_some(), "{c:?} not in what is left of the page");
            let at = at.unwrap_or_default();
            dropped.push_str(&rest[..at]);
            rest = &rest[at + c.len_utf8()..];
        }
        dropped.push_str(rest);
        prop_assert!(dropped.is_empty() || dropped.starts_with('<'), "dropped {dropped:?}");
    }

    #[test]
    fn deep_random_nesting_is_read(depth_of in 200usize..3000, tag in prop::sample::select(vec!["div", "span", "b", "li", "td"])) {
        let page = format!(
            "<html><body>{}<p>The harbour board approved the dredging plan on Tuesday after a long debate.</p></body></html>",
            format!("<{tag}>").repeat(depth_of)
        );
        let bounded = depth::bound(&page, depth::MAX_DEPTH);
        prop_assert!(bounded.matches(&format!("<{tag}>")).count() <= depth::MAX_DEPTH);
        let _ = read(&page);
    }
}
