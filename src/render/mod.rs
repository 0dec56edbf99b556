//! Library -> Output: every page rendered in memory, with relative URLs throughout.
//!
//! First the search index and the open data are made; then every Markdown body but the case
//! studies' is checked (in parallel), resolving `@/` links; then each page is put through its
//! template (in parallel), a case study's body checked as its page renders it; then anchors are
//! checked against the headings of their target pages. A problem found after pages were put in
//! the sink still fails the render: the build then discards what was put. Nothing here touches
//! the disk.

pub mod chart;
mod form_page;
pub mod glossary;
pub mod highlight;
mod languages;
pub mod markdown;
mod print;
pub mod sanitize;
pub mod templates;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::content::library::page_url_dir;
use crate::content::taxonomy::{EngagementLevel, Taxonomy};
use crate::content::{Library, Source};
use crate::diagnostic::Diagnostic;
use crate::output::{Output, Sink};
use crate::theme::Theme;
use markdown::{LinkTargets, Origin, Rendered, escape};
use templates::{Extra, Templates};

/// What to render beyond the library itself.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// HTML injected before `</body>` on every page (the live-reload script of `serve`).
    pub body_end: Option<String>,
}

/// Renders the whole site in memory. Returns the output and any warnings, or every error.
pub fn render(
    library: &Library,
    theme: &Theme,
    options: &RenderOptions,
) -> Result<(Output, Vec<Diagnostic>), Vec<Diagnostic>> {
    let sink = Mutex::new(Output::default());
    let warnings = render_to(library, theme, options, &sink)?;
    Ok((
        sink.into_inner().unwrap_or_else(|e| e.into_inner()),
        warnings,
    ))
}

/// Renders the whole site into `sink`, page by page as each is ready, so a large library is
/// never held in memory whole. Returns the warnings, or every error found.
pub fn render_to(
    library: &Library,
    theme: &Theme,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let templates = Templates::new(theme)?;
    let mut warnings = Vec::new();
    let targets = link_targets(library);
    // Case studies, most of a large library, are checked as their pages are rendered (their
    // bodies are then parsed once, not twice); the rest first, so that their problems stop the
    // build before any page is rendered, reported with the case studies' and the anchors'.
    let mut bodies = check_sources(other_sources(library), &targets);
    let (errors, early_warnings) = problems_of(bodies.values());
    warnings.extend(early_warnings);
    if !errors.is_empty() {
        bodies.extend(check_sources(
            library.case_studies.iter().map(|c| &c.source),
            &targets,
        ));
        let mut all = problems_of(bodies.values()).0;
        all.extend(split_problems(check_anchors(library, &bodies)).0);
        return Err(all);
    }

    let mut site = Site::new(library, &bodies, &targets, &templates);
    let jobs = site.jobs();
    let clashes = site.address_clashes(&jobs);
    if !clashes.is_empty() {
        return Err(clashes);
    }
    let mut errors: Vec<Diagnostic> = crate::output::with_io_threads(|| {
        jobs.par_iter()
            .filter_map(|job| site.write_page(job, &job.url(library), options, sink).err())
            .collect()
    });
    errors.extend(site.card_errors());
    let texts = site.take_texts();
    let mut checked = site.take_checked();
    // `site` borrows `bodies`, which the case studies' checks now join.
    drop(site);
    // In file order, so that problems are reported in the same order every time.
    checked.sort_by(|a, b| a.0.cmp(&b.0));
    // The case studies' problems, and every `@/page.md#anchor` now that all headings are known.
    let (late_errors, late_warnings) = problems_of(checked.iter().map(|(_, r)| r));
    let case_study_paths: Vec<String> = checked.iter().map(|(path, _)| path.clone()).collect();
    bodies.extend(checked);
    let (anchor_errors, anchor_warnings) = split_problems(check_anchors(library, &bodies));
    // Nothing after this reads the case studies' bodies: freed before the search index, the
    // build's largest use of memory, is made.
    for path in &case_study_paths {
        bodies.remove(path);
    }
    errors.extend(late_errors.into_iter().chain(anchor_errors));
    warnings.extend(late_warnings.into_iter().chain(anchor_warnings));
    // Only a library without errors gets a search index and open data: the output of one
    // with errors is thrown away.
    let early_pages = match errors.is_empty() {
        true => search_and_data(library, texts, sink, &mut warnings)?,
        false => Vec::new(),
    };
    // For the feeds and the sitemap, with every body checked.
    let site = Site::new(library, &bodies, &targets, &templates);

    // The site's other files: small, gathered here, then put in the sink.
    let mut output = Output::default();
    // Every other language under <code>/ (src/render/languages.rs), with its own search index.
    let other = languages::render_other_languages(
        library,
        &templates,
        options,
        &|_| true,
        sink,
        &mut output,
    );
    warnings.extend(other.warnings);
    errors.extend(other.errors);
    if !errors.is_empty() {
        errors.dedup();
        return Err(errors);
    }
    for (path, bytes) in &theme.assets {
        output.insert(path.clone(), bytes.clone());
    }
    for asset in &library.assets {
        output.insert(asset.output_path.clone(), asset.bytes.clone());
    }
    // The pictures' sizes under static/img/ (src/images.rs): the one hook of images here.
    warnings.extend(crate::images::publish(library, &mut output));
    let html_pages = jobs
        .iter()
        .map(|j| j.url(library))
        .chain(early_pages)
        .chain(other.urls)
        .chain(
            output
                .paths()
                .filter(|p| p.ends_with(".html"))
                .map(String::from),
        );
    output.insert("sitemap.xml".into(), site.sitemap(html_pages).into_bytes());
    output.insert("atom.xml".into(), site.atom().into_bytes());
    output.insert("robots.txt".into(), site.robots().into_bytes());
    put_all(&output, sink)?;
    warnings.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    Ok(warnings)
}

/// The search index, search/search-index.js (src/search.rs), from the case studies' `texts`
/// that rendering their pages found, and the open data (src/data.rs), side by side: the data
/// files are made on one thread while the index uses the rest. Each is put in `sink` at once
/// and freed. Returns the HTML pages among them; the search's warnings join `warnings`.
fn search_and_data(
    library: &Library,
    texts: Vec<Option<String>>,
    sink: &dyn Sink,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let (search, data) = rayon::join(
        || {
            let mut index = Output::default();
            let warnings = crate::search::insert_with_texts(library, texts, &mut index);
            put_all(&index, sink).map(|()| (warnings, html_paths(&index)))
        },
        || {
            let mut data = Output::default();
            crate::data::insert(library, &mut data);
            put_all(&data, sink).map(|()| html_paths(&data))
        },
    );
    let (search_warnings, mut pages) = search?;
    warnings.extend(search_warnings);
    pages.extend(data?);
    Ok(pages)
}

