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

/// Every file under `dir` whose bytes contain `needle`.
fn files_containing(dir: &std::path::Path, needle: &str) -> Vec<String> {
    common::snapshot_tree(dir)
        .into_iter()
        .filter(|(_, bytes)| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
        .map(|(path, _)| path)
        .collect()
}

const WITH_HTML: &str = "Our partner<sup>1</sup> <!-- call Jo on 07700 900123 --> joined.\n\n\
<!--\nEditors: check the figures with Quokkaville council.\n-->\n\n\
Payment came up to <number days> after the meeting.\n\n\
<table>\n<tr><th>Ward</th><th>People</th></tr>\n<tr><td>Wombatfield</td><td>12</td></tr>\n</table>\n";

// Pins the must-show: an HTML comment in Markdown never reaches any output file (pages, search
// index, open data, in any of them), with raw HTML off or on.
#[test]
fn html_comments_never_reach_the_output() {
    for raw in [false, true] {
        let f = library(&[Part::CaseStudies, Part::Toolkit]);
        if raw {
            f.write(
                "site.toml",
                &format!("{SITE_TOML}\n[markdown]\nraw_html = true\n"),
            );
        }
        f.write("content/case-studies/x.md", &case_study_with(WITH_HTML));
        f.write(
            "content/toolkit/01-start.md",
            &TOOLKIT_SECTION.replace("Meet people.", WITH_HTML),
        );
        f.build_ok();
        for secret in ["07700", "Quokkaville", "Editors: check"] {
            let found = files_containing(&f.path("public"), secret);
            assert!(found.is_empty(), "raw_html {raw}: `{secret}` in {found:?}");
        }
        // The words around the comment are kept.
        let page = f.read("public/case-studies/x/index.html");
        assert!(page.contains("joined"), "{page}");
    }
}

// Pins the must-show: with raw HTML off (the default), each HTML block or tag gets a warning
// at its line in both build and check, with the Markdown to use instead; comments are not
// warned about; text that only looks like a tag keeps its words.
#[test]
fn raw_html_off_warns_at_each_tag() {
    let f = Fixture::valid();
    f.write("content/case-studies/x.md", &case_study_with(WITH_HTML));
    let out = f.cairn(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let message = stderr(&out).replace("Building .\n", "");
    assert!(
        message.contains("content/case-studies/x.md:24:1"),
        "{message}"
    );
    let check = f.cairn(&["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let found = String::from_utf8_lossy(&check.stdout);
    assert!(found.contains("content/case-studies/x.md:24:1"), "{found}");
    assert_eq!(
        found.matches("is shown on the page as text").count(),
        2,
        "{found}"
    );
    let page = f.read("public/case-studies/x/index.html");
    assert!(page.contains("up to &lt;number days&gt; after"), "{page}");
    let warnings: String = message
        .split("\n\n")
        .filter(|w| w.starts_with("warning") && w.contains("HTML"))
        .collect::<Vec<_>>()
        .join("\n\n");
    insta::assert_snapshot!("raw_html_warning", warnings);
}

// Pins the must-show for `raw_html = true`: a word inside an HTML table is in the search
// index, text that only looks like a tag keeps its words, and a broken `@/` link inside
// `href` fails build and check at its line.
#[test]
fn raw_html_on_is_searched_and_checked() {
    let f = Fixture::valid();
    f.write(
        "site.toml",
        &format!("{SITE_TOML}\n[markdown]\nraw_html = true\n"),
    );
    f.write("content/case-studies/x.md", &case_study_with(WITH_HTML));
    let out = f.cairn(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // No warning about the HTML (the summary's page weights say "KB of HTML").
    let html_warnings = stderr(&out)
        .lines()
        .filter(|l| l.starts_with("warning") && l.contains("HTML"))
        .count();
    assert_eq!(html_warnings, 0, "{}", stderr(&out));
    let index = common::search_text(&f.path("public/search"));
    assert!(
        index.contains("\"wombatfield\""),
        "the table's word is not indexed"
    );
    let page = f.read("public/case-studies/x/index.html");
    assert!(page.contains("<td>Wombatfield</td>"), "{page}");
    assert!(page.contains("up to &lt;number days&gt; after"), "{page}");
    check_links(&f.path("public")).assert_clean();

    f.write(
        "content/case-studies/x.md",
        &case_study_with("<p>See <a href=\"@/case-studies/god.md\">the story</a>.</p>"),
    );
    for command in ["build", "check"] {
        let out = f.cairn(&[command]);
        assert_eq!(out.status.code(), Some(1), "{command}: {}", stderr(&out));
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
        assert!(
            text.contains("content/case-studies/x.md:16:"),
            "{command}: {text}"
        );
        assert!(
            text.contains("did you mean `@/case-studies/good.md`?"),
            "{command}: {text}"
        );
    }
}

// Pins that with `raw_html = true` the text inside HTML is checked like Markdown's: a long
// sentence inside a `<div>` is warned about at its line by `check`; with raw HTML off it is
// not prose at all (it is shown as text, and warned about as HTML).
#[test]
fn raw_html_text_is_checked_like_markdown() {
    let sentence = format!("<div>{}end.</div>", "word ".repeat(80));
    for raw in [true, false] {
        let f = Fixture::valid();
        if raw {
            f.write(
                "site.toml",
                &format!("{SITE_TOML}\n[markdown]\nraw_html = true\n"),
            );
        }
        f.write("content/case-studies/x.md", &case_study_with(&sentence));
        let out = f.cairn(&["check"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let found = String::from_utf8_lossy(&out.stdout);
        let long = found
            .split("\n\n")
            .any(|w| w.contains("this sentence has 81 words") && w.contains("x.md:16:"));
        assert_eq!(long, raw, "raw_html {raw}: {found}");
    }
}

// Pins that a relative link in a page shown in several languages works in each: to a file
// under every language's root (a picture beside the content) it stays in the language, to
// one only at the site's root (the library's `static/`) it climbs out of `cy/`.
#[test]
fn relative_links_work_in_every_language() {
    let f = library(&[Part::CaseStudies]);
    f.write(
        "site.toml",
        &SITE_TOML.replace(
            "description",
            "languages = [{ code = \"en\", name = \"English\" }, { code = \"cy\", name = \"Cymraeg\" }]\ndescription",
        ),
    );
    f.write_bytes("content/case-studies/garden.jpg", b"\xff\xd8\xff");
    f.write("static/guide.pdf", "%PDF");
    f.write(
        "content/case-studies/x.md",
        &case_study_with("![A garden](../garden.jpg) and [the guide](../../static/guide.pdf)."),
    );
    let out = f.cairn(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let welsh = f.read("public/cy/case-studies/x/index.html");
    assert!(
        welsh.contains("src=\"../../case-studies/garden.jpg\""),
        "{welsh}"
    );
    assert!(
        welsh.contains("href=\"../../../static/guide.pdf\""),
        "{welsh}"
    );
    let report = check_links(&f.path("public"));
    assert!(report.checked > 100, "{report:?}");
    report.assert_clean();
}
