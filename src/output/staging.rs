//! Writing a build to disk so that the previous output survives anything short of success.
//!
//! The new site is written into a staging folder beside the output folder and swapped in with
//! renames once every file is written; until then the output is never touched, so a failed or
//! killed build leaves it exactly as it was.
//!
//! The staging folder is the output before last, kept hidden beside the output as a spare
//! (`.<name>.cairn-spare`): a rebuild writes into it instead of into an empty folder. Its
//! folders already exist, a changed page is written over its own older copy, and a page whose
//! bytes did not change becomes a second name of the output's file. So a rebuild creates no
//! folders and frees no files: on a large library, creating and deleting a hundred thousand
//! files and folders per build was most of the cost of replacing the output.
//!
//! What keeps the output safe while its spare is reused:
//! - A file of the spare is written in place only when the opened file has no other name; one
//!   that shares its bytes with the output (or anything else) is unlinked and written anew.
//! - The spare is listed before any file is written, and a symbolic link or special file in it
//!   is removed (never followed), so no write can land outside it. A spare that cannot be
//!   listed whole is not reused.
//! - On a file system where names that differ only in case or Unicode form are one file
//!   (macOS, Windows), a renamed file could be taken for a stale one: the spare is not reused
//!   there, and the build writes into a new folder.
//! - An exclusive lock beside the output keeps two builds from sharing one spare.

use std::collections::HashSet;
use std::fs::{File, Metadata};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::thread::JoinHandle;

use super::{Sink, guard};
use crate::diagnostic::Diagnostic;
use crate::error::Error;

/// A new site being written beside the output folder. [`Staging::commit`] swaps it in; dropped
/// without a commit (an error, a panic), it is kept as the spare and the output stays as it was.
pub(crate) struct Staging {
    dest: PathBuf,
    /// The folder being written: `.<name>.cairn-new-<pid>`.
    dir: PathBuf,
    /// Where the output goes during the swap: `.<name>.cairn-old-<pid>`.
    aside: PathBuf,
    /// Where the output replaced goes after the swap: `.<name>.cairn-spare`.
    spare: PathBuf,
    /// Whether `dir` is a reused spare (else a new, empty folder).
    reused: bool,
    /// What the reused spare held, listed (and made safe) on another thread while the library
    /// loads; every write waits for it. `None` if the listing thread failed.
    listing: OnceLock<Option<Listing>>,
    lister: Mutex<Option<JoinHandle<Listing>>>,
    /// Deletes what earlier builds left beside the output that is not reused.
    cleanup: Option<JoinHandle<()>>,
    /// Every path this build put, relative to the site root.
    put_paths: Mutex<HashSet<String>>,
    committed: bool,
    _lock: Option<File>,
    files: AtomicUsize,
    bytes: AtomicUsize,
    pages: AtomicUsize,
}

/// The files and folders of the reused spare, before this build wrote into it.
#[derive(Default)]
struct Listing {
    /// Path on disk, and relative to the site root with `/` separators (`None` when the name is
    /// not UTF-8: never a name Cairn writes).
    files: Vec<(PathBuf, Option<String>)>,
    /// Folders, parents before their children.
    folders: Vec<(PathBuf, Option<String>)>,
}

