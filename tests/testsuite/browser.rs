//! The default theme in a real browser, and its weight.
//!
//! `browser_tests` builds the example library (the repository root) with the `cairn` binary and
//! runs the Node scripts in `tests/browser/` against it in Debian's Chromium (`/usr/bin/chromium`,
//! or `$CHROMIUM`): axe-core on each kind of page, the library filter, print styles, screenshots
//! at 360, 768 and 1280 px (saved in `target/test-artifacts/browser/`). Without Chromium or Node
//! the test says so loudly and passes, except in CI (`CI=true`), where it fails.
//!
//! `per_page_css_and_js_under_50_kb` needs no browser: it adds up the stylesheets and scripts
//! every built page loads. Search counts as its small loader (`static/js/search.js`, on every
//! page); the search code, the elasticlunr.js runtime and the index (`static/js/search-ui.js`,
//! `static/js/elasticlunr.min.js`, `search/search-index.js`) are injected only when a reader
//! starts searching (at once on the search page), so like search data they are left out. So is
//! a scoring form's collate page's code (`static/js/collate.js`), injected by `form.js` on that
//! page only, and the code that makes cards from the library's filter data
//! (`static/js/library-cards.js`), injected by `library.js` only when it shows filtered cards of
//! a library too large for one page.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const REPO: &str = env!("CARGO_MANIFEST_DIR");
const BUDGET: u64 = 50 * 1024;

