//! Library -> Site: the plan of every file the build writes.
//!
//! From a loaded [`Library`] and the theme's files, [`Site::plan`] decides, once, every output
//! file: each page (its kind, path, template and the Markdown it is made from), the search
//! index, the open data, the feeds, the offline files and every copied asset, in every
//! language. Everything after reads addresses from here — page rendering, `@/` links, the
//! sitemap and feed, search and data records, print anchors, the service worker's list and
//! `serve`'s incremental rebuilds — and none works one out itself.
//!
//! Every output path is claimed once. A second claim (a content file at one of Cairn's own
//! addresses, two files whose names make one address, names that differ only in case, a name
//! with no letters or digits) is an error naming both claimants and the fix
//! (src/site/claims.rs).

mod claims;
mod page;

use std::collections::{BTreeMap, HashMap};

pub use page::PageKind;

use crate::content::Library;
use crate::content::library::page_url_dir;
use crate::content::taxonomy::Taxonomy;
use crate::diagnostic::Diagnostic;
use claims::Claims;

/// The search index of a language, relative to its root (src/search.rs).
pub const SEARCH_INDEX: &str = "search/search-index.js";
/// The open data files of a language, relative to its root (src/data.rs).
pub const DATA_FILES: [&str; 5] = [
    "data/case-studies.json",
    "data/case-studies.csv",
    "data/principles.json",
    "data/forms.json",
    "data/schema.json",
];
/// The compact data the library page's filters load (src/listing_data.rs): an index of the
/// filter groups' terms, then, per chunk of case studies, their terms and their cards' values.
pub const LIBRARY_DATA_INDEX: &str = "case-studies/cards/index.js";
/// Case studies per file of terms (every one is loaded once a filter is chosen).
pub const TERMS_CHUNK: usize = 1000;
/// Case studies per file of card values (loaded only for the cards shown).
pub const CARDS_CHUNK: usize = 50;

/// The site's own files at its root (src/render/feeds.rs).
pub const SITEMAP: &str = "sitemap.xml";
pub const FEED: &str = "atom.xml";
pub const ROBOTS: &str = "robots.txt";
/// The installed app and offline reading (src/offline.rs).
pub const MANIFEST: &str = "manifest.webmanifest";
pub const ICON_SVG: &str = "static/icons/icon.svg";
pub const TOUCH_ICON: &str = "static/icons/apple-touch-icon.png";
pub const PNG_ICONS: [(&str, u32); 3] = [
    ("static/icons/icon-192.png", 192),
    ("static/icons/icon-512.png", 512),
    (TOUCH_ICON, 180),
];
pub const SERVICE_WORKER: &str = "sw.js";
/// The web editor for contributors, when site.toml has `[editor]` (src/editor/): the whole
/// folder is reserved for it.
pub const EDITOR: &str = "admin/";

/// One page of the site.
#[derive(Debug, Clone)]
pub struct Page {
    pub kind: PageKind,
    /// Its path inside its language, e.g. `case-studies/x/index.html`: also its URL relative
    /// to the language's root.
    pub url: String,
}

impl Page {
    pub fn template(&self) -> &'static str {
        self.kind.template()
    }
}

/// The plan of the whole site.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Every page of a language, in the order they are rendered. Every language has the same
    /// pages, under its own root.
    pages: Vec<Page>,
    index: Index,
    /// Each language's root: `""` for the default, then `cy/`, `ur/` ... as site.toml lists them.
    prefixes: Vec<(String, String)>,
    /// The content path each `@/` link may name (`case-studies/x.md`, `photo.jpg`) -> its URL
    /// relative to the language's root.
    content_urls: HashMap<String, String>,
    /// Per other language, translation files' content paths (`case-studies/x.cy.md`) -> the
    /// URL of the page they translate.
    translation_urls: HashMap<String, HashMap<String, String>>,
    /// The files of the library's filter data, relative to a language's root: the index,
    /// then the terms files, then the cards files (see [`LIBRARY_DATA_INDEX`]).
    library_data: Vec<String>,
}

/// Where each page is in `Site::pages`, by what it shows.
#[derive(Debug, Clone, Default)]
struct Index {
    by_kind: HashMap<PageKind, usize>,
    case_studies: Vec<usize>,
    toolkit: Vec<usize>,
    principle_sets: Vec<usize>,
    principles: Vec<Vec<usize>>,
    forms: Vec<usize>,
    collates: Vec<usize>,
    terms: BTreeMap<Taxonomy, HashMap<String, usize>>,
    /// Each paged listing's first page -> how many pages it has.
    listing_lengths: HashMap<PageKind, usize>,
}

