//! Integration tests of the web editor (src/editor/): what `[editor]` in site.toml adds to a
//! build, that its configuration validates against the CMS's own JSON Schema (from the npm
//! package, src/editor/vendor/sveltia-cms.schema.json), and that readers never meet it. What
//! only a browser shows (the CMS loading, its forms, a saved entry) is in
//! tests/browser/editor.test.mjs; the contract between the forms and the content model is in
//! src/editor/contract.rs.

use crate::common;

use std::collections::BTreeSet;

use common::{Fixture, snapshot_tree, stderr, urls_in};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const EDITOR: &str = "repository = \"https://github.com/org/library\"\n\n[editor]\n";

/// The valid fixture with `[editor]` (and the repository it needs).
fn with_editor(extra: &str) -> Fixture {
    let f = Fixture::valid();
    f.write(
        "site.toml",
        &common::SITE_TOML.replacen(
            "base_url = \"https://example.org/lib/\"\n",
            &format!("base_url = \"https://example.org/lib/\"\n{EDITOR}{extra}\n"),
            1,
        ),
    );
    f
}

fn built_files(f: &Fixture) -> BTreeSet<String> {
    snapshot_tree(&f.path("public"))
        .into_iter()
        .map(|(p, _)| p.replace('\\', "/"))
        .collect()
}

fn config(f: &Fixture) -> serde_json::Value {
    serde_json::from_str(&f.read("public/admin/config.json")).expect("config.json is JSON")
}

