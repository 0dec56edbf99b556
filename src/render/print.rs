//! The printable pages: `toolkit/print/` (every toolkit section in order, on one page) and
//! `principles/print/` (every principle set). Each has a contents list, numbered headings and
//! the sections' footnotes; links between the sections become links within the page, and every
//! other link prints its address after its text (site.css, `@media print`).
//!
//! Each body is rendered again for the print page's URL, then rewritten: its ids (headings,
//! footnotes) get the section's prefix so two sections cannot clash, and its headings move down
//! under the section's own heading.

use std::collections::HashMap;

use serde::Serialize;

use super::Renderer;
use super::feeds::base_url;
use super::markdown::{self, Origin};
use super::pages::Crumb;
use crate::content::Source;
use crate::content::toolkit::Resource;
use crate::site::PageKind;
use crate::text::escape;

/// Site-relative page path (no fragment) -> the id of its part of a print page.
type Anchors = HashMap<String, String>;

/// The id a toolkit section has on the print page: `section-2-1`, or `introduction`.
fn section_id(number: &str) -> String {
    if number.is_empty() {
        "introduction".into()
    } else {
        format!("section-{}", number.replace('.', "-"))
    }
}

/// `toolkit-print.html`: every toolkit section in order.
#[derive(Debug, Serialize)]
pub(crate) struct ToolkitPrintPage<'a> {
    pub(crate) title: String,
    pub(crate) sections: Vec<PrintSection<'a>>,
    pub(crate) breadcrumbs: Vec<Crumb>,
}

#[derive(Debug, Serialize)]
pub(crate) struct PrintSection<'a> {
    /// Its anchor on the print page.
    pub(crate) id: String,
    pub(crate) number: &'a str,
    pub(crate) title: &'a str,
    pub(crate) depth: usize,
    /// The level of its heading (2 to 6).
    pub(crate) level: usize,
    pub(crate) content: String,
    pub(crate) resources: &'a [Resource],
}

/// `principles-print.html`: every principle set.
#[derive(Debug, Serialize)]
pub(crate) struct PrinciplesPrintPage<'a> {
    pub(crate) title: String,
    pub(crate) sets: Vec<PrintSet<'a>>,
    pub(crate) breadcrumbs: Vec<Crumb>,
}

#[derive(Debug, Serialize)]
pub(crate) struct PrintSet<'a> {
    pub(crate) id: &'a str,
    pub(crate) number: usize,
    pub(crate) title: &'a str,
    pub(crate) source: &'a Option<String>,
    pub(crate) content: String,
    pub(crate) principles: Vec<PrintPrinciple<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct PrintPrinciple<'a> {
    pub(crate) id: String,
    /// `1.2`: the set's number, then the principle's.
    pub(crate) number: String,
    pub(crate) name: &'a str,
    pub(crate) description: String,
}

