//! The contributor trust boundary: nothing a pull request contains can run script on the site,
//! read outside the library, destroy a file or exhaust the machine that builds it, and nothing
//! Cairn writes for other programs (CSV, terminals, feeds, inline scripts) can be turned
//! against them. Each test here was first seen failing on the unfixed build.

use crate::common;

use std::path::Path;
use std::process::Output;

use common::{Fixture, GOOD_CASE_STUDY, PRINCIPLES, snapshot_tree, stderr};

/// site.toml with every taxonomy open (no `terms`), as many libraries have it.
const OPEN_SITE: &str = "title = \"Open Library\"\nbase_url = \"https://example.org/\"\n";

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A valid library whose taxonomies are open.
fn open_library() -> Fixture {
    let f = Fixture::empty();
    f.write("site.toml", OPEN_SITE);
    f.write("content/principles/core.md", PRINCIPLES);
    f.write("content/case-studies/good.md", GOOD_CASE_STUDY);
    f
}

/// Every file under `dir` and its size, for "nothing else was written".
fn total_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum()
}

/// The names beside the output that Cairn makes (`.public.cairn-spare`, ...).
fn cairn_folders(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".cairn-"))
        .collect();
    names.sort();
    names
}

// ----- What content/ may publish ----------------------------------------------------------------

// Pins that an HTML page, an SVG with a script and a JavaScript file under content/ make
// `build` and `check` exit 1 naming each file, and that nothing is published.
#[test]
fn script_files_in_content_are_refused() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/evil.html",
        "<script>fetch('/x?'+document.cookie)</script>",
    );
    f.write(
        "content/p.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
    );
    f.write(
        "content/sw2.js",
        "self.addEventListener('fetch', e => e.respondWith(new Response('owned')))",
    );
    for args in [&["build"][..], &["check"]] {
        let out = f.cairn(args);
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert_eq!(out.status.code(), Some(1), "{args:?}:\n{all}");
        for file in [
            "content/case-studies/evil.html",
            "content/p.svg",
            "content/sw2.js",
        ] {
            assert!(all.contains(file), "{args:?} does not name {file}:\n{all}");
        }
        assert!(all.contains("static/"), "the fix is named:\n{all}");
    }
    assert!(!f.path("public").exists(), "something was published");
    // Allowed types beside them are published as they are.
    for refused in [
        "content/case-studies/evil.html",
        "content/p.svg",
        "content/sw2.js",
    ] {
        std::fs::remove_file(f.path(refused)).unwrap();
    }
    f.write_bytes("content/case-studies/photo.JPG", b"\xff\xd8\xff");
    f.write("content/report.pdf", "%PDF-1.4");
    f.build_ok();
    assert_eq!(
        std::fs::read(f.path("public/case-studies/photo.JPG")).unwrap(),
        b"\xff\xd8\xff"
    );
    assert!(f.path("public/report.pdf").is_file());
}

// Pins that files in hidden folders of content/ (`.well-known/`) are neither published nor
// read, like hidden files.
#[test]
fn hidden_folders_in_content_are_skipped() {
    let f = Fixture::valid();
    f.write("content/.well-known/evil.html", "<script>alert(1)</script>");
    f.write("content/.drafts/x.md", "not front matter");
    f.build_ok();
    assert!(!f.path("public/.well-known").exists());
}

// ----- The output folder is Cairn's alone --------------------------------------------------------

