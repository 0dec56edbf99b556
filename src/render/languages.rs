//! The pages of every language but the default, each under `<code>/` (src/i18n.rs).
//!
//! Each language renders the library as its readers see it ([`crate::i18n::localize`]): the
//! same pages, URLs and templates as the default language (the site plan's), each written with
//! `<code>/` in front of its path. Links between pages stay relative, so they stay inside the language;
//! stylesheets and scripts come from the one copy at the site root (`asset_root`).

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::markdown::Rendered;
use super::templates::Templates;
use super::{RenderInputs, RenderOptions, Renderer, SiteFiles, render_bodies};
use crate::content::Library;
use crate::diagnostic::Diagnostic;
use crate::i18n::PageLanguages;
use crate::output::Sink;

/// What rendering one language's pages produced.
#[derive(Default)]
pub(crate) struct LanguagePages {
    /// Every page written, relative to the site root (for sitemap.xml).
    pub(crate) urls: Vec<String>,
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) errors: Vec<Diagnostic>,
}

/// Renders the pages of language `code` into `sink`, under its root `prefix` (the pages
/// `wanted` accepts, by their URL in the default language). `localized` is the library as
/// readers of `code` see it ([`crate::i18n::localize`]). Translations with errors leave the
/// language's pages unrendered.
pub(crate) fn render_language(
    files: &SiteFiles<'_>,
    localized: &Library,
    (code, prefix): (&str, &str),
    templates: &Templates,
    options: &RenderOptions,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    sink: &dyn Sink,
) -> LanguagePages {
    let site = files.site;
    let mut done = LanguagePages::default();
    let languages = PageLanguages::new(localized, files.strings, code);
    // Links to any page, by its own content path or its translation's.
    let targets = super::link_targets(localized, site, code, Some(files.images));
    let bodies: BTreeMap<String, Rendered> = render_bodies(localized, &targets);
    let mut problems: Vec<Diagnostic> = bodies
        .iter()
        .filter(|(path, _)| is_translation(path, code))
        .flat_map(|(_, r)| r.problems.iter().cloned())
        .collect();
    problems.extend(translated_anchors(localized, &bodies, code));
    let (errors, warnings): (Vec<_>, Vec<_>) = problems.into_iter().partition(Diagnostic::is_error);
    done.warnings = warnings;
    if !errors.is_empty() {
        done.errors = errors;
        return done;
    }
    let renderer = Renderer::new(
        localized,
        RenderInputs {
            site,
            languages: &languages,
            bodies: &bodies,
            targets: &targets,
            templates,
        },
    );
    done.errors = site
        .pages()
        .par_iter()
        // Only some pages, for `serve`'s incremental rebuilds (src/build.rs).
        .filter(|page| wanted(&page.url) && page.in_language(code))
        .filter_map(|page| {
            renderer
                .write_page(page, &format!("{prefix}{}", page.url), options, sink)
                .err()
        })
        .collect();
    // The library's filter data (the files of it `wanted` accepts, by path).
    done.errors
        .extend(renderer.write_library_data(prefix, wanted, sink));
    done.errors.extend(renderer.card_errors());
    // For the sitemap, which lists no redirect.
    done.urls = site
        .pages()
        .iter()
        .filter(|p| !p.kind.is_redirect() && p.in_language(code))
        .map(|p| format!("{prefix}{}", p.url))
        .collect();
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
    for source in localized.sources() {
        let path = source.content_path();
        if !is_translation(&path, code) {
            continue;
        }
        let Some(rendered) = bodies.get(&path) else {
            continue;
        };
        for link in rendered
            .anchor_links
            .iter()
            .filter(|l| !l.target.is_empty())
        {
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
