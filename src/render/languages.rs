//! The pages of every language but the default, each under `<code>/` (src/i18n.rs).
//!
//! Each language renders the library as its readers see it ([`crate::i18n::localize`]): the
//! same jobs, URLs and templates as the default language, into a sink that puts `<code>/` in
//! front of every path. Links between pages stay relative, so they stay inside the language;
//! stylesheets and scripts come from the one copy at the site root (`asset_root`).

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::markdown::Rendered;
use super::templates::Templates;
use super::{RenderOptions, Site, all_sources, link_targets, render_bodies};
use crate::content::Library;
use crate::diagnostic::Diagnostic;
use crate::output::{Output, Sink};

/// A sink that writes under a folder of another sink.
struct Prefixed<'a> {
    inner: &'a dyn Sink,
    prefix: String,
}

impl Sink for Prefixed<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.inner.put(&format!("{}{path}", self.prefix), bytes)
    }
}

/// What rendering the other languages produced.
#[derive(Default)]
pub(super) struct LanguagePages {
    /// Every page written, relative to the site root (for sitemap.xml).
    pub urls: Vec<String>,
    pub warnings: Vec<Diagnostic>,
    pub errors: Vec<Diagnostic>,
}

/// Renders every language but the default into `sink` (the pages `wanted` accepts, by their URL
/// in the default language), and their search indexes and content files into `output`.
pub(super) fn render_other_languages(
    library: &Library,
    templates: &Templates,
    options: &RenderOptions,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    sink: &dyn Sink,
    output: &mut Output,
) -> LanguagePages {
    let mut done = LanguagePages::default();
    for code in crate::i18n::other_codes(&library.config) {
        let localized = crate::i18n::localize(library, &code);
        let prefix = format!("{code}/");
        // Links to any page, by its own content path or its translation's.
        let own = link_targets(&localized);
        let mut targets = link_targets(library);
        targets.urls.extend(own.urls);
        // Pictures from this language's pages: their sizes are at the site root, one up.
        targets.pictures = own.pictures;
        let bodies: BTreeMap<String, Rendered> = render_bodies(&localized, &targets);
        let mut problems: Vec<Diagnostic> = bodies
            .iter()
            .filter(|(path, _)| is_translation(path, &code))
            .flat_map(|(_, r)| r.problems.iter().cloned())
            .collect();
        problems.extend(translated_anchors(&localized, &bodies, &code));
        let (errors, warnings): (Vec<_>, Vec<_>) =
            problems.into_iter().partition(Diagnostic::is_error);
        done.warnings.extend(warnings);
        if !errors.is_empty() {
            done.errors.extend(errors);
            continue;
        }
        let site = Site::new(&localized, &bodies, &targets, templates);
        let jobs = site.jobs();
        let prefixed = Prefixed {
            inner: sink,
            prefix: prefix.clone(),
        };
        let errors: Vec<Diagnostic> = jobs
            .par_iter()
            // Only some pages, for `serve`'s incremental rebuilds (`render_pages`).
            .filter(|job| wanted(&job.url(&localized)))
            .filter_map(|job| {
                site.write_page(job, &job.url(&localized), options, &prefixed)
                    .err()
            })
            .collect();
        done.errors.extend(errors);
        done.errors.extend(site.card_errors());
        done.urls.extend(
            jobs.iter()
                .map(|j| format!("{prefix}{}", j.url(&localized))),
        );
        // One search index per language, stemmed where elasticlunr-rs has a stemmer, and the
        // open data in this language (its data page links to them).
        let mut own = Output::default();
        crate::data::insert(&localized, &mut own);
        done.warnings
            .extend(crate::search::insert(&localized, &mut own));
        for (path, bytes) in own.files() {
            output.insert(format!("{prefix}{path}"), bytes.to_vec());
        }
        // Files beside the content (images), which pages link to relatively.
        for asset in &localized.assets {
            if !asset.output_path.starts_with("static/") {
                output.insert(
                    format!("{prefix}{}", asset.output_path),
                    asset.bytes.clone(),
                );
            }
        }
    }
    done
}

/// Whether a content path is a translation into `code` (its problems are reported once, here;
/// the untranslated pages' problems are the default language's).
fn is_translation(content_path: &str, code: &str) -> bool {
    content_path.ends_with(&format!(".{code}.md"))
}

/// Links with `#anchor` in translations: the anchor must be on the page in this language (its
/// headings are translated too). Only headings are known here, so a miss is a warning; the
/// default language's build checks every anchor fully.
fn translated_anchors(
    localized: &Library,
    bodies: &BTreeMap<String, Rendered>,
    code: &str,
) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for source in all_sources(localized) {
        let path = source.content_path();
        if !is_translation(&path, code) {
            continue;
        }
        let Some(rendered) = bodies.get(&path) else {
            continue;
        };
        for link in &rendered.anchor_links {
            let own = link
                .target
                .strip_suffix(".md")
                .map(|base| format!("{base}.{code}.md"));
            let target = own
                .filter(|p| bodies.contains_key(p))
                .unwrap_or_else(|| link.target.clone());
            let Some(target_body) = bodies.get(&target) else {
                continue;
            };
            let has_headings = !target_body.anchors.is_empty();
            let is_set = localized
                .principle_sets
                .iter()
                .any(|s| s.source.content_path() == target)
                || localized
                    .glossary
                    .as_ref()
                    .is_some_and(|g| g.source.content_path() == target);
            if has_headings && !is_set && !target_body.anchors.contains(&link.anchor) {
                let mut known: Vec<&str> = target_body.anchors.iter().map(String::as_str).collect();
                known.sort();
                findings.push(
                    Diagnostic::warning_at(
                        &source.path,
                        link.line,
                        link.column,
                        format!(
                            "`@/{}` has no heading `#{}` in this language",
                            link.target, link.anchor
                        ),
                    )
                    .with_help(format!("its headings here are: {}", known.join(", ")))
                    .with_source(&source.text),
                );
            }
        }
    }
    findings
}
