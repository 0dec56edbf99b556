//! Markdown to HTML: pulldown-cmark with tables, footnotes, strikethrough, task lists, heading
//! attributes and smart punctuation; stable heading ids with anchor links; a table of contents;
//! `@/` internal links resolved to relative URLs; fenced code highlighted as CSS classes.
//!
//! Raw HTML in Markdown is shown as text by default: contributors' pages must not be able to
//! inject markup or script into pages other readers open. A library that sets `raw_html = true`
//! under `[markdown]` keeps it, cleaned by `sanitize.rs`.
//!
//! Positions and problems cost time linear in the page: lines are indexed once
//! (`content/lines.rs`) and one file reports at most
//! [`MAX_PROBLEMS_PER_FILE`](crate::limits::MAX_PROBLEMS_PER_FILE) problems.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use super::highlight;
use super::links::{self, Link};
use super::raw_html;
use crate::content::lines::LineIndex;
use crate::diagnostic::{Diagnostic, closest};
use crate::limits::MAX_PROBLEMS_PER_FILE;
use crate::text::{escape, slugify};

/// Where the Markdown comes from, so problems can name the file and line.
#[derive(Clone, Copy)]
pub struct Origin<'a> {
    pub path: &'a Path,
    /// The whole file's text.
    pub file_text: &'a str,
    /// Byte offset of the Markdown in the file, or `None` when it came from front matter.
    pub offset: Option<usize>,
    /// Line reported for problems when `offset` is `None`.
    pub fallback_line: usize,
    /// The address of the page the Markdown is the body of (from its language's root), which
    /// relative links are read from; `None` leaves them as written, unchecked.
    pub page: Option<&'a str>,
}

/// What links resolve against: every content path and the URL it is published at.
pub struct LinkTargets {
    /// `case-studies/x.md` -> `case-studies/x/index.html` (relative to the site root).
    pub(crate) urls: HashMap<String, String>,
    /// The glossary's terms: the first use of each on a page links to its definition.
    pub glossary: Option<super::glossary::Matcher>,
    /// Keep raw HTML, sanitised (`[markdown] raw_html = true`), instead of showing it as text.
    pub raw_html: bool,
    /// Pages that exist but could not be read (their errors are reported): a link to one is
    /// not a second, misleading "does not exist" error.
    pub(crate) unloaded: HashSet<String>,
    /// The time the build may still spend highlighting code (src/render/highlight.rs).
    pub(crate) highlight: highlight::Budget,
    /// Every file the build writes, from the language's root: what a relative link may name
    /// (src/render/links.rs).
    pub(crate) files: HashSet<String>,
    /// The roots of the other languages (`cy/`), under which every page is too.
    pub(crate) prefixes: Vec<String>,
    /// The files only at the site's root, not under each language's (the theme's and the
    /// library's `static/` files, the feed ...), and `../` from this language's root to the
    /// site's: a relative link to one of them from a page in another language climbs there.
    pub(crate) root_only: (HashSet<String>, String),
    /// Each page's address -> the content file it is made from (the reverse of `urls`).
    pages: HashMap<String, String>,
    /// The library's pictures in every size (src/images.rs): an `@/` image among them becomes
    /// a `<picture>` with `srcset`, `width` and `height`.
    pub(crate) pictures: Option<crate::images::Pictures>,
}

impl LinkTargets {
    /// The targets of links: `urls` (content path -> address), every file the build writes,
    /// and the other languages' roots.
    pub fn new(
        urls: HashMap<String, String>,
        files: HashSet<String>,
        prefixes: Vec<String>,
    ) -> Self {
        let mut pages: HashMap<String, String> = HashMap::new();
        for (content, url) in &urls {
            if !content.ends_with(".md") {
                continue;
            }
            // A translation (`x.cy.md`) shares its source's address: the source wins.
            let entry = pages.entry(url.clone()).or_insert_with(|| content.clone());
            if content.len() < entry.len() {
                *entry = content.clone();
            }
        }
        LinkTargets {
            urls,
            glossary: None,
            raw_html: false,
            unloaded: HashSet::new(),
            highlight: Default::default(),
            files,
            prefixes,
            root_only: Default::default(),
            pages,
            pictures: None,
        }
    }

