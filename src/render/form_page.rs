//! The template contexts of a scoring form's pages: the form itself (`forms/<slug>/`, to fill
//! in on screen or print, blank or filled) and its collate page (`forms/<slug>/collate/`).
//!
//! Both carry the form's definition as JSON for `static/js/form.js`, and the chart as SVG built
//! here, so it is there without JavaScript.

use serde::Serialize;
use serde_json::{Value, json};

use super::Renderer;
use super::chart::{self, ChartItem};
use super::pages::Crumb;
use crate::content::form::{Form, FormMeta, Scale};
use crate::site::PageKind;

/// The definition `form.js` reads: scales inlined into sections, ready to score and collate.
fn definition(f: &Form) -> Value {
    let (lo, hi) = f.total_range();
    json!({
        "form": f.slug,
        "version": f.meta.version,
        "title": f.meta.title,
        "min": lo,
        "max": hi,
        "sections": f.meta.sections.iter().map(|s| json!({
            "title": s.title,
            "scale": f.scale(&s.scale.value),
            "items": s.items.iter().map(|i| json!({"id": i.id.value, "text": i.text})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "fields": f.meta.fields,
        "comments": f.meta.comments,
        "bands": f.meta.bands,
    })
}

/// A section of the form, with its scale and statements.
#[derive(Debug, Serialize)]
pub(crate) struct FormSection<'a> {
    pub(crate) index: usize,
    pub(crate) title: &'a Option<String>,
    pub(crate) scale: Option<&'a Scale>,
    pub(crate) min_total: i64,
    pub(crate) max_total: i64,
    pub(crate) items: Vec<FormItem<'a>>,
}

/// A statement, numbered through the form (1, 2, ...).
#[derive(Debug, Serialize)]
pub(crate) struct FormItem<'a> {
    pub(crate) id: &'a str,
    pub(crate) text: &'a str,
    pub(crate) number: usize,
    /// The most points its scale gives.
    pub(crate) max: i32,
}

/// `form.html`: a form to fill in on screen or print, blank or filled.
#[derive(Debug, Serialize)]
pub(crate) struct FormPage<'a> {
    pub(crate) title: &'a str,
    pub(crate) content: String,
    /// The form's front matter as written.
    pub(crate) form: &'a FormMeta,
    pub(crate) slug: &'a str,
    pub(crate) sections: Vec<FormSection<'a>>,
    pub(crate) min_total: i32,
    pub(crate) max_total: i32,
    /// The chart, as SVG, when the form has one.
    pub(crate) chart: Option<String>,
    /// The definition `form.js` reads, as JSON for a `<script>`.
    pub(crate) definition: String,
    pub(crate) breadcrumbs: Vec<Crumb>,
}

/// `form-collate.html`: put everyone's answers to a form together, in the browser.
#[derive(Debug, Serialize)]
pub(crate) struct FormCollatePage<'a> {
    pub(crate) title: String,
    pub(crate) form_title: &'a str,
    pub(crate) form: &'a FormMeta,
    pub(crate) slug: &'a str,
    pub(crate) sections: Vec<FormSection<'a>>,
    pub(crate) min_total: i32,
    pub(crate) max_total: i32,
    pub(crate) chart: Option<String>,
    pub(crate) definition: String,
    pub(crate) breadcrumbs: Vec<Crumb>,
}

/// Sections with their scales and items numbered through the form (1, 2, ...).
fn sections(f: &Form) -> Vec<FormSection<'_>> {
    let mut number = 0;
    f.meta
        .sections
        .iter()
        .enumerate()
        // A section with an unknown scale is reported by `Form::validate`; it is left out here.
        .filter_map(|(index, section)| Some((index, section, f.scale(&section.scale.value)?)))
        .map(|(index, section, scale)| {
            let max = scale.points.iter().map(|p| p.points).max().unwrap_or(0);
            let min = scale.points.iter().map(|p| p.points).min().unwrap_or(0);
            FormSection {
                index,
                title: &section.title,
                scale: Some(scale),
                // In i64: a form over the points limit (an error) must not overflow here.
                min_total: i64::from(min) * section.items.len() as i64,
                max_total: i64::from(max) * section.items.len() as i64,
                items: section
                    .items
                    .iter()
                    .map(|item| {
                        number += 1;
                        FormItem {
                            id: &item.id.value,
                            text: &item.text,
                            number,
                            max,
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

fn chart_items(f: &Form) -> Vec<ChartItem<'_>> {
    f.items()
        .map(|(section, item)| ChartItem {
            text: &item.text,
            max: f
                .scale(&section.scale.value)
                .and_then(|s| s.points.iter().map(|p| p.points).max())
                .unwrap_or(0),
            value: None,
        })
        .collect()
}

impl Renderer<'_> {
    /// `forms/<slug>/index.html`.
    pub(super) fn form_page(&self, i: usize, root: &str) -> FormPage<'_> {
        let f = &self.library.forms[i];
        let (lo, hi) = f.total_range();
        let chart = chart::svg(
            f.meta.chart,
            "form-chart",
            &self.t("chart_label").replace("{title}", &f.meta.title),
            &chart_items(f),
        );
        FormPage {
            title: &f.meta.title,
            content: self.body_html(&f.source),
            form: &f.meta,
            slug: &f.slug,
            sections: sections(f),
            min_total: lo,
            max_total: hi,
            chart,
            definition: crate::script_json::to_script_json(&definition(f)),
            breadcrumbs: self.crumbs(
                root,
                &[(self.t("forms").as_str(), self.site.url(&PageKind::Forms))],
            ),
        }
    }

    /// `forms/<slug>/collate/index.html`.
    pub(super) fn form_collate(&self, i: usize, root: &str) -> FormCollatePage<'_> {
        let f = &self.library.forms[i];
        let (lo, hi) = f.total_range();
        let chart = chart::svg(
            f.meta.chart,
            "collate-chart",
            &self
                .t("collate_chart_label")
                .replace("{title}", &f.meta.title),
            &chart_items(f),
        );
        FormCollatePage {
            title: format!("{} {}", self.t("collate_title"), f.meta.title),
            form_title: &f.meta.title,
            form: &f.meta,
            slug: &f.slug,
            sections: sections(f),
            min_total: lo,
            max_total: hi,
            chart,
            definition: crate::script_json::to_script_json(&definition(f)),
            breadcrumbs: self.crumbs(
                root,
                &[
                    (self.t("forms").as_str(), self.site.url(&PageKind::Forms)),
                    (&f.meta.title, self.site.form(i)),
                ],
            ),
        }
    }
}
