//! `cairn check`, `cairn new` and contributing: one fixture library per finding, each message
//! pinned in full in the three formats (human, github, json); exit codes; scaffolded pages
//! that build; glossary links; "Edit this page" links. Review snapshot changes with
//! `INSTA_UPDATE=always cargo test --test testsuite check` and `git diff`.

use crate::common;

use common::{Fixture, stderr};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A fixture library with one more file, as (path, text) pairs.
fn with(files: &[(&str, &str)]) -> Fixture {
    let f = Fixture::valid();
    for (path, text) in files {
        f.write(path, text);
    }
    f
}

/// Runs `cairn check` in every format, snapshots each output, and returns the exit code.
fn snapshot_all_formats(name: &str, f: &Fixture) -> Option<i32> {
    let mut code = None;
    for format in ["human", "github", "json"] {
        let out = f.cairn(&["check", "--format", format]);
        insta::assert_snapshot!(format!("{name}__{format}"), stdout(&out));
        match code {
            None => code = out.status.code(),
            Some(c) => assert_eq!(out.status.code(), Some(c), "{format}"),
        }
    }
    code
}

const CASE: &str = "---\ntitle: \"Story\"\nsummary: \"It worked.\"\ndate: 2022\nplace: \"Bury\"\n";

/// A case study with extra front matter lines and a body.
fn case_study(extra: &str, body: &str) -> String {
    format!("{CASE}{extra}---\n\n{body}")
}

// Pins each error finding in full, in the three formats, and exit code 1.
#[test]
fn error_findings() {
    let cases: Vec<(&str, Fixture)> = vec![
        (
            "unknown_field",
            with(&[(
                "content/case-studies/x.md",
                &case_study("themse: [\"youth\"]\n", "Text.\n"),
            )]),
        ),
        (
            "missing_title",
            with(&[(
                "content/case-studies/x.md",
                "---\nsummary: \"It worked.\"\ndate: 2022\nplace: \"Bury\"\n---\n\nText.\n",
            )]),
        ),
        (
            "term_not_allowed",
            with(&[(
                "content/case-studies/x.md",
                &case_study("themes: [\"yuoth\"]\n", "Text.\n"),
            )]),
        ),
        (
            "broken_link",
            with(&[(
                "content/case-studies/x.md",
                &case_study("", "See [the other](@/case-studies/goood.md).\n"),
            )]),
        ),
        (
            "broken_anchor",
            with(&[(
                "content/case-studies/x.md",
                &case_study("", "See [what](@/case-studies/good.md#what-hapened).\n"),
            )]),
        ),
        (
            "missing_image",
            with(&[
                (
                    "content/case-studies/x.md",
                    &case_study("", "![The garden](garden.jpg)\n"),
                ),
                ("content/case-studies/garden.jpg", "jpeg"),
            ]),
        ),
        (
            "people_without_consent",
            with(&[(
                "content/case-studies/x.md",
                &case_study("people: [\"Jo Bloggs\"]\n", "Text.\n"),
            )]),
        ),
        (
            "personal_contact_without_consent",
            with(&[(
                "content/case-studies/x.md",
                &case_study(
                    "contact: { name: \"Jo\", email: \"jo.bloggs@example.org\" }\n",
                    "Text.\n",
                ),
            )]),
        ),
    ];
    for (name, f) in cases {
        assert_eq!(snapshot_all_formats(name, &f), Some(1), "{name}");
    }
}