    /// The content file of the page at `url` (from the language's root), if it is made from one.
    pub(crate) fn by_url(&self, url: &str) -> Option<&str> {
        self.pages.get(url).map(String::as_str)
    }

    /// Targets for unit tests: `(content path, address)` pairs, each address a file.
    #[cfg(test)]
    pub(crate) fn for_tests(pairs: &[(&str, &str)]) -> Self {
        let urls: HashMap<String, String> = pairs
            .iter()
            .map(|(c, u)| (c.to_string(), u.to_string()))
            .collect();
        let files = urls.values().cloned().collect();
        LinkTargets::new(urls, files, Vec::new())
    }
}

/// The content paths of Markdown files with errors that are not among `urls`: files that
/// exist but could not be read.
pub(crate) fn unloaded(errors: &[Diagnostic], urls: &HashMap<String, String>) -> HashSet<String> {
    errors
        .iter()
        .filter_map(|d| {
            let path = crate::diagnostic::display_path(&d.path);
            let content = path.strip_prefix("content/")?.to_string();
            (content.ends_with(".md") && !urls.contains_key(&content)).then_some(content)
        })
        .collect()
}

/// A heading in a page's table of contents.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TocEntry {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) title: String,
}

/// An `@/...#anchor` link whose anchor is checked once every page is rendered.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    /// The content path of the page linked to; `""` for the page itself.
    pub(crate) target: String,
    /// The link as written, when it is not an `@/` link (`../x/index.html#a`).
    pub(crate) written: Option<String>,
    pub(crate) anchor: String,
    pub line: usize,
    pub(crate) column: usize,
}

/// Rendered Markdown.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub(crate) toc: Vec<TocEntry>,
    /// Every id a link can point at in this HTML.
    pub anchors: HashSet<String>,
    pub anchor_links: Vec<AnchorLink>,
    pub problems: Vec<Diagnostic>,
    /// The body's text without markup (what [`words_of`] gives), for the search index; only
    /// when rendered with HTML.
    pub text: String,
    /// Problems found past the limit per file, left out of `problems`, and whether any of
    /// them was an error.
    omitted: (usize, bool),
}

