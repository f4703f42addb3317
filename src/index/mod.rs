//! The tantivy index: schema, analyzers, opening, and the one place that writes.

pub mod analyzer;
mod brief;
pub mod check;
pub mod folder;
mod read_only;
mod schema;
pub mod stats;
mod words;
mod writer;
mod writing;

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use serde::{Deserialize, Serialize};
use tantivy::directory::{Advice, MmapDirectory};
use tantivy::schema::Value;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument};

pub use brief::{briefs, Brief};
pub use folder::{Manifest, Source, SourceState};
pub use schema::{
    date_to_iso, field_lang, iso_to_date, register_analyzers, Fields, TextFields, FIELD_LANGS, SCHEMA_VERSION,
};
pub use writer::{Earlier, Known, Queue, Ticket, Writer, WriterOptions, QUEUE_BYTES};
pub use writing::DiskFull;

/// An article as stored in the index.
#[derive(Debug, Clone, Serialize)]
pub struct StoredArticle {
    pub id: String,
    pub title: String,
    pub lang: String,
    pub site: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    /// A web page's own address.
    pub url: Option<String>,
    pub body: String,
    #[serde(skip)]
    pub raw: String,
    #[serde(skip)]
    pub details: StoredDetails,
}

impl StoredArticle {
    /// An article known by its id alone (`--ids`, `--count`).
    pub fn with_id(id: String) -> StoredArticle {
        StoredArticle {
            id,
            title: String::new(),
            lang: String::new(),
            site: None,
            author: None,
            date: None,
            url: None,
            body: String::new(),
            raw: String::new(),
            details: StoredDetails::default(),
        }
    }
}

/// What the index stores of an article besides its fields, as the cleaner gave it (one
/// JSON text in the `details` field).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StoredDetails {
    pub subtitle: Option<String>,
    pub sources: Vec<String>,
    pub removed: Vec<crate::clean::Removed>,
    pub fragments: Vec<crate::clean::Fragment>,
    pub encoding: String,
}

/// An index opened for reading.
pub struct Reader {
    pub index: Index,
    pub fields: Fields,
    pub reader: IndexReader,
    pub dir: PathBuf,
    /// The folder of the generation read: tantivy's files and the article groups.
    pub live: PathBuf,
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
        "the index at {} cannot be read ({why}): rebuild it with \"corpus index --full\"",
        display_dir(dir)
    )
}

/// Opens an index built by this version of corpus, or says clearly why it cannot.
pub fn open_index(dir: &Path) -> Result<(Index, Fields)> {
    open_index_with(dir, None).map(|(index, fields, _)| (index, fields))
}

/// As `open_index`, for a reader: a query reads a few pages here and there, so the kernel
/// is told not to read ahead around them (on a cold cache that read-ahead is most of the
/// bytes read).
fn open_index_for_search(dir: &Path) -> Result<(Index, Fields, PathBuf)> {
    open_index_with(dir, Some(Advice::Random))
}

/// The index, its fields, and the folder of its live generation.
fn open_index_with(dir: &Path, advice: Option<Advice>) -> Result<(Index, Fields, PathBuf)> {
    // A rebuild may swap generations between reading corpus.json and opening the files
    // it names: read it again once.
    match open_live(dir, advice) {
        Err(first) => match Manifest::read(dir) {
            Ok(Some(m)) if m.is_current() && !m.live(dir).join("meta.json").exists() => Err(first),
            Ok(Some(_)) => open_live(dir, advice).or(Err(first)),
            _ => Err(first),
        },
        opened => opened,
    }
}

fn open_live(dir: &Path, advice: Option<Advice>) -> Result<(Index, Fields, PathBuf)> {
    if dir.exists() && !dir.is_dir() {
        bail!("{} is a file, not an index folder: name the index folder with --index", dir.display());
    }
    let manifest = match Manifest::read(dir)? {
        Some(manifest) => manifest,
        None if dir.join("meta.json").exists() => bail!(
            "{} holds an index that corpus did not build (it has no corpus.json): name corpus's index with --index",
            display_dir(dir)
        ),
        None => return Err(missing_index(dir)),
    };
    if !manifest.is_current() {
        bail!(
            "the index at {} was built by another version of corpus: rebuild it with \"corpus index --full\"",
            display_dir(dir)
        );
    }
    let live = manifest.live(dir);
    if !live.join("meta.json").exists() {
        bail!(
            "the first \"corpus index\" into {} did not finish: run it again, and it takes up where it stopped",
            display_dir(dir)
        );
    }
    let directory = match advice {
        None => MmapDirectory::open(&live),
        Some(advice) => MmapDirectory::open_with_madvice(&live, advice),
    };
    let index = directory
        .map_err(tantivy::TantivyError::from)
        .and_then(|directory| Index::open(read_only::ReadingDirectory(directory)))
        .map_err(|err| damaged(dir, err))?;
    let fields = Fields::from_schema(&index.schema()).map_err(|err| damaged(dir, err))?;
    register_analyzers(&index);
    Ok((index, fields, live))
}

impl Reader {
    /// For reading the index through: `list`, `stats`, `show`.
    pub fn open(dir: &Path) -> Result<Reader> {
        Reader::with(dir, open_index_with(dir, None)?)
    }

    /// For one query, which reads a few pages here and there (see `open_index_for_search`).
    pub fn open_for_search(dir: &Path) -> Result<Reader> {
        Reader::with(dir, open_index_for_search(dir)?)
    }

