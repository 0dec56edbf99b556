//! Every output path is claimed once: who claims each, and the errors when two do.
//!
//! Reserved, so a content file there is an error naming both files: every address Cairn
//! publishes a page or file at itself — `index.html`, `404.html`, `case-studies/`,
//! `principles/` (and `principles/print/`), `forms/` (and each form's `collate/`),
//! `toolkit/print/`, `themes/`, `places/`, `approaches/`, `engagement-levels/`,
//! `fields-of-practice/`, `glossary/`, `search/` (and its index), `data/`'s files, `offline/`,
//! `sitemap.xml`, `atom.xml`, `robots.txt`, `sw.js`, `manifest.webmanifest`, the theme's files
//! under `static/` — and the folder of each other language (`cy/`). Two files whose names make
//! one address, or addresses that differ only in case, are errors too, as is a name with no
//! letters or digits. Two replacements are allowed and documented: the library's own `static/`
//! replaces the theme's files and the drawn app icons, and a library page at `data/` replaces
//! the "Download the data" page.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::{
    DATA_FILES, EDITOR, FEED, ICON_SVG, MANIFEST, OFFLINE_LIST, PNG_ICONS, PageKind, ROBOTS,
    SEARCH_DOCS, SEARCH_FACETS, SEARCH_INDEX, SEARCH_SHARDS, SERVICE_WORKER, SITEMAP, SearchFiles,
    Site,
};
use crate::content::Library;
use crate::diagnostic::{Diagnostic, display_path};

/// Who wants a file at an output path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Claimant {
    /// A file of the library (a Markdown page or a copied file), by its path in the library.
    Content { file: PathBuf, what: &'static str },
    /// A page or file Cairn makes itself.
    Cairn(&'static str),
    /// A file of the theme.
    Theme(String),
    /// A file of the library's own `static/`, which may replace the theme's.
    Static(PathBuf),
}

impl Claimant {
    fn describe(&self) -> String {
        match self {
            Claimant::Content { file, what } => format!("`{}` ({what})", display_path(file)),
            Claimant::Cairn(what) => format!("Cairn's own {what}"),
            Claimant::Theme(path) => format!("the theme's `{path}`"),
            Claimant::Static(file) => format!("`{}`", display_path(file)),
        }
    }

    fn file(&self) -> Option<&Path> {
        match self {
            Claimant::Content { file, .. } | Claimant::Static(file) => Some(file),
            _ => None,
        }
    }

    /// Whether `self` may take the path from `other` (see the module's comment).
    fn replaces(&self, other: &Claimant) -> bool {
        let replaceable_icon =
            |c: &Claimant| matches!(c, Claimant::Cairn(what) if *what == ICON_WHAT);
        matches!(self, Claimant::Static(_))
            && (matches!(other, Claimant::Theme(_)) || replaceable_icon(other))
    }
}

const ICON_WHAT: &str = "app icon";
const ALIAS_WHAT: &str = "an old address in its `aliases`";
/// What a refused file is called in a clash.
const REFUSED: &str = "a file that cannot be published";

/// The claims made so far, and the problems found.
pub(super) struct Claims<'a> {
    library: &'a Library,
    /// Output path -> the claimant that has it.
    paths: HashMap<String, Claimant>,
    problems: Vec<Diagnostic>,
}

