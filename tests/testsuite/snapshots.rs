//! Snapshot tests: the rendered `<main>` of each page kind of a small fixture, and every error
//! message in full. Review changes with `cargo insta review` (or INSTA_UPDATE=always).

use crate::common;

use common::{Fixture, main_fragment, stderr};

fn fixture() -> Fixture {
    let f = Fixture::valid();
    f.write(
        "content/toolkit/_index.md",
        "---\ntitle: Toolkit\n---\nThe toolkit.\n",
    );
    f.write(
        "content/toolkit/01-start/_index.md",
        "---\ntitle: Start here\nweight: 1\nresources:\n  - { title: \"A guide\", publisher: \"Network\", year: 2020, url: \"https://example.com/guide\" }\ncallouts: [\"@/case-studies/good.md\"]\n---\n\n## Why\n\nBecause.[^1]\n\n[^1]: A note.\n\n## How\n\n| Step | Who |\n|---|---|\n| 1 | Everyone |\n",
    );
    f.write(
        "content/forms/check.md",
        "---\ntitle: Check\nscales:\n  - id: yn\n    points:\n      - { label: \"Yes\", code: \"Y\", points: 2 }\n      - { label: \"No\", code: \"N\", points: 1 }\nsections:\n  - scale: yn\n    items:\n      - { id: one, text: \"First statement\" }\n---\nTick one box per line.\n",
    );
    f.build_ok();
    f
}

// Pins the rendered <main> of a case study, a toolkit section, a principle set and a form.
#[test]
fn main_fragments() {
    let f = fixture();
    for (name, page) in [
        ("case_study", "public/case-studies/good/index.html"),
        ("toolkit_section", "public/toolkit/01-start/index.html"),
        ("principle_set", "public/principles/core/index.html"),
        ("principle", "public/principles/core/assets/index.html"),
        ("form", "public/forms/check/index.html"),
    ] {
        insta::assert_snapshot!(name, main_fragment(&f.read(page)));
    }
}

/// One bad file each, added to `Fixture::valid()`: (name, path, text). Also run through both
/// `build` and `check` (tests/testsuite/links.rs), which must fail alike.
pub const ERROR_FIXTURES: &[(&str, &str, &str)] = &[
    (
        "unknown_field",
        "content/case-studies/x.md",
        "---\ntitle: X\nsummary: S\ndate: 2020\nplase: Oldham\nplace: Oldham\n---\n",
    ),
    (
        "unknown_principle",
        "content/case-studies/x.md",
        "---\ntitle: X\nsummary: S\ndate: 2020\nplace: Oldham\nprinciples: [\"core/asets\"]\n---\n",
    ),
    (
        "broken_link",
        "content/case-studies/x.md",
        "---\ntitle: X\nsummary: S\ndate: 2020\nplace: Oldham\n---\n\nSee [the story](@/case-studies/god.md).\n",
    ),
    (
        "broken_anchor",
        "content/case-studies/x.md",
        "---\ntitle: X\nsummary: S\ndate: 2020\nplace: Oldham\n---\n\nSee [it](@/case-studies/good.md#what-hapened).\n",
    ),
    (
        "unknown_theme",
        "content/case-studies/x.md",
        "---\ntitle: X\nsummary: S\ndate: 2020\nplace: Oldham\nthemes: [\"health inequality\"]\n---\n",
    ),
    (
        "bad_level",
        "content/case-studies/x.md",
        "---\ntitle: X\nsummary: S\ndate: 2020\nplace: Oldham\nengagement_level: colaborate\n---\n",
    ),
    (
        "bad_date",
        "content/case-studies/x.md",
        "---\ntitle: X\nsummary: S\ndate: 2020-02-30\nplace: Oldham\n---\n",
    ),
    (
        "missing_field",
        "content/case-studies/x.md",
        "---\nsummary: S\ndate: 2020\nplace: Oldham\n---\n",
    ),
    (
        "no_front_matter",
        "content/case-studies/x.md",
        "# Just a heading\n",
    ),
    (
        "unclosed_front_matter",
        "content/case-studies/x.md",
        "---\ntitle: X\n",
    ),
    (
        "bad_yaml",
        "content/case-studies/x.md",
        "---\ntitle: [unclosed\n---\n",
    ),
    (
        "duplicate_principle_id",
        "content/principles/more.md",
        "---\ntitle: More\nprinciples:\n  - { id: a, name: A, description: D }\n  - { id: a, name: B, description: D }\n---\n",
    ),
    (
        "form_unknown_scale",
        "content/forms/f.md",
        "---\ntitle: F\nscales:\n  - id: yes-no\n    points: [{ label: \"Yes\", code: \"Y\", points: 1 }, { label: \"No\", code: \"N\", points: 0 }]\nsections:\n  - scale: yesno\n    items: [{ id: a, text: A }]\n---\n",
    ),
    (
        "bad_callout",
        "content/toolkit/a.md",
        "---\ntitle: A\ncallouts: [\"@/case-studies/godo.md\"]\n---\n",
    ),
    ("site_toml_typo", "site.toml", "titel = \"X\"\n"),
];

/// The build's stderr for a library with one bad file.
fn errors_for(path: &str, text: &str) -> String {
    let f = Fixture::valid();
    f.write(path, text);
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    stderr(&out).replace("Building .\n", "")
}

// Pins every content error message in full: wording, position, caret and fix.
#[test]
fn error_messages() {
    let cases = ERROR_FIXTURES;
    for (name, path, text) in cases {
        insta::assert_snapshot!(*name, errors_for(path, text));
    }
}