    /// For the tantivy index of one generation, whether or not corpus.json names it yet.
    pub fn open_generation(live: &Path) -> Result<Reader> {
        let index = Index::open_in_dir(live).map_err(|err| damaged(live, err))?;
        let fields = Fields::from_schema(&index.schema()).map_err(|err| damaged(live, err))?;
        register_analyzers(&index);
        Reader::with(live, (index, fields, live.to_path_buf()))
    }

    fn with(dir: &Path, (index, fields, live): (Index, Fields, PathBuf)) -> Result<Reader> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|err| damaged(dir, err))?;
        Ok(Reader { index, fields, reader, dir: dir.to_path_buf(), live })
    }

    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    pub fn load(&self, searcher: &Searcher, address: DocAddress) -> Result<StoredArticle> {
        let doc: TantivyDocument = searcher.doc(address).map_err(|err| damaged(&self.dir, err))?;
        let f = &self.fields;
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let details = text(f.details).and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default();
        let lang = text(f.lang).unwrap_or_default();
        let own = f.text_of(&lang);
        Ok(StoredArticle {
            id: text(f.id).unwrap_or_default(),
            title: text(own.title).unwrap_or_default(),
            lang,
            site: text(f.site),
            author: text(f.author),
            date: doc.get_first(f.date).and_then(|v| v.as_datetime()).map(schema::date_to_iso),
            url: text(f.url),
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

    /// The article a user means by `given`: its exact id (one term lookup), or else the one
    /// id that ends with `/given` (the file name alone, say; every id is read), where each id
    /// is compared as it is and as `printed` shows it (the form `--ids` and `list` print).
    pub fn match_id(
        &self,
        searcher: &Searcher,
        given: &str,
        printed: impl Fn(&str) -> String,
    ) -> Result<IdMatch> {
        if let Some(address) = self.find_id(searcher, given)? {
            return Ok(IdMatch::One(address));
        }
        let given = given.trim_start_matches('/');
        let mut exact = None;
        let mut ending = Vec::new();
        for_each_id(searcher, |id| {
            let shown = printed(id);
            if id == given || shown == given {
                exact = Some(id.to_string());
            } else if [id, shown.as_str()]
                .iter()
                .any(|form| form.strip_suffix(given).is_some_and(|start| start.ends_with('/')))
            {
                ending.push(id.to_string());
            }
        })?;
        let id = match (exact, ending.len()) {
            (Some(id), _) => id,
            (None, 0) => return Ok(IdMatch::None),
            (None, 1) => ending.remove(0),
            (None, _) => {
                ending.sort();
                return Ok(IdMatch::Several(ending));
            }
        };
        Ok(match self.find_id(searcher, &id)? {
            Some(address) => IdMatch::One(address),
            None => IdMatch::Vanished(id),
        })
    }
}

/// What a user's id names: one article, none, or several (the ids that end so).
#[derive(Debug, PartialEq, Eq)]
pub enum IdMatch {
    One(DocAddress),
    None,
    Several(Vec<String>),
    /// The one id that ends so, which its term no longer finds.
    Vanished(String),
}

/// The ids of the articles at `addresses`, in their order, from the id columns: each
/// segment's column is read once, in order of its ordinals (a lookup one id at a time
/// decodes a block of the column's dictionary each time).
pub fn ids_at(searcher: &Searcher, addresses: impl Iterator<Item = DocAddress>) -> Result<Vec<String>> {
    let addresses: Vec<DocAddress> = addresses.collect();
    let mut ids = vec![String::new(); addresses.len()];
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let Some(column) = segment.fast_fields().str("id")? else { continue };
        // (term ordinal, place in `addresses`) of this segment's hits, by ordinal.
        let mut wanted: Vec<(u64, usize)> = addresses
            .iter()
            .enumerate()
            .filter(|(_, a)| a.segment_ord as usize == ord)
            .filter_map(|(i, a)| column.term_ords(a.doc_id).next().map(|term| (term, i)))
            .collect();
        wanted.sort_unstable();
        let terms: Vec<u64> = wanted.iter().map(|(term, _)| *term).collect();
        let mut places = wanted.iter().map(|(_, i)| *i);
        column.dictionary().sorted_ords_to_term_cb(&terms, |bytes| {
            if let Some(i) = places.next() {
                ids[i] = String::from_utf8_lossy(bytes).into_owned();
            }
        })?;
    }
    Ok(ids)
}

/// Calls `f` with the id of every article, read from the id column (never the store).
pub fn for_each_id(searcher: &Searcher, mut f: impl FnMut(&str)) -> Result<()> {
    for segment in searcher.segment_readers() {
        if let Some(ids) = segment.fast_fields().str("id")? {
            for_each_id_in(segment, &ids, &mut f)?;
        }
    }
    Ok(())
}

/// Calls `f` with the id of every live article of one segment, from its id column `ids`,
/// in the order of the ids.
pub(crate) fn for_each_id_in(
    segment: &tantivy::SegmentReader,
    ids: &tantivy::columnar::StrColumn,
    f: &mut impl FnMut(&str),
) -> Result<()> {
    // The column's dictionary read once in order: a lookup one ordinal at a time decodes
    // a block of it each time.
    let mut ords: Vec<u64> = segment.doc_ids_alive().filter_map(|doc| ids.term_ords(doc).next()).collect();
    ords.sort_unstable();
    ords.dedup();
    ids.dictionary().sorted_ords_to_term_cb(&ords, |bytes| f(&String::from_utf8_lossy(bytes)))?;
    Ok(())
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

/// Total size of the files in the index folder and its generations, in bytes.
pub fn size_on_disk(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .max_depth(2)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}