/// Renders only the pages whose URL `wanted` accepts, from Markdown bodies rendered before, and
/// atom.xml: `serve`'s incremental rebuilds (src/incremental.rs). Returns every page URL.
pub fn render_pages(
    library: &Library,
    templates: &Templates,
    options: &RenderOptions,
    bodies: &BTreeMap<String, Rendered>,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    sink: &dyn Sink,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let targets = link_targets(library);
    let site = Site::new(library, bodies, &targets, templates);
    let jobs: Vec<(Job, String)> = site
        .jobs()
        .into_iter()
        .map(|j| {
            let url = j.url(library);
            (j, url)
        })
        .collect();
    let mut errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter(|(_, url)| wanted(url))
        .filter_map(|(job, url)| site.write_page(job, url, options, sink).err())
        .collect();
    errors.extend(site.card_errors());
    if !errors.is_empty() {
        return Err(errors);
    }
    sink.put("atom.xml", site.atom().as_bytes())
        .map_err(|e| vec![e])?;
    // The same pages in every other language, with their search indexes and data files.
    let mut output = Output::default();
    let other =
        languages::render_other_languages(library, templates, options, wanted, sink, &mut output);
    if !other.errors.is_empty() {
        return Err(other.errors);
    }
    for (path, bytes) in output.files() {
        sink.put(path, bytes).map_err(|e| vec![e])?;
    }
    Ok(jobs.into_iter().map(|(_, url)| url).collect())
}

/// Every content path a `@/` link may name, and its URL relative to the site root.
pub fn link_targets(library: &Library) -> LinkTargets {
    let mut urls = HashMap::new();
    if let Some(home) = &library.home {
        urls.insert(home.source.content_path(), "index.html".to_string());
    }
    for (folder, page) in &library.intros {
        urls.insert(page.source.content_path(), format!("{folder}/index.html"));
    }
    for cs in &library.case_studies {
        urls.insert(
            cs.source.content_path(),
            format!("case-studies/{}/index.html", cs.slug),
        );
    }
    for s in &library.toolkit.sections {
        urls.insert(s.source.content_path(), s.url());
    }
    for set in &library.principle_sets {
        urls.insert(
            set.source.content_path(),
            format!("principles/{}/index.html", set.id),
        );
    }
    for form in &library.forms {
        urls.insert(
            form.source.content_path(),
            format!("forms/{}/index.html", form.slug),
        );
    }
    for page in &library.pages {
        urls.insert(
            page.source.content_path(),
            format!("{}/index.html", page_url_dir(page)),
        );
    }
    if let Some(g) = &library.glossary {
        urls.insert(g.source.content_path(), "glossary/index.html".to_string());
    }
    for asset in &library.assets {
        if !asset.output_path.starts_with("static/") {
            urls.insert(asset.output_path.clone(), asset.output_path.clone());
        }
    }
    LinkTargets {
        urls,
        glossary: library.glossary.as_ref().map(glossary::Matcher::new),
        raw_html: library.config.markdown.raw_html,
        pictures: Some(crate::images::Pictures::of(library)),
    }
}

/// Puts every file of `output` into `sink`; the errors of those that could not be written.
fn put_all(output: &Output, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
    let errors: Vec<Diagnostic> = output
        .files()
        .filter_map(|(path, bytes)| sink.put(path, bytes).err())
        .collect();
    match errors.is_empty() {
        true => Ok(()),
        false => Err(errors),
    }
}

/// The paths of `output`'s HTML pages.
fn html_paths(output: &Output) -> Vec<String> {
    output
        .paths()
        .filter(|p| p.ends_with(".html"))
        .map(String::from)
        .collect()
}

/// `../` once per folder level of `url`.
pub fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// Every Markdown body checked as it would be rendered for the page it appears on: its
/// problems, headings and anchors, without the HTML. Pages render their body again when
/// written (`Site::body_html`): holding every page's HTML from here to the end would cost more
/// memory than the library itself.
pub fn render_bodies(library: &Library, targets: &LinkTargets) -> BTreeMap<String, Rendered> {
    check_sources(all_sources(library), targets)
}

/// `sources`' bodies checked as `render_bodies` checks them.
fn check_sources<'a>(
    sources: impl Iterator<Item = &'a Source>,
    targets: &LinkTargets,
) -> BTreeMap<String, Rendered> {
    let sources: Vec<&Source> = sources.collect();
    sources
        .par_iter()
        .map(|source| {
            let (markdown, origin, root) = markdown_of(source, targets);
            let checked = markdown::check(markdown, origin, &root, targets);
            (source.content_path(), checked)
        })
        .collect()
}

/// A source's Markdown body rendered for its page (highlighting, links, glossary and the
/// search text included).
pub fn render_source(source: &Source, targets: &LinkTargets) -> Rendered {
    let (markdown, origin, root) = markdown_of(source, targets);
    markdown::render(markdown, origin, &root, targets)
}

/// A source's Markdown body, where it comes from, and the root of the page it appears on.
fn markdown_of<'a>(source: &'a Source, targets: &LinkTargets) -> (&'a str, Origin<'a>, String) {
    let url = targets
        .urls
        .get(&source.content_path())
        .cloned()
        .unwrap_or_default();
    let origin = Origin {
        path: &source.path,
        file_text: &source.text,
        offset: Some(source.body_offset),
        fallback_line: 0,
    };
    (source.body(), origin, root_of(&url))
}

/// Every `@/page.md#anchor` must name a heading (or principle, or glossary term) of its page.
pub fn check_anchors(library: &Library, bodies: &BTreeMap<String, Rendered>) -> Vec<Diagnostic> {
    let mut extra: HashMap<String, HashSet<String>> = HashMap::new();
    for set in &library.principle_sets {
        extra
            .entry(set.source.content_path())
            .or_default()
            .extend(set.meta.principles.iter().map(|p| p.id.value.clone()));
    }
    if let Some(g) = &library.glossary {
        extra.entry(g.source.content_path()).or_default().extend(
            g.meta
                .terms
                .iter()
                .map(|t| crate::content::slugify(&t.term)),
        );
    }
    let sources: HashMap<String, &Source> = all_sources(library)
        .map(|s| (s.content_path(), s))
        .collect();
    let mut problems = Vec::new();
    for (path, rendered) in bodies {
        for link in &rendered.anchor_links {
            let known = |a: &str| {
                bodies
                    .get(&link.target)
                    .is_some_and(|r| r.anchors.contains(a))
                    || extra.get(&link.target).is_some_and(|s| s.contains(a))
            };
            if known(&link.anchor) {
                continue;
            }
            let mut candidates: Vec<&str> = bodies
                .get(&link.target)
                .map(|r| r.anchors.iter().map(String::as_str).collect())
                .unwrap_or_default();
            candidates.extend(
                extra
                    .get(&link.target)
                    .into_iter()
                    .flat_map(|s| s.iter().map(String::as_str)),
            );
            candidates.sort();
            let help = match crate::diagnostic::closest(&link.anchor, candidates.iter().copied()) {
                Some(best) => format!("did you mean `#{best}`?"),
                None if candidates.is_empty() => {
                    "that page has no headings to link to; link to the page itself".into()
                }
                None => format!("the anchors of that page are: {}", candidates.join(", ")),
            };
            let source = sources[path];
            problems.push(
                Diagnostic::error_at(
                    &source.path,
                    link.line,
                    link.column,
                    format!(
                        "broken link: `@/{}` has no heading `#{}`",
                        link.target, link.anchor
                    ),
                )
                .with_help(help)
                .with_source(&source.text),
            );
        }
    }
    problems
}

