//! `cairn init DIR`: a new library with site.toml, one example of each kind of content, and
//! what contributors need to propose case studies by pull request (CONTRIBUTING.md, a
//! pull-request template, a GitHub Actions workflow running `cairn check` and publishing to
//! GitHub Pages). The default theme is built in, so no theme files are copied.
//!
//! DIR may already hold files, as a fresh clone of a new GitHub repository does (`.git/`, a
//! README, a LICENSE): only what is missing is added, and nothing is ever overwritten.

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

/// What `cairn build` writes beside the library's files, for `.gitignore`: the site, the hidden
/// folders and lock of its swap (src/output/staging.rs), and the `--zip` file while it is
/// written and once done (src/archive.rs). For the default `output_dir`, `public`.
const IGNORED: &[&str] = &[
    "/public/",
    "/.public.cairn-*",
    "/public.zip",
    "/public.zip.part",
];

/// What `init` did, paths relative to the library folder.
#[derive(Debug, Default)]
pub struct Report {
    /// Files written.
    pub created: Vec<PathBuf>,
    /// What was already there, left as it was: files of the new library, then the folder's
    /// other files and folders (`.git`, `README.md`, `LICENSE`...).
    pub kept: Vec<PathBuf>,
    /// Lines added to an existing `.gitignore`.
    pub ignored: Vec<String>,
}

/// Makes a library in `dir`, adding only what is missing.
pub fn init(dir: &Path) -> Result<Report, Error> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Usage(format!(
            "`{}` is a file; choose a folder for the library",
            dir.display()
        )));
    }
    let mut report = Report::default();
    let others = others_in(dir)?;
    for (rel, text) in FILES {
        let text = fill_in(text);
        let path = dir.join(rel);
        // Anything already there (a file, a folder, even a broken link) is the owner's.
        if path.symlink_metadata().is_ok() {
            report.kept.push(PathBuf::from(rel));
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        report.created.push(PathBuf::from(rel));
    }
    gitignore(dir, &mut report)?;
    report.kept.extend(others);
    Ok(report)
}

/// The entries of `dir` that are not part of a library (`.git`, `README.md`, `LICENSE`...),
/// sorted; none when the folder does not exist yet.
fn others_in(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let ours = |name: &str| {
        name == ".gitignore"
            || FILES
                .iter()
                .any(|(rel, _)| rel.split('/').next() == Some(name))
    };
    let mut others: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| PathBuf::from(e.file_name()))
        .filter(|name| !ours(&name.to_string_lossy()))
        .collect();
    others.sort();
    Ok(others)
}

/// A scaffold file with this very version of Cairn filled in (src/release.rs): its Action in the
/// workflow, its version, and where its releases are.
pub(crate) fn fill_in(template: &str) -> String {
    template
        .replace("CAIRN_ACTION", &crate::release::action())
        .replace("CAIRN_VERSION", crate::release::VERSION)
        .replace("CAIRN_REPOSITORY", crate::release::REPOSITORY)
}

/// Writes `.gitignore`, or adds to an existing one the lines it lacks (at its end, under a
/// comment), so no output of the build is ever committed.
fn gitignore(dir: &Path, report: &mut Report) -> Result<(), Error> {
    let path = dir.join(".gitignore");
    let heading =
        "# What `cairn build` writes: the site, its hidden working folders, the --zip file.";
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(&path, e)),
    };
    let have: Vec<&str> = existing
        .as_deref()
        .unwrap_or("")
        .lines()
        .map(str::trim)
        .collect();
    let missing: Vec<&str> = IGNORED
        .iter()
        .copied()
        .filter(|line| !have.contains(line) && !have.contains(&line.trim_start_matches('/')))
        .collect();
    match existing {
        None => {
            let text = format!("{heading}\n{}\n", IGNORED.join("\n"));
            std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
            report.created.push(PathBuf::from(".gitignore"));
        }
        Some(_) if missing.is_empty() => report.kept.push(PathBuf::from(".gitignore")),
        Some(text) => {
            let mut text = text;
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&format!("\n{heading}\n{}\n", missing.join("\n")));
            std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
            report.ignored = missing.iter().map(|l| l.to_string()).collect();
        }
    }
    Ok(())
}

/// Whether `dir` is the current folder (`.`, or a path to it).
pub fn is_current(dir: &Path) -> bool {
    dir.as_os_str().is_empty()
        || dir == Path::new(".")
        || std::env::current_dir()
            .ok()
            .zip(dir.canonicalize().ok())
            .is_some_and(|(cwd, dir)| cwd.canonicalize().is_ok_and(|cwd| cwd == dir))
}

/// What to type next, for the folder `init` was given: no `cd` into the current folder.
pub fn next_steps(dir: &Path) -> Vec<String> {
    let mut steps = Vec::new();
    if !is_current(dir) {
        let shown = dir.display().to_string();
        if shown.contains(|c: char| c.is_whitespace() || "'\"$`&;|()<>".contains(c)) {
            steps.push(format!("cd \"{}\"", shown.replace('"', "\\\"")));
        } else {
            steps.push(format!("cd {shown}"));
        }
    }
    steps.push("cairn serve    (see the site at http://127.0.0.1:1111/ as you edit)".into());
    steps.push("cairn build    (writes the site into public/; open public/index.html)".into());
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins that the workflow names this version's Action in every job, and nothing is left of
    // the template's placeholders.
    #[test]
    fn workflow_names_this_version() {
        let text = fill_in(include_str!("scaffold/cairn.yml"));
        let pinned = format!("- uses: {}", crate::release::action());
        assert_eq!(text.matches(&pinned).count(), 2, "{text}");
        for (_, template) in FILES {
            assert!(!fill_in(template).contains("CAIRN_"), "{template}");
        }
    }

    // Pins the next steps: `cd` into another folder (quoted when it has spaces), none into `.`.
    #[test]
    fn next_steps_cd_only_elsewhere() {
        assert!(next_steps(Path::new("."))[0].starts_with("cairn serve"));
        assert_eq!(next_steps(Path::new("lib"))[0], "cd lib");
        assert_eq!(next_steps(Path::new("my lib"))[0], "cd \"my lib\"");
    }
}
