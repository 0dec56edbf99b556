//! Case studies: `content/case-studies/<slug>.md`.

use serde::{Deserialize, Serialize};

use super::front_matter::Located;
use super::taxonomy::{EngagementLevel, FieldOfPractice, Taxonomy};
use super::{PartialDate, Source};
use crate::diagnostic::Diagnostic;

/// What a case study's front matter holds. Unknown top-level fields are reported by
/// [`front_matter::parse`](super::front_matter::parse).
#[derive(Debug, Clone, Deserialize)]
pub struct CaseStudyMeta {
    pub(crate) title: String,
    /// One or two sentences; when absent, [`CaseStudy::summary`] is taken from the first
    /// paragraph of the story (and `cairn check` warns).
    #[serde(default)]
    pub(crate) summary: Option<String>,
    /// When it happened; with neither this nor `period`, pages say "not recorded".
    #[serde(default)]
    pub(crate) date: Option<PartialDate>,
    #[serde(default)]
    pub(crate) period: Option<Period>,
    /// Where it happened; when absent, pages say "not recorded".
    #[serde(default)]
    pub(crate) place: Option<Located<String>>,
    #[serde(default)]
    pub(crate) organisations: Vec<String>,
    #[serde(default)]
    pub(crate) themes: Vec<Located<String>>,
    #[serde(default)]
    pub(crate) approaches: Vec<Located<String>>,
    /// Principle references, `<set>/<id>`.
    #[serde(default)]
    pub(crate) principles: Vec<Located<String>>,
    #[serde(default)]
    /// Checked against the IAP2 levels after loading, so a typo here does not hide other problems.
    pub(crate) engagement_level: Option<Located<String>>,
    #[serde(default)]
    pub(crate) fields_of_practice: Vec<Located<String>>,
    #[serde(default)]
    pub(crate) outcomes: Vec<String>,
    #[serde(default)]
    pub(crate) links: Vec<Link>,
    #[serde(default)]
    pub(crate) contact: Option<Contact>,
    /// People named in the story (credited on its page). Naming people needs `consent: true`.
    #[serde(default)]
    pub(crate) people: Vec<Located<String>>,
    /// Everyone named (in `people`, or as a personal contact address) agreed to be named.
    #[serde(default)]
    pub(crate) consent: bool,
    /// Where the story comes from (attribution).
    #[serde(default)]
    pub(crate) source: Option<String>,
    /// Terms of the library's own taxonomies (`[taxonomies.<name>]` in site.toml), by name:
    /// `taxonomies: { funders: ["National Lottery"] }`.
    #[serde(default)]
    pub(crate) taxonomies: std::collections::BTreeMap<String, Vec<Located<String>>>,
    #[serde(default)]
    pub(crate) licence: Option<String>,
    #[serde(default)]
    pub(crate) draft: bool,
    /// A picture shown on its page and card (src/content/image.rs).
    #[serde(default)]
    pub(crate) image: Option<super::image::ImageMeta>,
    /// Old addresses of the page (`/old/path/`), each published as a page sending readers
    /// here (src/site/: an alias that takes another file's address is an error).
    #[serde(default)]
    pub(crate) aliases: Vec<crate::content::front_matter::Located<String>>,
    /// The library's own data, free-form: given to templates as `extra` and, for case studies,
    /// to the open data.
    #[serde(default)]
    pub(crate) extra: crate::content::Extra,
}

/// A span of time; `end` absent means ongoing.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Period {
    pub(crate) start: PartialDate,
    #[serde(default)]
    pub(crate) end: Option<PartialDate>,
}

/// A link to a report, video or web page about the case study.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Link {
    pub(crate) title: String,
    pub(crate) url: String,
}

/// Who to ask about the case study.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Contact {
    #[serde(default)]
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) organisation: Option<String>,
    #[serde(default)]
    pub(crate) email: Option<String>,
    #[serde(default)]
    pub(crate) url: Option<String>,
}

