//! `cairn new <kind> "Title"`: a new page to fill in, with every field written out, a comment
//! on each saying what it is for and which values the library allows, and `TODO` where the
//! contributor must write. The file builds as it is (`cairn check` warns about the `TODO`s).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Library;
use crate::cli::NewKind;
use crate::config::Config;
use crate::content::fields::Kind;
use crate::content::library::LoadOptions;
use crate::content::taxonomy::Taxonomy;
use crate::error::Error;
use crate::text::slugify;

/// What a new page's text is made from.
#[derive(Debug, Clone)]
pub(crate) struct Template<'a> {
    pub(crate) config: &'a Config,
    /// Every principle a case study may cite, as `<set>/<id>`.
    pub(crate) principle_ids: &'a [String],
    pub(crate) title: &'a str,
    /// The date written into a new case study (`YYYY-MM`).
    pub(crate) date: &'a str,
    /// Name principle sets rather than every principle, to keep the text short (for a link).
    pub(crate) compact: bool,
}

impl NewKind {
    /// The folder under `content/` pages of this kind live in.
    pub(crate) fn folder(self) -> &'static str {
        match self {
            NewKind::CaseStudy => "case-studies",
            NewKind::ToolkitSection => "toolkit",
            NewKind::PrincipleSet => "principles",
            NewKind::Form => "forms",
        }
    }
}

/// Writes the new page into the library at `root` and returns its path. Refuses to overwrite.
pub fn new(root: &Path, kind: NewKind, title: &str) -> Result<PathBuf, Error> {
    let title = title.trim();
    let folder = format!("content/{}/", kind.folder());
    let path_length = Config::load(root).map_or(200, |c| c.limits.path_length);
    let slug = file_slug(
        title,
        path_length.saturating_sub(folder.len() + ".md".len()),
    );
    if slug.is_empty() {
        return Err(Error::Usage(
            "the title needs at least one letter or digit, e.g. `cairn new case-study \"Youth budget in Bury\"`".into(),
        ));
    }
    let rel = format!("{folder}{slug}.md");
    let path = root.join(&rel);
    if path.exists() {
        return Err(Error::Usage(format!(
            "`{rel}` already exists; choose another title, or edit that file"
        )));
    }
    let library = Library::load(
        root,
        &LoadOptions {
            drafts: true,
            ..Default::default()
        },
    )
    .map_err(Error::Content)?;
    let ids = principle_ids(&library);
    let date = this_month();
    let template = Template {
        config: &library.config,
        principle_ids: &ids,
        title,
        date: &date,
        compact: false,
    };
    let text = match kind {
        NewKind::CaseStudy => case_study(&template),
        NewKind::ToolkitSection => toolkit_section(&template, &library),
        NewKind::PrincipleSet => principle_set(&template),
        NewKind::Form => form(&template),
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Error::Usage(format!(
                "`{rel}` already exists; choose another title, or edit that file"
            )),
            _ => Error::io(&path, e),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(&path, e))?;
    Ok(path)
}

/// Longest file name (without `.md`) `cairn new` makes from a title: a short, readable
/// address; the title itself is kept whole in the front matter.
const MAX_SLUG: usize = 80;

/// The file name (without `.md`) for a page titled `title`: the title's slug, cut at a word to
/// at most `room` characters (what the library's path limit leaves) and [`MAX_SLUG`], and kept
/// away from the names Windows reserves (`con` becomes `con-page`).
fn file_slug(title: &str, room: usize) -> String {
    let slug = slugify(title);
    let max = room.min(MAX_SLUG);
    let mut cut: String = slug.chars().take(max).collect();
    if cut.len() < slug.len() {
        // Cut at the last whole word, unless that leaves too little of the title.
        if let Some(at) = cut.rfind('-')
            && at >= max / 2
        {
            cut.truncate(at);
        }
    }
    let mut cut = cut.trim_end_matches('-').to_string();
    if crate::limits::is_windows_device_name(&cut) {
        cut.push_str("-page");
    }
    cut
}

