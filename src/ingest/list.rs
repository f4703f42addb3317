//! The files an index run found, with what its first pass learned of each, kept on disk
//! rather than in memory: a folder of ten million files costs disk space, not memory.
//!
//! The list lives in an unnamed temporary file in the index folder (same disk as the
//! index, and the operating system deletes it however the run ends, `kill -9` included).

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::FileEntry;
use crate::clean::Templates;

/// What the first pass learned of a readable file: enough for the second pass to tell an
/// unchanged file without reading it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFacts {
    /// The hash of the file's bytes.
    pub hash: u64,
    /// Its identity for the template statistics (see `Observation::article`).
    pub article: u64,
    /// Its template candidates (see `Observation::keys`).
    pub keys: Vec<u64>,
}

/// One file of the list: `facts` is `None` when the first pass could not read it (the
/// second pass reads it again and reports why).
#[derive(Debug, Clone)]
pub struct Listed {
    pub file: FileEntry,
    pub facts: Option<FileFacts>,
}

/// Appends files to the list; `finish` turns it into a reader from the first file.
pub struct ListWriter {
    out: BufWriter<File>,
    len: usize,
    pairs: usize,
}

impl ListWriter {
    /// A new, empty list in an unnamed file inside `dir`.
    pub fn create_in(dir: &Path) -> io::Result<ListWriter> {
        Ok(ListWriter { out: BufWriter::new(tempfile::tempfile_in(dir)?), len: 0, pairs: 0 })
    }

    pub fn push(&mut self, listed: &Listed) -> io::Result<()> {
        write_bytes(&mut self.out, listed.file.id.as_bytes())?;
        write_bytes(&mut self.out, listed.file.path.as_os_str().as_encoded_bytes())?;
        match &listed.facts {
            None => self.out.write_all(&[0])?,
            Some(facts) => {
                self.out.write_all(&[1])?;
                self.out.write_all(&facts.hash.to_le_bytes())?;
                self.out.write_all(&facts.article.to_le_bytes())?;
                self.pairs += facts.keys.len();
                write_len(&mut self.out, facts.keys.len())?;
                for key in &facts.keys {
                    self.out.write_all(&key.to_le_bytes())?;
                }
            }
        }
        self.len += 1;
        Ok(())
    }

    /// Files pushed so far.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn finish(self) -> io::Result<ListReader> {
        let mut file = self.out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.seek(SeekFrom::Start(0))?;
        Ok(ListReader { input: BufReader::new(file), len: self.len, left: self.len, pairs: self.pairs })
    }
}

/// Reads the list back in the order it was written.
pub struct ListReader {
    input: BufReader<File>,
    len: usize,
    left: usize,
    /// Template candidates over all files: (key, article) pairs to count.
    pairs: usize,
}

impl ListReader {
    /// Files in the list.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Files not read yet.
    pub fn left(&self) -> usize {
        self.left
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Back to the first file.
    pub fn rewind(&mut self) -> io::Result<()> {
        self.input.seek(SeekFrom::Start(0))?;
        self.left = self.len;
        Ok(())
    }

    /// The corpus-level templates of the listed files, counted exactly: at most
    /// `max_pairs` (line key, article) pairs are held at once, so the list is read once per
    /// slice of the key space, and the result does not depend on the order the files were
    /// read in. Leaves the list rewound.
    pub fn templates(&mut self, max_pairs: usize) -> io::Result<Templates> {
        let slices = self.pairs.div_ceil(max_pairs.max(1)).max(1) as u64;
        let mut templates = Templates::default();
        for slice in 0..slices {
            self.rewind()?;
            let mut pairs = Vec::with_capacity(self.pairs.min(max_pairs));
            for listed in self.by_ref() {
                if let Some(facts) = listed?.facts {
                    let keys = facts.keys.iter().filter(|k| *k % slices == slice);
                    pairs.extend(keys.map(|&k| (k, facts.article)));
                }
            }
            templates.add_pairs(pairs);
        }
        self.rewind()?;
        Ok(templates)
    }

    fn read_one(&mut self) -> io::Result<Listed> {
        let id = String::from_utf8(read_bytes(&mut self.input)?)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "an id in the file list is not UTF-8"))?;
        let path = path_from_bytes(read_bytes(&mut self.input)?);
        let facts = match read_array::<1>(&mut self.input)? {
            [0] => None,
            _ => {
                let hash = u64::from_le_bytes(read_array(&mut self.input)?);
                let article = u64::from_le_bytes(read_array(&mut self.input)?);
                let count = read_len(&mut self.input)?;
                let keys = (0..count)
                    .map(|_| read_array(&mut self.input).map(u64::from_le_bytes))
                    .collect::<io::Result<_>>()?;
                Some(FileFacts { hash, article, keys })
            }
        };
        Ok(Listed { file: FileEntry { id: id.into(), path: path.into() }, facts })
    }
}

