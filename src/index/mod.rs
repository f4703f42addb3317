//! The tantivy index: schema, analyzers, opening, and the one place that writes.

pub mod analyzer;
mod schema;
mod words;
mod writer;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use tantivy::directory::{Advice, MmapDirectory};
use tantivy::schema::Value;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument};

pub use schema::{
    date_to_iso, field_lang, iso_to_date, register_analyzers, Fields, TextFields, FIELD_LANGS, SCHEMA_VERSION,
};
pub use writer::{Earlier, IndexRun, Known, Queue, RunSummary, Ticket, Writer, QUEUE_BYTES};

/// What corpus keeps beside tantivy's files: the schema version and the folders of the last run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    pub folders: Vec<PathBuf>,
}

const MANIFEST: &str = "corpus.json";

impl Manifest {
    pub fn read(dir: &Path) -> Result<Option<Manifest>> {
        let path = dir.join(MANIFEST);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(err).with_context(|| format!("reading {}", path.display())),
        };
        let manifest = serde_json::from_str(&text).with_context(|| {
            format!("{} is damaged: run \"corpus index --full <dir>\" to rebuild the index", path.display())
        })?;
        Ok(Some(manifest))
    }

    /// Written through a temporary file and a rename, so a crash leaves the old one or the new.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let tmp = dir.join(format!("{MANIFEST}.tmp"));
        let text = serde_json::to_string_pretty(self)?;
        fs::write(&tmp, text).with_context(|| format!("writing {}", tmp.display()))?;
        fs::rename(&tmp, dir.join(MANIFEST))
            .with_context(|| format!("writing {}", dir.join(MANIFEST).display()))?;
        Ok(())
    }
}

/// An article as stored in the index.
#[derive(Debug, Clone, Serialize)]
pub struct StoredArticle {
    pub id: String,
    pub title: String,
    pub lang: String,
    pub site: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub body: String,
    #[serde(skip)]
    pub raw: String,
    /// Subtitle, sources, removed lines and fragments, as the cleaner gave them.
    #[serde(skip)]
    pub details: serde_json::Value,
}

/// An index opened for reading.
pub struct Reader {
    pub index: Index,
    pub fields: Fields,
    pub reader: IndexReader,
    pub dir: PathBuf,
}

fn missing_index(dir: &Path) -> anyhow::Error {
    anyhow::anyhow!("no index at {}: run \"corpus index <dir>\" first", display_dir(dir))
}

/// `index/` rather than `index`, so the message reads as a folder.
pub fn display_dir(dir: &Path) -> String {
    let text = dir.display().to_string();
    if text.ends_with('/') {
        text
    } else {
        format!("{text}/")
    }
}

fn damaged(dir: &Path, why: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!(
        "the index at {} cannot be read ({why}): rebuild it with \"corpus index --full <dir>\"",
        display_dir(dir)
    )
}

/// Opens an index built by this version of corpus, or says clearly why it cannot.
pub fn open_index(dir: &Path) -> Result<(Index, Fields)> {
    open_index_with(dir, None)
}

/// As `open_index`, for a reader: a query reads a few pages here and there, so the kernel
/// is told not to read ahead around them (on a cold cache that read-ahead is most of the
/// bytes read).
fn open_index_for_search(dir: &Path) -> Result<(Index, Fields)> {
    open_index_with(dir, Some(Advice::Random))
}

fn open_index_with(dir: &Path, advice: Option<Advice>) -> Result<(Index, Fields)> {
    if !dir.join("meta.json").exists() {
        return Err(missing_index(dir));
    }
    match Manifest::read(dir)? {
        Some(m) if m.schema_version == SCHEMA_VERSION => {}
        Some(m) => bail!(
            "the index at {} was built by another version of corpus (schema {}, this one reads {}): rebuild it with \"corpus index --full <dir>\"",
            display_dir(dir),
            m.schema_version,
            SCHEMA_VERSION
        ),
        None => bail!(
            "{} holds an index that corpus did not build: rebuild it with \"corpus index --full <dir>\"",
            display_dir(dir)
        ),
    }
    let index = match advice {
        None => Index::open_in_dir(dir),
        Some(advice) => MmapDirectory::open_with_madvice(dir, advice)
            .map_err(tantivy::TantivyError::from)
            .and_then(Index::open),
    }
    .map_err(|err| damaged(dir, err))?;
    let fields = Fields::from_schema(&index.schema()).map_err(|err| damaged(dir, err))?;
    register_analyzers(&index);
    Ok((index, fields))
}

