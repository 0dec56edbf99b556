//! The five taxonomies case studies are classified by, the library's own (`[taxonomies.<name>]`
//! with `kinds` in site.toml), and the index of terms to case studies.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::{Config, TaxonomyConfig};
use crate::text::slugify;

/// Which taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Taxonomy {
    Themes,
    Places,
    Approaches,
    EngagementLevels,
    FieldsOfPractice,
    /// A taxonomy of the library's own, by its place in `config.taxonomies.custom` (in name
    /// order; at most [`MAX_CUSTOM_TAXONOMIES`](crate::config::MAX_CUSTOM_TAXONOMIES)).
    Custom(u8),
}

impl Taxonomy {
    /// Every taxonomy of the library: the built-in five, then its own.
    pub(crate) fn all(config: &Config) -> Vec<Taxonomy> {
        let own = config
            .taxonomies
            .custom
            .len()
            .min(crate::config::MAX_CUSTOM_TAXONOMIES);
        Self::ALL
            .into_iter()
            .chain((0..own).map(|i| Taxonomy::Custom(i as u8)))
            .collect()
    }

    /// The name of a taxonomy of the library's own (`funders`), as site.toml declares it.
    pub(crate) fn custom_name(self, config: &Config) -> Option<&str> {
        match self {
            Taxonomy::Custom(i) => config
                .taxonomies
                .custom
                .keys()
                .nth(usize::from(i))
                .map(String::as_str),
            _ => None,
        }
    }

    /// Its key under `[taxonomies]` in site.toml, for a built-in one.
    pub(crate) fn config_key(self) -> &'static str {
        match self {
            Taxonomy::Themes => "themes",
            Taxonomy::Places => "places",
            Taxonomy::Approaches => "approaches",
            Taxonomy::EngagementLevels => "engagement_levels",
            Taxonomy::FieldsOfPractice => "fields_of_practice",
            Taxonomy::Custom(_) => "",
        }
    }

    /// The folder of its pages in the output: `engagement-levels`, or for one of the
    /// library's own its name with `-` for `_`.
    pub(crate) fn segment(self, config: &Config) -> String {
        match self.custom_name(config) {
            Some(name) => name.replace('_', "-"),
            None => self.url_segment().to_string(),
        }
    }

    pub(crate) const ALL: [Taxonomy; 5] = [
        Taxonomy::Themes,
        Taxonomy::Places,
        Taxonomy::Approaches,
        Taxonomy::EngagementLevels,
        Taxonomy::FieldsOfPractice,
    ];

    /// The folder of a built-in taxonomy's pages, e.g. `engagement-levels` (see
    /// [`Taxonomy::segment`] for every taxonomy).
    fn url_segment(self) -> &'static str {
        match self {
            Taxonomy::Themes => "themes",
            Taxonomy::Places => "places",
            Taxonomy::Approaches => "approaches",
            Taxonomy::EngagementLevels => "engagement-levels",
            Taxonomy::FieldsOfPractice => "fields-of-practice",
            Taxonomy::Custom(_) => "",
        }
    }

    /// The front-matter field a case study names its terms in (`taxonomies` holds the
    /// library's own, each under its name).
    pub(crate) fn field(self) -> &'static str {
        match self {
            Taxonomy::Themes => "themes",
            Taxonomy::Places => "place",
            Taxonomy::Approaches => "approaches",
            Taxonomy::EngagementLevels => "engagement_level",
            Taxonomy::FieldsOfPractice => "fields_of_practice",
            Taxonomy::Custom(_) => "taxonomies",
        }
    }

    fn default_title(self) -> &'static str {
        match self {
            Taxonomy::Themes => "Themes",
            Taxonomy::Places => "Places",
            Taxonomy::Approaches => "Approaches",
            Taxonomy::EngagementLevels => "Levels of engagement",
            Taxonomy::FieldsOfPractice => "Fields of practice",
            Taxonomy::Custom(_) => "",
        }
    }

    pub(crate) fn config(self, config: &Config) -> &TaxonomyConfig {
        static NONE: std::sync::LazyLock<TaxonomyConfig> =
            std::sync::LazyLock::new(TaxonomyConfig::default);
        let t = &config.taxonomies;
        match self {
            Taxonomy::Themes => &t.themes,
            Taxonomy::Places => &t.places,
            Taxonomy::Approaches => &t.approaches,
            Taxonomy::EngagementLevels => &t.engagement_levels,
            Taxonomy::FieldsOfPractice => &t.fields_of_practice,
            Taxonomy::Custom(i) => t.custom.values().nth(usize::from(i)).unwrap_or(&NONE),
        }
    }

    /// The heading of the taxonomy's pages: its `title`, else a default (for one of the
    /// library's own, its name: `funders` is "Funders").
    pub(crate) fn title(self, config: &Config) -> String {
        if let Some(title) = &self.config(config).title {
            return title.clone();
        }
        match self.custom_name(config) {
            Some(name) => capitalised(&name.replace('_', " ")),
            None => self.default_title().to_string(),
        }
    }

    /// Terms allowed by the library, when it restricts them.
    pub(crate) fn allowed_terms(self, config: &Config) -> Option<Vec<String>> {
        match self {
            Taxonomy::EngagementLevels => Some(
                EngagementLevel::ALL
                    .iter()
                    .map(|l| l.as_str().to_string())
                    .collect(),
            ),
            Taxonomy::FieldsOfPractice => Some(
                FieldOfPractice::ALL
                    .iter()
                    .map(|l| l.as_str().to_string())
                    .collect(),
            ),
            _ => self.config(config).terms.clone(),
        }
    }

    /// How a term is shown to readers.
    pub(crate) fn display_name(self, config: &Config, term: &str) -> String {
        if let Some(name) = self.config(config).names.get(term) {
            return name.clone();
        }
        capitalised(term)
    }
}