/// Every `<set>/<id>` of the library's principle sets.
pub(crate) fn principle_ids(library: &Library) -> Vec<String> {
    library
        .principle_sets
        .iter()
        .flat_map(|s| {
            s.meta
                .principles
                .iter()
                .map(move |p| format!("{}/{}", s.id, p.id.value))
        })
        .collect()
}

/// The current month as `YYYY-MM` (UTC), from the system clock.
fn this_month() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (year, month, _) = civil_from_days((secs / 86_400) as i64);
    format!("{year:04}-{month:02}")
}

/// Days since 1970-01-01 to a calendar date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A YAML double-quoted string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `# <lead> "a", "b", ...` wrapped into comment lines of about 100 characters.
fn comment_list(lead: &str, values: &[String]) -> String {
    let mut out = String::new();
    let mut line = format!("# {lead}");
    for (i, v) in values.iter().enumerate() {
        let item = if i + 1 < values.len() {
            format!(" {},", quote(v))
        } else {
            format!(" {}", quote(v))
        };
        if line.len() + item.len() > 100 {
            out.push_str(&line);
            out.push('\n');
            line = "#  ".to_string();
        }
        line.push_str(&item);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// The comment listing a taxonomy's allowed terms, or saying any term is allowed.
fn terms_comment(config: &Config, taxonomy: Taxonomy, what: &str) -> String {
    match taxonomy.allowed_terms(config) {
        Some(terms) if !terms.is_empty() => comment_list(&format!("{what}, from:"), &terms),
        _ => format!("# {what}: any words you like, e.g. [\"youth\"].\n"),
    }
}

/// The comment `cairn new` writes above a field: its description (src/content/fields.rs).
fn note(kind: Kind, config: &Config, field: &str) -> String {
    kind.field(field).comment(config)
}

/// A new case study.
pub(crate) fn case_study(t: &Template<'_>) -> String {
    let c = t.config;
    let k = Kind::CaseStudy;
    let mut s = String::from("---\n");
    s.push_str(
        "# A new case study. Lines starting with # are notes for you; you can leave them.\n",
    );
    s.push_str("# Replace each TODO, then run `cairn check` (a pull request runs it for you).\n");
    s.push_str(
        "# Lists are written [\"one\", \"two\"]; leave a list empty [] if nothing fits.\n\n",
    );
    s.push_str(&note(k, c, "title"));
    s.push_str(&format!("title: {}\n", quote(t.title)));
    s.push_str(&note(k, c, "summary"));
    s.push_str("summary: \"TODO: say what happened and what changed.\"\n");
    s.push_str(&note(k, c, "date"));
    s.push_str(&format!("date: {}  # TODO: when it happened\n", t.date));
    s.push_str(&note(k, c, "period"));
    s.push_str("period: null\n");
    match Taxonomy::Places.allowed_terms(c) {
        Some(places) if !places.is_empty() => {
            s.push_str(&comment_list(
                "Where it happened, one of (ask the editors to add a new place):",
                &places,
            ));
            s.push_str(&format!(
                "place: {}  # TODO: choose the place\n",
                quote(&places[0])
            ));
        }
        _ => {
            s.push_str(&note(k, c, "place"));
            s.push_str("place: \"TODO: where it happened\"\n");
        }
    }
    s.push_str(&note(k, c, "organisations"));
    s.push_str("organisations: []  # TODO: who was involved\n");
    s.push_str(&terms_comment(c, Taxonomy::Themes, "Themes"));
    s.push_str("themes: []\n");
    s.push_str(&terms_comment(c, Taxonomy::Approaches, "Approaches used"));
    s.push_str("approaches: []\n");
    if t.compact && t.principle_ids.len() > 12 {
        let mut sets: Vec<String> = t
            .principle_ids
            .iter()
            .filter_map(|id| id.split_once('/').map(|(set, _)| set.to_string()))
            .collect();
        sets.dedup();
        s.push_str(&format!(
            "# Principles the story shows, as \"<set>/<id>\", e.g. {}; each principle's page gives it.\n",
            quote(&t.principle_ids[0])
        ));
        s.push_str(&comment_list("The sets:", &sets));
    } else if t.principle_ids.is_empty() {
        s.push_str("# Principles the story shows, as \"<set>/<id>\" (the library has none yet).\n");
    } else {
        s.push_str(&comment_list(
            "Principles the story shows, from:",
            t.principle_ids,
        ));
    }
    s.push_str("principles: []\n");
    s.push_str(&note(k, c, "engagement_level"));
    s.push_str("engagement_level: null\n");
    s.push_str(&note(k, c, "fields_of_practice"));
    s.push_str("fields_of_practice: []\n");
    s.push_str(&note(k, c, "outcomes"));
    s.push_str("outcomes: []\n");
    s.push_str(&note(k, c, "links"));
    s.push_str("links: []\n");
    s.push_str(&note(k, c, "contact"));
    s.push_str("contact: null\n");
    s.push_str(&note(k, c, "people"));
    s.push_str("people: []\n");
    s.push_str(&note(k, c, "consent"));
    s.push_str("consent: false\n");
    s.push_str(&note(k, c, "source"));
    s.push_str("source: \"TODO: who wrote this story\"\n");
    s.push_str(&note(k, c, "licence"));
    let licence = if c.licence.is_empty() {
        "CC BY 4.0"
    } else {
        &c.licence
    };
    s.push_str(&format!("licence: {}\n", quote(licence)));
    s.push_str(&note(k, c, "image"));
    s.push_str("image: null\n");
    s.push_str(&note(k, c, "draft"));
    s.push_str("draft: false\n");
    s.push_str("---\n\n");
    s.push_str("## Background\n\nTODO: What was the situation, and who was involved?\n\n");
    s.push_str("## What happened\n\nTODO: Tell the story in plain words. Short sentences help every reader.\n\n");
    s.push_str("## What changed\n\nTODO: What difference did it make, and for whom?\n\n");
    s.push_str("## What we learned\n\nTODO: What would you tell someone trying this?\n");
    s
}

/// A new toolkit section (a file directly in `content/toolkit/`).
pub(crate) fn toolkit_section(t: &Template<'_>, library: &Library) -> String {
    let (c, k) = (t.config, Kind::ToolkitSection);
    let next_weight = library
        .toolkit
        .sections
        .iter()
        .filter(|s| s.depth == 1)
        .map(|s| s.meta.weight)
        .max()
        .unwrap_or(0)
        + 1;
    let slugs: Vec<String> = library
        .case_studies
        .iter()
        .map(|c| format!("@/case-studies/{}.md", c.slug))
        .collect();
    let mut s = String::from("---\n");
    s.push_str("# A new toolkit section. Replace each TODO, then run `cairn check`.\n\n");
    s.push_str(&note(k, c, "title"));
    s.push_str(&format!("title: {}\n", quote(t.title)));
    s.push_str(&note(k, c, "weight"));
    s.push_str(&format!("weight: {next_weight}\n"));
    s.push_str(&note(k, c, "description"));
    s.push_str("description: \"TODO: what this section helps with.\"\n");
    s.push_str(&note(k, c, "resources"));
    s.push_str("resources: []\n");
    if slugs.is_empty() {
        s.push_str(&note(k, c, "callouts"));
    } else {
        s.push_str(&comment_list(
            "Case studies to show beside the text, from:",
            &slugs,
        ));
    }
    s.push_str("callouts: []\n");
    s.push_str(&note(k, c, "image"));
    s.push_str("image: null\n");
    s.push_str("---\n\n");
    s.push_str("## Why it matters\n\nTODO: Say why this matters, in plain words.\n\n");
    s.push_str("## How to do it\n\nTODO: The steps, one at a time.\n");
    s
}

/// A new principle set with one principle to fill in.
pub(crate) fn principle_set(t: &Template<'_>) -> String {
    let (c, k) = (t.config, Kind::PrincipleSet);
    let mut s = String::from("---\n");
    s.push_str("# A new set of principles. Replace each TODO, then run `cairn check`.\n\n");
    s.push_str(&note(k, c, "title"));
    s.push_str(&format!("title: {}\n", quote(t.title)));
    s.push_str(&note(k, c, "description"));
    s.push_str("description: \"TODO: what these principles are for.\"\n");
    s.push_str(&note(k, c, "source"));
    s.push_str("source: \"TODO: where they come from\"\n");
    s.push_str(&note(k, c, "principles"));
    s.push_str("principles:\n");
    s.push_str("  - id: first-principle  # TODO: a short id\n");
    s.push_str("    name: \"TODO: the principle's name\"\n");
    s.push_str("    description: \"TODO: what it means, in one or two sentences.\"\n");
    s.push_str(
        "---\n\nTODO: Introduce the principles: where they come from and how to use them.\n",
    );
    s
}

/// A new scoring form with one scale, one section and one item to fill in.
pub(crate) fn form(t: &Template<'_>) -> String {
    let (c, k) = (t.config, Kind::Form);
    let mut s = String::from("---\n");
    s.push_str("# A new scoring form. Replace each TODO, then run `cairn check`.\n\n");
    s.push_str(&note(k, c, "title"));
    s.push_str(&format!("title: {}\n", quote(t.title)));
    s.push_str(&note(k, c, "description"));
    s.push_str("description: \"TODO: when to use this form.\"\n");
    s.push_str(&note(k, c, "version"));
    s.push_str("version: 1\n");
    s.push_str(&note(k, c, "scales"));
    s.push_str("scales:\n  - id: yes-no\n    points:\n");
    s.push_str("      - { label: \"Yes\", code: \"Y\", points: 2 }\n");
    s.push_str("      - { label: \"No\", code: \"N\", points: 1 }\n");
    s.push_str(&note(k, c, "sections"));
    s.push_str("sections:\n  - title: \"TODO: a heading\"\n    scale: yes-no\n    items:\n");
    s.push_str("      - { id: first-item, text: \"TODO: a statement to rate.\" }\n");
    s.push_str(&note(k, c, "fields"));
    s.push_str("fields: []\n");
    s.push_str(&note(k, c, "comments"));
    s.push_str("comments: []\n");
    s.push_str(&note(k, c, "bands"));
    s.push_str("bands: []\n");
    s.push_str(&note(k, c, "chart"));
    s.push_str("chart: none\n");
    s.push_str("---\n\nTODO: Say how to fill in the form and what to do with the result.\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins that a new page's file name fits the path limit, is cut at a word, and never is a
    // name Windows reserves.
    #[test]
    fn file_names_fit_and_avoid_device_names() {
        let long = "A very long title about a community garden ".repeat(6);
        let slug = file_slug(&long, 200 - "content/case-studies/".len() - 3);
        assert!(slug.chars().count() <= MAX_SLUG, "{slug}");
        assert!(
            slug.starts_with("a-very-long-title") && !slug.ends_with('-'),
            "{slug}"
        );
        assert_eq!(file_slug(&long, 30), "a-very-long-title-about-a");
        assert_eq!(file_slug("CON", 80), "con-page");
        assert_eq!(file_slug("Lpt1", 80), "lpt1-page");
        assert_eq!(file_slug("Console", 80), "console");
        assert_eq!(file_slug("x".repeat(300).as_str(), 80), "x".repeat(80));
    }

    // Pins the calendar conversion used for a new case study's date.
    #[test]
    fn days_to_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    // Pins that long lists of allowed values wrap into several comment lines.
    #[test]
    fn comment_lists_wrap() {
        let values: Vec<String> = (0..30).map(|i| format!("term number {i}")).collect();
        let c = comment_list("Themes, from:", &values);
        assert!(c.lines().count() > 3);
        assert!(c.lines().all(|l| l.starts_with('#') && l.len() <= 110));
    }
}