// Pins that `build --output DIR` into a folder holding other files is refused with exit 2,
// naming the folder and what to do, and that two runs leave every file of it, and the folder
// beside it, exactly as they were.
#[test]
fn output_into_a_folder_of_other_files_is_refused() {
    let f = Fixture::valid();
    let docs = f.path("docs");
    f.write("docs/thesis.txt", "three years of work");
    f.write("docs/notes/index.html", "<p>mine</p>");
    let before = snapshot_tree(&docs);
    for _ in 0..2 {
        let out = f.cairn(&["build", "--output", "docs"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("`docs`"), "names the folder:\n{err}");
        assert!(
            err.contains("empty or new folder"),
            "says what to do:\n{err}"
        );
    }
    assert_eq!(snapshot_tree(&docs), before);
    assert!(
        cairn_folders(f.root()).is_empty(),
        "{:?}",
        cairn_folders(f.root())
    );
    // An empty folder is fine, and once Cairn's, rebuilt in place.
    let out = f.cairn(&["build", "--output", "site"]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::create_dir_all(f.path("empty")).unwrap();
    for dir in ["site", "empty", "site"] {
        let out = f.cairn(&["build", "--output", dir]);
        assert!(out.status.success(), "{dir}: {}", stderr(&out));
        assert!(f.path(dir).join(".cairn-output").is_file());
    }
}

// Pins that `output_dir = ".git"` (and other hidden or source folders) is refused before
// anything is written, by `check` too, and that `--output .git` is refused with exit 2: the
// repository is left as it was.
#[test]
fn output_into_git_is_refused() {
    let f = Fixture::valid();
    f.write(".git/HEAD", "ref: refs/heads/main\n");
    f.write(".git/config", "[core]\n");
    let before = snapshot_tree(&f.path(".git"));
    for dir in [
        ".git",
        ".github",
        "content",
        "i18n",
        "templates/site",
        "static",
    ] {
        f.write(
            "site.toml",
            &format!("{}output_dir = \"{dir}\"\n", common::SITE_TOML),
        );
        for args in [&["build"][..], &["check"]] {
            let out = f.cairn(args);
            let all = format!("{}{}", stdout(&out), stderr(&out));
            assert_eq!(out.status.code(), Some(1), "{dir} {args:?}:\n{all}");
            assert!(
                all.contains("site.toml") && all.contains("output_dir"),
                "{all}"
            );
        }
    }
    f.write("site.toml", common::SITE_TOML);
    for dir in [".git", "./.git", "content/../.git", ".github"] {
        let out = f.cairn(&["build", "--output", dir]);
        assert_eq!(out.status.code(), Some(2), "{dir}: {}", stderr(&out));
    }
    assert_eq!(snapshot_tree(&f.path(".git")), before);
    assert!(cairn_folders(f.root()).is_empty());
}

// Pins that an output folder that is a symbolic link (planted in the repository) is refused,
// and nothing is written where it points.
#[cfg(unix)]
#[test]
fn output_that_is_a_link_is_refused() {
    let f = Fixture::valid();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("keep.txt"), "keep").unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), f.path("public")).unwrap();
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let names: Vec<_> = std::fs::read_dir(elsewhere.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

// ----- Bounded amplification ---------------------------------------------------------------------

// Pins that a case study listing 60,000 themes under an open taxonomy fails (exit 1) naming
// the file and the limit, writes nothing (the previous output and its spare byte for byte as
// they were, nothing else beside them), for `check` too.
#[test]
fn sixty_thousand_themes_are_refused() {
    let f = open_library();
    f.build_ok();
    f.build_ok(); // a spare beside the output too
    let output = snapshot_tree(&f.path("public"));
    let spare = snapshot_tree(&f.path(".public.cairn-spare"));
    let themes: Vec<String> = (0..60_000).map(|i| format!("\"t{i}\"")).collect();
    f.write(
        "content/case-studies/many.md",
        &GOOD_CASE_STUDY
            .replace("A good story", "Many themes")
            .replace(
                "themes: [\"youth\"]",
                &format!("themes: [{}]", themes.join(",")),
            ),
    );
    let library_bytes = total_bytes(f.root());
    let started = std::time::Instant::now();
    let out = f.cairn(&["build"]);
    let took = started.elapsed();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("content/case-studies/many.md:"), "{err}");
    assert!(err.contains("60000 themes"), "{err}");
    assert!(err.contains("terms_per_case_study"), "{err}");
    // A generous outer bound only (the unfixed build wrote for hours): the real check is that
    // nothing was written.
    assert!(took.as_secs() < 60, "took {took:?}");
    assert_eq!(total_bytes(f.root()), library_bytes, "bytes were written");
    assert_eq!(snapshot_tree(&f.path("public")), output);
    assert_eq!(snapshot_tree(&f.path(".public.cairn-spare")), spare);
    assert_eq!(cairn_folders(f.root()), [".public.cairn-spare"]);
    let out = f.cairn(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("60000 themes"), "{}", stdout(&out));
}