impl Renderer<'_> {
    /// The "Print the toolkit" / "Print all principles" link of a page, if it has one.
    pub(super) fn print_url(&self, kind: &PageKind, root: &str) -> Option<String> {
        let print = match kind {
            PageKind::ToolkitSection(_) => PageKind::ToolkitPrint,
            PageKind::Principles | PageKind::PrincipleSet(_) => PageKind::PrinciplesPrint,
            _ => return None,
        };
        self.site.page(&print).map(|p| format!("{root}{}", p.url))
    }

    /// A Markdown body rendered for a page whose root is `root`.
    fn body_at(&self, source: &Source, root: &str) -> String {
        let origin = Origin {
            path: &source.path,
            file_text: &source.text,
            offset: Some(source.body_offset),
            fallback_line: 0,
            page: self
                .targets
                .urls
                .get(&source.content_path())
                .map(String::as_str),
        };
        markdown::render(source.body(), origin, root, self.targets).html
    }

    pub(super) fn toolkit_print(&self, root: &str) -> ToolkitPrintPage<'_> {
        let lib = self.library;
        let sections = &lib.toolkit.sections;
        let base = base_url(&lib.config.base_url);
        let anchors: Anchors = sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                (
                    self.site.toolkit_section(i).to_string(),
                    section_id(&s.number),
                )
            })
            .collect();
        let links = PrintLinks {
            root,
            anchors: &anchors,
            base: &base,
        };
        let parts = sections
            .iter()
            .map(|s| {
                let id = section_id(&s.number);
                // The introduction and top-level parts are h2, their sections h3, and so on.
                let level = (s.depth.max(1) + 1).min(6);
                let html = self.body_at(&s.source, root);
                PrintSection {
                    content: for_print(&html, &id, level - 1, &links),
                    id,
                    number: &s.number,
                    title: &s.meta.title,
                    depth: s.depth,
                    level,
                    resources: &s.meta.resources,
                }
            })
            .collect();
        let title = sections
            .first()
            .filter(|s| s.depth == 0)
            .map_or_else(|| "Toolkit".to_string(), |s| s.meta.title.clone());
        // The toolkit's introduction, or its first section when it has none.
        let toolkit = self.site.toolkit_section(0);
        ToolkitPrintPage {
            breadcrumbs: self.crumbs(root, &[(&title, toolkit)]),
            title,
            sections: parts,
        }
    }

    pub(super) fn principles_print(&self, root: &str) -> PrinciplesPrintPage<'_> {
        let lib = self.library;
        let base = base_url(&lib.config.base_url);
        let mut anchors = Anchors::new();
        for (i, set) in lib.principle_sets.iter().enumerate() {
            anchors.insert(self.site.principle_set(i).to_string(), set.id.clone());
            for (j, p) in set.meta.principles.iter().enumerate() {
                anchors.insert(
                    self.site.principle(i, j).to_string(),
                    format!("{}--{}", set.id, p.id.value),
                );
            }
        }
        let links = PrintLinks {
            root,
            anchors: &anchors,
            base: &base,
        };
        let sets = lib
            .principle_sets
            .iter()
            .enumerate()
            .map(|(i, set)| {
                let html = self.body_at(&set.source, root);
                PrintSet {
                    id: &set.id,
                    number: i + 1,
                    title: &set.meta.title,
                    source: &set.meta.source,
                    content: for_print(&html, &set.id, 1, &links),
                    principles: set
                        .meta
                        .principles
                        .iter()
                        .enumerate()
                        .map(|(j, p)| PrintPrinciple {
                            id: format!("{}--{}", set.id, p.id.value),
                            number: format!("{}.{}", i + 1, j + 1),
                            name: &p.name,
                            description: for_print(
                                &self.principle_description(i, j, root),
                                &set.id,
                                1,
                                &links,
                            ),
                        })
                        .collect(),
                }
            })
            .collect();
        let title = lib
            .intros
            .get("principles")
            .map_or_else(|| "Principles".to_string(), |p| p.meta.title.clone());
        PrinciplesPrintPage {
            title: format!("All {}", title.to_lowercase()),
            sets,
            breadcrumbs: self.crumbs(root, &[(&title, self.site.url(&PageKind::Principles))]),
        }
    }
}

/// What the links of a print page are resolved against: the page's path to the site root,
/// the id of each section on the page by its own page's path, and the site's address.
#[derive(Clone, Copy)]
struct PrintLinks<'a> {
    root: &'a str,
    anchors: &'a Anchors,
    base: &'a str,
}

