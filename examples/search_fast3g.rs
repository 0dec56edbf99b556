//! Search on a slow phone network: `cargo run --release --example search_fast3g`.
//!
//! Generates the benchmark library of 10,000 case studies (`../shared/bench/gen_corpus.py`,
//! cached under `$CAIRN_BENCH_DIR`, default `/tmp/cairn-bench`), builds it with the release
//! binary and runs `tests/browser/bench/search-fast3g.mjs` in Debian's Chromium on Chrome
//! DevTools' "Fast 3G" profile (562.5 ms a request, 180 KB/s down), cache disabled, over http
//! on 127.0.0.1. It prints, for four representative queries, the time from the query being
//! complete to its first result shown (typed as a person types, and pasted at once), the time
//! from opening `search/index.html?q=…` to its first result, and the bytes each loaded.
//!
//! It exits 1 when the target is missed: "participatory budgeting" typed on the loaded
//! search page must show its first result within 1 s of being complete, and typing any of the
//! queries must load at most 1 MB. The times come from the emulated network far more than from
//! the machine, but they are still times: a figure for a benchmark, not a test.
//! `CAIRN_FAST3G_ALL=1` adds typing at 80 words a minute and a server sending gzip.

// One size, so `corpus::sizes` is not used here.
#[allow(dead_code)]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = PathBuf::from(
        std::env::var("CAIRN_BENCH_DIR").unwrap_or_else(|_| "/tmp/cairn-bench".into()),
    );
    let lib = work.join("lib10000");
    let generator =
        corpus::generator().expect("../shared/bench/gen_corpus.py beside the repository");
    corpus::generate(&generator, &lib, 10_000);
    let site = work.join("fast3g-site");
    let built = Command::new("cargo")
        .args([
            "run",
            "--release",
            "--quiet",
            "--bin",
            "cairn",
            "--",
            "build",
            "--quiet",
        ])
        .arg("--root")
        .arg(&lib)
        .arg("--output")
        .arg(&site)
        .current_dir(&repo)
        .status()
        .expect("run cargo");
    assert!(built.success(), "cairn build failed");
    let browser = repo.join("tests/browser");
    if !browser.join("node_modules").is_dir() {
        let installed = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&browser)
            .status()
            .expect("run npm ci");
        assert!(installed.success(), "npm ci failed in tests/browser");
    }
    let chromium = std::env::var_os("CHROMIUM").unwrap_or_else(|| "/usr/bin/chromium".into());
    let run = Command::new("node")
        .args(["--test", "--test-reporter=spec"])
        .arg(Path::new("bench").join("search-fast3g.mjs"))
        .current_dir(&browser)
        .env("CAIRN_SITE", &site)
        .env("CHROMIUM", chromium)
        .status()
        .expect("run node");
    let _ = std::fs::remove_dir_all(&site);
    if !run.success() {
        std::process::exit(1);
    }
}