impl Rendered {
    /// Adds a problem, unless the file already has as many as are shown; `make` is only
    /// called when the problem will be kept.
    fn problem(&mut self, is_error: bool, make: impl FnOnce() -> Diagnostic) {
        if self.problems.len() < MAX_PROBLEMS_PER_FILE {
            self.problems.push(make());
        } else {
            self.omitted.0 += 1;
            self.omitted.1 |= is_error;
        }
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// The text of a Markdown body without its markup, for the search index: words, code and a
/// space between blocks, but none where emphasis or a link ends inside a word.
pub(crate) fn words_of(markdown: &str) -> String {
    let mut text = Words(String::with_capacity(markdown.len()), false);
    for event in Parser::new_ext(markdown, options()) {
        text.add(&event);
    }
    text.0
}

/// What [`words_of`] keeps of each event; `render` keeps the same as it renders, so a page's
/// body is parsed once for its page and its search entry. Raw HTML gives its text, never its
/// comments (the flag: inside a comment left open by the line before).
struct Words(String, bool);

impl Words {
    fn add(&mut self, event: &Event) {
        match event {
            Event::Text(t) | Event::Code(t) => self.0.push_str(t),
            Event::Html(t) | Event::InlineHtml(t) => {
                let kept = raw_html::without_comments(t, &mut self.1);
                self.0.push_str(&raw_html::text_of(&kept));
            }
            Event::End(
                TagEnd::Link
                | TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Image,
            ) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) => self.0.push(' '),
            _ => {}
        }
    }
}

/// Deepest nesting of lists and quotes accepted; deeper input is an error (and is flattened
/// into text, so the rest of the page can still be checked).
pub(crate) const MAX_NESTING: usize = 64;

/// Renders `markdown` for a page whose URL is `root`-relative (e.g. `root = "../../"`).
/// The first use of each glossary term (outside headings, links and code) links to the
/// glossary.
pub fn render(markdown: &str, origin: Origin<'_>, root: &str, targets: &LinkTargets) -> Rendered {
    let glossary = targets
        .glossary
        .as_ref()
        .filter(|g| g.glossary_path != origin.path);
    render_with(markdown, origin, root, targets, glossary, true)
}

/// What `render` finds (problems, headings, anchors and links to check), without the HTML:
/// no highlighting, glossary links or HTML writing, for the build's checking pass.
pub(crate) fn check(
    markdown: &str,
    origin: Origin<'_>,
    root: &str,
    targets: &LinkTargets,
) -> Rendered {
    render_with(markdown, origin, root, targets, None, false)
}

fn render_with(
    markdown: &str,
    origin: Origin<'_>,
    root: &str,
    targets: &LinkTargets,
    glossary: Option<&super::glossary::Matcher>,
    html: bool,
) -> Rendered {
    let mut out = Rendered::default();
    let mut linked_terms: HashSet<usize> = HashSet::new();
    // Inside a link or an image, text is not linked again.
    let mut link_depth = 0usize;
    // Consecutive text (smart punctuation splits it at quotes) is gathered, so terms such as
    // "citizens' assembly" are found whole.
    let mut pending = String::new();
    let mut events: Vec<Event> = Vec::new();
    let mut heading: Option<(HeadingLevel, Option<String>, Vec<Event>)> = None;
    let mut code: Option<(String, String)> = None;
    let mut depth = 0usize;
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    let lines = LineIndex::new(origin.file_text);
    // An `@/` picture of the library being written: its sizes, title and alt text so far.
    let mut picture: Option<(&crate::images::ImageSet, String, String)> = None;

    let mut words = Words(
        String::with_capacity(if html { markdown.len() } else { 0 }),
        false,
    );
    // Inside an HTML comment left open by the line before.
    let mut in_comment = false;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if html {
            words.add(&event);
        }
        let position = || match origin.offset {
            Some(offset) => lines.position(offset + range.start),
            None => (origin.fallback_line, 0),
        };
        let linkable = glossary.is_some()
            && matches!(event, Event::Text(_))
            && code.is_none()
            && heading.is_none()
            && link_depth == 0;
        if !linkable
            && !pending.is_empty()
            && let Some(matcher) = glossary
        {
            link_glossary_terms(&pending, matcher, root, &mut linked_terms, &mut events);
            pending.clear();
        }
        if let Some((set, title, alt)) = &mut picture {
            match event {
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::End(TagEnd::Image) => {
                    link_depth = link_depth.saturating_sub(1);
                    let up = targets.pictures.as_ref().map_or("", |p| p.up.as_str());
                    let html =
                        Event::InlineHtml(set.html(&format!("{root}{up}"), alt, title).into());
                    picture = None;
                    match &mut heading {
                        Some((_, _, inner)) => inner.push(html),
                        None => events.push(html),
                    }
                }
                _ => {}
            }
            continue;
        }
        if let Some((buffer, lang)) = &mut code {
            match event {
                Event::Text(t) => buffer.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    if html {
                        let (block, plain) =
                            highlight::code_block(buffer, lang, &targets.highlight);
                        if let Some(why) = plain {
                            let (line, column) = position();
                            out.problem(false, || {
                                Diagnostic::warning_at(origin.path, line, column, why.message())
                                    .with_help(why.help())
                            });
                        }
                        events.push(Event::Html(block.into()));
                    }
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        let is_inline_html = matches!(event, Event::InlineHtml(_));
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((String::new(), lang));
                continue;
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level, id.map(|i| i.to_string()), Vec::new()));
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, inner)) = heading.take() {
                    let title = plain_text(&inner);
                    let base = id.unwrap_or_else(|| {
                        let s = slugify(&title);
                        if s.is_empty() {
                            "section".to_string()
                        } else {
                            s
                        }
                    });
                    let id = unique_id(&mut used_ids, base);
                    let n = level as u8;
                    out.anchors.insert(id.clone());
                    out.toc.push(TocEntry {
                        level: n,
                        id: id.clone(),
                        title: title.clone(),
                    });
                    events.push(Event::Html(format!("<h{n} id=\"{}\">", escape(&id)).into()));
                    events.extend(inner);
                    // A link to copy for pointing at the section: for the mouse, out of the
                    // tab order and of what screen readers hear (the heading says it all).
                    events.push(Event::Html(
                        format!(
                            " <a class=\"anchor\" href=\"#{}\" tabindex=\"-1\" aria-hidden=\"true\">#</a></h{n}>\n",
                            escape(&id)
                        )
                        .into(),
                    ));
                }
                continue;
            }
            Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::Item) => {
                depth += 1;
                if depth > MAX_NESTING {
                    if depth == MAX_NESTING + 1 {
                        let (line, column) = position();
                        out.problem(true, || {
                            Diagnostic::error_at(
                                origin.path,
                                line,
                                column,
                                format!("lists or quotes are nested more than {MAX_NESTING} levels deep"),
                            )
                            .with_help("flatten the list or quote; Cairn stops at this depth so no page can exhaust the build")
                            .with_source(origin.file_text)
                        });
                    }
                    continue;
                }
                event
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::Item) => {
                depth = depth.saturating_sub(1);
                if depth >= MAX_NESTING {
                    continue;
                }
                event
            }
            Event::End(TagEnd::Link) => {
                link_depth = link_depth.saturating_sub(1);
                event
            }
            Event::End(TagEnd::Image) => {
                link_depth = link_depth.saturating_sub(1);
                event
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                link_depth += 1;
                let (line, column) = position();
                let dest = resolve_url(
                    &dest_url,
                    root,
                    targets,
                    (line, column),
                    origin,
                    &mut out,
                    false,
                );
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                link_depth += 1;
                // A picture of the library, in every size (src/images.rs).
                if let Some(set) = dest_url
                    .trim()
                    .strip_prefix("@/")
                    .and_then(|path| targets.pictures.as_ref()?.images.get(path))
                    && html
                {
                    picture = Some((set, title.to_string(), String::new()));
                    continue;
                }
                let (line, column) = position();
                let dest = resolve_url(
                    &dest_url,
                    root,
                    targets,
                    (line, column),
                    origin,
                    &mut out,
                    true,
                );
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                })
            }
            Event::Start(Tag::HtmlBlock) => {
                if !targets.raw_html {
                    let block = raw_html::without_comments(&markdown[range.clone()], &mut false)
                        .into_owned();
                    warn_raw_html(&block, position(), origin, &mut out);
                }
                event
            }
            Event::End(TagEnd::HtmlBlock) => {
                in_comment = false;
                event
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                let kept = raw_html::without_comments(&raw, &mut in_comment).into_owned();
                if kept.is_empty() {
                    continue;
                }
                if !targets.raw_html {
                    if is_inline_html {
                        warn_raw_html(&kept, position(), origin, &mut out);
                    }
                    Event::Text(kept.into())
                } else {
                    let kept = html_links(&kept, root, targets, position(), origin, &mut out);
                    Event::Html(kept.into())
                }
            }
            Event::Start(Tag::FootnoteDefinition(ref name)) => {
                out.anchors.insert(name.to_string());
                event
            }
            Event::FootnoteReference(name) => {
                out.anchors.insert(format!("fn-{}", slugify(&name)));
                Event::FootnoteReference(name)
            }
            Event::Text(t) => {
                if linkable {
                    pending.push_str(&t);
                    continue;
                }
                Event::Text(t)
            }
            Event::Code(t) => Event::Code(t),
            other => other,
        };
        match &mut heading {
            Some((_, _, inner)) => inner.push(event),
            None => events.push(event),
        }
    }
    if let Some(matcher) = glossary
        && !pending.is_empty()
    {
        link_glossary_terms(&pending, matcher, root, &mut linked_terms, &mut events);
    }
    if html {
        // HTML is somewhat longer than its Markdown: sized once, not grown as it is written.
        out.html.reserve(markdown.len() + markdown.len() / 2);
        pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
        out.text = words.0;
    }
    if html && targets.raw_html {
        out.html = super::sanitize::clean(&out.html);
    }
    let (omitted, omitted_errors) = out.omitted;
    crate::limits::cap_problems(&mut out.problems, omitted, omitted_errors);
    out
}

