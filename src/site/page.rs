//! The kinds of page a site has, and the template each is rendered with.

use crate::content::taxonomy::Taxonomy;

/// What a page shows. Indexes point into the [`Library`](crate::content::Library)'s lists,
/// which the plan was made from. Adding a kind of page is one new variant here: the compiler
/// then shows every place that must handle it (its address in `site/mod.rs`, its template
/// below, its context in `render/`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum PageKind {
    Home,
    /// The case-study library: every case study, with filters.
    Library,
    CaseStudy(usize),
    ToolkitSection(usize),
    Principles,
    PrincipleSet(usize),
    Principle(usize, usize),
    Forms,
    Form(usize),
    /// A form's collate page (src/render/form_page.rs).
    FormCollate(usize),
    Taxonomy(Taxonomy),
    Term(Taxonomy, String),
    /// Page `n` (2, 3 ...) of the case-study library; [`PageKind::Library`] is its page 1.
    LibraryPage(usize),
    /// Page `n` (2, 3 ...) of a term's case studies; [`PageKind::Term`] is its page 1.
    TermPage(Taxonomy, String, usize),
    /// A plain page (`content/about.md`), by its index in `Library::pages`.
    Page(usize),
    /// A folder's introduction (`content/news/_index.md`) shown as a page of its own.
    Intro(String),
    Glossary,
    NotFound,
    /// The "Download the data" page (src/data.rs); a library page at `data/` replaces it.
    Data,
    /// The search page (src/search.rs).
    Search,
    /// The printable toolkit and principles (src/render/print.rs).
    ToolkitPrint,
    PrinciplesPrint,
    /// Shown by the service worker for a page not saved offline (src/offline.rs).
    Offline,
    /// An old address of a page (`aliases:`), sending readers on: by its index in
    /// [`Site::redirects`](super::Site::redirects).
    Redirect(usize),
}

impl PageKind {
    /// The template the page is rendered with.
    pub(crate) fn template(&self) -> &'static str {
        match self {
            PageKind::Home => "index.html",
            PageKind::Library | PageKind::LibraryPage(_) => "case-studies.html",
            PageKind::CaseStudy(_) => "case-study.html",
            PageKind::ToolkitSection(_) => "toolkit-section.html",
            PageKind::Principles => "principles.html",
            PageKind::PrincipleSet(_) => "principle-set.html",
            PageKind::Principle(..) => "principle.html",
            PageKind::Forms => "forms.html",
            PageKind::Form(_) => "form.html",
            PageKind::FormCollate(_) => "form-collate.html",
            PageKind::Taxonomy(_) => "taxonomy.html",
            PageKind::Term(..) | PageKind::TermPage(..) => "term.html",
            PageKind::Page(_) | PageKind::Intro(_) | PageKind::Data => "page.html",
            PageKind::Glossary => "glossary.html",
            PageKind::NotFound => "404.html",
            PageKind::Search => "search.html",
            PageKind::ToolkitPrint => "toolkit-print.html",
            PageKind::PrinciplesPrint => "principles-print.html",
            PageKind::Offline => "offline.html",
            // Written by Cairn itself (src/render/redirect.rs): no theme can break a redirect.
            PageKind::Redirect(_) => "",
        }
    }

    /// The first page of the paged listing this page belongs to, and its page number (1 for
    /// the first page); `None` for a page that is not a listing.
    pub(crate) fn listing(&self) -> Option<(PageKind, usize)> {
        match self {
            PageKind::Library => Some((PageKind::Library, 1)),
            PageKind::LibraryPage(n) => Some((PageKind::Library, *n)),
            PageKind::Term(t, slug) => Some((PageKind::Term(*t, slug.clone()), 1)),
            PageKind::TermPage(t, slug, n) => Some((PageKind::Term(*t, slug.clone()), *n)),
            _ => None,
        }
    }

    /// What Cairn calls a page it makes itself, for messages about addresses.
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            PageKind::Home => "home page",
            PageKind::Library => "case-study library page",
            PageKind::CaseStudy(_) => "case study page",
            PageKind::ToolkitSection(_) => "toolkit section page",
            PageKind::Principles => "principles page",
            PageKind::PrincipleSet(_) => "principle set page",
            PageKind::Principle(..) => "principle page",
            PageKind::Forms => "forms page",
            PageKind::Form(_) => "form page",
            PageKind::FormCollate(_) => "collate page of a form",
            PageKind::Taxonomy(_) => "list of a taxonomy's terms",
            PageKind::Term(..) => "page of a taxonomy term",
            PageKind::LibraryPage(_) => "further page of the case-study library",
            PageKind::TermPage(..) => "further page of a taxonomy term",
            PageKind::Page(_) => "page",
            PageKind::Intro(_) => "folder introduction",
            PageKind::Glossary => "glossary",
            PageKind::NotFound => "\"page not found\" page",
            PageKind::Data => "\"Download the data\" page",
            PageKind::Search => "search page",
            PageKind::ToolkitPrint => "printable toolkit page",
            PageKind::PrinciplesPrint => "printable principles page",
            PageKind::Offline => "offline page",
            PageKind::Redirect(_) => "page sending readers from an old address",
        }
    }

    /// Whether the page only sends readers from an old address on (left out of the sitemap).
    pub(crate) fn is_redirect(&self) -> bool {
        matches!(self, PageKind::Redirect(_))
    }

    /// Whether the page lists every case study (or counts them): an edit of any case study
    /// shows on it (`serve`'s incremental rebuilds, src/incremental.rs).
    pub(crate) fn shows_every_case_study(&self) -> bool {
        matches!(
            self,
            PageKind::Home
                | PageKind::Library
                | PageKind::LibraryPage(_)
                | PageKind::Principles
                | PageKind::Forms
                | PageKind::NotFound
                | PageKind::Data
                | PageKind::Search
                | PageKind::ToolkitPrint
                | PageKind::PrinciplesPrint
                | PageKind::Taxonomy(_)
        )
    }
}
