//! A page's text as blocks, in reading order, each with what its markup says it is, and
//! the metadata found in the tags on the way.

use dom_query::{Document, NodeRef};

use super::bodies::{self, Body};
use super::markers;
use crate::clean::Reason;

/// One paragraph, heading, list item or cell of a page's text.
#[derive(Debug, Clone)]
pub struct Block {
    /// Whitespace collapsed to single spaces, trimmed.
    pub text: String,
    /// What the markup around it says it is, when not the article.
    pub marker: Option<Reason>,
    /// What the markup inside its innermost container named for the article's text says:
    /// a sidebar's or footer's name on an element that holds the article's own body is
    /// the layout's, not the article's ("sidebar-wrapper", "above-footer").
    pub marker_in_text: Option<Reason>,
    /// Characters of it inside links.
    pub link_chars: usize,
    /// Inside a list item (`<li>`, `<dt>`, `<dd>`).
    pub list_item: bool,
    /// The innermost element around it whose markup names the article's container: an
    /// index into the page's `Container`s.
    pub container: Option<usize>,
}

/// An element whose markup names it the article's container (see `bodies`).
#[derive(Debug, Clone, Copy)]
pub struct Container {
    pub body: Body,
    /// The container around this one.
    pub parent: Option<usize>,
}

/// A page's text and tags, as the walk found them.
#[derive(Debug, Default)]
pub struct Walked {
    pub blocks: Vec<Block>,
    pub containers: Vec<Container>,
    pub tags: Tags,
}

impl Walked {
    /// Whether the block lies inside the container, however deep.
    pub fn is_inside(&self, block: &Block, container: usize) -> bool {
        let mut at = block.container;
        while let Some(c) = at {
            if c == container {
                return true;
            }
            at = self.containers[c].parent;
        }
        false
    }
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
    /// The text of the page's first `<title>` element, as the page has it.
    pub title: Option<String>,
    /// The page's first [`MAX_H1S`] `<h1>` elements: a page may head its logo, or a line
    /// for screen readers, with one before the article's.
    pub h1s: Vec<Heading>,
}

/// An `<h1>` of the page.
#[derive(Debug, Clone)]
pub struct Heading {
    pub text: String,
    /// The index of its first block of text.
    pub block: usize,
}

/// The most `<h1>` texts kept of a page.
const MAX_H1S: usize = 8;

/// Elements whose text is never article text. `<noscript>` is read: the page is parsed as a
/// browser without scripts would show it, and some publishing systems put the article's
/// only markup there, for readers without scripts.
const SKIPPED: &[&str] = &[
    "title", "script", "style", "template", "svg", "iframe", "button", "select", "textarea", "object",
    "canvas", "math",
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

/// The page's blocks, containers and tags. The caller bounds the page's depth first (see
/// `depth`), so the recursion here is bounded too.
pub fn walk(doc: &Document) -> Walked {
    let root = doc.root();
    let mut walker = Walker { page_chars: root.text().len(), ..Walker::default() };
    walker.visit(&root, Context::default());
    walker.flush(Context::default());
    walker.walked
}

/// What a node's ancestors say of it.
#[derive(Debug, Default, Clone, Copy)]
struct Context {
    marker: Option<Reason>,
    marker_in_text: Option<Reason>,
    container: Option<usize>,
    in_link: bool,
    list_item: bool,
}

#[derive(Default)]
struct Walker {
    walked: Walked,
    text: String,
    links: usize,
    /// Bytes of text in the whole page.
    page_chars: usize,
}

impl Walker {
    fn visit(&mut self, node: &NodeRef, context: Context) {
        if node.is_text() {
            let before = self.text.len();
            push_collapsed(&mut self.text, &node.text());
            if context.in_link {
                self.links += self.text[before..].trim().chars().count();
            }
            return;
        }
        if !node.is_element() {
            for child in node.children_it(false) {
                self.visit(&child, context);
            }
            return;
        }
        let name = node.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
        let name = name.as_str();
        if SKIPPED.contains(&name) {
            if name == "title" && self.walked.tags.title.is_none() {
                self.walked.tags.title = Some(collapsed_text(node)).filter(|t| !t.is_empty());
            }
            return;
        }
        if name == "link" || name == "meta" || name == "base" {
            // Wherever they stand: a parser moves head elements after stray text into the body.
            read_tag(node, name, &mut self.walked.tags);
            return;
        }
        if name == "br" {
            self.flush(context);
            return;
        }
        let tags = &mut self.walked.tags;
        if name == "html" {
            tags.lang = attr(node, "lang").or(tags.lang.take());
        }
        if name == "time" && tags.time.is_none() {
            tags.time = attr(node, "datetime");
        }
        let (class, id, role) = (attr(node, "class"), attr(node, "id"), attr(node, "role"));
        let mut own = markers::of_element(name, class.as_deref(), id.as_deref(), role.as_deref());
        // A menu, a sidebar or a footer never holds most of a page's text: an element that
        // does and is named like one wraps the layout ("footerWrap" around the whole page).
        // Only the outermost such element is measured, so no text is counted twice.
        if own == Some(Reason::Navigation)
            && context.marker.is_none()
            && 2 * node.text().len() > self.page_chars
        {
            own = None;
        }
        let (itemprop, itemtype) = (attr(node, "itemprop"), attr(node, "itemtype"));
        let attrs = bodies::Attrs {
            class: class.as_deref(),
            id: id.as_deref(),
            role: role.as_deref(),
            itemprop: itemprop.as_deref(),
            itemtype: itemtype.as_deref(),
        };
        let body = bodies::of_element(name, &attrs);
        let marker_around = if body == Some(Body::Text) { None } else { context.marker_in_text };
        let mut inner = Context {
            // The innermost marker is the most specific: comments in a footer are comments.
            marker: own.or(context.marker),
            marker_in_text: own.or(marker_around),
            container: context.container,
            in_link: context.in_link || name == "a",
            list_item: context.list_item || matches!(name, "li" | "dt" | "dd"),
        };
        if let Some(body) = body {
            self.walked.containers.push(Container { body, parent: context.container });
            inner.container = Some(self.walked.containers.len() - 1);
        }
        let block = BLOCK.contains(&name);
        if block {
            self.flush(context);
        }
        if name == "h1" && self.walked.tags.h1s.len() < MAX_H1S {
            let text = collapsed_text(node);
            if !text.is_empty() {
                self.walked.tags.h1s.push(Heading { text, block: self.walked.blocks.len() });
            }
        }
        for child in node.children_it(false) {
            self.visit(&child, inner);
        }
        if block {
            self.flush(inner);
        }
    }

    fn flush(&mut self, context: Context) {
        let text = self.text.trim();
        if !text.is_empty() {
            let link_chars = self.links.min(text.chars().count());
            let block = Block {
                text: text.to_string(),
                marker: context.marker,
                marker_in_text: context.marker_in_text,
                link_chars,
                list_item: context.list_item,
                container: context.container,
            };
            self.walked.blocks.push(block);
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

/// An element's text with every run of whitespace as one space, trimmed.
fn collapsed_text(node: &NodeRef) -> String {
    let mut text = String::new();
    push_collapsed(&mut text, &node.text());
    text.trim().to_string()
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