// Pins each warning finding in full, in the three formats: exit 0, or 1 with --deny-warnings.
#[test]
fn warning_findings() {
    let long_sentence = format!("{}.\n", vec!["word"; 45].join(" "));
    let hard = "Organisational transformation necessitates comprehensive multidisciplinary collaboration between institutional stakeholders. "
        .repeat(12);
    let cases: Vec<(&str, Fixture)> = vec![
        (
            "image_without_alt",
            with(&[
                (
                    "content/case-studies/x.md",
                    &case_study("", "![](@/case-studies/garden.jpg)\n"),
                ),
                ("content/case-studies/garden.jpg", "jpeg"),
            ]),
        ),
        ("image_too_large", {
            let f = with(&[(
                "content/case-studies/x.md",
                &case_study("", "![The garden](@/case-studies/garden.jpg)\n"),
            )]);
            f.write_bytes("content/case-studies/garden.jpg", &vec![0u8; 600 * 1024]);
            f
        }),
        (
            "long_summary",
            with(&[(
                "content/case-studies/x.md",
                &format!(
                    "---\ntitle: \"Story\"\nsummary: \"{}\"\ndate: 2022\nplace: \"Bury\"\n---\n\nText.\n",
                    vec!["word"; 61].join(" ")
                ),
            )]),
        ),
        (
            "long_sentence",
            with(&[("content/case-studies/x.md", &case_study("", &long_sentence))]),
        ),
        (
            "hard_to_read",
            with(&[("content/case-studies/x.md", &case_study("", &hard))]),
        ),
        (
            "unexplained_abbreviation",
            with(&[
                (
                    "content/glossary.md",
                    "---\ntitle: Glossary\nterms:\n  - { term: \"CVS\", expansion: \"Community and voluntary sector\", definition: \"Groups working for people, not profit.\" }\n---\n",
                ),
                (
                    "content/case-studies/x.md",
                    &case_study("", "The CVS helped. The CVS is big.\n"),
                ),
                (
                    "content/case-studies/y.md",
                    &case_study("", "The community and voluntary sector (CVS) helped.\n")
                        .replace("Story", "Explained"),
                ),
            ]),
        ),
        (
            "duplicate_title",
            with(&[(
                "content/case-studies/x.md",
                "---\ntitle: \"A good story\"\nsummary: \"Again.\"\ndate: 2022\nplace: \"Bury\"\n---\n\nText.\n",
            )]),
        ),
        (
            "nothing_recorded",
            with(&[(
                "content/case-studies/x.md",
                "---\ntitle: \"Story\"\n---\n\n## Background\n\nResidents met in the hall\nevery week. They planned a garden.\n",
            )]),
        ),
        (
            "todo_left",
            with(&[(
                "content/case-studies/x.md",
                &case_study("source: \"TODO: who wrote it\"\n", "TODO: the story.\n"),
            )]),
        ),
    ];
    for (name, f) in cases {
        assert_eq!(snapshot_all_formats(name, &f), Some(0), "{name}");
        let out = f.cairn(&["check", "--deny-warnings"]);
        assert_eq!(out.status.code(), Some(1), "{name} with --deny-warnings");
    }
}

// Pins that the example library (the repository root) passes the check.
#[test]
fn example_library_passes() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Fixture::empty().cairn(&["check", "--root", root]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(!stdout(&out).contains("error:"), "{}", stdout(&out));
}

/// A case study with a misspelt field, a theme not in site.toml and a broken `@/` link.
fn three_problems() -> Fixture {
    with(&[(
        "content/case-studies/bad.md",
        "---\ntitle: \"Bad\"\nsummary: \"Three problems.\"\ndate: 2022\nplase: \"Bury\"\nplace: \"Bury\"\nthemes: [\"gardening\"]\n---\n\nSee [this](@/case-studies/nowhere.md).\n",
    )])
}

