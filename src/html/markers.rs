//! What an element's name, class, id and role say it is, when it is not the article:
//! the reason a block inside it is cut.

use crate::clean::Reason;

/// The reason an element's own markup gives for cutting what it holds, if any.
pub fn of_element(name: &str, class: Option<&str>, id: Option<&str>, role: Option<&str>) -> Option<Reason> {
    match name {
        // The classes of the page's root name the page's layout ("single right-sidebar").
        "html" | "body" => return None,
        "nav" => return Some(Reason::Navigation),
        "aside" => return Some(Reason::Related),
        // A header is as often the article's own (headline, byline, lead) as the site's.
        "footer" => return Some(Reason::Navigation),
        // A picture's caption and credit describe the picture, not the story.
        "figcaption" => return Some(Reason::Metadata),
        _ => {}
    }
    if let Some(role) = role {
        match role.trim().to_ascii_lowercase().as_str() {
            "navigation" | "menubar" | "menu" | "banner" | "contentinfo" => return Some(Reason::Navigation),
            "complementary" => return Some(Reason::Related),
            _ => {}
        }
    }
    // Names of either attribute, cut into words: "post-comments", "share_bar", "relatedPosts".
    // A word after "has", "with" or "no" tells the layout around the element, not what it
    // is: "layout has-sidebar" holds the page, the article with it.
    [class, id].into_iter().flatten().find_map(|names| {
        let words = words(names);
        let after_state = |i: usize| i > 0 && LAYOUT_STATES.contains(&words[i - 1].as_str());
        words.iter().enumerate().find_map(|(i, w)| if after_state(i) { None } else { of_word(w) })
    })
}

/// Words that make the next one a state of the layout: "has-sidebar", "no-comments".
const LAYOUT_STATES: [&str; 4] = ["has", "with", "no", "without"];

/// The reason for one block, given its markup's: a copyright line in a footer or anywhere
/// outside the article is a copyright notice, whatever holds it.
pub fn of_block(marker: Option<Reason>, text: &str) -> Reason {
    let lower = text.trim_start().get(..12).unwrap_or(text).to_lowercase();
    if lower.starts_with('©') || lower.starts_with("copyright") || lower.starts_with("(c) ") {
        return Reason::Copyright;
    }
    marker.unwrap_or(Reason::NotArticle)
}

/// Lowercase words of a class or id list, cut at separators and at camelCase humps.
pub fn words(names: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut last_lower = false;
    for c in names.chars() {
        if !c.is_ascii_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            last_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && last_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        last_lower = c.is_ascii_lowercase();
        word.push(c.to_ascii_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

fn of_word(word: &str) -> Option<Reason> {
    Some(match word {
        "comment" | "comments" | "disqus" | "respond" | "replies" | "discussion" | "rating" | "ratings" => {
            Reason::Comments
        }
        "share" | "sharing" | "sharebar" | "social" | "socials" | "sharer" | "addthis" | "shariff" => {
            Reason::Share
        }
        "related" | "recommended" | "recommendations" | "popular" | "mostread" | "trending" | "outbrain"
        | "taboola" | "teasers" => Reason::Related,
        "cookie" | "cookies" | "consent" | "gdpr" => Reason::Cookie,
        "newsletter" | "subscribe" | "subscription" | "signup" | "paywall" => Reason::Newsletter,
        "tags" | "tagcloud" | "keywords" | "topics" => Reason::Tags,
        "nav" | "navbar" | "navigation" | "menu" | "breadcrumb" | "breadcrumbs" | "sidebar" | "masthead"
        | "footer" | "pagination" => Reason::Navigation,
        "copyright" | "colophon" | "imprint" => Reason::Copyright,
        "bio" | "biography" => Reason::Bio,
        "caption" | "captions" | "figcaption" => Reason::Metadata,
        "sponsored" | "sponsor" | "affiliate" | "promo" | "promotion" | "advertisement" | "adsense" => {
            Reason::Affiliate
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_classes_and_roles_name_their_reason() {
        assert_eq!(of_element("nav", None, None, None), Some(Reason::Navigation));
        assert_eq!(of_element("div", Some("post-comments list"), None, None), Some(Reason::Comments));
        assert_eq!(of_element("div", Some("shareBar"), None, None), Some(Reason::Share));
        assert_eq!(of_element("section", None, Some("related_posts"), None), Some(Reason::Related));
        assert_eq!(of_element("div", None, None, Some("navigation")), Some(Reason::Navigation));
        assert_eq!(of_element("figcaption", None, None, None), Some(Reason::Metadata));
        assert_eq!(of_element("p", Some("wp-caption-text"), None, None), Some(Reason::Metadata));
        assert_eq!(of_element("div", Some("socials bglist"), None, None), Some(Reason::Share));
        assert_eq!(of_element("div", Some("promotion-box"), None, None), Some(Reason::Affiliate));
        assert_eq!(of_element("div", Some("star-rating"), None, None), Some(Reason::Comments));
    }

    #[test]
    fn layout_states_are_not_markers() {
        assert_eq!(of_element("div", Some("layout-container has-sidebar"), None, None), None);
        assert_eq!(of_element("body", Some("single right-sidebar"), None, None), None);
        assert_eq!(of_element("div", Some("has-sidebar sidebar-left"), None, None), Some(Reason::Navigation));
    }

    #[test]
    fn copyright_lines_are_copyright_wherever_they_stand() {
        assert_eq!(of_block(Some(Reason::Navigation), "© 2026 The Daily Circuit"), Reason::Copyright);
        assert_eq!(of_block(None, "Copyright 2026 Northgate Courier"), Reason::Copyright);
        assert_eq!(of_block(Some(Reason::Navigation), "Privacy Policy"), Reason::Navigation);
        assert_eq!(of_block(None, "Posted by Dana"), Reason::NotArticle);
    }

    #[test]
    fn article_markup_names_nothing() {
        assert_eq!(of_element("div", Some("article-body entry-content"), Some("main"), None), None);
        // Words inside other words are not markers: "tagline" is no tag list, "menus" no menu.
        assert_eq!(of_element("p", Some("tagline commentary"), None, None), None);
    }
}
