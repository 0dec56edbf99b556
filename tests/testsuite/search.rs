//! Integration tests of the search index (src/search.rs): what is in `search/` (the table of
//! contents, term shards and result files) and what is not, the shards as planned, diacritic folding, stemming by site language, and the build summary.

use crate::common;

use common::{Fixture, stderr};
use serde_json::Value;

const BODY_SENTENCE: &str = "The quokka committee painted seventeen lighthouses purple";

const FORM: &str = include_str!("../../src/scaffold/form.md");

/// A library with one page of every searchable kind.
fn every_kind() -> Fixture {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/quokka.md",
        &format!(
            r#"---
title: "Budgeting with quokkas in Võru"
summary: "Residents of Võru ran a budgeting pilot."
date: 2022-05
place: "Võru"
organisations: ["Quokka Trust"]
themes: ["health inequalities"]
approaches: ["participatory budgeting"]
engagement_level: involve
licence: "CC BY 4.0"
---

## Story

{BODY_SENTENCE}. Nobody knew why.
"#
        ),
    );
    f.write(
        "content/toolkit/01-start/_index.md",
        "---\ntitle: \"Getting started\"\nweight: 1\ndescription: \"Where to begin.\"\n---\n\nA toolkit body about wombats.\n",
    );
    f.write("content/forms/meeting-check.md", FORM);
    f
}

/// Every file of the search index of a built fixture, one after the other, and the whole index
/// put back together from them (`cairn::search::whole`).
fn index_of(f: &Fixture) -> (String, Value) {
    let dir = f.path("public");
    let site = cairn::site::SearchFiles::for_documents(
        cairn::search::whole(|p| std::fs::read_to_string(dir.join(p)).ok())
            .expect("the index's files are all there")["count"]
            .as_u64()
            .unwrap() as usize,
    );
    let script: String = site
        .paths()
        .iter()
        .map(|p| f.read(&format!("public/{p}")))
        .collect();
    let index = cairn::search::whole(|p| std::fs::read_to_string(dir.join(p)).ok()).unwrap();
    (script, index)
}

/// The result table row whose URL is `url`.
fn doc<'a>(index: &'a Value, url: &str) -> &'a Value {
    index["docs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d[1] == url)
        .unwrap_or_else(|| panic!("no search document for {url} in {}", index["docs"]))
}

fn has_token(index: &Value, field: &str, token: &str) -> bool {
    index["index"][field].get(token).is_some()
}

// Pins that every case study, toolkit section, principle set, principle and form is a result,
// with its kind, title and relative URL.
#[test]
fn every_kind_is_indexed() {
    let f = every_kind();
    f.build_ok();
    let (_, index) = index_of(&f);
    for (url, kind, title) in [
        (
            "case-studies/quokka/index.html",
            "case-study",
            "Budgeting with quokkas in Võru",
        ),
        ("case-studies/good/index.html", "case-study", "A good story"),
        (
            "toolkit/01-start/index.html",
            "toolkit",
            "1 Getting started",
        ),
        (
            "principles/core/index.html",
            "principle-set",
            "Core principles",
        ),
        (
            "principles/core/sharing-power/index.html",
            "principle",
            "Sharing power",
        ),
        ("forms/meeting-check/index.html", "form", "Meeting check"),
    ] {
        let d = doc(&index, url);
        assert_eq!(d[2], kind, "{url}");
        assert_eq!(d[0], title, "{url}");
        assert!(
            f.path(&format!("public/{url}")).is_file(),
            "{url} is a page"
        );
    }
    assert_eq!(
        index["lengths"].as_array().unwrap().len(),
        index["docs"].as_array().unwrap().len()
    );
}

// Pins the issue's rule: no page body is stored, only what a result shows; body words are
// searchable all the same.
#[test]
fn bodies_are_indexed_but_never_stored() {
    let f = every_kind();
    f.build_ok();
    let (script, index) = index_of(&f);
    for text in [BODY_SENTENCE, "seventeen lighthouses", "Nobody knew why"] {
        assert!(
            !script.contains(text),
            "the index stores body text `{text}`"
        );
        assert!(
            !f.read("public/search/index.html").contains(text),
            "the search page holds body text"
        );
    }
    assert!(
        script.contains("Budgeting with quokkas in Võru"),
        "titles are stored"
    );
    assert!(
        has_token(&index, "body", "lighthous"),
        "body words are indexed, stemmed"
    );
    assert!(
        has_token(&index, "body", "wombat"),
        "toolkit bodies are indexed"
    );
    let d = doc(&index, "case-studies/quokka/index.html");
    assert_eq!(d[3], "Residents of Võru ran a budgeting pilot.");
    assert_eq!(d[4], "Võru");
    assert_eq!(d[5], "health-inequalities");
    assert_eq!(d[6], "voru");
    assert_eq!(d[7], "involve");
    assert_eq!(
        d.as_array().unwrap().len(),
        8,
        "nothing more than a result needs"
    );
    let assets = doc(&index, "principles/core/assets/index.html");
    assert_eq!(assets[3], "Start from what people bring. See the story.");
}

