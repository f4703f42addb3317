//! What an element's markup says when it holds the article: `itemprop="articleBody"`, a
//! class like `entry-content` or `story-body`, an `<article>`, a `<main>`. Publishing
//! systems name the article's container far more often than they name its paragraphs, so
//! the name is a second opinion beside the extractor's scoring of text and links.

use super::markers::words;

/// How surely an element's markup names the article's container, surest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Body {
    /// Named for the article's text itself: `articleBody`, `post-content`, `story-body`.
    Text,
    /// An article, all of it: `<article>`, `role="article"`, a schema.org article type.
    Article,
    /// The page's main part, which may hold more than the article: `<main>`, `id="content"`.
    Main,
}

/// What an element's name and attributes say of it as the article's container, if anything.
pub fn of_element(name: &str, attrs: &Attrs) -> Option<Body> {
    if attrs.itemprop.is_some_and(|p| p.split_whitespace().any(|p| p.eq_ignore_ascii_case("articleBody"))) {
        return Some(Body::Text);
    }
    let names = [attrs.class, attrs.id].into_iter().flatten();
    if names.clone().any(names_the_text) {
        return Some(Body::Text);
    }
    let role = attrs.role.map(|r| r.trim().to_ascii_lowercase());
    let article_type = attrs.itemtype.is_some_and(|t| ARTICLE_TYPES.iter().any(|a| t.ends_with(a)));
    if name == "article" || role.as_deref() == Some("article") || article_type {
        return Some(Body::Article);
    }
    if name == "main" || role.as_deref() == Some("main") || names.clone().any(names_the_main_part) {
        return Some(Body::Main);
    }
    None
}

/// The attributes `of_element` reads.
#[derive(Debug, Default, Clone, Copy)]
pub struct Attrs<'a> {
    pub class: Option<&'a str>,
    pub id: Option<&'a str>,
    pub role: Option<&'a str>,
    pub itemprop: Option<&'a str>,
    pub itemtype: Option<&'a str>,
}

/// The ends of schema.org's types for an article.
const ARTICLE_TYPES: [&str; 5] =
    ["/Article", "/NewsArticle", "/BlogPosting", "/ReportageNewsArticle", "/Report"];

/// What an article is called in a class or id: the first word of "post-content".
const WHAT: [&str; 7] = ["article", "post", "entry", "story", "blog", "news", "node"];

/// Its text, the second word: "story-body", "entry-content", "articleText".
const TEXT: [&str; 5] = ["body", "content", "text", "entry", "copy"];

/// Either word order, with nothing or `__` between: "article-body", "content-article",
/// "articleBody", "article__body"; or one word that is both: "postcontent", "fulltext".
fn names_the_text(names: &str) -> bool {
    let words = words(names);
    let pair = words.windows(2).any(|w| {
        (WHAT.contains(&w[0].as_str()) && TEXT.contains(&w[1].as_str()))
            || (TEXT.contains(&w[0].as_str()) && WHAT.contains(&w[1].as_str()) && w[0] != w[1])
    });
    // Drupal names a node's body field "field--name-body".
    let field =
        words.windows(2).any(|w| matches!((w[0].as_str(), w[1].as_str()), ("name" | "field", "body")));
    pair || field
        || words.iter().any(|w| {
            w == "fulltext"
                || WHAT.iter().any(|what| w.strip_prefix(what).is_some_and(|rest| TEXT.contains(&rest)))
        })
}

/// "content", "main-content", "content-main", "main", "page-content", "primary".
fn names_the_main_part(names: &str) -> bool {
    let words = words(names);
    match words.as_slice() {
        [one] => ["content", "main", "maincontent", "primary"].contains(&one.as_str()),
        _ => words.windows(2).any(|w| {
            matches!(
                (w[0].as_str(), w[1].as_str()),
                ("main" | "page" | "site", "content") | ("content", "main")
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(name: &str, class: &str) -> Option<Body> {
        of_element(name, &Attrs { class: Some(class), ..Attrs::default() })
    }

    #[test]
    fn article_text_names_are_read_in_every_spelling() {
        for name in
            ["entry-content", "post_content", "articleBody", "article__body", "story-body", "postcontent"]
        {
            assert_eq!(class("div", name), Some(Body::Text), "{name}");
        }
        assert_eq!(class("div", "clearfix field field--name-body"), Some(Body::Text));
        let itemprop = Attrs { itemprop: Some("articleBody"), ..Attrs::default() };
        assert_eq!(of_element("div", &itemprop), Some(Body::Text));
    }

    #[test]
    fn articles_and_main_parts_are_weaker() {
        assert_eq!(of_element("article", &Attrs::default()), Some(Body::Article));
        let posting = Attrs { itemtype: Some("http://schema.org/BlogPosting"), ..Attrs::default() };
        assert_eq!(of_element("div", &posting), Some(Body::Article));
        assert_eq!(of_element("main", &Attrs::default()), Some(Body::Main));
        assert_eq!(of_element("div", &Attrs { id: Some("content"), ..Attrs::default() }), Some(Body::Main));
        assert_eq!(class("div", "main-content"), Some(Body::Main));
    }

    #[test]
    fn other_names_say_nothing() {
        for name in
            ["content-sidebar", "post-meta", "entry-title", "article-teaser", "news-list", "bodytext-x"]
        {
            assert_eq!(class("div", name), None, "{name}");
        }
    }
}