impl Staging {
    /// Takes the lock beside `dest`, then the spare (or a new folder) as the staging folder,
    /// and starts listing it and deleting the rest of what earlier builds left.
    pub(crate) fn new(dest: &Path) -> Result<Staging, Error> {
        let parent = dest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let lock = lock_beside(parent, &name);
        // Names no one can guess, each folder made only if it did not exist: nothing planted
        // beside the output (a link named like Cairn's folders) is ever written through.
        let tag = super::unique_tag();
        let dir = parent.join(format!(".{name}.cairn-new-{tag}"));
        let aside = parent.join(format!(".{name}.cairn-old-{tag}"));
        let spare = parent.join(format!(".{name}.cairn-spare"));
        let mut leftovers = take_leftovers(parent, &name, dest, &dir);
        if leftovers.reused && names_fold(&dir) {
            let trash = parent.join(format!(".{name}.cairn-trash-{tag}"));
            if std::fs::rename(&dir, &trash).is_ok() {
                leftovers.doomed.push(trash);
                leftovers.reused = false;
            }
        }
        let reused = leftovers.reused;
        if !reused {
            std::fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        // A new folder is known to be empty; a reused spare is listed while the library loads.
        let listing = OnceLock::new();
        let lister = match reused {
            true => {
                let listed = dir.clone();
                let lister = std::thread::Builder::new()
                    .name("cairn-spare".into())
                    .spawn(move || list_and_make_safe(&listed))
                    .map_err(|e| Error::io(parent, e))?;
                Some(lister)
            }
            false => {
                let _ = listing.set(Some(Listing::default()));
                None
            }
        };
        let doomed = leftovers.doomed;
        let cleanup = (!doomed.is_empty())
            .then(|| {
                std::thread::Builder::new()
                    .name("cairn-cleanup".into())
                    .spawn(move || {
                        for folder in doomed {
                            let _ = std::fs::remove_dir_all(folder);
                        }
                    })
                    .ok()
            })
            .flatten();
        Ok(Staging {
            dest: dest.to_path_buf(),
            dir,
            aside,
            spare,
            reused,
            listing,
            lister: Mutex::new(lister),
            cleanup,
            put_paths: Mutex::new(HashSet::new()),
            committed: false,
            _lock: lock,
            files: AtomicUsize::new(0),
            bytes: AtomicUsize::new(0),
            pages: AtomicUsize::new(0),
        })
    }

    /// Files, bytes and HTML pages written so far.
    pub(crate) fn written(&self) -> (usize, usize, usize) {
        (
            self.files.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
            self.pages.load(Ordering::Relaxed),
        )
    }

    /// The spare's listing, waiting for it the first time; `None` if listing it failed.
    fn listing(&self) -> Option<&Listing> {
        self.listing
            .get_or_init(|| {
                let handle = self.lister.lock().unwrap_or_else(|e| e.into_inner()).take();
                handle.and_then(|h| h.join().ok())
            })
            .as_ref()
    }

    /// Removes what the spare held that this build did not write, then swaps the new site in
    /// for the old one and keeps the old one as the next build's spare.
    pub(crate) fn commit(mut self) -> Result<(), Error> {
        // The mark that this folder is Cairn's output (src/output/guard.rs).
        self.put(guard::MARKER, guard::MARKER_TEXT.as_bytes())
            .map_err(|d| Error::Content(vec![d]))?;
        let listing = self.listing().ok_or_else(|| {
            Error::io(
                &self.dir,
                io::Error::other("the previous output could not be checked"),
            )
        })?;
        self.remove_stale(listing);
        swap_in(&self.dir, &self.dest, &self.aside, &self.spare)?;
        self.committed = true;
        self.finish_cleanup();
        Ok(())
    }

    /// Deletes the spare's files that this build did not write (pages of removed case studies,
    /// files edited into the output by hand), then its folders left empty.
    fn remove_stale(&self, listing: &Listing) {
        let put = self.put_paths.lock().unwrap_or_else(|e| e.into_inner());
        let mut kept_folders: HashSet<&str> = HashSet::new();
        for path in put.iter() {
            let mut rest = path.as_str();
            while let Some(cut) = rest.rfind('/') {
                rest = &rest[..cut];
                if !kept_folders.insert(rest) {
                    break;
                }
            }
        }
        for (path, rel) in &listing.files {
            if !rel.as_ref().is_some_and(|r| put.contains(r)) {
                let _ = std::fs::remove_file(path);
            }
        }
        for (path, rel) in listing.folders.iter().rev() {
            if !rel.as_deref().is_some_and(|r| kept_folders.contains(r)) {
                // Fails, harmlessly, on a folder something was written into.
                let _ = std::fs::remove_dir(path);
            }
        }
    }

    fn finish_cleanup(&mut self) {
        if let Some(cleanup) = self.cleanup.take() {
            let _ = cleanup.join();
        }
    }

    /// Makes `target` a second name of the output's `current` file when that holds exactly
    /// `bytes`; returns whether it did. An unchanged page keeps its modification time (so
    /// `rsync`, a USB copy or a server's `Last-Modified` see it as unchanged) and is neither
    /// written nor stored twice. Only a plain file with no other name than its own and the
    /// spare's is reused, so the output never shares a file with anything outside Cairn's two
    /// folders; anything else, or a file system without hard links, is written. `existing`
    /// becomes `None` if the spare's file was removed.
    #[cfg(unix)]
    fn keep_unchanged(
        &self,
        current: &Path,
        target: &Path,
        existing: &mut Option<Metadata>,
        bytes: &[u8],
    ) -> bool {
        use std::os::unix::fs::MetadataExt;
        let Ok(meta) = std::fs::symlink_metadata(current) else {
            return false;
        };
        let same_file = existing.as_ref().is_some_and(|e| same_file(e, &meta));
        let only_ours = meta.nlink() == 1 || (meta.nlink() == 2 && same_file);
        if !meta.is_file() || !only_ours || meta.len() != bytes.len() as u64 {
            return false;
        }
        if !same_bytes(current, bytes) {
            return false;
        }
        if same_file {
            return true;
        }
        if existing.is_some() {
            if remove_any(target).is_err() {
                return false;
            }
            *existing = None;
        }
        with_parent(&self.dir, target, || std::fs::hard_link(current, target)).is_ok()
    }

    fn write_error(&self, target: &Path, e: &io::Error) -> Diagnostic {
        let error = Diagnostic::file_error(target, format!("cannot write this file: {e}"));
        match self.reused {
            true => error.with_help(format!(
                "this build writes into the output before last, kept hidden beside the output; if it was made read-only, delete `{}` and build again",
                crate::diagnostic::display_path(&self.spare)
            )),
            false => error,
        }
    }

    /// Writes `bytes` at `target`: over the spare's own copy when the opened file is that copy
    /// and has no other name, else as a new file.
    fn write_file(
        &self,
        target: &Path,
        existing: Option<&Metadata>,
        bytes: &[u8],
    ) -> io::Result<()> {
        let Some(meta) = existing else {
            return with_parent(&self.dir, target, || std::fs::write(target, bytes));
        };
        if meta.is_file() && has_one_name(meta) && write_over(target, meta, bytes)? {
            return Ok(());
        }
        remove_any(target)?;
        std::fs::write(target, bytes)
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let target = self.dir.join(path);
        if self.listing().is_none() {
            return Err(Diagnostic::file_error(
                &target,
                "cannot write this file: the previous output kept here could not be checked",
            )
            .with_help("delete this hidden folder and build again"));
        }
        let mut existing = std::fs::symlink_metadata(&target).ok();
        #[cfg(unix)]
        let kept = self.keep_unchanged(&self.dest.join(path), &target, &mut existing, bytes);
        #[cfg(not(unix))]
        let kept = false;
        if !kept {
            self.write_file(&target, existing.as_ref(), bytes)
                .map_err(|e| self.write_error(&target, &e))?;
        }
        self.put_paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string());
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
        if path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = self.listing();
            if self.files.load(Ordering::Relaxed) == 0 {
                // Nothing written: kept as the spare, as it was (the next build checks every
                // file of it again).
                let _ = std::fs::rename(&self.dir, &self.spare);
            } else {
                // A failed build leaves no more on disk than it found: what it wrote goes,
                // and with it the spare it wrote into.
                let name = self
                    .dir
                    .file_name()
                    .map(|n| {
                        n.to_string_lossy()
                            .replacen(".cairn-new-", ".cairn-trash-", 1)
                    })
                    .unwrap_or_default();
                let trash = self.dir.with_file_name(format!("{name}-failed"));
                let doomed = match std::fs::rename(&self.dir, &trash) {
                    Ok(()) => trash,
                    Err(_) => self.dir.clone(),
                };
                let _ = std::fs::remove_dir_all(doomed);
            }
        }
        self.finish_cleanup();
    }
}