/// A loaded case study.
#[derive(Debug, Clone)]
pub struct CaseStudy {
    /// The file name without `.md`; the page is `case-studies/<slug>/`.
    pub(crate) slug: String,
    pub(crate) meta: CaseStudyMeta,
    pub source: Source,
    /// The summary shown on cards, in search and in previews: `meta.summary` as written, or,
    /// when it is absent, the start of the story's first paragraph. Computed once, on loading.
    pub(crate) summary: String,
    /// The terms of each of the library's own taxonomies, in the order of
    /// `config.taxonomies.custom` (set by [`CaseStudy::resolve_taxonomies`]).
    pub(crate) custom_terms: Vec<Vec<Located<String>>>,
    /// The one language it is published in, when it exists only there: a file
    /// `name.<code>.md` with no `name.md` beside it. `None`: every language.
    pub(crate) only_in: Option<String>,
}

/// Most words of a summary taken from the first paragraph; a longer paragraph is cut with `…`.
pub(crate) const TAKEN_SUMMARY_WORDS: usize = 60;

impl CaseStudy {
    /// A case study read from `source`, its summary worked out.
    pub(crate) fn new(slug: String, meta: CaseStudyMeta, source: Source) -> CaseStudy {
        let summary = match &meta.summary {
            Some(written) => written.clone(),
            None => first_paragraph(source.body(), TAKEN_SUMMARY_WORDS),
        };
        CaseStudy {
            slug,
            meta,
            source,
            summary,
            custom_terms: Vec::new(),
            only_in: None,
        }
    }

    /// Whether it is published in language `code`.
    pub(crate) fn shown_in(&self, code: &str) -> bool {
        self.only_in.as_deref().is_none_or(|only| only == code)
    }

    /// Sorts the terms of `taxonomies:` into the library's own taxonomies; a name site.toml
    /// does not declare is an error with the closest one.
    pub(crate) fn resolve_taxonomies(&mut self, config: &crate::config::Config) -> Vec<Diagnostic> {
        let declared = &config.taxonomies.custom;
        self.custom_terms = declared
            .keys()
            .take(crate::config::MAX_CUSTOM_TAXONOMIES)
            .map(|name| self.meta.taxonomies.get(name).cloned().unwrap_or_default())
            .collect();
        let mut problems = Vec::new();
        for name in self
            .meta
            .taxonomies
            .keys()
            .filter(|n| !declared.contains_key(*n))
        {
            // The key's own line in the front matter (indented under `taxonomies:`).
            let key = format!("{name}:");
            let mut offset = 0;
            let mut found = None;
            for line in self.source.text[..self.source.body_offset].split_inclusive('\n') {
                let indent = line.len() - line.trim_start().len();
                if indent > 0 && line.trim_start().starts_with(&key) {
                    found = Some(offset + indent);
                    break;
                }
                offset += line.len();
            }
            let (line, column) =
                found.map_or((1, 0), |at| crate::text::line_col(&self.source.text, at));
            let help = match crate::diagnostic::closest(name, declared.keys().map(String::as_str)) {
                Some(best) => format!("did you mean `{best}`?"),
                None if declared.is_empty() => format!(
                    "declare it in site.toml as [taxonomies.{name}] with `kinds = [\"case-studies\"]`, or remove it"
                ),
                None => format!(
                    "the library's own taxonomies are: {}; or declare this one in site.toml",
                    declared.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            };
            problems.push(
                Diagnostic::error_at(
                    &self.source.path,
                    line,
                    column,
                    format!("site.toml declares no taxonomy `{name}`"),
                )
                .with_rule("terms")
                .with_span(name.chars().count())
                .with_help(help)
                .with_source(&self.source.text),
            );
        }
        problems
    }

    /// Keeps at most `limit` terms (`terms_per_case_study` under `[limits]`) in each of a case study's lists that make
    /// pages (themes, approaches, fields of practice, principles), and an error for each list
    /// that was longer, at its first term past the limit. The lists are cut, not only reported,
    /// so that a library with this error is still cheap to check for its other errors.
    pub(crate) fn cap_terms(&mut self, limit: usize) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let meta = &mut self.meta;
        for (field, list) in [
            ("themes", &mut meta.themes),
            ("approaches", &mut meta.approaches),
            ("fields_of_practice", &mut meta.fields_of_practice),
            ("principles", &mut meta.principles),
        ] {
            if list.len() <= limit {
                continue;
            }
            let first_over = &list[limit];
            problems.push(
                Diagnostic::error_at(
                    &self.source.path,
                    first_over.line,
                    first_over.column,
                    format!(
                        "this case study lists {} {field}; a case study may list at most {limit}",
                        list.len(),
                    ),
                )
                .with_help(format!(
                    "keep the {field} that matter most; a library can raise `terms_per_case_study` under [limits] in site.toml"
                ))
                .with_rule("terms")
                .with_source(&self.source.text),
            );
            list.truncate(limit);
        }
        problems
    }

