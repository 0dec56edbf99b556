//! Markdown bodies checked and rendered for the page they appear on: `@/` links resolved
//! against the site plan's addresses, problems and headings collected, anchors checked once
//! every page's headings are known.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use super::markdown::{self, LinkTargets, Origin, Rendered};
use crate::content::{Library, Source};
use crate::diagnostic::Diagnostic;
use crate::url::root_of;

/// Every Markdown body checked as it would be rendered for the page it appears on: its
/// problems, headings and anchors, without the HTML. Pages render their body again when
/// written (`Renderer::body_html`): holding every page's HTML from here to the end would cost more
/// memory than the library itself.
pub fn render_bodies(library: &Library, targets: &LinkTargets) -> BTreeMap<String, Rendered> {
    check_sources(library.sources(), targets)
}

/// `sources`' bodies checked as `render_bodies` checks them.
pub fn check_sources<'a>(
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
fn markdown_of<'a>(source: &'a Source, targets: &'a LinkTargets) -> (&'a str, Origin<'a>, String) {
    let url = targets.urls.get(&source.content_path()).map(String::as_str);
    let origin = Origin {
        path: &source.path,
        file_text: &source.text,
        offset: Some(source.body_offset),
        fallback_line: 0,
        page: url,
    };
    (source.body(), origin, root_of(url.unwrap_or_default()))
}

/// Every `@/page.md#anchor` (and `#anchor`, and a relative link's) must name a heading (or principle, or glossary term) of its page.
pub fn check_anchors(library: &Library, bodies: &BTreeMap<String, Rendered>) -> Vec<Diagnostic> {
    let mut extra: HashMap<String, HashSet<String>> = HashMap::new();
    for set in &library.principle_sets {
        extra
            .entry(set.source.content_path())
            .or_default()
            .extend(set.meta.principles.iter().map(|p| p.id.value.clone()));
    }
    if let Some(g) = &library.glossary {
        extra
            .entry(g.source.content_path())
            .or_default()
            .extend(g.meta.terms.iter().map(|t| crate::text::slugify(&t.term)));
    }
    let sources: HashMap<String, &Source> =
        library.sources().map(|s| (s.content_path(), s)).collect();
    let mut problems = Vec::new();
    for (path, rendered) in bodies {
        for link in &rendered.anchor_links {
            // `#anchor` on the page itself: a heading (or footnote) of its own text, the ids
            // the printable toolkit can carry over.
            let same_page = link.target.is_empty();
            let target = if same_page { path } else { &link.target };
            let known = |a: &str| {
                bodies.get(target).is_some_and(|r| r.anchors.contains(a))
                    || extra.get(target).is_some_and(|s| s.contains(a))
            };
            if known(&link.anchor) {
                continue;
            }
            let mut candidates: Vec<&str> = bodies
                .get(target)
                .map(|r| r.anchors.iter().map(String::as_str).collect())
                .unwrap_or_default();
            candidates.extend(
                extra
                    .get(target)
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
                    match same_page {
                        true => format!("broken link: this page has no heading `#{}`", link.anchor),
                        false => match &link.written {
                            Some(written) => format!(
                                "broken link: `{written}` points at `#{}`, which is not a heading of `@/{}`",
                                link.anchor, link.target
                            ),
                            None => format!(
                                "broken link: `@/{}` has no heading `#{}`",
                                link.target, link.anchor
                            ),
                        },
                    },
                )
                .with_help(help)
                .with_source(&source.text),
            );
        }
    }
    problems
}

/// The errors and the warnings among the problems of `bodies`.
pub fn problems_of<'a>(
    bodies: impl Iterator<Item = &'a Rendered>,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    split_problems(bodies.flat_map(|r| r.problems.iter().cloned()).collect())
}

/// `problems` split into errors and warnings.
pub fn split_problems(problems: Vec<Diagnostic>) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    problems.into_iter().partition(Diagnostic::is_error)
}