/// Pushes `text` as events, the first use on the page of each glossary term as a link to its
/// definition: `<a href=".../glossary/index.html#id"><abbr title="...">term</abbr></a>`.
fn link_glossary_terms(
    text: &str,
    matcher: &super::glossary::Matcher,
    root: &str,
    linked: &mut HashSet<usize>,
    events: &mut Vec<Event<'_>>,
) {
    let mut done = 0;
    for found in matcher.find_all(text) {
        if !linked.insert(found.term) {
            continue;
        }
        if found.start > done {
            events.push(Event::Text(text[done..found.start].to_string().into()));
        }
        let term = &matcher.terms[found.term];
        events.push(Event::InlineHtml(
            format!(
                "<a class=\"glossary-term\" href=\"{root}glossary/index.html#{}\"><abbr title=\"{}\">{}</abbr></a>",
                escape(&term.id),
                escape(matcher.title(found.term)),
                escape(&text[found.start..found.end])
            )
            .into(),
        ));
        done = found.end;
    }
    if done < text.len() {
        events.push(Event::Text(text[done..].to_string().into()));
    }
}

/// Rewrites `@/` links to relative URLs and drops `javascript:`/`data:`/`vbscript:` links.
/// `image`: the link is an image's source.
fn resolve_url<'a>(
    dest: &CowStr<'a>,
    root: &str,
    targets: &LinkTargets,
    (line, column): (usize, usize),
    origin: Origin<'_>,
    out: &mut Rendered,
    image: bool,
) -> CowStr<'a> {
    let trimmed = dest.trim();
    // Browsers drop tabs and newlines inside a URL (`java\tscript:` runs as `javascript:`).
    let squeezed: String = trimmed
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let scheme = squeezed
        .split(':')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if squeezed.contains(':') && matches!(scheme.as_str(), "javascript" | "data" | "vbscript") {
        out.problem(false, || {
            Diagnostic::warning_at(
                origin.path,
                line,
                column,
                format!("a `{}:` link was removed", scheme.trim()),
            )
            .with_help("link to a web page (https://...) or to a page of the library (@/...)")
            .with_source(origin.file_text)
        });
        return CowStr::Borrowed("#");
    }
    let Some(reference) = trimmed.strip_prefix("@/") else {
        return other_link(dest, root, targets, (line, column), origin, out, image);
    };
    let (path, anchor) = match reference.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (reference, None),
    };
    match targets.urls.get(path) {
        Some(url) => {
            if let Some(anchor) = anchor {
                out.anchor_links.push(AnchorLink {
                    target: path.to_string(),
                    written: None,
                    anchor: anchor.to_string(),
                    line,
                    column,
                });
                CowStr::from(format!("{root}{url}#{anchor}"))
            } else {
                CowStr::from(format!("{root}{url}"))
            }
        }
        None if targets.unloaded.contains(path) => CowStr::Borrowed("#"),
        None => {
            out.problem(true, || {
                let help = if image {
                    missing_image_help(path, targets)
                } else {
                    // A suggestion compares the path with every page: bounded by the problem
                    // cap, and skipped for paths no one would type.
                    let suggestion = if path.len() <= 200 {
                        closest(path, targets.urls.keys().map(String::as_str))
                    } else {
                        None
                    };
                    match suggestion {
                        Some(best) => format!("did you mean `@/{best}`?"),
                        None => "link to a file under content/, e.g. `@/case-studies/<file>.md`"
                            .to_string(),
                    }
                };
                let message = if image {
                    format!("the image `@/{}` does not exist", shorten(path))
                } else {
                    format!("broken link: `@/{}` does not exist", shorten(path))
                };
                let span = path.chars().count().min(120) + 2;
                broken_link(origin, (line, column), message, help, span, image)
            });
            CowStr::Borrowed("#")
        }
    }
}

