//! The built site in memory (path -> bytes), and where rendered files go: memory, or a
//! staging folder swapped in whole (`staging.rs`).

pub(crate) mod bounded;
pub mod guard;
mod staging;

use std::collections::BTreeMap;
use std::sync::Mutex;

pub(crate) use bounded::Bounded;
pub(crate) use staging::Staging;

use crate::diagnostic::Diagnostic;

/// Every file of the site, by path relative to the output root (`/` separators).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    pub(crate) fn insert(&mut self, path: String, bytes: Vec<u8>) {
        self.files.insert(path, bytes);
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }
}

/// Where rendered files go: memory (tests, `serve`) or a staging folder on disk (`build`).
pub(crate) trait Sink: Sync {
    /// Stores one file; `path` is relative to the site root, with `/` separators.
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
}

/// Keeps nothing: where a library with errors is rendered only to find more errors, so that
/// a large broken library is not held in memory whole.
pub(crate) struct Discard;

impl Sink for Discard {
    fn put(&self, _path: &str, _bytes: &[u8]) -> Result<(), Diagnostic> {
        Ok(())
    }
}

impl Sink for Mutex<Output> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let mut output = self.lock().unwrap_or_else(|e| e.into_inner());
        output.insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// Runs `f` (which uses rayon) on twice as many threads as there are cores. For work that
/// writes or reads many files: creating a file takes the lock of its folder, and reading one
/// no longer in the page cache waits on the disk, so with one thread per core a core often
/// sits idle while its thread waits; the extra threads keep the cores busy. (A build of 10,000 case studies took about 13% less
/// wall time on two cores, in alternating runs into new folders.)
pub(crate) fn with_io_threads<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    match rayon::ThreadPoolBuilder::new()
        .num_threads(cores * 2)
        .thread_name(|i| format!("cairn-io-{i}"))
        .build()
    {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}

/// A name part no other build (or anyone planting files beside the output) can guess: the
/// process id and 64 random bits (std's per-process hash keys, mixed with the clock).
pub(crate) fn unique_tag() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(nanos);
    hasher.write_u32(std::process::id());
    format!("{}-{:016x}", std::process::id(), hasher.finish())
}
