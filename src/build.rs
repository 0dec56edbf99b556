//! The build as a flat list of named stages, from a loaded library to every file in the sink:
//!
//! ```text
//! theme      the templates and files of the theme, after the library's own   (theme.rs)
//! images     the pictures under content/ made into sizes for every screen     (images.rs)
//! strings    the interface strings of every language                          (i18n.rs)
//! plan       Library -> Site: every output file and its address, each once    (site/)
//! bodies     every Markdown body but the case studies', links checked
//! pages      every page of the default language, each case study's body
//!            checked as its page renders it
//! anchors    every `@/page.md#anchor`, now that every page's headings are known
//! search     the search index and the open data                               (search.rs, data.rs)
//! languages  every other language under <code>/                               (render/languages.rs)
//! files      the theme's and library's files, sitemap, feed, robots.txt
//! offline    the app manifest, icons and the service worker                   (offline.rs)
//! ```
//!
//! A problem found at any stage fails the build, reported with every other problem found; a
//! library with errors is rendered into a sink that keeps nothing, only to find more of them.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::Library;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::i18n::{PageLanguages, Strings};
use crate::images::Images;
use crate::output::{Discard, Output, Sink};
use crate::render::languages::LanguagePages;
use crate::render::markdown::Rendered;
use crate::render::templates::Templates;
use crate::render::{self, LinkTargets, RenderInputs, RenderOptions, Renderer, SiteFiles};
use crate::site::Site;
use crate::theme::Theme;

/// What a checked render made, besides its files.
pub(crate) struct Finished {
    pub(crate) warnings: Vec<Diagnostic>,
    /// What the service worker precaches.
    pub(crate) precache: crate::offline::Precache,
    /// The heaviest pages and the search index's files, against `[budgets]` (src/budget.rs).
    pub(crate) weights: crate::budget::Weights,
}

