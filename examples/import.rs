//! Moves pages from a Jekyll, Hugo or Zola site into a new Cairn library:
//!
//! ```text
//! cargo run --example import -- --from jekyll|hugo|zola SRC DEST [--as toolkit|case-studies|pages]
//!     [--title "Library name"] [--keep-extra] [--keep-aliases] [--body-fields what,why]
//!     [--old-site https://old.example.org]
//! ```
//!
//! `SRC` is a folder of Markdown files (a Jekyll collection such as `_methods/`, Hugo's or Zola's
//! `content/` or one of its sections); `DEST` a new folder, which gets `site.toml` and `content/`.
//! Each page's front matter (YAML between `---` or TOML between `+++`) is mapped to Cairn's
//! fields (docs/migrating.md lists them, field by field); HTML that has a Markdown equivalent
//! (links, bold, italics, code, line breaks, paragraphs, the `<section markdown="1">` wrappers
//! of kramdown) becomes Markdown; links to the imported pages, written as old addresses,
//! `{% link %}`, `{{< ref >}}` or Zola's `@/`, become Cairn's `@/` links. Everything it could
//! not map is printed at the end, file by file, with what to do.
//!
//! An example rather than a `cairn` command: it is run once per library, by whoever moves it,
//! and its guesses (which old field means what) are for a person to review, not something every
//! contributor's `cairn` needs. The tests (tests/testsuite/import.rs) include this file as a
//! module and call [`convert`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use clap::Parser;
use serde_json::{Map, Value};

/// The generator the pages come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum From {
    Jekyll,
    Hugo,
    Zola,
}

/// What the pages become in Cairn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// Toolkit sections under `content/toolkit/`, nested by their old addresses.
    Toolkit,
    /// Case studies under `content/case-studies/`.
    CaseStudies,
    /// Plain pages at the top of `content/`.
    Pages,
}

/// Moves a Jekyll, Hugo or Zola site's Markdown pages into a new Cairn library.
#[derive(Debug, Clone, Parser)]
#[command(name = "import")]
pub struct Options {
    /// The generator the pages come from.
    #[arg(long, value_enum)]
    pub from: From,
    /// What the pages become.
    #[arg(long = "as", value_enum, default_value = "toolkit")]
    pub kind: Kind,
    /// The folder of Markdown pages to read (never changed).
    pub src: PathBuf,
    /// A new, empty folder for the Cairn library.
    pub dest: PathBuf,
    /// The library's title in site.toml.
    #[arg(long)]
    pub title: Option<String>,
    /// Keep front-matter fields Cairn has no field for under `extra:` (needs a Cairn with
    /// `extra:`); without it they are left out and listed.
    #[arg(long)]
    pub keep_extra: bool,
    /// Keep the pages' old addresses under `aliases:` so they redirect (needs a Cairn with
    /// `aliases:`); without it they are left out and listed.
    #[arg(long)]
    pub keep_aliases: bool,
    /// Front-matter fields to show at the top of the page's text, as "**Field:** value"
    /// (e.g. `what,why,timeRequired`), so the reader still sees them.
    #[arg(long, value_delimiter = ',')]
    pub body_fields: Vec<String>,
    /// The old site's address: links to its pages that were not imported point there.
    #[arg(long)]
    pub old_site: Option<String>,
}

/// What an import did and what it left for a person.
#[derive(Debug, Default)]
pub struct Report {
    /// Files written, relative to `dest`.
    pub written: Vec<String>,
    /// Front-matter fields not kept: field name -> files that had it.
    pub dropped: BTreeMap<String, BTreeSet<String>>,
    /// Things to look at by hand, one line each (`file: what and the fix`).
    pub notes: Vec<String>,
}

