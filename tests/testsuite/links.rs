//! Links: navigation read from the site plan (only sections that exist), and every internal
//! link of the output checked (tests/testsuite/link_check.rs).

use crate::common::{self, Fixture, stderr, urls_in};
use crate::link_check::check_links;

const SITE_TOML: &str = common::SITE_TOML;

const CASE_STUDY: &str = r#"---
title: "A good story"
summary: "Something worked."
date: 2021-03
place: "Oldham"
themes: ["youth"]
approaches: ["participatory budgeting"]
engagement_level: empower
fields_of_practice: [co-design]
outcomes: ["People decided."]
licence: "CC BY 4.0"
---

## What happened

People met and decided.
"#;

const TOOLKIT_INTRO: &str = "---\ntitle: \"The toolkit\"\n---\n\nHow to work together.\n";
const TOOLKIT_SECTION: &str =
    "---\ntitle: \"Getting started\"\nweight: 1\n---\n\n## First steps\n\nMeet people.\n";

const PRINCIPLES: &str = r#"---
title: "Core principles"
principles:
  - id: sharing-power
    name: "Sharing power"
    description: "Decisions are made together."
---

Intro to the set.
"#;

const FORM: &str = r#"---
title: "Meeting check"
version: 1
scales:
  - id: yn
    points:
      - { label: "Yes", code: "Y", points: 1 }
      - { label: "No", code: "N", points: 0 }
sections:
  - scale: yn
    items:
      - { id: agenda, text: "We kept to the agenda." }
bands:
  - { min: 0, max: 1, label: "All totals" }
---

Tick one box per statement.
"#;

/// The four sections of a library.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Part {
    CaseStudies,
    Toolkit,
    Principles,
    Forms,
}

/// A library with only `parts` in it (the toolkit with its introduction).
fn library(parts: &[Part]) -> Fixture {
    let f = Fixture::empty();
    f.write("site.toml", SITE_TOML);
    f.write(
        "content/_index.md",
        "---\ntitle: \"Home\"\n---\n\nWelcome.\n",
    );
    for part in parts {
        match part {
            Part::CaseStudies => f.write("content/case-studies/good.md", CASE_STUDY),
            Part::Toolkit => {
                f.write("content/toolkit/_index.md", TOOLKIT_INTRO);
                f.write("content/toolkit/01-start.md", TOOLKIT_SECTION);
            }
            Part::Principles => f.write("content/principles/core.md", PRINCIPLES),
            Part::Forms => f.write("content/forms/meeting-check.md", FORM),
        }
    }
    f
}

/// The addresses the header's navigation links to on the page at `page`.
fn navigation(f: &Fixture, page: &str) -> Vec<String> {
    let html = f.read(page);
    let start = html
        .find("class=\"site-nav\"")
        .expect("the page has a navigation");
    let end = start + html[start..].find("</nav>").unwrap();
    urls_in(&html[start..end])
}

// Pins the must-show: libraries of only case studies, only a toolkit, only forms, and with no
// principles, no toolkit, no forms or no case studies each build, their navigation names just
// the sections they have, and a link check over the whole output finds nothing broken.
#[test]
fn every_mix_of_sections_builds_without_a_broken_link() {
    use Part::*;
    let mixes: [&[Part]; 7] = [
        &[CaseStudies],
        &[Toolkit],
        &[Forms],
        &[CaseStudies, Toolkit, Forms],
        &[CaseStudies, Principles, Forms],
        &[CaseStudies, Toolkit, Principles],
        &[Toolkit, Principles, Forms],
    ];
    for parts in mixes {
        let f = library(parts);
        let out = f.cairn(&["build"]);
        assert!(out.status.success(), "{parts:?}: {}", stderr(&out));
        let expected: Vec<&str> = [
            (CaseStudies, "case-studies/index.html"),
            (Toolkit, "toolkit/index.html"),
            (Principles, "principles/index.html"),
            (Forms, "forms/index.html"),
        ]
        .iter()
        .filter(|(part, _)| parts.contains(part))
        .map(|(_, url)| *url)
        .collect();
        assert_eq!(navigation(&f, "public/index.html"), expected, "{parts:?}");
        let report = check_links(&f.path("public"));
        assert!(report.checked > 20, "{parts:?}: {report:?}");
        report.assert_clean();
        // The "page not found" page offers only what exists.
        let not_found = f.read("public/404.html");
        assert_eq!(
            not_found.contains("toolkit/index.html"),
            parts.contains(&Toolkit),
            "{parts:?}"
        );
    }
}

// Pins that a toolkit without an introduction (`toolkit/_index.md`) is linked at its first
// section, from every page, and nothing links to the `toolkit/index.html` no one wrote.
#[test]
fn a_toolkit_without_introduction_is_linked_at_its_first_section() {
    let f = library(&[Part::CaseStudies]);
    f.write(
        "content/toolkit/02-later.md",
        "---\ntitle: \"Later\"\nweight: 2\n---\n\nLater.\n",
    );
    f.write("content/toolkit/01-start.md", TOOLKIT_SECTION);
    f.build_ok();
    assert_eq!(
        navigation(&f, "public/case-studies/good/index.html"),
        [
            "../../case-studies/index.html",
            "../../toolkit/01-start/index.html"
        ]
    );
    check_links(&f.path("public")).assert_clean();
}

