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

use std::collections::{BTreeMap, HashMap, HashSet};

pub(crate) use page::PageKind;

use crate::content::Library;
use crate::content::library::page_url_dir;
use crate::content::taxonomy::Taxonomy;
use crate::diagnostic::Diagnostic;
use claims::Claims;

/// The search index of a language, relative to its root (src/search.rs): a small table of
/// contents naming the shards below, each loaded by the browser only when a query needs it.
pub const SEARCH_INDEX: &str = "search/search-index.js";
/// The index's term shards, `search/shards/t<n>.js`: every term in one range of the sorted
/// terms, with its postings.
pub const SEARCH_SHARDS: &str = "search/shards/";
/// What results show, `search/docs/d<n>.js`: [`SEARCH_CHUNK`] documents a file, in order.
pub const SEARCH_DOCS: &str = "search/docs/";
/// Each document's kind, themes, place and level, for the search page's filters.
pub(crate) const SEARCH_FACETS: &str = "search/facets.js";
/// Documents per file of [`SEARCH_DOCS`]: a page of twenty results loads at most twenty files
/// of about 8 KB.
pub(crate) const SEARCH_CHUNK: usize = 20;
/// Searchable documents per term shard: at about 2 KB of postings a document, shards of
/// about 50 KB, so a query of two words loads a few of them.
const DOCS_PER_SHARD: usize = 25;
/// The open data files of a language, relative to its root (src/data.rs).
pub(crate) const DATA_FILES: [&str; 5] = [
    "data/case-studies.json",
    "data/case-studies.csv",
    "data/principles.json",
    "data/forms.json",
    "data/schema.json",
];
/// The compact data the library page's filters load (src/listing_data.rs): an index of the
/// filter groups' terms, then, per chunk of case studies, their terms and their cards' values.
pub(crate) const LIBRARY_DATA_INDEX: &str = "case-studies/cards/index.js";
/// Case studies per file of terms (every one is loaded once a filter is chosen).
pub(crate) const TERMS_CHUNK: usize = 1000;
/// Case studies per file of card values (loaded only for the cards shown).
pub(crate) const CARDS_CHUNK: usize = 50;

/// The site's own files at its root (src/render/feeds.rs).
pub(crate) const SITEMAP: &str = "sitemap.xml";
pub(crate) const FEED: &str = "atom.xml";
pub(crate) const ROBOTS: &str = "robots.txt";
/// The installed app and offline reading (src/offline.rs).
pub(crate) const MANIFEST: &str = "manifest.webmanifest";
pub(crate) const ICON_SVG: &str = "static/icons/icon.svg";
pub(crate) const TOUCH_ICON: &str = "static/icons/apple-touch-icon.png";
pub(crate) const PNG_ICONS: [(&str, u32); 3] = [
    ("static/icons/icon-192.png", 192),
    ("static/icons/icon-512.png", 512),
    (TOUCH_ICON, 180),
];
pub(crate) const SERVICE_WORKER: &str = "sw.js";
/// Every file a reader can save offline, for the "Save the whole library" button (src/offline.rs).
pub(crate) const OFFLINE_LIST: &str = "sw-files.json";
/// The web editor for contributors, when site.toml has `[editor]` (src/editor/): the whole
/// folder is reserved for it.
pub(crate) const EDITOR: &str = "admin/";

/// One page of the site.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub(crate) kind: PageKind,
    /// Its path inside its language, e.g. `case-studies/x/index.html`: also its URL relative
    /// to the language's root.
    pub(crate) url: String,
    /// The one language it is published in (a case study written only in that language);
    /// `None`: every language.
    pub(crate) only_in: Option<String>,
}

impl Page {
    /// Whether the page is published in language `code`.
    pub(crate) fn in_language(&self, code: &str) -> bool {
        self.only_in.as_deref().is_none_or(|only| only == code)
    }

    pub(crate) fn template(&self) -> &'static str {
        self.kind.template()
    }
}

