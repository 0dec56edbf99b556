//! The site plan (src/site/): every output path is claimed once. A content file at one of
//! Cairn's own addresses, or a name that makes no address, fails `build` and `check` alike,
//! with a message naming both claimants, and nothing is published.

use crate::common::{self, Fixture, stderr};

const TOOLKIT_INTRO: &str = "---\ntitle: \"Toolkit\"\n---\n\nThe toolkit.\n";
const SECTION: &str = "---\ntitle: \"Bangs\"\nweight: 1\n---\n\nA section.\n";
const SET: &str =
    "---\ntitle: \"Printing\"\nprinciples:\n  - { id: ink, name: Ink, description: D }\n---\n";

/// Writes `files` into a valid library, then asserts that `build` and `check` each exit 1
/// with one message holding every one of `parts`, and that no output was written.
fn assert_clash(files: &[(&str, &[u8])], parts: &[&str]) {
    let f = Fixture::valid();
    for (path, bytes) in files {
        f.write_bytes(path, bytes);
    }
    for args in [&["build"][..], &["check"][..]] {
        let out = f.cairn(args);
        let err = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
        assert_eq!(out.status.code(), Some(1), "cairn {args:?}:\n{err}");
        let found = err
            .split("\nerror")
            .any(|message| parts.iter().all(|p| message.contains(p)));
        assert!(
            found,
            "cairn {args:?}: no message with all of {parts:?}:\n{err}"
        );
    }
    assert!(!f.path("public").exists(), "a failed build wrote output");
}

// Pins that `content/index.html` cannot replace the home page.
#[test]
fn a_content_file_at_the_home_page() {
    assert_clash(
        &[("content/index.html", b"<p>mine</p>")],
        &[
            "content/index.html",
            "`index.html`",
            "Cairn's own home page",
        ],
    );
}

// Pins that a content file cannot replace one of the theme's files.
#[test]
fn a_content_file_at_a_theme_script() {
    assert_clash(
        &[("content/static/js/site.js", b"alert(1)")],
        &[
            "content/static/js/site.js",
            "`static/js/site.js`",
            "the theme's `static/js/site.js`",
        ],
    );
}

// Pins that a content file cannot replace the search index.
#[test]
fn a_content_file_at_the_search_index() {
    assert_clash(
        &[("content/search/search-index.js", b"var x = 1;")],
        &[
            "content/search/search-index.js",
            "`search/search-index.js`",
            "Cairn's own search index",
        ],
    );
}

// Pins that a case study whose name has no letters or digits is refused, naming the
// case-study library it would replace.
#[test]
fn a_case_study_without_a_name() {
    let story = common::GOOD_CASE_STUDY.replace("A good story", "Bangs");
    assert_clash(
        &[("content/case-studies/!!!.md", story.as_bytes())],
        &[
            "content/case-studies/!!!.md",
            "no letters or digits",
            "`case-studies/`",
            "Cairn's own case-study library page",
        ],
    );
}

// Pins that a toolkit section whose name has no letters or digits is refused, naming the
// toolkit's introduction it would replace.
#[test]
fn a_toolkit_section_without_a_name() {
    assert_clash(
        &[
            ("content/toolkit/_index.md", TOOLKIT_INTRO.as_bytes()),
            ("content/toolkit/!!!.md", SECTION.as_bytes()),
        ],
        &[
            "content/toolkit/!!!.md",
            "no letters or digits",
            "`toolkit/`",
            "content/toolkit/_index.md",
        ],
    );
}

// Pins that a principle set named `print` cannot take the printable principles' address.
#[test]
fn a_principle_set_named_print() {
    assert_clash(
        &[("content/principles/print.md", SET.as_bytes())],
        &[
            "content/principles/print.md",
            "`principles/print/`",
            "Cairn's own printable principles page",
        ],
    );
}

// Pins that a toolkit folder named `print` cannot take the printable toolkit's address.
#[test]
fn a_toolkit_folder_named_print() {
    assert_clash(
        &[
            ("content/toolkit/_index.md", TOOLKIT_INTRO.as_bytes()),
            ("content/toolkit/print/_index.md", SECTION.as_bytes()),
        ],
        &[
            "content/toolkit/print/_index.md",
            "`toolkit/print/`",
            "Cairn's own printable toolkit page",
        ],
    );
}

// Pins that two files whose names make one address are both named.
#[test]
fn two_pages_with_one_address() {
    assert_clash(
        &[
            ("content/about.md", b"---\ntitle: About\n---\n\nOne.\n"),
            ("content/About.md", b"---\ntitle: About us\n---\n\nTwo.\n"),
        ],
        &["content/About.md", "`about/`", "content/about.md"],
    );
}

// Pins that two copied files whose paths differ only in case are refused: one file on
// Windows, on a Mac and on most USB sticks.
#[test]
fn files_differing_only_in_case() {
    assert_clash(
        &[
            ("content/case-studies/Photo.jpg", b"\xff\xd8\xff one"),
            ("content/case-studies/photo.jpg", b"\xff\xd8\xff two"),
        ],
        &[
            "content/case-studies/photo.jpg",
            "only in letter case",
            "content/case-studies/Photo.jpg",
        ],
    );
}

// Pins that a content folder named after another language is refused: that is where the
// language's pages are published.
#[test]
fn a_folder_named_after_another_language() {
    let f = Fixture::valid();
    let site = f.read("site.toml").replacen(
        "base_url",
        "languages = [{ code = \"en\", name = \"English\" }, { code = \"cy\", name = \"Cymraeg\" }]\nbase_url",
        1,
    );
    f.write("site.toml", &site);
    f.write("content/cy/about.md", "---\ntitle: Amdanom\n---\n\nHelo.\n");
    let out = f.cairn(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/cy/about.md") && err.contains("inside `cy/`"),
        "{err}"
    );
}

// Pins the one documented replacement: a library page at `data/` replaces the "Download the
// data" page, and the data files are still published.
#[test]
fn a_library_page_at_data_replaces_the_data_page() {
    let f = Fixture::valid();
    f.write(
        "content/data.md",
        "---\ntitle: \"Our data\"\n---\n\nAsk us for the spreadsheets.\n",
    );
    f.build_ok();
    assert!(
        f.read("public/data/index.html")
            .contains("Ask us for the spreadsheets.")
    );
    assert!(f.path("public/data/case-studies.json").is_file());
}