    /// The date it is sorted by: its date, or the start of its period.
    pub(crate) fn sort_date(&self) -> Option<PartialDate> {
        self.meta
            .date
            .or(self.meta.period.as_ref().map(|p| p.start))
    }

    /// "March 2021", "2019 to 2021" or "2019 onwards".
    pub(crate) fn when(&self) -> String {
        match (&self.meta.date, &self.meta.period) {
            (Some(d), _) => d.human(),
            (
                None,
                Some(Period {
                    start,
                    end: Some(end),
                }),
            ) => format!("{} to {}", start.human(), end.human()),
            (None, Some(Period { start, end: None })) => format!("{} onwards", start.human()),
            (None, None) => String::new(),
        }
    }

    /// The place as written, if it was recorded.
    pub(crate) fn place(&self) -> Option<&str> {
        self.meta.place.as_ref().map(|p| p.value.as_str())
    }

    /// The terms it carries in one taxonomy, as written.
    pub(crate) fn terms(&self, taxonomy: Taxonomy) -> Vec<String> {
        match taxonomy {
            Taxonomy::Themes => self.meta.themes.iter().map(|t| t.value.clone()).collect(),
            Taxonomy::Places => self.place().map(str::to_string).into_iter().collect(),
            Taxonomy::Approaches => self
                .meta
                .approaches
                .iter()
                .map(|t| t.value.clone())
                .collect(),
            Taxonomy::EngagementLevels => self
                .engagement_level()
                .iter()
                .map(|l| l.as_str().to_string())
                .collect(),
            Taxonomy::FieldsOfPractice => self
                .fields_of_practice()
                .iter()
                .map(|f| f.as_str().to_string())
                .collect(),
            Taxonomy::Custom(i) => self
                .custom_terms
                .get(usize::from(i))
                .map(|terms| terms.iter().map(|t| t.value.clone()).collect())
                .unwrap_or_default(),
        }
    }

    /// The IAP2 level, when it is given and valid.
    pub(crate) fn engagement_level(&self) -> Option<EngagementLevel> {
        self.meta
            .engagement_level
            .as_ref()
            .and_then(|l| EngagementLevel::parse(&l.value))
    }

    /// The valid fields of practice.
    pub(crate) fn fields_of_practice(&self) -> Vec<FieldOfPractice> {
        self.meta
            .fields_of_practice
            .iter()
            .filter_map(|f| FieldOfPractice::parse(&f.value))
            .collect()
    }

    /// Naming people needs their consent: a case study with `people`, or a contact e-mail
    /// address that looks personal (not a shared one such as info@), must say `consent: true`.
    pub(crate) fn consent_problem(&self) -> Option<Diagnostic> {
        if self.meta.consent {
            return None;
        }
        let text = &self.source.text;
        let help = "ask each person named whether they agree to be named in a public library; when they all have, add `consent: true` (or remove the names)";
        if let Some(first) = self.meta.people.first() {
            return Some(
                Diagnostic::error_at(
                    &self.source.path,
                    first.line,
                    first.column,
                    "this case study names people but does not say they agreed",
                )
                .with_span(first.value.chars().count())
                .with_help(help)
                .with_source(text),
            );
        }
        let email = self.meta.contact.as_ref()?.email.as_deref()?;
        if !is_personal_email(email) {
            return None;
        }
        let (line, column) = text
            .find(email)
            .map(|at| crate::text::line_col(text, at))
            .unwrap_or((0, 0));
        Some(
            Diagnostic::error_at(
                &self.source.path,
                line,
                column,
                format!("the contact address `{email}` looks personal, and the case study does not say its owner agreed"),
            )
            .with_span(email.chars().count())
            .with_help("use a shared address such as info@ or hello@, or, if the person agreed to be named, add `consent: true`")
            .with_source(text),
        )
    }