/// A valid case study at `content/case-studies/x.md` whose body is `body` (its first line is
/// line 16 of the file).
fn case_study_with(body: &str) -> String {
    CASE_STUDY.replace("A good story", "Another story").replace(
        "## What happened\n\nPeople met and decided.\n",
        &format!("## What happened\n\n{body}\n"),
    )
}

/// Broken links of each kind, each in a case study beside `Fixture::valid()`'s, at line 16:
/// (name, body).
pub const LINK_ERRORS: &[(&str, &str)] = &[
    ("relative_link", "See [the story](../good/index.htm)."),
    ("relative_link_to_folder", "See [the story](../good/)."),
    (
        "root_relative_link",
        "See [the story](/case-studies/good/index.html).",
    ),
    (
        "root_relative_link_elsewhere",
        "See [the news](/news/2020.html).",
    ),
    ("same_page_anchor", "See [below](#what-hapened)."),
    (
        "relative_anchor",
        "See [it](../good/index.html#what-hapened).",
    ),
    ("relative_image", "![Our garden](garden.jpg)"),
    (
        "relative_image_missing",
        "![Our garden](../../pictures/garden.jpg)",
    ),
    ("relative_markdown_file", "See [the story](good.md)."),
];

// Pins the must-show: a broken relative link, root-relative link, `#anchor` (on the page or
// another) and image each make both `build` and `check` exit 1 naming file:line, with the
// fix; each message in full.
#[test]
fn broken_links_of_every_kind_fail_build_and_check() {
    for (name, body) in LINK_ERRORS {
        let f = Fixture::valid();
        f.write("content/case-studies/x.md", &case_study_with(body));
        f.write_bytes("content/case-studies/garden.jpg", b"\xff\xd8\xff");
        let build = f.cairn(&["build"]);
        assert_eq!(build.status.code(), Some(1), "{name}: {}", stderr(&build));
        let message = stderr(&build).replace("Building .\n", "");
        assert!(
            message.contains("content/case-studies/x.md:16:"),
            "{name}: {message}"
        );
        assert!(!f.path("public").exists(), "{name}: output written");
        let check = f.cairn(&["check"]);
        assert_eq!(check.status.code(), Some(1), "{name}: {}", stderr(&check));
        let found = String::from_utf8_lossy(&check.stdout);
        assert!(
            found.contains("content/case-studies/x.md:16:"),
            "{name}: {found}"
        );
        insta::assert_snapshot!(format!("link_error_{name}"), message);
    }
}

// Pins that links that work are left working: relative links to pages, files and anchors that
// exist, `@/` links and external links; relative links are written from the root of
// every page showing the body (the printable toolkit too), and the output has no broken link.
#[test]
fn working_links_of_every_kind_build() {
    let f = library(&[Part::CaseStudies, Part::Toolkit]);
    f.write_bytes("content/toolkit/garden.jpg", b"\xff\xd8\xff");
    f.write(
        "content/toolkit/01-start.md",
        &TOOLKIT_SECTION.replace(
            "Meet people.",
            "Meet [people](../../case-studies/good/index.html#what-happened), see \
             [above](#first-steps), [the story](@/case-studies/good.md), \
             [the web](https://example.org/x) and [mail](mailto:a@example.org).\n\n\
             ![A garden](../garden.jpg)",
        ),
    );
    let out = f.cairn(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let check = f.cairn(&["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let print = f.read("public/toolkit/print/index.html");
    assert!(
        print.contains("href=\"../../case-studies/good/index.html#what-happened\""),
        "{print}"
    );
    assert!(
        print.contains("src=\"../../toolkit/garden.jpg\""),
        "{print}"
    );
    check_links(&f.path("public")).assert_clean();
}

// Pins "one rule" for build and check: over every error fixture (the snapshot tests' and the
// broken links above), `check` fails exactly when `build` does, and a library with warnings
// only passes both.
#[test]
fn check_fails_exactly_when_build_fails() {
    let mut fixtures: Vec<(String, String, String)> = crate::snapshots::ERROR_FIXTURES
        .iter()
        .map(|(n, p, t)| (n.to_string(), p.to_string(), t.to_string()))
        .collect();
    fixtures.extend(LINK_ERRORS.iter().map(|(n, body)| {
        (
            n.to_string(),
            "content/case-studies/x.md".to_string(),
            case_study_with(body),
        )
    }));
    let mut fixtures: Vec<(String, String, String, bool)> = fixtures
        .into_iter()
        .map(|(n, p, t)| (n, p, t, true))
        .collect();
    for (name, body) in [
        ("valid", "Plain words."),
        ("warnings_only", "![](@/case-studies/garden.jpg) TODO"),
        ("raw_html", "A <b>bold</b> word. <!-- a note -->"),
    ] {
        fixtures.push((
            name.to_string(),
            "content/case-studies/x.md".to_string(),
            case_study_with(body),
            false,
        ));
    }
    let mut disagree = Vec::new();
    for (name, path, text, fails) in &fixtures {
        let f = Fixture::valid();
        f.write_bytes("content/case-studies/garden.jpg", b"\xff\xd8\xff");
        f.write(path, text);
        let build = f.cairn(&["build"]).status.code();
        let check = f.cairn(&["check"]).status.code();
        let expected = Some(if *fails { 1 } else { 0 });
        if build != expected || check != expected {
            disagree.push(format!("{name}: build {build:?}, check {check:?}"));
        }
    }
    assert!(fixtures.len() > 25, "{}", fixtures.len());
    assert!(disagree.is_empty(), "{}", disagree.join("\n"));
}
