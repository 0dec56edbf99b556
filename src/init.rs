//! `cairn init DIR`: a new library with site.toml, one example of each kind of content, and
//! what contributors need to propose case studies by pull request (CONTRIBUTING.md, a
//! pull-request template, a GitHub Actions workflow running `cairn check`).
//! The default theme is built in, so no theme files are copied.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// The files of a new library, relative to its folder.
const FILES: &[(&str, &str)] = &[
    ("site.toml", include_str!("scaffold/site.toml")),
    ("content/_index.md", include_str!("scaffold/home.md")),
    (
        "content/case-studies/our-first-case-study.md",
        include_str!("scaffold/case-study.md"),
    ),
    (
        "content/toolkit/_index.md",
        include_str!("scaffold/toolkit.md"),
    ),
    (
        "content/toolkit/getting-started.md",
        include_str!("scaffold/toolkit-section.md"),
    ),
    (
        "content/principles/core.md",
        include_str!("scaffold/principles.md"),
    ),
    (
        "content/forms/meeting-check.md",
        include_str!("scaffold/form.md"),
    ),
    (".gitignore", "/public/\n"),
    // Contributing by pull request: a guide, a checklist, and the check on GitHub.
    ("CONTRIBUTING.md", include_str!("scaffold/CONTRIBUTING.md")),
    (
        ".github/pull_request_template.md",
        include_str!("scaffold/pull_request_template.md"),
    ),
    (
        ".github/workflows/cairn.yml",
        include_str!("scaffold/cairn.yml"),
    ),
];

/// Creates the library; refuses a folder that already has files in it, so nothing is overwritten.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        if entries.next().is_some() {
            return Err(Error::Usage(format!(
                "`{}` is not empty; choose a new folder so no existing file is overwritten",
                dir.display()
            )));
        }
    }
    let mut written = Vec::new();
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        written.push(path);
    }
    Ok(written)
}
