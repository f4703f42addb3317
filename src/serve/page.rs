//! The page, its script and its style, compiled into the binary: nothing to build, nothing
//! fetched from elsewhere. The script renders every text from the index with `textContent`,
//! never as HTML, and the Content-Security-Policy forbids inline script besides.

pub const HTML: &str = include_str!("page.html");
pub const SCRIPT: &str = include_str!("page.js");
pub const STYLE: &str = include_str!("page.css");
