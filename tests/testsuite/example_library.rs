//! The example library in the repository root: it builds, every content file has its page,
//! and a link check finds no broken link or anchor and no root-relative or absolute internal URL.

use crate::common;

use std::path::{Path, PathBuf};

use common::urls_in;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build_example() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let result = assert_cmd::Command::cargo_bin("cairn")
        .unwrap()
        .args(["build", "--root"])
        .arg(repo())
        .arg("--output")
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "example library failed to build:\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    out
}

fn md_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

// Pins the must-show: every case study, toolkit section, principle set, principle, form and
// taxonomy term of the example library has a page.
#[test]
fn every_content_item_has_a_page() {
    let out = build_example();
    let site = out.path().join("site");
    let content = repo().join("content");
    let mut expected = Vec::new();
    // A translation `name.<lang>.md` is the page `<lang>/.../name/` (src/i18n.rs).
    let page_of = |folder: &str, stem: &str| match stem.split_once('.') {
        Some((name, lang)) => format!("{lang}/{folder}/{name}/index.html"),
        None => format!("{folder}/{stem}/index.html"),
    };
    for f in md_files(&content.join("case-studies")) {
        let stem = f.file_stem().unwrap().to_string_lossy();
        if !stem.starts_with("_index") {
            expected.push(page_of("case-studies", &stem));
        }
    }
    for f in md_files(&content.join("toolkit")) {
        let rel = f
            .strip_prefix(content.join("toolkit"))
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let dir = rel
            .strip_suffix("_index.md")
            .map(str::to_string)
            .unwrap_or_else(|| format!("{}/", rel.trim_end_matches(".md")));
        expected.push(format!("toolkit/{dir}index.html"));
    }
    let mut principle_count = 0;
    for f in md_files(&content.join("principles")) {
        let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
        if stem == "_index" {
            continue;
        }
        expected.push(format!("principles/{stem}/index.html"));
        for line in std::fs::read_to_string(&f).unwrap().lines() {
            if let Some(id) = line.trim().strip_prefix("- id:") {
                principle_count += 1;
                expected.push(format!(
                    "principles/{stem}/{}/index.html",
                    id.trim().trim_matches('"')
                ));
            }
        }
    }
    for f in md_files(&content.join("forms")) {
        let stem = f.file_stem().unwrap().to_string_lossy();
        if !stem.starts_with("_index") {
            expected.push(page_of("forms", &stem));
        }
    }
    assert!(
        expected.len() > 60 && principle_count >= 50,
        "the example library is complete"
    );
    let missing: Vec<&String> = expected
        .iter()
        .filter(|p| !site.join(p).is_file())
        .collect();
    assert!(missing.is_empty(), "pages missing: {missing:?}");

    // Every term a case study names has a term page, linked from the case study.
    for f in md_files(&content.join("case-studies")) {
        let stem = f.file_stem().unwrap().to_string_lossy();
        if stem.starts_with("_index") {
            continue;
        }
        let html = std::fs::read_to_string(site.join(page_of("case-studies", &stem))).unwrap();
        for segment in [
            "places/",
            "themes/",
            "approaches/",
            "engagement-levels/",
            "fields-of-practice/",
        ] {
            assert!(
                html.contains(&format!("../../{segment}")),
                "{stem} links no {segment} term"
            );
        }
    }
    for taxonomy in [
        "themes",
        "places",
        "approaches",
        "engagement-levels",
        "fields-of-practice",
    ] {
        assert!(site.join(taxonomy).join("index.html").is_file());
    }
}

// Pins the must-show: zero broken internal links or anchors, and no root-relative or absolute
// internal URLs, in every HTML page of the built example library (tests/testsuite/link_check.rs).
#[test]
fn link_check_finds_nothing_broken() {
    let out = build_example();
    let site = out.path().join("site");
    let report = crate::link_check::check_links(&site);
    assert!(
        report.checked > 1000,
        "the check looked at {}",
        report.checked
    );
    report.assert_clean();
    // External links may not point into the site: that would break off-line copies.
    let mut absolute = Vec::new();
    for page in walk(&site)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        let html = std::fs::read_to_string(&page).unwrap();
        for url in urls_in(&html) {
            if url.starts_with("https://example.org/co-production-library") {
                absolute.push(format!("{}: absolute internal URL {url}", page.display()));
            }
        }
    }
    assert!(absolute.is_empty(), "{}", absolute.join("\n"));
}
