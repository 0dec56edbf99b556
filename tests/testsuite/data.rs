//! Integration tests of the open data (issue 12): data/*.json and data/case-studies.csv with
//! their schema, JSON-LD and Open Graph tags on pages, the data page, and `cairn schema`.
//! Each test builds its own small fixture library in a temporary folder.

use std::path::{Path, PathBuf};
use std::process::Command;

use cairn::Output;
use cairn::render::RenderOptions;
use serde_json::Value;

const SITE_TOML: &str = r#"title = "Data Test Library"
description = "A fixture."
base_url = "https://example.org/lib/"
licence = "CC BY 4.0"

[taxonomies.themes]
terms = ["youth", "health inequalities"]
[taxonomies.places]
terms = ["Oldham", "Bury, Greater Manchester"]
"#;

const PRINCIPLES: &str = r#"---
title: "Core principles"
principles:
  - id: sharing-power
    name: "Sharing power"
    description: "Decisions are made together."
---
"#;

const FORM: &str = r#"---
title: "Check-in"
scales:
  - id: yn
    points:
      - { label: "Yes", code: "Y", points: 1 }
      - { label: "No", code: "N", points: 0 }
sections:
  - scale: yn
    items:
      - { id: heard, text: "I was heard." }
fields:
  - { id: when, label: "Date", type: date }
bands:
  - { min: 0, max: 1, label: "All totals" }
---
"#;

/// Every front-matter field, with values that need CSV quoting and HTML escaping.
const FULL_CASE_STUDY: &str = r#"---
title: "Quotes \"and\", commas </script><script>alert(1)</script>"
summary: |
  First line, with a comma.
  Second line <!-- not a comment -->.
period: { start: 2019-04, end: 2021 }
place: "Bury, Greater Manchester"
organisations: ["Council", "Forum; with a semicolon"]
themes: ["youth", "health inequalities"]
approaches: ["peer support"]
principles: ["core/sharing-power"]
engagement_level: involve
fields_of_practice: [co-design, co-delivery]
outcomes: ["One", "Two"]
links:
  - { title: "Report", url: "https://example.org/report.pdf" }
contact: { name: "Sam", email: "sam@example.org" }
people: ["Sam", "Alex"]
consent: true
source: "From an interview"
licence: "CC BY-SA 4.0"
---

The body text, which must not appear in the data.
"#;

const SMALL_CASE_STUDY: &str = r#"---
title: "A small story"
summary: "Plain."
date: 2022
place: "Oldham"
---

Another body that must not appear.
"#;

/// A library in a temporary folder.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new(files: &[(&str, &str)]) -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        for (rel, text) in files {
            f.write(rel, text);
        }
        f
    }

    /// site.toml, a principle set, a form and two case studies.
    fn standard() -> Fixture {
        Fixture::new(&[
            ("site.toml", SITE_TOML),
            ("content/principles/core.md", PRINCIPLES),
            ("content/forms/check-in.md", FORM),
            ("content/case-studies/full.md", FULL_CASE_STUDY),
            ("content/case-studies/small.md", SMALL_CASE_STUDY),
        ])
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Builds in memory, panicking with the diagnostics if the build fails.
    fn output(&self) -> Output {
        match cairn::build_in_memory(self.dir.path(), false, &RenderOptions::default()) {
            Ok((_, output, _)) => output,
            Err(e) => panic!("build failed: {e:?}"),
        }
    }
}

fn text(output: &Output, path: &str) -> String {
    let bytes = output.get(path).unwrap_or_else(|| panic!("missing {path}"));
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn json(output: &Output, path: &str) -> Value {
    serde_json::from_str(&text(output, path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every validation error of `instance`, as text (empty when valid).
fn errors(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).expect("the schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// The schema with `$defs/<def>` as its root, keeping `$defs` for references.
fn sub_schema(schema: &Value, def: &str) -> Value {
    serde_json::json!({
        "$schema": schema["$schema"],
        "$defs": schema["$defs"],
        "$ref": format!("#/$defs/{def}"),
    })
}

/// A minimal RFC 4180 reader: rows of fields, honouring quotes, doubled quotes and CRLF.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => assert_eq!(chars.next(), Some('\n'), "CR without LF"),
            (false, '\n') => panic!("a row ended with LF alone, not CRLF"),
            (false, c) => field.push(c),
        }
        if !quoted && c == '\r' {
            row.push(std::mem::take(&mut field));
            rows.push(std::mem::take(&mut row));
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "the last row has no line end"
    );
    rows
}

/// The text of the `<script type="application/ld+json">` of a page, up to the first `</script>`.
fn jsonld(html: &str) -> Option<&str> {
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open)? + open.len();
    let end = start + html[start..].find("</script>")?;
    Some(&html[start..end])
}

fn meta_content<'a>(html: &'a str, attr: &str, name: &str) -> Option<&'a str> {
    let needle = format!("<meta {attr}=\"{name}\" content=\"");
    let start = html.find(&needle)? + needle.len();
    Some(&html[start..start + html[start..].find('"')?])
}

