//! The contract with theme authors: `docs/templates.md` lists every variable each template
//! receives. This test renders the example library (every kind of page, in every language),
//! collects the variables each template got, and compares them with the document, both ways.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use super::{RenderInputs, RenderOptions, Renderer};
use crate::content::Library;
use crate::content::library::LoadOptions;
use crate::i18n::{PageLanguages, Strings};
use crate::output::Discard;
use crate::render::templates::Templates;
use crate::site::Site;
use crate::theme::Theme;

/// Template name -> the variables it received, as paths: `title`, `site.app`,
/// `themes[].href` (two levels deep; deeper values are described in prose).
type Variables = BTreeMap<String, BTreeSet<String>>;

/// The variables each template of the example library's pages received.
fn received() -> Variables {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = LoadOptions {
        drafts: true,
        ..Default::default()
    };
    let library = Library::load(root, &options).expect("the example loads");
    let (theme, _) =
        Theme::resolve(&library.root, &library.config.theme, &library.templates).unwrap();
    let strings = Strings::load(&library.root, &library.config).unwrap();
    let site = Site::plan(&library, theme.assets.keys().map(String::as_str)).unwrap();
    let templates = Templates::new(&theme).unwrap();
    let images = std::sync::Arc::new(crate::images::process(&library.root, &library.assets));
    let mut variables = Variables::new();
    for (code, _) in site.languages() {
        let localized = crate::i18n::localize(&library, code);
        let languages = PageLanguages::new(&localized, &strings, code);
        let targets = super::link_targets(&localized, &site, code, Some(&images));
        let bodies = super::render_bodies(&localized, &targets);
        let mut renderer = Renderer::new(
            &localized,
            RenderInputs {
                site: &site,
                languages: &languages,
                bodies: &bodies,
                targets: &targets,
                templates: &templates,
            },
        );
        renderer.captured = Some(Default::default());
        for page in site.pages() {
            renderer
                .write_page(page, &page.url, &RenderOptions::default(), &Discard)
                .unwrap();
        }
        for (template, json) in renderer.captured.take().unwrap().into_inner().unwrap() {
            paths(&json, "", 0, variables.entry(template).or_default());
        }
    }
    variables
}

/// The paths of `value`'s fields, two levels deep.
fn paths(value: &Value, prefix: &str, depth: usize, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) if depth < 2 => {
            for (key, v) in map {
                let path = format!("{prefix}{key}");
                out.insert(path.clone());
                paths(v, &format!("{path}."), depth + 1, out);
            }
        }
        Value::Array(items) if depth < 2 && !prefix.is_empty() => {
            let list = format!("{}[].", prefix.trim_end_matches('.'));
            for item in items {
                paths(item, &list, depth, out);
            }
        }
        _ => {}
    }
}

/// The variables `docs/templates.md` lists, by template (`*` for every page).
fn documented(text: &str) -> Variables {
    let mut variables = Variables::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            current = heading.split('`').nth(1).map(str::to_string).or_else(|| {
                heading
                    .to_lowercase()
                    .starts_with("every page")
                    .then(|| "*".to_string())
            });
        } else if let (Some(template), Some(row)) = (&current, line.strip_prefix("| `")) {
            let name = row.split('`').next().unwrap_or_default();
            variables
                .entry(template.clone())
                .or_default()
                .insert(name.to_string());
        }
    }
    variables
}

/// Where `received` and `documented` differ, as readable lines.
fn differences(received: &Variables, documented: &Variables) -> Vec<String> {
    let common = documented.get("*").cloned().unwrap_or_default();
    let mut found = Vec::new();
    for (template, got) in received {
        let own = documented.get(template).cloned().unwrap_or_default();
        let listed: BTreeSet<String> = match template.starts_with("partials/") {
            true => own,
            false => own.union(&common).cloned().collect(),
        };
        for name in got.difference(&listed) {
            found.push(format!(
                "{template} receives `{name}`, which docs/templates.md does not list"
            ));
        }
        // Nested values show only when the example has them (an empty list has no items), so
        // the document may list more of those; a top-level variable is always there.
        for name in listed.difference(got).filter(|n| !n.contains(['.', '['])) {
            found.push(format!(
                "docs/templates.md lists `{name}` for {template}, which it does not receive"
            ));
        }
    }
    for template in documented.keys() {
        if template != "*" && !received.contains_key(template) {
            found.push(format!(
                "docs/templates.md lists {template}, which no page of the example uses"
            ));
        }
    }
    found
}

// Pins that docs/templates.md lists exactly the variables every template receives.
#[test]
fn templates_doc_lists_every_variable() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/templates.md"))
            .unwrap_or_default();
    let received = received();
    if std::env::var_os("CAIRN_PRINT_TEMPLATE_VARIABLES").is_some() {
        for (template, names) in &received {
            println!("## {template}");
            for n in names {
                println!("| `{n}` | |");
            }
        }
    }
    let found = differences(&received, &documented(&docs));
    assert!(found.is_empty(), "{}", found.join("\n"));
}

// Pins that the comparison above fails when a template gains a field the document lacks.
#[test]
fn a_new_field_is_found() {
    let mut received = Variables::new();
    received
        .entry("page.html".into())
        .or_default()
        .extend(["title".to_string(), "subtitle".to_string()]);
    let docs = "## Every page\n| `title` | |\n## `page.html`\n";
    assert_eq!(
        differences(&received, &documented(docs)),
        vec!["page.html receives `subtitle`, which docs/templates.md does not list"]
    );
}