/// Writes `bytes` over the file at `target` if, once open, it is still the file `seen` and has
/// no other name (so that no other name's bytes change); returns whether it did.
///
/// The file is written from its start and only then cut to its new length, never emptied
/// first: emptying frees the file's blocks only for the write to take new ones, and on ext4
/// makes closing the file start writing it to disk. A half-written file is harmless here:
/// the staging folder is not the output, and a spare's file is only ever kept as it is when
/// it is the output's own file.
fn write_over(target: &Path, seen: &Metadata, bytes: &[u8]) -> io::Result<bool> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new().write(true).open(target)?;
    let open = file.metadata()?;
    if !has_one_name(&open) || !same_file(&open, seen) {
        return Ok(false);
    }
    file.write_all(bytes)?;
    if open.len() > bytes.len() as u64 {
        file.set_len(bytes.len() as u64)?;
    }
    Ok(true)
}

/// Holds an exclusive lock beside the output until dropped, waiting for any other build
/// writing there: on the output's parent folder, or where a folder cannot be locked (Windows)
/// on a file `.<name>.cairn-lock` beside it. `None` where the file system cannot lock at all.
fn lock_beside(parent: &Path, name: &str) -> Option<File> {
    if let Ok(folder) = File::open(parent)
        && folder.lock().is_ok()
    {
        return Some(folder);
    }
    let path = parent.join(format!(".{name}.cairn-lock"));
    // Never through a link planted under the lock's name.
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        return None;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .ok()?;
    file.lock().ok()?;
    Some(file)
}

