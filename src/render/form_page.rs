//! The template contexts of a scoring form's pages: the form itself (`forms/<slug>/`, to fill
//! in on screen or print, blank or filled) and its collate page (`forms/<slug>/collate/`).
//!
//! Both carry the form's definition as JSON for `static/js/form.js`, and the chart as SVG built
//! here, so it is there without JavaScript.

use serde_json::{Value, json};

use super::Site;
use super::chart::{self, ChartItem};
use crate::content::form::Form;

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

/// JSON safe inside `<script type="application/json">`.
fn script_json(v: &Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Sections with their scales and items numbered through the form (1, 2, ...).
fn sections(f: &Form) -> Vec<Value> {
    let mut number = 0;
    f.meta
        .sections
        .iter()
        .enumerate()
        // A section with an unknown scale is reported by `Form::validate`; it is left out here.
        .filter_map(|(index, section)| Some((index, section, f.scale(&section.scale.value)?)))
        .map(|(index, section, scale)| {
            let scale = Some(scale);
            let max = scale
                .and_then(|s| s.points.iter().map(|p| p.points).max())
                .unwrap_or(0);
            let min = scale
                .and_then(|s| s.points.iter().map(|p| p.points).min())
                .unwrap_or(0);
            json!({
                "index": index,
                "title": section.title,
                "scale": scale,
                "min_total": min * section.items.len() as i32,
                "max_total": max * section.items.len() as i32,
                "items": section.items.iter().map(|item| {
                    number += 1;
                    json!({"id": item.id.value, "text": item.text, "number": number, "max": max})
                }).collect::<Vec<_>>(),
            })
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

impl Site<'_> {
    /// `forms/<slug>/index.html`.
    pub(super) fn form_page(&self, i: usize, root: &str) -> Value {
        let lib = self.library;
        let f = &lib.forms[i];
        let (lo, hi) = f.total_range();
        let chart = chart::svg(
            f.meta.chart,
            "form-chart",
            &self.t("chart_label").replace("{title}", &f.meta.title),
            &chart_items(f),
        );
        json!({
            "title": f.meta.title,
            "description": f.meta.description.clone().unwrap_or_else(|| lib.config.description.clone()),
            "content": self.body_html(&f.source),
            "form": f.meta,
            "slug": f.slug,
            "sections": sections(f),
            "min_total": lo,
            "max_total": hi,
            "chart": chart,
            "definition": script_json(&definition(f)),
            "section": "forms",
            "breadcrumbs": self.crumbs(root, &[(self.t("forms").as_str(), "forms/index.html")]),
        })
    }

    /// `forms/<slug>/collate/index.html`.
    pub(super) fn form_collate(&self, i: usize, root: &str) -> Value {
        let lib = self.library;
        let f = &lib.forms[i];
        let (lo, hi) = f.total_range();
        let chart = chart::svg(
            f.meta.chart,
            "collate-chart",
            &self
                .t("collate_chart_label")
                .replace("{title}", &f.meta.title),
            &chart_items(f),
        );
        let form_href = format!("forms/{}/index.html", f.slug);
        json!({
            "title": format!("{} {}", self.t("collate_title"), f.meta.title),
            "form_title": f.meta.title,
            "description": self.t("collate_intro"),
            "form": f.meta,
            "slug": f.slug,
            "sections": sections(f),
            "min_total": lo,
            "max_total": hi,
            "chart": chart,
            "definition": script_json(&definition(f)),
            "section": "forms",
            "breadcrumbs": self.crumbs(root, &[(self.t("forms").as_str(), "forms/index.html"), (&f.meta.title, &form_href)]),
        })
    }
}