/// Renders a loaded library into `sink`, unless it has errors; the library's own errors and
/// the render's (broken links) are reported together.
pub(crate) fn render_checked(
    library: &Library,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<Finished, Error> {
    let (theme, mut warnings) =
        Theme::resolve(&library.root, &library.config.theme, &library.templates)?;
    let mut errors = library.errors.clone();
    let strings = strings(library, &mut errors);
    let site = plan(library, &theme, &mut errors)?;
    // No build writes more than `output_mb` (src/output/bounded.rs).
    let bounded = crate::output::Bounded::new(sink, library.config.limits.output_bytes());
    // A library with errors is rendered into a throw-away sink, only to find link errors too.
    let target: &dyn Sink = if errors.is_empty() {
        &bounded
    } else {
        &Discard
    };
    // Every file passes the meter (sizes for the summary) and the recorder, which then writes
    // the manifest, icons and sw.js.
    let meter = crate::budget::Meter::new(target);
    let recorder = crate::offline::Recorder::new(&meter);
    let images = images(library);
    let site_files = SiteFiles {
        library,
        images: &images,
        site: &site,
        theme: &theme,
        strings: &strings,
    };
    match render_site(&site_files, options, &recorder) {
        Ok(render_warnings) if errors.is_empty() => {
            // `serve` (which injects live reload) never keeps pages offline: they would go stale.
            let purpose = match options.body_end {
                Some(_) => crate::offline::Purpose::Serve,
                None => crate::offline::Purpose::Build,
            };
            let precache = crate::offline::finish(&library.config, &site, &recorder, purpose)
                .map_err(Error::from_diagnostic)?;
            warnings.extend(library.warnings.iter().cloned());
            warnings.extend(render_warnings);
            let weights = meter.weights(&site, &library.config.budgets, precache.bytes);
            Ok(Finished {
                warnings,
                precache,
                weights,
            })
        }
        Ok(_) => Err(Error::Content(errors)),
        Err(mut render_errors) => {
            errors.append(&mut render_errors);
            sort_problems(&mut errors);
            Err(Error::Content(errors))
        }
    }
}

/// What `cairn check` needs of a build: every problem the stages after loading find (the
/// library's own are the caller's), and the plan and strings for its own checks.
pub(crate) struct Checked {
    pub(crate) problems: Vec<Diagnostic>,
    pub(crate) site: Option<Site>,
    pub(crate) strings: Strings,
}

/// Runs every stage of a build into a sink that keeps nothing: `cairn check`.
pub(crate) fn check(library: &Library, theme: &Theme) -> Checked {
    let mut problems = Vec::new();
    let strings = strings(library, &mut problems);
    let site = match Site::plan(library, theme.assets.keys().map(String::as_str)) {
        Ok(site) => Some(site),
        Err(clashes) => {
            problems.extend(clashes);
            None
        }
    };
    if let Some(site) = &site {
        let images = images(library);
        let files = SiteFiles {
            library,
            images: &images,
            site,
            theme,
            strings: &strings,
        };
        match render_site(&files, &RenderOptions::default(), &Discard) {
            Ok(warnings) => problems.extend(warnings),
            Err(errors) => {
                problems.extend(errors);
                // The pictures' warnings, which the stages stop before when there are errors.
                problems.extend(images.warnings.iter().cloned());
            }
        }
    }
    Checked {
        problems,
        site,
        strings,
    }
}

/// Stage `images`: the library's pictures made into sizes for every screen, or read back from
/// the cache of an earlier build (src/images.rs).
pub(crate) fn images(library: &Library) -> Arc<Images> {
    Arc::new(crate::images::process(&library.root, &library.assets))
}

/// Stage `strings`: the interface strings of every language; problems with their files join
/// `errors` (the pages are then rendered, to find more problems, with the built-in strings).
fn strings(library: &Library, errors: &mut Vec<Diagnostic>) -> Strings {
    match Strings::load(&library.root, &library.config) {
        Ok(strings) => strings,
        Err(problems) => {
            errors.extend(problems);
            sort_problems(errors);
            Strings::default()
        }
    }
}

/// Stage `plan`: every output file and its address. Two claims on one address stop the build
/// here, with every other problem of the library.
fn plan(library: &Library, theme: &Theme, errors: &mut Vec<Diagnostic>) -> Result<Site, Error> {
    let fail = |errors: &mut Vec<Diagnostic>, problems: Vec<Diagnostic>| {
        let mut all = std::mem::take(errors);
        all.extend(problems);
        sort_problems(&mut all);
        Error::Content(all)
    };
    let site = Site::plan(library, theme.assets.keys().map(String::as_str))
        .map_err(|problems| fail(errors, problems))?;
    // Past `generated_pages` (every page, in every language), nothing is written.
    let pages = site.pages().len() * site.languages().len();
    (library.config.limits)
        .check_generated_pages(pages)
        .map_err(|d| fail(errors, vec![d]))?;
    Ok(site)
}

fn sort_problems(problems: &mut Vec<Diagnostic>) {
    problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    problems.dedup();
}

/// The stages from `bodies` to `files`, in order. Returns the warnings, or every error found.
fn render_site(
    files: &SiteFiles<'_>,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let SiteFiles { library, site, .. } = *files;
    let templates = Templates::new(files.theme)?;
    let page_languages = PageLanguages::new(library, files.strings, &library.config.language);
    let targets = render::link_targets(library, site, &library.config.language, Some(files.images));
    let mut warnings = Vec::new();
    let mut bodies = bodies(library, &targets, &mut warnings)?;
    let inputs = RenderInputs {
        site,
        languages: &page_languages,
        bodies: &bodies,
        targets: &targets,
        templates: &templates,
    };
    let rendered = pages(library, inputs, options, sink);
    let mut errors = rendered.errors;
    let (anchor_errors, anchor_warnings) = anchors(library, &mut bodies, rendered.checked);
    errors.extend(anchor_errors);
    warnings.extend(anchor_warnings);
    // Only a library without errors gets a search index and open data: the output of one
    // with errors is thrown away.
    if errors.is_empty() {
        search_and_data(library, site, rendered.texts, sink, &mut warnings)?;
    }
    // The site's other files: small, gathered here, then put in the sink.
    let mut output = Output::default();
    let other = languages(files, &templates, options, &|_| true, sink, &mut output);
    warnings.extend(other.warnings);
    errors.extend(other.errors);
    if !errors.is_empty() {
        errors.dedup();
        return Err(errors);
    }
    site_files(files, other.urls, &mut output, &mut warnings);
    // Characters the feed and sitemap cannot carry, warned about at their source.
    warnings.extend(render::xml_text::feed_warnings(library));
    put_all(&output, sink)?;
    warnings.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    Ok(warnings)
}

/// Stage `bodies`: every Markdown body but the case studies' checked, resolving `@/` links.
/// Case studies, most of a large library, are checked as their pages are rendered (their
/// bodies are then parsed once, not twice); the rest first, so that their problems stop the
/// build before any page is rendered, reported with the case studies' and the anchors'.
fn bodies(
    library: &Library,
    targets: &LinkTargets,
    warnings: &mut Vec<Diagnostic>,
) -> Result<BTreeMap<String, Rendered>, Vec<Diagnostic>> {
    let mut bodies = render::check_sources(library.sources_but_case_studies(), targets);
    let (errors, early_warnings) = render::problems_of(bodies.values());
    warnings.extend(early_warnings);
    if errors.is_empty() {
        return Ok(bodies);
    }
    bodies.extend(render::check_sources(
        library.case_studies.iter().map(|c| &c.source),
        targets,
    ));
    let mut all = render::problems_of(bodies.values()).0;
    all.extend(render::split_problems(render::check_anchors(library, &bodies)).0);
    Err(all)
}

/// What stage `pages` found.
struct RenderedPages {
    errors: Vec<Diagnostic>,
    /// Each case study's text for the search index.
    texts: Vec<Option<String>>,
    /// The case studies' bodies, checked as their pages rendered them, in file order.
    checked: Vec<(String, Rendered)>,
}

/// Stage `pages`: every page of the default language into `sink`, in parallel.
fn pages(
    library: &Library,
    inputs: RenderInputs<'_>,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> RenderedPages {
    let site = inputs.site;
    let mut renderer = Renderer::new(library, inputs);
    let mut errors: Vec<Diagnostic> = crate::output::with_io_threads(|| {
        site.pages()
            .par_iter()
            .filter(|page| page.in_language(&library.config.language))
            .filter_map(|page| renderer.write_page(page, &page.url, options, sink).err())
            .collect()
    });
    // The library's filter data, made from the same cards (src/render/listing.rs).
    errors.extend(renderer.write_library_data("", &|_| true, sink));
    errors.extend(renderer.card_errors());
    let texts = renderer.take_texts();
    let mut checked = renderer.take_checked();
    // In file order, so that problems are reported in the same order every time.
    checked.sort_by(|a, b| a.0.cmp(&b.0));
    RenderedPages {
        errors,
        texts,
        checked,
    }
}

/// Stage `anchors`: the case studies' problems, and every `@/page.md#anchor` now that all
/// headings are known. Returns the errors and the warnings.
fn anchors(
    library: &Library,
    bodies: &mut BTreeMap<String, Rendered>,
    checked: Vec<(String, Rendered)>,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let (mut errors, mut warnings) = render::problems_of(checked.iter().map(|(_, r)| r));
    let case_study_paths: Vec<String> = checked.iter().map(|(path, _)| path.clone()).collect();
    bodies.extend(checked);
    let (anchor_errors, anchor_warnings) =
        render::split_problems(render::check_anchors(library, bodies));
    // Nothing after this reads the case studies' bodies: freed before the search index, the
    // build's largest use of memory, is made.
    for path in &case_study_paths {
        bodies.remove(path);
    }
    errors.extend(anchor_errors);
    warnings.extend(anchor_warnings);
    (errors, warnings)
}

/// Stage `search`: the search index (src/search.rs), from the case studies' `texts` that
/// rendering their pages found, and the open data (src/data.rs), side by side: the data files
/// are made on one thread while the index uses the rest. Each is put in `sink` at once and
/// freed; the search's warnings join `warnings`.
fn search_and_data(
    library: &Library,
    site: &Site,
    texts: Vec<Option<String>>,
    sink: &dyn Sink,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(), Vec<Diagnostic>> {
    let (search, data) = rayon::join(
        || {
            let mut index = Output::default();
            let warnings = crate::search::insert_with_texts(library, site, texts, &mut index);
            put_all(&index, sink).map(|()| warnings)
        },
        || {
            let mut data = Output::default();
            crate::data::insert(library, site, &mut data);
            put_all(&data, sink)
        },
    );
    warnings.extend(search?);
    data
}

/// Stage `languages`: every language but the default, as its readers see the library: its
/// pages into `sink` (those `wanted` accepts, by their URL in the default language), and its
/// search index, open data and content files into `output`, all under its root (`cy/`).
fn languages(
    files: &SiteFiles<'_>,
    templates: &Templates,
    options: &RenderOptions,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    sink: &dyn Sink,
    output: &mut Output,
) -> LanguagePages {
    let SiteFiles { library, site, .. } = *files;
    let mut done = LanguagePages::default();
    for (code, prefix) in site.languages().iter().skip(1) {
        let localized = crate::i18n::localize(library, code);
        let pages = render::languages::render_language(
            files,
            &localized,
            (code, prefix),
            templates,
            options,
            wanted,
            sink,
        );
        done.warnings.extend(pages.warnings);
        done.urls.extend(pages.urls);
        if !pages.errors.is_empty() {
            done.errors.extend(pages.errors);
            continue;
        }
        // One search index per language, stemmed where elasticlunr-rs has a stemmer, and the
        // open data in this language (its data page links to them).
        let mut own = Output::default();
        crate::data::insert(&localized, site, &mut own);
        done.warnings
            .extend(crate::search::insert(&localized, site, &mut own));
        for (path, bytes) in own.files() {
            output.insert(format!("{prefix}{path}"), bytes.to_vec());
        }
        // Files beside the content (images), which pages link to relatively.
        for asset in localized.assets.iter().filter(|a| !a.is_static()) {
            output.insert(
                format!("{prefix}{}", asset.output_path),
                asset.bytes.clone(),
            );
        }
    }
    done
}

/// Stage `files`: the theme's files, the library's own, then the sitemap (of every page, in
/// every language), the feed and robots.txt.
fn site_files(
    files: &SiteFiles<'_>,
    other_pages: Vec<String>,
    output: &mut Output,
    warnings: &mut Vec<Diagnostic>,
) {
    let SiteFiles {
        library,
        site,
        theme,
        ..
    } = *files;
    for (path, bytes) in &theme.assets {
        output.insert(path.clone(), bytes.clone());
    }
    for asset in &library.assets {
        output.insert(asset.output_path.clone(), asset.bytes.clone());
    }
    // The pictures' sizes under static/img/ (src/images.rs).
    warnings.extend(crate::images::publish(files.images, output));
    let html_pages = site
        .pages()
        .iter()
        .filter(|p| !p.kind.is_redirect() && p.in_language(&library.config.language))
        .map(|p| p.url.clone())
        .chain(other_pages)
        .chain(
            output
                .paths()
                .filter(|p| p.ends_with(".html"))
                .map(String::from),
        )
        .collect::<Vec<_>>();
    let sitemap = render::feeds::sitemap(library, html_pages.into_iter());
    output.insert(crate::site::SITEMAP.into(), sitemap.into_bytes());
    let atom = render::feeds::atom(library, site);
    output.insert(crate::site::FEED.into(), atom.into_bytes());
    let robots = render::feeds::robots(library);
    output.insert(crate::site::ROBOTS.into(), robots.into_bytes());
    // The web editor, `admin/`: after the sitemap, which must not list it; it adds its
    // `Disallow` line to robots.txt.
    crate::editor::insert(library, output);
}

/// Renders only the pages whose URL `wanted` accepts, from Markdown bodies rendered before, and
/// atom.xml: `serve`'s incremental rebuilds (src/incremental.rs).
pub(crate) fn render_pages(
    files: &SiteFiles<'_>,
    templates: &Templates,
    options: &RenderOptions,
    bodies: &BTreeMap<String, Rendered>,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let SiteFiles { library, site, .. } = *files;
    let page_languages = PageLanguages::new(library, files.strings, &library.config.language);
    let targets = render::link_targets(library, site, &library.config.language, Some(files.images));
    let renderer = Renderer::new(
        library,
        RenderInputs {
            site,
            languages: &page_languages,
            bodies,
            targets: &targets,
            templates,
        },
    );
    let mut errors: Vec<Diagnostic> = site
        .pages()
        .par_iter()
        .filter(|page| wanted(&page.url) && page.in_language(&library.config.language))
        .filter_map(|page| renderer.write_page(page, &page.url, options, sink).err())
        .collect();
    // The filter data's files, by their paths: `serve` rewrites only the chunks an edit changed.
    errors.extend(renderer.write_library_data("", wanted, sink));
    errors.extend(renderer.card_errors());
    if !errors.is_empty() {
        return Err(errors);
    }
    let atom = render::feeds::atom(library, site);
    sink.put(crate::site::FEED, atom.as_bytes())
        .map_err(|e| vec![e])?;
    // The same pages in every other language, with their search indexes and data files.
    let mut output = Output::default();
    let other = languages(files, templates, options, wanted, sink, &mut output);
    if !other.errors.is_empty() {
        return Err(other.errors);
    }
    for (path, bytes) in output.files() {
        sink.put(path, bytes).map_err(|e| vec![e])?;
    }
    Ok(())
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
