//! Relative URLs between output files. A leaf: it imports nothing from Cairn. Which file is
//! at which path is decided by the site plan (src/site/); this only walks between them.

/// `../` once per folder level of `url`.
pub fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// The path of the site on its host, from its absolute address `base_url`, followed by a
/// language's `prefix`: `https://org.github.io/library` and `cy/` give `/library/cy/`.
pub fn site_path(base_url: &str, prefix: &str) -> String {
    let path = match base_url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None if base_url.starts_with('/') => base_url,
        None => "/",
    };
    let slash = if path.ends_with('/') { "" } else { "/" };
    format!("{path}{slash}{prefix}")
}

/// A page's address as readers see it, without `index.html`: `case-studies/x/` for
/// `case-studies/x/index.html`, `""` for the home page.
pub fn pretty(path: &str) -> &str {
    path.strip_suffix("index.html").unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::site_path;

    // Pins the 404 page's `<base>`: the path of base_url on its host, with the language folder.
    #[test]
    fn site_path_is_the_path_of_base_url() {
        assert_eq!(site_path("https://org.github.io/library", ""), "/library/");
        assert_eq!(
            site_path("https://org.github.io/library/", "cy/"),
            "/library/cy/"
        );
        assert_eq!(site_path("https://example.org", ""), "/");
        assert_eq!(site_path("https://example.org/", "cy/"), "/cy/");
    }
}