// Pins that `output_mb` stops a build as it writes: the site larger than the limit fails with
// one error, the previous output is unchanged, and the failed build leaves nothing beside it
// (not even the spare it was writing into): no more on disk than it found.
#[test]
fn output_size_limit_stops_the_build() {
    let f = open_library();
    f.build_ok();
    let output = snapshot_tree(&f.path("public"));
    let before = total_bytes(f.root());
    f.write(
        "site.toml",
        &format!("{OPEN_SITE}\n[limits]\noutput_mb = 1\n"),
    );
    for i in 0..40 {
        f.write(
            &format!("content/case-studies/s{i}.md"),
            &GOOD_CASE_STUDY
                .replace("A good story", &format!("Story {i}"))
                .replace("People decided.", &"Many words here. ".repeat(2_000)),
        );
    }
    let added = total_bytes(f.root()) - before;
    let out = f.cairn(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("larger than 1 MB") && err.contains("output_mb"),
        "{err}"
    );
    assert_eq!(err.matches("output_mb").count(), 2, "reported once:\n{err}");
    assert_eq!(snapshot_tree(&f.path("public")), output);
    assert!(
        cairn_folders(f.root()).is_empty(),
        "{:?}",
        cairn_folders(f.root())
    );
    assert!(total_bytes(f.root()) <= before + added);
}

// Pins that `generated_pages` stops a build before any page is written, naming the limit.
#[test]
fn generated_pages_limit() {
    let f = open_library();
    f.write(
        "site.toml",
        &format!("{OPEN_SITE}\n[limits]\ngenerated_pages = 10\n"),
    );
    let out = f.cairn(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("generated_pages"), "{err}");
    assert!(!f.path("public").exists());
}

// ----- Highlighting budget -----------------------------------------------------------------------

// Pins that a 1 MB file of code blocks that are slow to highlight builds and checks, the
// blocks past the budget shown plain with a warning naming the file and the block's line.
// (Measured without `highlight_seconds = 1`, with the default budget, in the report: the test
// lowers it so that it holds on a machine of any speed.)
#[test]
fn slow_code_blocks_are_shown_plain_with_a_warning() {
    let f = open_library();
    f.write(
        "site.toml",
        &format!("{OPEN_SITE}\n[limits]\nhighlight_seconds = 1\n"),
    );
    let line = "(a ".repeat(300);
    let block = format!("```lisp\n{}```\n\n", format!("{line}\n").repeat(60));
    let head = GOOD_CASE_STUDY.split("## What happened").next().unwrap();
    let blocks = 1_000_000 / block.len() + 1;
    let text = format!("{head}{}", block.repeat(blocks));
    assert!(text.len() >= 1_000_000);
    f.write(
        "content/case-studies/code.md",
        &text.replace("A good story", "Code"),
    );
    let first_fence = text.lines().position(|l| l == "```lisp").unwrap() + 1;
    let fence_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "```lisp")
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(fence_lines[0], first_fence);
    for args in [&["build"][..], &["check"]] {
        let out = f.cairn(args);
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert_eq!(out.status.code(), Some(0), "{args:?}:\n{all}");
        let warned: Vec<usize> = all
            .lines()
            .filter_map(|l| l.trim().strip_prefix("--> content/case-studies/code.md:"))
            .filter_map(|l| l.split(':').next()?.parse().ok())
            .collect();
        assert!(!warned.is_empty(), "{args:?}: no warning:\n{all}");
        assert!(
            warned.iter().all(|l| fence_lines.contains(l)),
            "warnings at the blocks' lines: {warned:?}"
        );
        assert!(all.contains("shown without colours"), "{all}");
    }
    let page = f.read("public/case-studies/code/index.html");
    assert!(page.contains("(a (a (a"), "the code is still shown");
}

// ----- One symlink rule --------------------------------------------------------------------------

