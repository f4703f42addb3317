//! corpus: a full-text search index over a folder of scraped news articles.
//!
//! Index: walk -> read -> clean -> document -> writer -> commit.
//! Search: query -> parse -> top docs -> fragments -> render.
//! Only `index` and `search` import tantivy; `clean` is pure functions over text.

pub mod clean;
pub mod cli;
pub mod commands;
pub mod exit;
pub mod groups;
pub mod html;
pub mod index;
pub mod indexer;
pub mod ingest;
pub mod lang;
pub mod output;
pub mod search;
pub mod serve;
#[cfg(test)]
mod testutil;