/// An old address of a page (`aliases:` in its front matter), published as a small page that
/// sends readers on to the page (src/render/redirect.rs).
#[derive(Debug, Clone)]
pub(crate) struct Redirect {
    /// The page it sends readers to, by its index in [`Site::pages`].
    pub(crate) target: usize,
    /// The title of that page, for the visible link.
    pub(crate) title: String,
    /// The file whose `aliases` list the old address.
    pub(crate) source: std::path::PathBuf,
}

/// The four sections of the navigation, each the address of its first page (relative to the
/// language's root) when the library has something in it, `None` when it has nothing: header,
/// footer, home page and "page not found" page link only to sections that exist.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Sections {
    /// The case-study library, when there is a case study.
    pub(crate) case_studies: Option<String>,
    /// The toolkit's introduction (`toolkit/_index.md`), else its first section.
    pub(crate) toolkit: Option<String>,
    /// The list of principle sets, when there is one.
    pub(crate) principles: Option<String>,
    /// The list of forms, when there is one.
    pub(crate) forms: Option<String>,
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
    /// The old addresses of pages, each a page of kind [`PageKind::Redirect`].
    redirects: Vec<Redirect>,
    /// Which sections of the navigation exist, and where each starts.
    sections: Sections,
    /// Every file the build writes in the default language, pages included: what a relative
    /// link may name.
    files: HashSet<String>,
    /// The files of each language's search index.
    search: SearchFiles,
    /// The files of the library's filter data, relative to a language's root: the index,
    /// then the terms files, then the cards files (see [`LIBRARY_DATA_INDEX`]).
    library_data: Vec<String>,
}

/// How many files a language's search index is made of (src/search.rs writes them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchFiles {
    /// Searchable documents: case studies, toolkit sections, principle sets, principles, forms.
    pub(crate) documents: usize,
    /// Term shards, `search/shards/t0.js` ...
    pub(crate) shards: usize,
    /// Result files, `search/docs/d0.js` ...
    pub(crate) chunks: usize,
}

impl SearchFiles {
    /// The layout for a library of `documents` searchable documents.
    pub fn for_documents(documents: usize) -> SearchFiles {
        SearchFiles {
            documents,
            shards: documents.div_ceil(DOCS_PER_SHARD).max(1),
            chunks: documents.div_ceil(SEARCH_CHUNK),
        }
    }

    /// Term shard `n`'s path, relative to its language's root.
    pub(crate) fn shard(n: usize) -> String {
        format!("{SEARCH_SHARDS}t{n}.js")
    }

    /// Result file `n`'s path, relative to its language's root.
    pub(crate) fn chunk(n: usize) -> String {
        format!("{SEARCH_DOCS}d{n}.js")
    }