// Pins that `i18n/en.toml` linked to /proc/self/environ is refused naming the link, and that no
// byte of the environment reaches any message or output, in `build` and `check`.
#[cfg(target_os = "linux")]
#[test]
fn i18n_linked_to_the_environment_is_refused() {
    let f = Fixture::valid();
    std::fs::create_dir_all(f.path("i18n")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", f.path("i18n/en.toml")).unwrap();
    for args in [&["build"][..], &["check"], &["check", "--format", "github"]] {
        let out = assert_cmd::Command::cargo_bin("cairn")
            .unwrap()
            .current_dir(f.root())
            .args(args)
            .env("CAIRN_TEST_SECRET", "s3cr3t-t0k3n")
            .output()
            .unwrap();
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert_eq!(out.status.code(), Some(1), "{args:?}:\n{all}");
        assert!(all.contains("i18n/en.toml"), "{all}");
        assert!(all.contains("outside the library"), "{all}");
        assert!(!all.contains("s3cr3t"), "the environment leaked:\n{all}");
        assert!(!all.contains("PATH="), "the environment leaked:\n{all}");
    }
    assert!(!f.path("public").exists());
}

/// Plants a link (or a setting) in a fixture.
type Plant<'a> = Box<dyn Fn(&Fixture) + 'a>;

// Pins the one rule for every input: site.toml, a content folder, static/, templates/, a theme
// folder and `theme = "/abs"` leading outside the library are each refused, naming the link,
// never showing the target's text; a link into `.git` is refused too.
#[cfg(unix)]
#[test]
fn links_out_of_the_library_are_refused_everywhere() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("site.toml"),
        "title = \"LEAKED-1\"\n[[x]\n",
    )
    .unwrap();
    std::fs::create_dir_all(outside.path().join("theme/templates")).unwrap();
    std::fs::write(outside.path().join("theme/templates/base.html"), "LEAKED-2").unwrap();
    std::fs::write(outside.path().join("logo.png"), "LEAKED-3").unwrap();
    let cases: Vec<(&str, Plant)> = vec![
        (
            "site.toml",
            Box::new(|f: &Fixture| {
                std::fs::remove_file(f.path("site.toml")).unwrap();
                symlink(outside.path().join("site.toml"), f.path("site.toml")).unwrap();
            }),
        ),
        (
            "static",
            Box::new(|f: &Fixture| symlink(outside.path(), f.path("static")).unwrap()),
        ),
        (
            "templates",
            Box::new(|f: &Fixture| {
                symlink(outside.path().join("theme/templates"), f.path("templates")).unwrap()
            }),
        ),
        (
            "themes/mine",
            Box::new(|f: &Fixture| {
                f.write(
                    "site.toml",
                    &format!("theme = \"mine\"\n{}", common::SITE_TOML),
                );
                std::fs::create_dir_all(f.path("themes")).unwrap();
                symlink(outside.path().join("theme"), f.path("themes/mine")).unwrap();
            }),
        ),
        (
            "theme",
            Box::new(|f: &Fixture| {
                let abs = outside.path().join("theme");
                f.write(
                    "site.toml",
                    &format!("theme = \"{}\"\n{}", abs.display(), common::SITE_TOML),
                );
            }),
        ),
        (
            "content/case-studies/logo.png",
            Box::new(|f: &Fixture| {
                f.write(
                    ".git/config",
                    "[http] extraheader = AUTHORIZATION: LEAKED-4\n",
                );
                symlink("../../.git/config", f.path("content/case-studies/logo.png")).unwrap();
                symlink(outside.path().join("logo.png"), f.path("content/logo.png")).unwrap();
            }),
        ),
    ];
    for (name, plant) in cases {
        let f = Fixture::valid();
        plant(&f);
        for args in [&["build"][..], &["check"]] {
            let out = f.cairn(args);
            let all = format!("{}{}", stdout(&out), stderr(&out));
            assert!(
                matches!(out.status.code(), Some(1)),
                "{name} {args:?}:\n{all}"
            );
            assert!(all.contains(name), "{name} {args:?}: not named:\n{all}");
            assert!(!all.contains("LEAKED"), "{name} {args:?}: leaked:\n{all}");
        }
        if f.path("public").exists() {
            for (path, bytes) in snapshot_tree(&f.path("public")) {
                assert!(
                    !String::from_utf8_lossy(&bytes).contains("LEAKED"),
                    "{name}: {path} holds the target"
                );
            }
        }
    }
}

// ----- Output for other programs -----------------------------------------------------------------

const FORMULA: &str = "=cmd|' /C calc'!A0";