// Pins the CSV: a header row naming the columns, then exactly one row per case study, every row
// as long as the header, quoting and list joining round-tripping exactly.
#[test]
fn csv_has_header_and_one_row_per_case_study() {
    let output = Fixture::standard().output();
    let rows = parse_csv(&text(&output, "data/case-studies.csv"));
    assert_eq!(rows.len(), 3, "header + two case studies: {rows:?}");
    let header = &rows[0];
    assert_eq!(header[..4], ["slug", "url", "title", "summary"]);
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{row:?}");
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    // Newest first: the 2022 story, then the one that started in 2019.
    let slugs: Vec<&str> = rows[1..].iter().map(|r| r[col("slug")].as_str()).collect();
    assert_eq!(slugs, ["small", "full"]);
    let full = &rows[2];
    assert_eq!(
        full[col("title")],
        "Quotes \"and\", commas </script><script>alert(1)</script>"
    );
    assert_eq!(
        full[col("summary")],
        "First line, with a comma.\nSecond line <!-- not a comment -->.\n"
    );
    assert_eq!(full[col("url")], "case-studies/full/index.html");
    assert_eq!(full[col("place")], "Bury, Greater Manchester");
    assert_eq!(
        full[col("organisations")],
        "Council; Forum; with a semicolon"
    );
    assert_eq!(full[col("fields_of_practice")], "co-design; co-delivery");
    assert_eq!(full[col("period_start")], "2019-04");
    assert_eq!(full[col("period_end")], "2021");
    assert_eq!(
        full[col("links")],
        "Report <https://example.org/report.pdf>"
    );
    assert_eq!(full[col("contact_email")], "sam@example.org");
    assert_eq!(full[col("contact_organisation")], "");
    assert_eq!(full[col("draft")], "false");
    assert_eq!(full[col("people")], "Sam; Alex");
    assert_eq!(full[col("consent")], "true");
    let csv = text(&output, "data/case-studies.csv");
    assert!(!csv.contains("must not appear"), "the body is not data");
}

// Pins that every data file validates against the published data/schema.json (itself a valid
// draft 2020-12 schema with a version), and that records carry every field, a relative URL and
// the summary, never the body.
#[test]
fn json_validates_against_published_schema() {
    let output = Fixture::standard().output();
    let schema = json(&output, "data/schema.json");
    jsonschema::meta::validate(&schema).expect("data/schema.json is a valid JSON Schema");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let version = schema["version"]
        .as_str()
        .expect("the schema has a version");

    let case_studies = json(&output, "data/case-studies.json");
    assert_eq!(errors(&schema, &case_studies), Vec::<String>::new());
    assert_eq!(case_studies["version"], version);
    assert_eq!(case_studies["licence"], "CC BY 4.0");
    let records = case_studies["case_studies"].as_array().unwrap();
    assert_eq!(records.len(), 2);
    let full = &records[1];
    assert_eq!(full["url"], "case-studies/full/index.html");
    assert_eq!(full["period"]["start"], "2019-04");
    assert_eq!(full["contact"]["name"], "Sam");
    assert_eq!(full["links"][0]["url"], "https://example.org/report.pdf");
    assert_eq!(records[0]["date"], "2022");
    assert_eq!(records[0]["contact"], Value::Null);
    assert!(!text(&output, "data/case-studies.json").contains("must not appear"));

    let principles = json(&output, "data/principles.json");
    assert_eq!(
        errors(&sub_schema(&schema, "principles_file"), &principles),
        Vec::<String>::new()
    );
    let cited = &principles["principle_sets"][0]["principles"][0];
    assert_eq!(cited["ref"], "core/sharing-power");
    assert_eq!(cited["case_studies"], serde_json::json!(["full"]));

    let forms = json(&output, "data/forms.json");
    assert_eq!(
        errors(&sub_schema(&schema, "forms_file"), &forms),
        Vec::<String>::new()
    );
    let form = &forms["forms"][0];
    assert_eq!(form["url"], "forms/check-in/index.html");
    assert_eq!(form["sections"][0]["items"][0]["id"], "heard");
    assert_eq!(form["fields"][0]["type"], "date");

    // The schema has teeth: a record with a misspelt field is refused.
    let mut broken = case_studies.clone();
    broken["case_studies"][0]["plase"] = Value::from("Oldham");
    assert!(!errors(&schema, &broken).is_empty());
}

