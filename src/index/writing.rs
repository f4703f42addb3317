//! The folder tantivy writes a generation into: tantivy's memory-mapped folder, which
//! remembers whether a write failed for want of space. tantivy reports such a failure as
//! "an index writer was killed"; corpus says what happened instead.

use std::io::{self, ErrorKind, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, TerminatingWrite,
    WatchCallback, WatchHandle, WritePtr,
};

/// Whether a write ran out of space, shared by the folder and every file it opened.
#[derive(Debug, Clone, Default)]
pub struct DiskFull(Arc<AtomicBool>);

impl DiskFull {
    pub fn happened(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// Notes a failed write if it failed for want of space, and passes it on.
    fn note<T>(&self, result: io::Result<T>) -> io::Result<T> {
        if let Err(err) = &result {
            if err.kind() == ErrorKind::StorageFull {
                self.0.store(true, Ordering::Relaxed);
            }
        }
        result
    }
}

#[derive(Debug, Clone)]
pub struct WritingDirectory {
    inner: MmapDirectory,
    full: DiskFull,
    /// Bytes that may still be written before writes fail as a full disk would: a fault
    /// for tests to inject. `None` in use.
    room: Option<Arc<AtomicU64>>,
}

impl WritingDirectory {
    /// tantivy's folder at `path`; a write that runs out of space is noted in `full`.
    pub fn open(path: &Path, full: &DiskFull) -> tantivy::Result<WritingDirectory> {
        Ok(WritingDirectory { inner: MmapDirectory::open(path)?, full: full.clone(), room: None })
    }

    /// As a disk with only `bytes` free.
    #[cfg(test)]
    pub fn with_room(path: &Path, full: &DiskFull, bytes: u64) -> tantivy::Result<WritingDirectory> {
        let mut directory = WritingDirectory::open(path, full)?;
        directory.room = Some(Arc::new(AtomicU64::new(bytes)));
        Ok(directory)
    }

    /// Takes `bytes` from the injected room, if any: an error when there is not enough.
    fn take(&self, bytes: usize) -> io::Result<()> {
        let Some(room) = &self.room else { return Ok(()) };
        let taken =
            room.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| left.checked_sub(bytes as u64));
        taken.map(|_| ()).map_err(|_| io::Error::from(ErrorKind::StorageFull))
    }
}

/// One file being written, counting into the folder's room and flag.
struct WritingFile {
    inner: WritePtr,
    folder: WritingDirectory,
}

impl Write for WritingFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let result = self.folder.take(buf.len()).and_then(|()| self.inner.write(buf));
        self.folder.full.note(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.inner.flush();
        self.folder.full.note(result)
    }
}

impl TerminatingWrite for WritingFile {
    fn terminate_ref(&mut self, token: AntiCallToken) -> io::Result<()> {
        let result = self.inner.terminate_ref(token);
        self.folder.full.note(result)
    }
}

impl Directory for WritingDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let inner = self.inner.open_write(path)?;
        Ok(io::BufWriter::new(Box::new(WritingFile { inner, folder: self.clone() })))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        let result = self.take(data.len()).and_then(|()| self.inner.atomic_write(path, data));
        self.full.note(result)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
