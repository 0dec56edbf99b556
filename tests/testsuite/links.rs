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
