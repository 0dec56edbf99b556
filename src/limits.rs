//! Bounds on what a library's files may cost, so that a malformed or malicious pull request
//! cannot crash, hang or exhaust the machine that builds it.
//!
//! The limits a library may change live in `[limits]` in `site.toml`; the others are fixed
//! where they are enforced (YAML depth and aliases in `content/front_matter.rs`, Markdown
//! nesting in `render/markdown.rs`). Every limit reached is an error naming the file.

use serde::Deserialize;

use crate::diagnostic::Diagnostic;

/// Most problems reported for one file; the rest are counted in one last message.
pub const MAX_PROBLEMS_PER_FILE: usize = 100;

/// The default of `file_size_mb`.
pub(crate) const DEFAULT_FILE_SIZE_MB: u64 = 8;

/// The default of `highlight_seconds`.
pub(crate) const DEFAULT_HIGHLIGHT_SECONDS: u64 = 5;

/// `[limits]` in site.toml.
///
/// The last four bound what a build *writes*, whatever its files say: a case study's list of
/// themes, approaches, fields of practice or principles makes a page per new term and a link
/// on every page of each term, so a 35 KB file listing 3,000 themes under an open taxonomy made
/// 340 MB of pages. With the defaults, the site is at most `output_mb` whatever the input; per
/// input byte, a case study's text is repeated on its own page, its card on the page of each of
/// its terms and principles (at most 4 × `terms_per_case_study`), the listings, the search
/// index and the data files, once per language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Limits {
    /// Largest file Cairn reads, in megabytes (10^6 bytes).
    pub(crate) file_size_mb: u64,
    /// Most Markdown pages under `content/`.
    pub(crate) pages: usize,
    /// Longest path of a file inside the library, in characters (`content/...`). The default
    /// keeps a checked-out library and its output under Windows' 260-character path limit.
    pub(crate) path_length: usize,
    /// Most terms one case study lists in each taxonomy (`themes`, `approaches`,
    /// `fields_of_practice`), and most principles it cites.
    pub(crate) terms_per_case_study: usize,
    /// Most pages the build makes, every language together.
    pub(crate) generated_pages: usize,
    /// Largest site the build writes, in megabytes (10^6 bytes), every file together: checked
    /// as each file is written, so a build that would pass it stops there.
    pub(crate) output_mb: u64,
    /// Most time one render of the site (each language's) spends colouring code blocks, in
    /// seconds; past it blocks are shown plain, with a warning (src/render/highlight.rs).
    pub(crate) highlight_seconds: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_size_mb: DEFAULT_FILE_SIZE_MB,
            pages: 100_000,
            path_length: 200,
            terms_per_case_study: 100,
            generated_pages: 1_000_000,
            output_mb: 20_000,
            highlight_seconds: DEFAULT_HIGHLIGHT_SECONDS,
        }
    }
}

impl Limits {
    /// The file size limit in bytes.
    pub(crate) fn file_size_bytes(&self) -> u64 {
        self.file_size_mb.saturating_mul(1_000_000)
    }

    /// An error if `size` is over the file size limit.
    pub(crate) fn check_file_size(&self, rel: &str, size: u64) -> Option<Diagnostic> {
        (size > self.file_size_bytes()).then(|| {
            Diagnostic::file_error(
                rel,
                format!(
                    "this file is {:.1} MB; the limit is {} MB",
                    size as f64 / 1_000_000.0,
                    self.file_size_mb
                ),
            )
            .with_help(
                "make the file smaller or split it; a library can raise the limit with `file_size_mb` under [limits] in site.toml",
            )
        })
    }

    /// An error if the path (relative to the library, `/` separators) is too long, or has a
    /// part Windows cannot hold (`con`, `nul.md`, `lpt1`…).
    pub(crate) fn check_path(&self, rel: &str) -> Option<Diagnostic> {
        if let Some(part) = rel.split('/').find(|p| is_windows_device_name(p)) {
            return Some(
                Diagnostic::file_error(
                    rel,
                    format!("Windows cannot hold a file or folder named `{part}`, so the library could not be opened there"),
                )
                .with_help("rename it, e.g. by adding a word to the name"),
            );
        }
        let chars = rel.chars().count();
        (chars > self.path_length).then(|| {
            let shown: String = rel.chars().take(80).collect();
            Diagnostic::file_error(
                format!("{shown}…"),
                format!(
                    "this path is {chars} characters long; the limit is {}",
                    self.path_length
                ),
            )
            .with_help("give the file or its folders shorter names")
        })
    }

    /// The largest site a build may write, in bytes.
    pub(crate) fn output_bytes(&self) -> u64 {
        self.output_mb.saturating_mul(1_000_000)
    }