// Pins that a title and a form statement starting like a formula come out of every CSV Cairn
// writes with a `'` in front: the open data and `cairn collate --format csv`; and that an
// answer file downloaded from the form page (same rule) is read back as it was meant.
#[test]
fn formula_cells_are_defused_in_every_csv() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/good.md",
        &GOOD_CASE_STUDY
            .replace("A good story", FORMULA)
            .replace("Something worked.", "@SUM(1+1)*cmd|' /C calc'!A0"),
    );
    f.write(
        "content/forms/check.md",
        &format!(
            "---\ntitle: \"Check\"\nversion: 1\nscales:\n  - id: yn\n    points:\n      - {{ label: \"Yes\", code: \"Y\", points: 1 }}\n      - {{ label: \"No\", code: \"-N\", points: -1 }}\nsections:\n  - scale: yn\n    items:\n      - {{ id: one, text: \"{}\" }}\n---\n\nBody.\n",
            FORMULA.replace('"', "\\\"")
        ),
    );
    f.build_ok();
    let csv = f.read("public/data/case-studies.csv");
    let row = csv.lines().nth(1).unwrap();
    assert!(row.contains(",'=cmd|' /C calc'!A0,"), "{row}");
    assert!(row.contains(",'@SUM(1+1)"), "{row}");
    assert!(!csv.contains(",=") && !csv.contains(",@"), "{csv}");
    // An answer file as the form page writes it: the code `-N` defused as `'-N`.
    f.write(
        "answers.csv",
        "form,version,kind,id,question,code,answer,points\r\ncheck,1,item,one,\"'=cmd|' /C calc'!A0\",'-N,No,-1\r\n",
    );
    let out = f.cairn(&["collate", "check", "answers.csv", "--format", "csv"]);
    let table = stdout(&out);
    assert!(out.status.success(), "{}{table}", stderr(&out));
    let row = table.lines().find(|l| l.starts_with("one,")).unwrap();
    assert!(row.starts_with("one,'=cmd|' /C calc'!A0,1,-1.0,"), "{row}");
    let head = table.lines().next().unwrap();
    assert!(head.contains(",'-N,"), "{head}");
}

// Pins that escape sequences in an answer file (a retitled terminal, an OSC 52 clipboard
// write, a carriage return forging a line) print escaped on `collate`'s standard error.
#[test]
fn answer_file_escape_sequences_print_escaped() {
    let f = Fixture::valid();
    f.write(
        "content/forms/check.md",
        "---\ntitle: \"Check\"\nscales:\n  - id: yn\n    points:\n      - { label: \"Yes\", code: \"Y\", points: 1 }\n      - { label: \"No\", code: \"N\", points: 0 }\nsections:\n  - scale: yn\n    items:\n      - { id: one, text: \"One\" }\n---\n",
    );
    f.write(
        "evil.json",
        "{\"form\":\"check\",\"version\":1,\"answers\":{\"\\u001b]0;owned\\u0007\\u001b]52;c;cm0gLXJmIH4=\\u0007\\rcheck passed\":\"Y\"}}",
    );
    let out = f.cairn(&["collate", "check", "evil.json"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for raw in ['\u{1b}', '\u{7}', '\r'] {
        assert!(!err.contains(raw), "raw {raw:?} printed:\n{err:?}");
        assert!(!stdout(&out).contains(raw));
    }
    assert!(err.contains("\\u{1b}]52;c;"), "{err}");
    assert!(err.contains("\\rcheck passed"), "{err}");
}

// Pins that a control character in a case study's title and front matter reaches no terminal
// raw from `check` or `build`.
#[test]
fn control_characters_in_files_print_escaped() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/good.md",
        &GOOD_CASE_STUDY.replace("themes: [\"youth\"]", "themes: [\"you\\x1b[2Jth\"]"),
    );
    for args in [&["check"][..], &["build"], &["check", "--format", "github"]] {
        let out = f.cairn(args);
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert_eq!(out.status.code(), Some(1), "{args:?}: {all}");
        assert!(!all.contains('\u{1b}'), "{args:?}: {all:?}");
        assert!(all.contains("you\\u{1b}[2Jth"), "{args:?}: {all}");
    }
}

