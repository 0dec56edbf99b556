//! Relative URLs between output files. A leaf: it imports nothing from Cairn. Which file is
//! at which path is decided by the site plan (src/site/); this only walks between them.

/// `../` once per folder level of `url`.
pub fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}