impl Site {
    /// Plans every file of `library`'s site; `theme_assets` are the theme's files (after the
    /// library's own `themes/` and `templates/`). Every clash of two files at one address is
    /// an error.
    pub fn plan<'a>(
        library: &Library,
        theme_assets: impl Iterator<Item = &'a str>,
    ) -> Result<Site, Vec<Diagnostic>> {
        let mut site = Site {
            prefixes: std::iter::once((library.config.language.clone(), String::new()))
                .chain(
                    crate::config::other_codes(&library.config)
                        .into_iter()
                        .map(|code| {
                            let prefix = format!("{code}/");
                            (code, prefix)
                        }),
                )
                .collect(),
            ..Site::default()
        };
        let mut claims = Claims::new(library);
        site.plan_pages(library, &mut claims);
        site.plan_content_urls(library);
        site.library_data = library_data_files(library.case_studies.len());
        claims.files(library, theme_assets);
        for path in &site.library_data {
            claims.cairn_file(path, "filter data of the case-study library");
        }
        let mut problems = claims.into_problems(&site);
        problems.extend(claims::nameless_terms(library));
        match problems.is_empty() {
            true => Ok(site),
            false => Err(problems),
        }
    }

    /// Every page, in the order they are rendered.
    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// The page showing `kind`, if the site has one.
    pub fn page(&self, kind: &PageKind) -> Option<&Page> {
        let i = match kind {
            PageKind::CaseStudy(i) => self.index.case_studies.get(*i),
            PageKind::ToolkitSection(i) => self.index.toolkit.get(*i),
            PageKind::PrincipleSet(i) => self.index.principle_sets.get(*i),
            PageKind::Principle(i, j) => self.index.principles.get(*i).and_then(|p| p.get(*j)),
            PageKind::Form(i) => self.index.forms.get(*i),
            PageKind::FormCollate(i) => self.index.collates.get(*i),
            PageKind::Term(t, slug) => self.index.terms.get(t).and_then(|m| m.get(slug)),
            other => self.index.by_kind.get(other),
        };
        i.map(|&i| &self.pages[i])
    }

    /// The URL of the page showing `kind`, relative to its language's root; `""` when the site
    /// has no such page (never for the pages every site has).
    pub fn url(&self, kind: &PageKind) -> &str {
        self.page(kind).map_or("", |p| p.url.as_str())
    }

    /// How many pages the paged listing whose first page is `first` (`Library` or a `Term`)
    /// has: 1 for one that fits on a page, 0 for a page that is not a listing.
    pub fn listing_len(&self, first: &PageKind) -> usize {
        self.index.listing_lengths.get(first).copied().unwrap_or(0)
    }

    /// The URL of page `n` (1, 2 ...) of the paged listing whose first page is `first`; `""`
    /// when it has no such page.
    pub fn listing_url(&self, first: &PageKind, n: usize) -> &str {
        match (first, n) {
            (_, 1) => self.url(first),
            (PageKind::Library, n) => self.url(&PageKind::LibraryPage(n)),
            (PageKind::Term(t, slug), n) => self.url(&PageKind::TermPage(*t, slug.clone(), n)),
            _ => "",
        }
    }

    /// Every page of the paged listing whose first page is `first`, in order.
    pub fn listing_urls(&self, first: &PageKind) -> impl Iterator<Item = &str> {
        (1..=self.listing_len(first)).map(move |n| self.listing_url(first, n))
    }

    /// The files of the library's filter data, relative to a language's root.
    pub fn library_data(&self) -> &[String] {
        &self.library_data
    }

    /// Case study `i`'s page.
    pub fn case_study(&self, i: usize) -> &str {
        &self.pages[self.index.case_studies[i]].url
    }

    /// The page of `taxonomy`'s term whose slug is `slug`.
    pub fn term(&self, taxonomy: Taxonomy, slug: &str) -> &str {
        self.index
            .terms
            .get(&taxonomy)
            .and_then(|m| m.get(slug))
            .map_or("", |&i| self.pages[i].url.as_str())
    }

    /// Principle set `i`'s page.
    pub fn principle_set(&self, i: usize) -> &str {
        &self.pages[self.index.principle_sets[i]].url
    }

    /// Principle `j` of set `i`.
    pub fn principle(&self, i: usize, j: usize) -> &str {
        &self.pages[self.index.principles[i][j]].url
    }

    /// Form `i`'s page.
    pub fn form(&self, i: usize) -> &str {
        &self.pages[self.index.forms[i]].url
    }

    /// Toolkit section `i`'s page.
    pub fn toolkit_section(&self, i: usize) -> &str {
        &self.pages[self.index.toolkit[i]].url
    }

    /// Every language's code and root (`""` for the default, `cy/` ...), the default first.
    pub fn languages(&self) -> &[(String, String)] {
        &self.prefixes
    }

    /// The root of language `code`'s pages: `""` for the default language, `cy/` for Welsh.
    pub fn prefix(&self, code: &str) -> &str {
        self.prefixes
            .iter()
            .find(|(c, _)| c == code)
            .map_or("", |(_, p)| p.as_str())
    }

    /// The content path each `@/` link of the default language may name -> its URL.
    pub fn content_urls(&self) -> &HashMap<String, String> {
        &self.content_urls
    }

    /// As [`Site::content_urls`], for pages in language `code`: translation files too.
    pub fn content_urls_in(&self, code: &str) -> HashMap<String, String> {
        let mut urls = self.content_urls.clone();
        if let Some(own) = self.translation_urls.get(code) {
            urls.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        urls
    }

    fn add(&mut self, kind: PageKind, url: String, claims: &mut Claims) -> usize {
        let i = self.pages.len();
        claims.page(&kind, &url);
        match &kind {
            PageKind::CaseStudy(_) => self.index.case_studies.push(i),
            PageKind::ToolkitSection(_) => self.index.toolkit.push(i),
            PageKind::PrincipleSet(_) => self.index.principle_sets.push(i),
            PageKind::Principle(set, _) => {
                if self.index.principles.len() <= *set {
                    self.index.principles.resize(set + 1, Vec::new());
                }
                self.index.principles[*set].push(i);
            }
            PageKind::Form(_) => self.index.forms.push(i),
            PageKind::FormCollate(_) => self.index.collates.push(i),
            PageKind::Term(t, slug) => {
                self.index
                    .terms
                    .entry(*t)
                    .or_default()
                    .insert(slug.clone(), i);
            }
            other => {
                self.index.by_kind.insert(other.clone(), i);
            }
        }
        self.pages.push(Page { kind, url });
        i
    }

    /// Every page, with its address.
    fn plan_pages(&mut self, lib: &Library, claims: &mut Claims) {
        for kind in [
            PageKind::Home,
            PageKind::Library,
            PageKind::Principles,
            PageKind::Forms,
            PageKind::NotFound,
            PageKind::Search,
        ] {
            let url = fixed_url(&kind).to_string();
            self.add(kind, url, claims);
        }
        // A library page at `data/` replaces the data page (docs/data.md).
        if !lib.pages.iter().any(|p| page_url_dir(p) == "data") {
            self.add(PageKind::Data, "data/index.html".into(), claims);
        }
        let size = lib.config.listing.page_size.max(1);
        let library_len = lib.case_studies.len().div_ceil(size).max(1);
        self.plan_listing(PageKind::Library, library_len, claims);
        for (i, cs) in lib.case_studies.iter().enumerate() {
            let url = folder_url(&["case-studies", &cs.slug]);
            self.add(PageKind::CaseStudy(i), url, claims);
        }
        for (i, s) in lib.toolkit.sections.iter().enumerate() {
            let mut parts = vec!["toolkit"];
            parts.extend(s.path.iter().map(String::as_str));
            self.add(PageKind::ToolkitSection(i), folder_url(&parts), claims);
        }
        for (i, set) in lib.principle_sets.iter().enumerate() {
            let url = folder_url(&["principles", &set.id]);
            self.add(PageKind::PrincipleSet(i), url, claims);
            for (j, p) in set.meta.principles.iter().enumerate() {
                let url = folder_url(&["principles", &set.id, &p.id.value]);
                self.add(PageKind::Principle(i, j), url, claims);
            }
        }
        for (i, form) in lib.forms.iter().enumerate() {
            let url = folder_url(&["forms", &form.slug]);
            self.add(PageKind::Form(i), url, claims);
        }
        for (i, form) in lib.forms.iter().enumerate() {
            let url = folder_url(&["forms", &form.slug, "collate"]);
            self.add(PageKind::FormCollate(i), url, claims);
        }
        for t in Taxonomy::ALL {
            self.add(
                PageKind::Taxonomy(t),
                folder_url(&[t.url_segment()]),
                claims,
            );
            if let Some(index) = lib.taxonomies.get(&t) {
                for (slug, term) in &index.terms {
                    let url = folder_url(&[t.url_segment(), slug]);
                    let first = PageKind::Term(t, slug.clone());
                    self.add(first.clone(), url, claims);
                    let len = term.case_studies.len().div_ceil(size).max(1);
                    self.plan_listing(first, len, claims);
                }
            }
        }
        for (i, page) in lib.pages.iter().enumerate() {
            let url = folder_url(&[&page_url_dir(page)]);
            self.add(PageKind::Page(i), url, claims);
        }
        for folder in lib.intros.keys() {
            if !LISTING_FOLDERS.contains(&folder.as_str()) {
                let url = folder_url(&[folder]);
                self.add(PageKind::Intro(folder.clone()), url, claims);
            }
        }
        if lib.glossary.is_some() {
            self.add(PageKind::Glossary, "glossary/index.html".into(), claims);
        }
        self.add(PageKind::Offline, "offline/index.html".into(), claims);
        if !lib.toolkit.sections.is_empty() {
            self.add(
                PageKind::ToolkitPrint,
                "toolkit/print/index.html".into(),
                claims,
            );
        }
        if !lib.principle_sets.is_empty() {
            let url = "principles/print/index.html".into();
            self.add(PageKind::PrinciplesPrint, url, claims);
        }
    }

    /// Pages 2 to `len` of the paged listing whose first page, `first`, is planned:
    /// `case-studies/page/2/index.html`, `themes/x/page/2/index.html` (Hugo's scheme).
    fn plan_listing(&mut self, first: PageKind, len: usize, claims: &mut Claims) {
        let folder = self.url(&first).trim_end_matches("index.html").to_string();
        for n in 2..=len {
            let kind = match &first {
                PageKind::Term(t, slug) => PageKind::TermPage(*t, slug.clone(), n),
                _ => PageKind::LibraryPage(n),
            };
            self.add(kind, format!("{folder}page/{n}/index.html"), claims);
        }
        self.index.listing_lengths.insert(first, len);
    }

    /// The URL of every content file a `@/` link may name.
    fn plan_content_urls(&mut self, lib: &Library) {
        let mut urls = HashMap::new();
        if let Some(home) = &lib.home {
            urls.insert(home.source.content_path(), self.url(&PageKind::Home).into());
        }
        for (folder, page) in &lib.intros {
            // The listing folders' introductions are shown on their listing page.
            urls.insert(page.source.content_path(), folder_url(&[folder]));
        }
        for (i, cs) in lib.case_studies.iter().enumerate() {
            urls.insert(cs.source.content_path(), self.case_study(i).into());
        }
        for (i, s) in lib.toolkit.sections.iter().enumerate() {
            urls.insert(s.source.content_path(), self.toolkit_section(i).into());
        }
        for (i, set) in lib.principle_sets.iter().enumerate() {
            urls.insert(set.source.content_path(), self.principle_set(i).into());
        }
        for (i, form) in lib.forms.iter().enumerate() {
            urls.insert(form.source.content_path(), self.form(i).into());
        }
        for (i, page) in lib.pages.iter().enumerate() {
            let url = self.url(&PageKind::Page(i)).to_string();
            urls.insert(page.source.content_path(), url);
        }
        if let Some(g) = &lib.glossary {
            urls.insert(
                g.source.content_path(),
                self.url(&PageKind::Glossary).into(),
            );
        }
        for asset in lib.assets.iter().filter(|a| !a.is_static()) {
            urls.insert(asset.output_path.clone(), asset.output_path.clone());
        }
        for t in &lib.translations {
            if let Some(url) = urls.get(&t.source_path).cloned() {
                self.translation_urls
                    .entry(t.language.clone())
                    .or_default()
                    .insert(t.source().content_path(), url);
            }
        }
        self.content_urls = urls;
    }
}