impl Reader {
    /// For reading the index through: `list`, `stats`, `show`.
    pub fn open(dir: &Path) -> Result<Reader> {
        Reader::with(dir, open_index(dir)?)
    }

    /// For one query, which reads a few pages here and there (see `open_index_for_search`).
    pub fn open_for_search(dir: &Path) -> Result<Reader> {
        Reader::with(dir, open_index_for_search(dir)?)
    }

    fn with(dir: &Path, (index, fields): (Index, Fields)) -> Result<Reader> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|err| damaged(dir, err))?;
        Ok(Reader { index, fields, reader, dir: dir.to_path_buf() })
    }

    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    pub fn load(&self, searcher: &Searcher, address: DocAddress) -> Result<StoredArticle> {
        let doc: TantivyDocument = searcher.doc(address).map_err(|err| damaged(&self.dir, err))?;
        let f = &self.fields;
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let details = text(f.details)
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or(serde_json::Value::Null);
        let lang = text(f.lang).unwrap_or_default();
        let own = f.text_of(&lang);
        Ok(StoredArticle {
            id: text(f.id).unwrap_or_default(),
            title: text(own.title).unwrap_or_default(),
            lang,
            site: text(f.site),
            author: text(f.author),
            date: doc.get_first(f.date).and_then(|v| v.as_datetime()).map(schema::date_to_iso),
            body: text(own.body).unwrap_or_default(),
            raw: text(f.raw).unwrap_or_default(),
            details,
        })
    }

    /// The address of the article with this id, if the index holds it.
    pub fn find_id(&self, searcher: &Searcher, id: &str) -> Result<Option<DocAddress>> {
        let term = tantivy::Term::from_field_text(self.fields.id, id);
        let query = tantivy::query::TermQuery::new(term, tantivy::schema::IndexRecordOption::Basic);
        let top = searcher.search(&query, &tantivy::collector::TopDocs::with_limit(1).order_by_score())?;
        Ok(top.first().map(|(_, address)| *address))
    }
}

/// The languages of the articles in the index, from the term dictionary of `lang`.
pub fn languages(searcher: &Searcher, fields: &Fields) -> Result<Vec<String>> {
    let mut langs = std::collections::BTreeSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(fields.lang)?;
        let mut terms = inverted.terms().stream()?;
        while terms.advance() {
            langs.insert(String::from_utf8_lossy(terms.key()).into_owned());
        }
    }
    Ok(langs.into_iter().collect())
}

/// Adds one to `counts` under `doc`'s value in a string fast field (`lang`, `site`), if it has one.
pub fn tally(
    column: Option<&tantivy::columnar::StrColumn>,
    doc: tantivy::DocId,
    counts: &mut std::collections::BTreeMap<String, usize>,
) -> Result<()> {
    let Some(column) = column else { return Ok(()) };
    if let Some(ord) = column.term_ords(doc).next() {
        let mut value = String::new();
        column.ord_to_str(ord, &mut value)?;
        *counts.entry(value).or_default() += 1;
    }
    Ok(())
}

/// Counts, most first, then by name.
pub fn most_first(counts: std::collections::BTreeMap<String, usize>) -> Vec<(String, usize)> {
    let mut pairs: Vec<(String, usize)> = counts.into_iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    pairs
}

/// Total size of the files in the index folder, in bytes.
pub fn size_on_disk(dir: &Path) -> u64 {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
