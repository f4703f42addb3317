//! The schema and the analyzers. Custom analyzers are not saved in the index:
//! `register_analyzers` runs every time an index is opened or created.

use anyhow::{Context, Result};
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST,
    STORED, STRING,
};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, TextAnalyzer};
use tantivy::{DateTime, Index};

/// Bump when the schema or an analyzer changes: older indexes are then refused with advice.
pub const SCHEMA_VERSION: u32 = 8;

/// Languages with text fields of their own: those tantivy can stem, then `und` for all others.
/// An article's title and body go to the fields of its language, analysed and scored as that
/// language; a query is analysed once per language present in the index.
pub const FIELD_LANGS: [&str; 19] = [
    "ara", "dan", "nld", "eng", "fin", "fra", "deu", "ell", "hun", "ita", "nob", "por", "ron", "rus", "spa",
    "swe", "tam", "tur", "und",
];

/// The field language for an ISO 639-3 code: itself if it has fields, else `und`.
pub fn field_lang(lang: &str) -> &'static str {
    FIELD_LANGS.iter().find(|l| **l == lang).copied().unwrap_or("und")
}

fn analyzer_name(lang: &str) -> String {
    format!("corpus_{lang}")
}
/// Site and author names: lowercased and folded, not stemmed.
pub const NAME_ANALYZER: &str = "corpus_name";

/// The indexed text fields of one language.
#[derive(Debug, Clone, Copy)]
pub struct TextFields {
    pub title: Field,
    pub body: Field,
    pub fragments: Field,
    /// Lines the cleaner removed that still name what an article is or who wrote it
    /// (see `searched_when_removed`): searched with the title and body, at a lower weight.
    pub removed: Field,
}

/// Removed lines still searched: a line that recurs in many articles of a folder (a
/// collection's author line, a title shared by a series) and a byline name what the
/// article is and who wrote it, though they are no part of its text; affiliate notes,
/// menus and newsletter pitches do not.
pub fn searched_when_removed(reason: crate::clean::Reason) -> bool {
    matches!(reason, crate::clean::Reason::Template | crate::clean::Reason::Byline)
}

#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    /// Aligned with `FIELD_LANGS`.
    pub text: [TextFields; 19],
    pub lang: Field,
    pub site: Field,
    pub author: Field,
    pub date: Field,
    /// A web page's own address, as the page gives it.
    pub url: Field,
    pub hash: Field,
    pub cleaner: Field,
    pub templates: Field,
    pub details: Field,
    pub raw: Field,
    /// The MinHash signature of the cleaned title and body (see `groups::signature`).
    pub near: Field,
    /// The story terms of the title and opening (see `groups::signature`).
    pub terms: Field,
}

fn indexed(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

fn text_options(analyzer: &str) -> TextOptions {
    indexed(analyzer).set_stored()
}

pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    builder.add_text_field("id", STRING | STORED | FAST);
    for lang in FIELD_LANGS {
        let analyzer = analyzer_name(lang);
        // Title and body are stored in the fields of their language, so a document carries
        // its text once, to the indexing queue and in the store.
        builder.add_text_field(&format!("title_{lang}"), text_options(&analyzer));
        builder.add_text_field(&format!("body_{lang}"), text_options(&analyzer));
        builder.add_text_field(&format!("fragments_{lang}"), indexed(&analyzer));
        builder.add_text_field(&format!("removed_{lang}"), indexed(&analyzer));
    }
    builder.add_text_field("lang", STRING | STORED | FAST);
    // Fast as whole strings, for counting by site and author without reading the store.
    builder.add_text_field("site", text_options(NAME_ANALYZER).set_fast("raw"));
    builder.add_text_field("author", text_options(NAME_ANALYZER).set_fast("raw"));
    builder.add_date_field(
        "date",
        DateOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    builder.add_text_field("url", STRING | STORED);
    builder.add_u64_field("hash", STORED | FAST);
    builder.add_u64_field("cleaner", STORED | FAST);
    builder.add_u64_field("templates", STORED | FAST);
    builder.add_text_field("details", STORED);
    builder.add_text_field("raw", STORED);
    // Read for every article when the groups are computed: columns, not the store.
    builder.add_bytes_field("near", FAST);
    builder.add_bytes_field("terms", FAST);
    builder.build()
}

impl Fields {
    /// The text fields of an article or fragment in `lang` (ISO 639-3).
    pub fn text_of(&self, lang: &str) -> TextFields {
        let i = FIELD_LANGS.iter().position(|l| *l == field_lang(lang)).unwrap_or(FIELD_LANGS.len() - 1);
        self.text[i]
    }

    pub fn from_schema(schema: &Schema) -> Result<Fields> {
        let field =
            |name: &str| schema.get_field(name).with_context(|| format!("the schema has no field {name}"));
        Ok(Fields {
            id: field("id")?,
            text: {
                let mut text = Vec::with_capacity(FIELD_LANGS.len());
                for lang in FIELD_LANGS {
                    text.push(TextFields {
                        title: field(&format!("title_{lang}"))?,
                        body: field(&format!("body_{lang}"))?,
                        fragments: field(&format!("fragments_{lang}"))?,
                        removed: field(&format!("removed_{lang}"))?,
                    });
                }
                text.try_into().map_err(|_| anyhow::anyhow!("the schema's text fields are incomplete"))?
            },
            lang: field("lang")?,
            site: field("site")?,
            author: field("author")?,
            date: field("date")?,
            url: field("url")?,
            hash: field("hash")?,
            cleaner: field("cleaner")?,
            templates: field("templates")?,
            details: field("details")?,
            raw: field("raw")?,
            near: field("near")?,
            terms: field("terms")?,
        })
    }
}

pub fn name_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(super::words::WordTokenizer).filter(LowerCaser).filter(AsciiFoldingFilter).build()
}

pub fn register_analyzers(index: &Index) {
    for lang in FIELD_LANGS {
        index.tokenizers().register(&analyzer_name(lang), super::analyzer::for_language(lang));
    }
    index.tokenizers().register(NAME_ANALYZER, name_analyzer());
}

/// A date "YYYY-MM-DD" as tantivy's DateTime at midnight UTC.
pub fn iso_to_date(iso: &str) -> Option<DateTime> {
    let format = tantivy::time::macros::format_description!("[year]-[month]-[day]");
    let date = tantivy::time::Date::parse(iso, &format).ok()?;
    Some(DateTime::from_primitive(date.midnight()))
}

pub fn date_to_iso(date: DateTime) -> String {
    let date = date.into_utc().date();
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        let date = iso_to_date("2026-04-07").unwrap();
        assert_eq!(date_to_iso(date), "2026-04-07");
        assert!(iso_to_date("2026-13-01").is_none());
        assert!(iso_to_date("April 7").is_none());
    }

    #[test]
    fn schema_has_every_field() {
        let fields = Fields::from_schema(&build_schema()).unwrap();
        assert_eq!(fields.text_of("deu").body, fields.text[6].body);
        assert_eq!(fields.text_of("kor").body, fields.text_of("und").body);
    }
}