/// Builds the example library into `out` with the real binary.
fn build_example(out: &Path) {
    let result = Command::new(env!("CARGO_BIN_EXE_cairn"))
        .args(["build", "--root", REPO, "--output"])
        .arg(out)
        .output()
        .expect("run cairn");
    assert!(
        result.status.success(),
        "cairn build failed:\n{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// Whether `program --version` runs.
fn runs(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// What the browser tests need and this machine lacks, if anything.
fn missing_tools() -> Option<String> {
    if !chromium().is_file() {
        return Some(format!("chromium not found at {}", chromium().display()));
    }
    ["node", "npm"]
        .into_iter()
        .find(|p| !runs(p))
        .map(|p| format!("`{p}` not found"))
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// `<target>/test-artifacts/browser`, or `$CAIRN_ARTIFACTS`.
fn artifacts_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CAIRN_ARTIFACTS") {
        return PathBuf::from(dir);
    }
    let target_tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    target_tmp
        .parent()
        .unwrap_or(target_tmp)
        .join("test-artifacts/browser")
}

// Pins that axe-core finds nothing, the library filter works with and without JavaScript, every
// page prints without navigation, and screenshots are saved, all in Chromium.
#[test]
fn browser_tests() {
    if let Some(why) = missing_tools() {
        assert!(!in_ci(), "browser tests must run in CI, but {why}");
        eprintln!(
            "\n{bar}\nSKIPPED browser tests: {why}\n(install Debian's chromium and Node 20+; in CI this fails)\n{bar}\n",
            bar = "!".repeat(72)
        );
        return;
    }
    let tmp = tempfile::tempdir().expect("temp folder");
    let site = tmp.path().join("site");
    build_example(&site);

    let dir = Path::new(REPO).join("tests/browser");
    install_node_modules(&dir);

    let mut scripts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read tests/browser")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        // `CAIRN_BROWSER_ONLY=forms` runs only the scripts whose name contains it.
        .filter(|p| {
            std::env::var("CAIRN_BROWSER_ONLY")
                .map_or(true, |only| p.to_string_lossy().contains(&only))
        })
        .collect();
    scripts.sort();
    assert!(!scripts.is_empty(), "no *.test.mjs in tests/browser");

    let run = Command::new("node")
        // Two scripts at a time: each spends much of its time waiting for Chromium, so two
        // keep both cores busy. Every script has its own browser, server and folders.
        .args(["--test", "--test-concurrency=2", "--test-reporter=spec"])
        .args(&scripts)
        .current_dir(&dir)
        .env("CAIRN_SITE", &site)
        .env("CAIRN_ARTIFACTS", artifacts_dir())
        .env("CHROMIUM", chromium())
        .env("CAIRN_BIN", env!("CARGO_BIN_EXE_cairn"))
        .output()
        .expect("run node --test");
    // Shown by the test harness when the test fails (or with --nocapture).
    eprintln!("{}", String::from_utf8_lossy(&run.stdout));
    eprintln!("{}", String::from_utf8_lossy(&run.stderr));
    eprintln!("screenshots: {}", artifacts_dir().display());
    assert!(run.status.success(), "browser tests failed; see above");
}

/// Installs playwright-core and axe-core in `dir` (tests/browser) unless they are there.
fn install_node_modules(dir: &Path) {
    let installed = ["playwright-core", "axe-core"].iter().all(|p| {
        dir.join("node_modules")
            .join(p)
            .join("package.json")
            .is_file()
    });
    if !installed {
        let npm = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
            .current_dir(dir)
            .output()
            .expect("run npm ci");
        assert!(
            npm.status.success(),
            "npm ci in tests/browser failed:\n{}",
            String::from_utf8_lossy(&npm.stderr)
        );
    }
}

/// Where the generated library of `n` case studies is kept between runs: generating it takes
/// a while, and the same seed always gives the same library.
fn generated_library(n: usize) -> Option<PathBuf> {
    // One size, so `corpus::sizes` is not used here.
    #[allow(dead_code)]
    #[path = "../../examples/corpus/mod.rs"]
    mod corpus;
    let generator = corpus::generator()?;
    let lib = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("corpus/lib{n}"));
    corpus::generate(&generator, &lib, n);
    Some(lib)
}

// Pins the issue's must-show at 10,000 case studies, in Chromium over http, on one build of a
// library made by the benchmark's corpus generator: the default offline precache is at most
// 20 MB (sw.js's list), the query "participatory budgeting" loads at most 1 MB with the same
// results in the same order as the whole index, and a case study read online opens offline
// (tests/browser/large/library-10k.mjs; every script in that folder runs, one after the
// other). The time to the first result on an emulated "Fast 3G" network is a figure, measured
// by `cargo run --release --example search_fast3g`, not here. Skipped, loudly, where the generator (`../shared/bench/gen_corpus.py`,
// beside the repository) is missing.
#[test]
fn large_library_in_chromium() {
    let large = Path::new(REPO).join("tests/browser/large");
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(&large)
        .expect("read tests/browser/large")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "mjs"))
        // `CAIRN_BROWSER_ONLY=fast3g` runs only the scripts whose name contains it; `large`
        // runs them all.
        .filter(|p| {
            std::env::var("CAIRN_BROWSER_ONLY").map_or(true, |only| {
                "large".contains(&only)
                    || p.file_name()
                        .is_some_and(|n| n.to_string_lossy().contains(&only))
            })
        })
        .collect();
    scripts.sort();
    if scripts.is_empty() {
        return;
    }
    if let Some(why) = missing_tools() {
        assert!(!in_ci(), "browser tests must run in CI, but {why}");
        eprintln!("SKIPPED the 10,000 case-study browser test: {why}");
        return;
    }
    let Some(lib) = generated_library(10_000) else {
        eprintln!(
            "\n{bar}\nSKIPPED the 10,000 case-study browser test: ../shared/bench/gen_corpus.py not found\n{bar}\n",
            bar = "!".repeat(72)
        );
        return;
    };
    let tmp = tempfile::tempdir().expect("temp folder");
    let site = tmp.path().join("site");
    let built = Command::new(env!("CARGO_BIN_EXE_cairn"))
        .args(["build", "--root"])
        .arg(&lib)
        .arg("--output")
        .arg(&site)
        .output()
        .expect("run cairn");
    assert!(
        built.status.success(),
        "cairn build failed:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let dir = Path::new(REPO).join("tests/browser");
    install_node_modules(&dir);
    let run = Command::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .args(&scripts)
        .current_dir(&dir)
        .env("CAIRN_SITE", &site)
        .env("CAIRN_ARTIFACTS", artifacts_dir())
        .env("CHROMIUM", chromium())
        .output()
        .expect("run node --test");
    eprintln!("{}", String::from_utf8_lossy(&built.stderr));
    eprintln!("{}", String::from_utf8_lossy(&run.stdout));
    eprintln!("{}", String::from_utf8_lossy(&run.stderr));
    assert!(
        run.status.success(),
        "the 10,000 case-study browser test failed; see above"
    );
}

/// The value of `name="..."` (or `'...'`) in the tag text `tag`.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before_ok = rest[..at].ends_with(|c: char| c.is_ascii_whitespace());
        let after = rest[at + name.len()..].trim_start();
        rest = &rest[at + name.len()..];
        let Some(value) = after.strip_prefix('=').map(str::trim_start) else {
            continue;
        };
        if !before_ok {
            continue;
        }
        let quote = value.chars().next()?;
        if quote == '"' || quote == '\'' {
            return value[1..].split(quote).next();
        }
        return value
            .split(|c: char| c.is_ascii_whitespace() || c == '>')
            .next();
    }
    None
}

