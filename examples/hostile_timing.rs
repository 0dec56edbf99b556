//! How the cost of hostile content grows: timings that are figures, not tests (they depend on
//! the machine), so they live here rather than in `cargo test`.
//!
//! `cargo run --release --example hostile_timing` prints:
//! - link resolution: the time for a page of 2,000 and of 16,000 link triples (median of five
//!   runs each) and their ratio: linear resolution gives about 8, quadratic 64;
//! - a 1 MB case study of pathological code blocks: `check` and `build` times with the default
//!   highlighting budget (median of three);
//! - a case study with 60,000 themes under an open taxonomy: the build's time, its result, and
//!   the bytes written into the library and the temporary folder meanwhile.
//!
//! It exits 1 when link resolution grows faster than linearly (ratio over 24), the code check
//! or build takes over 10 s, or the 60,000 themes are not refused within 10 s with under 50 MB
//! written.

use std::time::{Duration, Instant};

use cairn::render::markdown::{LinkTargets, Origin, render};

fn main() {
    let mut failed = link_resolution();
    failed |= slow_code();
    failed |= many_themes();
    if failed {
        std::process::exit(1);
    }
}

const SITE: &str = "title = \"Open Library\"\nbase_url = \"https://example.org/\"\n";
const PRINCIPLES: &str = "---\ntitle: \"Core\"\nprinciples:\n  - { id: sharing-power, name: Sharing power, description: Together. }\n---\n\nThe set.\n";

/// A case study of `themes` and `body`, valid otherwise.
fn case_study(title: &str, themes: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\nsummary: \"Something worked.\"\ndate: 2021-03\nplace: \"Oldham\"\nthemes: [{themes}]\nprinciples: [\"core/sharing-power\"]\nengagement_level: empower\n---\n\n{body}\n"
    )
}

/// A library in a temporary folder with the one case study `text`.
fn library(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("site.toml", SITE);
    write("content/principles/core.md", PRINCIPLES);
    write("content/case-studies/code.md", text);
    dir
}

fn options(root: &std::path::Path) -> cairn::BuildOptions {
    cairn::BuildOptions {
        root: root.to_path_buf(),
        output: None,
        drafts: false,
        zip: false,
        base_url: None,
    }
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

/// 1 MB of Lisp whose every line opens 300 parentheses: slow for a syntax highlighter.
fn slow_code() -> bool {
    let line = "(a ".repeat(300);
    let block = format!("```lisp\n{}```\n\n", format!("{line}\n").repeat(60));
    let body = block.repeat(1_000_000 / block.len() + 1);
    let dir = library(&case_study("Code", "\"youth\"", &body));
    let check = median(
        (0..3)
            .map(|_| {
                let started = Instant::now();
                cairn::check::check(dir.path()).expect("check runs");
                started.elapsed()
            })
            .collect(),
    );
    let build = median(
        (0..3)
            .map(|_| {
                let started = Instant::now();
                cairn::build(&options(dir.path())).expect("the build succeeds");
                started.elapsed()
            })
            .collect(),
    );
    println!("1 MB of pathological code blocks, median of 3 runs:");
    println!("  check {check:>10.1?}");
    println!("  build {build:>10.1?}");
    let slow = check > Duration::from_secs(10) || build > Duration::from_secs(10);
    if slow {
        eprintln!("the code took over 10 s");
    }
    slow
}

/// Every file under `dir` and its size.
fn bytes_under(dir: &std::path::Path) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        total += match meta.is_dir() {
            true => bytes_under(&entry.path()),
            false => meta.len(),
        };
    }
    total
}

/// A case study with 60,000 themes under an open taxonomy: refused before anything is written.
fn many_themes() -> bool {
    let themes: Vec<String> = (0..60_000).map(|i| format!("\"t{i}\"")).collect();
    let dir = library(&case_study("Many", &themes.join(","), "A story."));
    let tmp = std::env::temp_dir();
    let (library_before, tmp_before) = (bytes_under(dir.path()), bytes_under(&tmp));
    let started = Instant::now();
    let result = cairn::build(&options(dir.path()));
    let took = started.elapsed();
    let written = bytes_under(dir.path()).saturating_sub(library_before);
    // The temporary folder is shared with the rest of the machine: its growth is an upper
    // bound of what the build wrote there.
    let tmp_grew = bytes_under(&tmp).saturating_sub(tmp_before);
    println!("60,000 themes in one case study:");
    println!(
        "  {} in {took:.1?}; {written} bytes written in the library, the temporary folder grew by {tmp_grew} bytes",
        match &result {
            Ok(_) => "built (not refused!)",
            Err(_) => "refused",
        }
    );
    let bad = result.is_ok() || took > Duration::from_secs(10) || written + tmp_grew > 50_000_000;
    if bad {
        eprintln!("60,000 themes were not refused quickly and cheaply");
    }
    bad
}

/// Link resolution's cost against the number of links.
fn link_resolution() -> bool {
    let urls: std::collections::HashMap<String, String> = (0..5_000)
        .map(|i| {
            (
                format!("case-studies/s{i}.md"),
                format!("case-studies/s{i}/index.html"),
            )
        })
        .collect();
    let files = urls.values().cloned().collect();
    let targets = LinkTargets::new(urls, files, Vec::new());
    let time = |n: usize| -> Duration {
        // A good link, a broken one and a refused scheme, n times.
        let text = "[a](@/case-studies/s7.md#x) [b](@/case-studies/missing.md) [c](javascript:x) "
            .repeat(n);
        let origin = Origin {
            path: std::path::Path::new("content/x.md"),
            file_text: &text,
            offset: Some(0),
            fallback_line: 0,
            page: Some("x/index.html"),
        };
        let mut runs: Vec<Duration> = (0..5)
            .map(|_| {
                let started = Instant::now();
                let rendered = render(&text, origin, "../", &targets);
                assert_eq!(rendered.anchor_links.len(), n);
                started.elapsed()
            })
            .collect();
        runs.sort();
        runs[runs.len() / 2]
    };
    let small = time(2_000);
    let large = time(16_000);
    let ratio = large.as_secs_f64() / small.as_secs_f64();
    println!("link resolution, median of 5 runs:");
    println!("  2,000 x 3 links   {small:>10.1?}");
    println!("  16,000 x 3 links  {large:>10.1?}");
    println!("  ratio {ratio:.1} (linear is about 8, quadratic 64)");
    let quadratic = ratio > 24.0;
    if quadratic {
        eprintln!("link resolution grows faster than linearly");
    }
    quadratic
}