/// The error for a link or picture whose target does not exist, at the link.
fn broken_link(
    origin: Origin<'_>,
    (line, column): (usize, usize),
    message: String,
    help: String,
    span: usize,
    image: bool,
) -> Diagnostic {
    Diagnostic::error_at(origin.path, line, column, message)
        .with_rule(if image { "image-missing" } else { "markdown" })
        .with_span(span)
        .with_help(help)
        .with_source(origin.file_text)
}

/// A link that is not an `@/` link (src/render/links.rs): checked, and a relative link to a
/// file written from `root`.
fn other_link<'a>(
    dest: &CowStr<'a>,
    root: &str,
    targets: &LinkTargets,
    (line, column): (usize, usize),
    origin: Origin<'_>,
    out: &mut Rendered,
    image: bool,
) -> CowStr<'a> {
    let content_path = crate::diagnostic::display_path(origin.path);
    let content_path = content_path.strip_prefix("content/");
    match links::classify(dest, origin.page, content_path, targets, image) {
        Link::Keep => dest.clone(),
        Link::SamePage(anchor) => {
            out.anchor_links.push(AnchorLink {
                target: String::new(),
                written: None,
                anchor,
                line,
                column,
            });
            dest.clone()
        }
        Link::File {
            path,
            rest,
            anchor,
            root_only,
        } => {
            if let Some((target, anchor)) = anchor {
                out.anchor_links.push(AnchorLink {
                    target,
                    written: Some(dest.trim().to_string()),
                    anchor,
                    line,
                    column,
                });
            }
            let up = if root_only {
                targets.root_only.1.as_str()
            } else {
                ""
            };
            CowStr::from(format!("{root}{up}{path}{rest}"))
        }
        Link::Broken { message, help } => {
            out.problem(true, || {
                let span = if image { 2 } else { 1 };
                broken_link(
                    origin,
                    (line, column),
                    message,
                    help.text(targets),
                    span,
                    image,
                )
            });
            CowStr::Borrowed("#")
        }
    }
}

