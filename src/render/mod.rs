//! Site -> pages: each page of the plan put through its template, in memory, with relative
//! URLs throughout.
//!
//! A [`Renderer`] holds what every page of one language needs: the library (as readers of
//! that language see it), the site plan, the interface strings, the Markdown bodies checked so
//! far and the compiled templates. [`Renderer::write_page`] makes one page's values — the
//! variables every page has (`context.rs`) and the page's own (`pages.rs`, one struct per
//! template, listed in `docs/templates.md`) — and renders it into the sink. The order of the
//! build's stages is in src/build.rs. Nothing here touches the disk.

mod bodies;
mod cards;
pub(crate) mod chart;
mod context;
#[cfg(test)]
mod contract;
pub(crate) mod feeds;
mod form_page;
pub mod glossary;
pub(crate) mod highlight;
pub(crate) mod languages;
mod links;
pub(crate) mod listing;
pub mod markdown;
mod pages;
mod print;
pub(crate) mod raw_html;
mod redirect;
pub(crate) mod sanitize;
pub(crate) mod templates;
pub(crate) mod xml_text;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;

pub use bodies::{
    check_anchors, check_sources, problems_of, render_bodies, render_source, split_problems,
};
use cards::{Cards, per_case_study};
use context::{Common, PageAddress, SiteValues, language_values};
pub(crate) use markdown::LinkTargets;
use markdown::Rendered;

use crate::content::{Library, Source};
use crate::diagnostic::Diagnostic;
use crate::i18n::PageLanguages;
use crate::i18n::Strings;
use crate::images::{Images, Pictures};
use crate::output::Sink;
use crate::site::{Page, PageKind, Site};
use crate::theme::Theme;
use crate::url::root_of;
use templates::{Extra, Templates};

/// What to render beyond the library itself.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// HTML injected before `</body>` on every page (the live-reload script of `serve`).
    pub body_end: Option<String>,
}

/// The `@/` link targets of pages in language `code`, from the plan, with the library's
/// pictures in every size when they have been made (src/images.rs).
pub fn link_targets(
    library: &Library,
    site: &Site,
    code: &str,
    images: Option<&Arc<Images>>,
) -> LinkTargets {
    let urls = match site.languages().first().is_some_and(|(c, _)| c == code) {
        true => site.content_urls().clone(),
        false => site.content_urls_in(code),
    };
    // Pages that failed to load are not reported again as broken links.
    let unloaded = markdown::unloaded(&library.errors, &urls);
    let prefixes = site.languages().iter().skip(1).map(|(_, p)| p.clone());
    let mut targets = LinkTargets::new(urls, site.files().clone(), prefixes.collect());
    targets.unloaded = unloaded;
    targets.highlight = highlight::Budget::new(std::time::Duration::from_secs(
        library.config.limits.highlight_seconds,
    ));
    targets.glossary = library.glossary.as_ref().map(glossary::Matcher::new);
    targets.raw_html = library.config.markdown.raw_html;
    targets.pictures = images.map(|i| Pictures::new(i.clone(), site.prefix(code)));
    // In another language, a link to a file only at the site's root climbs out of `cy/`.
    let up = "../".repeat(site.prefix(code).matches('/').count());
    if !up.is_empty() {
        let mut per_language: std::collections::HashSet<&str> =
            site.pages().iter().map(|p| p.url.as_str()).collect();
        per_language.extend(site.content_urls().values().map(String::as_str));
        per_language.insert(crate::site::SEARCH_INDEX);
        per_language.extend(crate::site::DATA_FILES);
        let root_only = (site.files().iter())
            .filter(|f| !per_language.contains(f.as_str()))
            .cloned()
            .collect();
        targets.root_only = (root_only, up);
    }
    targets
}

/// What every rendering stage reads.
pub(crate) struct SiteFiles<'a> {
    pub(crate) library: &'a Library,
    /// The library's pictures, made into sizes for every screen (src/images.rs).
    pub(crate) images: &'a Arc<Images>,
    pub(crate) site: &'a Site,
    pub(crate) theme: &'a Theme,
    pub(crate) strings: &'a Strings,
}

