//! Properties of reading web pages over random markup: reading never panics and always
//! answers (an article or a reason), and bounding the depth only ever drops whole tags.
//! (An `<li>`, `<p>` or `<td>` after another of its kind closes it, as parsers do, so only
//! other elements nest.)

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
    fn bounding_the_depth_only_drops_whole_tags(page in markup(), max in 1usize..6) {
        let cuts = depth::cuts(&page, max);
        let mut rebuilt = String::new();
        let mut from = 0;
        for &(start, end) in &cuts {
            prop_assert!(from <= start && start < end, "cuts out of order: {:?}", cuts);
            let tag = &page[start..end];
            prop_assert!(tag.starts_with('<') && tag.ends_with('>'), "cut {:?} is not a tag", tag);
            rebuilt.push_str(&page[from..start]);
            from = end;
        }
        rebuilt.push_str(&page[from..]);
        let bounded = depth::bound(&page, max);
        prop_assert_eq!(rebuilt.as_str(), bounded.as_ref());
    }

    #[test]
    fn deep_random_nesting_is_read(depth_of in 200usize..3000, tag in prop::sample::select(vec!["div", "span", "b", "section", "font"])) {
        let page = format!(
            "<html><body>{}<p>The harbour board approved the dredging plan on Tuesday after a long debate.</p></body></html>",
            format!("<{tag}>").repeat(depth_of)
        );
        let bounded = depth::bound(&page, depth::MAX_DEPTH);
        let open_tag = format!("<{tag}>");
        let kept = bounded.matches(open_tag.as_str()).count();
        prop_assert!(kept <= depth::MAX_DEPTH, "{} of {} kept", kept, depth_of);
        let _ = read(&page);
    }
}