// Pins that a title holding U+0001 leaves atom.xml and sitemap.xml well-formed XML (parsed by
// an XML parser), the character left out, with a warning naming the file and line.
#[test]
fn control_character_title_leaves_the_feed_well_formed() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/good.md",
        &GOOD_CASE_STUDY.replace("A good story", "A good\\x01 story"),
    );
    let out = f.build_ok();
    let err = stderr(&out);
    assert!(err.contains("U+0001"), "{err}");
    assert!(err.contains("content/case-studies/good.md:2"), "{err}");
    let atom = f.read("public/atom.xml");
    let doc = roxmltree::Document::parse(&atom).unwrap_or_else(|e| panic!("{e}:\n{atom}"));
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert!(titles.contains(&"A good story"), "{titles:?}");
    let sitemap = f.read("public/sitemap.xml");
    roxmltree::Document::parse(&sitemap).unwrap();
}

/// The inline `<script>` elements (no `src`) of an HTML page: their attributes and text.
fn inline_scripts(html: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let attrs = rest[7..open_end].to_string();
        let body = &rest[open_end + 1..];
        let end = body.find("</script").unwrap_or(body.len());
        if !attrs.contains("src=") {
            found.push((attrs, body[..end].to_string()));
        }
        rest = &body[end..];
    }
    found
}

/// Every inline script of every page under `site`: a JSON island never holds `<`, `>`, `&` or
/// a line separator raw, and parses as JSON.
fn assert_scripts_are_safe(site: &Path) -> usize {
    let mut islands = 0;
    for (path, bytes) in snapshot_tree(site) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        for (attrs, body) in inline_scripts(&html) {
            if !attrs.contains("json") {
                continue;
            }
            islands += 1;
            for bad in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
                assert!(!body.contains(bad), "{path}: {bad:?} in {attrs}: {body}");
            }
            serde_json::from_str::<serde_json::Value>(&body)
                .unwrap_or_else(|e| panic!("{path}: {attrs} is not JSON ({e}): {body}"));
        }
    }
    islands
}

// Pins that every inline JSON island of the built example library is escaped (no `<`, `>`,
// `&`, U+2028/9 raw) and parses.
#[test]
fn example_library_inline_scripts_are_escaped() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = assert_cmd::Command::cargo_bin("cairn")
        .unwrap()
        .args([
            "build",
            "--quiet",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "--output",
        ])
        .arg(&site)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(assert_scripts_are_safe(&site) > 10);
}

// Pins that a translation string holding `<!--<script>` and `</script>`, and a title holding
// them, cannot end or swallow a page's scripts: every inline JSON island stays escaped.
#[test]
fn hostile_strings_in_inline_scripts_are_escaped() {
    let f = Fixture::valid();
    f.write(
        "site.toml",
        &format!(
            "{}\n[[languages]]\ncode = \"en\"\nname = \"English\"\n\n[[languages]]\ncode = \"cy\"\nname = \"Cymraeg\"\n",
            common::SITE_TOML.replace("[taxonomies.themes]", "language = \"en\"\n\n[taxonomies.themes]")
        ),
    );
    f.write(
        "i18n/cy.toml",
        "js_kind_case_study = \"<!--<script> </script><script>alert(1)</script> a & b \u{2028}\"\n",
    );
    f.write(
        "content/case-studies/good.md",
        &GOOD_CASE_STUDY.replace("A good story", "</script><!--<script>alert(1)</script>"),
    );
    f.write(
        "content/forms/check.md",
        "---\ntitle: \"</script><!--\"\nscales:\n  - id: yn\n    points:\n      - { label: \"</script>\", code: \"Y\", points: 1 }\n      - { label: \"No\", code: \"N\", points: 0 }\nsections:\n  - scale: yn\n    items:\n      - { id: one, text: \"<!--<script>\" }\n---\n",
    );
    f.build_ok();
    let islands = assert_scripts_are_safe(&f.path("public"));
    assert!(islands > 3, "{islands}");
    let welsh = f.read("public/cy/index.html");
    assert!(
        welsh.contains("cairn-strings"),
        "the Welsh page has its strings"
    );
}

// ----- The rest ----------------------------------------------------------------------------------