    /// An error if the build plans more pages than `generated_pages`. `planned` counts every
    /// page of every language (src/render/mod.rs calls this once it knows its pages).
    pub(crate) fn check_generated_pages(&self, planned: usize) -> Result<(), Diagnostic> {
        if planned <= self.generated_pages {
            return Ok(());
        }
        Err(Diagnostic::file_error(
            "content",
            format!(
                "the site would have {planned} pages; the limit is {}",
                self.generated_pages
            ),
        )
        .with_help(
            "look for a case study listing very many themes or principles; if the library is really this large, raise `generated_pages` under [limits] in site.toml",
        ))
    }

    /// An error if the library has more pages than the limit.
    pub(crate) fn check_pages(&self, pages: usize) -> Option<Diagnostic> {
        (pages > self.pages).then(|| {
            Diagnostic::file_error(
                "content",
                format!("the library has {pages} pages; the limit is {}", self.pages),
            )
            .with_help("raise `pages` under [limits] in site.toml if this is intended")
        })
    }
}

/// Whether Windows reserves `name` for a device (`CON`, `PRN`, `AUX`, `NUL`, `COM0`–`COM9`,
/// `LPT0`–`LPT9`, in any case and with any extension): a file of that name cannot be created or
/// checked out there.
pub fn is_windows_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let upper = stem.to_ascii_uppercase();
    let mut chars = upper.chars();
    let head: String = chars.by_ref().take(3).collect();
    let rest: Vec<char> = chars.collect();
    match (head.as_str(), rest.as_slice()) {
        ("CON" | "PRN" | "AUX" | "NUL", []) => true,
        ("COM" | "LPT", [digit]) => digit.is_ascii_digit() || matches!(digit, '¹' | '²' | '³'),
        _ => false,
    }
}

/// The checks over the whole list of files a library holds (paths relative to the library,
/// `/` separators): path lengths and the number of pages. (Output paths that differ only in
/// case are found by the site plan, src/site/, with every other clash of addresses.)
pub(crate) fn check_files<'a>(
    limits: &Limits,
    files: impl Iterator<Item = &'a str>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut pages = 0;
    for rel in files {
        problems.extend(limits.check_path(rel));
        if rel.starts_with("content/") && rel.ends_with(".md") {
            pages += 1;
        }
    }
    problems.extend(limits.check_pages(pages));
    problems
}

/// Caps the problems of one file at [`MAX_PROBLEMS_PER_FILE`], replacing the rest with one
/// message that says how many were left out (an error if any of them was).
pub(crate) fn cap_problems(problems: &mut Vec<Diagnostic>, omitted: usize, omitted_errors: bool) {
    if omitted == 0 {
        return;
    }
    let Some(last) = problems.last() else {
        return;
    };
    let message = if omitted == 1 {
        "1 more problem in this file is not shown".to_string()
    } else {
        format!("{omitted} more problems in this file are not shown")
    };
    let d = if omitted_errors {
        Diagnostic::file_error(&last.path, message)
    } else {
        Diagnostic::warning_at(&last.path, 0, 0, message)
    };
    problems.push(d.with_help("fix the problems above, then build again"));
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins that a very long source line is cut around the column, the caret still under it.
    #[test]
    fn long_source_line_is_windowed() {
        let line = format!("{}[x](@/nope.md)", "word ".repeat(10_000));
        let d = Diagnostic::error_at("a.md", 1, 50_001, "broken link").with_source(&line);
        assert_eq!(d.column, 50_001, "the location keeps the real column");
        let shown = d.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        let source = lines[3].split_once(" | ").unwrap().1;
        let caret = lines[4].split_once(" | ").unwrap().1;
        assert!(source.chars().count() <= 250, "{source}");
        let at = caret.find('^').unwrap();
        assert_eq!(source.chars().nth(at), Some('['), "{source}\n{caret}");
    }

    // Pins the generated-pages check and its default.
    #[test]
    fn generated_pages() {
        let l = Limits::default();
        assert!(l.check_generated_pages(1_000_000).is_ok());
        let e = l.check_generated_pages(1_000_001).unwrap_err();
        assert!(e.message.contains("1000001 pages"), "{}", e.message);
        assert!(e.help.unwrap().contains("generated_pages"));
    }

    // Pins which names Windows reserves for devices, in any case and with any extension.
    #[test]
    fn windows_device_names() {
        for name in [
            "con",
            "CON.md",
            "nul",
            "Aux.txt",
            "com1",
            "LPT9.html",
            "prn.tar.gz",
        ] {
            assert!(is_windows_device_name(name), "{name}");
        }
        for name in [
            "console",
            "con-page.md",
            "com",
            "com10",
            "lpt",
            "nullify.md",
            "icon.png",
        ] {
            assert!(!is_windows_device_name(name), "{name}");
        }
    }

    // Pins the file size and path length checks and their defaults.
    #[test]
    fn size_and_path() {
        let l = Limits::default();
        assert!(l.check_file_size("x", 8_000_000).is_none());
        assert!(l.check_file_size("x", 8_000_001).is_some());
        assert!(l.check_path(&"a".repeat(200)).is_none());
        assert!(l.check_path(&"a".repeat(201)).is_some());
    }
}
