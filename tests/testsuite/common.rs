//! Helpers shared by the integration tests: small fixture libraries in temp folders, and
//! running the `cairn` binary on them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// A library in a temporary folder.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

pub const SITE_TOML: &str = r#"title = "Test Library"
description = "A fixture."
base_url = "https://example.org/lib/"

[taxonomies.themes]
terms = ["health inequalities", "youth"]

[taxonomies.approaches]
terms = ["participatory budgeting"]
"#;

pub const PRINCIPLES: &str = r#"---
title: "Core principles"
principles:
  - id: sharing-power
    name: "Sharing power"
    description: "Decisions are made together."
  - id: assets
    name: "Building on assets"
    description: "Start from what people bring. See [the story](@/case-studies/good.md)."
---

Intro to the set.
"#;

pub const GOOD_CASE_STUDY: &str = r#"---
title: "A good story"
summary: "Something worked."
date: 2021-03
place: "Oldham"
themes: ["youth"]
approaches: ["participatory budgeting"]
principles: ["core/sharing-power"]
engagement_level: empower
fields_of_practice: [co-design]
outcomes: ["People decided."]
licence: "CC BY 4.0"
---

## What happened

Read the [principles](@/principles/core.md#sharing-power) and [back](@/case-studies/good.md#what-happened).
"#;

impl Fixture {
    /// An empty folder.
    pub fn empty() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A small valid library: site.toml, one principle set and one case study.
    pub fn valid() -> Fixture {
        let f = Fixture::empty();
        f.write("site.toml", SITE_TOML);
        f.write("content/principles/core.md", PRINCIPLES);
        f.write("content/case-studies/good.md", GOOD_CASE_STUDY);
        f
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Runs `cairn <args>` in the fixture folder.
    pub fn cairn(&self, args: &[&str]) -> Output {
        Command::cargo_bin("cairn")
            .unwrap()
            .current_dir(self.root())
            // Run in GitHub Actions, `cairn check` would add to the job's own summary.
            .env_remove("GITHUB_STEP_SUMMARY")
            .args(args)
            .output()
            .unwrap()
    }

    /// Runs `cairn build` and asserts it succeeded.
    pub fn build_ok(&self) -> Output {
        let out = self.cairn(&["build"]);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file under `dir`, relative, sorted, with its bytes.
pub fn snapshot_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir(dir)
        .into_iter()
        .map(|p| {
            (
                p.strip_prefix(dir).unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// The `<main>` element of an HTML page, for snapshots.
pub fn main_fragment(html: &str) -> String {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page closes </main>") + "</main>".len();
    html[start..end].to_string()
}

/// Every `href="..."` and `src="..."` value in an HTML page.
pub fn urls_in(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            urls.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    urls
}

/// Ids defined in an HTML page.
pub fn ids_in(html: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        let end = rest.find('"').unwrap_or(rest.len());
        ids.push(rest[..end].to_string());
    }
    ids
}

/// Every file of the search index under `search_dir` (`public/search`, `public/cy/search`):
/// its table of contents, term shards and result files, as one text to look for words in.
pub fn search_text(search_dir: &Path) -> String {
    let mut text = String::new();
    for (_, bytes) in snapshot_tree(search_dir) {
        text.push_str(&String::from_utf8_lossy(&bytes));
        text.push('\n');
    }
    text
}