/// The build's stderr for a library with several files written or replaced.
fn errors_for_files(files: &[(&str, &str)]) -> String {
    let f = Fixture::valid();
    for (path, text) in files {
        f.write(path, text);
    }
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    stderr(&out).replace("Building .\n", "")
}

// Pins the plain-language message of each common mistake (issue 24): one error per mistake, at
// its line, with the fix; allowed values listed; "1 error" and "2 errors", never "error(s)".
#[test]
fn plain_language_messages() {
    const HEAD: &str = "---\ntitle: \"X\"\nsummary: \"S\"\ndate: 2020\nplace: \"Oldham\"\n";
    let case = |extra: &str, body: &str| format!("{HEAD}{extra}---\n\n{body}");
    let cases: Vec<(&str, &str, String)> = vec![
        (
            "colon_in_value",
            "content/case-studies/x.md",
            "---\ntitle: Our allotment: a story\nsummary: \"S\"\ndate: 2020\nplace: \"Oldham\"\n---\n".into(),
        ),
        (
            "list_written_as_a_word",
            "content/case-studies/x.md",
            case("themes: youth\n", "Text.\n"),
        ),
        (
            "tab_indent",
            "content/case-studies/x.md",
            case(
                "outcomes:\n  - \"More people came.\"\n\t- \"We kept going.\"\n",
                "Text.\n",
            ),
        ),
        (
            "tab_in_block_text",
            "content/case-studies/x.md",
            "---\ntitle: \"X\"\nsummary: >\n\tA summary\n\tover two lines\ndate: 2020\nplace: \"Oldham\"\n---\n".into(),
        ),
        (
            "misspelt_required_field",
            "content/case-studies/x.md",
            "---\ntitle: \"X\"\nsummary: \"S\"\ndate: 2020\nplase: \"Oldham\"\n---\n".into(),
        ),
        (
            "quote_inside_quotes",
            "content/case-studies/x.md",
            "---\ntitle: \"We said \"yes\" together\"\nsummary: \"S\"\ndate: 2020\nplace: \"Oldham\"\n---\n".into(),
        ),
        (
            "yes_for_true",
            "content/case-studies/x.md",
            case("people: [\"Jo Bloggs\"]\nconsent: yes\n", "Text.\n"),
        ),
        (
            "unknown_term_lists_the_allowed",
            "content/case-studies/x.md",
            case("themes: [\"gardening\"]\n", "Text.\n"),
        ),
        (
            "missing_image",
            "content/case-studies/x.md",
            case("", "![Our garden](@/case-studies/garden.jpg)\n"),
        ),
        (
            "broken_template",
            "templates/case-study.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }}</h1>\n{% if %}New{% endif %}\n{% endblock content %}\n".into(),
        ),
        (
            "unclosed_template_block",
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{% if page.title %}<h1>{{ page.title }}</h1>\n{% endblock content %}\n".into(),
        ),
        (
            "unknown_template_value",
            "templates/case-study.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ titel.text }}</h1>\n{% endblock content %}\n".into(),
        ),
    ];
    for (name, path, text) in &cases {
        let message = errors_for(path, text);
        assert!(!message.contains("error(s)"), "{name}: {message}");
        insta::assert_snapshot!(*name, message);
    }
}

// Pins that the front-matter mistakes of several files, and several in one file, are all
// reported in one run, each once, and that a page which could not be read is not reported
// again as a broken link or an unknown principle where others cite it.
#[test]
fn every_mistake_in_one_run() {
    let message = errors_for_files(&[
        (
            "content/case-studies/x.md",
            "---\ntitle: Our allotment: a story\nsummary:\ndate: 2020-02-30\nplace: \"Oldham\"\nthemes: youth\ncontact:\n\tname: \"Jo\"\n---\n\nText.\n",
        ),
        (
            "content/case-studies/y.md",
            "---\ntitle: \"Y\"\nsumary: \"S\"\ndate: 2020\nplace: [\"Bury\"]\nprinciples: [\"more/listening\"]\n---\n\nSee [the allotment](@/case-studies/x.md).\n",
        ),
        (
            "content/principles/more.md",
            "---\ntitle: More\nprinciples:\n  - { id: listening, name: Listening, descripton: D }\n---\n",
        ),
    ]);
    insta::assert_snapshot!("every_mistake_in_one_run", message);
}

// Pins the message for a theme site.toml names that has no folder: the themes there are listed.
#[test]
fn unknown_site_theme_lists_the_themes() {
    let f = Fixture::valid();
    f.write(
        "site.toml",
        &common::SITE_TOML.replacen("description", "theme = \"fancy\"\ndescription", 1),
    );
    f.write("themes/civic/templates/page.html", "{{ title }}");
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(
        "unknown_site_theme",
        stderr(&out).replace("Building .\n", "")
    );
}

// Pins that commands run outside a library do not speak of a previous output or a last good
// build, which do not exist there; `build` says its output folder was not changed.
#[test]
fn outside_a_library() {
    let f = Fixture::empty();
    let mut all = String::new();
    for args in [
        &["new", "case-study", "Our story"][..],
        &["collate", "a-form", "answers.json"],
        &["build"],
    ] {
        let out = f.cairn(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        assert!(!err.contains("previous output"), "{args:?}: {err}");
        assert!(!err.contains("last good"), "{args:?}: {err}");
        all.push_str(&format!("$ cairn {}\n{err}\n", args.join(" ")));
    }
    insta::assert_snapshot!("outside_a_library", all);
}