/// A warning for raw HTML shown as text (`raw_html` off), at its first tag that is an HTML
/// element, with the Markdown that does the same.
fn warn_raw_html(
    html: &str,
    (line, column): (usize, usize),
    origin: Origin<'_>,
    out: &mut Rendered,
) {
    let Some((tag, closing)) = raw_html::first_tag(html) else {
        return;
    };
    // `</b>` was warned about at `<b>`; `<number days>` is not HTML, and is shown as written.
    if closing || !super::sanitize::is_element(&tag) {
        return;
    }
    out.problem(false, || {
        let help = match raw_html::markdown_for(&tag) {
            Some(markdown) => format!(
                "{markdown}; or, if the library's editors check the HTML of every page, set `raw_html = true` under `[markdown]` in site.toml"
            ),
            None => "Markdown has nothing like it: leave it out, or, if the library's editors check the HTML of every page, set `raw_html = true` under `[markdown]` in site.toml (it is then kept, without scripts)".to_string(),
        };
        Diagnostic::warning_at(
            origin.path,
            line,
            column,
            format!("the HTML tag `<{tag}>` is shown on the page as text, tags and all"),
        )
        .with_help(help)
        .with_source(origin.file_text)
    });
}

/// Raw HTML kept (`raw_html` on): text that is not a tag escaped, every `href` and `src`
/// resolved and checked like a Markdown link, every `id` and `name` an anchor.
fn html_links(
    html: &str,
    root: &str,
    targets: &LinkTargets,
    at: (usize, usize),
    origin: Origin<'_>,
    out: &mut Rendered,
) -> String {
    let html = super::sanitize::keep_text_that_is_not_a_tag(html);
    let mut kept = String::with_capacity(html.len());
    let mut done = 0;
    for attribute in raw_html::attributes(&html) {
        let value = raw_html::decode_entities(&html[attribute.value.clone()]);
        match attribute.name {
            "id" | "name" => {
                out.anchors.insert(value);
            }
            name => {
                let dest = CowStr::from(value.clone());
                let resolved = resolve_url(&dest, root, targets, at, origin, out, name == "src");
                if *resolved != *value {
                    kept.push_str(&html[done..attribute.value.start]);
                    kept.push_str(&escape(&resolved));
                    done = attribute.value.end;
                }
            }
        }
    }
    kept.push_str(&html[done..]);
    kept
}

