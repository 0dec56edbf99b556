//! Relative URLs between output files. A leaf: it imports nothing from Cairn. Which file is
//! at which path is decided by the site plan (src/site/); this only walks between them.

/// `../` once per folder level of `url`.
pub fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// A page's address as readers see it, without `index.html`: `case-studies/x/` for
/// `case-studies/x/index.html`, `""` for the home page.
pub fn pretty(path: &str) -> &str {
    path.strip_suffix("index.html").unwrap_or(path)
}
