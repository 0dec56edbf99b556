//! What reading the site costs, for the build summary: the heaviest page (its HTML alone and
//! with the styles and scripts it loads), the largest listing page, the search index's files
//! and the first visit's offline copy, each against its budget in site.toml (`[budgets]`).
//! A budget passed is a line of the summary, not an error: the site is still built.
//!
//! The build's files pass through a [`Meter`] on their way to the sink, which keeps each
//! file's size and, for a page, the stylesheets and scripts it names.

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, Mutex};

use memchr::memmem;

use crate::config::BudgetsConfig;
use crate::diagnostic::Diagnostic;
use crate::output::Sink;
use crate::site::Site;

/// One file the build wrote: its size and, for a page, the files of its `<link
/// rel="stylesheet">` and `<script src>`, as paths from the site's root.
struct Metered {
    path: String,
    len: usize,
    assets: Vec<String>,
}

/// A sink that passes every file on and keeps its size (see the module's comment).
pub(crate) struct Meter<'a> {
    inner: &'a dyn Sink,
    files: Mutex<Vec<Metered>>,
}

impl<'a> Meter<'a> {
    pub(crate) fn new(inner: &'a dyn Sink) -> Meter<'a> {
        Meter {
            inner,
            files: Mutex::new(Vec::new()),
        }
    }

    /// The weights of what went through, against `budgets`; `offline_bytes` is what the
    /// service worker saves on a first visit.
    pub(crate) fn weights(
        &self,
        site: &Site,
        budgets: &BudgetsConfig,
        offline_bytes: usize,
    ) -> Weights {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let sizes: HashMap<&str, usize> = files.iter().map(|f| (f.path.as_str(), f.len)).collect();
        let listings: HashSet<String> = site
            .pages()
            .iter()
            .filter(|p| p.kind.listing().is_some())
            .flat_map(|p| {
                site.languages()
                    .iter()
                    .map(move |(_, prefix)| format!("{prefix}{}", p.url))
            })
            .collect();
        let mut weights = Weights::default();
        for f in files.iter().filter(|f| f.path.ends_with(".html")) {
            let assets: usize = f
                .assets
                .iter()
                .collect::<HashSet<_>>()
                .into_iter()
                .filter_map(|a| sizes.get(a.as_str()))
                .sum();
            let page = PageWeight {
                path: f.path.clone(),
                html: f.len,
                with_assets: f.len + assets,
            };
            if weights.heaviest.as_ref().is_none_or(|h| page.html > h.html) {
                weights.heaviest = Some(page.clone());
            }
            let with = &weights.heaviest_with_assets;
            if with
                .as_ref()
                .is_none_or(|h| page.with_assets > h.with_assets)
            {
                weights.heaviest_with_assets = Some(page.clone());
            }
            let listing = &weights.largest_listing;
            if listings.contains(&f.path) && listing.as_ref().is_none_or(|h| page.html > h.html) {
                weights.largest_listing = Some(page);
            }
        }
        // The default language's search index: every file under `search/` but its page.
        let search: Vec<&Metered> = files
            .iter()
            .filter(|f| f.path.starts_with("search/") && !f.path.ends_with(".html"))
            .collect();
        if !search.is_empty() {
            let largest = search
                .iter()
                .max_by_key(|f| f.len)
                .map_or((String::new(), 0), |f| (f.path.clone(), f.len));
            weights.search = Some(SearchWeight {
                files: search.len(),
                bytes: search.iter().map(|f| f.len).sum(),
                largest,
            });
        }
        weights.offline_bytes = offline_bytes;
        weights.passed = weights.passed_budgets(budgets);
        weights
    }
}

impl Sink for Meter<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.inner.put(path, bytes)?;
        let assets = match path.ends_with(".html") {
            true => page_assets(path, bytes),
            false => Vec::new(),
        };
        let record = Metered {
            path: path.to_string(),
            len: bytes.len(),
            assets,
        };
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(record);
        Ok(())
    }
}

/// A page's weight, in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageWeight {
    pub path: String,
    pub html: usize,
    /// With the stylesheets and scripts it loads, each once.
    pub with_assets: usize,
}

/// The search index's files (under `search/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchWeight {
    pub files: usize,
    pub bytes: usize,
    /// Its largest file and its size.
    pub largest: (String, usize),
}

/// What the build summary prints about weights.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Weights {
    /// The heaviest page by its HTML, and by its HTML with its CSS and JS.
    pub heaviest: Option<PageWeight>,
    pub heaviest_with_assets: Option<PageWeight>,
    /// The heaviest page of the library's or a term's listing.
    pub largest_listing: Option<PageWeight>,
    pub search: Option<SearchWeight>,
    /// What the service worker saves on a reader's first visit.
    pub(crate) offline_bytes: usize,
    /// Each budget passed, as a sentence naming the budget's key in site.toml.
    pub passed: Vec<String>,
}