/// How to fix an image that is not there: a file of a similar name (never a page), or where
/// to put the picture.
fn missing_image_help(path: &str, targets: &LinkTargets) -> String {
    let files = targets.urls.keys().filter(|k| !k.ends_with(".md"));
    let suggestion = if path.len() <= 200 {
        closest(path, files.map(String::as_str))
    } else {
        None
    };
    match suggestion {
        Some(best) => format!("did you mean `@/{best}`?"),
        None => {
            let folder = path
                .rsplit_once('/')
                .map_or(String::new(), |(d, _)| format!("{d}/"));
            format!(
                "upload the picture into `content/{folder}` (on GitHub: Add file, then Upload files), with the same file name, capitals included"
            )
        }
    }
}

/// At most 120 characters of `s`, for messages.
fn shorten(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(120) {
        Some((cut, _)) => Cow::Owned(format!("{}…", &s[..cut])),
        None => Cow::Borrowed(s),
    }
}

fn unique_id(used: &mut HashMap<String, usize>, base: String) -> String {
    let count = used.entry(base.clone()).or_insert(0);
    *count += 1;
    if *count == 1 {
        base
    } else {
        format!("{base}-{}", *count - 1)
    }
}

fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        if let Event::Text(t) | Event::Code(t) = e {
            s.push_str(t);
        }
    }
    s.trim().to_string()
}

