//! The contract between the web editor and the build, as tests: every front-matter field the
//! build reads, of every kind and at every depth, is a field of the editor's forms, and the
//! editor has no field the build would refuse; every allowed term is a choice of its selects,
//! and no other; and an entry filled in as the forms allow (every field, or only the required
//! ones) builds without an error.
//!
//! The generated `admin/config.json` is read back from a real build of a small library, so
//! these tests see exactly what a contributor's browser gets.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Value, json};

use crate::content::fields::{DATE_PATTERN, Kind, model};
use crate::render::RenderOptions;
use crate::schema::{Dialect, Vocabulary};

const SITE_TOML: &str = r#"title = "Editor Library"
base_url = "https://example.org/lib/"
repository = "https://github.com/example/library"
licence = "CC BY 4.0"

[editor]

[taxonomies.themes]
terms = ["health inequalities", "youth"]
[taxonomies.themes.names]
"health inequalities" = "Health inequalities"

[taxonomies.places]
terms = ["Bury", "Oldham"]

[taxonomies.approaches]
terms = ["participatory budgeting"]
"#;

const PRINCIPLES: &str = "---\ntitle: \"Core principles\"\nprinciples:\n  - id: sharing-power\n    name: \"Sharing power\"\n    description: \"Decisions are made together.\"\n  - id: assets\n    name: \"Building on assets\"\n    description: \"Start from what people bring.\"\n---\n\nThe set.\n";

const CASE_STUDY: &str = "---\ntitle: \"A good story\"\nsummary: \"Something worked.\"\ndate: 2021-03\nplace: \"Oldham\"\nthemes: [\"youth\"]\n---\n\nThe story.\n";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A small library with `[editor]`, restricted terms, principles, a glossary and a plain page.
fn library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "site.toml", SITE_TOML);
    write(root, "content/principles/core.md", PRINCIPLES);
    write(root, "content/case-studies/good.md", CASE_STUDY);
    write(
        root,
        "content/about.md",
        "---\ntitle: \"About\"\n---\n\nAbout us.\n",
    );
    write(
        root,
        "content/glossary.md",
        "---\ntitle: \"Glossary\"\nterms:\n  - term: \"VCS\"\n    expansion: \"voluntary and community sector\"\n    definition: \"Charities and community groups.\"\n---\n",
    );
    dir
}

/// Builds the library at `root` in memory; returns the editor's configuration and the
/// library, or the build's errors as text.
fn build(root: &Path) -> Result<(Value, crate::Library), String> {
    match crate::build_in_memory(root, true, &RenderOptions::default()) {
        Ok((library, output, _)) => {
            let config = output
                .get("admin/config.json")
                .ok_or("the build wrote no admin/config.json")?;
            Ok((serde_json::from_slice(config).unwrap(), library))
        }
        Err(crate::Error::Content(errors)) => Err(errors
            .iter()
            .map(|d| format!("{}:{}: {}", d.path.display(), d.line, d.message))
            .collect::<Vec<_>>()
            .join("\n")),
        Err(e) => Err(e.to_string()),
    }
}

fn collection<'a>(config: &'a Value, name: &str) -> &'a Value {
    config["collections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no collection `{name}`"))
}

/// The front-matter fields of a form, nested ones as `parent.child`: not the Markdown body,
/// nor the hidden `source_hash` a translation keeps (src/i18n.rs takes it out before reading).
fn editor_fields(fields: &Value) -> BTreeSet<String> {
    fn walk(fields: &Value, prefix: &str, out: &mut BTreeSet<String>) {
        for f in fields.as_array().into_iter().flatten() {
            let name = f["name"].as_str().unwrap();
            if prefix.is_empty()
                && (name == "body" || name == crate::content::translation::SOURCE_HASH_KEY)
            {
                continue;
            }
            let path = format!("{prefix}{name}");
            out.insert(path.clone());
            // A list of objects, or an object: its own fields. (A list of plain values has a
            // single `field`, the item, which is not a key of front matter.)
            walk(&f["fields"], &format!("{path}."), out);
        }
    }
    let mut out = BTreeSet::new();
    walk(fields, "", &mut out);
    out
}

/// What differs between the fields of an editor form and the fields the build reads.
fn field_problems(what: &str, editor: &BTreeSet<String>, model: &[String]) -> Vec<String> {
    let model: BTreeSet<String> = model.iter().cloned().collect();
    let missing = model
        .difference(editor)
        .map(|f| format!("{what}: `{f}` is read by the build but missing from the web editor"));
    let extra = editor
        .difference(&model)
        .map(|f| format!("{what}: `{f}` is in the web editor but the build does not accept it"));
    missing.chain(extra).collect()
}