impl Iterator for ListReader {
    type Item = io::Result<Listed>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        Some(self.read_one())
    }
}

fn write_len(out: &mut impl Write, len: usize) -> io::Result<()> {
    out.write_all(&(len as u64).to_le_bytes())
}

fn write_bytes(out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    write_len(out, bytes.len())?;
    out.write_all(bytes)
}

fn read_array<const N: usize>(input: &mut impl Read) -> io::Result<[u8; N]> {
    let mut buf = [0u8; N];
    input.read_exact(&mut buf)?;
    Ok(buf)
}

fn read_len(input: &mut impl Read) -> io::Result<usize> {
    usize::try_from(u64::from_le_bytes(read_array(input)?))
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "a length in the file list is too large"))
}

fn read_bytes(input: &mut impl Read) -> io::Result<Vec<u8>> {
    let len = read_len(input)?;
    let mut bytes = Vec::new();
    input.take(len as u64).read_to_end(&mut bytes)?;
    if bytes.len() != len {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the file list ends early"));
    }
    Ok(bytes)
}

/// A path back from the bytes `as_encoded_bytes` gave: on Unix any bytes are a path.
#[cfg(unix)]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

/// Elsewhere names the walk met are read back as text (a name that is not valid Unicode
/// there is read again under its lossy form, and reported if it cannot be).
#[cfg(not(unix))]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::Observation;

    #[test]
    fn files_come_back_as_they_went_in() {
        let dir = tempfile::tempdir().unwrap();
        let listed = vec![
            Listed {
                file: FileEntry { id: "a/b.txt".into(), path: Path::new("/x/a/b.txt").into() },
                facts: Some(FileFacts { hash: 42, article: 3, keys: vec![1, 2, u64::MAX] }),
            },
            Listed { file: FileEntry { id: "c".into(), path: Path::new("/x/c").into() }, facts: None },
            Listed {
                file: FileEntry { id: "é.md".into(), path: Path::new("/x/é.md").into() },
                facts: Some(FileFacts { hash: 7, article: 9, keys: vec![] }),
            },
        ];
        let mut writer = ListWriter::create_in(dir.path()).unwrap();
        for l in &listed {
            writer.push(l).unwrap();
        }
        assert_eq!(writer.len(), 3);
        let back: Vec<Listed> = writer.finish().unwrap().map(Result::unwrap).collect();
        assert_eq!(back.len(), 3);
        for (a, b) in listed.iter().zip(&back) {
            assert_eq!(a.file.id, b.file.id);
            assert_eq!(a.file.path, b.file.path);
            assert_eq!(a.facts, b.facts);
        }
        // The list is unnamed: nothing is left in the folder.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn templates_counted_in_slices_are_those_counted_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = ListWriter::create_in(dir.path()).unwrap();
        let mut direct = Templates::default();
        let mut texts = Vec::new();
        for n in 0..60 {
            let text = format!("Story {n}\n\nText of story {n}.\n\nFrom the Ledger desk {}\n", n % 4);
            let observation = Observation::of(&text);
            direct.add(&observation);
            let facts = FileFacts { hash: n, article: observation.article(), keys: observation.into_keys() };
            let file = FileEntry { id: format!("{n}.txt").into(), path: Path::new("/x").into() };
            writer.push(&Listed { file, facts: Some(facts) }).unwrap();
            texts.push(text);
        }
        let mut list = writer.finish().unwrap();
        for max_pairs in [1_000_000, 10, 1] {
            let sliced = list.templates(max_pairs).unwrap();
            for line in texts.iter().flat_map(|t| t.lines()) {
                assert_eq!(sliced.is_template(line), direct.is_template(line), "{max_pairs}: {line:?}");
            }
            assert!(sliced.is_template("From the Ledger desk 2"));
        }
        // Rewound: the second pass reads every file.
        assert_eq!(list.count(), 60);
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_survive() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let path = Path::new(std::ffi::OsStr::from_bytes(b"/x/caf\xe9.txt"));
        let mut writer = ListWriter::create_in(dir.path()).unwrap();
        writer
            .push(&Listed { file: FileEntry { id: "caf�.txt".into(), path: path.into() }, facts: None })
            .unwrap();
        let back = writer.finish().unwrap().next().unwrap().unwrap();
        assert_eq!(&*back.file.path, path);
    }
}