// Pins that every case study page carries JSON-LD that parses, names its licence and place, and
// that a title holding `</script>` cannot end the script element.
#[test]
fn every_case_study_page_has_jsonld_naming_licence_and_place() {
    let output = Fixture::standard().output();
    for (slug, place, licence) in [
        ("full", "Bury, Greater Manchester", "CC BY-SA 4.0"),
        // No licence of its own: the library's.
        ("small", "Oldham", "CC BY 4.0"),
    ] {
        let html = text(&output, &format!("case-studies/{slug}/index.html"));
        let script = jsonld(&html).unwrap_or_else(|| panic!("{slug}: no JSON-LD"));
        let ld: Value =
            serde_json::from_str(script).unwrap_or_else(|e| panic!("{slug}: {e}\n{script}"));
        assert_eq!(ld["@context"], "https://schema.org");
        assert_eq!(ld["@type"], "Article");
        assert_eq!(ld["license"], licence, "{slug}");
        assert_eq!(ld["spatialCoverage"]["@type"], "Place");
        assert_eq!(ld["spatialCoverage"]["name"], place, "{slug}");
    }
    let html = text(&output, "case-studies/full/index.html");
    let ld: Value = serde_json::from_str(jsonld(&html).unwrap()).unwrap();
    assert_eq!(
        ld["headline"],
        "Quotes \"and\", commas </script><script>alert(1)</script>"
    );
    assert_eq!(ld["datePublished"], "2019-04");
    assert_eq!(ld["temporalCoverage"], "2019-04/2021");
    let about: Vec<&str> = ld["about"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(about, ["Youth", "Health inequalities"]);
    assert_eq!(ld["author"][1]["name"], "Forum; with a semicolon");
    assert_eq!(ld["author"][1]["@type"], "Organization");
    // The whole title came back from the JSON-LD above, so the script was not ended early;
    // nor is it anywhere else in the page unescaped.
    assert!(
        !html.contains("</script><script>alert(1)"),
        "the title escaped"
    );
    assert!(!jsonld(&html).unwrap().contains("<!--"));
    // Only case studies carry JSON-LD.
    assert!(jsonld(&text(&output, "index.html")).is_none());
}

// Pins the Open Graph and Twitter tags on every page: og:url absolute from base_url, the rest
// taken from the page.
#[test]
fn every_page_has_open_graph_and_twitter_tags() {
    let output = Fixture::standard().output();
    let pages: Vec<&str> = output.paths().filter(|p| p.ends_with(".html")).collect();
    assert!(pages.len() > 10, "{pages:?}");
    for page in pages {
        let html = text(&output, page);
        for (attr, name) in [
            ("property", "og:title"),
            ("property", "og:description"),
            ("property", "og:type"),
            ("property", "og:url"),
            ("name", "twitter:card"),
        ] {
            assert!(
                meta_content(&html, attr, name).is_some(),
                "{page} lacks {name}"
            );
        }
        let url = meta_content(&html, "property", "og:url").unwrap();
        assert!(url.starts_with("https://example.org/lib/"), "{page}: {url}");
    }
    let html = text(&output, "case-studies/small/index.html");
    assert_eq!(
        meta_content(&html, "property", "og:url"),
        Some("https://example.org/lib/case-studies/small/")
    );
    assert_eq!(meta_content(&html, "property", "og:type"), Some("article"));
    assert_eq!(
        meta_content(&html, "property", "og:title"),
        Some("A small story")
    );
    assert_eq!(
        meta_content(&html, "property", "og:description"),
        Some("Plain.")
    );
    let home = text(&output, "index.html");
    assert_eq!(meta_content(&home, "property", "og:type"), Some("website"));
}

// Pins the "Download the data" page: linked from every footer, linking each file relatively,
// stating the data licence and how to cite the library.
#[test]
fn data_page_describes_files_licence_and_citation() {
    let output = Fixture::standard().output();
    let page = text(&output, "data/index.html");
    for file in [
        "case-studies.csv",
        "case-studies.json",
        "principles.json",
        "forms.json",
        "schema.json",
    ] {
        assert!(page.contains(&format!("href=\"{file}\"")), "{file}");
        assert!(output.get(&format!("data/{file}")).is_some(), "{file}");
    }
    assert!(page.contains("CC BY 4.0"));
    assert!(page.contains("id=\"cite\""));
    assert!(
        text(&output, "index.html").contains("href=\"data/index.html\""),
        "home footer links the data page"
    );
    assert!(
        text(&output, "case-studies/full/index.html").contains("href=\"../../data/index.html\"")
    );
}

// Pins determinism: two builds of the same library give byte-identical data files and pages.
#[test]
fn data_output_is_deterministic() {
    let f = Fixture::standard();
    let (a, b) = (f.output(), f.output());
    assert_eq!(a, b);
    // Record and field order are stable and follow the content, not hashing.
    let json = text(&a, "data/case-studies.json");
    let first = json.find("\"slug\": \"small\"").unwrap();
    let second = json.find("\"slug\": \"full\"").unwrap();
    assert!(first < second);
    let slug = json.find("\"slug\"").unwrap();
    let draft = json.find("\"draft\"").unwrap();
    assert!(slug < draft, "fields in front-matter order");
}

fn cairn_schema(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_cairn"))
        .arg("schema")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("cairn schema prints JSON")
}

/// The front matter of a Markdown file, read as YAML into JSON.
fn front_matter(text: &str) -> Value {
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---").expect("closed front matter");
    serde_saphyr::from_str::<Value>(&rest[..end + 1]).expect("YAML")
}

fn example_case_studies() -> Vec<(PathBuf, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/case-studies");
    let mut files: Vec<(PathBuf, Value)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| !p.ends_with("_index.md"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let value = front_matter(&text.replace("\r\n", "\n"));
            (p, value)
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(!files.is_empty());
    files
}

// Pins that `cairn schema`, run on the example library, accepts every example case study's
// front matter (in both dialects) and names the library's terms and principles.
#[test]
fn schema_command_validates_example_front_matter() {
    let root = env!("CARGO_MANIFEST_DIR");
    for args in [vec!["--root", root], vec!["--root", root, "--draft-07"]] {
        let schema = cairn_schema(&args);
        jsonschema::meta::validate(&schema).expect("a valid JSON Schema");
        for (path, value) in example_case_studies() {
            assert_eq!(
                errors(&schema, &value),
                Vec::<String>::new(),
                "{}",
                path.display()
            );
        }
        let places = &schema["properties"]["place"]["enum"];
        assert!(places.as_array().unwrap().contains(&Value::from("Oldham")));
        let principles = &schema["properties"]["principles"]["items"]["enum"];
        assert!(
            principles
                .as_array()
                .unwrap()
                .contains(&Value::from("iap2/empower"))
        );
    }
}

// Pins that the schema refuses a misspelt field (additionalProperties: false), an unknown term
// and a malformed date, with or without a library to read terms from.
#[test]
fn schema_command_rejects_misspelt_field() {
    let root = env!("CARGO_MANIFEST_DIR");
    let empty = tempfile::tempdir().unwrap();
    let generic = cairn_schema(&["--root", empty.path().to_str().unwrap()]);
    assert!(generic["properties"]["place"].get("enum").is_none());
    let library = cairn_schema(&["--root", root]);
    let (_, good) = example_case_studies().remove(0);
    for schema in [&generic, &library] {
        assert_eq!(errors(schema, &good), Vec::<String>::new());
        let mut misspelt = good.clone();
        let place = misspelt.as_object_mut().unwrap().remove("place").unwrap();
        misspelt["plase"] = place;
        let found = errors(schema, &misspelt);
        assert!(
            found.iter().any(|e| e.contains("plase")),
            "the misspelt field is named: {found:?}"
        );
        let mut bad_date = good.clone();
        bad_date["date"] = Value::from("March 2021");
        assert!(!errors(schema, &bad_date).is_empty());
    }
    let mut unknown_term = good.clone();
    unknown_term["themes"] = serde_json::json!(["yuoth"]);
    assert!(!errors(&library, &unknown_term).is_empty());
    assert!(errors(&generic, &unknown_term).is_empty());
}