/// The errors and the warnings among the problems of `bodies`.
fn problems_of<'a>(
    bodies: impl Iterator<Item = &'a Rendered>,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    split_problems(bodies.flat_map(|r| r.problems.iter().cloned()).collect())
}

/// `problems` split into errors and warnings.
fn split_problems(problems: Vec<Diagnostic>) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    problems.into_iter().partition(Diagnostic::is_error)
}

/// Every Markdown file of the library.
pub fn all_sources(library: &Library) -> impl Iterator<Item = &Source> {
    other_sources(library).chain(library.case_studies.iter().map(|c| &c.source))
}

/// Every Markdown file of the library but its case studies.
fn other_sources(library: &Library) -> impl Iterator<Item = &Source> {
    library
        .home
        .iter()
        .map(|p| &p.source)
        .chain(library.intros.values().map(|p| &p.source))
        .chain(library.toolkit.sections.iter().map(|s| &s.source))
        .chain(library.principle_sets.iter().map(|s| &s.source))
        .chain(library.forms.iter().map(|f| &f.source))
        .chain(library.pages.iter().map(|p| &p.source))
        .chain(library.glossary.iter().map(|g| &g.source))
}

/// One page of the output.
#[derive(Debug, Clone)]
enum Job {
    Home,
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
    Page(usize),
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
}

impl Job {
    fn url(&self, library: &Library) -> String {
        match self {
            Job::Home => "index.html".into(),
            Job::Library => "case-studies/index.html".into(),
            Job::CaseStudy(i) => {
                format!("case-studies/{}/index.html", library.case_studies[*i].slug)
            }
            Job::ToolkitSection(i) => library.toolkit.sections[*i].url(),
            Job::Principles => "principles/index.html".into(),
            Job::PrincipleSet(i) => {
                format!("principles/{}/index.html", library.principle_sets[*i].id)
            }
            Job::Principle(i, j) => {
                let set = &library.principle_sets[*i];
                format!(
                    "principles/{}/{}/index.html",
                    set.id, set.meta.principles[*j].id.value
                )
            }
            Job::Forms => "forms/index.html".into(),
            Job::Form(i) => format!("forms/{}/index.html", library.forms[*i].slug),
            Job::FormCollate(i) => {
                format!("forms/{}/collate/index.html", library.forms[*i].slug)
            }
            Job::Taxonomy(t) => format!("{}/index.html", t.url_segment()),
            Job::Term(t, slug) => format!("{}/{slug}/index.html", t.url_segment()),
            Job::Page(i) => format!("{}/index.html", page_url_dir(&library.pages[*i])),
            Job::Intro(folder) => format!("{folder}/index.html"),
            Job::Glossary => "glossary/index.html".into(),
            Job::NotFound => "404.html".into(),
            Job::Data => "data/index.html".into(),
            Job::Search => "search/index.html".into(),
            Job::ToolkitPrint => print::TOOLKIT_PRINT.into(),
            Job::PrinciplesPrint => print::PRINCIPLES_PRINT.into(),
            Job::Offline => crate::offline::OFFLINE_PAGE.into(),
        }
    }
}

/// The library with its rendered bodies, ready to fill templates.
struct Site<'a> {
    library: &'a Library,
    bodies: &'a BTreeMap<String, Rendered>,
    targets: &'a LinkTargets,
    templates: &'a Templates,
    cards: Cards,
    /// What rendering found in the bodies `bodies` lacks (case studies in a full build):
    /// problems, anchors and links to check, without the HTML or headings.
    checked: Mutex<Vec<(String, Rendered)>>,
    /// Each case study's text for the search index (see `Rendered::text`), kept when its page
    /// is rendered, so that the search does not parse its body again.
    texts: Vec<std::sync::OnceLock<String>>,
}

/// Each case study's card (`partials/card.html`), rendered the first time a page shows it and
/// reused by every other: a case study appears on the library page, on one page for each of
/// its terms and beside related ones, about ten cards each, and rendering them all through the
/// template was a fifth of a large build. Cards are rendered with [`CARD_ROOT`] where the
/// page's path to the site root goes, and the page's own root is put in when it is used.
struct Cards {
    html: Vec<std::sync::OnceLock<String>>,
    /// Each card as a template value for pages two folders deep (case studies and terms, most
    /// of a large site, every card on several of them): made once, then shared, not copied.
    at_depth_two: Vec<std::sync::OnceLock<tera::Value>>,
    errors: Mutex<Vec<Diagnostic>>,
}

/// The root of a page two folders deep (see `Cards::at_depth_two`).
const DEPTH_TWO: &str = "../../";

/// Takes [`CARD_ROOT`] out of every string of `value` (a control character has no place in
/// a page's text anyway).
fn remove_card_root(value: &mut Value) {
    match value {
        Value::String(s) if s.contains(CARD_ROOT) => *s = s.replace(CARD_ROOT, ""),
        Value::Array(items) => items.iter_mut().for_each(remove_card_root),
        Value::Object(map) => map.values_mut().for_each(remove_card_root),
        _ => {}
    }
}

/// Stands for the path to the site root in a cached card. A control character, which the
/// card's text never contains (`Site::card_fields` removes it).
const CARD_ROOT: char = '\u{1}';