// Pins that form points are bounded: a scale point near i32::MAX is an error naming the form,
// so the totals of Rust and of the page's JavaScript always agree.
#[test]
fn form_points_are_bounded() {
    let f = Fixture::valid();
    f.write(
        "content/forms/big.md",
        "---\ntitle: \"Big\"\nscales:\n  - id: yn\n    points:\n      - { label: \"Yes\", code: \"Y\", points: 2147483647 }\n      - { label: \"No\", code: \"N\", points: 0 }\nsections:\n  - scale: yn\n    items:\n      - { id: a, text: \"A\" }\n      - { id: b, text: \"B\" }\n---\n",
    );
    let out = f.cairn(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("content/forms/big.md"), "{err}");
    assert!(err.contains("between -1000 and 1000"), "{err}");
}

// Pins that `cairn new` with a 240-character title writes a file within the path limit that
// the build accepts, and that `CON` never becomes a name Windows reserves.
#[test]
fn new_file_names_fit_and_avoid_device_names() {
    let f = Fixture::valid();
    let title = "Residents and council officers redesigning the neighbourhood budget ".repeat(4);
    assert!(title.len() >= 240);
    let out = f.cairn(&["new", "case-study", &title]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = f.cairn(&["new", "case-study", "CON"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(f.path("content/case-studies/con-page.md").is_file());
    let names: Vec<String> = std::fs::read_dir(f.path("content/case-studies"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for name in &names {
        assert!(name.chars().count() <= 84, "{name}");
        assert!(!cairn::limits::is_windows_device_name(name), "{name}");
    }
    let out = f.cairn(&["check"]);
    assert!(
        !stdout(&out).contains("path is") && !stdout(&out).contains("Windows"),
        "{}",
        stdout(&out)
    );
    // A contributor's own `nul.md` is refused by the build, naming it.
    f.write("content/nul.md", "---\ntitle: Nul\n---\n");
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("content/nul.md"), "{}", stderr(&out));
}

// Pins that `collate` reads plain files only, up to its size limit: a folder, /dev/zero, a
// FIFO and an oversized file are each skipped with a clear reason, at once (no hang, no
// memory blow-up), and the good file is still collated.
#[cfg(unix)]
#[test]
fn collate_reads_plain_files_only() {
    let f = Fixture::valid();
    f.write(
        "content/forms/check.md",
        "---\ntitle: \"Check\"\nscales:\n  - id: yn\n    points:\n      - { label: \"Yes\", code: \"Y\", points: 1 }\n      - { label: \"No\", code: \"N\", points: 0 }\nsections:\n  - scale: yn\n    items:\n      - { id: one, text: \"One\" }\n---\n",
    );
    f.write(
        "good.json",
        "{\"form\":\"check\",\"version\":1,\"answers\":{\"one\":\"Y\"}}",
    );
    let fifo = f.path("pipe.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let big = f.path("big.json");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(cairn::collate::MAX_ANSWER_BYTES + 1).unwrap();
    std::fs::create_dir_all(f.path("folder.json")).unwrap();
    let mut args = vec![
        "collate",
        "check",
        "good.json",
        "big.json",
        "folder.json",
        "/dev/zero",
    ];
    if made.is_ok_and(|s| s.success()) {
        args.push("pipe.json");
    }
    let out = f.cairn(&args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("big.json") && err.contains("over 10 MB"),
        "{err}"
    );
    assert!(
        err.contains("folder.json") && err.contains("not a plain file"),
        "{err}"
    );
    assert!(err.contains("/dev/zero"), "{err}");
    if args.contains(&"pipe.json") {
        assert!(err.contains("pipe.json"), "{err}");
    }
    assert!(stdout(&out).contains("Responses: 1"), "{}", stdout(&out));
}

// Pins that `--zip` never writes through a link planted where an earlier version wrote its
// temporary file (`public.zip.part`): the link's target is untouched.
#[cfg(unix)]
#[test]
fn zip_never_writes_through_a_planted_link() {
    let f = Fixture::valid();
    let victim = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(victim.path(), "precious").unwrap();
    std::os::unix::fs::symlink(victim.path(), f.path("public.zip.part")).unwrap();
    let out = f.cairn(&["build", "--zip"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read(victim.path()).unwrap(), b"precious");
    assert!(f.path("public.zip").is_file());
    let leftovers: Vec<String> = std::fs::read_dir(f.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part") && n != "public.zip.part")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
