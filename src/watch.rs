//! Watching a library for saves: `content/`, `templates/`, `themes/`, `static/` and
//! `site.toml`, debounced, with the system's file events or, for network drives, by polling.
//!
//! Folders are watched, never single files, so an editor that saves by writing a temporary file
//! and renaming it over the original is seen like any other save; notify's debouncer pairs the
//! two halves of a rename. The root itself is watched without recursion, for `site.toml` and
//! for watched folders created after the start.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer, new_debouncer_opt,
};

use crate::error::Error;
use crate::incremental::WATCHED;

/// How long the files must be quiet before a rebuild starts. Short, since an editor's save
/// (even by rename) is over in a few milliseconds and the reload should follow at once.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(20);
/// How often `--poll` looks at every file.
pub(crate) const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// What the watcher reports.
#[derive(Debug)]
pub(crate) enum Change {
    /// These paths (absolute) were created, changed, removed or moved.
    Paths(Vec<PathBuf>),
    /// The watcher could not watch something.
    Error(String),
}

enum Inner {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

/// Watches a library until dropped.
pub(crate) struct Watcher {
    root: PathBuf,
    inner: Inner,
    watched: BTreeSet<String>,
}

/// The poll watcher compares modification times in whole seconds: a file saved in the second
/// it took its first look would look unchanged. Serve says it is watching only once that
/// second is over, so every save after that is seen. File times come from the kernel's coarse
/// clock, up to a tick (a few milliseconds) behind the time read here: hence the margin.
fn wait_for_the_next_second() {
    const MARGIN_NANOS: u64 = 50_000_000;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    std::thread::sleep(Duration::from_nanos(
        1_000_000_000 - u64::from(now.subsec_nanos()) + MARGIN_NANOS,
    ));
}

impl Watcher {
    /// Starts watching `root`, sending each debounced batch of changes to `tx`.
    pub(crate) fn new(root: &Path, poll: bool, tx: Sender<Change>) -> Result<Watcher, Error> {
        let handler = move |result: DebounceEventResult| {
            let change = match result {
                Ok(events) => {
                    let paths: BTreeSet<PathBuf> = events
                        .into_iter()
                        .filter(|e| !e.kind.is_access())
                        .flat_map(|e| e.event.paths)
                        .collect();
                    if paths.is_empty() {
                        return;
                    }
                    Change::Paths(paths.into_iter().collect())
                }
                Err(errors) => Change::Error(
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            };
            let _ = tx.send(change);
        };
        let failed =
            |e: notify::Error| Error::Usage(format!("cannot watch the library for changes: {e}"));
        let inner = if poll {
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
            Inner::Poll(
                new_debouncer_opt::<_, PollWatcher, NoCache>(
                    DEBOUNCE * 3,
                    None,
                    handler,
                    NoCache,
                    config,
                )
                .map_err(failed)?,
            )
        } else {
            Inner::Native(new_debouncer(DEBOUNCE, Some(DEBOUNCE / 4), handler).map_err(failed)?)
        };
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            inner,
            watched: BTreeSet::new(),
        };
        watcher
            .add(root, RecursiveMode::NonRecursive)
            .map_err(failed)?;
        watcher.watch_new_folders();
        if poll {
            wait_for_the_next_second();
        }
        Ok(watcher)
    }

    /// Starts watching the watched folders that exist now but did not before.
    pub(crate) fn watch_new_folders(&mut self) {
        for top in WATCHED {
            let dir = self.root.join(top);
            if !self.watched.contains(top)
                && dir.is_dir()
                && self.add(&dir, RecursiveMode::Recursive).is_ok()
            {
                self.watched.insert(top.to_string());
            }
        }
    }

    fn add(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match &mut self.inner {
            Inner::Native(d) => d.watch(path, mode),
            Inner::Poll(d) => d.watch(path, mode),
        }
    }
}