// Pins diacritic folding and English stemming at index time: "Võru" is indexed as "voru",
// "budgeting" as "budget", and stop words are left out.
#[test]
fn words_are_folded_and_stemmed() {
    let f = every_kind();
    f.build_ok();
    let (_, index) = index_of(&f);
    assert_eq!(index["lang"], "en");
    assert!(has_token(&index, "place", "voru"));
    assert!(!has_token(&index, "place", "võru"));
    assert!(has_token(&index, "title", "budget"));
    assert!(
        !has_token(&index, "title", "with"),
        "stop words are dropped"
    );
    assert!(has_token(&index, "terms", "budget"));
    assert!(has_token(&index, "organisations", "quokka"));
}

// Pins language choice: German is stemmed as German; a language without a stemmer builds with
// a warning and unstemmed words.
#[test]
fn site_language_chooses_the_stemmer() {
    let f = every_kind();
    let toml = common::SITE_TOML.replace(
        "base_url = \"https://example.org/lib/\"",
        "base_url = \"https://example.org/lib/\"\nlanguage = \"de\"",
    );
    f.write("site.toml", &toml);
    let out = f.build_ok();
    assert!(!stderr(&out).contains("no stemmer"), "{}", stderr(&out));
    let (_, index) = index_of(&f);
    assert_eq!(index["lang"], "de");

    f.write("site.toml", &toml.replace("\"de\"", "\"cy\""));
    let out = f.build_ok();
    let err = stderr(&out);
    assert!(
        err.contains("search has no stemmer for the language `cy`"),
        "{err}"
    );
    assert!(err.contains("site.toml"), "{err}");
    let (_, index) = index_of(&f);
    assert_eq!(index["lang"], "plain");
    assert!(has_token(&index, "title", "budgeting"), "not stemmed");
}

// Pins the build summary: the index size, raw and gzipped.
#[test]
fn build_prints_the_index_size() {
    let f = every_kind();
    let out = f.build_ok();
    let err = stderr(&out);
    let line = err
        .lines()
        .find(|l| l.starts_with("Search index: "))
        .unwrap_or_else(|| panic!("no index size in:\n{err}"));
    assert!(
        line.contains(" documents, ") && line.contains("KB gzipped"),
        "{line}"
    );
    let docs = index_of(&f).1["docs"].as_array().unwrap().len();
    assert!(
        line.starts_with(&format!("Search index: {docs} documents")),
        "{line}"
    );
}

// Pins the search page and header box: a GET form to the relative search page on every page,
// the runtime and index not loaded by any page up front.
#[test]
fn search_page_and_header_form() {
    let f = every_kind();
    f.build_ok();
    let page = f.read("public/search/index.html");
    assert!(page.contains("Search needs JavaScript"));
    assert!(page.contains("id=\"search-status\""));
    let case_study = f.read("public/case-studies/quokka/index.html");
    assert!(case_study.contains("action=\"../../search/index.html\" method=\"get\""));
    for (path, html) in [("search", &page), ("case study", &case_study)] {
        assert!(!html.contains("search-index.js\"></script>"), "{path}");
        assert!(!html.contains("elasticlunr.min.js\"></script>"), "{path}");
    }
    assert!(f.path("public/static/js/elasticlunr.min.js").is_file());
    assert!(f.path("public/static/js/elasticlunr.LICENSE.txt").is_file());
}

// Pins the index's files to the site plan: the build writes exactly the files the plan lists
// for the number of documents (table of contents, facets, term shards, result files), and a
// content file at one of those addresses is refused as a clash.
#[test]
fn search_files_are_the_planned_ones() {
    let f = every_kind();
    f.build_ok();
    let (_, index) = index_of(&f);
    let planned: std::collections::BTreeSet<String> =
        cairn::site::SearchFiles::for_documents(index["count"].as_u64().unwrap() as usize)
            .paths()
            .into_iter()
            .collect();
    let written: std::collections::BTreeSet<String> = common::snapshot_tree(&f.path("public"))
        .into_iter()
        .map(|(p, _)| p.replace('\\', "/"))
        .filter(|p| p.starts_with("search/") && p.ends_with(".js"))
        .collect();
    assert_eq!(written, planned);
    assert!(planned.contains("search/shards/t0.js") && planned.contains("search/docs/d0.js"));

    f.write("content/search/shards/t0.js", "var x = 1;");
    let out = f.cairn(&["build"]);
    assert!(
        !out.status.success(),
        "a content file took a shard's address"
    );
    assert!(
        stderr(&out).contains("`search/shards/t0.js`"),
        "{}",
        stderr(&out)
    );
}
