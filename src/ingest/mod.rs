//! Walk folders and read article files: the first stage of both `index` and `clean`.

pub mod decode;
pub mod list;
mod page;

pub use list::{FileFacts, ListReader, ListWriter, Listed};

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::hash::Hasher;
use std::io::Read;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use crate::clean::{self, Cleaned, Observation, Templates};
use crate::html;

/// One article file found by the walk. Boxed, not growable: a folder of a million files
/// holds a million of these for the whole run.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// The path relative to the folder named on the command line, with `/` separators.
    pub id: Box<str>,
    pub path: Box<Path>,
}

/// A file the walk or the reader passed over, and why.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub path: String,
    /// The id the entry would have, or its folder's: articles under it are kept, since the
    /// walk could not tell whether they are still there.
    pub id: Box<str>,
    pub reason: SkipReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    Binary,
    Empty,
    NoArticleText,
    /// A web page without a main article: a front page, a list of links, scripts only.
    NoArticle(crate::html::NoArticle),
    Unreadable(String),
}

impl SkipReason {
    /// A short key for counting skips by kind in a summary.
    pub fn key(&self) -> &'static str {
        match self {
            SkipReason::TooLarge { .. } => "too large",
            SkipReason::Binary => "binary",
            SkipReason::Empty => "empty",
            SkipReason::NoArticleText => "no article text",
            SkipReason::NoArticle(_) => "no main article",
            SkipReason::Unreadable(_) => "unreadable",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::TooLarge { bytes, limit } => write!(
                f,
                "too large ({} MB, the limit is {} MB; see --max-file-size)",
                bytes / 1_000_000,
                limit / 1_000_000
            ),
            SkipReason::Binary => write!(f, "binary file"),
            SkipReason::Empty => write!(f, "empty file"),
            SkipReason::NoArticleText => write!(f, "no article text"),
            SkipReason::NoArticle(why) => write!(f, "{why}"),
            SkipReason::Unreadable(why) => write!(f, "unreadable: {why}"),
        }
    }
}

/// A file read, decoded and cleaned: what `index` stores and `clean` prints.
#[derive(Debug, Clone)]
pub struct Article {
    pub id: String,
    pub raw: String,
    /// A stable hash of the file's bytes, to tell changed files from unchanged ones.
    pub hash: u64,
    pub encoding: &'static str,
    /// Malformed sequences of the file replaced with U+FFFD: the reader says so.
    pub replaced: usize,
    pub cleaned: Cleaned,
}

impl Article {
    /// A warning for a file whose bad bytes were replaced, if any were.
    pub fn decoding_warning(&self, path: &Path) -> Option<String> {
        (self.replaced > 0).then(|| {
            format!(
                "{}: {} malformed byte sequence(s) replaced with U+FFFD (read as {})",
                path.display(),
                self.replaced,
                self.encoding
            )
        })
    }
}

/// Whether a file name is one corpus reads: `.txt`, `.md`, no extension, or a web page.
fn is_article_name(path: &Path) -> bool {
    match path.extension() {
        None => true,
        Some(ext) => {
            let ext = ext.to_string_lossy().to_ascii_lowercase();
            ext == "txt" || ext == "md" || is_html(path)
        }
    }
}

/// The extensions of web pages.
const HTML_EXTENSIONS: [&str; 3] = ["html", "htm", "xhtml"];

/// Whether a file is a web page, by its extension.
pub fn is_html(path: &Path) -> bool {
    path.extension()
        .map(|ext| ext.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|ext| HTML_EXTENSIONS.contains(&ext.as_str()))
}

/// The `NAME_files/` folder a browser's "save page, complete" writes beside `NAME.html`:
/// the page's images, scripts and style sheets, never articles.
fn is_saved_page_assets(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return false };
    let Some(page) = name.strip_suffix("_files") else { return false };
    HTML_EXTENSIONS.iter().any(|ext| path.with_file_name(format!("{page}.{ext}")).is_file())
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Walks `root` (a folder or a single file) in sorted order and collects what it finds.
/// Hidden entries and the folders in `exclude` (the index folder, other sources) are
/// passed over silently; entries that cannot be read are reported.
pub fn walk(root: &Path, prefix: Option<&str>, exclude: &[PathBuf]) -> (Vec<FileEntry>, Vec<Skipped>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for found in walk_iter(root, prefix, exclude, true) {
        match found {
            Ok(file) => files.push(file),
            Err(skip) => skipped.push(skip),
        }
    }
    (files, skipped)
}