impl Weights {
    fn passed_budgets(&self, budgets: &BudgetsConfig) -> Vec<String> {
        let kb = |bytes: usize| bytes as f64 / 1000.0;
        let mut passed = Vec::new();
        if let Some(p) = &self.heaviest
            && p.html as u64 > budgets.page_kb * 1000
        {
            passed.push(format!(
                "`{}` is {:.0} KB of HTML, over the budget of {} KB a page ([budgets] page_kb in site.toml)",
                p.path,
                kb(p.html),
                budgets.page_kb
            ));
        }
        if let Some(p) = &self.heaviest_with_assets
            && p.with_assets as u64 > budgets.page_with_assets_kb * 1000
        {
            passed.push(format!(
                "`{}` is {:.0} KB with its styles and scripts, over the budget of {} KB ([budgets] page_with_assets_kb in site.toml)",
                p.path,
                kb(p.with_assets),
                budgets.page_with_assets_kb
            ));
        }
        if let Some(s) = &self.search
            && s.largest.1 as u64 > budgets.search_file_kb * 1000
        {
            passed.push(format!(
                "the search index's `{}` is {:.0} KB, over the budget of {} KB a file ([budgets] search_file_kb in site.toml)",
                s.largest.0,
                kb(s.largest.1),
                budgets.search_file_kb
            ));
        }
        if self.offline_bytes as u64 > budgets.offline_mb * 1_000_000 {
            passed.push(format!(
                "a reader's first visit saves {:.1} MB for offline reading, over the budget of {} MB ([budgets] offline_mb in site.toml; `offline = \"pages\"` saves less)",
                self.offline_bytes as f64 / 1e6,
                budgets.offline_mb
            ));
        }
        passed
    }
}

/// The stylesheets and scripts page `path` names, as paths from the site's root.
fn page_assets(path: &str, bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    // Every page of the site passes here: the tags are found with memchr's SIMD search, on
    // the bytes, so no page is read twice.
    for (finder, attribute, link) in [(&*LINK, "href=\"", true), (&*SCRIPT, "src=\"", false)] {
        for at in finder.find_iter(bytes) {
            let rest = &bytes[at..];
            let tag = &rest[..memchr::memchr(b'>', rest).unwrap_or(rest.len())];
            let Ok(tag) = std::str::from_utf8(tag) else {
                continue;
            };
            if link && !tag.contains("rel=\"stylesheet\"") {
                continue;
            }
            let Some(start) = tag.find(attribute).map(|i| i + attribute.len()) else {
                continue;
            };
            let url = tag[start..].split('"').next().unwrap_or_default();
            if let Some(resolved) = resolve(path, url) {
                out.push(resolved);
            }
        }
    }
    out
}

static LINK: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("<link "));
static SCRIPT: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("<script "));

/// `url`, written on page `page`, as a path from the site's root; `None` for an address
/// elsewhere.
fn resolve(page: &str, url: &str) -> Option<String> {
    if url.contains(':') || url.starts_with('/') || url.is_empty() {
        return None;
    }
    crate::url::resolve(page, url.split(['?', '#']).next().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins that a page's stylesheets and scripts are found and resolved from its folder.
    #[test]
    fn page_assets_are_resolved_from_the_page() {
        let html = br#"<link rel="stylesheet" href="../../static/css/site.css"><link rel="icon" href="../../x.svg"><script src="../../static/js/site.js"></script><script type="application/ld+json">{}</script><script src="https://elsewhere.example/x.js"></script>"#;
        assert_eq!(
            page_assets("case-studies/x/index.html", html),
            ["static/css/site.css", "static/js/site.js"]
        );
        assert_eq!(resolve("index.html", "../x.js"), None);
    }

    // Pins that each budget passed is named with its key in site.toml, and none when within.
    #[test]
    fn budgets_passed_name_their_key() {
        let page = PageWeight {
            path: "case-studies/index.html".into(),
            html: 301_000,
            with_assets: 350_000,
        };
        let weights = Weights {
            heaviest: Some(page.clone()),
            heaviest_with_assets: Some(page),
            offline_bytes: 21_000_000,
            ..Weights::default()
        };
        let passed = weights.passed_budgets(&BudgetsConfig::default());
        assert_eq!(passed.len(), 2, "{passed:?}");
        assert!(passed[0].contains("page_kb") && passed[0].contains("301 KB"));
        assert!(passed[1].contains("offline_mb") && passed[1].contains("21.0 MB"));
        let roomy = BudgetsConfig {
            page_kb: 400,
            offline_mb: 50,
            ..BudgetsConfig::default()
        };
        assert!(weights.passed_budgets(&roomy).is_empty());
    }
}
