//! A sink that refuses to grow the site past `output_mb` (`[limits]` in site.toml).
//!
//! It counts every file as it is put, before it reaches the sink it wraps (the staging folder
//! of `cairn build`, the memory of `serve`, nothing for `cairn check`), so the build that would
//! pass the limit stops writing there: at most the limit is ever written, and the build then
//! fails with one error. Pages still being rendered on other threads are refused as they come.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use super::Sink;
use crate::diagnostic::Diagnostic;

/// Puts files into `inner` until they add up to more than `limit` bytes.
pub(crate) struct Bounded<'a> {
    inner: &'a dyn Sink,
    limit: u64,
    written: AtomicU64,
    /// The error of the first file over the limit; every later file gets the same one, so the
    /// build reports it once.
    over: OnceLock<Diagnostic>,
}

impl<'a> Bounded<'a> {
    /// `inner`, limited to `limit` bytes in all.
    pub(crate) fn new(inner: &'a dyn Sink, limit: u64) -> Bounded<'a> {
        Bounded {
            inner,
            limit,
            written: AtomicU64::new(0),
            over: OnceLock::new(),
        }
    }
}

impl Sink for Bounded<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if let Some(over) = self.over.get() {
            return Err(over.clone());
        }
        let size = bytes.len() as u64;
        let before = self.written.fetch_add(size, Ordering::Relaxed);
        if before.saturating_add(size) > self.limit {
            let over = self.over.get_or_init(|| {
                Diagnostic::file_error(
                    "site.toml",
                    format!(
                        "the site would be larger than {} MB (`output_mb` under [limits]); the build stopped at `{path}`",
                        self.limit / 1_000_000
                    ),
                )
                .with_help(
                    "look for a case study that lists very many themes or principles, or very large files under content/; if the site is really this large, raise `output_mb` under [limits] in site.toml",
                )
            });
            return Err(over.clone());
        }
        self.inner.put(path, bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Output;
    use std::sync::Mutex;

    // Pins that files are put until the limit, the first one past it is refused with an error
    // naming it, and every later one gets that same error (reported once after dedup).
    #[test]
    fn stops_at_the_limit() {
        let memory = Mutex::new(Output::default());
        let bounded = Bounded::new(&memory, 10);
        bounded.put("a.html", b"12345").unwrap();
        bounded.put("b.html", b"12345").unwrap();
        let first = bounded.put("c.html", b"1").unwrap_err();
        assert!(first.message.contains("`c.html`"), "{}", first.message);
        assert_eq!(bounded.put("d.html", b"").unwrap_err(), first);
        let kept = memory.into_inner().unwrap();
        assert_eq!(kept.paths().collect::<Vec<_>>(), ["a.html", "b.html"]);
    }
}