/// The walk one entry at a time. `sorted` visits each folder's entries by name, at the
/// cost of holding one folder's names at a time; unsorted, memory stays flat however
/// large a folder is. `prefix` goes in front of every id, so ids stay unique when
/// several folders are indexed.
pub fn walk_iter<'a>(
    root: &'a Path,
    prefix: Option<&'a str>,
    exclude: &[PathBuf],
    sorted: bool,
) -> impl Iterator<Item = Result<FileEntry, Skipped>> + 'a {
    let exclude: Vec<PathBuf> = exclude.iter().filter_map(|p| fs::canonicalize(p).ok()).collect();
    let mut walker = WalkDir::new(root).follow_links(true);
    if sorted {
        walker = walker.sort_by_file_name();
    }
    let walker = walker.into_iter().filter_entry(move |entry| {
        if entry.depth() > 0 && is_hidden(entry.file_name()) {
            return false;
        }
        if entry.depth() > 0 && entry.file_type().is_dir() && is_saved_page_assets(entry.path()) {
            return false;
        }
        if exclude.is_empty() || !entry.file_type().is_dir() {
            return true;
        }
        fs::canonicalize(entry.path()).map_or(true, |p| !exclude.contains(&p))
    });
    walker.filter_map(move |entry| match entry {
        Ok(entry) => {
            if entry.depth() == 0 && !entry.file_type().is_file() && !entry.file_type().is_dir() {
                // Named on the command line, so the user expects an answer about it.
                let path = entry.path().display().to_string();
                let reason = SkipReason::Unreadable("not a regular file or folder".to_string());
                return Some(Err(Skipped { path, id: make_id(prefix, Path::new("")).into(), reason }));
            }
            if !entry.file_type().is_file() || !is_article_name(entry.path()) {
                return None;
            }
            let relative = if entry.depth() == 0 {
                // A file named on the command line: its id is its name.
                PathBuf::from(entry.file_name())
            } else {
                entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf()
            };
            Some(Ok(FileEntry { id: make_id(prefix, &relative).into(), path: entry.into_path().into() }))
        }
        Err(err) => {
            let relative = err.path().and_then(|p| p.strip_prefix(root).ok()).unwrap_or(Path::new(""));
            let id = make_id(prefix, relative).into();
            let path = err.path().map_or_else(|| root.display().to_string(), |p| p.display().to_string());
            let why = if err.loop_ancestor().is_some() {
                "symbolic link loop".to_string()
            } else {
                err.io_error().map_or_else(|| err.to_string(), ToString::to_string)
            };
            Some(Err(Skipped { path, id, reason: SkipReason::Unreadable(why) }))
        }
    })
}

/// An id from a relative path: `/` separators everywhere; names that are not UTF-8 are
/// converted lossily (the raw bytes' hash keeps two such names apart).
fn make_id(prefix: Option<&str>, relative: &Path) -> String {
    let mut parts: Vec<String> = prefix.map(str::to_string).into_iter().collect();
    for component in relative.components() {
        let raw = component.as_os_str();
        match raw.to_str() {
            Some(s) => parts.push(s.to_string()),
            None => parts.push(format!(
                "{}~{:08x}",
                raw.to_string_lossy(),
                hash_bytes(raw.as_encoded_bytes()) as u32
            )),
        }
    }
    parts.join("/")
}

/// FNV-1a: stable across runs and Rust versions, unlike std's default hasher.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

/// Files larger than this are skipped unless `corpus index --max-file-size` says otherwise
/// (its default, 64 MB).
pub const DEFAULT_MAX_BYTES: u64 = 64_000_000;

/// A file opened for reading, with its size: a reader can wait for room to hold it before
/// reading it.
pub struct OpenFile {
    file: fs::File,
    len: u64,
}

impl OpenFile {
    /// Opens a file; one larger than `max_bytes` is refused.
    pub fn open(path: &Path, max_bytes: u64) -> Result<OpenFile, SkipReason> {
        let unreadable = |err: std::io::Error| SkipReason::Unreadable(err.to_string());
        let file = fs::File::open(path).map_err(unreadable)?;
        let len = file.metadata().map_err(unreadable)?.len();
        if len > max_bytes {
            return Err(SkipReason::TooLarge { bytes: len, limit: max_bytes });
        }
        Ok(OpenFile { file, len })
    }

    /// Its size in bytes when it was opened.
    pub fn size(&self) -> u64 {
        self.len
    }

    /// Reads it whole, up to `max_bytes`.
    pub fn read(self, max_bytes: u64) -> Result<Vec<u8>, SkipReason> {
        let mut bytes = Vec::with_capacity(self.len as usize);
        // `take` guards against a file that grows while it is read.
        self.file
            .take(max_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|err| SkipReason::Unreadable(err.to_string()))?;
        if bytes.len() as u64 > max_bytes {
            return Err(SkipReason::TooLarge { bytes: bytes.len() as u64, limit: max_bytes });
        }
        Ok(bytes)
    }
}