/// Why an import could not start.
#[derive(Debug)]
pub struct ImportError(pub String);

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn main() {
    let options = Options::parse();
    match convert(&options) {
        Ok(report) => {
            print!("{}", report.render(&options));
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    }
}

impl Report {
    /// The summary printed at the end of an import.
    pub fn render(&self, options: &Options) -> String {
        let mut out = format!(
            "Wrote {} files into {}.\n",
            self.written.len(),
            options.dest.display()
        );
        if !self.dropped.is_empty() {
            out.push_str(if options.keep_extra {
                "\nFields left out (Cairn reads these itself or they are not needed):\n"
            } else {
                "\nFields left out (add --keep-extra to keep them under `extra:`, --keep-aliases for old addresses):\n"
            });
            for (field, files) in &self.dropped {
                let field: String = if field.chars().count() > 40 {
                    field.chars().take(40).chain("...".chars()).collect()
                } else {
                    field.clone()
                };
                let first: Vec<&str> = files.iter().take(3).map(String::as_str).collect();
                let more = files.len().saturating_sub(3);
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                out.push_str(&format!(
                    "  {field}: {} file(s): {}{more}\n",
                    files.len(),
                    first.join(", ")
                ));
            }
        }
        if !self.notes.is_empty() {
            out.push_str("\nTo look at by hand:\n");
            for note in &self.notes {
                out.push_str(&format!("  {note}\n"));
            }
        }
        out.push_str("\nThen run `cairn check` in the new library: it points at anything left.\n");
        out
    }
}

/// One page read from the old site.
struct Page {
    /// Path relative to `src`, with `/`.
    rel: String,
    fields: Map<String, Value>,
    body: String,
    /// The old address, `a/b` (no slashes at the ends; empty for the home page).
    old_url: String,
    /// Other old addresses (redirect_from, aliases).
    aliases: Vec<String>,
    /// Every old address as written (`/a/b/`, `/a/b.html`), for `aliases:`.
    old_addresses: Vec<String>,
    /// Where it goes, relative to `content/`, e.g. `toolkit/discover/dot-voting.md`.
    target: String,
    /// The line of the source file the body starts on.
    body_line: usize,
}

/// Reads `options.src`, writes a Cairn library into `options.dest`.
pub fn convert(options: &Options) -> Result<Report, ImportError> {
    let mut report = Report::default();
    if !options.src.is_dir() {
        return Err(ImportError(format!(
            "`{}` is not a folder: give the folder of Markdown pages to import",
            options.src.display()
        )));
    }
    if options.dest.exists()
        && std::fs::read_dir(&options.dest)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(ImportError(format!(
            "`{}` is not empty: give a new folder for the library, so nothing in it is overwritten",
            options.dest.display()
        )));
    }
    let mut pages = read_pages(options, &mut report)?;
    place_pages(options, &mut pages, &mut report);
    let links = LinkMap::new(options, &pages);
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut terms: BTreeSet<String> = BTreeSet::new();
    for page in &pages {
        let (front, page_terms) = front_matter(options, page, &mut report);
        terms.extend(page_terms);
        let fields = body_fields(options, page);
        let mut text = PageText {
            options,
            page,
            links: &links,
            report: &mut report,
        };
        let fields = text.convert_prose(&fields, 1);
        let body = text.convert_body();
        files.insert(
            format!("content/{}", page.target),
            format!(
                "---\n{front}---\n\n{}\n",
                without_blank_runs(&format!("{fields}{body}")).trim()
            ),
        );
    }
    if options.kind == Kind::Toolkit {
        add_folder_indexes(&pages, &mut files, &mut report);
    }
    files.insert("site.toml".into(), site_toml(options, &terms));
    for (rel, text) in &files {
        let path = options.dest.join(rel);
        let written = path
            .parent()
            .map(std::fs::create_dir_all)
            .unwrap_or(Ok(()))
            .and_then(|()| std::fs::write(&path, text));
        written.map_err(|e| ImportError(format!("could not write `{}`: {e}", path.display())))?;
        report.written.push(rel.clone());
    }
    Ok(report)
}

fn read_pages(options: &Options, report: &mut Report) -> Result<Vec<Page>, ImportError> {
    let mut pages = Vec::new();
    let walk = walkdir::WalkDir::new(&options.src)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = entry.map_err(|e| ImportError(format!("could not read the folder: {e}")))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let rel = path
            .strip_prefix(&options.src)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let name = entry.file_name().to_string_lossy().into_owned();
        let markdown = name.ends_with(".md") || name.ends_with(".markdown");
        if !markdown {
            report.notes.push(format!(
                "{rel}: not a Markdown file, not imported (pictures and documents can be copied beside the pages by hand)"
            ));
            continue;
        }
        // Jekyll's `_template.md`, drafts folders' partials: files starting with `_` are not
        // pages, except the sections' `_index.md` of Hugo and Zola.
        if name.starts_with('_') && name != "_index.md" {
            report
                .notes
                .push(format!("{rel}: starts with `_`, not a page; not imported"));
            continue;
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| ImportError(format!("could not read `{}`: {e}", path.display())))?;
        let text = text.replace("\r\n", "\n");
        let (fields, body) = match split_front_matter(&text) {
            Ok(split) => split,
            Err(e) => {
                report.notes.push(format!(
                    "{rel}: its front matter could not be read ({e}); not imported: fix it and import again"
                ));
                continue;
            }
        };
        if is_draft(&fields) {
            report.notes.push(format!(
                "{rel}: a draft (unpublished) on the old site; not imported"
            ));
            continue;
        }
        let body_line = text.lines().count() - body.lines().count() + 1;
        pages.push(Page {
            rel,
            fields,
            body,
            body_line,
            old_url: String::new(),
            aliases: Vec::new(),
            old_addresses: Vec::new(),
            target: String::new(),
        });
    }
    Ok(pages)
}

/// Front matter as a JSON map, and the text after it.
fn split_front_matter(text: &str) -> Result<(Map<String, Value>, String), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (fence, yaml) in [("---", true), ("+++", false)] {
        let Some(rest) = text.strip_prefix(fence) else {
            continue;
        };
        let Some(rest) = rest.strip_prefix('\n') else {
            continue;
        };
        let (block, body) = match rest.find(&format!("\n{fence}")) {
            Some(end) => {
                let after = &rest[end + 1 + fence.len()..];
                (&rest[..end + 1], after.strip_prefix('\n').unwrap_or(after))
            }
            None if rest.starts_with(fence) => ("", &rest[fence.len()..]),
            None => return Err(format!("no closing `{fence}` line")),
        };
        let value = if yaml {
            if block.trim().is_empty() {
                Value::Object(Map::new())
            } else {
                serde_saphyr::from_str::<Value>(block).map_err(|e| {
                    let e = e.to_string();
                    let first = e.lines().next().unwrap_or("").trim_start_matches("error: ");
                    format!("{first}, counting from the line after the first `---`")
                })?
            }
        } else {
            let table: toml::Table = toml::from_str(block).map_err(|e| {
                let e = e.to_string();
                let first = e.lines().next().unwrap_or("").to_string();
                format!("{first}, counting from the line after the first `+++`")
            })?;
            toml_to_json(toml::Value::Table(table))
        };
        return match value {
            Value::Object(map) => Ok((map, body.to_string())),
            Value::Null => Ok((Map::new(), body.to_string())),
            _ => Err("it is not a list of `field: value` lines".into()),
        };
    }
    Ok((Map::new(), text.to_string()))
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