    /// The written terms with their positions, for checking against the allowed terms.
    pub(crate) fn located_terms(&self, taxonomy: Taxonomy) -> Vec<&Located<String>> {
        match taxonomy {
            Taxonomy::Themes => self.meta.themes.iter().collect(),
            Taxonomy::Places => self.meta.place.iter().collect(),
            Taxonomy::Approaches => self.meta.approaches.iter().collect(),
            Taxonomy::EngagementLevels => self.meta.engagement_level.iter().collect(),
            Taxonomy::FieldsOfPractice => self.meta.fields_of_practice.iter().collect(),
            Taxonomy::Custom(i) => self
                .custom_terms
                .get(usize::from(i))
                .map(|terms| terms.iter().collect())
                .unwrap_or_default(),
        }
    }
}

/// The plain text of the first paragraph of `markdown` (headings, lists, code and HTML
/// skipped), cut to at most `max_words` words with `…`; empty when there is none.
pub(crate) fn first_paragraph(markdown: &str, max_words: usize) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut text = String::new();
    let mut inside = false;
    let mut depth = 0usize;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => inside = true,
            Event::Start(_) if !inside => depth += 1,
            Event::End(TagEnd::Paragraph) if inside => break,
            Event::End(_) if !inside => depth = depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if inside => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if inside => text.push(' '),
            _ => {}
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > max_words {
        format!("{}…", words[..max_words].join(" "))
    } else {
        words.join(" ")
    }
}

/// Addresses for a role or an organisation, not a person.
const ROLE_ADDRESSES: &[&str] = &[
    "admin",
    "contact",
    "contactus",
    "comms",
    "communications",
    "engagement",
    "enquiries",
    "enquiry",
    "general",
    "hello",
    "help",
    "info",
    "information",
    "mail",
    "media",
    "news",
    "office",
    "participation",
    "press",
    "reception",
    "secretary",
    "support",
    "team",
];

/// Whether an e-mail address looks like a person's: anything but a role address such as
/// `info@`, `hello@` or `contact@` (with or without a dot or hyphenated suffix,
/// e.g. `info.bury@`).
pub(crate) fn is_personal_email(email: &str) -> bool {
    let Some((local, _)) = email.trim().split_once('@') else {
        return false;
    };
    let local = local.to_lowercase();
    let head = local.split(['.', '-', '_', '+']).next().unwrap_or("");
    !ROLE_ADDRESSES.contains(&head) && !ROLE_ADDRESSES.contains(&local.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins the summary taken from a story: its first paragraph as plain text, headings and
    // lists skipped, cut with `…` past the word limit.
    #[test]
    fn first_paragraph_is_the_summary() {
        let md =
            "## Background\n\n- a list\n\nResidents *met* in the\n`hall`. Then more.\n\nLater.\n";
        assert_eq!(
            first_paragraph(md, 60),
            "Residents met in the hall. Then more."
        );
        assert_eq!(first_paragraph(md, 3), "Residents met in…");
        assert_eq!(first_paragraph("# Only a heading\n", 60), "");
    }

    // Pins which contact addresses count as personal.
    #[test]
    fn personal_addresses() {
        assert!(is_personal_email("jane.smith@example.org"));
        assert!(is_personal_email("jsmith@council.gov.uk"));
        assert!(!is_personal_email("info@example.org"));
        assert!(!is_personal_email("Hello@example.org"));
        assert!(!is_personal_email("contact.bury@example.org"));
        assert!(!is_personal_email("not an address"));
    }
}
