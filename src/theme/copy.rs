//! `cairn theme copy`: writes the built-in theme's templates and styles into the library's
//! `themes/<theme>/` (the theme site.toml chooses), where each file replaces the built-in one
//! (see the lookup in src/theme.rs). Existing files are never overwritten.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::Error;

/// What a copy did.
#[derive(Debug)]
pub struct Copied {
    /// The theme folder, relative to the library (`themes/default`).
    pub dir: PathBuf,
    /// Files written, relative to the theme folder.
    pub written: Vec<String>,
    /// Files already there, left as they were.
    pub kept: Vec<String>,
}

/// Copies `files` (names or paths of the built-in theme's files; all of them when empty) into
/// the theme folder of the library at `root`.
pub fn copy(root: &Path, files: &[String]) -> Result<Copied, Error> {
    let config = Config::load(root)?;
    let chosen = choose(files)?;
    let dir = Path::new("themes").join(&config.theme);
    let mut copied = Copied {
        dir: dir.clone(),
        written: Vec::new(),
        kept: Vec::new(),
    };
    for (rel, bytes) in chosen {
        let path = root.join(&dir).join(rel);
        // A file, folder or link already there (even a broken link) is the library's own.
        if path.symlink_metadata().is_ok() {
            copied.kept.push(rel.to_string());
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
        copied.written.push(rel.to_string());
    }
    Ok(copied)
}

/// The theme files a library can replace: templates and static files (the interface strings
/// are replaced in the library's own `i18n/` instead).
fn copyable() -> impl Iterator<Item = &'static (&'static str, &'static [u8])> {
    super::DEFAULT_THEME
        .iter()
        .filter(|(path, _)| path.starts_with("templates/") || path.starts_with("static/"))
}

/// The built-in files named by `files`: each by its path (`static/css/site.css`) or, when that
/// is unambiguous, by the end of it (`site.css`, `partials/card.html`).
fn choose(files: &[String]) -> Result<Vec<(&'static str, &'static [u8])>, Error> {
    if files.is_empty() {
        return Ok(copyable().copied().collect());
    }
    let mut chosen = Vec::new();
    for name in files {
        let name = name.replace('\\', "/");
        let name = name.trim_start_matches("./");
        let matches: Vec<_> = copyable()
            .filter(|(path, _)| *path == name || path.ends_with(&format!("/{name}")))
            .copied()
            .collect();
        match matches.as_slice() {
            [one] => {
                if !chosen.iter().any(|(p, _)| *p == one.0) {
                    chosen.push(*one);
                }
            }
            [] => {
                return Err(Error::Usage(format!(
                    "`{name}` is not a file of the built-in theme; its files are: {}",
                    copyable().map(|(p, _)| *p).collect::<Vec<_>>().join(", ")
                )));
            }
            many => {
                return Err(Error::Usage(format!(
                    "`{name}` could be any of {}; give the whole path",
                    many.iter()
                        .map(|(p, _)| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
    }
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins how file names are matched: a path, a unique ending, and errors for none or several.
    #[test]
    fn files_are_chosen_by_path_or_unique_ending() {
        let names = |files: &[&str]| -> Result<Vec<&str>, Error> {
            let files: Vec<String> = files.iter().map(|f| f.to_string()).collect();
            Ok(choose(&files)?.into_iter().map(|(p, _)| p).collect())
        };
        assert_eq!(
            names(&[
                "site.css",
                "templates/case-study.html",
                "partials/card.html"
            ])
            .unwrap(),
            [
                "static/css/site.css",
                "templates/case-study.html",
                "templates/partials/card.html"
            ]
        );
        assert!(matches!(names(&["nope.html"]), Err(Error::Usage(m)) if m.contains("base.html")));
        // `i18n/en.toml` is replaced in the library's i18n/, not copied.
        assert!(names(&["en.toml"]).is_err());
        let all = names(&[]).unwrap();
        assert!(all.contains(&"templates/base.html") && all.contains(&"static/js/site.js"));
        assert!(all.iter().all(|p| !p.starts_with("i18n/")));
    }
}
