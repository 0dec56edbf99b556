//! A link checker over a built site, for tests: every `href`, `src` and `srcset` in every
//! `.html` file, resolved relative to the file (or its `<base href>`), must name a file of
//! the output, and a `#fragment` an `id` (or `name`) in that file. External links (`http:`,
//! `https:`, `mailto:`, `tel:`, protocol-relative `//host`) are left alone; a root-relative
//! `/x` link is broken (it fails from a USB stick or a sub-folder), as is a link to a folder
//! (it fails from `file://`).

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// What a check of a built site found.
#[derive(Debug, Default)]
pub struct LinkReport {
    /// Internal links looked at.
    pub checked: usize,
    /// One line per broken link: `page: link (why)`.
    pub broken: Vec<String>,
}

impl LinkReport {
    /// Panics with every broken link, unless there are none.
    pub fn assert_clean(&self) {
        assert!(
            self.broken.is_empty(),
            "{} broken links (of {} checked):\n{}",
            self.broken.len(),
            self.checked,
            self.broken.join("\n")
        );
    }
}

/// Checks every internal link of every HTML page under `site`.
pub fn check_links(site: &Path) -> LinkReport {
    let mut report = LinkReport::default();
    let mut ids: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let pages: Vec<PathBuf> = files_under(site)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap_or_default();
        let shown = page
            .strip_prefix(site)
            .unwrap_or(page)
            .display()
            .to_string();
        let markup = without_scripts_and_comments(&html);
        let base = attributes(&markup, "base", "href").into_iter().next();
        // A `<base>` from the root (`/library/`, the 404 page's, since hosts serve that page at
        // any address) names the published site's folder of the page's language: where the
        // page itself is.
        let base = base.filter(|b| !b.starts_with('/'));
        let from = match &base {
            Some(base) => normalise(&page.parent().unwrap().join(base)),
            None => page.parent().unwrap().to_path_buf(),
        };
        for url in links(&without_base(&markup)) {
            if is_external(&url) {
                continue;
            }
            report.checked += 1;
            if url.starts_with('/') {
                report
                    .broken
                    .push(format!("{shown}: {url} (root-relative)"));
                continue;
            }
            let (path, fragment) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (url.as_str(), None),
            };
            // A query (`index.html?q=x`) is read by the page's script; the file must exist.
            let path = path.split_once('?').map_or(path, |(p, _)| p);
            let target = if path.is_empty() && base.is_none() {
                page.clone()
            } else {
                normalise(&from.join(percent_decoded(path)))
            };
            if !target.starts_with(site) {
                report
                    .broken
                    .push(format!("{shown}: {url} (outside the site)"));
                continue;
            }
            if !target.is_file() {
                let why = if target.is_dir() {
                    "a folder, which does not open from file://"
                } else {
                    "no such file"
                };
                report.broken.push(format!("{shown}: {url} ({why})"));
                continue;
            }
            let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
                continue;
            };
            let known = ids.entry(target.clone()).or_insert_with(|| {
                let html = std::fs::read_to_string(&target).unwrap_or_default();
                let markup = without_scripts_and_comments(&html);
                let mut ids = all_values(&markup, "id");
                ids.extend(all_values(&markup, "name"));
                ids.into_iter().collect()
            });
            let fragment = percent_decoded(fragment);
            if !known.contains(&fragment) {
                report
                    .broken
                    .push(format!("{shown}: {url} (no id `{fragment}` there)"));
            }
        }
    }
    report.broken.sort();
    report
}

fn is_external(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["http:", "https:", "mailto:", "tel:", "data:"]
        .iter()
        .any(|s| lower.starts_with(s))
        || url.starts_with("//")
}

/// Every link of a page: `href`, `src` and each address of a `srcset`.
fn links(markup: &str) -> Vec<String> {
    let mut urls = all_values(markup, "href");
    urls.extend(all_values(markup, "src"));
    for set in all_values(markup, "srcset") {
        urls.extend(
            set.split(',')
                .filter_map(|candidate| candidate.split_whitespace().next())
                .map(String::from),
        );
    }
    urls
}