/// Whether the file system of `dir` takes names that differ only in case or Unicode form for
/// one file. Unknown (the test file cannot be made) counts as yes.
fn names_fold(dir: &Path) -> bool {
    let probe = dir.join(".cairn-probe-\u{e9}");
    if std::fs::write(&probe, b"").is_err() {
        return true;
    }
    let folds =
        dir.join(".CAIRN-PROBE-\u{e9}").exists() || dir.join(".cairn-probe-e\u{301}").exists();
    let _ = std::fs::remove_file(&probe);
    folds
}

/// Whether no other name shares this file (unknown off Unix: assume one does).
fn has_one_name(meta: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.nlink() == 1
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// Whether two metadata describe one file (unknown off Unix: assume not).
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (a.dev(), a.ino()) == (b.dev(), b.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Removes a file, link or folder (a folder with everything in it, following no links).
fn remove_any(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Runs `make` (which creates `target`, inside `root`), first making `target`'s folder if that
/// is missing. Folders are made only when needed: in a reused spare they exist already, and
/// asking for one that exists still takes its parent's lock.
fn with_parent(root: &Path, target: &Path, make: impl Fn() -> io::Result<()>) -> io::Result<()> {
    match make() {
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            if let Some(folder) = target.parent() {
                make_folder(root, folder)?;
            }
            make()
        }
        other => other,
    }
}

/// Creates `folder` (inside `root`) and its parents, replacing a file of `root` that stands
/// where one of them goes (a page that became a folder).
fn make_folder(root: &Path, folder: &Path) -> io::Result<()> {
    match std::fs::create_dir_all(folder) {
        Ok(()) => Ok(()),
        Err(e) => {
            let mut at = folder;
            while at != root && at.starts_with(root) {
                if std::fs::symlink_metadata(at).is_ok_and(|m| !m.is_dir()) {
                    std::fs::remove_file(at)?;
                    return std::fs::create_dir_all(folder);
                }
                match at.parent() {
                    Some(p) => at = p,
                    None => break,
                }
            }
            Err(e)
        }
    }
}

/// Lists the reused spare and removes from it every symbolic link and special file, so that
/// no write into it can follow one out of it. A spare that cannot be listed whole (a folder
/// that cannot be read) is set aside, to be deleted, and an empty folder takes its place.
fn list_and_make_safe(dir: &Path) -> Listing {
    let mut listing = Listing::default();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(_) => return start_afresh(dir),
        };
        let rel = relative_name(dir, entry.path());
        let kind = entry.file_type();
        if kind.is_dir() {
            listing.folders.push((entry.into_path(), rel));
        } else if kind.is_file() {
            listing.files.push((entry.into_path(), rel));
        } else if std::fs::remove_file(entry.path()).is_err() {
            return start_afresh(dir);
        }
    }
    listing
}

/// Moves `dir` (`.<name>.cairn-new-<pid>`) aside as trash, deleted on another thread (or by
/// the next build), and makes it again, empty.
fn start_afresh(dir: &Path) -> Listing {
    let name = dir
        .file_name()
        .map(|n| {
            n.to_string_lossy()
                .replacen(".cairn-new-", ".cairn-trash-", 1)
        })
        .unwrap_or_default();
    let aside = dir.with_file_name(format!("{name}-unlisted"));
    if std::fs::rename(dir, &aside).is_ok() {
        std::thread::spawn(move || std::fs::remove_dir_all(aside));
    }
    let _ = std::fs::create_dir_all(dir);
    Listing::default()
}