impl<'a> Claims<'a> {
    pub(super) fn new(library: &'a Library) -> Claims<'a> {
        Claims {
            library,
            paths: HashMap::new(),
            problems: Vec::new(),
        }
    }

    /// A page at `url` (in the default language).
    pub(super) fn page(&mut self, kind: &PageKind, url: &str) {
        let claimant = self.page_claimant(kind);
        if let Some(file) = claimant.file()
            && url.split('/').any(str::is_empty)
        {
            // Where a server would look for it: `case-studies//index.html` is
            // `case-studies/index.html`, the case-study library.
            let served: Vec<&str> = url.split('/').filter(|s| !s.is_empty()).collect();
            let served = served.join("/");
            let taken = self.paths.get(&served).map(Claimant::describe);
            self.problems.push(nameless(file, kind, &served, taken));
            return;
        }
        self.claim(url, claimant);
    }

    /// A page sending readers from an old address, written in `file`'s `aliases`.
    pub(super) fn redirect(&mut self, url: &str, file: &Path) {
        let claimant = Claimant::Content {
            file: file.to_path_buf(),
            what: ALIAS_WHAT,
        };
        self.claim(url, claimant);
    }

    /// Every file but the pages: the search index, open data, feeds, offline files, the
    /// theme's files and the library's own.
    pub(super) fn files<'t>(
        &mut self,
        library: &Library,
        search: &SearchFiles,
        theme_assets: impl Iterator<Item = &'t str>,
    ) {
        for path in search.paths() {
            self.claim(&path, Claimant::Cairn("search index"));
        }
        for path in DATA_FILES {
            self.claim(path, Claimant::Cairn("open data"));
        }
        self.claim(SITEMAP, Claimant::Cairn("sitemap"));
        self.claim(FEED, Claimant::Cairn("feed of case studies"));
        self.claim(ROBOTS, Claimant::Cairn("robots.txt"));
        self.claim(MANIFEST, Claimant::Cairn("app manifest"));
        self.claim(SERVICE_WORKER, Claimant::Cairn("service worker"));
        self.claim(
            OFFLINE_LIST,
            Claimant::Cairn("list of files to save offline"),
        );
        self.claim(ICON_SVG, Claimant::Cairn(ICON_WHAT));
        for (path, _) in PNG_ICONS {
            self.claim(path, Claimant::Cairn(ICON_WHAT));
        }
        for path in theme_assets {
            self.claim(path, Claimant::Theme(path.to_string()));
        }
        for asset in &library.assets {
            let claimant = if asset.is_static() {
                Claimant::Static(asset.source.clone())
            } else {
                Claimant::Content {
                    file: asset.source.clone(),
                    what: "a file copied as it is",
                }
            };
            self.claim(&asset.output_path, claimant);
        }
        // Refused for their type, and named if they would also take another file's address.
        for refused in &library.refused_assets {
            let claimant = Claimant::Content {
                file: refused.source.clone(),
                what: REFUSED,
            };
            self.claim(&refused.output_path, claimant);
        }
    }

    /// Every path claimed by a file that is published (refused files claim theirs only to
    /// report clashes).
    pub(super) fn published(&self) -> impl Iterator<Item = &str> {
        self.paths
            .iter()
            .filter(|(_, c)| !matches!(c, Claimant::Content { what, .. } if *what == REFUSED))
            .map(|(path, _)| path.as_str())
    }

    /// A file Cairn makes besides the pages, named by what it is.
    pub(super) fn cairn_file(&mut self, path: &str, what: &'static str) {
        self.claim(path, Claimant::Cairn(what));
    }

    fn claim(&mut self, path: &str, claimant: Claimant) {
        match self.paths.get(path) {
            None => {
                self.paths.insert(path.to_string(), claimant);
            }
            Some(held) if claimant.replaces(held) => {
                self.paths.insert(path.to_string(), claimant);
            }
            Some(held) if held.replaces(&claimant) => {}
            // Two pages of one file (a principle set's duplicate ids): the file's own check
            // reports that, better than a clash of addresses could.
            Some(held) if held.file().is_some() && held.file() == claimant.file() => {}
            Some(held) => {
                let problem = clash(path, held, &claimant);
                self.problems.push(problem);
            }
        }
    }