/// Bytes of CSS and JavaScript a page loads: linked stylesheets and scripts (each file once),
/// plus inline `<style>` and `<script>` blocks. Returns (bytes, what was counted).
fn page_weight(site: &Path, page: &Path) -> (u64, Vec<String>) {
    let html = std::fs::read_to_string(page).expect("read page");
    let lower = html.to_ascii_lowercase();
    let dir = page.parent().expect("page folder");
    let mut files = BTreeSet::new();
    let mut inline = 0u64;
    for (open, close) in [
        ("<link", ""),
        ("<script", "</script>"),
        ("<style", "</style>"),
    ] {
        let mut from = 0;
        while let Some(at) = lower[from..].find(open).map(|i| i + from) {
            let end = lower[at..].find('>').map_or(lower.len(), |i| i + at);
            let tag = &html[at..end];
            from = end;
            // Data blocks such as JSON-LD are not JavaScript.
            let kind = attribute(tag, "type").map(str::to_ascii_lowercase);
            if open == "<script"
                && kind.is_some_and(|t| t != "module" && !t.ends_with("javascript"))
            {
                continue;
            }
            let href = match open {
                "<link" if attribute(&tag.to_ascii_lowercase(), "rel") == Some("stylesheet") => {
                    attribute(tag, "href")
                }
                "<script" => attribute(tag, "src"),
                _ => None,
            };
            if let Some(href) = href {
                let rel = href.split(['?', '#']).next().unwrap_or(href);
                let file = dir.join(rel);
                assert!(
                    !href.contains("://") && file.is_file(),
                    "{} loads `{href}`, which is not a file of the site",
                    page.display()
                );
                files.insert(file.canonicalize().expect("canonical path"));
            } else if !close.is_empty() {
                let body_end = lower[end..].find(close).map_or(lower.len(), |i| i + end);
                inline += (body_end - end).saturating_sub(1) as u64;
            }
        }
    }
    let mut total = inline;
    let mut counted = vec![format!("{inline} bytes inline")];
    let root = site.canonicalize().expect("canonical site");
    for f in files {
        let len = std::fs::metadata(&f).expect("asset").len();
        total += len;
        let shown = f.strip_prefix(&root).unwrap_or(&f).display().to_string();
        counted.push(format!("{shown} ({len} bytes)"));
    }
    (total, counted)
}

// Pins the issue's budget: every page's own CSS and JavaScript together weigh under 50 KB.
#[test]
fn per_page_css_and_js_under_50_kb() {
    let tmp = tempfile::tempdir().expect("temp folder");
    let site = tmp.path().join("site");
    build_example(&site);
    let mut pages = 0;
    let mut heaviest = (0, String::new());
    let mut over = Vec::new();
    for entry in walkdir::WalkDir::new(&site).sort_by_file_name() {
        let entry = entry.expect("walk site");
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let (bytes, counted) = page_weight(&site, entry.path());
        let rel = entry
            .path()
            .strip_prefix(&site)
            .unwrap()
            .display()
            .to_string();
        if bytes > heaviest.0 {
            heaviest = (bytes, rel.clone());
        }
        if bytes >= BUDGET {
            over.push(format!("{rel}: {bytes} bytes: {}", counted.join(", ")));
        }
    }
    assert!(pages > 10, "the example library builds pages");
    assert!(
        over.is_empty(),
        "pages over the {BUDGET}-byte CSS+JS budget:\n{}",
        over.join("\n")
    );
    eprintln!(
        "heaviest page: {} ({} bytes of CSS+JS)",
        heaviest.1, heaviest.0
    );
}

// Pins the weight counter itself on a small page: linked files once each, inline blocks added,
// JSON data blocks left out.
#[test]
fn page_weight_counts_links_scripts_and_inline_blocks() {
    let tmp = tempfile::tempdir().expect("temp folder");
    let site = tmp.path();
    std::fs::create_dir_all(site.join("static/css")).unwrap();
    std::fs::create_dir_all(site.join("a")).unwrap();
    std::fs::write(site.join("static/css/site.css"), "x".repeat(100)).unwrap();
    std::fs::write(site.join("static/app.js"), "y".repeat(10)).unwrap();
    std::fs::write(
        site.join("a/index.html"),
        r#"<link rel="stylesheet" href="../static/css/site.css"><link rel=stylesheet href='../static/css/site.css?v=2'>
<link rel="alternate" href="../atom.xml"><style>abc</style><script src="../static/app.js"></script><script>12345</script>
<script type="application/ld+json">{"not": "counted"}</script><script type="module">678</script>"#,
    )
    .unwrap();
    let (bytes, _) = page_weight(site, &site.join("a/index.html"));
    assert_eq!(bytes, 100 + 10 + 3 + 5 + 3);
}