/// Renders a short piece of Markdown (a principle description, say) with no headings table.
pub(crate) fn render_inline(
    markdown: &str,
    origin: Origin<'_>,
    root: &str,
    targets: &LinkTargets,
) -> Rendered {
    render_with(markdown, origin, root, targets, None, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> LinkTargets {
        LinkTargets::for_tests(&[("case-studies/a.md", "case-studies/a/index.html")])
    }

    fn md(text: &str) -> Rendered {
        let origin = Origin {
            path: Path::new("content/x.md"),
            file_text: text,
            offset: Some(0),
            fallback_line: 0,
            page: Some("case-studies/x/index.html"),
        };
        render(text, origin, "../../", &targets())
    }

    // Pins that a page's render keeps, for the search, exactly the text `words_of` finds on
    // its own, and what that text holds: words, code and cells, no markup, no glued words.
    #[test]
    fn rendering_keeps_the_words_the_search_would_find() {
        let body = "## How *power* was shared\n\nResidents **led** the [panel](https://example.org) \
                    with `code` and a line\nbreak.\n\n| Ward | People |\n|---|---:|\n| East | 12 |\n\n\
                    ```yaml\npanel: quorum\n```\n\nFunds came late.[^1]\n\n[^1]: Rounded figures.\n\n\
                    <b>raw</b> end\n";
        let rendered = md(body);
        assert_eq!(rendered.text, words_of(body));
        let words: Vec<&str> = rendered.text.split_whitespace().collect();
        for expected in [
            "power", "led", "panel", "code", "line", "break.", "East", "12", "quorum", "Rounded",
            "end",
        ] {
            assert!(words.contains(&expected), "`{expected}` in {words:?}");
        }
        for markup in ["**", "](", "|", "```", "<b>", "[^1]"] {
            assert!(
                !rendered.text.contains(markup),
                "`{markup}` in {:?}",
                rendered.text
            );
        }
        // Only `render` keeps the text; the build's checking pass has no use for it.
        let origin = Origin {
            path: Path::new("content/x.md"),
            file_text: body,
            offset: Some(0),
            fallback_line: 0,
            page: Some("case-studies/x/index.html"),
        };
        assert!(check(body, origin, "../../", &targets()).text.is_empty());
    }

    // Pins heading ids: slugged, de-duplicated, explicit ids kept, and listed in the TOC.
    #[test]
    fn heading_ids() {
        let r = md("## What we did\n\n## What we did\n\n## Custom {#mine}\n");
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["what-we-did", "what-we-did-1", "mine"]);
        assert!(r.html.contains(
            "<h2 id=\"what-we-did\">What we did <a class=\"anchor\" href=\"#what-we-did\" tabindex=\"-1\" aria-hidden=\"true\">#</a></h2>"
        ));
    }

    // Pins internal link rewriting to relative URLs and the error for a missing target.
    #[test]
    fn internal_links() {
        let r = md("See [A](@/case-studies/a.md#x) and [B](@/case-studies/b.md).\n");
        assert!(
            r.html
                .contains("href=\"../../case-studies/a/index.html#x\"")
        );
        assert_eq!(r.anchor_links.len(), 1);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].line, 1);
        assert_eq!(
            r.problems[0].help.as_deref(),
            Some("did you mean `@/case-studies/a.md`?")
        );
    }

    // Pins that raw HTML is escaped and script links are dropped.
    #[test]
    fn no_raw_html_or_script_links() {
        let r = md("<script>alert(1)</script>\n\n[x](javascript:alert(1))\n");
        assert!(!r.html.contains("<script"));
        assert!(r.html.contains("&lt;script&gt;"));
        assert!(r.html.contains("href=\"#\""));
        let messages: Vec<&str> = r.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "the HTML tag `<script>` is shown on the page as text, tags and all",
                "a `javascript:` link was removed"
            ]
        );
    }

    fn md_raw(text: &str) -> Rendered {
        let origin = Origin {
            path: Path::new("content/case-studies/x.md"),
            file_text: text,
            offset: Some(0),
            fallback_line: 0,
            page: Some("case-studies/x/index.html"),
        };
        let mut targets = targets();
        targets.raw_html = true;
        render(text, origin, "../../", &targets)
    }

    // Pins that HTML comments never reach the page or its search text, in a block, across
    // lines or inline, with raw HTML off or on; and that only real tags are warned about, once
    // each, at their line.
    #[test]
    fn comments_dropped_and_tags_warned() {
        let body = "Intro <!-- phone 0123 --> text.\n\n<!--\nsecret note\n-->\n\nA <b>bold</b> word \
                    and up to <number days> after.\n\n<table>\n<tr><td>Ward</td></tr>\n</table>\n";
        for r in [md(body), md_raw(body)] {
            for secret in ["0123", "secret", "<!--"] {
                assert!(!r.html.contains(secret), "{secret} in {}", r.html);
                assert!(!r.text.contains(secret), "{secret} in {}", r.text);
            }
            assert!(r.text.contains("Ward"), "{}", r.text);
            assert!(r.html.contains("number days"), "{}", r.html);
        }
        let off = md(body);
        let warned: Vec<(usize, &str)> = off
            .problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(
            warned,
            [
                (
                    7,
                    "the HTML tag `<b>` is shown on the page as text, tags and all"
                ),
                (
                    9,
                    "the HTML tag `<table>` is shown on the page as text, tags and all"
                ),
            ]
        );
        assert!(md_raw(body).problems.is_empty());
        assert!(md_raw(body).html.contains("<td>Ward</td>"));
    }

    // Pins that with raw HTML on, `@/` and relative links in `href` and `src` are resolved and
    // checked like Markdown links, and ids are anchors.
    #[test]
    fn raw_html_links_are_resolved_and_checked() {
        let r = md_raw(
            "<p id=\"top-note\"><a href=\"@/case-studies/a.md#x\">A</a> \
             <a href='@/case-studies/nope.md'>B</a> <a href=\"https://e.org/?a=1&amp;b=2\">C</a></p>\n",
        );
        assert!(
            r.html
                .contains("href=\"../../case-studies/a/index.html#x\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("https://e.org/?a=1&amp;b=2"), "{}", r.html);
        assert_eq!(r.anchor_links.len(), 1);
        assert!(r.anchors.contains("top-note"));
        let messages: Vec<&str> = r.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            ["broken link: `@/case-studies/nope.md` does not exist"]
        );
    }

    // Pins highlighting as classes, never inline styles.
    #[test]
    fn code_is_highlighted_with_classes() {
        let r = md("```rust\nfn main() {}\n```\n");
        assert!(r.html.contains("class=\"hl-"), "{}", r.html);
        assert!(!r.html.contains("style="));
    }

    // Pins that very deep nesting renders without blowing the stack.
    #[test]
    fn deep_nesting_is_bounded() {
        let text = format!("{}x\n", "> ".repeat(5_000));
        let r = md(&text);
        assert!(r.html.matches("<blockquote>").count() <= MAX_NESTING);
    }
}