impl<'a> Site<'a> {
    fn new(
        library: &'a Library,
        bodies: &'a BTreeMap<String, Rendered>,
        targets: &'a LinkTargets,
        templates: &'a Templates,
    ) -> Site<'a> {
        Site {
            library,
            bodies,
            targets,
            templates,
            cards: Cards {
                html: per_case_study(library),
                at_depth_two: per_case_study(library),
                errors: Mutex::new(Vec::new()),
            },
            checked: Mutex::new(Vec::new()),
            texts: per_case_study(library),
        }
    }

    /// The case studies' texts that rendering their pages found, by case study.
    fn take_texts(&mut self) -> Vec<Option<String>> {
        std::mem::take(&mut self.texts)
            .into_iter()
            .map(std::sync::OnceLock::into_inner)
            .collect()
    }

    /// What rendering pages found in bodies not checked before (see `checked`).
    fn take_checked(&self) -> Vec<(String, Rendered)> {
        std::mem::take(&mut *self.checked.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Renders `job`'s page and puts it in `sink` at `url`.
    fn write_page(
        &self,
        job: &Job,
        url: &str,
        options: &RenderOptions,
        sink: &dyn Sink,
    ) -> Result<(), Diagnostic> {
        let (template, context, extra) = self.context(job);
        let strings = self.library.page_languages.template_strings();
        thread_local! {
            /// Each thread's page buffer, kept from page to page.
            static PAGE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        PAGE.with_borrow_mut(|page| {
            page.clear();
            let written = self
                .templates
                .render_into(template, &context, extra, strings, page)
                .and_then(|()| match &options.body_end {
                    // `serve`'s live reload, before the end of the body.
                    Some(body_end) => {
                        let html = String::from_utf8_lossy(page).replacen(
                            "</body>",
                            &format!("{body_end}</body>"),
                            1,
                        );
                        sink.put(url, html.as_bytes())
                    }
                    None => sink.put(url, page),
                });
            // A listing of every case study is far larger than a page: not kept.
            if page.capacity() > PAGE_BUFFER_KEPT {
                *page = Vec::new();
            }
            written
        })
    }

    /// Errors from rendering cards (a theme's own `partials/card.html`), each once.
    fn card_errors(&self) -> Vec<Diagnostic> {
        let mut errors = self.cards.errors.lock().unwrap_or_else(|e| e.into_inner());
        let mut errors = std::mem::take(&mut *errors);
        errors.dedup();
        errors
    }
}

/// One empty slot for each case study of `library`, filled once by whichever page needs it.
fn per_case_study<T>(library: &Library) -> Vec<std::sync::OnceLock<T>> {
    (0..library.case_studies.len())
        .map(|_| std::sync::OnceLock::new())
        .collect()
}

/// The largest page buffer a rendering thread keeps for its next page, in bytes.
const PAGE_BUFFER_KEPT: usize = 1 << 20;

const LISTING_FOLDERS: [&str; 4] = ["case-studies", "principles", "forms", "toolkit"];

impl Site<'_> {
    fn jobs(&self) -> Vec<Job> {
        let lib = self.library;
        let mut jobs = vec![
            Job::Home,
            Job::Library,
            Job::Principles,
            Job::Forms,
            Job::NotFound,
            Job::Search,
        ];
        // A library page at `data/` replaces the data page (docs/data.md).
        if !lib.pages.iter().any(|p| page_url_dir(p) == "data") {
            jobs.push(Job::Data);
        }
        jobs.extend((0..lib.case_studies.len()).map(Job::CaseStudy));
        jobs.extend((0..lib.toolkit.sections.len()).map(Job::ToolkitSection));
        for (i, set) in lib.principle_sets.iter().enumerate() {
            jobs.push(Job::PrincipleSet(i));
            jobs.extend((0..set.meta.principles.len()).map(|j| Job::Principle(i, j)));
        }
        jobs.extend((0..lib.forms.len()).map(Job::Form));
        jobs.extend((0..lib.forms.len()).map(Job::FormCollate));
        for t in Taxonomy::ALL {
            jobs.push(Job::Taxonomy(t));
            if let Some(index) = lib.taxonomies.get(&t) {
                jobs.extend(index.terms.keys().map(|slug| Job::Term(t, slug.clone())));
            }
        }
        jobs.extend((0..lib.pages.len()).map(Job::Page));
        jobs.extend(
            lib.intros
                .keys()
                .filter(|f| !LISTING_FOLDERS.contains(&f.as_str()))
                .map(|f| Job::Intro(f.clone())),
        );
        if lib.glossary.is_some() {
            jobs.push(Job::Glossary);
        }
        jobs.extend(self.print_and_offline_jobs());
        jobs
    }

    /// A library page (or folder introduction) published at the address of one of Cairn's own
    /// pages, such as `content/search.md`: an error naming the file, as two pages cannot share
    /// one address.
    fn address_clashes(&self, jobs: &[Job]) -> Vec<Diagnostic> {
        let own: HashSet<String> = jobs
            .iter()
            .filter(|job| !matches!(job, Job::Page(_) | Job::Intro(_)))
            .map(|job| job.url(self.library))
            .collect();
        let mut problems = Vec::new();
        for job in jobs {
            let (Job::Page(_) | Job::Intro(_)) = job else {
                continue;
            };
            let url = job.url(self.library);
            if own.contains(&url)
                && let Some(source) = self.job_source(job)
            {
                let address = url.strip_suffix("index.html").unwrap_or(&url);
                problems.push(
                    Diagnostic::file_error(
                        &source.path,
                        format!("this page would be published at `{address}`, the address of one of Cairn's own pages"),
                    )
                    .with_help("rename the file (or move it into another folder)"),
                );
            }
        }
        problems
    }

    fn body(&self, source: &Source) -> &Rendered {
        static EMPTY: std::sync::OnceLock<Rendered> = std::sync::OnceLock::new();
        self.bodies
            .get(&source.content_path())
            .unwrap_or_else(|| EMPTY.get_or_init(Rendered::default))
    }

    /// The HTML of a source's body, rendered again for its page (see `render_bodies`).
    pub(super) fn body_html(&self, source: &Source) -> String {
        render_source(source, self.targets).html
    }

    /// The HTML and headings of case study `i`'s body. A body not checked before is checked by
    /// this rendering: what it found is kept for `take_checked`, and its text for
    /// `take_texts`, so the body is parsed only once.
    fn case_study_body(&self, i: usize) -> (String, Vec<markdown::TocEntry>) {
        let source = &self.library.case_studies[i].source;
        let path = source.content_path();
        if let Some(checked) = self.bodies.get(&path) {
            return (self.body_html(source), checked.toc.clone());
        }
        let mut rendered = render_source(source, self.targets);
        let html = std::mem::take(&mut rendered.html);
        let toc = std::mem::take(&mut rendered.toc);
        if let Some(text) = self.texts.get(i) {
            let _ = text.set(std::mem::take(&mut rendered.text));
        }
        self.checked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path, rendered));
        (html, toc)
    }

    /// The template and context for a page.
    fn context(&self, job: &Job) -> (&'static str, Value, Extra) {
        let lib = self.library;
        let url = job.url(lib);
        let root = root_of(&url);
        let mut extra = Extra::new();
        let (template, mut ctx) = match job {
            Job::Home => ("index.html", self.home(&root, &mut extra)),
            Job::Library => ("case-studies.html", self.library_page(&root, &mut extra)),
            Job::CaseStudy(i) => ("case-study.html", self.case_study(*i, &root, &mut extra)),
            Job::ToolkitSection(i) => (
                "toolkit-section.html",
                self.toolkit_section(*i, &root, &mut extra),
            ),
            Job::Principles => ("principles.html", self.principles(&root)),
            Job::PrincipleSet(i) => ("principle-set.html", self.principle_set(*i, &root)),
            Job::Principle(i, j) => ("principle.html", self.principle(*i, *j, &root, &mut extra)),
            Job::Forms => ("forms.html", self.forms(&root)),
            Job::Form(i) => ("form.html", self.form_page(*i, &root)),
            Job::FormCollate(i) => ("form-collate.html", self.form_collate(*i, &root)),
            Job::Taxonomy(t) => ("taxonomy.html", self.taxonomy(*t, &root)),
            Job::Term(t, slug) => ("term.html", self.term(*t, slug, &root, &mut extra)),
            Job::Page(i) => {
                let p = &lib.pages[*i];
                (
                    "page.html",
                    self.plain_page(&p.meta.title, p.meta.description.as_deref(), &p.source),
                )
            }
            Job::Intro(folder) => {
                let p = &lib.intros[folder];
                (
                    "page.html",
                    self.plain_page(&p.meta.title, p.meta.description.as_deref(), &p.source),
                )
            }
            Job::Glossary => ("glossary.html", self.glossary()),
            Job::NotFound => (
                "404.html",
                json!({
                    "title": self.t("page_not_found"),
                    "breadcrumbs": [],
                    // Served at whatever address was typed, at any depth (GitHub Pages,
                    // Netlify): its links start from the site's own address.
                    "base_href": not_found_base(lib),
                }),
            ),
            Job::Data => ("page.html", crate::data::page_context(lib, &root)),
            Job::Search => ("search.html", crate::search::page_context(lib, &root)),
            Job::ToolkitPrint => ("toolkit-print.html", self.toolkit_print(&root)),
            Job::PrinciplesPrint => ("principles-print.html", self.principles_print(&root)),
            Job::Offline => ("offline.html", print::offline_context()),
        };
        let obj = ctx.as_object_mut().expect("contexts are objects");
        obj.insert("root".into(), json!(root));
        obj.insert("url".into(), json!(url));
        obj.insert("site".into(), self.site_context());
        obj.insert("print_url".into(), self.print_url(job, &root));
        // `t`, the language switcher and the fallback notice (src/i18n.rs).
        let source = self.job_source(job).map(Source::content_path);
        lib.page_languages
            .extend_context(obj, &url, source.as_deref());
        // "Edit this page" on GitHub, when site.toml names the repository (src/contribute.rs).
        let edit_url = self
            .job_source(job)
            .and_then(|s| crate::contribute::edit_url(&lib.config, &s.path));
        obj.insert("edit_url".into(), json!(edit_url));
        // Open Graph, Twitter card and (case studies) JSON-LD for <head> (src/data.rs).
        let jsonld = match job {
            Job::CaseStudy(i) => Some(crate::data::case_study_jsonld(lib, *i)),
            _ => None,
        };
        obj.insert(
            "meta".into(),
            crate::data::page_meta(&lib.config, &url, jsonld),
        );
        obj.entry("section").or_insert(json!(""));
        obj.entry("description")
            .or_insert(json!(lib.config.description));
        (template, ctx, extra)
    }

    /// The Markdown file a page is made from, if there is one.
    fn job_source(&self, job: &Job) -> Option<&Source> {
        let lib = self.library;
        match job {
            Job::Home => lib.home.as_ref().map(|p| &p.source),
            Job::Library => lib.intros.get("case-studies").map(|p| &p.source),
            Job::Principles => lib.intros.get("principles").map(|p| &p.source),
            Job::Forms => lib.intros.get("forms").map(|p| &p.source),
            Job::CaseStudy(i) => Some(&lib.case_studies[*i].source),
            Job::ToolkitSection(i) => Some(&lib.toolkit.sections[*i].source),
            Job::PrincipleSet(i) | Job::Principle(i, _) => Some(&lib.principle_sets[*i].source),
            Job::Form(i) => Some(&lib.forms[*i].source),
            Job::Page(i) => Some(&lib.pages[*i].source),
            Job::Intro(folder) => lib.intros.get(folder).map(|p| &p.source),
            Job::Glossary => lib.glossary.as_ref().map(|g| &g.source),
            _ => None,
        }
    }

    fn site_context(&self) -> Value {
        let c = &self.library.config;
        json!({
            "title": c.title,
            "description": c.description,
            "licence": c.licence,
            "language": c.language,
            "dir": if is_rtl(&c.language) { "rtl" } else { "ltr" },
            "has_glossary": self.library.glossary.is_some(),
            // The manifest, icons and service worker (src/offline.rs).
            "app": crate::offline::site_context(c),
            "has_about": self.library.pages.iter().any(|p| p.slug == "about" && page_url_dir(p) == "about"),
            // Identity (site.toml `logo`, `accent_color`; src/config.rs).
            "logo": c.logo,
            "accent": c.accent_color,
        })
    }

    fn crumbs(&self, root: &str, items: &[(&str, &str)]) -> Value {
        let mut list = vec![json!({"title": self.t("home"), "href": format!("{root}index.html")})];
        list.extend(
            items
                .iter()
                .map(|(t, u)| json!({"title": t, "href": format!("{root}{u}")})),
        );
        Value::Array(list)
    }

    /// An interface string in the page's language (src/i18n.rs).
    fn t(&self, key: &str) -> String {
        self.library.page_languages.t(key)
    }

    /// The cards of `case_studies` for a page whose path to the site root is `root`, as a list
    /// for templates: each card's HTML, to insert with `{{ card.html | safe }}`.
    fn cards(&self, case_studies: impl Iterator<Item = usize>, root: &str) -> tera::Value {
        let cards: Vec<tera::Value> = case_studies
            .map(|i| match root == DEPTH_TWO {
                true => self.cards.at_depth_two[i]
                    .get_or_init(|| self.card(i, root))
                    .clone(),
                false => self.card(i, root),
            })
            .collect();
        tera::Value::from(cards)
    }

    /// Case study `i`'s card for a page whose path to the site root is `root`.
    fn card(&self, i: usize, root: &str) -> tera::Value {
        let html = self.cards.html[i].get_or_init(|| {
            let context = json!({ "card": self.card_fields(i) });
            let strings = self.library.page_languages.template_strings();
            match self
                .templates
                .render("partials/card.html", &context, strings)
            {
                Ok(html) => html,
                Err(e) => {
                    let mut errors = self.cards.errors.lock().unwrap_or_else(|e| e.into_inner());
                    errors.push(e);
                    String::new()
                }
            }
        });
        let card = BTreeMap::from([("html", tera::Value::from(html.replace(CARD_ROOT, root)))]);
        tera::Value::from(card)
    }

    /// What `partials/card.html` shows of case study `i`, its link starting at [`CARD_ROOT`].
    fn card_fields(&self, i: usize) -> Value {
        let cs = &self.library.case_studies[i];
        let config = &self.library.config;
        let slugs = |t: Taxonomy| -> String {
            cs.terms(t)
                .iter()
                .map(|x| crate::content::slugify(x))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut fields = json!({
            "title": cs.meta.title,
            "summary": cs.meta.summary,
            "place": cs.meta.place.value,
            "when": self.library.page_languages.when(cs),
            "date": cs.sort_date().map(|d| d.iso()).unwrap_or_default(),
            "level": cs.engagement_level().map(|l| l.as_str()),
            "level_name": cs.engagement_level().map(|l| Taxonomy::EngagementLevels.display_name(config, l.as_str())),
            "themes": cs.meta.themes.iter().map(|t| Taxonomy::Themes.display_name(config, &t.value)).collect::<Vec<_>>(),
            "data": {
                "themes": slugs(Taxonomy::Themes),
                "places": slugs(Taxonomy::Places),
                "approaches": slugs(Taxonomy::Approaches),
                "levels": slugs(Taxonomy::EngagementLevels),
                "fields": slugs(Taxonomy::FieldsOfPractice),
                "principles": cs.meta.principles.iter().map(|p| p.value.replace('/', "--")).collect::<Vec<_>>().join(" "),
            },
        });
        remove_card_root(&mut fields);
        fields["href"] = json!(format!("{CARD_ROOT}case-studies/{}/index.html", cs.slug));
        // The card's picture (src/images.rs), and the language of a case study shown
        // untranslated on another language's page.
        fields["image"] = json!(crate::images::picture(
            self.library,
            cs.meta.image.as_ref(),
            &cs.source,
            &CARD_ROOT.to_string()
        ));
        fields["lang"] = json!(self.library.page_languages.untranslated(&cs.source));
        fields
    }

    fn term_links(&self, t: Taxonomy, terms: &[String], root: &str) -> Value {
        let config = &self.library.config;
        Value::Array(
            terms
                .iter()
                .map(|term| {
                    json!({
                        "name": t.display_name(config, term),
                        "href": format!("{root}{}/{}/index.html", t.url_segment(), crate::content::slugify(term)),
                    })
                })
                .collect(),
        )
    }

    fn spectrum(&self, root: &str, current: Option<EngagementLevel>) -> Value {
        let config = &self.library.config;
        let index = self.library.taxonomies.get(&Taxonomy::EngagementLevels);
        Value::Array(
            EngagementLevel::ALL
                .iter()
                .map(|l| {
                    let count = index
                        .and_then(|i| i.terms.get(l.as_str()))
                        .map_or(0, |t| t.case_studies.len());
                    json!({
                        "step": l.step(),
                        "slug": l.as_str(),
                        "name": Taxonomy::EngagementLevels.display_name(config, l.as_str()),
                        "href": format!("{root}engagement-levels/{}/index.html", l.as_str()),
                        "count": count,
                        "current": Some(*l) == current,
                    })
                })
                .collect(),
        )
    }

    fn home(&self, root: &str, extra: &mut Extra) -> Value {
        extra.push((
            "newest",
            self.cards(0..self.library.case_studies.len().min(6), root),
        ));
        let lib = self.library;
        let (title, intro) = match &lib.home {
            Some(h) => (h.meta.title.clone(), self.body_html(&h.source)),
            None => (lib.config.title.clone(), String::new()),
        };
        let themes = lib.taxonomies.get(&Taxonomy::Themes).map(|i| {
            i.ordered(Taxonomy::Themes)
                .iter()
                .map(|t| json!({"name": t.name, "count": t.case_studies.len(), "href": format!("{root}themes/{}/index.html", t.slug)}))
                .collect::<Vec<_>>()
        });
        let image = lib
            .home
            .as_ref()
            .and_then(|h| crate::images::picture(lib, h.meta.image.as_ref(), &h.source, root));
        json!({
            "title": title,
            "image": image,
            "content": intro,
            "themes": themes.unwrap_or_default(),
            "spectrum": self.spectrum(root, None),
            "principle_sets": lib.principle_sets.iter().map(|s| json!({"title": s.meta.title, "href": format!("{root}principles/{}/index.html", s.id), "count": s.meta.principles.len(), "description": s.meta.description})).collect::<Vec<_>>(),
            "forms": lib.forms.iter().map(|f| json!({"title": f.meta.title, "href": format!("{root}forms/{}/index.html", f.slug), "description": f.meta.description})).collect::<Vec<_>>(),
            "toolkit": self.toolkit_parts(root),
            "case_study_count": lib.case_studies.len(),
            "breadcrumbs": [],
        })
    }

    fn toolkit_parts(&self, root: &str) -> Value {
        let tk = &self.library.toolkit;
        Value::Array(
            tk.sections
                .iter()
                .filter(|s| s.depth == 1)
                .map(|s| json!({"title": s.meta.title, "number": s.number, "href": format!("{root}{}", s.url()), "description": s.meta.description}))
                .collect(),
        )
    }

    fn library_page(&self, root: &str, extra: &mut Extra) -> Value {
        extra.push((
            "cards",
            self.cards(0..self.library.case_studies.len(), root),
        ));
        let lib = self.library;
        let intro = lib.intros.get("case-studies");
        let filters: Vec<Value> = Taxonomy::ALL
            .iter()
            .map(|&t| {
                let terms = lib.taxonomies.get(&t).map(|i| i.ordered(t)).unwrap_or_default();
                json!({
                    "key": t.url_segment(),
                    "title": t.title(&lib.config),
                    "terms": terms.iter().map(|term| json!({"slug": term.slug, "name": term.name, "count": term.case_studies.len(), "href": format!("{root}{}/{}/index.html", t.url_segment(), term.slug)})).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({
            "title": intro.map(|p| p.meta.title.clone()).unwrap_or_else(|| self.t("case_studies")),
            "content": intro.map(|p| self.body_html(&p.source)).unwrap_or_default(),
            "filters": filters,
            "add_case_study_url": crate::contribute::add_case_study_url(lib),
            "section": "case-studies",
            "breadcrumbs": self.crumbs(root, &[]),
        })
    }

    fn case_study(&self, i: usize, root: &str, extra: &mut Extra) -> Value {
        let lib = self.library;
        let related = lib.related.get(i).map(Vec::as_slice).unwrap_or_default();
        extra.push(("related", self.cards(related.iter().copied(), root)));
        let cs = &lib.case_studies[i];
        let m = &cs.meta;
        let (content, toc) = self.case_study_body(i);
        let principles: Vec<Value> = m
            .principles
            .iter()
            .filter_map(|p| {
                let (set_id, pid) = p.value.split_once('/')?;
                let set = lib.principle_sets.iter().find(|s| s.id == set_id)?;
                let (_, principle) = set.principle(pid)?;
                Some(json!({"name": principle.name, "set": set.meta.title, "href": format!("{root}principles/{set_id}/{pid}/index.html")}))
            })
            .collect();
        json!({
            "title": m.title,
            "description": m.summary,
            "summary": m.summary,
            "when": self.library.page_languages.when(cs),
            "date": cs.sort_date().map(|d| d.iso()),
            "place": self.term_links(Taxonomy::Places, std::slice::from_ref(&m.place.value), root),
            "organisations": m.organisations,
            "themes": self.term_links(Taxonomy::Themes, &cs.terms(Taxonomy::Themes), root),
            "approaches": self.term_links(Taxonomy::Approaches, &cs.terms(Taxonomy::Approaches), root),
            "fields": self.term_links(Taxonomy::FieldsOfPractice, &cs.terms(Taxonomy::FieldsOfPractice), root),
            "level": cs.engagement_level().map(|l| Taxonomy::EngagementLevels.display_name(&lib.config, l.as_str())),
            "spectrum": if cs.engagement_level().is_some() { self.spectrum(root, cs.engagement_level()) } else { json!([]) },
            "principles": principles,
            "outcomes": m.outcomes,
            "links": m.links,
            "contact": m.contact,
            "people": m.people.iter().map(|p| p.value.as_str()).collect::<Vec<_>>(),
            "source": m.source,
            "licence": m.licence,
            "image": crate::images::picture(lib, m.image.as_ref(), &cs.source, root),
            "content": content,
            "toc": toc,
            "section": "case-studies",
            "breadcrumbs": self.crumbs(root, &[(self.t("case_studies").as_str(), "case-studies/index.html")]),
        })
    }

    fn toolkit_section(&self, i: usize, root: &str, extra: &mut Extra) -> Value {
        let lib = self.library;
        let tk = &lib.toolkit;
        let s = &tk.sections[i];
        let body = self.body(&s.source);
        let chain = tk.ancestors(i);
        let crumb_items: Vec<(String, String)> = chain[..chain.len() - 1]
            .iter()
            .map(|&a| (tk.sections[a].numbered_title(), tk.sections[a].url()))
            .collect();
        let crumb_refs: Vec<(&str, &str)> = crumb_items
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let nav = |j: usize| {
            let t = &tk.sections[j];
            json!({"title": t.meta.title, "number": t.number, "href": format!("{root}{}", t.url())})
        };
        let sidebar: Vec<Value> = tk
            .sections
            .iter()
            .enumerate()
            .map(|(j, t)| {
                json!({
                    "title": t.meta.title,
                    "number": t.number,
                    "depth": t.depth,
                    "href": format!("{root}{}", t.url()),
                    "current": j == i,
                    "open": chain.contains(&j) || t.parent.is_none_or(|p| chain.contains(&p)) ,
                })
            })
            .collect();
        let callouts = s
            .meta
            .callouts
            .iter()
            .filter_map(|c| lib.callout_target(&c.value));
        extra.push(("callouts", self.cards(callouts, root)));
        json!({
            "title": s.meta.title,
            "number": s.number,
            "numbered_title": s.numbered_title(),
            "image": crate::images::picture(lib, s.meta.image.as_ref(), &s.source, root),
            "description": s.meta.description.clone().unwrap_or_else(|| lib.config.description.clone()),
            "content": self.body_html(&s.source),
            "toc": body.toc,
            "resources": s.meta.resources,
            "children": tk.children(i).map(|(j, _)| nav(j)).collect::<Vec<_>>(),
            "previous": i.checked_sub(1).map(nav),
            "next": (i + 1 < tk.sections.len()).then(|| nav(i + 1)),
            "sidebar": sidebar,
            "section": "toolkit",
            "breadcrumbs": self.crumbs(root, &crumb_refs),
        })
    }

    fn principles(&self, root: &str) -> Value {
        let lib = self.library;
        let intro = lib.intros.get("principles");
        json!({
            "title": intro.map(|p| p.meta.title.clone()).unwrap_or_else(|| self.t("principles")),
            "content": intro.map(|p| self.body_html(&p.source)).unwrap_or_default(),
            "sets": lib.principle_sets.iter().map(|s| json!({
                "title": s.meta.title,
                "description": s.meta.description,
                "href": format!("{root}principles/{}/index.html", s.id),
                "principles": s.meta.principles.iter().map(|p| json!({"name": p.name, "href": format!("{root}principles/{}/{}/index.html", s.id, p.id.value)})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "section": "principles",
            "breadcrumbs": self.crumbs(root, &[]),
        })
    }

    fn principle_description(&self, set: usize, j: usize, root: &str) -> String {
        let s = &self.library.principle_sets[set];
        let p = &s.meta.principles[j];
        let origin = Origin {
            path: &s.source.path,
            file_text: &s.source.text,
            offset: None,
            fallback_line: p.id.line,
        };
        markdown::render_inline(&p.description, origin, root, self.targets).html
    }

    fn principle_set(&self, i: usize, root: &str) -> Value {
        let lib = self.library;
        let s = &lib.principle_sets[i];
        json!({
            "title": s.meta.title,
            "description": s.meta.description.clone().unwrap_or_else(|| lib.config.description.clone()),
            "content": self.body_html(&s.source),
            "source": s.meta.source,
            "principles": s.meta.principles.iter().enumerate().map(|(j, p)| json!({
                "id": p.id.value,
                "name": p.name,
                "description": self.principle_description(i, j, root),
                "href": format!("{root}principles/{}/{}/index.html", s.id, p.id.value),
                "count": lib.citations.get(&format!("{}/{}", s.id, p.id.value)).map_or(0, Vec::len),
            })).collect::<Vec<_>>(),
            "section": "principles",
            "breadcrumbs": self.crumbs(root, &[(self.t("principles").as_str(), "principles/index.html")]),
        })
    }

    fn principle(&self, i: usize, j: usize, root: &str, extra: &mut Extra) -> Value {
        let lib = self.library;
        let s = &lib.principle_sets[i];
        let p = &s.meta.principles[j];
        let citing = lib
            .citations
            .get(&format!("{}/{}", s.id, p.id.value))
            .cloned()
            .unwrap_or_default();
        extra.push(("cards", self.cards(citing.iter().copied(), root)));
        let set_url = format!("principles/{}/index.html", s.id);
        json!({
            "title": p.name,
            "number": j + 1,
            "set": {"title": s.meta.title, "href": format!("{root}{set_url}")},
            "description": s.meta.description.clone().unwrap_or_else(|| lib.config.description.clone()),
            "content": self.principle_description(i, j, root),
            "others": s.meta.principles.iter().enumerate().filter(|(k, _)| *k != j).map(|(k, o)| json!({
                "number": k + 1,
                "name": o.name,
                "href": format!("{root}principles/{}/{}/index.html", s.id, o.id.value),
            })).collect::<Vec<_>>(),
            "section": "principles",
            "breadcrumbs": self.crumbs(root, &[(self.t("principles").as_str(), "principles/index.html"), (&s.meta.title, &set_url)]),
        })
    }

    fn forms(&self, root: &str) -> Value {
        let lib = self.library;
        let intro = lib.intros.get("forms");
        json!({
            "title": intro.map(|p| p.meta.title.clone()).unwrap_or_else(|| self.t("forms")),
            "content": intro.map(|p| self.body_html(&p.source)).unwrap_or_default(),
            "forms": lib.forms.iter().map(|f| json!({"title": f.meta.title, "description": f.meta.description, "href": format!("{root}forms/{}/index.html", f.slug), "items": f.items().count()})).collect::<Vec<_>>(),
            "section": "forms",
            "breadcrumbs": self.crumbs(root, &[]),
        })
    }

    fn taxonomy(&self, t: Taxonomy, root: &str) -> Value {
        let lib = self.library;
        let terms = lib
            .taxonomies
            .get(&t)
            .map(|i| i.ordered(t))
            .unwrap_or_default();
        json!({
            "title": t.title(&lib.config),
            "key": t.url_segment(),
            "terms": terms.iter().map(|term| json!({"name": term.name, "count": term.case_studies.len(), "href": format!("{root}{}/{}/index.html", t.url_segment(), term.slug)})).collect::<Vec<_>>(),
            "spectrum": if t == Taxonomy::EngagementLevels { self.spectrum(root, None) } else { json!([]) },
            "section": "case-studies",
            "breadcrumbs": self.crumbs(root, &[(self.t("case_studies").as_str(), "case-studies/index.html")]),
        })
    }

    fn term(&self, t: Taxonomy, slug: &str, root: &str, extra: &mut Extra) -> Value {
        let lib = self.library;
        let term = &lib.taxonomies[&t].terms[slug];
        extra.push(("cards", self.cards(term.case_studies.iter().copied(), root)));
        let tax_url = format!("{}/index.html", t.url_segment());
        let title = t.title(&lib.config);
        let level = (t == Taxonomy::EngagementLevels)
            .then(|| {
                EngagementLevel::ALL
                    .iter()
                    .copied()
                    .find(|l| l.as_str() == term.term)
            })
            .flatten();
        json!({
            "title": term.name,
            "taxonomy": {"title": title, "href": format!("{root}{tax_url}"), "key": t.url_segment()},
            "spectrum": if level.is_some() { self.spectrum(root, level) } else { json!([]) },
            "section": "case-studies",
            "breadcrumbs": self.crumbs(root, &[(self.t("case_studies").as_str(), "case-studies/index.html"), (&title, &tax_url)]),
        })
    }

    fn plain_page(&self, title: &str, description: Option<&str>, source: &Source) -> Value {
        let body = self.body(source);
        let mut v = json!({
            "title": title,
            "content": self.body_html(source),
            "toc": body.toc,
            "breadcrumbs": [],
        });
        if let Some(d) = description {
            v["description"] = json!(d);
        }
        v
    }

    fn glossary(&self) -> Value {
        let g = self
            .library
            .glossary
            .as_ref()
            .expect("glossary job only when present");
        let mut terms: Vec<_> = g.meta.terms.iter().collect();
        terms.sort_by_key(|t| t.term.to_lowercase());
        json!({
            "title": g.meta.title,
            "content": self.body_html(&g.source),
            "terms": terms.iter().map(|t| json!({"id": crate::content::slugify(&t.term), "term": t.term, "expansion": t.expansion, "definition": t.definition})).collect::<Vec<_>>(),
            "breadcrumbs": [],
        })
    }

    /// sitemap.xml: absolute URLs (from base_url) of every HTML page but the 404 page.
    fn sitemap(&self, html_pages: impl Iterator<Item = String>) -> String {
        let base = base_url(&self.library.config.base_url);
        let mut paths: Vec<String> = html_pages.filter(|p| p != "404.html").collect();
        paths.sort();
        paths.dedup();
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for path in &paths {
            let pretty = path.strip_suffix("index.html").unwrap_or(path);
            xml.push_str(&format!(
                "  <url><loc>{}</loc></url>\n",
                escape(&format!("{base}{pretty}"))
            ));
        }
        xml.push_str("</urlset>\n");
        xml
    }

    /// atom.xml: the newest 50 case studies. Dates come from the content, never the clock,
    /// so two builds are identical.
    fn atom(&self) -> String {
        let lib = self.library;
        let base = base_url(&lib.config.base_url);
        let updated = lib
            .case_studies
            .iter()
            .filter_map(|c| c.sort_date())
            .max()
            .map(|d| d.iso())
            .unwrap_or_else(|| "1970-01-01".into());
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <link href=\"{base}atom.xml\" rel=\"self\"/>\n  <link href=\"{base}\"/>\n  <id>{base}</id>\n  <updated>{updated}T00:00:00Z</updated>\n",
            escape(&lib.config.language),
            escape(&lib.config.title),
            escape(&lib.config.description),
        );
        for cs in lib.case_studies.iter().take(50) {
            let url = format!("{base}case-studies/{}/", cs.slug);
            let date = cs
                .sort_date()
                .map(|d| d.iso())
                .unwrap_or_else(|| "1970-01-01".into());
            xml.push_str(&format!(
                "  <entry>\n    <title>{}</title>\n    <link href=\"{}\"/>\n    <id>{}</id>\n    <updated>{date}T00:00:00Z</updated>\n    <summary>{}</summary>\n{}  </entry>\n",
                escape(&cs.meta.title),
                escape(&url),
                escape(&url),
                escape(&cs.meta.summary),
                cs.meta.organisations.iter().map(|o| format!("    <author><name>{}</name></author>\n", escape(o))).collect::<String>(),
            ));
        }
        xml.push_str("</feed>\n");
        xml
    }

    fn robots(&self) -> String {
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            base_url(&self.library.config.base_url)
        )
    }
}

/// The `<base href>` of the 404 page (of its language): the path of `base_url`, e.g.
/// `/co-production-library/` or `/co-production-library/cy/`.
fn not_found_base(library: &Library) -> String {
    let base = base_url(&library.config.base_url);
    let path = match base.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None if base.starts_with('/') => base.as_str(),
        None => "/",
    };
    let languages = &library.page_languages;
    format!("{path}{}", languages.prefix(&languages.current.code))
}

fn base_url(base: &str) -> String {
    if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    }
}

/// Languages written right to left.
pub fn is_rtl(language: &str) -> bool {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    matches!(
        primary,
        "ar" | "he" | "fa" | "ur" | "ps" | "sd" | "ug" | "yi" | "dv" | "ckb"
    )
}
