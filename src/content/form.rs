//! Scoring forms: `content/forms/<slug>.md`. The front matter defines scales, items grouped in
//! sections, extra fields, comment boxes, bands on the total and a chart.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::Source;
use super::front_matter::Located;
use crate::diagnostic::Diagnostic;

/// A form's front matter.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct FormMeta {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
    /// Bumped when the items change, so old answer files can be told apart.
    #[serde(default = "one")]
    pub version: u32,
    pub scales: Vec<Scale>,
    pub sections: Vec<FormSection>,
    #[serde(default)]
    pub(crate) fields: Vec<Field>,
    #[serde(default)]
    pub(crate) comments: Vec<CommentBox>,
    #[serde(default)]
    pub(crate) bands: Vec<Band>,
    #[serde(default)]
    pub(crate) chart: Chart,
    /// Old addresses of the page (`/old/path/`), each published as a page sending readers
    /// here (src/site/: an alias that takes another file's address is an error).
    #[serde(default)]
    pub(crate) aliases: Vec<crate::content::front_matter::Located<String>>,
    /// The library's own data, free-form: given to templates as `extra` and, for case studies,
    /// to the open data.
    #[serde(default)]
    pub(crate) extra: crate::content::Extra,
}

fn one() -> u32 {
    1
}

/// Largest number of points one answer may be worth, either way (`points` from -1,000 to
/// 1,000). With at most [`MAX_ITEMS`] items, every total and every sum of totals `collate`
/// makes is a whole number both Rust's integers and the browser's numbers hold exactly, so the
/// form page, the collate page and `cairn collate` always agree.
pub(crate) const MAX_POINTS: i32 = 1_000;
/// Most items (statements to score) one form may have.
pub(crate) const MAX_ITEMS: usize = 1_000;

/// A rating scale: its points in the order they are shown.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    #[serde(serialize_with = "ser_located")]
    pub id: Located<String>,
    pub points: Vec<ScalePoint>,
    /// Label of an extra "not applicable" choice, which scores nothing.
    #[serde(default)]
    pub(crate) not_applicable: Option<String>,
}

/// One point of a scale.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScalePoint {
    pub(crate) label: String,
    pub code: String,
    pub(crate) points: i32,
}

/// A group of items sharing a scale; the title is optional.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FormSection {
    #[serde(default)]
    pub(crate) title: Option<String>,
    #[serde(serialize_with = "ser_located")]
    pub scale: Located<String>,
    pub items: Vec<Item>,
}

/// A statement to score.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    #[serde(serialize_with = "ser_located")]
    pub id: Located<String>,
    pub(crate) text: String,
}

/// An extra field such as the date of the meeting.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Field {
    #[serde(serialize_with = "ser_located")]
    pub(crate) id: Located<String>,
    pub(crate) label: String,
    #[serde(rename = "type", default)]
    pub(crate) kind: FieldKind,
    #[serde(default)]
    pub(crate) options: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum FieldKind {
    #[default]
    Text,
    Date,
    Number,
    Choice,
}

/// A free-text comment box.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CommentBox {
    #[serde(serialize_with = "ser_located")]
    pub(crate) id: Located<String>,
    pub(crate) label: String,
}

/// A range of totals with a meaning, e.g. 18–21: going well.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Band {
    pub(crate) min: i32,
    pub(crate) max: i32,
    pub(crate) label: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Chart {
    #[default]
    None,
    Bars,
    Radar,
}

fn ser_located<S: serde::Serializer>(v: &Located<String>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&v.value)
}

/// A loaded form.
#[derive(Debug, Clone)]
pub struct Form {
    pub slug: String,
    pub meta: FormMeta,
    pub source: Source,
}

impl Form {
    /// The scale a section uses (validated to exist).
    pub(crate) fn scale(&self, id: &str) -> Option<&Scale> {
        self.meta.scales.iter().find(|s| s.id.value == id)
    }

    /// Every item with its section's scale, in order.
    pub(crate) fn items(&self) -> impl Iterator<Item = (&FormSection, &Item)> {
        self.meta
            .sections
            .iter()
            .flat_map(|s| s.items.iter().map(move |i| (s, i)))
    }

    /// Lowest and highest possible totals.
    pub(crate) fn total_range(&self) -> (i32, i32) {
        // Saturating: a form over the limits (reported by `validate`) must not overflow here.
        self.items().fold((0i32, 0i32), |(lo, hi), (section, _)| {
            let points = self
                .scale(&section.scale.value)
                .map(|s| &s.points[..])
                .unwrap_or(&[]);
            let min = points.iter().map(|p| p.points).min().unwrap_or(0);
            let max = points.iter().map(|p| p.points).max().unwrap_or(0);
            (lo.saturating_add(min), hi.saturating_add(max))
        })
    }