    /// Every file of the index, the table of contents first, relative to a language's root.
    pub fn paths(&self) -> Vec<String> {
        let mut paths = vec![SEARCH_INDEX.to_string(), SEARCH_FACETS.to_string()];
        paths.extend((0..self.shards).map(SearchFiles::shard));
        paths.extend((0..self.chunks).map(SearchFiles::chunk));
        paths
    }
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
    redirects: Vec<usize>,
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
        site.search = SearchFiles::for_documents(search_documents(library));
        let mut claims = Claims::new(library);
        site.plan_pages(library, &mut claims);
        let mut alias_problems = site.plan_redirects(library, &mut claims);
        site.plan_content_urls(library);
        site.plan_sections(library);
        site.library_data = library_data_files(library.case_studies.len());
        claims.files(library, &site.search, theme_assets);
        for path in &site.library_data {
            claims.cairn_file(path, "filter data of the case-study library");
        }
        site.files = claims.published().map(String::from).collect();
        let mut problems = claims.into_problems(&site);
        problems.append(&mut alias_problems);
        problems.extend(claims::nameless_terms(library));
        match problems.is_empty() {
            true => Ok(site),
            false => Err(problems),
        }
    }

    /// Every page, in the order they are rendered.
    pub(crate) fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// Redirect `i` (a page of kind [`PageKind::Redirect`]).
    pub(crate) fn redirect(&self, i: usize) -> &Redirect {
        &self.redirects[i]
    }

    /// The page showing `kind`, if the site has one.
    pub(crate) fn page(&self, kind: &PageKind) -> Option<&Page> {
        self.page_index(kind).map(|i| &self.pages[i])
    }

    /// Where the page showing `kind` is in [`Site::pages`].
    fn page_index(&self, kind: &PageKind) -> Option<usize> {
        let i = match kind {
            PageKind::CaseStudy(i) => self.index.case_studies.get(*i),
            PageKind::ToolkitSection(i) => self.index.toolkit.get(*i),
            PageKind::PrincipleSet(i) => self.index.principle_sets.get(*i),
            PageKind::Principle(i, j) => self.index.principles.get(*i).and_then(|p| p.get(*j)),
            PageKind::Form(i) => self.index.forms.get(*i),
            PageKind::FormCollate(i) => self.index.collates.get(*i),
            PageKind::Term(t, slug) => self.index.terms.get(t).and_then(|m| m.get(slug)),
            PageKind::Redirect(i) => self.index.redirects.get(*i),
            other => self.index.by_kind.get(other),
        };
        i.copied()
    }

    /// The URL of the page showing `kind`, relative to its language's root; `""` when the site
    /// has no such page (never for the pages every site has).
    pub(crate) fn url(&self, kind: &PageKind) -> &str {
        self.page(kind).map_or("", |p| p.url.as_str())
    }

    /// How many pages the paged listing whose first page is `first` (`Library` or a `Term`)
    /// has: 1 for one that fits on a page, 0 for a page that is not a listing.
    pub(crate) fn listing_len(&self, first: &PageKind) -> usize {
        self.index.listing_lengths.get(first).copied().unwrap_or(0)
    }

    /// The URL of page `n` (1, 2 ...) of the paged listing whose first page is `first`; `""`
    /// when it has no such page.
    pub(crate) fn listing_url(&self, first: &PageKind, n: usize) -> &str {
        match (first, n) {
            (_, 1) => self.url(first),
            (PageKind::Library, n) => self.url(&PageKind::LibraryPage(n)),
            (PageKind::Term(t, slug), n) => self.url(&PageKind::TermPage(*t, slug.clone(), n)),
            _ => "",
        }
    }

    /// Every page of the paged listing whose first page is `first`, in order.
    pub(crate) fn listing_urls(&self, first: &PageKind) -> impl Iterator<Item = &str> {
        (1..=self.listing_len(first)).map(move |n| self.listing_url(first, n))
    }

    /// The files of the library's filter data, relative to a language's root.
    pub(crate) fn library_data(&self) -> &[String] {
        &self.library_data
    }

    /// Case study `i`'s page.
    pub(crate) fn case_study(&self, i: usize) -> &str {
        &self.pages[self.index.case_studies[i]].url
    }

    /// The page of `taxonomy`'s term whose slug is `slug`.
    pub(crate) fn term(&self, taxonomy: Taxonomy, slug: &str) -> &str {
        self.index
            .terms
            .get(&taxonomy)
            .and_then(|m| m.get(slug))
            .map_or("", |&i| self.pages[i].url.as_str())
    }

    /// Principle set `i`'s page.
    pub(crate) fn principle_set(&self, i: usize) -> &str {
        &self.pages[self.index.principle_sets[i]].url
    }

    /// Principle `j` of set `i`.
    pub(crate) fn principle(&self, i: usize, j: usize) -> &str {
        &self.pages[self.index.principles[i][j]].url
    }

    /// Form `i`'s page.
    pub(crate) fn form(&self, i: usize) -> &str {
        &self.pages[self.index.forms[i]].url
    }

    /// Toolkit section `i`'s page.
    pub(crate) fn toolkit_section(&self, i: usize) -> &str {
        &self.pages[self.index.toolkit[i]].url
    }

    /// Every language's code and root (`""` for the default, `cy/` ...), the default first.
    pub(crate) fn languages(&self) -> &[(String, String)] {
        &self.prefixes
    }

    /// The root of language `code`'s pages: `""` for the default language, `cy/` for Welsh.
    pub(crate) fn prefix(&self, code: &str) -> &str {
        self.prefixes
            .iter()
            .find(|(c, _)| c == code)
            .map_or("", |(_, p)| p.as_str())
    }

    /// Which sections of the navigation exist, and the address of each.
    pub(crate) fn sections(&self) -> &Sections {
        &self.sections
    }

    /// Every file the build writes in the default language, pages included.
    pub(crate) fn files(&self) -> &HashSet<String> {
        &self.files
    }

    /// The content path each `@/` link of the default language may name -> its URL.
    pub(crate) fn content_urls(&self) -> &HashMap<String, String> {
        &self.content_urls
    }

    /// As [`Site::content_urls`], for pages in language `code`: translation files too.
    pub(crate) fn content_urls_in(&self, code: &str) -> HashMap<String, String> {
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
            PageKind::Redirect(_) => self.index.redirects.push(i),
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
        self.pages.push(Page {
            kind,
            url,
            only_in: None,
        });
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
            let at = self.add(PageKind::CaseStudy(i), url, claims);
            self.pages[at].only_in = cs.only_in.clone();
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
        for t in Taxonomy::all(&lib.config) {
            let segment = t.segment(&lib.config);
            self.add(PageKind::Taxonomy(t), folder_url(&[&segment]), claims);
            // Every term in use, in any language: a term only case studies written in one
            // other language carry has its page in that language alone.
            let mut terms: BTreeMap<String, Option<String>> = BTreeMap::new();
            if let Some(index) = lib.taxonomies.get(&t) {
                terms.extend(index.terms.keys().map(|slug| (slug.clone(), None)));
            }
            for cs in &lib.case_studies {
                let Some(code) = &cs.only_in else { continue };
                for term in cs.terms(t) {
                    let only = terms
                        .entry(crate::text::slugify(&term))
                        .or_insert_with(|| Some(code.clone()));
                    if only.as_ref().is_some_and(|c| c != code) {
                        *only = None;
                    }
                }
            }
            for (slug, only_in) in terms {
                let url = folder_url(&[&segment, &slug]);
                let count = lib
                    .taxonomies
                    .get(&t)
                    .and_then(|index| index.terms.get(&slug))
                    .map_or(0, |term| term.case_studies.len());
                let first = PageKind::Term(t, slug);
                let at = self.add(first.clone(), url, claims);
                self.pages[at].only_in = only_in;
                self.plan_listing(first, count.div_ceil(size).max(1), claims);
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

    /// A page of kind [`PageKind::Redirect`] for each old address (`aliases:`) of a page, after
    /// every other page is planned. An old address that is not a path this site could answer
    /// at, or that is already a page's address, is an error at its line; one that takes the
    /// address of a file is a clash, found with the others.
    fn plan_redirects(&mut self, lib: &Library, claims: &mut Claims) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let page_urls: HashMap<String, usize> = self
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.url.clone(), i))
            .collect();
        for (target, written, source) in aliases(lib, self) {
            let problem = |message: String, help: &str| {
                Diagnostic::error_at(&source.path, written.line, written.column, message)
                    .with_rule("alias")
                    .with_span(written.value.chars().count())
                    .with_help(help)
                    .with_source(&source.text)
            };
            let url = match redirect_url(&written.value) {
                Ok(url) => url,
                Err(help) => {
                    let message =
                        format!("`{}` cannot be an old address of this page", written.value);
                    problems.push(problem(message, help));
                    continue;
                }
            };
            if let Some(&taken) = page_urls.get(&url) {
                let message = match taken == target {
                    true => format!("`{}` is this page's own address", written.value),
                    false => format!(
                        "`{}` is the address of another page of the site: `{}`",
                        written.value,
                        crate::url::pretty(&url)
                    ),
                };
                problems.push(problem(
                    message,
                    "remove it from `aliases`: an old address must be one the site no longer has",
                ));
                continue;
            }
            let twice = self
                .redirects
                .iter()
                .zip(&self.index.redirects)
                .any(|(r, &at)| {
                    r.source == source.path && r.target == target && self.pages[at].url == url
                });
            if twice {
                continue; // written twice in one file: one page is enough
            }
            let title = page_title(lib, &self.pages[target].kind);
            let i = self.redirects.len();
            self.redirects.push(Redirect {
                target,
                title,
                source: source.path.clone(),
            });
            claims.redirect(&url, &source.path);
            self.index.redirects.push(self.pages.len());
            let only_in = self.pages[target].only_in.clone();
            self.pages.push(Page {
                kind: PageKind::Redirect(i),
                url,
                only_in,
            });
        }
        problems
    }

    /// The sections with something in them: read by every page's navigation.
    fn plan_sections(&mut self, lib: &Library) {
        let url = |site: &Site, kind: PageKind, any: bool| {
            any.then(|| site.url(&kind).to_string())
                .filter(|u| !u.is_empty())
        };
        self.sections = Sections {
            case_studies: url(self, PageKind::Library, !lib.case_studies.is_empty()),
            // The introduction comes first in reading order, when there is one.
            toolkit: url(
                self,
                PageKind::ToolkitSection(0),
                !lib.toolkit.sections.is_empty(),
            ),
            principles: url(self, PageKind::Principles, !lib.principle_sets.is_empty()),
            forms: url(self, PageKind::Forms, !lib.forms.is_empty()),
        };
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
            match &cs.only_in {
                None => {
                    urls.insert(cs.source.content_path(), self.case_study(i).into());
                }
                // Written only in one language: linked from that language's pages alone, as
                // `@/case-studies/x.cy.md` or `@/case-studies/x.md`.
                Some(code) => {
                    let url = self.case_study(i).to_string();
                    let path = cs.source.content_path();
                    let own = self.translation_urls.entry(code.clone()).or_default();
                    if let Some(base) = path.strip_suffix(&format!(".{code}.md")) {
                        own.insert(format!("{base}.md"), url.clone());
                    }
                    own.insert(path, url);
                }
            }
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

/// Every `aliases:` entry of the library: the index of the page it leads to, the entry, and
/// the file it is written in.
fn aliases<'a>(
    lib: &'a Library,
    site: &Site,
) -> Vec<(
    usize,
    &'a crate::content::front_matter::Located<String>,
    &'a crate::content::Source,
)> {
    let mut found = Vec::new();
    let mut add = |kind: PageKind,
                   list: &'a [crate::content::front_matter::Located<String>],
                   source: &'a crate::content::Source| {
        if let Some(&i) = site.page_index(&kind).as_ref() {
            found.extend(list.iter().map(|a| (i, a, source)));
        }
    };
    if let Some(home) = &lib.home {
        add(PageKind::Home, &home.meta.aliases, &home.source);
    }
    for (folder, intro) in &lib.intros {
        let kind = match folder.as_str() {
            "case-studies" => PageKind::Library,
            "principles" => PageKind::Principles,
            "forms" => PageKind::Forms,
            "toolkit" => continue, // the toolkit's `_index.md` is a section, below
            _ => PageKind::Intro(folder.clone()),
        };
        add(kind, &intro.meta.aliases, &intro.source);
    }
    for (i, cs) in lib.case_studies.iter().enumerate() {
        add(PageKind::CaseStudy(i), &cs.meta.aliases, &cs.source);
    }
    for (i, s) in lib.toolkit.sections.iter().enumerate() {
        add(PageKind::ToolkitSection(i), &s.meta.aliases, &s.source);
    }
    for (i, s) in lib.principle_sets.iter().enumerate() {
        add(PageKind::PrincipleSet(i), &s.meta.aliases, &s.source);
    }
    for (i, f) in lib.forms.iter().enumerate() {
        add(PageKind::Form(i), &f.meta.aliases, &f.source);
    }
    for (i, p) in lib.pages.iter().enumerate() {
        add(PageKind::Page(i), &p.meta.aliases, &p.source);
    }
    if let Some(g) = &lib.glossary {
        add(PageKind::Glossary, &g.meta.aliases, &g.source);
    }
    found
}