/// Renders the pages of one language.
pub(crate) struct Renderer<'a> {
    library: &'a Library,
    site: &'a Site,
    languages: &'a PageLanguages,
    /// `site` in every page's values.
    site_values: SiteValues,
    /// `t` in every template.
    template_strings: tera::Value,
    bodies: &'a BTreeMap<String, Rendered>,
    targets: &'a LinkTargets,
    templates: &'a Templates,
    cards: Cards,
    /// What rendering found in the bodies `bodies` lacks (case studies in a full build):
    /// problems, anchors and links to check, without the HTML or headings.
    checked: Mutex<Vec<(String, Rendered)>>,
    /// Each case study's text for the search index (see `Rendered::text`), kept when its page
    /// is rendered, so that the search does not parse its body again.
    texts: Vec<OnceLock<String>>,
    /// Each page's values as JSON with its template's name, when a test asks for them: the
    /// contract with `docs/templates.md` (`contract.rs`).
    #[cfg(test)]
    captured: Option<Mutex<Vec<(String, serde_json::Value)>>>,
}

/// What one renderer needs besides the library.
pub(crate) struct RenderInputs<'a> {
    pub(crate) site: &'a Site,
    pub(crate) languages: &'a PageLanguages,
    pub(crate) bodies: &'a BTreeMap<String, Rendered>,
    pub(crate) targets: &'a LinkTargets,
    pub(crate) templates: &'a Templates,
}

/// A page's values: those every page has, and its template's own.
#[derive(Serialize)]
struct PageValues<'a, T: Serialize> {
    #[serde(flatten)]
    common: Common<'a>,
    #[serde(flatten)]
    page: T,
}

/// The largest page buffer a rendering thread keeps for its next page, in bytes.
const PAGE_BUFFER_KEPT: usize = 1 << 20;

