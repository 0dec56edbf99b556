//! URLs written in front matter (a case study's links and contact, a toolkit section's
//! resources, the repository in site.toml) become `href`s. Templates escape them, but escaping
//! does not stop a `javascript:` URL from running when clicked: any scheme other than the web's
//! own is refused, with the file and line.

use super::Library;
use crate::diagnostic::Diagnostic;

/// Schemes a link in front matter may use; a URL with no scheme is relative and fine.
const ALLOWED: &[&str] = &["http", "https", "mailto", "tel"];

/// The scheme of `url` if it has one the web page would not treat as a plain link.
pub(crate) fn unsafe_scheme(url: &str) -> Option<String> {
    // Browsers ignore whitespace and control characters inside a scheme (`java\tscript:`).
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let (scheme, _) = squeezed.split_once(':')?;
    let is_scheme = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let scheme = scheme.to_ascii_lowercase();
    (is_scheme && !ALLOWED.contains(&scheme.as_str())).then_some(scheme)
}

/// Every front-matter URL with a refused scheme.
pub(crate) fn check(library: &Library) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut report = |path: &std::path::Path, text: &str, field: &str, url: &str| {
        if let Some(scheme) = unsafe_scheme(url) {
            let line = text
                .lines()
                .position(|l| l.contains(url))
                .map_or(0, |i| i + 1);
            problems.push(
                Diagnostic::error_at(
                    path,
                    line,
                    0,
                    format!("`{field}` is a `{scheme}:` URL; only web, email and phone links are allowed"),
                )
                .with_help("use an address starting with https://")
                .with_source(text),
            );
        }
    };
    for cs in &library.case_studies {
        let (path, text) = (&cs.source.path, cs.source.text.as_str());
        for link in &cs.meta.links {
            report(path, text, "links.url", &link.url);
        }
        if let Some(url) = cs.meta.contact.as_ref().and_then(|c| c.url.as_deref()) {
            report(path, text, "contact.url", url);
        }
    }
    for section in &library.toolkit.sections {
        let (path, text) = (&section.source.path, section.source.text.as_str());
        for resource in &section.meta.resources {
            if let Some(url) = &resource.url {
                report(path, text, "resources.url", url);
            }
        }
    }
    if let Some(repo) = &library.config.repository {
        let text = std::fs::read_to_string(library.root.join("site.toml")).unwrap_or_default();
        report(std::path::Path::new("site.toml"), &text, "repository", repo);
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::unsafe_scheme;

    // Pins which URLs are refused: script schemes however written; web, mail and relative kept.
    #[test]
    fn schemes() {
        for bad in [
            "javascript:alert(1)",
            " JaVa\tScRiPt:x",
            "data:text/html,x",
            "vbscript:x",
        ] {
            assert!(unsafe_scheme(bad).is_some(), "{bad}");
        }
        for good in [
            "https://a.org/x:y",
            "mailto:a@b.org",
            "../x.html",
            "report.pdf",
            "#top",
            "/a:b",
        ] {
            assert!(unsafe_scheme(good).is_none(), "{good}");
        }
    }
}
