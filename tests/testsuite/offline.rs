//! Integration tests of the offline copy (src/offline.rs), the print pages
//! (src/render/print.rs) and `cairn build --zip` (src/archive.rs), on small fixture libraries.
//! What only a browser shows (the worker serving pages offline, updates, PDFs) is in
//! tests/browser/offline.test.mjs.

use crate::common;

use std::collections::BTreeSet;

use common::{Fixture, snapshot_tree, stderr};

const TOOLKIT_INTRO: &str = "---\ntitle: \"The toolkit\"\n---\n\nRead it all.\n";
const PART_ONE: &str = "---\ntitle: \"Getting started\"\nweight: 1\n---\n\n## First steps\n\nSee [the next part](@/toolkit/02-doing/_index.md#in-practice) and the [story](@/case-studies/good.md).[^note]\n\n[^note]: A footnote of part one.\n";
const PART_TWO: &str = "---\ntitle: \"Doing it\"\nweight: 2\n---\n\n## In practice\n\nMore at [the source](https://example.com/guide).[^note]\n\n[^note]: A footnote of part two.\n";
const SUB_SECTION: &str =
    "---\ntitle: \"Meetings\"\nweight: 1\n---\n\n## Agenda\n\nKeep it short.\n";

/// The valid fixture plus a toolkit of two parts, the second with a section.
fn with_toolkit() -> Fixture {
    let f = Fixture::valid();
    f.write("content/toolkit/_index.md", TOOLKIT_INTRO);
    f.write("content/toolkit/01-start/_index.md", PART_ONE);
    f.write("content/toolkit/02-doing/_index.md", PART_TWO);
    f.write("content/toolkit/02-doing/meetings.md", SUB_SECTION);
    f
}

/// The `PRECACHE` list of a built `sw.js`.
fn precache(sw: &str) -> Vec<String> {
    let at = sw
        .find("const PRECACHE = ")
        .expect("sw.js has a precache list")
        + 17;
    let end = sw[at..].find("];").expect("list ends") + at + 1;
    serde_json::from_str(&sw[at..end]).expect("the list is JSON")
}

fn version(sw: &str) -> String {
    let at = sw.find("const VERSION = \"").expect("sw.js has a version") + 17;
    sw[at..at + 16].to_string()
}

/// Every file of the built site, relative, `/`-separated.
/// The site's files as a reader gets them: every file of the output but Cairn's own marker
/// (src/output/guard.rs), which is no page and is never precached.
fn built_files(f: &Fixture) -> BTreeSet<String> {
    snapshot_tree(&f.path("public"))
        .into_iter()
        .map(|(p, _)| p.replace('\\', "/"))
        .filter(|p| p != cairn::output::guard::MARKER)
        .collect()
}

/// `site.toml` of the valid fixture with `line` added at its top level.
fn site_toml_with(line: &str) -> String {
    common::SITE_TOML.replacen(
        "[taxonomies.themes]",
        &format!("{line}\n\n[taxonomies.themes]"),
        1,
    )
}

// Pins `offline = "full"`: sw.js precaches exactly every file the build wrote but itself, the
// manifest and icons are written, and the build prints the precache size.
#[test]
fn full_mode_precaches_every_file_the_build_writes() {
    let f = with_toolkit();
    f.write("site.toml", &site_toml_with("offline = \"full\""));
    f.write_bytes("content/case-studies/photo.png", b"\x89PNG not really");
    let out = f.build_ok();
    let sw = f.read("public/sw.js");
    let listed: BTreeSet<String> = precache(&sw).into_iter().collect();
    let mut expected = built_files(&f);
    expected.remove("sw.js");
    assert_eq!(listed, expected);
    for file in [
        "manifest.webmanifest",
        "static/icons/icon.svg",
        "static/icons/icon-192.png",
        "static/icons/icon-512.png",
        "static/icons/apple-touch-icon.png",
        "offline/index.html",
        "toolkit/print/index.html",
        "principles/print/index.html",
    ] {
        assert!(listed.contains(file), "{file} is precached");
    }
    let bytes: u64 = expected
        .iter()
        .map(|p| {
            std::fs::metadata(f.path(&format!("public/{p}")))
                .unwrap()
                .len()
        })
        .sum();
    let err = stderr(&out);
    let line = format!(
        "Offline: {} files, {:.1} MB saved on a reader's first visit (offline = \"full\")",
        expected.len(),
        bytes as f64 / 1_000_000.0
    );
    assert!(err.contains(&line), "expected `{line}` in:\n{err}");
}