/// The folders whose introduction (`_index.md`) is shown on Cairn's own listing page.
const LISTING_FOLDERS: [&str; 4] = ["case-studies", "principles", "forms", "toolkit"];

/// The files of the filter data of a library of `case_studies` (see [`LIBRARY_DATA_INDEX`]).
fn library_data_files(case_studies: usize) -> Vec<String> {
    let folder = LIBRARY_DATA_INDEX.trim_end_matches("index.js");
    let terms = (0..case_studies.div_ceil(TERMS_CHUNK)).map(|k| format!("{folder}terms-{k}.js"));
    let cards = (0..case_studies.div_ceil(CARDS_CHUNK)).map(|k| format!("{folder}cards-{k}.js"));
    std::iter::once(LIBRARY_DATA_INDEX.to_string())
        .chain(terms)
        .chain(cards)
        .collect()
}

/// `a/b/index.html` for the parts `a`, `b`.
fn folder_url(parts: &[&str]) -> String {
    let mut url = String::new();
    for part in parts {
        url.push_str(part);
        url.push('/');
    }
    url.push_str("index.html");
    url
}

/// The addresses of the pages every site has.
fn fixed_url(kind: &PageKind) -> &'static str {
    match kind {
        PageKind::Home => "index.html",
        PageKind::Library => "case-studies/index.html",
        PageKind::Principles => "principles/index.html",
        PageKind::Forms => "forms/index.html",
        PageKind::NotFound => "404.html",
        PageKind::Search => "search/index.html",
        _ => "",
    }
}