// Pins what `[editor]` adds: the CMS page, its configuration, the pinned CMS, its fonts, the
// translations of its interface and their licences under admin/, and nothing at all without
// `[editor]`.
#[test]
fn editor_writes_admin() {
    let f = with_editor("");
    f.build_ok();
    let admin: BTreeSet<String> = built_files(&f)
        .into_iter()
        .filter(|p| p.starts_with("admin/") && !p.starts_with("admin/locales/"))
        .collect();
    let locales = built_files(&f)
        .into_iter()
        .filter(|p| p.starts_with("admin/locales/"))
        .count();
    assert_eq!(locales, 29, "the CMS's translations of its interface");
    assert!(
        f.read("public/admin/locales/en-GB.json")
            .contains("\"sign_in\"")
    );
    let expected: BTreeSet<String> = [
        "admin/index.html",
        "admin/config.json",
        "admin/cairn-editor.css",
        "admin/cairn-editor.js",
        "admin/sveltia-cms-0.221.1.js",
        "admin/fonts/source-sans-3-latin-wght-normal-BqRLTx4X.woff2",
        "admin/fonts/noto-mono-latin-400-normal-DiC8lJru.woff2",
        "admin/fonts/material-symbols-outlined-latin-wght-normal-_Z1IJPLg.woff2",
        "admin/licences/sveltia-cms.LICENSE.txt",
        "admin/licences/source-sans-3.LICENSE.txt",
        "admin/licences/noto-mono.LICENSE.txt",
        "admin/licences/material-symbols-outlined.LICENSE.txt",
    ]
    .map(String::from)
    .into();
    assert_eq!(admin, expected);
    let page = f.read("public/admin/index.html");
    assert!(page.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
    assert!(page.contains(
        "<script src=\"sveltia-cms-0.221.1.js\" integrity=\"sha384-JQ+XsKx/UzwdTiNnFStza3XtqqQoVtyNPApkfvwlzZDfhe7giE9CnfQrpHqgv3k6\"></script>"
    ));
    assert!(page.contains("<title>Edit Test Library</title>"));
    let c = config(&f);
    assert_eq!(c["backend"]["repo"], "org/library");
    assert_eq!(c["publish_mode"], "editorial_workflow");
    assert_eq!(c["backend"]["open_authoring"], true);
    assert_eq!(c["backend"]["auth_methods"], serde_json::json!(["token"]));

    let plain = Fixture::valid();
    plain.build_ok();
    assert!(!plain.path("public/admin").exists());
}

// Pins that the configuration validates against Sveltia CMS's own JSON Schema, shipped in its
// npm package, for a library with every option: an OAuth client, a branch, no open authoring,
// several languages.
#[test]
fn config_validates_against_the_cms_schema() {
    let schema: serde_json::Value = serde_json::from_str(include_str!(
        "../../src/editor/vendor/sveltia-cms.schema.json"
    ))
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the CMS's schema compiles");
    for extra in [
        "",
        "oauth_url = \"https://auth.example.org\"\nopen_authoring = false\n",
    ] {
        let f = with_editor(extra);
        f.write(
            "site.toml",
            &f.read("site.toml").replacen(
                "[editor]",
                "branch = \"live\"\nlanguages = [{ code = \"en\", name = \"English\" }, { code = \"cy\", name = \"Cymraeg\" }]\n\n[editor]",
                1,
            ),
        );
        f.write(
            "content/glossary.md",
            "---\ntitle: \"Glossary\"\nterms: []\n---\n",
        );
        f.write("content/about.md", "---\ntitle: \"About\"\n---\n\nUs.\n");
        f.build_ok();
        let c = config(&f);
        let errors: Vec<String> = validator
            .iter_errors(&c)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{extra}: {errors:#?}");
        assert_eq!(c["backend"]["branch"], "live");
        assert!(c["i18n"].is_object());
    }
    // The check can fail: a misspelt option is refused by the same schema.
    let f = with_editor("");
    f.build_ok();
    let mut c = config(&f);
    c["publish_mod"] = serde_json::json!("editorial_workflow");
    assert!(!validator.is_valid(&c));
}

// Pins that readers never meet the editor: no reader page links to admin/, the sitemap does
// not list it, the service worker neither precaches nor serves it, and robots.txt disallows it.
#[test]
fn readers_never_meet_the_editor() {
    let f = with_editor("");
    f.build_ok();
    for page in built_files(&f)
        .iter()
        .filter(|p| p.ends_with(".html") && !p.starts_with("admin/"))
    {
        let html = f.read(&format!("public/{page}"));
        assert!(
            !urls_in(&html).iter().any(|u| u.contains("admin")),
            "{page} links to the editor"
        );
    }
    assert!(!f.read("public/sitemap.xml").contains("admin"));
    let sw = f.read("public/sw.js");
    let list = &sw[sw.find("const PRECACHE = [").unwrap()..];
    let precache = &list[..list.find("];").unwrap()];
    assert!(precache.contains("\"index.html\""), "{precache}");
    assert!(!precache.contains("admin/"), "{precache}");
    assert!(sw.contains("const EDITOR = \"admin/\";"));
    assert_eq!(
        f.read("public/robots.txt"),
        "User-agent: *\nAllow: /\nDisallow: /lib/admin/\nSitemap: https://example.org/lib/sitemap.xml\n"
    );
}

// Pins the site.toml errors of `[editor]`: no repository, a repository not on GitHub, and an
// unknown key, each naming the fix; nothing is written.
#[test]
fn editor_settings_errors() {
    let f = Fixture::valid();
    f.write("site.toml", &format!("{}\n[editor]\n", common::SITE_TOML));
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out) + &stdout(&out);
    assert!(
        err.contains("the web editor (`[editor]`) needs the library's GitHub repository"),
        "{err}"
    );
    assert!(
        err.contains("add `repository = \"https://github.com/"),
        "{err}"
    );
    assert!(!f.path("public").exists());

    f.write(
        "site.toml",
        &format!(
            "repository = \"https://gitlab.com/org/lib\"\n{}\n[editor]\n",
            common::SITE_TOML
        ),
    );
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!((stderr(&out) + &stdout(&out)).contains("the web editor works with GitHub"));

    let f = with_editor("oath_url = \"https://auth.example.org\"\n");
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!((stderr(&out) + &stdout(&out)).contains("did you mean `oauth_url`?"));
}

/// The file Sveltia CMS 0.221.1 writes for a filled-in case-study form, byte for byte:
/// tests/browser/editor.test.mjs fills the form in Chromium and compares what the CMS saved
/// with this file (YAML block lists, double quotes, empty fields left out).
const WRITTEN_BY_THE_CMS: &str = include_str!("../browser/editor-saved-case-study.md");

// Pins that a case study as the CMS writes it (quoted dates, block lists, a boolean consent)
// passes `cairn check` with no error and builds, without a browser.
#[test]
fn a_case_study_written_by_the_cms_builds() {
    let f = with_editor("");
    f.write(
        "content/case-studies/youth-budget-in-bury.md",
        WRITTEN_BY_THE_CMS,
    );
    let out = f.cairn(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(!stdout(&out).contains("error"), "{}", stdout(&out));
    f.build_ok();
    let page = f.read("public/case-studies/youth-budget-in-bury/index.html");
    assert!(page.contains("Youth budget in Bury"));
    assert!(page.contains("May 2023"));
}

// Pins that a page or file of the library published under admin/ is an error with `[editor]`
// (it would be overwritten by the editor), and an ordinary page without it.
#[test]
fn a_page_where_the_editor_goes_is_an_error() {
    let f = with_editor("");
    f.write(
        "content/admin.md",
        "---\ntitle: \"Administration\"\n---\n\nOur board.\n",
    );
    f.write_bytes("content/admin/config.yml", b"backend: {}\n");
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out) + &stdout(&out);
    assert!(err.contains("content/admin.md"), "{err}");
    assert!(
        err.contains("would be published at `admin/`, in `admin/`, where the web editor goes"),
        "{err}"
    );
    assert!(err.contains("content/admin/config.yml"), "{err}");
    assert_eq!(err.matches("where the web editor goes").count(), 2, "{err}");
    assert!(!f.path("public").exists());

    let plain = Fixture::valid();
    plain.write(
        "content/admin.md",
        "---\ntitle: \"Administration\"\n---\n\nOur board.\n",
    );
    plain.build_ok();
    assert!(plain.read("public/admin/index.html").contains("Our board."));
    assert!(plain.read("public/sw.js").contains("\"admin/index.html\""));
}
