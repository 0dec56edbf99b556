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
    let cases: &[(&str, &str, &str)] = &[
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
            "missing_date",
            "content/case-studies/x.md",
            "---\ntitle: X\nsummary: S\nplace: Oldham\n---\n",
        ),
        (
            "missing_field",
            "content/case-studies/x.md",
            "---\ntitle: X\ndate: 2020\nplace: Oldham\n---\n",
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
    for (name, path, text) in cases {
        insta::assert_snapshot!(*name, errors_for(path, text));
    }
}
