//! The one rule for every file Cairn reads from a library: `site.toml`, `content/`, `static/`,
//! `templates/`, `i18n/` and a theme's folder (`themes/<name>/`).
//!
//! A library arrives in pull requests from strangers, and a symbolic link is a file like any
//! other in git: `i18n/en.toml -> /proc/self/environ` or `content/x.txt -> ../.git/config`
//! (where CI keeps its token) would otherwise be read, published, or echoed in an error's
//! source line into a public CI log. So, wherever a path passes through a link:
//!
//! - it must lead to a file inside the library folder, and not into a hidden file or folder of
//!   it (`.git/`, `.github/`, a `.env`), which Cairn never reads;
//! - a link that leads nowhere, or outside, is an error naming the link, never the target, and
//!   nothing of the target is read.
//!
//! Paths without links are read as they are: the walk never follows a link it has not checked.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Diagnostic, display_path};

/// Why a path may not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    /// It leads outside the library folder.
    Outside,
    /// It leads into a hidden file or folder of the library (`.git/…`).
    Hidden,
    /// It leads nowhere.
    Dangling,
}

impl Refused {
    /// The error at `rel` (the path as the library names it), in plain words.
    pub(crate) fn diagnostic(self, rel: &Path) -> Diagnostic {
        match self {
            Refused::Outside => Diagnostic::file_error(
                rel,
                "this is a symbolic link to a file outside the library; Cairn will not read it",
            )
            .with_help("replace the link with a copy of the file inside the library"),
            Refused::Hidden => Diagnostic::file_error(
                rel,
                "this symbolic link leads into a hidden file or folder (such as .git), which Cairn does not read",
            )
            .with_help("replace the link with a copy of the file"),
            Refused::Dangling => Diagnostic::file_error(rel, "this symbolic link points to nothing")
                .with_help("remove the link or fix its target"),
        }
    }
}

/// Where `path` really is, if Cairn may read it: `path` with every link resolved, inside
/// `root` (the library's canonical folder) and not in a hidden part of it.
pub(crate) fn resolve(root: &Path, path: &Path) -> Result<PathBuf, Refused> {
    let real = path.canonicalize().map_err(|_| Refused::Dangling)?;
    let Ok(inside) = real.strip_prefix(root) else {
        return Err(Refused::Outside);
    };
    let hidden = inside.components().any(|c| match c {
        Component::Normal(name) => name.to_string_lossy().starts_with('.'),
        _ => false,
    });
    if hidden {
        return Err(Refused::Hidden);
    }
    Ok(real)
}

/// Whether `path` is itself a symbolic link, or lies in a folder that is one (below `root`).
fn passes_a_link(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return true;
    };
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

/// A folder of the library to walk (`content`, `themes/<name>` …): `None` when it does not
/// exist; an error when it is, or lies in, a link that may not be followed. Its files are then
/// walked by their own names (`root/content/...`), each link among them checked with
/// [`resolve`].
pub(crate) fn folder(root: &Path, rel: &str) -> Result<Option<PathBuf>, Diagnostic> {
    let path = root.join(rel);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    if passes_a_link(root, &path) {
        let real = resolve(root, &path).map_err(|why| why.diagnostic(Path::new(rel)))?;
        if !real.is_dir() {
            return Ok(None);
        }
    } else if !path.is_dir() {
        return Ok(None);
    }
    Ok(Some(path))
}

/// Reads the text file `rel` of the library (`site.toml`, `i18n/cy.toml`): `None` when it does
/// not exist. A link that may not be followed, a file that is not a plain file or is over
/// `max_bytes`, or text that is not UTF-8 is an error naming `rel`, and nothing of the file is
/// shown.
pub(crate) fn read_text(
    root: &Path,
    rel: &str,
    max_bytes: u64,
) -> Result<Option<String>, Diagnostic> {
    let path = root.join(rel);
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return Ok(None);
    };
    let real = if meta.file_type().is_symlink() || passes_a_link(root, &path) {
        resolve(root, &path).map_err(|why| why.diagnostic(Path::new(rel)))?
    } else {
        path
    };
    let cannot = |e: std::io::Error| {
        Diagnostic::file_error(rel, format!("cannot read this file: {e}"))
            .with_help("check that the file exists and can be read")
    };
    let file = std::fs::File::open(&real).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(
            Diagnostic::file_error(rel, "this is not a plain file").with_help(format!(
                "make `{}` a text file",
                display_path(Path::new(rel))
            )),
        );
    }
    if meta.len() > max_bytes {
        return Err(Diagnostic::file_error(
            rel,
            format!(
                "this file is {:.1} MB; the limit is {:.1} MB",
                meta.len() as f64 / 1_000_000.0,
                max_bytes as f64 / 1_000_000.0
            ),
        )
        .with_help("make the file smaller"));
    }
    let mut bytes = Vec::new();
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    String::from_utf8(bytes).map(Some).map_err(|_| {
        Diagnostic::file_error(rel, "this file is not UTF-8 text")
            .with_help("save the file with UTF-8 encoding")
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    // Pins the rule: links inside the library are followed, links outside, into hidden
    // folders or to nothing are refused, naming the link; a linked folder is checked too.
    #[test]
    fn links_inside_only() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("lib");
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("i18n")).unwrap();
        std::fs::create_dir_all(root.join("shared")).unwrap();
        std::fs::write(root.join(".git/config"), "token").unwrap();
        std::fs::write(root.join("shared/cy.toml"), "a = \"b\"").unwrap();
        std::fs::write(tmp.path().join("outside.toml"), "secret = \"x\"").unwrap();
        let root = root.canonicalize().unwrap();
        symlink(root.join("shared/cy.toml"), root.join("i18n/cy.toml")).unwrap();
        symlink(tmp.path().join("outside.toml"), root.join("i18n/en.toml")).unwrap();
        symlink("../.git/config", root.join("i18n/ur.toml")).unwrap();
        symlink("/nowhere", root.join("i18n/fr.toml")).unwrap();
        symlink("/proc/self/environ", root.join("i18n/de.toml")).unwrap();
        let read = |rel: &str| read_text(&root, rel, 1_000_000);
        assert_eq!(read("i18n/cy.toml").unwrap().unwrap(), "a = \"b\"");
        assert_eq!(read("i18n/none.toml").unwrap(), None);
        for (rel, words) in [
            ("i18n/en.toml", "outside the library"),
            ("i18n/de.toml", "outside the library"),
            ("i18n/ur.toml", "hidden"),
            ("i18n/fr.toml", "points to nothing"),
        ] {
            let e = read(rel).unwrap_err();
            assert_eq!(display_path(&e.path), rel);
            assert!(e.message.contains(words), "{rel}: {}", e.message);
        }
        // A linked folder: inside is walked by its own name, outside is refused.
        symlink(root.join("shared"), root.join("static")).unwrap();
        symlink(tmp.path(), root.join("templates")).unwrap();
        assert_eq!(folder(&root, "static").unwrap(), Some(root.join("static")));
        assert!(folder(&root, "templates").is_err());
        assert_eq!(folder(&root, "content").unwrap(), None);
        // A file in a linked folder leading outside is refused too.
        assert!(read("templates/outside.toml").is_err());
    }
}
