//! The built site in memory (path -> bytes), and writing it to disk atomically.
//!
//! The new site is written to a temporary folder next to the output folder, then swapped in with
//! two renames; until the swap the previous output is untouched, so a failed or killed build
//! leaves it exactly as it was.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::Error;

/// Every file of the site, by path relative to the output root (`/` separators).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    pub fn insert(&mut self, path: String, bytes: Vec<u8>) {
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

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Total size in bytes.
    pub fn size(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }

    /// Writes the site to `dest`, replacing what was there only once every file is written.
    pub fn write_atomically(&self, dest: &Path) -> Result<(), Error> {
        let parent = dest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let staging = parent.join(format!(".{name}.cairn-new-{}", std::process::id()));
        let retired = parent.join(format!(".{name}.cairn-old-{}", std::process::id()));
        remove_stale(parent, &name);
        let result = self
            .write_tree(&staging)
            .and_then(|()| swap_in(&staging, dest, &retired));
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&staging);
        }
        result
    }

    fn write_tree(&self, dir: &Path) -> Result<(), Error> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let folders: std::collections::BTreeSet<PathBuf> = self
            .files
            .keys()
            .filter_map(|p| Path::new(p).parent().map(|d| dir.join(d)))
            .collect();
        for folder in &folders {
            std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
        }
        self.files.par_iter().try_for_each(|(path, bytes)| {
            let target = dir.join(path);
            std::fs::write(&target, bytes).map_err(|e| Error::io(&target, e))
        })
    }
}

/// Moves the old output aside, the new one in, then deletes the old one.
fn swap_in(staging: &Path, dest: &Path, retired: &Path) -> Result<(), Error> {
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
        std::fs::rename(dest, retired).map_err(|e| Error::io(dest, e))?;
    }
    if let Err(e) = std::fs::rename(staging, dest) {
        if had_old {
            let _ = std::fs::rename(retired, dest);
        }
        return Err(Error::io(dest, e));
    }
    if had_old {
        let _ = std::fs::remove_dir_all(retired);
    }
    Ok(())
}

/// Removes staging folders left by builds that were killed.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let n = entry.file_name().to_string_lossy().into_owned();
        if n.starts_with(&format!(".{name}.cairn-new-"))
            || n.starts_with(&format!(".{name}.cairn-old-"))
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