/// Every form of the configuration, with the kind of page it writes.
fn forms(config: &Value) -> Vec<(String, Kind, &Value)> {
    let mut forms = Vec::new();
    for (name, kind) in [
        ("case-studies", Kind::CaseStudy),
        ("toolkit", Kind::ToolkitSection),
        ("principles", Kind::PrincipleSet),
        ("forms", Kind::Form),
    ] {
        let c = collection(config, name);
        forms.push((name.to_string(), kind, &c["fields"]));
        if c["index_file"].is_object() {
            // A toolkit folder's `_index.md` is a section; elsewhere it is a plain page.
            let index_kind = match kind {
                Kind::ToolkitSection => kind,
                _ => Kind::Page,
            };
            forms.push((
                format!("{name}/_index"),
                index_kind,
                &c["index_file"]["fields"],
            ));
        }
    }
    for file in collection(config, "pages")["files"].as_array().unwrap() {
        let kind = match file["file"].as_str() {
            Some("content/glossary.md") => Kind::Glossary,
            _ => Kind::Page,
        };
        forms.push((
            file["file"].as_str().unwrap().to_string(),
            kind,
            &file["fields"],
        ));
    }
    forms
}

fn contract_problems(config: &Value) -> Vec<String> {
    forms(config)
        .into_iter()
        .flat_map(|(what, kind, fields)| {
            field_problems(&what, &editor_fields(fields), &model(kind))
        })
        .collect()
}

// Pins the contract for fields: every front-matter field of every kind, nested ones included,
// is in the generated editor configuration, and nothing else is.
#[test]
fn every_field_of_every_kind_is_in_the_editor() {
    let dir = library();
    let (config, _) = build(dir.path()).unwrap();
    assert_eq!(contract_problems(&config), Vec::<String>::new());
    // Every kind has a form (the plain page is in the `pages` files too).
    let kinds: Vec<Kind> = forms(&config).iter().map(|(_, k, _)| *k).collect();
    for kind in Kind::ALL {
        assert!(kinds.contains(&kind), "no form for {kind:?}");
    }
    assert!(
        forms(&config)
            .iter()
            .any(|(what, _, _)| what == "content/about.md"),
        "the plain page has a form"
    );
}

// Pins that the contract fails when a field is added to a kind and not to the editor, and when
// the editor has a field the build would refuse: the check above is not vacuous.
#[test]
fn the_contract_fails_on_a_field_added_on_one_side() {
    let dir = library();
    let (config, _) = build(dir.path()).unwrap();
    let fields = &collection(&config, "case-studies")["fields"];
    // The model with a new field, as if `budget` were added to `CaseStudyMeta`.
    let mut grown = model(Kind::CaseStudy);
    grown.push("budget".into());
    assert_eq!(
        field_problems("case-studies", &editor_fields(fields), &grown),
        vec!["case-studies: `budget` is read by the build but missing from the web editor"]
    );
    // A nested field added to `Contact`.
    let mut grown = model(Kind::CaseStudy);
    grown.push("contact.phone".into());
    assert_eq!(
        field_problems("case-studies", &editor_fields(fields), &grown).len(),
        1
    );
    // The editor with a field the build does not read.
    let mut extra = fields.clone();
    extra
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "budgett", "widget": "string"}));
    assert_eq!(
        field_problems(
            "case-studies",
            &editor_fields(&extra),
            &model(Kind::CaseStudy)
        ),
        vec!["case-studies: `budgett` is in the web editor but the build does not accept it"]
    );
}

/// The values a select offers.
fn choices(field: &Value) -> BTreeSet<String> {
    field["options"]
        .as_array()
        .unwrap_or_else(|| panic!("`{}` is not a select", field["name"]))
        .iter()
        .map(|o| o.get("value").unwrap_or(o).as_str().unwrap().to_string())
        .collect()
}