/// Rewrites a body for a print page: ids get `prefix--` (section ids never hold `--`), headings move down `shift` levels,
/// links to parts of the page become `#ids`, and other links of the site carry their full
/// address in `data-print-url` for the print stylesheet.
fn for_print(html: &str, prefix: &str, shift: usize, links: &PrintLinks) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>').map(|c| c + open) else {
            break;
        };
        out.push_str(&rewrite_tag(&rest[open..=close], prefix, shift, links));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn rewrite_tag(tag: &str, prefix: &str, shift: usize, links: &PrintLinks) -> String {
    let PrintLinks {
        root,
        anchors,
        base,
    } = *links;
    let mut tag = tag.to_string();
    // <h2 ...> and </h2>: one level further down per `shift`, at most h6.
    let name_at = if tag.starts_with("</") { 2 } else { 1 };
    let bytes = tag.as_bytes();
    if bytes.len() > name_at + 1
        && bytes[name_at] == b'h'
        && (b'1'..=b'6').contains(&bytes[name_at + 1])
        && bytes
            .get(name_at + 2)
            .is_some_and(|b| *b == b'>' || b.is_ascii_whitespace())
    {
        let level = usize::from(bytes[name_at + 1] - b'0');
        let new = (level + shift).min(6);
        tag.replace_range(name_at + 1..name_at + 2, &new.to_string());
    }
    if let Some((start, end)) = attribute(&tag, "id") {
        let value = tag[start..end].to_string();
        tag.replace_range(start..end, &format!("{prefix}--{value}"));
    }
    if let Some((start, end)) = attribute(&tag, "href") {
        let href = tag[start..end].to_string();
        let (path, fragment) = match href.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (href.as_str(), None),
        };
        if path.is_empty() {
            if let Some(f) = fragment {
                tag.replace_range(start..end, &format!("#{prefix}--{f}"));
            }
        } else if let Some(site_path) = path.strip_prefix(root).filter(|_| !path.contains(':')) {
            if let Some(id) = anchors.get(site_path) {
                let target = match fragment {
                    Some(f) if !f.is_empty() => format!("#{id}--{f}"),
                    _ => format!("#{id}"),
                };
                tag.replace_range(start..end, &target);
            } else if !tag.contains("class=\"glossary-term\"") {
                // (A glossary term's address would only repeat the glossary's after each term.)
                let pretty = crate::url::pretty(site_path);
                let full = match fragment {
                    Some(f) => format!("{base}{pretty}#{f}"),
                    None => format!("{base}{pretty}"),
                };
                tag.insert_str(
                    end + 1,
                    &format!(
                        " data-print-url=\"{}\"",
                        escape(&full.replace("&amp;", "&"))
                    ),
                );
            }
        }
    }
    tag
}

/// The byte range of `name="..."`'s value in a tag written by our Markdown renderer.
fn attribute(tag: &str, name: &str) -> Option<(usize, usize)> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')? + start;
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins the print rewriting: prefixed ids and fragments, headings moved down, links to other
    // sections made in-page, other site links given their full address, external links kept.
    #[test]
    fn bodies_are_rewritten_for_the_print_page() {
        let anchors: Anchors = [(
            "toolkit/02-b/index.html".to_string(),
            "section-2".to_string(),
        )]
        .into();
        let html = "<h2 id=\"why\">Why<a class=\"anchor\" href=\"#why\">#</a></h2>\
<p>See <a href=\"../../toolkit/02-b/index.html#how\">how</a>, <a href=\"../../toolkit/02-b/index.html\">B</a>, \
<a href=\"../../case-studies/x/index.html\">x</a> and <a href=\"https://e.org/\">e</a>.<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup></p>\
<div class=\"footnote-definition\" id=\"1\"><sup>1</sup> Note.</div><h6 id=\"deep\">Deep</h6>";
        let links = PrintLinks {
            root: "../../",
            anchors: &anchors,
            base: "https://lib.org/",
        };
        let out = for_print(html, "section-1", 1, &links);
        assert!(out.starts_with("<h3 id=\"section-1--why\">"), "{out}");
        assert!(out.contains("href=\"#section-1--why\""), "{out}");
        assert!(out.contains("</h3>"), "{out}");
        assert!(out.contains("href=\"#section-2--how\""), "{out}");
        assert!(out.contains("<a href=\"#section-2\">B</a>"), "{out}");
        assert!(out.contains("href=\"../../case-studies/x/index.html\" data-print-url=\"https://lib.org/case-studies/x/\""), "{out}");
        assert!(out.contains("<a href=\"https://e.org/\">e</a>"), "{out}");
        assert!(out.contains("<a href=\"#section-1--1\">1</a>"), "{out}");
        assert!(out.contains("id=\"section-1--1\""), "{out}");
        assert!(
            out.contains("<h6 id=\"section-1--deep\">Deep</h6>"),
            "{out}"
        );
    }
}