/// The page without its `<base>` element, whose address is not a link.
fn without_base(markup: &str) -> String {
    match markup.find("<base ") {
        Some(start) => {
            let end = markup[start..]
                .find('>')
                .map_or(markup.len(), |e| start + e + 1);
            format!("{}{}", &markup[..start], &markup[end..])
        }
        None => markup.to_string(),
    }
}

/// The page without what is inside `<script>` elements and comments, whose text is not markup.
fn without_scripts_and_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let script = rest.find("<script");
        let comment = rest.find("<!--");
        let (at, end_marker) = match (script, comment) {
            (Some(s), Some(c)) if c < s => (c, "-->"),
            (Some(s), _) => (s, "</script>"),
            (None, Some(c)) => (c, "-->"),
            (None, None) => break,
        };
        if end_marker == "</script>" {
            // Keep the opening tag, for its `src`.
            let open_end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
            out.push_str(&rest[..open_end]);
            rest = &rest[open_end..];
        } else {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
        }
        match rest.find(end_marker) {
            Some(end) => rest = &rest[end + end_marker.len()..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// The values of every `name="..."` (or `'...'`) attribute in `markup`, entities decoded.
fn all_values(markup: &str, name: &str) -> Vec<String> {
    let mut values = Vec::new();
    let bytes = markup.as_bytes();
    let mut from = 0;
    while let Some(i) = markup[from..].find(name) {
        let start = from + i;
        from = start + name.len();
        // An attribute: after whitespace inside a tag, followed by `=`.
        let before = start.checked_sub(1).map(|b| bytes[b]);
        if !before.is_some_and(|b| b.is_ascii_whitespace()) {
            continue;
        }
        let after = markup[from..].trim_start();
        let Some(after) = after.strip_prefix('=') else {
            continue;
        };
        let after = after.trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let value = &after[1..];
        let end = value.find(quote).unwrap_or(value.len());
        values.push(decode_entities(&value[..end]));
    }
    values
}

/// The values of attribute `attribute` of every `<tag ...>` in `markup`.
fn attributes(markup: &str, tag: &str, attribute: &str) -> Vec<String> {
    let open = format!("<{tag}");
    let mut out = Vec::new();
    let mut rest = markup;
    while let Some(i) = rest.find(&open) {
        rest = &rest[i + open.len()..];
        let end = rest.find('>').unwrap_or(rest.len());
        out.extend(all_values(&format!(" {}", &rest[..end]), attribute));
    }
    out
}

fn decode_entities(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn percent_decoded(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(hex) = std::str::from_utf8(&bytes[i + 1..i + 3])
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

// Pins that the checker can fail: each kind of broken link in a hand-made site is reported,
// and the good links are not.
#[test]
fn the_link_checker_finds_each_kind_of_broken_link() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("a")).unwrap();
    std::fs::write(
        site.join("a/index.html"),
        "<p id=\"here\"><a href=\"../b.html\">b</a> <a href=\"#here\">ok</a> <a href=\"#gone\">x</a>\
         <a href=\"../missing.html\">x</a> <a href='/a/index.html'>x</a> <a href=\"../a/\">x</a>\
         <img src=\"pic.png\" srcset=\"pic.png 1x, nope.png 2x\"> <a href=\"https://example.org/\">e</a>\
         <a href=\"../b.html#top\">ok</a> <a href=\"../b.html#nowhere\">x</a> <a href=\"../b%20c.html\">ok</a>\
         <script>var s = '<a href=\"nothing.html\">';</script><!-- <a href=\"nor.html\"> --></p>",
    )
    .unwrap();
    std::fs::write(site.join("a/pic.png"), "png").unwrap();
    std::fs::write(site.join("b.html"), "<h1 id=\"top\">B</h1>").unwrap();
    std::fs::write(site.join("b c.html"), "").unwrap();
    let report = check_links(&site);
    let broken: Vec<&str> = report
        .broken
        .iter()
        .map(|b| b.split(' ').nth(1).unwrap())
        .collect();
    assert_eq!(
        broken,
        [
            "#gone",
            "../a/",
            "../b.html#nowhere",
            "../missing.html",
            "/a/index.html",
            "nope.png"
        ],
        "{report:?}"
    );
    assert_eq!(report.checked, 12, "{report:?}");
}
