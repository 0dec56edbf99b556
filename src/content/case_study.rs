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
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub date: Option<PartialDate>,
    #[serde(default)]
    pub period: Option<Period>,
    pub place: Located<String>,
    #[serde(default)]
    pub organisations: Vec<String>,
    #[serde(default)]
    pub themes: Vec<Located<String>>,
    #[serde(default)]
    pub approaches: Vec<Located<String>>,
    /// Principle references, `<set>/<id>`.
    #[serde(default)]
    pub principles: Vec<Located<String>>,
    #[serde(default)]
    /// Checked against the IAP2 levels after loading, so a typo here does not hide other problems.
    pub engagement_level: Option<Located<String>>,
    #[serde(default)]
    pub fields_of_practice: Vec<Located<String>>,
    #[serde(default)]
    pub outcomes: Vec<String>,
    #[serde(default)]
    pub links: Vec<Link>,
    #[serde(default)]
    pub contact: Option<Contact>,
    /// People named in the story (credited on its page). Naming people needs `consent: true`.
    #[serde(default)]
    pub people: Vec<Located<String>>,
    /// Everyone named (in `people`, or as a personal contact address) agreed to be named.
    #[serde(default)]
    pub consent: bool,
    /// Where the story comes from (attribution).
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub licence: Option<String>,
    #[serde(default)]
    pub draft: bool,
    /// A picture shown on its page and card (src/content/image.rs).
    #[serde(default)]
    pub image: Option<super::image::ImageMeta>,
}

/// A span of time; `end` absent means ongoing.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub start: PartialDate,
    #[serde(default)]
    pub end: Option<PartialDate>,
}

/// A link to a report, video or web page about the case study.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// Who to ask about the case study.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// A loaded case study.
#[derive(Debug, Clone)]
pub struct CaseStudy {
    /// The file name without `.md`; the page is `case-studies/<slug>/`.
    pub slug: String,
    pub meta: CaseStudyMeta,
    pub source: Source,
}

impl CaseStudy {
    /// Keeps at most `limit` terms (`terms_per_case_study` under `[limits]`) in each of a case study's lists that make
    /// pages (themes, approaches, fields of practice, principles), and an error for each list
    /// that was longer, at its first term past the limit. The lists are cut, not only reported,
    /// so that a library with this error is still cheap to check for its other errors.
    pub fn cap_terms(&mut self, limit: usize) -> Vec<Diagnostic> {
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
                .with_source(&self.source.text),
            );
            list.truncate(limit);
        }
        problems
    }

    /// The date it is sorted by: its date, or the start of its period.
    pub fn sort_date(&self) -> Option<PartialDate> {
        self.meta
            .date
            .or(self.meta.period.as_ref().map(|p| p.start))
    }

    /// "March 2021", "2019 to 2021" or "2019 onwards".
    pub fn when(&self) -> String {
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

    /// The terms it carries in one taxonomy, as written.
    pub fn terms(&self, taxonomy: Taxonomy) -> Vec<String> {
        match taxonomy {
            Taxonomy::Themes => self.meta.themes.iter().map(|t| t.value.clone()).collect(),
            Taxonomy::Places => vec![self.meta.place.value.clone()],
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
        }
    }

    /// The IAP2 level, when it is given and valid.
    pub fn engagement_level(&self) -> Option<EngagementLevel> {
        self.meta
            .engagement_level
            .as_ref()
            .and_then(|l| EngagementLevel::parse(&l.value))
    }

    /// The valid fields of practice.
    pub fn fields_of_practice(&self) -> Vec<FieldOfPractice> {
        self.meta
            .fields_of_practice
            .iter()
            .filter_map(|f| FieldOfPractice::parse(&f.value))
            .collect()
    }

    /// Naming people needs their consent: a case study with `people`, or a contact e-mail
    /// address that looks personal (not a shared one such as info@), must say `consent: true`.
    pub fn consent_problem(&self) -> Option<Diagnostic> {
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
    pub fn located_terms(&self, taxonomy: Taxonomy) -> Vec<&Located<String>> {
        match taxonomy {
            Taxonomy::Themes => self.meta.themes.iter().collect(),
            Taxonomy::Places => vec![&self.meta.place],
            Taxonomy::Approaches => self.meta.approaches.iter().collect(),
            Taxonomy::EngagementLevels => self.meta.engagement_level.iter().collect(),
            Taxonomy::FieldsOfPractice => self.meta.fields_of_practice.iter().collect(),
        }
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
pub fn is_personal_email(email: &str) -> bool {
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
