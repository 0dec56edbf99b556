//! Relative URLs between output files. A leaf: it imports nothing from Cairn. Which file is
//! at which path is decided by the site plan (src/site/); this only walks between them.

/// `../` once per folder level of `url`.
pub(crate) fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// The path of the site on its host, from its absolute address `base_url`, followed by a
/// language's `prefix`: `https://org.github.io/library` and `cy/` give `/library/cy/`.
pub(crate) fn site_path(base_url: &str, prefix: &str) -> String {
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
pub(crate) fn pretty(path: &str) -> &str {
    path.strip_suffix("index.html").unwrap_or(path)
}

/// `path`, a relative link on the page at `url`, as a path from the same root; `None` when
/// it climbs above the root. A trailing `/` is kept (`../x/` -> `x/`).
pub(crate) fn resolve(url: &str, path: &str) -> Option<String> {
    if path.is_empty() {
        return Some(url.to_string());
    }
    let mut parts: Vec<&str> = url.split('/').collect();
    parts.pop(); // the page's own file name
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let mut resolved = parts.join("/");
    if (path.ends_with('/') || path.ends_with("/.") || path.ends_with("..")) && !resolved.is_empty()
    {
        resolved.push('/');
    }
    Some(resolved)
}

#[cfg(test)]
mod tests {
    use super::{resolve, site_path};

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

    // Pins relative links resolved from a page: up, down, folders kept, the root not left.
    #[test]
    fn resolves_relative_links() {
        let page = "case-studies/a/index.html";
        assert_eq!(
            resolve(page, "photo.jpg").as_deref(),
            Some("case-studies/a/photo.jpg")
        );
        assert_eq!(resolve(page, "../../about/").as_deref(), Some("about/"));
        assert_eq!(
            resolve(page, "./../b/index.html").as_deref(),
            Some("case-studies/b/index.html")
        );
        assert_eq!(resolve(page, "../..").as_deref(), Some(""));
        assert_eq!(resolve(page, "../../../x.jpg"), None);
        assert_eq!(resolve("index.html", "").as_deref(), Some("index.html"));
    }
}