/// `text` with a capital first letter.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The IAP2 spectrum of public participation, from least to most shared power.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum EngagementLevel {
    Inform,
    Consult,
    Involve,
    Collaborate,
    Empower,
}

impl EngagementLevel {
    pub(crate) const ALL: [EngagementLevel; 5] = [
        EngagementLevel::Inform,
        EngagementLevel::Consult,
        EngagementLevel::Involve,
        EngagementLevel::Collaborate,
        EngagementLevel::Empower,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            EngagementLevel::Inform => "inform",
            EngagementLevel::Consult => "consult",
            EngagementLevel::Involve => "involve",
            EngagementLevel::Collaborate => "collaborate",
            EngagementLevel::Empower => "empower",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<EngagementLevel> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// 1 (inform) to 5 (empower), for the spectrum display.
    pub(crate) fn step(self) -> usize {
        self as usize + 1
    }
}

/// The four fields of co-production practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
// The shared prefix is the point: these are the four co-production practices by name.
#[allow(clippy::enum_variant_names)]
pub(crate) enum FieldOfPractice {
    CoDesign,
    CoCommissioning,
    CoDelivery,
    CoAssessment,
}

impl FieldOfPractice {
    pub(crate) const ALL: [FieldOfPractice; 4] = [
        FieldOfPractice::CoDesign,
        FieldOfPractice::CoCommissioning,
        FieldOfPractice::CoDelivery,
        FieldOfPractice::CoAssessment,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            FieldOfPractice::CoDesign => "co-design",
            FieldOfPractice::CoCommissioning => "co-commissioning",
            FieldOfPractice::CoDelivery => "co-delivery",
            FieldOfPractice::CoAssessment => "co-assessment",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<FieldOfPractice> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// A term in use, with the case studies (indexes into the library's list) that carry it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Term {
    pub(crate) term: String,
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) case_studies: Vec<usize>,
}

/// Every term of one taxonomy, by slug.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermIndex {
    pub(crate) terms: BTreeMap<String, Term>,
}

impl TermIndex {
    /// Makes sure `term` is listed, even with no case study.
    pub(crate) fn ensure(&mut self, taxonomy: Taxonomy, config: &Config, term: &str) -> &mut Term {
        let slug = slugify(term);
        self.terms.entry(slug.clone()).or_insert_with(|| Term {
            term: term.to_string(),
            name: taxonomy.display_name(config, term),
            slug,
            case_studies: Vec::new(),
        })
    }

    /// Adds `case_study` under `term`.
    pub(crate) fn add(
        &mut self,
        taxonomy: Taxonomy,
        config: &Config,
        term: &str,
        case_study: usize,
    ) {
        let entry = self.ensure(taxonomy, config, term);
        if entry.case_studies.last() != Some(&case_study) {
            entry.case_studies.push(case_study);
        }
    }

    /// Terms in display order: the fixed spectrum order for levels, else by name.
    pub(crate) fn ordered(&self, taxonomy: Taxonomy) -> Vec<&Term> {
        let mut terms: Vec<&Term> = self.terms.values().collect();
        match taxonomy {
            Taxonomy::EngagementLevels => terms.sort_by_key(|t| {
                EngagementLevel::ALL
                    .iter()
                    .position(|l| l.as_str() == t.term)
            }),
            Taxonomy::FieldsOfPractice => terms.sort_by_key(|t| {
                FieldOfPractice::ALL
                    .iter()
                    .position(|l| l.as_str() == t.term)
            }),
            _ => terms.sort_by_key(|t| t.name.to_lowercase()),
        }
        terms
    }
}
