//! The output folder is Cairn's alone: a build replaces it whole, so it must never be a folder
//! that holds anything else.
//!
//! Every output Cairn writes holds a marker file, [`MARKER`]. A build writes into a folder only
//! when it does not exist, is empty, or holds the marker; any other folder is refused (exit 2),
//! so `cairn build --output ~/Documents` cannot move a person's files aside and then delete
//! them. Whatever it holds, the output is also never the library itself, a folder above it,
//! one of its source folders (`content`, `static`, `templates`, `themes`, `i18n`) or a hidden
//! folder (`.git`, `.github`): `output_dir = ".git"` in a pull request would otherwise replace
//! the repository. The spare kept beside the output (src/output/staging.rs) is only ever an
//! output that held the marker.

use std::path::{Component, Path, PathBuf};

use crate::error::Error;

/// The file that marks a folder as Cairn's output. Its text says what it is.
pub const MARKER: &str = ".cairn-output";

/// What the marker says, for a person who finds it.
pub(crate) const MARKER_TEXT: &str = "This folder is a site built by Cairn (`cairn build`). Each build replaces the whole folder,\nso do not keep other files here; they would be deleted.\n";

/// The library's folders a build reads from.
const SOURCES: [&str; 5] = ["content", "static", "templates", "themes", "i18n"];

/// Why `rel`, a folder named relative to the library, can never be its output; `None` if it
/// can be.
pub(crate) fn reserved_inside(rel: &Path) -> Option<&'static str> {
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let Some(first) = parts.first() else {
        return Some("is the library itself, which the build would replace");
    };
    if parts.iter().any(|p| p.starts_with('.')) {
        return Some("is a hidden folder (such as .git or .github), which the build would replace");
    }
    if SOURCES.contains(&first.as_str()) {
        return Some("is one of the library's own folders, which the build would replace");
    }
    if first == "site.toml" {
        return Some("is the library's settings file");
    }
    None
}

/// Whether `dir` holds Cairn's marker (as a plain file, not a link).
pub(crate) fn is_marked(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// Whether the folder `dir` may be replaced by a build: it does not exist, is empty, or is
/// Cairn's output. The reason when not.
pub(crate) fn replaceable(dir: &Path) -> Result<(), &'static str> {
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(meta) => meta,
        Err(_) => return Ok(()),
    };
    if meta.file_type().is_symlink() {
        return Err("is a symbolic link");
    }
    if !meta.is_dir() {
        return Err("is a file, not a folder");
    }
    if is_marked(dir) {
        return Ok(());
    }
    match std::fs::read_dir(dir).map(|mut entries| entries.next().is_none()) {
        Ok(true) => Ok(()),
        Ok(false) => Err("holds files, and is not a site Cairn built"),
        Err(_) => Err("cannot be read"),
    }
}

/// Refuses an output folder a build must not replace. `root` is the library's canonical
/// folder; `output` the folder asked for (`--output`, or `output_dir` inside the library when
/// `from_config`). Exit 2 ([`Error::Usage`]), naming the folder and what to do.
pub(crate) fn check(root: &Path, output: &Path, from_config: bool) -> Result<(), Error> {
    let absolute = if output.is_absolute() {
        output.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io(output, e))?
            .join(output)
    };
    let normal = normalise(&absolute);
    let shown = crate::diagnostic::display_path(output);
    let refuse = |why: &str, fix: &str| {
        Err(Error::Usage(format!(
            "refusing to write the site to `{shown}`: it {why}; {fix}"
        )))
    };
    let elsewhere = "choose an output folder of its own, such as `public`";
    if root.starts_with(&normal) {
        return refuse(
            "holds the library, which the build would replace",
            elsewhere,
        );
    }
    match normal.strip_prefix(root) {
        Ok(rel) => {
            if let Some(why) = reserved_inside(rel) {
                return refuse(why, elsewhere);
            }
        }
        Err(_) if from_config => {
            return refuse(
                "leads outside the library (through a symbolic link)",
                "set `output_dir` in site.toml to a folder inside the library, or pass `--output DIR`",
            );
        }
        Err(_) => {}
    }
    if normal
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
    {
        return refuse("is a hidden folder", elsewhere);
    }
    if let Err(why) = replaceable(&normal) {
        return refuse(
            why,
            &format!(
                "a build replaces its output folder whole, deleting anything else in it. Choose an empty or new folder; if `{shown}` holds a site built by an earlier version of Cairn, delete it and build again"
            ),
        );
    }
    Ok(())
}

/// Removes `.` and `..` parts and resolves the links of the part that exists, so that the
/// folder is compared with the library's canonical path like with like.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while std::fs::symlink_metadata(&existing).is_err() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    // The folder itself stays as named when it is a link (refused as a link, not followed).
    let link = std::fs::symlink_metadata(&existing).is_ok_and(|m| m.file_type().is_symlink());
    let mut resolved = match (link, existing.parent(), existing.file_name()) {
        (true, Some(parent), Some(name)) if rest.is_empty() => parent
            .canonicalize()
            .unwrap_or_else(|_| parent.to_path_buf())
            .join(name),
        _ => existing.canonicalize().unwrap_or(existing),
    };
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins which folders inside a library can never be its output.
    #[test]
    fn reserved_folders() {
        for rel in [
            "",
            ".",
            ".git",
            ".github",
            "site/.hidden",
            "content",
            "static/x",
            "templates",
            "themes",
            "i18n",
            "site.toml",
        ] {
            assert!(reserved_inside(Path::new(rel)).is_some(), "{rel}");
        }
        for rel in ["public", "docs", "build/site", "contents"] {
            assert!(reserved_inside(Path::new(rel)).is_none(), "{rel}");
        }
    }

    // Pins which existing folders a build may replace: missing, empty or marked only.
    #[test]
    fn only_empty_or_marked_folders_are_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        assert!(replaceable(&dir).is_ok());
        std::fs::create_dir(&dir).unwrap();
        assert!(replaceable(&dir).is_ok());
        std::fs::write(dir.join("thesis.txt"), "mine").unwrap();
        assert!(replaceable(&dir).is_err());
        std::fs::write(dir.join(MARKER), MARKER_TEXT).unwrap();
        assert!(replaceable(&dir).is_ok());
        std::fs::write(tmp.path().join("file"), "x").unwrap();
        assert!(replaceable(&tmp.path().join("file")).is_err());
    }
}