    /// Every problem: the clashes found while claiming, paths that differ only in case, and
    /// paths inside another language's folder.
    pub(super) fn into_problems(mut self, site: &Site) -> Vec<Diagnostic> {
        let mut by_folded: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for path in self.paths.keys() {
            by_folded.entry(path.to_lowercase()).or_default().push(path);
        }
        let mut problems = std::mem::take(&mut self.problems);
        for same in by_folded.values().filter(|v| v.len() > 1) {
            let mut same = same.clone();
            same.sort();
            let (first, second) = (&self.paths[same[0]], &self.paths[same[1]]);
            problems.push(case_clash(same[0], same[1], first, second));
        }
        // The web editor's folder, when site.toml turns it on (src/editor/).
        if self.library.config.editor.is_some() {
            let mut inside: Vec<(&String, &Claimant)> = self
                .paths
                .iter()
                .filter(|(path, _)| path.starts_with(EDITOR))
                .collect();
            inside.sort_by(|a, b| a.0.cmp(b.0));
            for (path, claimant) in inside {
                problems.push(in_editor_folder(path, claimant));
            }
        }
        for (code, prefix) in site.languages().iter().skip(1) {
            let mut inside: Vec<(&String, &Claimant)> = self
                .paths
                .iter()
                .filter(|(path, _)| path.starts_with(prefix.as_str()))
                .collect();
            inside.sort_by(|a, b| a.0.cmp(b.0));
            for (path, claimant) in inside {
                problems.push(in_language_folder(path, claimant, code));
            }
        }
        problems.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
        problems.dedup();
        problems
    }

    /// Who asks for a page of `kind`: the Markdown file it is made from, or Cairn.
    fn page_claimant(&self, kind: &PageKind) -> Claimant {
        let lib = self.library;
        let content = |file: &Path, what: &'static str| Claimant::Content {
            file: file.to_path_buf(),
            what,
        };
        match kind {
            PageKind::CaseStudy(i) => content(&lib.case_studies[*i].source.path, "a case study"),
            PageKind::ToolkitSection(i) => {
                content(&lib.toolkit.sections[*i].source.path, "a toolkit section")
            }
            PageKind::PrincipleSet(i) => {
                content(&lib.principle_sets[*i].source.path, "a principle set")
            }
            PageKind::Principle(i, _) => content(
                &lib.principle_sets[*i].source.path,
                "a principle of the set",
            ),
            PageKind::Form(i) => content(&lib.forms[*i].source.path, "a form"),
            PageKind::FormCollate(i) => {
                content(&lib.forms[*i].source.path, "the collate page of a form")
            }
            PageKind::Page(i) => content(&lib.pages[*i].source.path, "a page"),
            PageKind::Intro(folder) => match lib.intros.get(folder) {
                Some(p) => content(&p.source.path, "a folder's introduction"),
                None => Claimant::Cairn(kind.describe()),
            },
            other => Claimant::Cairn(other.describe()),
        }
    }
}

/// Two claimants of one path.
fn clash(path: &str, held: &Claimant, claimant: &Claimant) -> Diagnostic {
    // The message goes to a file the library controls; the fix is to rename or move it.
    let (file, other) = match (claimant.file(), held.file()) {
        (Some(file), _) => (file.to_path_buf(), held),
        (None, Some(file)) => (file.to_path_buf(), claimant),
        (None, None) => (PathBuf::from("content"), held),
    };
    let address = pretty(path);
    let both_content = claimant.file().is_some() && held.file().is_some();
    let alias = |c: &Claimant| matches!(c, Claimant::Content { what, .. } if *what == ALIAS_WHAT);
    let help = if alias(claimant) || alias(held) {
        "an old address in `aliases` must be an address nothing else of the site has: remove it, or move the other file".to_string()
    } else if both_content {
        "rename one of the two files; names that differ only in case, spaces or accents make the same address".to_string()
    } else if matches!(other, Claimant::Theme(_)) || is_site_file(path) {
        "files under content/ cannot replace the site's own files: rename or move this one (site-wide files go in the library's static/ folder, which only maintainers change)".to_string()
    } else {
        match other {
            Claimant::Cairn(what) => format!(
                "rename the file or move it into another folder: Cairn publishes its {what} at `{address}`"
            ),
            c => format!(
                "rename the file or move it into another folder: {} is published at `{address}`",
                c.describe()
            ),
        }
    };
    Diagnostic::file_error(
        &file,
        format!(
            "this would be published at `{address}`, the same address as {}",
            other.describe()
        ),
    )
    .with_help(help)
}