/// Reads one file whole, refusing files over `max_bytes` before reading them.
pub fn read_bytes(path: &Path, max_bytes: u64) -> Result<Vec<u8>, SkipReason> {
    OpenFile::open(path, max_bytes)?.read(max_bytes)
}

/// Decodes a file's bytes into text: (text, encoding, malformed sequences replaced).
pub fn decode_text(bytes: &[u8]) -> Result<(String, &'static str, usize), SkipReason> {
    match decode::decode(bytes) {
        Ok(decoded) => Ok((nfc(decoded.text), decoded.encoding, decoded.replaced)),
        Err(decode::Skip::Binary) => Err(SkipReason::Binary),
        Err(decode::Skip::Empty) => Err(SkipReason::Empty),
    }
}

/// Text in Unicode's composed form (NFC), so "é" typed either way is one token.
pub fn nfc(text: String) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

/// A file's text, decoded, with what cleaning it needs besides.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// The hash of the bytes it was decoded from.
    pub hash: u64,
    pub encoding: &'static str,
    /// Malformed sequences replaced with U+FFFD (see `decode::Decoded::replaced`).
    pub replaced: usize,
    /// For a web page, what the DOM stage said of each line of `text` (the page's blocks),
    /// and the page's metadata; `None` for a text file.
    pub page: Option<Box<PageVerdicts>>,
}

/// What the DOM stage said of a web page, line by line of its text.
#[derive(Debug, Clone)]
pub struct PageVerdicts {
    pub verdicts: Vec<Option<clean::Reason>>,
    pub markup: Vec<clean::Markup>,
    pub meta: html::PageMeta,
}

/// Hashes and decodes a text file's bytes.
pub fn decode_bytes(bytes: &[u8]) -> Result<Decoded, SkipReason> {
    let hash = hash_bytes(bytes);
    let (text, encoding, replaced) = decode_text(bytes)?;
    Ok(Decoded { text, hash, encoding, replaced, page: None })
}

/// Hashes and decodes a file's bytes, and reads a web page's article out of its markup.
pub fn decode_file(path: &Path, bytes: &[u8]) -> Result<Decoded, SkipReason> {
    if !is_html(path) {
        return decode_bytes(bytes);
    }
    let hash = hash_bytes(bytes);
    let decoded = decode::decode_html(bytes).map_err(|skip| match skip {
        decode::Skip::Binary => SkipReason::Binary,
        decode::Skip::Empty => SkipReason::Empty,
    })?;
    let page = html::read(&decoded.text).map_err(SkipReason::NoArticle)?;
    let text = nfc(page.lines.join("\n"));
    let verdicts = PageVerdicts { verdicts: page.verdicts, markup: page.markup, meta: page.meta };
    Ok(Decoded {
        text,
        hash,
        encoding: decoded.encoding,
        replaced: decoded.replaced,
        page: Some(Box::new(verdicts)),
    })
}

/// What the first pass learns of one readable file: its hash and template candidates, and
/// its decoded text, which the caller may keep for the second pass.
pub fn observe(file: &FileEntry, max_bytes: u64) -> Option<(Observation, Decoded)> {
    let decoded = decode_file(&file.path, &read_bytes(&file.path, max_bytes).ok()?).ok()?;
    Some((Observation::of(&decoded.text), decoded))
}

/// Bytes of decoded text that may still be kept between reading the files and cleaning
/// them, shared by the threads that read.
pub struct Room(AtomicUsize);

impl Room {
    pub fn new(bytes: usize) -> Room {
        Room(AtomicUsize::new(bytes))
    }

    /// Whether `bytes` more may be kept; if so, they are counted.
    pub fn take(&self, bytes: usize) -> bool {
        self.0.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| left.checked_sub(bytes)).is_ok()
    }
}

/// The corpus-level template statistics of `files`, learned on `threads` threads, and the
/// decoded texts of the files read, by their place in `files`, while they fit in
/// `keep_bytes`: a caller that cleans the files next need not read and parse them twice.
/// Files that cannot be read are left to the caller's own reading to report.
pub fn learn_templates(
    files: &[FileEntry],
    max_bytes: u64,
    threads: usize,
    keep_bytes: usize,
) -> (Templates, HashMap<usize, Decoded>) {
    let mut templates = Templates::default();
    let mut kept = HashMap::new();
    let room = Room::new(keep_bytes);
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::sync_channel::<(usize, Observation, Decoded)>(256);
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            let (tx, next) = (tx.clone(), &next);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(file) = files.get(i) else { break };
                let Some((observation, decoded)) = observe(file, max_bytes) else { continue };
                if tx.send((i, observation, decoded)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        for (i, observation, decoded) in rx {
            templates.add(&observation);
            if room.take(decoded.text.capacity()) {
                kept.insert(i, decoded);
            }
        }
    });
    (templates, kept)
}

