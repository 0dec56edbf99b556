//! Links that let readers suggest changes on GitHub: "Edit this page" on every content page,
//! and "Add a case study", which opens GitHub's new-file editor filled in with the case-study
//! template. Both need `repository` in site.toml; they are the only absolute links to another
//! site that Cairn writes into pages, and they are never followed at build time.

use std::path::Path;

use crate::config::Config;
use crate::content::Library;
use crate::diagnostic::display_path;

/// The repository URL without a trailing slash, and the branch (default `main`).
fn repository(config: &Config) -> Option<(&str, &str)> {
    let repo = config.repository.as_deref()?.trim().trim_end_matches('/');
    if repo.is_empty() {
        return None;
    }
    let branch = config.branch.as_deref().unwrap_or("main");
    Some((repo.strip_suffix(".git").unwrap_or(repo), branch))
}

/// GitHub's web editor for the file at `path` (relative to the library root).
pub(crate) fn edit_url(config: &Config, path: &Path) -> Option<String> {
    let (repo, branch) = repository(config)?;
    let path = display_path(path)
        .split('/')
        .map(percent_encode)
        .collect::<Vec<_>>()
        .join("/");
    Some(format!("{repo}/edit/{}/{path}", percent_encode(branch)))
}

/// GitHub's new-file editor in `content/case-studies/`, filled in with the template of
/// `cairn new case-study`. The template's date is the newest case study's, so builds stay
/// identical from one day to the next.
pub(crate) fn add_case_study_url(library: &Library) -> Option<String> {
    let (repo, branch) = repository(&library.config)?;
    let ids = crate::new::principle_ids(library);
    let date = library
        .case_studies
        .iter()
        .filter_map(|c| c.sort_date())
        .max()
        .map(|d| d.to_string())
        .unwrap_or_else(|| "2024".into());
    let text = crate::new::case_study(&crate::new::Template {
        config: &library.config,
        principle_ids: &ids,
        title: "TODO: the title of your story",
        date: &date,
        compact: true,
    });
    Some(format!(
        "{repo}/new/{}/content/case-studies?filename=your-story.md&value={}",
        percent_encode(branch),
        percent_encode(&text)
    ))
}

/// Percent-encodes everything but the unreserved characters of RFC 3986.
pub(crate) fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins the edit link: repository, branch (default main), encoded path.
    #[test]
    fn edit_links() {
        let mut c =
            Config::parse("title = \"A\"\nrepository = \"https://github.com/org/lib/\"\n").unwrap();
        assert_eq!(
            edit_url(&c, Path::new("content/case-studies/my story.md")).as_deref(),
            Some("https://github.com/org/lib/edit/main/content/case-studies/my%20story.md")
        );
        c.branch = Some("live".into());
        assert!(
            edit_url(&c, Path::new("content/a.md"))
                .unwrap()
                .contains("/edit/live/")
        );
        c.repository = None;
        assert_eq!(edit_url(&c, Path::new("content/a.md")), None);
    }

    // Pins percent-encoding of a template: newlines, quotes and non-ASCII letters.
    #[test]
    fn encoding() {
        assert_eq!(percent_encode("a b\n\"é\""), "a%20b%0A%22%C3%A9%22");
    }
}