// Pins the default, `offline = "essentials"`, within a library larger than its budget: the shell
// (styles, scripts, icons, manifest), the home, offline and search pages, the search index's
// table of contents and the forms are precached; the rest only as far as the budget allows;
// sw-files.json lists every file for "Save the whole library"; the sizes in sw.js add up.
#[test]
fn essentials_mode_keeps_to_the_budget() {
    let f = with_toolkit();
    f.write("site.toml", &site_toml_with("offline_budget_mb = 1"));
    f.write(
        "content/forms/meeting-check.md",
        include_str!("../../src/scaffold/form.md"),
    );
    // Two pictures of 450 KB: only one fits in the budget beside the rest (about 460 KB).
    let noise: Vec<u8> = (0..450_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    f.write_bytes("content/case-studies/big-a.png", &noise);
    f.write_bytes("content/case-studies/big-b.png", &noise);
    let out = f.build_ok();
    let sw = f.read("public/sw.js");
    assert!(
        sw.contains("const MODE = \"essentials\";"),
        "the default mode"
    );
    let listed: BTreeSet<String> = precache(&sw).into_iter().collect();
    let size = |p: &str| {
        std::fs::metadata(f.path(&format!("public/{p}")))
            .unwrap()
            .len()
    };
    let bytes: u64 = listed.iter().map(|p| size(p)).sum();
    assert!(bytes <= 1_000_000, "{bytes} bytes precached");
    for file in [
        "index.html",
        "offline/index.html",
        "search/index.html",
        "search/search-index.js",
        "manifest.webmanifest",
        "static/icons/icon.svg",
        "forms/index.html",
        "forms/meeting-check/index.html",
        "case-studies/index.html",
    ] {
        assert!(listed.contains(file), "{file} is precached: {listed:?}");
    }
    assert!(listed.iter().any(|p| p.starts_with("static/css/")));
    assert!(listed.iter().any(|p| p.starts_with("static/js/")));
    let pictures = listed
        .iter()
        .filter(|p| p.ends_with(".png") && p.contains("big-"))
        .count();
    assert_eq!(
        pictures, 1,
        "pictures come last: one fits beside the pages, not two ({bytes} bytes precached: {listed:?})"
    );
    assert!(!listed.contains("sw-files.json") && !listed.contains("sw.js"));
    // Every file is listed for the button, with their total size; sw.js knows both sizes.
    let everything: serde_json::Value =
        serde_json::from_str(&f.read("public/sw-files.json")).unwrap();
    let all: BTreeSet<String> = everything["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    let mut expected = built_files(&f);
    expected.remove("sw.js");
    expected.remove("sw-files.json");
    assert_eq!(all, expected);
    let all_bytes: u64 = all.iter().map(|p| size(p)).sum();
    assert_eq!(everything["bytes"], all_bytes);
    assert!(
        sw.contains(&format!("const PRECACHE_BYTES = {bytes};")),
        "{sw:.600}"
    );
    assert!(sw.contains(&format!("const ALL_BYTES = {all_bytes};")));
    assert!(
        stderr(&out).contains("(offline = \"essentials\")"),
        "{}",
        stderr(&out)
    );
}

// Pins `offline = "pages"`: pages, styles, scripts, icons and the search index are precached;
// images, data and feeds are not (the worker saves them once opened).
#[test]
fn pages_mode_leaves_out_images_and_data() {
    let f = with_toolkit();
    f.write(
        "site.toml",
        &common::SITE_TOML.replacen(
            "[taxonomies.themes]",
            "offline = \"pages\"\n\n[taxonomies.themes]",
            1,
        ),
    );
    f.write_bytes("content/case-studies/photo.png", b"\x89PNG not really");
    let out = f.build_ok();
    let listed: BTreeSet<String> = precache(&f.read("public/sw.js")).into_iter().collect();
    let files = built_files(&f);
    for file in &files {
        let page_or_asset = file.ends_with(".html")
            || file.starts_with("static/icons/")
            || (file.starts_with("static/") && (file.ends_with(".css") || file.ends_with(".js")))
            || file == "manifest.webmanifest"
            || (file.starts_with("search/") && file.ends_with(".js"));
        assert_eq!(listed.contains(file), page_or_asset, "{file}");
    }
    assert!(
        files.iter().any(|p| p.ends_with("photo.png")),
        "the image is built"
    );
    assert!(
        stderr(&out).contains("(offline = \"pages\")"),
        "{}",
        stderr(&out)
    );
}

// Pins `offline = "off"`: no page loads the registration script, and sw.js only removes what
// an earlier build saved.
#[test]
fn off_mode_registers_nothing() {
    let f = Fixture::valid();
    f.write(
        "site.toml",
        &common::SITE_TOML.replacen(
            "[taxonomies.themes]",
            "offline = \"off\"\n\n[taxonomies.themes]",
            1,
        ),
    );
    let out = f.build_ok();
    let sw = f.read("public/sw.js");
    assert!(
        !sw.contains("PRECACHE") && sw.contains("unregister()"),
        "{sw}"
    );
    assert!(!f.read("public/index.html").contains("offline.js"));
    assert!(stderr(&out).contains("Offline: off"), "{}", stderr(&out));
    // The manifest still lets the library be installed.
    assert!(f.path("public/manifest.webmanifest").is_file());
}

// Pins the cache version: the same library builds the same sw.js; any changed byte changes it.
#[test]
fn version_changes_with_content_only() {
    let f = Fixture::valid();
    f.build_ok();
    let first = f.read("public/sw.js");
    f.build_ok();
    assert_eq!(f.read("public/sw.js"), first, "the build is deterministic");
    f.write(
        "content/case-studies/good.md",
        &common::GOOD_CASE_STUDY.replace("People decided.", "People decided again."),
    );
    f.build_ok();
    let second = f.read("public/sw.js");
    assert_ne!(version(&first), version(&second));
}

// Pins relative URLs: every page links the manifest, icons and registration script through
// its own root, the script passes that root as the worker's scope, and the manifest's URLs
// are relative.
#[test]
fn manifest_and_registration_are_relative() {
    let f = Fixture::valid();
    f.write(
        "site.toml",
        &format!(
            "{}\n[app]\nshort_name = \"Tests\"\ntheme_color = \"#225522\"\n",
            common::SITE_TOML
        ),
    );
    f.build_ok();
    for (page, root) in [
        ("public/index.html", ""),
        ("public/case-studies/good/index.html", "../../"),
    ] {
        let html = f.read(page);
        for needle in [
            format!("<link rel=\"manifest\" href=\"{root}manifest.webmanifest\">"),
            format!(
                "<link rel=\"icon\" href=\"{root}static/icons/icon.svg\" type=\"image/svg+xml\">"
            ),
            format!("<script src=\"{root}static/js/offline.js\" data-root=\"{root}\"></script>"),
            "<meta name=\"theme-color\" content=\"#225522\">".to_string(),
        ] {
            assert!(html.contains(&needle), "{page} lacks {needle}");
        }
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&f.read("public/manifest.webmanifest")).unwrap();
    assert_eq!(manifest["name"], "Test Library");
    assert_eq!(manifest["short_name"], "Tests");
    assert_eq!(manifest["theme_color"], "#225522");
    assert_eq!(manifest["display"], "standalone");
    for icon in manifest["icons"].as_array().unwrap() {
        let src = icon["src"].as_str().unwrap();
        assert!(f.path(&format!("public/{src}")).is_file(), "{src} exists");
    }
    let png = std::fs::read(f.path("public/static/icons/icon-512.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 512);
    let js = f.read("public/static/js/offline.js");
    assert!(
        js.contains("location.protocol === \"file:\""),
        "skips file://"
    );
    assert!(js.contains("register(root + \"sw.js\", { scope: root })"));
}

// Pins the printable toolkit: every section in reading order with its number, a contents list,
// footnotes of each section kept apart, links between sections made in-page, other links given
// their full address for print, and the link to it from every toolkit page.
#[test]
fn toolkit_print_page_has_every_section_in_order() {
    let f = with_toolkit();
    f.build_ok();
    let html = f.read("public/toolkit/print/index.html");
    let titles = [
        "<h2 id=\"introduction\" class=\"print-title\">The toolkit</h2>",
        "<h2 id=\"section-1\" class=\"print-title\"><span class=\"num\">1</span> Getting started</h2>",
        "<h2 id=\"section-2\" class=\"print-title\"><span class=\"num\">2</span> Doing it</h2>",
        "<h3 id=\"section-2-1\" class=\"print-title\"><span class=\"num\">2.1</span> Meetings</h3>",
    ];
    let mut at = 0;
    for title in titles {
        let found = html[at..]
            .find(title)
            .unwrap_or_else(|| panic!("missing or out of order: {title}\n{html}"));
        at += found + title.len();
    }
    assert!(
        html.contains("<a href=\"#section-2-1\"><span class=\"num\">2.1</span> Meetings</a>"),
        "contents list"
    );
    // Headings of a section's body sit under its own heading.
    assert!(
        html.contains("<h3 id=\"section-1--first-steps\">"),
        "{html}"
    );
    assert!(html.contains("<h4 id=\"section-2-1--agenda\">"), "{html}");
    // Footnotes of two sections do not clash.
    assert!(html.contains("id=\"section-1--note\""), "{html}");
    assert!(html.contains("id=\"section-2--note\""), "{html}");
    assert!(
        html.contains("href=\"#section-2--in-practice\""),
        "in-page link: {html}"
    );
    assert!(
        html.contains("href=\"../../case-studies/good/index.html\" data-print-url=\"https://example.org/lib/case-studies/good/\""),
        "{html}"
    );
    assert!(html.contains("data-print hidden>Print the toolkit</button>"));
    assert_eq!(html.matches("<h1").count(), 1);
    for page in [
        "public/toolkit/index.html",
        "public/toolkit/02-doing/meetings/index.html",
    ] {
        let text = f.read(page);
        assert!(
            text.contains("print/index.html\">Print the toolkit</a>"),
            "{page}"
        );
    }
}

// Pins the printable principles: each set numbered with its principles, linked from the
// principles page.
#[test]
fn principles_print_page_lists_every_principle() {
    let f = Fixture::valid();
    f.build_ok();
    let html = f.read("public/principles/print/index.html");
    let a = html
        .find("<span class=\"num\">1.1</span> Sharing power</h3>")
        .expect("first");
    let b = html
        .find("<span class=\"num\">1.2</span> Building on assets</h3>")
        .expect("second");
    assert!(a < b);
    assert!(html.contains("Intro to the set."));
    assert!(
        f.read("public/principles/index.html")
            .contains("href=\"print/index.html\">Print all principles</a>")
            || f.read("public/principles/index.html")
                .contains("href=\"../principles/print/index.html\">Print all principles</a>")
    );
}

// Pins `cairn build --zip`: public.zip holds one folder with the very bytes of the output
// folder, and two builds make the same zip.
#[test]
fn zip_holds_the_same_bytes_as_the_output_folder() {
    let f = with_toolkit();
    let out = f.cairn(&["build", "--zip"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("Zip: "), "{}", stderr(&out));
    let zip_bytes = std::fs::read(f.path("public.zip")).expect("public.zip written");
    let unzipped = tempfile::tempdir().unwrap();
    zip::ZipArchive::new(std::io::Cursor::new(&zip_bytes))
        .expect("a valid zip")
        .extract(unzipped.path())
        .expect("unzips");
    let top: Vec<_> = std::fs::read_dir(unzipped.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(top, vec![std::ffi::OsString::from("test-library")]);
    let inside = snapshot_tree(&unzipped.path().join("test-library"));
    let built = snapshot_tree(&f.path("public"));
    assert_eq!(inside.len(), built.len());
    assert!(
        inside == built,
        "the zip's files differ from the output folder's"
    );
    let again = f.cairn(&["build", "--zip"]);
    assert!(again.status.success());
    assert!(
        std::fs::read(f.path("public.zip")).unwrap() == zip_bytes,
        "the zip is deterministic"
    );
}