impl<'a> Renderer<'a> {
    pub(crate) fn new(library: &'a Library, inputs: RenderInputs<'a>) -> Renderer<'a> {
        let has_about = library.pages.iter().enumerate().any(|(i, p)| {
            p.slug == "about" && inputs.site.url(&PageKind::Page(i)) == "about/index.html"
        });
        Renderer {
            library,
            site: inputs.site,
            languages: inputs.languages,
            site_values: SiteValues::new(
                &library.config,
                library.glossary.is_some(),
                has_about,
                inputs.languages,
                inputs.site.sections(),
            ),
            template_strings: inputs.languages.template_strings(),
            bodies: inputs.bodies,
            targets: inputs.targets,
            templates: inputs.templates,
            cards: Cards::new(library),
            checked: Mutex::new(Vec::new()),
            texts: per_case_study(library),
            #[cfg(test)]
            captured: None,
        }
    }

    /// The case studies' texts that rendering their pages found, by case study.
    pub(crate) fn take_texts(&mut self) -> Vec<Option<String>> {
        std::mem::take(&mut self.texts)
            .into_iter()
            .map(OnceLock::into_inner)
            .collect()
    }

    /// What rendering pages found in bodies not checked before (see `checked`).
    pub(crate) fn take_checked(&self) -> Vec<(String, Rendered)> {
        std::mem::take(&mut *self.checked.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Errors from rendering cards (a theme's own `partials/card.html`), each once.
    pub(crate) fn card_errors(&self) -> Vec<Diagnostic> {
        self.cards.errors()
    }

    /// Renders `page` and puts it in `sink` at `path` (its URL, with its language's root).
    pub(crate) fn write_page(
        &self,
        page: &Page,
        path: &str,
        options: &RenderOptions,
        sink: &dyn Sink,
    ) -> Result<(), Diagnostic> {
        thread_local! {
            /// Each thread's page buffer, kept from page to page.
            static PAGE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        PAGE.with_borrow_mut(|buffer| {
            buffer.clear();
            let written = self
                .render_page(page, buffer)
                .and_then(|()| match &options.body_end {
                    // `serve`'s live reload, before the end of the body.
                    Some(body_end) => {
                        let html = String::from_utf8_lossy(buffer).replacen(
                            "</body>",
                            &format!("{body_end}</body>"),
                            1,
                        );
                        sink.put(path, html.as_bytes())
                    }
                    None => sink.put(path, buffer),
                });
            // A listing of every case study is far larger than a page: not kept.
            if buffer.capacity() > PAGE_BUFFER_KEPT {
                *buffer = Vec::new();
            }
            written
        })
    }

    /// Renders `page` into `out`: its own values by its kind, then its template.
    fn render_page(&self, page: &Page, out: &mut Vec<u8>) -> Result<(), Diagnostic> {
        let root = root_of(&page.url);
        let root = root.as_str();
        let mut extra = Extra::new();
        let template = page.template();
        match &page.kind {
            PageKind::Home => {
                let newest = 0..self.library.case_studies.len().min(6);
                extra.push(("newest", self.cards(newest, root)));
                self.finish(page, template, self.home(root), extra, out)
            }
            PageKind::Library | PageKind::LibraryPage(_) => {
                let n = page.kind.listing().map_or(1, |(_, n)| n);
                let shown = self.on_page(n, 0..self.library.case_studies.len());
                extra.push(("cards", self.cards(shown, root)));
                self.finish(page, template, self.library_page(n, root), extra, out)
            }
            PageKind::CaseStudy(i) => {
                let related = self
                    .library
                    .related
                    .get(*i)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                extra.push(("related", self.cards(related.iter().copied(), root)));
                self.finish(page, template, self.case_study(*i, root), extra, out)
            }
            PageKind::ToolkitSection(i) => {
                let callouts = self.library.toolkit.sections[*i]
                    .meta
                    .callouts
                    .iter()
                    .filter_map(|c| self.library.callout_target(&c.value));
                extra.push(("callouts", self.cards(callouts, root)));
                self.finish(page, template, self.toolkit_section(*i, root), extra, out)
            }
            PageKind::Principles => self.finish(page, template, self.principles(root), extra, out),
            PageKind::PrincipleSet(i) => {
                self.finish(page, template, self.principle_set(*i, root), extra, out)
            }
            PageKind::Principle(i, j) => {
                let set = &self.library.principle_sets[*i];
                let key = format!("{}/{}", set.id, set.meta.principles[*j].id.value);
                let citing = self
                    .library
                    .citations
                    .get(&key)
                    .cloned()
                    .unwrap_or_default();
                extra.push(("cards", self.cards(citing.iter().copied(), root)));
                self.finish(page, template, self.principle(*i, *j, root), extra, out)
            }
            PageKind::Forms => self.finish(page, template, self.forms(root), extra, out),
            PageKind::Form(i) => self.finish(page, template, self.form_page(*i, root), extra, out),
            PageKind::FormCollate(i) => {
                self.finish(page, template, self.form_collate(*i, root), extra, out)
            }
            PageKind::Taxonomy(t) => {
                self.finish(page, template, self.taxonomy(*t, root), extra, out)
            }
            PageKind::Term(t, slug) | PageKind::TermPage(t, slug, _) => {
                let n = page.kind.listing().map_or(1, |(_, n)| n);
                let term = &self.library.taxonomies[t].terms[slug];
                let shown = self.on_page(n, term.case_studies.iter().copied());
                extra.push(("cards", self.cards(shown, root)));
                self.finish(page, template, self.term(*t, slug, n, root), extra, out)
            }
            PageKind::Page(i) => {
                let p = &self.library.pages[*i];
                self.finish(
                    page,
                    template,
                    self.plain_page(&p.meta.title, &p.source),
                    extra,
                    out,
                )
            }
            PageKind::Intro(folder) => {
                let p = &self.library.intros[folder];
                self.finish(
                    page,
                    template,
                    self.plain_page(&p.meta.title, &p.source),
                    extra,
                    out,
                )
            }
            PageKind::Glossary => self.finish(page, template, self.glossary(), extra, out),
            PageKind::NotFound => {
                let values = pages::TitlePage {
                    title: self.t("page_not_found"),
                    breadcrumbs: Vec::new(),
                    base_href: Some(crate::url::site_path(
                        &self.library.config.base_url,
                        self.site.prefix(&self.languages.current.code),
                    )),
                };
                self.finish(page, template, values, extra, out)
            }
            PageKind::Data => self.finish(page, template, self.data_page(root), extra, out),
            PageKind::Search => self.finish(page, template, self.search_page(root), extra, out),
            PageKind::ToolkitPrint => {
                self.finish(page, template, self.toolkit_print(root), extra, out)
            }
            PageKind::PrinciplesPrint => {
                self.finish(page, template, self.principles_print(root), extra, out)
            }
            PageKind::Offline => {
                let values = pages::TitlePage {
                    title: "You are offline".into(),
                    breadcrumbs: Vec::new(),
                    base_href: None,
                };
                self.finish(page, template, values, extra, out)
            }
            PageKind::Redirect(i) => {
                let redirect = self.site.redirect(*i);
                let target = &self.site.pages()[redirect.target];
                let language = &self.languages.current;
                let html = redirect::html(&redirect::RedirectPage {
                    lang: &language.code,
                    dir: language.dir(),
                    href: &self.href(root, &target.url),
                    title: &redirect.title,
                    moved: &self.t("page_moved"),
                });
                out.extend_from_slice(html.as_bytes());
                Ok(())
            }
        }
    }

    /// The items of page `n` (from 1) of a listing of `all`, `[listing] page_size` a page.
    fn on_page<I: Iterator<Item = usize>>(&self, n: usize, all: I) -> impl Iterator<Item = usize> {
        let size = self.library.config.listing.page_size.max(1);
        all.skip((n.max(1) - 1) * size).take(size)
    }

    /// Renders `template` with the values every page has and `values`, the page's own.
    fn finish<T: Serialize>(
        &self,
        page: &Page,
        template: &str,
        values: T,
        extra: Extra,
        out: &mut Vec<u8>,
    ) -> Result<(), Diagnostic> {
        let root = root_of(&page.url);
        let source = self.page_source(&page.kind);
        let content_path = source.map(Source::content_path);
        let address = PageAddress {
            url: &page.url,
            root: &root,
            source: content_path.as_deref(),
            only_in: page.only_in.as_deref(),
        };
        let language = language_values(self.languages, self.site, &address);
        let description = self.description(&page.kind);
        let common = Common {
            root: &root,
            url: &page.url,
            site: &self.site_values,
            section: section(&page.kind),
            description: &description,
            print_url: self.print_url(&page.kind, &root),
            edit_url: source
                .and_then(|s| crate::contribute::edit_url(&self.library.config, &s.path)),
            meta: context::Meta {
                og_url: language.og_url,
                og_type: match page.kind {
                    PageKind::CaseStudy(_) => "article",
                    _ => "website",
                },
                twitter_card: "summary",
                jsonld: match page.kind {
                    PageKind::CaseStudy(i) => Some(crate::data::case_study_jsonld(self.library, i)),
                    _ => None,
                },
            },
            lang: language.lang,
            asset_root: language.asset_root,
            languages: language.languages,
            alternates: language.alternates,
            fallback: language.fallback,
            js_strings: language.js_strings,
            extra: self.page_extra(&page.kind),
        };
        let values = PageValues {
            common,
            page: values,
        };
        #[cfg(test)]
        self.capture(template, &values, &extra);
        self.templates.render_values(
            template,
            &values,
            extra,
            self.template_strings.clone(),
            out,
        )?;
        crate::text::replace_controls_in(out);
        Ok(())
    }

    /// The Markdown file a page is made from, if there is one.
    fn page_source(&self, kind: &PageKind) -> Option<&Source> {
        let lib = self.library;
        match kind {
            PageKind::Home => lib.home.as_ref().map(|p| &p.source),
            PageKind::Library => lib.intros.get("case-studies").map(|p| &p.source),
            PageKind::Principles => lib.intros.get("principles").map(|p| &p.source),
            PageKind::Forms => lib.intros.get("forms").map(|p| &p.source),
            PageKind::CaseStudy(i) => Some(&lib.case_studies[*i].source),
            PageKind::ToolkitSection(i) => Some(&lib.toolkit.sections[*i].source),
            PageKind::PrincipleSet(i) | PageKind::Principle(i, _) => {
                Some(&lib.principle_sets[*i].source)
            }
            PageKind::Form(i) => Some(&lib.forms[*i].source),
            PageKind::Page(i) => Some(&lib.pages[*i].source),
            PageKind::Intro(folder) => lib.intros.get(folder).map(|p| &p.source),
            PageKind::Glossary => lib.glossary.as_ref().map(|g| &g.source),
            _ => None,
        }
    }

    /// The `extra:` mapping of the file a page is made from (an empty one for Cairn's own).
    fn page_extra(&self, kind: &PageKind) -> &crate::content::Extra {
        static NONE: std::sync::LazyLock<crate::content::Extra> =
            std::sync::LazyLock::new(crate::content::Extra::new);
        let lib = self.library;
        let own = match kind {
            PageKind::Home => lib.home.as_ref().map(|p| &p.meta.extra),
            PageKind::Library => lib.intros.get("case-studies").map(|p| &p.meta.extra),
            PageKind::Principles => lib.intros.get("principles").map(|p| &p.meta.extra),
            PageKind::Forms => lib.intros.get("forms").map(|p| &p.meta.extra),
            PageKind::CaseStudy(i) => Some(&lib.case_studies[*i].meta.extra),
            PageKind::ToolkitSection(i) => Some(&lib.toolkit.sections[*i].meta.extra),
            PageKind::PrincipleSet(i) | PageKind::Principle(i, _) => {
                Some(&lib.principle_sets[*i].meta.extra)
            }
            PageKind::Form(i) | PageKind::FormCollate(i) => Some(&lib.forms[*i].meta.extra),
            PageKind::Page(i) => Some(&lib.pages[*i].meta.extra),
            PageKind::Intro(folder) => lib.intros.get(folder).map(|p| &p.meta.extra),
            PageKind::Glossary => lib.glossary.as_ref().map(|g| &g.meta.extra),
            _ => None,
        };
        own.unwrap_or(&NONE)
    }

    /// The page's one-sentence description: its own, else the library's.
    fn description(&self, kind: &PageKind) -> String {
        let lib = self.library;
        let own = match kind {
            PageKind::CaseStudy(i) => Some(lib.case_studies[*i].summary.clone()),
            PageKind::ToolkitSection(i) => lib.toolkit.sections[*i].meta.description.clone(),
            PageKind::PrincipleSet(i) | PageKind::Principle(i, _) => {
                lib.principle_sets[*i].meta.description.clone()
            }
            PageKind::Form(i) => lib.forms[*i].meta.description.clone(),
            PageKind::FormCollate(_) => Some(self.t("collate_intro")),
            PageKind::Page(i) => lib.pages[*i].meta.description.clone(),
            PageKind::Intro(folder) => lib.intros[folder].meta.description.clone(),
            PageKind::Data => Some(format!(
                "{} as open data: case studies as CSV and JSON, principles and forms as JSON, with a JSON Schema.",
                lib.config.title
            )),
            PageKind::Search => Some(format!("{} {}", self.t("search"), lib.config.title)),
            _ => None,
        };
        own.unwrap_or_else(|| lib.config.description.clone())
    }

    /// The body a check of the library found for `source` (headings, anchors).
    fn body(&self, source: &Source) -> &Rendered {
        static EMPTY: OnceLock<Rendered> = OnceLock::new();
        self.bodies
            .get(&source.content_path())
            .unwrap_or_else(|| EMPTY.get_or_init(Rendered::default))
    }

    /// The HTML of a source's body, rendered again for its page (see `render_bodies`).
    fn body_html(&self, source: &Source) -> String {
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

    /// An interface string in the page's language (src/i18n.rs).
    fn t(&self, key: &str) -> String {
        self.languages.t(key)
    }

    /// A link from a page whose path to the site root is `root` to `url`.
    fn href(&self, root: &str, url: &str) -> String {
        format!("{root}{url}")
    }
}

#[cfg(test)]
impl Renderer<'_> {
    /// Keeps `values` and the names of `extra` for the contract test (`contract.rs`).
    fn capture(&self, template: &str, values: &impl Serialize, extra: &Extra) {
        let Some(captured) = &self.captured else {
            return;
        };
        let mut json = serde_json::to_value(values).expect("page values serialize");
        for (name, _) in extra {
            json[*name] = serde_json::json!([{"html": ""}]);
        }
        json["t"] = serde_json::json!("");
        captured.lock().unwrap().push((template.to_string(), json));
    }
}

/// The page's section in the header navigation.
fn section(kind: &PageKind) -> &'static str {
    match kind {
        PageKind::Library
        | PageKind::LibraryPage(_)
        | PageKind::CaseStudy(_)
        | PageKind::Taxonomy(_)
        | PageKind::Term(..)
        | PageKind::TermPage(..) => "case-studies",
        PageKind::ToolkitSection(_) | PageKind::ToolkitPrint => "toolkit",
        PageKind::Principles
        | PageKind::PrincipleSet(_)
        | PageKind::Principle(..)
        | PageKind::PrinciplesPrint => "principles",
        PageKind::Forms | PageKind::Form(_) | PageKind::FormCollate(_) => "forms",
        _ => "",
    }
}