/// `path` relative to `root`, with `/` separators, when every part is UTF-8.
fn relative_name(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

/// Whether the file at `path` holds exactly `bytes`, read in pieces so that no copy of it is
/// kept in memory.
#[cfg(unix)]
fn same_bytes(path: &Path, mut bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = File::open(path) else {
        return false;
    };
    let mut piece = [0u8; 16 * 1024];
    loop {
        match file.read(&mut piece) {
            Ok(0) => return bytes.is_empty(),
            Ok(n) if n <= bytes.len() && piece[..n] == bytes[..n] => bytes = &bytes[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            _ => return false,
        }
    }
}

/// Moves the output aside, the new site in, and the old output to the spare's name, with a
/// `.gitignore` in it that keeps it out of `git add .`.
fn swap_in(staging: &Path, dest: &Path, aside: &Path, spare: &Path) -> Result<(), Error> {
    // Checked again at the moment of the swap: only Cairn's own output is ever moved aside to
    // become the spare (src/output/guard.rs).
    if let Err(why) = guard::replaceable(dest) {
        return Err(Error::Usage(format!(
            "refusing to replace `{}`: it {why}",
            crate::diagnostic::display_path(dest)
        )));
    }
    let had_old = match std::fs::symlink_metadata(dest) {
        Ok(m) if m.is_dir() => true,
        Ok(_) => {
            return Err(Error::io(
                dest,
                io::Error::other("the output path exists and is not a folder"),
            ));
        }
        Err(_) => false,
    };
    if had_old {
        std::fs::rename(dest, aside).map_err(|e| Error::io(dest, e))?;
    }
    if let Err(e) = std::fs::rename(staging, dest) {
        if had_old {
            let _ = std::fs::rename(aside, dest);
        }
        return Err(Error::io(dest, e));
    }
    if had_old && std::fs::rename(aside, spare).is_ok() {
        // The spare's own `.gitignore`, if the site has one, may be the output's file too:
        // replaced, never written through.
        let marker = spare.join(".gitignore");
        let _ = remove_any(&marker);
        let _ = std::fs::write(
            marker,
            "# The output before Cairn's last build, reused by the next build.\n*\n",
        );
    }
    Ok(())
}

/// What earlier builds left beside the output folder.
struct Leftovers {
    /// Whether a spare was moved to the staging folder's name, to be written into.
    reused: bool,
    /// To delete: spares beyond the one reused, and the trash of killed builds.
    doomed: Vec<PathBuf>,
}

/// Finds what earlier builds left beside the output and moves one of them to `staging`. A build
/// killed between the renames of its swap left no output folder, only the one it was replacing:
/// that is put back first, so the previous site is never lost. Any other earlier output, or a
/// killed build's staging folder, can serve as the spare: every file of it is checked again.
/// Only Cairn's own names are touched (`.<name>.cairn-spare`, `-old-…`, `-new-…`, `-trash-…`).
fn take_leftovers(parent: &Path, name: &str, dest: &Path, staging: &Path) -> Leftovers {
    let mut leftovers = Leftovers {
        reused: false,
        doomed: Vec::new(),
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return leftovers;
    };
    let prefix = format!(".{name}.cairn-");
    let mut candidates: Vec<(u8, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let n = entry.file_name().to_string_lossy().into_owned();
        let Some(kind) = n.strip_prefix(&prefix) else {
            continue;
        };
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let path = entry.path();
        if kind.starts_with("old-") && std::fs::symlink_metadata(dest).is_err() {
            let _ = std::fs::rename(&path, dest);
            continue;
        }
        // The spare by its own name first, then an output moved aside, then a staging folder.
        let rank = match kind {
            "spare" => 0,
            k if k.starts_with("old-") => 1,
            k if k.starts_with("new-") => 2,
            k if k.starts_with("trash-") => 3,
            _ => continue,
        };
        candidates.push((rank, path));
    }
    candidates.sort();
    let pid = super::unique_tag();
    for (i, (rank, path)) in candidates.into_iter().enumerate() {
        // Only an earlier output, marked as Cairn's, is written into again.
        if rank < 3
            && !leftovers.reused
            && guard::is_marked(&path)
            && std::fs::rename(&path, staging).is_ok()
        {
            leftovers.reused = true;
            continue;
        }
        let doomed = parent.join(format!("{prefix}trash-{pid}-{i}"));
        match std::fs::rename(&path, &doomed) {
            Ok(()) => leftovers.doomed.push(doomed),
            Err(_) => leftovers.doomed.push(path),
        }
    }
    leftovers
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    fn inode(path: &Path) -> u64 {
        std::fs::metadata(path).unwrap().ino()
    }

    /// Marks `dir` as Cairn's output, as a build does.
    fn mark(dir: &Path) {
        std::fs::write(dir.join(guard::MARKER), guard::MARKER_TEXT).unwrap();
    }

    // Pins which files the spare reuses and how: one already named in the output with the
    // same bytes is left alone; one with no other name is written in place; one also named
    // in the output or elsewhere is replaced, and the other name keeps its bytes; an output
    // file with a name outside is never shared; a link in the spare is removed, not followed.
    #[test]
    fn reuses_the_spare_without_writing_through_shared_files() {
        let tmp = tempfile::tempdir().unwrap();
        let at = |p: &str| tmp.path().join(p);
        for folder in ["public", ".public.cairn-spare/sub", "elsewhere"] {
            std::fs::create_dir_all(at(folder)).unwrap();
        }
        mark(&at("public"));
        mark(&at(".public.cairn-spare"));
        let write = |p: &str, text: &str| std::fs::write(at(p), text).unwrap();
        // a: unchanged, already the same file in both. b: changed, shared with the output.
        // c: changed, the spare's own. d: unchanged, but the output's copy is also named
        // elsewhere. e: a link in the spare pointing outside.
        write("public/a.html", "A");
        std::fs::hard_link(at("public/a.html"), at(".public.cairn-spare/a.html")).unwrap();
        write("public/b.html", "old B");
        std::fs::hard_link(at("public/b.html"), at(".public.cairn-spare/b.html")).unwrap();
        write(".public.cairn-spare/c.html", "old C");
        write("public/d.html", "D");
        std::fs::hard_link(at("public/d.html"), at("elsewhere/d.html")).unwrap();
        write("elsewhere/target.html", "outside");
        std::os::unix::fs::symlink(at("elsewhere"), at(".public.cairn-spare/sub/e")).unwrap();
        let (spare_a, spare_c) = (
            inode(&at(".public.cairn-spare/a.html")),
            inode(&at(".public.cairn-spare/c.html")),
        );

        let staging = Staging::new(&at("public")).unwrap();
        let dir = staging.dir.clone();
        for (name, text) in [
            ("a.html", "A"),
            ("b.html", "new B"),
            ("c.html", "new C"),
            ("d.html", "D"),
            ("sub/e/target.html", "written"),
        ] {
            staging.put(name, text.as_bytes()).unwrap();
        }
        assert_eq!(inode(&dir.join("a.html")), spare_a);
        assert_eq!(inode(&dir.join("a.html")), inode(&at("public/a.html")));
        assert_eq!(std::fs::read(at("public/b.html")).unwrap(), b"old B");
        assert_ne!(inode(&dir.join("b.html")), inode(&at("public/b.html")));
        assert_eq!(inode(&dir.join("c.html")), spare_c, "written in place");
        assert_eq!(std::fs::read(dir.join("c.html")).unwrap(), b"new C");
        assert_ne!(inode(&dir.join("d.html")), inode(&at("public/d.html")));
        assert_eq!(
            std::fs::read(at("elsewhere/target.html")).unwrap(),
            b"outside"
        );
        assert!(
            !std::fs::symlink_metadata(dir.join("sub/e"))
                .unwrap()
                .is_symlink()
        );
        staging.commit().unwrap();
        assert_eq!(std::fs::read(at("public/b.html")).unwrap(), b"new B");
        assert_eq!(
            std::fs::read(at(".public.cairn-spare/b.html")).unwrap(),
            b"old B"
        );
    }

    // Pins that a spare's file written in place ends up holding exactly the new bytes, whether
    // they are shorter than what it held (its tail is cut), longer, or empty.
    #[test]
    fn files_written_in_place_take_their_new_length() {
        let tmp = tempfile::tempdir().unwrap();
        let at = |p: &str| tmp.path().join(p);
        std::fs::create_dir_all(at(".public.cairn-spare")).unwrap();
        mark(&at(".public.cairn-spare"));
        let pages = [
            (
                "shorter.html",
                "a much longer page than the next one",
                "short",
            ),
            ("longer.html", "old", "a page longer than the old one"),
            ("emptied.html", "something", ""),
        ];
        for (name, old, _) in pages {
            std::fs::write(at(&format!(".public.cairn-spare/{name}")), old).unwrap();
        }
        let inodes: Vec<u64> = pages
            .iter()
            .map(|(name, _, _)| inode(&at(&format!(".public.cairn-spare/{name}"))))
            .collect();
        let staging = Staging::new(&at("public")).unwrap();
        for (name, _, new) in pages {
            staging.put(name, new.as_bytes()).unwrap();
        }
        staging.commit().unwrap();
        for ((name, _, new), was) in pages.iter().zip(inodes) {
            let path = at(&format!("public/{name}"));
            assert_eq!(inode(&path), was, "{name} written in place");
            assert_eq!(std::fs::read_to_string(&path).unwrap(), *new, "{name}");
        }
    }

    // Pins that the spare's files and folders the build did not write are removed, that a
    // page may become a folder and a folder a page, and that the result equals what was put.
    #[test]
    fn stale_files_and_changed_shapes_are_removed_from_the_spare() {
        let tmp = tempfile::tempdir().unwrap();
        let at = |p: &str| tmp.path().join(p);
        std::fs::create_dir_all(at(".public.cairn-spare/gone/deep")).unwrap();
        std::fs::create_dir_all(at(".public.cairn-spare/was-folder")).unwrap();
        mark(&at(".public.cairn-spare"));
        std::fs::write(at(".public.cairn-spare/gone/deep/index.html"), "x").unwrap();
        std::fs::write(at(".public.cairn-spare/was-folder/index.html"), "x").unwrap();
        std::fs::write(at(".public.cairn-spare/was-file"), "x").unwrap();
        std::fs::write(at(".public.cairn-spare/kept.html"), "old").unwrap();
        let staging = Staging::new(&at("public")).unwrap();
        for (name, text) in [
            ("kept.html", "new"),
            ("was-folder", "now a file"),
            ("was-file/index.html", "now a folder"),
        ] {
            staging.put(name, text.as_bytes()).unwrap();
        }
        staging.commit().unwrap();
        let mut found: Vec<String> = walkdir::WalkDir::new(at("public"))
            .min_depth(1)
            .into_iter()
            .map(|e| relative_name(&at("public"), e.unwrap().path()).unwrap())
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                guard::MARKER,
                "kept.html",
                "was-file",
                "was-file/index.html",
                "was-folder"
            ]
        );
        assert_eq!(
            std::fs::read(at("public/was-folder")).unwrap(),
            b"now a file"
        );
    }

    // Pins that a second build beside the same output waits for the first: while one holds
    // the staging folder, another cannot start (and so cannot take the same spare).
    #[test]
    fn a_second_build_waits_for_the_first() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let first = Staging::new(&dest).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let second = {
            let dest = dest.clone();
            std::thread::spawn(move || {
                let staging = Staging::new(&dest).unwrap();
                tx.send(()).unwrap();
                staging.commit().unwrap();
            })
        };
        assert!(
            rx.recv_timeout(std::time::Duration::from_millis(300))
                .is_err(),
            "the second build started while the first held the folder"
        );
        first.put("index.html", b"first").unwrap();
        first.commit().unwrap();
        rx.recv_timeout(std::time::Duration::from_secs(30)).unwrap();
        second.join().unwrap();
        // The second build wrote nothing: its output holds only the marker, the first's is
        // its spare.
        let names: Vec<_> = std::fs::read_dir(&dest)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [guard::MARKER]);
        assert_eq!(
            std::fs::read(tmp.path().join(".public.cairn-spare/index.html")).unwrap(),
            b"first"
        );
    }

    // Pins that a file is written in place only if, once opened, it is still the file seen and
    // has one name: one that gained a second name since (another name of the output's file)
    // is left as it was.
    #[test]
    fn never_writes_over_a_file_that_gained_a_name() {
        let tmp = tempfile::tempdir().unwrap();
        let (file, other) = (tmp.path().join("a.html"), tmp.path().join("b.html"));
        std::fs::write(&file, "old").unwrap();
        let seen = std::fs::symlink_metadata(&file).unwrap();
        std::fs::hard_link(&file, &other).unwrap();
        assert!(!write_over(&file, &seen, b"new").unwrap());
        assert_eq!(std::fs::read(&other).unwrap(), b"old");
        std::fs::remove_file(&other).unwrap();
        assert!(write_over(&file, &seen, b"new").unwrap());
        assert_eq!(std::fs::read(&file).unwrap(), b"new");
    }

    // Pins that a failed build that wrote files leaves no more on disk than it found: its
    // staging folder (the spare it wrote into) is deleted, the output untouched; one that
    // wrote nothing keeps the spare.
    #[test]
    fn a_failed_build_leaves_nothing_behind() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let staging = Staging::new(&dest).unwrap();
        staging.put("index.html", b"first").unwrap();
        staging.commit().unwrap();
        let staging = Staging::new(&dest).unwrap();
        staging.put("index.html", b"second").unwrap();
        staging.commit().unwrap();
        let names = |dir: &Path| -> Vec<String> {
            let mut n: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            n.sort();
            n
        };
        assert_eq!(names(tmp.path()), [".public.cairn-spare", "public"]);
        let staging = Staging::new(&dest).unwrap();
        staging.put("huge.html", &vec![b'x'; 100_000]).unwrap();
        drop(staging);
        assert_eq!(names(tmp.path()), ["public"]);
        assert_eq!(std::fs::read(dest.join("index.html")).unwrap(), b"second");
        let staging = Staging::new(&dest).unwrap();
        staging.put("index.html", b"third").unwrap();
        staging.commit().unwrap();
        let staging = Staging::new(&dest).unwrap();
        drop(staging);
        assert_eq!(names(tmp.path()), [".public.cairn-spare", "public"]);
    }

    // Pins that a folder beside the output named like the spare but not marked as Cairn's is
    // never written into, and that a folder holding other files is never swapped out.
    #[test]
    fn unmarked_folders_are_never_reused_or_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let spare = tmp.path().join(".public.cairn-spare");
        std::fs::create_dir_all(&spare).unwrap();
        std::fs::write(spare.join("index.html"), "planted").unwrap();
        let staging = Staging::new(&tmp.path().join("public")).unwrap();
        assert!(!staging.reused);
        staging.put("index.html", b"site").unwrap();
        staging.commit().unwrap();
        assert!(guard::is_marked(&tmp.path().join("public")));
        let docs = tmp.path().join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join("thesis.txt"), "mine").unwrap();
        let staging = Staging::new(&docs).unwrap();
        staging.put("index.html", b"site").unwrap();
        assert!(matches!(staging.commit(), Err(Error::Usage(_))));
        assert_eq!(std::fs::read(docs.join("thesis.txt")).unwrap(), b"mine");
        assert!(!docs.join("index.html").exists());
    }

    // Pins that only Cairn's own folders beside the output are reused or deleted: a folder
    // such as `.public.cairn-backup` is left alone.
    #[test]
    fn folders_not_named_by_cairn_are_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let backup = tmp.path().join(".public.cairn-backup");
        std::fs::create_dir_all(&backup).unwrap();
        std::fs::write(backup.join("keep.html"), "mine").unwrap();
        std::fs::create_dir_all(tmp.path().join(".public.cairn-trash-1-0")).unwrap();
        let staging = Staging::new(&tmp.path().join("public")).unwrap();
        staging.put("index.html", b"site").unwrap();
        staging.commit().unwrap();
        assert_eq!(std::fs::read(backup.join("keep.html")).unwrap(), b"mine");
        assert!(!tmp.path().join(".public.cairn-trash-1-0").exists());
    }
}