/// The title of the page a redirect leads to.
fn page_title(lib: &Library, kind: &PageKind) -> String {
    match kind {
        PageKind::Home => lib
            .home
            .as_ref()
            .map_or_else(|| lib.config.title.clone(), |p| p.meta.title.clone()),
        PageKind::Library => lib
            .intros
            .get("case-studies")
            .map_or_else(|| "Case studies".into(), |p| p.meta.title.clone()),
        PageKind::Principles => lib
            .intros
            .get("principles")
            .map_or_else(|| "Principles".into(), |p| p.meta.title.clone()),
        PageKind::Forms => lib
            .intros
            .get("forms")
            .map_or_else(|| "Forms".into(), |p| p.meta.title.clone()),
        PageKind::Intro(folder) => lib.intros[folder].meta.title.clone(),
        PageKind::CaseStudy(i) => lib.case_studies[*i].meta.title.clone(),
        PageKind::ToolkitSection(i) => lib.toolkit.sections[*i].meta.title.clone(),
        PageKind::PrincipleSet(i) => lib.principle_sets[*i].meta.title.clone(),
        PageKind::Form(i) => lib.forms[*i].meta.title.clone(),
        PageKind::Page(i) => lib.pages[*i].meta.title.clone(),
        PageKind::Glossary => lib
            .glossary
            .as_ref()
            .map_or_else(String::new, |g| g.meta.title.clone()),
        _ => String::new(),
    }
}