    /// The band a total falls in.
    pub(crate) fn band(&self, total: i32) -> Option<&Band> {
        self.meta
            .bands
            .iter()
            .find(|b| (b.min..=b.max).contains(&total))
    }

    /// Every rule a definition must meet, each broken one reported at its line.
    pub fn validate(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let err = |line: usize, col: usize, msg: String, help: &str| {
            Diagnostic::error_at(&self.source.path, line, col, msg)
                .with_help(help)
                .with_source(&self.source.text)
        };
        if self.meta.scales.is_empty() {
            problems.push(err(
                0,
                0,
                "a form needs at least one scale".into(),
                "add `scales:` with an `id` and `points`",
            ));
        }
        for scale in &self.meta.scales {
            if scale.points.len() < 2 {
                problems.push(err(
                    scale.id.line,
                    scale.id.column,
                    format!("scale `{}` needs at least two points", scale.id.value),
                    "list each choice with `label`, `code` and `points`",
                ));
            }
            if let Some(p) = scale.points.iter().find(|p| p.points.abs() > MAX_POINTS) {
                problems.push(err(
                    scale.id.line,
                    scale.id.column,
                    format!(
                        "scale `{}` gives `{}` {} points; points must be between -{MAX_POINTS} and {MAX_POINTS}",
                        scale.id.value, p.code, p.points
                    ),
                    "use small whole numbers, such as 0 to 3",
                ));
            }
            let mut codes = HashSet::new();
            for p in &scale.points {
                if !codes.insert(p.code.as_str()) {
                    problems.push(err(
                        scale.id.line,
                        scale.id.column,
                        format!(
                            "scale `{}` uses the code `{}` twice",
                            scale.id.value, p.code
                        ),
                        "give each point its own short code",
                    ));
                }
            }
        }
        if self.meta.sections.iter().all(|s| s.items.is_empty()) {
            problems.push(err(
                0,
                0,
                "a form needs at least one item to score".into(),
                "add `sections:` with `items`",
            ));
        }
        let mut ids = HashSet::new();
        for section in &self.meta.sections {
            if self.scale(&section.scale.value).is_none() {
                let known: Vec<&str> = self
                    .meta
                    .scales
                    .iter()
                    .map(|s| s.id.value.as_str())
                    .collect();
                let help =
                    match crate::diagnostic::closest(&section.scale.value, known.iter().copied()) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!(
                            "use one of the scales defined in `scales`: {}",
                            known.join(", ")
                        ),
                    };
                problems.push(err(
                    section.scale.line,
                    section.scale.column,
                    format!("unknown scale `{}`", section.scale.value),
                    &help,
                ));
            }
            for id in section.items.iter().map(|i| &i.id) {
                if !super::principle::is_kebab(&id.value) {
                    problems.push(err(
                        id.line,
                        id.column,
                        format!("`{}` is not a simple id", id.value),
                        "use lower-case letters, digits and hyphens",
                    ));
                }
                if !ids.insert(id.value.clone()) {
                    problems.push(err(
                        id.line,
                        id.column,
                        format!("the id `{}` is used twice in this form", id.value),
                        "give every item, field and comment box its own id",
                    ));
                }
            }
        }
        for id in self
            .meta
            .fields
            .iter()
            .map(|f| &f.id)
            .chain(self.meta.comments.iter().map(|c| &c.id))
        {
            if !ids.insert(id.value.clone()) {
                problems.push(err(
                    id.line,
                    id.column,
                    format!("the id `{}` is used twice in this form", id.value),
                    "give every item, field and comment box its own id",
                ));
            }
        }
        for field in &self.meta.fields {
            if field.kind == FieldKind::Choice && field.options.is_empty() {
                problems.push(err(
                    field.id.line,
                    field.id.column,
                    format!("choice field `{}` has no options", field.id.value),
                    "add `options: [\"...\", \"...\"]`",
                ));
            }
        }
        let item_count = self.items().count();
        if item_count > MAX_ITEMS {
            problems.push(err(
                0,
                0,
                format!("this form has {item_count} items; a form may have at most {MAX_ITEMS}"),
                "split it into several forms",
            ));
        }
        let (lo, hi) = self.total_range();
        for band in &self.meta.bands {
            if band.min > band.max || band.min < lo || band.max > hi {
                problems.push(err(
                    0,
                    0,
                    format!(
                        "band `{}` ({}–{}) is outside the possible totals {lo}–{hi}",
                        band.label, band.min, band.max
                    ),
                    "set `min` and `max` within the lowest and highest possible totals",
                ));
            }
        }
        if self.meta.chart == Chart::Radar && item_count < 5 {
            problems.push(err(
                0,
                0,
                format!("a radar chart needs at least five items; this form has {item_count}"),
                "use `chart: bars`",
            ));
        }
        problems
    }
}