// Pins that the three problems are all reported with file:line, and the check exits 1.
#[test]
fn reports_every_problem_with_its_line() {
    let f = three_problems();
    let out = f.cairn(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for (message, location) in [
        (
            "error: unknown field `plase` in case study front matter",
            "content/case-studies/bad.md:5:1",
        ),
        (
            "error: `gardening` is not one of the library's themes",
            "content/case-studies/bad.md:7:",
        ),
        (
            "error: broken link: `@/case-studies/nowhere.md` does not exist",
            "content/case-studies/bad.md:10:",
        ),
    ] {
        assert!(text.contains(message), "{message} missing from:\n{text}");
        assert!(text.contains(location), "{location} missing from:\n{text}");
    }
    assert!(
        stderr(&out).contains("check failed: 3 errors"),
        "{}",
        stderr(&out)
    );
}

// Pins the GitHub annotations: one `::error file=...,line=...::` line per problem.
#[test]
fn github_format_annotates_each_problem() {
    let out = three_problems().cairn(&["check", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    for (line, needle) in lines.iter().zip(["line=5,", "line=7,", "line=10,"]) {
        assert!(
            line.starts_with("::error file=content/case-studies/bad.md,") && line.contains(needle),
            "{line}"
        );
    }
}

// Pins that JSON output is one parseable object per finding.
#[test]
fn json_format_is_one_object_per_line() {
    let out = three_problems().cairn(&["check", "--format", "json"]);
    let text = stdout(&out);
    let objects: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 3);
    assert!(objects.iter().all(|o| o["severity"] == "error"
        && o["file"] == "content/case-studies/bad.md"
        && o["line"].as_u64().unwrap() > 0));
}

// Pins that a scaffolded case study builds as it is and its page appears.
#[test]
fn new_case_study_builds() {
    let f = Fixture::valid();
    let out = f.cairn(&["new", "case-study", "Our Test Story"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = f.read("content/case-studies/our-test-story.md");
    assert!(text.contains("title: \"Our Test Story\""));
    assert!(
        text.contains("# Themes, from: \"health inequalities\", \"youth\""),
        "{text}"
    );
    assert!(text.contains("\"core/sharing-power\""), "{text}");
    f.build_ok();
    assert!(
        f.path("public/case-studies/our-test-story/index.html")
            .is_file()
    );
    // The check passes, with warnings for the TODOs to fill in.
    let out = f.cairn(&["check"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("warning: `TODO` left to fill in"));
}

// Pins that every kind of page `cairn new` writes builds as it is.
#[test]
fn every_new_kind_builds() {
    let f = Fixture::valid();
    for (kind, page) in [
        ("toolkit-section", "public/toolkit/next-steps/index.html"),
        ("principle-set", "public/principles/next-steps/index.html"),
        ("form", "public/forms/next-steps/index.html"),
        ("case-study", "public/case-studies/next-steps/index.html"),
    ] {
        let out = f.cairn(&["new", kind, "Next steps"]);
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
        f.build_ok();
        assert!(f.path(page).is_file(), "{page}");
    }
}

// Pins that `cairn new` never overwrites a file: exit 2 with a clear message.
#[test]
fn new_refuses_to_overwrite() {
    let f = Fixture::valid();
    let out = f.cairn(&["new", "case-study", "Good"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: `content/case-studies/good.md` already exists; choose another title, or edit that file\n"
    );
    assert_eq!(
        f.read("content/case-studies/good.md"),
        common::GOOD_CASE_STUDY
    );
}

// Pins glossary links: the first use of a term on a page links to its definition, later uses
// and uses in headings, links and code do not, and abbreviations match only in capitals.
#[test]
fn first_use_of_a_glossary_term_links_to_it() {
    let f = with(&[
        (
            "content/glossary.md",
            "---\ntitle: Glossary\nterms:\n  - { term: \"Co-design\", definition: \"Designing a service together.\" }\n  - { term: \"PB\", expansion: \"Participatory budgeting\", definition: \"People decide how money is spent.\" }\n  - { term: \"Citizens' assembly\", definition: \"People chosen at random.\" }\n---\n\nWords.\n",
        ),
        (
            "content/case-studies/x.md",
            &case_study(
                "",
                "## Co-design first\n\nWe used [co-design](https://example.org) and `co-design`, then co-design again, and co-design once more. pb is not PB. A citizens' assembly met.\n",
            ),
        ),
    ]);
    f.build_ok();
    let html = f.read("public/case-studies/x/index.html");
    let link = "<a class=\"glossary-term\" href=\"../../glossary/index.html#co-design\"><abbr title=\"Designing a service together.\">co-design</abbr></a> again";
    assert!(html.contains(link), "{html}");
    assert_eq!(html.matches("glossary/index.html#co-design").count(), 1);
    assert!(html.contains("co-design once more"));
    assert!(html.contains(
        "pb is not <a class=\"glossary-term\" href=\"../../glossary/index.html#pb\"><abbr title=\"Participatory budgeting\">PB</abbr></a>"
    ));
    assert!(html.contains("<h2 id=\"co-design-first\">Co-design first"));
    // Smart punctuation splits the text at the apostrophe; the term is still found whole.
    assert!(html.contains("A <a class=\"glossary-term\" href=\"../../glossary/index.html#citizens-assembly\"><abbr title=\"People chosen at random.\">citizens’ assembly</abbr></a> met."), "{html}");
    // The glossary page does not link to itself.
    assert!(
        !f.read("public/glossary/index.html")
            .contains("glossary-term")
    );
}

// Pins "Edit this page" and "Add a case study" when site.toml names the repository.
#[test]
fn suggest_a_change_links() {
    let f = Fixture::valid();
    f.write(
        "site.toml",
        &common::SITE_TOML.replacen(
            "base_url = \"https://example.org/lib/\"\n",
            "base_url = \"https://example.org/lib/\"\nrepository = \"https://github.com/org/library\"\nbranch = \"live\"\n",
            1,
        ),
    );
    f.build_ok();
    let page = f.read("public/case-studies/good/index.html");
    assert!(page.contains(
        "<a href=\"https://github.com/org/library/edit/live/content/case-studies/good.md\">Edit this page</a>"
    ));
    let library = f.read("public/case-studies/index.html");
    let start = library
        .find("https://github.com/org/library/new/live/content/case-studies?filename=your-story.md&amp;value=")
        .expect("add link");
    assert!(library[start..].contains("title%3A%20%22TODO"));
    // Without `repository`, no such links.
    let plain = Fixture::valid();
    plain.build_ok();
    assert!(
        !plain
            .read("public/case-studies/good/index.html")
            .contains("Edit this page")
    );
}

// Pins that `cairn init` writes the contributing guide, the pull-request template and the
// workflow, and that the new library passes the check.
#[test]
fn init_writes_contributing_files() {
    let f = Fixture::empty();
    let out = f.cairn(&["init", "lib"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let guide = f.read("lib/CONTRIBUTING.md");
    assert!(guide.contains("Propose changes"));
    assert!(
        f.read("lib/.github/pull_request_template.md")
            .contains("consent: true")
    );
    let workflow = f.read("lib/.github/workflows/cairn.yml");
    assert!(workflow.contains("cairn check --format github"));
    assert!(workflow.contains("actions/deploy-pages"));
    let out = f.cairn(&["check", "--root", "lib", "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

/// Runs git in `dir`, asserting it succeeded.
fn git(dir: &std::path::Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
}

// Pins pull-request annotations: with `--changed-since HEAD~1` only the changed file is
// annotated (a warning in an older file is not), with paths from the repository's root (the
// library is in a sub-folder) and no backticks; the job summary gets every finding, the
// changed file's first.
#[test]
fn changed_since_annotates_only_the_changed_file() {
    let repo = Fixture::empty();
    let lib = "library/";
    repo.write(&format!("{lib}site.toml"), common::SITE_TOML);
    repo.write(
        &format!("{lib}content/principles/core.md"),
        common::PRINCIPLES,
    );
    repo.write(
        &format!("{lib}content/case-studies/good.md"),
        &common::GOOD_CASE_STUDY.replace("## What happened", "## What happened\n\nTODO: the end."),
    );
    git(repo.root(), &["init", "-q"]);
    git(repo.root(), &["add", "-A"]);
    git(repo.root(), &["commit", "-qm", "a library"]);
    repo.write(
        &format!("{lib}content/case-studies/new.md"),
        &case_study("themes: [\"gardening\"]\n", "TODO: our story.\n"),
    );
    git(repo.root(), &["add", "-A"]);
    git(repo.root(), &["commit", "-qm", "a case study"]);

    let summary = repo.path("summary.md");
    let out = assert_cmd::Command::cargo_bin("cairn")
        .unwrap()
        .current_dir(repo.path(lib))
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["check", "--format", "github", "--changed-since", "HEAD~1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("::error file=library/content/case-studies/new.md,line=6,"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("::warning file=library/content/case-studies/new.md,line=9,"),
        "{text}"
    );
    assert!(lines[0].contains("‘gardening’"), "{text}");
    assert!(!text.contains('`'), "backticks in annotations: {text}");
    assert!(!text.contains("good.md"), "{text}");

    let table = std::fs::read_to_string(&summary).expect("the job summary is written");
    assert!(
        table.starts_with("### Cairn check: 1 error, 2 warnings\n"),
        "{table}"
    );
    let mine = table
        .find("#### In the files changed since")
        .unwrap_or_else(|| panic!("{table}"));
    let rest = table
        .find("#### Elsewhere in the library")
        .unwrap_or_else(|| panic!("{table}"));
    let new_row = table
        .find("| error | <code>library/content/case-studies/new.md</code> | 6 | <code>gardening</code> is not one of the library's themes |")
        .unwrap_or_else(|| panic!("{table}"));
    let old_row = table
        .find("| warning | <code>library/content/case-studies/good.md</code> |")
        .unwrap_or_else(|| panic!("{table}"));
    assert!(
        mine < new_row && new_row < rest && rest < old_row,
        "{table}"
    );

    // The files may be named instead; without a summary file none is written.
    let out = assert_cmd::Command::cargo_bin("cairn")
        .unwrap()
        .current_dir(repo.path(lib))
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(["check", "--format", "github", "content/case-studies/new.md"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out), text);
}

// Pins that an unknown reference is a usage error naming it, with the usual CI cause.
#[test]
fn changed_since_an_unknown_reference() {
    let f = Fixture::valid();
    git(f.root(), &["init", "-q"]);
    let out = f.cairn(&["check", "--changed-since", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: cannot list the files changed since `no-such-branch`: git says: "),
        "{err}"
    );
    assert!(err.contains("fetch-depth: 0"), "{err}");
}