/// The output path of an old address as written in `aliases:` (`/projects/garden.html`,
/// `old/garden/`), or, when a static site cannot answer at it, the fix.
pub(crate) fn redirect_url(written: &str) -> Result<String, &'static str> {
    let path = written.trim();
    if path.contains("://") || path.starts_with("//") || path.contains(':') {
        return Err(
            "write the old address as a path from the site's root, without the site's name: `/projects/garden.html`, not `https://example.org/projects/garden.html`",
        );
    }
    if path.contains(['?', '#']) {
        return Err(
            "a static site cannot tell addresses apart by what follows `?` or `#`: write only the path, such as `/projects/garden.html`",
        );
    }
    if path.contains('%') || path.contains('\\') || path.chars().any(char::is_control) {
        return Err(
            "write the path as plain text, with `/` between folders and without `%` escapes (a space as a space)",
        );
    }
    let path = path.trim_start_matches('/');
    let segments: Vec<&str> = path.split('/').collect();
    if path.is_empty()
        || segments.iter().any(|s| matches!(*s, "." | ".."))
        || segments[..segments.len() - 1].iter().any(|s| s.is_empty())
    {
        return Err(
            "write a path inside the site, such as `/projects/garden.html` or `/old/garden/`, with no empty, `.` or `..` parts",
        );
    }
    let last = segments[segments.len() - 1];
    if last.is_empty() {
        return Ok(format!("{path}index.html"));
    }
    match last.rsplit_once('.') {
        None => Ok(format!("{path}/index.html")),
        Some((_, ext)) if ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm") => {
            Ok(path.to_string())
        }
        Some(_) => Err(
            "a static site can answer only at a folder (`/old/garden/`) or an `.html` page; for another kind of address (`.php`, `.aspx`), ask the web host to redirect it",
        ),
    }
}

/// How many documents the search index holds: one per case study, toolkit section, principle
/// set, principle and form, plain page, folder introduction with a page of its own, and the
/// glossary (src/search.rs, `documents`).
fn search_documents(lib: &Library) -> usize {
    lib.case_studies.len()
        + lib.toolkit.sections.len()
        + lib
            .principle_sets
            .iter()
            .map(|s| 1 + s.meta.principles.len())
            .sum::<usize>()
        + lib.forms.len()
        + lib.pages.len()
        + lib
            .intros
            .keys()
            .filter(|f| !LISTING_FOLDERS.contains(&f.as_str()))
            .count()
        + usize::from(lib.glossary.is_some())
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