/// The values a JSON Schema property allows: its `enum`, or its items' `enum`.
fn allowed(property: &Value) -> BTreeSet<String> {
    let values = property
        .get("enum")
        .or_else(|| property["items"].get("enum"))
        .unwrap_or_else(|| panic!("no enum in {property}"));
    values
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// What differs between the choices of the editor's case-study selects and the terms the
/// build accepts, as `cairn schema` publishes them for the same library.
fn term_problems(config: &Value, schema: &Value) -> Vec<String> {
    let fields = collection(config, "case-studies")["fields"]
        .as_array()
        .unwrap();
    let mut problems = Vec::new();
    for name in [
        "place",
        "themes",
        "approaches",
        "principles",
        "engagement_level",
        "fields_of_practice",
    ] {
        let field = fields.iter().find(|f| f["name"] == name).unwrap();
        let offered = choices(field);
        let accepted = allowed(&schema["properties"][name]);
        for t in accepted.difference(&offered) {
            problems.push(format!(
                "`{name}`: the build accepts `{t}`, the web editor does not offer it"
            ));
        }
        for t in offered.difference(&accepted) {
            problems.push(format!(
                "`{name}`: the web editor offers `{t}`, the build refuses it"
            ));
        }
    }
    problems
}

// Pins the contract for terms: the selects of the case-study form offer exactly the allowed
// terms of site.toml, the fixed engagement levels and fields of practice, and every principle,
// as `cairn schema` gives them; one term more or less on either side is reported.
#[test]
fn every_allowed_term_is_offered_and_no_other() {
    let dir = library();
    let (config, library) = build(dir.path()).unwrap();
    let schema = crate::schema::front_matter(&Vocabulary::of(&library), Dialect::default());
    assert_eq!(term_problems(&config, &schema), Vec::<String>::new());
    let themes = collection(&config, "case-studies")["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "themes")
        .unwrap();
    assert_eq!(
        choices(themes),
        ["health inequalities", "youth"].map(String::from).into()
    );

    // A term added to site.toml but not to the editor, and one the editor offers but the
    // build does not accept.
    let mut grown = schema.clone();
    grown["properties"]["themes"]["items"]["enum"]
        .as_array_mut()
        .unwrap()
        .push(json!("housing"));
    assert_eq!(
        term_problems(&config, &grown),
        vec!["`themes`: the build accepts `housing`, the web editor does not offer it"]
    );
    let mut shrunk = schema.clone();
    shrunk["properties"]["principles"]["items"]["enum"] = json!(["core/sharing-power"]);
    assert_eq!(
        term_problems(&config, &shrunk),
        vec!["`principles`: the web editor offers `core/assets`, the build refuses it"]
    );
}

/// A value the form's field could hold, as a contributor would fill it in: `path` is where the
/// field is (`sections.items`) and `index` which item of its list, so that ids differ where the
/// build wants them unique, and a section names the form's first scale.
fn sample(field: &Value, path: &str, index: usize, only_required: bool) -> Option<Value> {
    let required = field["required"].as_bool().unwrap_or(true);
    if only_required && !required {
        return None;
    }
    let name = field["name"].as_str().unwrap_or("");
    let here = if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    };
    let value = match field["widget"].as_str().unwrap_or("string") {
        "hidden" => return None,
        "boolean" => json!(true),
        "number" => json!(
            field["default"]
                .as_i64()
                .or(field["min"].as_i64())
                .unwrap_or(2)
        ),
        "select" => {
            let first = field["options"].as_array()?.first()?;
            let value = first.get("value").unwrap_or(first).clone();
            match field["multiple"].as_bool() {
                Some(true) => json!([value]),
                _ => value,
            }
        }
        "object" => sample_object(&field["fields"], &here, index, only_required),
        "image" => json!(format!("@/{SAMPLE_PICTURE}")),
        "list" => {
            let count = field["min"].as_u64().unwrap_or(1).max(1) as usize;
            let items: Option<Vec<Value>> = (0..count)
                .map(|i| match field.get("fields") {
                    Some(fields) => Some(sample_object(fields, &here, i, only_required)),
                    None => sample(&field["field"], &here, i, false),
                })
                .collect();
            json!(items?)
        }
        _ => {
            let pattern = field["pattern"][0].as_str();
            if pattern == Some(DATE_PATTERN) {
                json!("2021-03")
            } else if name == "id" || name == "code" {
                json!(format!("{}-{index}", path.replace('.', "-")))
            } else if name == "scale" {
                json!("scales-0")
            } else if pattern.is_some() {
                json!("sample-id")
            } else if field["type"] == "url" {
                json!("https://example.org/")
            } else if field["type"] == "email" {
                json!("info@example.org")
            } else {
                json!("sample")
            }
        }
    };
    Some(value)
}

fn sample_object(fields: &Value, path: &str, index: usize, only_required: bool) -> Value {
    let mut object = serde_json::Map::new();
    for f in fields.as_array().into_iter().flatten() {
        if f["name"] == "body" {
            continue;
        }
        if let Some(v) = sample(f, path, index, only_required) {
            object.insert(f["name"].as_str().unwrap().to_string(), v);
        }
    }
    Value::Object(object)
}

/// The picture every sample picture field names, written by the test beside the samples.
const SAMPLE_PICTURE: &str = "images/sample.png";

/// A small PNG, as a contributor's upload would be.
fn sample_png() -> Vec<u8> {
    let picture =
        image::RgbImage::from_fn(8, 6, |x, y| image::Rgb([x as u8 * 30, y as u8 * 40, 90]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut bytes, image::ImageFormat::Png)
        .unwrap();
    bytes.into_inner()
}

/// A Markdown file as the CMS writes it from a form filled with samples. JSON values are
/// YAML too, so each field is one `key: <json>` line.
fn sample_file(fields: &Value, only_required: bool) -> String {
    let mut text = String::from("---\n");
    if let Value::Object(object) = sample_object(fields, "", 0, only_required) {
        for (key, value) in object {
            text.push_str(&format!("{key}: {value}\n"));
        }
    }
    text.push_str("---\n\nSome text.\n");
    text
}

// Pins that everything the forms let a contributor write is accepted by the build: an entry of
// each kind with every field filled in, and one with only the fields the form requires (so the
// editor never lets through an entry missing a field the build needs).
#[test]
fn what_the_forms_write_builds() {
    for only_required in [false, true] {
        let dir = library();
        let root = dir.path();
        let (config, _) = build(root).unwrap();
        let picture = root.join("content").join(SAMPLE_PICTURE);
        std::fs::create_dir_all(picture.parent().unwrap()).unwrap();
        std::fs::write(&picture, sample_png()).unwrap();
        // The one rule of the build a form cannot express: a case study needs a date or a
        // period, either of them (both fields say so in their hints). The required-only entry
        // gives the date, as a contributor would.
        let either = "date: \"2022\"\n";
        for (name, file) in [
            ("case-studies", "content/case-studies/sample.md"),
            ("toolkit", "content/toolkit/sample.md"),
            ("principles", "content/principles/sample.md"),
            ("forms", "content/forms/sample.md"),
        ] {
            let c = collection(&config, name);
            let mut text = sample_file(&c["fields"], only_required);
            if only_required && name == "case-studies" {
                text = text.replacen("---\n", &format!("---\n{either}"), 1);
            }
            write(root, file, &text);
            let intro = format!("content/{name}/_index.md");
            if c["index_file"].is_object() {
                write(
                    root,
                    &intro,
                    &sample_file(&c["index_file"]["fields"], only_required),
                );
            }
        }
        for file in collection(&config, "pages")["files"].as_array().unwrap() {
            write(
                root,
                file["file"].as_str().unwrap(),
                &sample_file(&file["fields"], only_required),
            );
        }
        let (_, library) = build(root).unwrap_or_else(|e| {
            panic!(
                "only required: {only_required}\n{e}\n{}",
                std::fs::read_to_string(root.join("content/case-studies/sample.md")).unwrap()
            )
        });
        assert!(library.case_studies.iter().any(|c| c.slug == "sample"));
        assert!(library.forms.iter().any(|f| f.slug == "sample"));
        assert!(library.principle_sets.iter().any(|p| p.id == "sample"));
    }
}

// Pins that the date and id patterns the forms check agree with the build's own checks.
#[test]
fn form_patterns_agree_with_the_build() {
    let date = jsonschema::validator_for(&json!({"pattern": DATE_PATTERN})).unwrap();
    for text in ["2021", "2021-03", "2021-03-15", "2021-12-31", "1999-01"] {
        assert!(date.is_valid(&json!(text)), "{text}");
        assert!(crate::content::PartialDate::parse(text).is_some(), "{text}");
    }
    for text in ["21", "2021-13", "2021-3", "2021-03-32", "March 2021", ""] {
        assert!(!date.is_valid(&json!(text)), "{text}");
        assert!(crate::content::PartialDate::parse(text).is_none(), "{text}");
    }
    let kebab = jsonschema::validator_for(&json!({"pattern": super::cms::KEBAB_PATTERN})).unwrap();
    for id in ["a", "sharing-power", "step-2", "a-b-c"] {
        assert!(
            kebab.is_valid(&json!(id)) && crate::content::principle::is_kebab(id),
            "{id}"
        );
    }
    for id in ["-a", "a-", "a--b", "A", "a_b", "a b"] {
        assert!(
            !kebab.is_valid(&json!(id)) && !crate::content::principle::is_kebab(id),
            "{id}"
        );
    }
}