/// Cleans a file's decoded text.
pub fn article_from_text(id: &str, decoded: Decoded, templates: &Templates) -> Result<Article, SkipReason> {
    let Decoded { text: raw, hash, encoding, replaced, page } = decoded;
    let cleaned = match page {
        None => clean::clean(&raw, templates),
        Some(page) => page::clean(&raw, &page, templates),
    };
    if cleaned.body.trim().is_empty() {
        return Err(SkipReason::NoArticleText);
    }
    Ok(Article { id: id.to_string(), raw, hash, encoding, replaced, cleaned })
}

/// Reads, decodes and cleans one file.
pub fn prepare(file: &FileEntry, templates: &Templates, max_bytes: u64) -> Result<Article, SkipReason> {
    let bytes = read_bytes(&file.path, max_bytes)?;
    article_from_text(&file.id, decode_file(&file.path, &bytes)?, templates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_txt_md_and_extensionless_files_only() {
        assert!(is_article_name(Path::new("a.txt")));
        assert!(is_article_name(Path::new("a.MD")));
        assert!(is_article_name(Path::new("README")));
        assert!(!is_article_name(Path::new("photo.png")));
        assert!(!is_article_name(Path::new("data.json")));
    }

    #[test]
    fn text_is_composed() {
        assert_eq!(nfc("Zu\u{308}rich".to_string()), "Zürich");
        assert_eq!(nfc("plain".to_string()), "plain");
    }

    #[test]
    fn ids_use_slashes_and_prefixes() {
        assert_eq!(make_id(None, Path::new("a/b.txt")), "a/b.txt");
        assert_eq!(make_id(Some("seeds"), Path::new("b.txt")), "seeds/b.txt");
    }

    #[test]
    fn walk_is_sorted_and_skips_hidden_and_index() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in ["b.txt", "a.txt", "sub/c.md", ".hidden/d.txt", ".e.txt", "index/f.txt", "g.json"] {
            let path = root.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, "Some text.").unwrap();
        }
        let (files, skipped) = walk(root, None, &[root.join("index")]);
        let ids: Vec<&str> = files.iter().map(|f| &*f.id).collect();
        assert_eq!(ids, ["a.txt", "b.txt", "sub/c.md"]);
        assert!(skipped.is_empty());
    }

    /// The texts kept while the templates are learned clean to what reading the files again
    /// gives, for web pages and text files alike, whether all, some or none fit the room.
    #[test]
    fn kept_texts_clean_as_files_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR"));
        for (from, to) in [
            ("seeds/000_e6c5c0a6c5537778.txt", "a.txt"),
            ("seeds/001_b4bff1ee588b09f9.txt", "b.txt"),
            ("tests/fixtures/html/tune/000_e6c5c0a6c5537778.html", "c.html"),
            ("tests/fixtures/html/tune/001_b4bff1ee588b09f9.html", "d.html"),
        ] {
            fs::copy(fixtures.join(from), dir.path().join(to)).unwrap();
        }
        let (files, _) = walk(dir.path(), None, &[]);
        assert_eq!(files.len(), 4);
        let json =
            |article: Result<Article, SkipReason>| serde_json::to_string(&article.unwrap().cleaned).unwrap();
        let (templates, none) = learn_templates(&files, DEFAULT_MAX_BYTES, 2, 0);
        assert!(none.is_empty());
        let read_again: Vec<String> =
            files.iter().map(|f| json(prepare(f, &templates, DEFAULT_MAX_BYTES))).collect();
        for room in [usize::MAX, 8000] {
            let (again, mut kept) = learn_templates(&files, DEFAULT_MAX_BYTES, 2, room);
            assert_eq!(again.signature(&[]), templates.signature(&[]));
            assert!(
                !kept.is_empty() && (room == usize::MAX) == (kept.len() == files.len()),
                "{room}: {}",
                kept.len()
            );
            for (i, file) in files.iter().enumerate() {
                let cleaned = match kept.remove(&i) {
                    Some(decoded) => json(article_from_text(&file.id, decoded, &again)),
                    None => json(prepare(file, &again, DEFAULT_MAX_BYTES)),
                };
                assert_eq!(cleaned, read_again[i], "{}", file.id);
            }
        }
    }

    #[test]
    fn too_large_files_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        fs::write(&path, "x".repeat(2000)).unwrap();
        assert!(matches!(read_bytes(&path, 1000), Err(SkipReason::TooLarge { .. })));
        assert_eq!(read_bytes(&path, 5000).unwrap().len(), 2000);
    }
}