fn is_draft(fields: &Map<String, Value>) -> bool {
    fields.get("draft") == Some(&Value::Bool(true))
        || fields.get("published") == Some(&Value::Bool(false))
}

fn text_field(fields: &Map<String, Value>, name: &str) -> Option<String> {
    match fields.get(name)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn list_field(fields: &Map<String, Value>, name: &str) -> Vec<String> {
    match fields.get(name) {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// `/a/b/`, `a/b.html`, `/a/b/index.html` -> `a/b`.
fn normalise_url(url: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or("");
    let mut joined = clean_path(url);
    if joined == "index.html" || joined.ends_with("/index.html") {
        joined.truncate(joined.len() - "index.html".len());
        joined = joined.trim_end_matches('/').to_string();
    }
    if let Some(stem) = joined.strip_suffix(".html") {
        joined = stem.to_string();
    }
    joined
}

/// `/a/./b/../c/` -> `a/c`: no empty, `.` or `..` parts, no slashes at the ends.
fn clean_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The old address of a page, as its generator made it.
fn old_url(options: &Options, page: &Page) -> String {
    let fields = &page.fields;
    let explicit = match options.from {
        From::Jekyll => text_field(fields, "permalink"),
        From::Hugo => text_field(fields, "url"),
        From::Zola => text_field(fields, "path"),
    };
    if let Some(url) = explicit {
        return normalise_url(&url);
    }
    let stem = page
        .rel
        .rsplit_once('.')
        .map_or(page.rel.as_str(), |(s, _)| s);
    let (folder, name) = stem.rsplit_once('/').unwrap_or(("", stem));
    let name = match name {
        "_index" | "index" => String::new(),
        _ => match text_field(fields, "slug") {
            Some(slug) => slug,
            None if options.from == From::Jekyll => strip_date_prefix(name).to_string(),
            None => name.to_string(),
        },
    };
    // The collection's or section's name is part of the address, unless it is Hugo's or
    // Zola's whole `content/` folder.
    let base = options
        .src
        .file_name()
        .map(|n| n.to_string_lossy().trim_start_matches('_').to_string())
        .filter(|n| n != "content")
        .unwrap_or_default();
    normalise_url(&format!("{base}/{folder}/{name}"))
}

fn strip_date_prefix(name: &str) -> &str {
    let bytes = name.as_bytes();
    let dated = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && bytes[10] == b'-';
    if dated { &name[11..] } else { name }
}

fn place_pages(options: &Options, pages: &mut [Page], report: &mut Report) {
    for page in pages.iter_mut() {
        page.old_url = old_url(options, page);
        let mut aliases = list_field(&page.fields, "redirect_from");
        aliases.extend(list_field(&page.fields, "aliases"));
        page.aliases = aliases.iter().map(|a| normalise_url(a)).collect();
        let written = match options.from {
            From::Jekyll => text_field(&page.fields, "permalink"),
            From::Hugo => text_field(&page.fields, "url"),
            From::Zola => text_field(&page.fields, "path"),
        };
        page.old_addresses =
            std::iter::once(written.unwrap_or_else(|| format!("/{}/", page.old_url)))
                .chain(aliases)
                .collect();
    }
    let all: BTreeSet<Vec<String>> = pages.iter().map(|p| segments(&p.old_url)).collect();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for page in pages.iter_mut() {
        let segs = segments(&page.old_url);
        let mut target = match options.kind {
            Kind::Toolkit => {
                let parent = all
                    .iter()
                    .any(|other| other.len() > segs.len() && other.starts_with(&segs));
                if segs.is_empty() {
                    "toolkit/_index.md".to_string()
                } else if parent {
                    format!("toolkit/{}/_index.md", segs.join("/"))
                } else {
                    format!("toolkit/{}.md", segs.join("/"))
                }
            }
            Kind::CaseStudies => format!(
                "case-studies/{}.md",
                segs.last().cloned().unwrap_or_else(|| "home".into())
            ),
            Kind::Pages => match segs.last() {
                Some(last) => format!("{last}.md"),
                None => "_index.md".to_string(),
            },
        };
        if taken.contains(&target) {
            let stem = target.trim_end_matches(".md").to_string();
            let mut n = 2;
            while taken.contains(&format!("{stem}-{n}.md")) {
                n += 1;
            }
            let renamed = format!("{stem}-{n}.md");
            report.notes.push(format!(
                "{}: another page has the same address, so it is content/{renamed}: check the two",
                page.rel
            ));
            target = renamed;
        }
        taken.insert(target.clone());
        page.target = target;
    }
}

/// The slugged parts of an old address.
fn segments(url: &str) -> Vec<String> {
    url.split('/')
        .filter(|s| !s.is_empty())
        .map(cairn::text::slugify)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Old addresses and source files -> `@/` paths, and each page's heading ids.
struct LinkMap {
    targets: HashMap<String, String>,
    anchors: HashMap<String, BTreeSet<String>>,
}

impl LinkMap {
    fn new(options: &Options, pages: &[Page]) -> LinkMap {
        let mut targets = HashMap::new();
        let mut anchors = HashMap::new();
        let folder = options
            .src
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for page in pages {
            let at = format!("@/{}", page.target);
            for url in std::iter::once(&page.old_url).chain(&page.aliases) {
                targets.insert(format!("url:{url}"), at.clone());
            }
            targets.insert(format!("file:{}", page.rel), at.clone());
            targets.insert(format!("file:{folder}/{}", page.rel), at.clone());
            let ids: BTreeSet<String> = page
                .body
                .lines()
                .filter_map(|l| l.trim_start().strip_prefix('#'))
                .map(|h| cairn::text::slugify(h.trim_start_matches('#')))
                .collect();
            anchors.insert(at, ids);
        }
        LinkMap { targets, anchors }
    }

    /// The `@/` link for a link written in `page`, if it names an imported page.
    fn resolve(&self, dest: &str, page: &Page) -> Resolved {
        let dest = dest.trim();
        if dest.is_empty() || dest.starts_with('#') || is_external(dest) {
            return Resolved::Keep;
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let found = if let Some(zola) = path.strip_prefix("@/") {
            self.targets.get(&format!("file:{zola}"))
        } else if path.starts_with('/') {
            self.targets.get(&format!("url:{}", normalise_url(path)))
        } else {
            // From the page's old address (pretty URLs: the page is a folder), or from its
            // source file (`other.md` beside it).
            let from_url = normalise_url(&format!("{}/{path}", page.old_url));
            let dir = page.rel.rsplit_once('/').map_or("", |(d, _)| d);
            let from_file = normalise_url(&format!("{dir}/{path}"));
            self.targets
                .get(&format!("url:{from_url}"))
                .or_else(|| self.targets.get(&format!("file:{from_file}")))
        };
        match found {
            Some(at) => {
                let fragment = fragment.filter(|f| {
                    self.anchors
                        .get(at)
                        .is_some_and(|ids| ids.contains(&cairn::text::slugify(f)))
                });
                Resolved::Page(match fragment {
                    Some(f) => format!("{at}#{}", cairn::text::slugify(f)),
                    None => at.clone(),
                })
            }
            None => Resolved::Missing(path.to_string(), fragment.map(str::to_string)),
        }
    }
}

enum Resolved {
    Keep,
    Page(String),
    /// An internal link to a page that was not imported: its path and fragment.
    Missing(String, Option<String>),
}

/// A link to a picture or document rather than a page.
fn is_file_link(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((_, ext)) => !matches!(
            ext.to_ascii_lowercase().as_str(),
            "html" | "htm" | "md" | "markdown"
        ),
        None => false,
    }
}

fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(colon) => {
            let scheme = &dest[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !dest.starts_with("@/")
        }
        None => false,
    }
}

/// The new front matter (`key: value` lines, values written as JSON, which YAML reads) and the
/// taxonomy terms it uses.
fn front_matter(options: &Options, page: &Page, report: &mut Report) -> (String, Vec<String>) {
    let f = &page.fields;
    let mut out: Vec<(String, Value)> = Vec::new();
    let mut used: BTreeSet<&str> = BTreeSet::new();
    let mut terms = Vec::new();
    let take = |names: &[&'static str], used: &mut BTreeSet<&str>| -> Option<String> {
        let mut found = None;
        for name in names {
            if let Some(v) = text_field(f, name) {
                used.insert(name);
                found.get_or_insert(v);
            }
        }
        found
    };
    let title = take(&["title"], &mut used).unwrap_or_else(|| {
        let title = first_heading(&page.body).unwrap_or_else(|| humanise(&page.target));
        report.notes.push(format!(
            "{}: no title; \"{title}\" was used: check it",
            page.rel
        ));
        title
    });
    out.push(("title".into(), Value::String(title)));
    let description = take(&["description", "summary", "excerpt"], &mut used);
    match options.kind {
        Kind::Toolkit | Kind::Pages => {
            // Plain pages have no order: their weight is listed with the fields left out.
            let weight = ["weight", "nav_order", "order"]
                .iter()
                .find_map(|n| f.get(*n).and_then(Value::as_i64).map(|w| (n, w)))
                .filter(|_| options.kind == Kind::Toolkit);
            if let Some((name, weight)) = weight {
                used.insert(name);
                out.push(("weight".into(), Value::from(weight)));
            }
            if let Some(d) = description {
                out.push(("description".into(), Value::String(d)));
            }
        }
        Kind::CaseStudies => {
            let summary = description.unwrap_or_else(|| {
                report.notes.push(format!(
                    "{}: no summary; `TODO` written: write one sentence",
                    page.rel
                ));
                "TODO".into()
            });
            out.push(("summary".into(), Value::String(summary)));
            let from_name =
                page.rel.rsplit('/').next().filter(|n| {
                    options.from == From::Jekyll && strip_date_prefix(n).len() < n.len()
                });
            let date =
                take(&["date"], &mut used).or_else(|| from_name.map(|n| n[..10].to_string()));
            if let Some(date) = date {
                out.push((
                    "date".into(),
                    Value::String(date.chars().take(10).collect()),
                ));
            }
            let place = take(&["place", "location", "city"], &mut used).unwrap_or_else(|| {
                report.notes.push(format!(
                    "{}: no place; `TODO` written: say where it happened",
                    page.rel
                ));
                "TODO".into()
            });
            out.push(("place".into(), Value::String(place)));
            let mut themes = list_field(f, "tags");
            themes.extend(list_field(f, "themes"));
            if let Some(Value::Object(tax)) = f.get("taxonomies") {
                for (_, v) in tax {
                    themes.extend(
                        v.as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(|t| t.as_str().map(str::to_string)),
                    );
                }
                used.insert("taxonomies");
            }
            for name in ["tags", "themes"] {
                if f.contains_key(name) {
                    used.insert(name);
                }
            }
            let themes: Vec<String> = themes
                .into_iter()
                .map(|t| t.trim().to_lowercase())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            if !themes.is_empty() {
                terms.extend(themes.iter().cloned());
                out.push(("themes".into(), Value::from(themes)));
            }
            if let Some(licence) = take(&["licence", "license"], &mut used) {
                out.push(("licence".into(), Value::String(licence)));
            }
        }
    }
    // Read by the import itself: where the page goes and its old addresses.
    let placement = [
        "permalink",
        "url",
        "path",
        "slug",
        "redirect_from",
        "aliases",
    ];
    if options.keep_aliases {
        let mut old: Vec<String> = Vec::new();
        for written in &page.old_addresses {
            match alias_form(written) {
                Ok(alias) => {
                    if !old.contains(&alias) {
                        old.push(alias);
                    }
                }
                Err(why) => report.notes.push(format!(
                    "{}: the old address `{written}` is not kept: {why}",
                    page.rel
                )),
            }
        }
        let new = format!(
            "/{}/",
            page.target
                .trim_end_matches(".md")
                .trim_end_matches("/_index")
        );
        old.retain(|o| *o != new);
        if !old.is_empty() {
            out.push(("aliases".into(), Value::from(old)));
        }
    }
    let mut extra = Map::new();
    for (key, value) in f {
        if used.contains(key.as_str()) || options.body_fields.contains(key) || value.is_null() {
            continue;
        }
        let placing = placement.contains(&key.as_str());
        // `layout` and `template`, the old template's name, and placement fields mean nothing
        // in Cairn's `extra:`; they are listed as left out either way. Zola's own `[extra]`
        // table is `extra:` already.
        let template = key == "layout" || key == "template";
        if options.keep_extra && !placing && !template {
            match (key.as_str(), value) {
                ("extra", Value::Object(map)) => extra.extend(map.clone()),
                _ => {
                    extra.insert(key.clone(), value.clone());
                }
            }
        } else if !(placing && options.keep_aliases) {
            report
                .dropped
                .entry(key.clone())
                .or_default()
                .insert(page.rel.clone());
        }
    }
    if !extra.is_empty() {
        out.push(("extra".into(), Value::Object(extra)));
    }
    let mut text = String::new();
    for (key, value) in out {
        let value = match &value {
            Value::String(s) if key == "date" && is_plain_date(s) => s.clone(),
            v => serde_json::to_string(v).unwrap_or_default(),
        };
        text.push_str(&format!("{key}: {value}\n"));
    }
    (text, terms)
}

/// An old address as Cairn's `aliases:` takes it: a folder (`/a/b/`) or an `.html` page
/// (`/a/b.html`), from the site's root; or why it cannot be one.
fn alias_form(written: &str) -> Result<String, &'static str> {
    let written = written.trim();
    if written.contains(['?', '#']) {
        return Err(
            "a static site cannot answer an address with `?` or `#`; ask the web host to redirect it",
        );
    }
    if written.contains('%') {
        return Err("it has `%` escapes: write it in `aliases:` with the letters themselves");
    }
    if written.contains("://") {
        return Err("it names another site");
    }
    let path = clean_path(written);
    let last = path.rsplit('/').next().unwrap_or(&path);
    if path.is_empty() {
        return Err("it is the old site's home page");
    }
    if last == "index.html" {
        let folder = path.trim_end_matches("index.html").trim_end_matches('/');
        if folder.is_empty() {
            return Err("it is the old site's home page");
        }
        return Ok(format!("/{folder}/"));
    }
    match last.rsplit_once('.') {
        Some((_, "html" | "htm")) => Ok(format!("/{path}")),
        Some((_, ext)) if !ext.is_empty() && ext.chars().all(|c| c.is_ascii_alphabetic()) => Err(
            "a static site cannot answer at such an address (.php, .aspx ...): ask the web host to redirect it",
        ),
        _ => Ok(format!("/{path}/")),
    }
}

fn is_plain_date(s: &str) -> bool {
    let b = s.as_bytes();
    matches!(b.len(), 4 | 7 | 10)
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

fn first_heading(body: &str) -> Option<String> {
    body.lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|h| h.trim().to_string())
}

/// `toolkit/discover/_index.md` -> `Discover`; `timeRequired` -> `Time required`.
fn humanise(s: &str) -> String {
    let last = s
        .trim_end_matches(".md")
        .trim_end_matches("/_index")
        .rsplit('/')
        .next()
        .unwrap_or(s);
    let mut words = String::new();
    for c in last.chars() {
        if c == '-' || c == '_' {
            words.push(' ');
        } else if c.is_uppercase() && !words.is_empty() {
            words.push(' ');
            words.extend(c.to_lowercase());
        } else {
            words.push(c);
        }
    }
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Untitled".into(),
    }
}

/// The `--body-fields` as paragraphs: `**What:** ...`.
fn body_fields(options: &Options, page: &Page) -> String {
    let mut lines = String::new();
    for name in &options.body_fields {
        if let Some(value) = text_field(&page.fields, name) {
            lines.push_str(&format!("**{}:** {value}\n\n", humanise(name)));
        }
    }
    lines
}

/// At most one blank line in a row (outside code blocks the wrappers' lines leave runs).
fn without_blank_runs(text: &str) -> String {
    let mut out = String::new();
    let mut blank = 0;
    let mut fenced = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
        }
        blank = if line.trim().is_empty() { blank + 1 } else { 0 };
        if blank < 2 || fenced {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Folders of the toolkit with no page of their own get one, titled from the folder's name.
fn add_folder_indexes(pages: &[Page], files: &mut BTreeMap<String, String>, report: &mut Report) {
    let mut folders: BTreeSet<String> = BTreeSet::new();
    for page in pages {
        let mut path = page.target.as_str();
        while let Some((folder, _)) = path.rsplit_once('/') {
            folders.insert(folder.to_string());
            path = folder;
        }
    }
    for folder in folders {
        let index = format!("content/{folder}/_index.md");
        if files.contains_key(&index) {
            continue;
        }
        let title = if folder == "toolkit" {
            "Toolkit".to_string()
        } else {
            humanise(&folder)
        };
        files.insert(
            index.clone(),
            format!("---\ntitle: {}\n---\n", Value::String(title.clone())),
        );
        report.notes.push(format!(
            "{index}: written for the folder, titled \"{title}\": give it a description and an introduction"
        ));
    }
}

/// What converting one page's text reads and where it reports.
struct PageText<'a> {
    options: &'a Options,
    page: &'a Page,
    links: &'a LinkMap,
    report: &'a mut Report,
}

impl PageText<'_> {
    /// The page's text with template code, HTML and links made Cairn's.
    fn convert_body(&mut self) -> String {
        let page = self.page;
        let mut out = String::new();
        let mut fence: Option<String> = None;
        let mut prose = String::new();
        let mut prose_start = page.body_line;
        for (n, line) in page.body.lines().enumerate() {
            let trimmed = line.trim_start();
            match &fence {
                Some(open) => {
                    out.push_str(line);
                    out.push('\n');
                    if trimmed.starts_with(open.as_str())
                        && trimmed.trim() == trimmed[..open.len()].trim()
                    {
                        fence = None;
                    }
                }
                None if trimmed.starts_with("```") || trimmed.starts_with("~~~") => {
                    let mark: String = trimmed
                        .chars()
                        .take_while(|c| *c == '`' || *c == '~')
                        .collect();
                    out.push_str(&self.convert_prose(&prose, prose_start));
                    prose.clear();
                    prose_start = page.body_line + n + 1;
                    out.push_str(line);
                    out.push('\n');
                    fence = Some(mark);
                }
                None => {
                    prose.push_str(line);
                    prose.push('\n');
                }
            }
        }
        out.push_str(&self.convert_prose(&prose, prose_start));
        out
    }

    /// Text outside code blocks, starting at line `first_line` of the source file.
    fn convert_prose(&mut self, text: &str, first_line: usize) -> String {
        let page = self.page;
        // Template code first: the site's base address goes, link tags become addresses.
        let mut text = text.to_string();
        for base in [
            "{{site.baseurl}}",
            "{{ site.baseurl }}",
            "{{ .Site.BaseURL }}",
        ] {
            text = text.replace(base, "");
        }
        let text = replace_template_links(&text);
        // Wrapper lines.
        let mut kept = String::new();
        for line in text.lines() {
            let t = line.trim();
            let wrapper = t.starts_with('<')
                && t.ends_with('>')
                && t[1..].find('<').is_none()
                && WRAPPERS.contains(
                    &tag_name(t.trim_start_matches("</").trim_start_matches('<')).as_str(),
                );
            if !wrapper {
                kept.push_str(line);
            }
            kept.push('\n');
        }
        let html = inline_html(&kept);
        let text = html.text.clone();
        let line_of =
            |offset: usize| first_line + text[..offset.min(text.len())].matches('\n').count();
        let mut by_line: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for (tag, offset) in html.tags {
            let tags = by_line.entry(line_of(offset)).or_default();
            let tag = format!("`<{tag}>`");
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        for (line, tags) in by_line {
            self.report.notes.push(format!(
            "{}:{line}: HTML {} left as it is (no simple Markdown for it): `cairn check` warns about it; rewrite it in Markdown or set `raw_html = true`",
            page.rel,
            tags.join(", ")
        ));
        }
        for offset in html.pictures {
            self.report.notes.push(format!(
            "{}:{}: a picture with no alt text: write what it shows between the `[]` of `![](...)`",
            page.rel,
            line_of(offset)
        ));
        }
        let text = self.rewrite_links(&text);
        for (n, line) in text.lines().enumerate() {
            if line.contains("{{") || line.contains("{%") {
                self.report.notes.push(format!(
                "{}:{}: template code left as it is: Cairn does not run templates; replace it with the text or link it makes",
                page.rel,
                first_line + n
            ));
            }
        }
        text
    }

    /// Every Markdown link and image destination, `](dest)`, resolved.
    fn rewrite_links(&mut self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find("](") {
            out.push_str(&rest[..at + 2]);
            let tail = &rest[at + 2..];
            let end = tail
                .find(|c: char| c == ')' || c.is_whitespace())
                .unwrap_or(tail.len());
            let dest = &tail[..end];
            match self.rewrite_one(dest) {
                Some(new) => {
                    out.push_str(&new);
                    rest = &tail[end..];
                }
                None => {
                    // The link goes, its words stay: `[words](` -> `words`, and its `)`.
                    out.truncate(out.len() - 2);
                    if let Some(open) = opening_bracket(&out) {
                        out.remove(open);
                    }
                    rest = tail[end..].strip_prefix(')').unwrap_or(&tail[end..]);
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The new destination of a link, or `None` to keep only its words.
    fn rewrite_one(&mut self, dest: &str) -> Option<String> {
        let (options, page, links) = (self.options, self.page, self.links);
        let report = &mut *self.report;
        if let Some(file) = dest.strip_prefix("import-file:") {
            let key = format!("file:{}", normalise_url(file));
            let dir = page.rel.rsplit_once('/').map_or("", |(d, _)| d);
            let beside = format!("file:{}", normalise_url(&format!("{dir}/{file}")));
            return match links
                .targets
                .get(&key)
                .or_else(|| links.targets.get(&beside))
            {
                Some(at) => Some(at.clone()),
                None => {
                    report.notes.push(format!(
                    "{}: the link to `{file}` names a page that was not imported, so only its words are kept: link them to where that page is now",
                    page.rel
                ));
                    None
                }
            };
        }
        Some(match links.resolve(dest, page) {
            Resolved::Keep => dest.to_string(),
            Resolved::Page(at) => at,
            Resolved::Missing(path, _) if is_file_link(&path) => {
                report.notes.push(format!(
                "{}: `{path}` is a file the import does not copy: copy it into the page's folder, content/{}/ (or change the link)",
                page.rel,
                page.target.rsplit_once('/').map_or("", |(d, _)| d)
            ));
                dest.to_string()
            }
            Resolved::Missing(path, fragment) => {
                let absolute = if let Some(zola) = path.strip_prefix("@/") {
                    // Zola's content path: `guide/gone.md` was published at `/guide/gone/`.
                    let stem = zola.trim_end_matches(".md").trim_end_matches("_index");
                    format!("/{}/", stem.trim_end_matches('/'))
                } else if path.starts_with('/') {
                    path.clone()
                } else {
                    format!("/{}/{path}", page.old_url)
                };
                match &options.old_site {
                    Some(site) => {
                        let url = format!(
                            "{}/{}{}",
                            site.trim_end_matches('/'),
                            clean_path(&absolute),
                            if absolute.ends_with('/') { "/" } else { "" }
                        );
                        report.notes.push(format!(
                        "{}: `{dest}` is not among the imported pages: it now points to the old site ({url})",
                        page.rel
                    ));
                        match fragment {
                            Some(f) => format!("{url}#{f}"),
                            None => url,
                        }
                    }
                    None => {
                        report.notes.push(format!(
                        "{}: `{dest}` is not among the imported pages: the build stops on it; give --old-site, or link it with @/ to a page of the library",
                        page.rel
                    ));
                        dest.to_string()
                    }
                }
            }
        })
    }
}

/// Block tags kramdown and Jekyll themes wrap Markdown in: a line of only such a tag goes.
const WRAPPERS: &[&str] = &[
    "section", "div", "article", "aside", "span", "main", "header", "footer", "nav", "p",
];

/// `{% link x.md %}`, `{% post_url x %}`, `{{< ref "x" >}}`, `{{< relref "x" >}}` -> an
/// `import-file:` link the link rewriting resolves.
fn replace_template_links(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let (close, words) = if let Some(inner) = tail.strip_prefix("{%") {
            ("%}", inner)
        } else if let Some(inner) = tail
            .strip_prefix("{{<")
            .or_else(|| tail.strip_prefix("{{%"))
        {
            (
                if tail.starts_with("{{<") {
                    ">}}"
                } else {
                    "%}}"
                },
                inner,
            )
        } else {
            out.push('{');
            rest = &tail[1..];
            continue;
        };
        let Some(end) = words.find(close) else {
            out.push_str(tail);
            rest = "";
            break;
        };
        let inner: Vec<&str> = words[..end].split_whitespace().collect();
        let destination = out.ends_with("](") || out.ends_with("href=\"");
        match inner.as_slice() {
            ["link" | "ref" | "relref", target] if destination => {
                out.push_str("import-file:");
                out.push_str(target.trim_matches('"'));
                rest = &words[end + close.len()..];
            }
            _ => {
                out.push_str(&tail[..2]);
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn tag_name(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

struct Converted {
    text: String,
    /// Tags left as HTML, with their byte offset in `text`.
    tags: Vec<(String, usize)>,
    /// Pictures with no alt text, by byte offset in `text`.
    pictures: Vec<usize>,
}

/// Inline HTML with a Markdown equivalent made Markdown; inline code spans untouched.
fn inline_html(text: &str) -> Converted {
    let mut out = String::new();
    let mut tags = Vec::new();
    let mut pictures = Vec::new();
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        let c = bytes[i];
        if c == b'`' {
            let ticks = text[i..].bytes().take_while(|b| *b == b'`').count();
            let fence = &text[i..i + ticks];
            match text[i + ticks..].find(fence) {
                Some(end) => {
                    let stop = i + ticks + end + ticks;
                    out.push_str(&text[i..stop]);
                    i = stop;
                }
                None => {
                    out.push_str(fence);
                    i += ticks;
                }
            }
            continue;
        }
        if c == b'<' {
            if text[i..].starts_with("<!--") {
                // Comments: Cairn leaves them out of every page; kept for the editors.
                let end = text[i..].find("-->").map_or(text.len(), |e| i + e + 3);
                out.push_str(&text[i..end]);
                i = end;
                continue;
            }
            if let Some((tag, closing, attrs, end)) = parse_tag(&text[i..]) {
                let end = i + end;
                match (tag.as_str(), closing) {
                    ("a", false) => {
                        let close = find_ci(&text[end..], "</a>");
                        if let Some(close) = close {
                            let inner = inline_html(&text[end..end + close]);
                            let words = inner.text.split_whitespace().collect::<Vec<_>>().join(" ");
                            match attribute(&attrs, "href") {
                                Some(href) => out.push_str(&format!("[{words}]({href})")),
                                None => out.push_str(&words),
                            }
                            i = end + close + 4;
                            continue;
                        }
                    }
                    ("strong" | "b", _) => {
                        out.push_str("**");
                        i = end;
                        continue;
                    }
                    ("em" | "i", _) => {
                        out.push('*');
                        i = end;
                        continue;
                    }
                    ("code", _) => {
                        out.push('`');
                        i = end;
                        continue;
                    }
                    ("img", false) => {
                        if let Some(src) = attribute(&attrs, "src") {
                            let alt = attribute(&attrs, "alt").unwrap_or_default();
                            out.push_str(&format!("![{alt}]({src})"));
                            if alt.is_empty() {
                                pictures.push(out.len());
                            }
                            i = end;
                            continue;
                        }
                    }
                    ("br", _) => {
                        out.push_str("\\\n");
                        i = if text[end..].starts_with('\n') {
                            end + 1
                        } else {
                            end
                        };
                        continue;
                    }
                    ("p", false) => {
                        i = end;
                        continue;
                    }
                    ("p", true) => {
                        out.push_str("\n\n");
                        i = end;
                        continue;
                    }
                    _ => {}
                }
                if !closing {
                    tags.push((tag, out.len()));
                }
                out.push_str(&text[i..end]);
                i = end;
                continue;
            }
        }
        let ch = text[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    Converted {
        text: out,
        tags,
        pictures,
    }
}

/// `<name attrs>` or `</name>` at the start of `s`: (name, closing, attributes, length).
fn parse_tag(s: &str) -> Option<(String, bool, String, usize)> {
    let rest = s.strip_prefix('<')?;
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let name = tag_name(rest);
    let after = &rest[name.len()..];
    if !(after.starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/')) {
        return None;
    }
    let mut quote = None;
    for (j, c) in after.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '<') => return None,
            (None, '>') => {
                let len = s.len() - after.len() + j + 1;
                return Some((name, closing, after[..j].to_string(), len));
            }
            _ => {}
        }
    }
    None
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_lowercase().find(needle)
}

fn attribute(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(name) {
        let start = from + at;
        from = start + name.len();
        let before_ok = start == 0 || lower.as_bytes()[start - 1].is_ascii_whitespace();
        let rest = attrs[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        return Some(match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or("").to_string(),
            _ => rest.split_whitespace().next().unwrap_or("").to_string(),
        });
    }
    None
}

/// Where the `[` is that the `]` ending `text` closes.
fn opening_bracket(text: &str) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in text.char_indices().rev() {
        match c {
            ']' => depth += 1,
            '[' if depth == 0 => return Some(i),
            '[' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn site_toml(options: &Options, terms: &BTreeSet<String>) -> String {
    let title = options
        .title
        .clone()
        .unwrap_or_else(|| "Imported library".into());
    let mut out = format!(
        "title = {}\ndescription = \"\"\nbase_url = \"https://example.org/\"\n",
        Value::String(title)
    );
    if !terms.is_empty() {
        let list: Vec<Value> = terms.iter().cloned().map(Value::String).collect();
        out.push_str(&format!(
            "\n[taxonomies.themes]\nterms = {}\n",
            Value::Array(list)
        ));
    }
    out
}