/// Two paths that differ only in case: one file on Windows, macOS and most USB sticks.
fn case_clash(a: &str, b: &str, first: &Claimant, second: &Claimant) -> Diagnostic {
    let (file, other, own) = match (second.file(), first.file()) {
        (Some(file), _) => (file.to_path_buf(), first, b),
        (None, Some(file)) => (file.to_path_buf(), second, a),
        (None, None) => (PathBuf::from("content"), first, b),
    };
    Diagnostic::file_error(
        &file,
        format!(
            "this would be published at `{}`, which differs only in letter case from `{}`, the address of {}",
            pretty(own),
            pretty(if own == a { b } else { a }),
            other.describe()
        ),
    )
    .with_help("rename one of them: on Windows, on a Mac and on most USB sticks the two are the same file")
}

/// A file of the default language inside another language's folder.
fn in_language_folder(path: &str, claimant: &Claimant, code: &str) -> Diagnostic {
    let file = claimant
        .file()
        .map_or_else(|| PathBuf::from("content"), Path::to_path_buf);
    Diagnostic::file_error(
        &file,
        format!(
            "this would be published at `{}`, inside `{code}/`, where the pages in `{code}` are published",
            pretty(path)
        ),
    )
    .with_help(format!(
        "rename the file or folder; to translate a page, name the translation `name.{code}.md` beside `name.md`"
    ))
}

/// A file of the library inside the web editor's folder.
fn in_editor_folder(path: &str, claimant: &Claimant) -> Diagnostic {
    let file = claimant
        .file()
        .map_or_else(|| PathBuf::from("content"), Path::to_path_buf);
    Diagnostic::file_error(
        &file,
        format!(
            "this would be published at `{}`, in `{EDITOR}`, where the web editor goes",
            pretty(path)
        ),
    )
    .with_help("move or rename it, or remove `[editor]` from site.toml")
}

/// A page whose file name has no letters or digits: it cannot have an address of its own, and
/// would be served at `served`, which `taken` may already have.
fn nameless(file: &Path, kind: &PageKind, served: &str, taken: Option<String>) -> Diagnostic {
    let what = match kind {
        PageKind::Principle(..) => "a principle of this set has an `id` with no letters or digits",
        PageKind::Page(_) | PageKind::Intro(_) | PageKind::ToolkitSection(_) => {
            "this file's name (or its folder's) has no letters or digits"
        }
        _ => "this file's name has no letters or digits",
    };
    let message = match taken {
        Some(other) => format!(
            "{what}, so it would be published at `{}`, the same address as {other}",
            pretty(served)
        ),
        None => format!("{what}, so it has no address of its own"),
    };
    Diagnostic::file_error(file, message)
        .with_help("use letters or digits in the name, e.g. `our-story.md`")
}

/// Whether `path` is one of the files every site has (not a page).
fn is_site_file(path: &str) -> bool {
    path == SEARCH_INDEX
        || path == SEARCH_FACETS
        || path.starts_with(SEARCH_SHARDS)
        || path.starts_with(SEARCH_DOCS)
        || DATA_FILES.contains(&path)
        || [
            SITEMAP,
            FEED,
            ROBOTS,
            MANIFEST,
            SERVICE_WORKER,
            OFFLINE_LIST,
            ICON_SVG,
        ]
        .contains(&path)
        || PNG_ICONS.iter().any(|(p, _)| *p == path)
}

/// A page's address as a reader sees it: `case-studies/` for `case-studies/index.html`.
fn pretty(path: &str) -> &str {
    match path.strip_suffix("index.html") {
        Some("") => "index.html",
        Some(folder) => folder,
        None => path,
    }
}

/// Term pages whose term has no letters or digits, e.g. a theme `!!!` in an open taxonomy.
pub(super) fn nameless_terms(library: &Library) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for cs in &library.case_studies {
        for t in crate::content::taxonomy::Taxonomy::all(&library.config) {
            for term in cs.located_terms(t) {
                if crate::text::slugify(&term.value).is_empty() {
                    problems.push(
                        Diagnostic::error_at(
                            &cs.source.path,
                            term.line,
                            term.column,
                            format!(
                                "`{}` has no letters or digits, so its page has no address",
                                term.value
                            ),
                        )
                        .with_help("write the term in words")
                        .with_source(&cs.source.text),
                    );
                }
            }
        }
    }
    problems
}
