//! A page's text as blocks, in reading order, each with what its markup says it is, and
//! the metadata found in the tags on the way.

use dom_query::{Document, NodeRef};

use super::markers;
use crate::clean::Reason;

/// One paragraph, heading, list item or cell of a page's text.
#[derive(Debug, Clone)]
pub struct Block {
    /// Whitespace collapsed to single spaces, trimmed.
    pub text: String,
    /// What the markup around it says it is, when not the article.
    pub marker: Option<Reason>,
    /// Characters of it inside links.
    pub link_chars: usize,
}

/// What the tags say of the page, besides what the extractor reads.
#[derive(Debug, Default, Clone)]
pub struct Tags {
    pub canonical: Option<String>,
    pub og_url: Option<String>,
    pub author: Option<String>,
    /// The `datetime` of the first `<time>` element.
    pub time: Option<String>,
    /// `<html lang>`: a hint, never the stored language.
    pub lang: Option<String>,
    /// `<base href>`, against which a relative canonical address is read.
    pub base: Option<String>,
    /// The first `<h1>`'s text.
    pub h1: Option<String>,
}

/// Elements whose text is never article text.
const SKIPPED: &[&str] = &[
    "title", "script", "style", "noscript", "template", "svg", "iframe", "button", "select", "textarea",
    "object", "canvas", "math",
];

/// Elements that start and end a block of text.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// The page's blocks and tags. The caller bounds the page's depth first (see `depth`), so
/// the recursion here is bounded too.
pub fn walk(doc: &Document) -> (Vec<Block>, Tags) {
    let mut walker = Walker::default();
    let root = doc.root();
    walker.visit(&root, None, false);
    walker.flush(None);
    (walker.blocks, walker.tags)
}

#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
    text: String,
    links: usize,
    tags: Tags,
}

impl Walker {
    fn visit(&mut self, node: &NodeRef, marker: Option<Reason>, in_link: bool) {
        if node.is_text() {
            let before = self.text.len();
            push_collapsed(&mut self.text, &node.text());
            if in_link {
                self.links += self.text[before..].trim().chars().count();
            }
            return;
        }
        if !node.is_element() {
            for child in node.children_it(false) {
                self.visit(&child, marker, in_link);
            }
            return;
        }
        let name = node.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
        let name = name.as_str();
        if SKIPPED.contains(&name) {
            return;
        }
        if name == "link" || name == "meta" || name == "base" {
            // Wherever they stand: a parser moves head elements after stray text into the body.
            read_tag(node, name, &mut self.tags);
            return;
        }
        if name == "br" {
            self.flush(marker);
            return;
        }
        if name == "html" {
            self.tags.lang = attr(node, "lang").or(self.tags.lang.take());
        }
        if name == "h1" && self.tags.h1.is_none() {
            let mut text = String::new();
            push_collapsed(&mut text, &node.text());
            self.tags.h1 = Some(text.trim().to_string()).filter(|t| !t.is_empty());
        }
        if name == "time" && self.tags.time.is_none() {
            self.tags.time = attr(node, "datetime");
        }
        let own = markers::of_element(
            name,
            attr(node, "class").as_deref(),
            attr(node, "id").as_deref(),
            attr(node, "role").as_deref(),
        );
        // The innermost marker is the most specific: comments in a footer are comments.
        let inner = own.or(marker);
        let block = BLOCK.contains(&name);
        if block {
            self.flush(marker);
        }
        let in_link = in_link || name == "a";
        for child in node.children_it(false) {
            self.visit(&child, inner, in_link);
        }
        if block {
            self.flush(inner);
        }
    }

    fn flush(&mut self, marker: Option<Reason>) {
        let text = self.text.trim();
        if !text.is_empty() {
            let link_chars = self.links.min(text.chars().count());
            self.blocks.push(Block { text: text.to_string(), marker, link_chars });
        }
        self.text.clear();
        self.links = 0;
    }
}

/// The canonical URL, the base URL and the metadata of a `<link>`, `<meta>` or `<base>`.
fn read_tag(node: &NodeRef, name: &str, tags: &mut Tags) {
    match name {
        "link" => {
            let rel = attr(node, "rel").unwrap_or_default().to_ascii_lowercase();
            if rel.split_whitespace().any(|r| r == "canonical") && tags.canonical.is_none() {
                tags.canonical = attr(node, "href");
            }
        }
        "base" if tags.base.is_none() => tags.base = attr(node, "href"),
        "meta" => {
            let key = attr(node, "property").or_else(|| attr(node, "name")).unwrap_or_default();
            let content = attr(node, "content");
            match key.to_ascii_lowercase().as_str() {
                "og:url" | "twitter:url" if tags.og_url.is_none() => tags.og_url = content,
                "author" | "article:author" if tags.author.is_none() => tags.author = content,
                _ => {}
            }
        }
        _ => {}
    }
}

fn attr(node: &NodeRef, name: &str) -> Option<String> {
    node.attr(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// Appends text with every run of whitespace as one space.
pub fn push_collapsed(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}
