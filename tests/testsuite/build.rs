//! Integration tests of `cairn build`: one small fixture library per behaviour.

use crate::common;

use common::{Fixture, GOOD_CASE_STUDY, snapshot_tree, stderr};

// Pins that a valid library builds, exit 0, with a page for its case study, set and principles.
#[test]
fn valid_library_builds() {
    let f = Fixture::valid();
    let out = f.build_ok();
    assert!(stderr(&out).contains("Built "), "{}", stderr(&out));
    for page in [
        "public/index.html",
        "public/case-studies/index.html",
        "public/case-studies/good/index.html",
        "public/principles/core/index.html",
        "public/principles/core/sharing-power/index.html",
        "public/principles/core/assets/index.html",
        "public/themes/youth/index.html",
        "public/engagement-levels/empower/index.html",
        "public/404.html",
        "public/sitemap.xml",
        "public/atom.xml",
        "public/robots.txt",
    ] {
        assert!(f.path(page).is_file(), "missing {page}");
    }
    let principle = f.read("public/principles/core/sharing-power/index.html");
    assert!(
        principle.contains("href=\"../../../case-studies/good/index.html\""),
        "principle page lists the citing case study"
    );
}

// Pins the must-show: an unknown field, an unknown principle and a broken link in one run,
// exit 1, each with file:line, and the previous output left byte-for-byte as it was.
#[test]
fn all_errors_reported_and_previous_output_kept() {
    let f = Fixture::valid();
    f.build_ok();
    let before = snapshot_tree(&f.path("public"));
    f.write(
        "content/case-studies/bad.md",
        "---\ntitle: \"Bad\"\nsummary: \"S\"\ndate: 2020\nplace: \"Oldham\"\nplase: \"Oldham\"\nprinciples: [\"core/sharing-powr\"]\n---\n\nSee [this](@/case-studies/missing.md).\n",
    );
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("unknown field `plase`"), "{err}");
    assert!(err.contains("content/case-studies/bad.md:6:1"), "{err}");
    assert!(err.contains("did you mean `place`?"), "{err}");
    assert!(
        err.contains("unknown principle `core/sharing-powr`"),
        "{err}"
    );
    assert!(err.contains("content/case-studies/bad.md:7:"), "{err}");
    assert!(err.contains("did you mean `core/sharing-power`?"), "{err}");
    assert!(
        err.contains("broken link: `@/case-studies/missing.md`"),
        "{err}"
    );
    assert!(err.contains("content/case-studies/bad.md:10:"), "{err}");
    assert_eq!(
        err.matches("error: ").count(),
        4,
        "three errors and the summary line:\n{err}"
    );
    assert_eq!(
        snapshot_tree(&f.path("public")),
        before,
        "previous output must be untouched"
    );
}

// Pins that a case study's broken links, found while its page is rendered (case studies are
// checked as they are rendered, not in a pass before), still fail the build with every error
// named, after the other pages were rendered: exit 1, the previous output byte-identical, and
// a link into a case study's heading from another kind of page checked against it.
#[test]
fn case_study_link_errors_found_while_rendering_keep_previous_output() {
    let f = Fixture::valid();
    f.build_ok();
    let before = snapshot_tree(&f.path("public"));
    f.write(
        "content/case-studies/second.md",
        "---\ntitle: \"Second\"\nsummary: \"S\"\ndate: 2020\nplace: \"Oldham\"\n---\n\n## Findings\n\nSee [one](@/case-studies/good.md#what-hapened) and [two](@/case-studies/gone.md).\n",
    );
    f.write(
        "content/about.md",
        "---\ntitle: \"About\"\n---\n\nRead [the findings](@/case-studies/second.md#findings) and [more](@/case-studies/second.md#finding).\n",
    );
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/case-studies/second.md:10:")
            && err.contains("has no heading `#what-hapened`")
            && err.contains("did you mean `#what-happened`?"),
        "{err}"
    );
    assert!(
        err.contains("broken link: `@/case-studies/gone.md`"),
        "{err}"
    );
    assert!(
        err.contains("content/about.md:5:") && err.contains("has no heading `#finding`"),
        "{err}"
    );
    assert!(
        !err.contains("has no heading `#findings`"),
        "a good anchor is not reported:\n{err}"
    );
    assert_eq!(err.matches("error: ").count(), 4, "{err}");
    assert_eq!(snapshot_tree(&f.path("public")), before);
}

// Pins that when a page other than a case study has a broken link (found before any page is
// rendered), the case studies' problems and every broken anchor are reported with it.
#[test]
fn early_link_errors_come_with_the_case_studies_and_anchors() {
    let f = Fixture::valid();
    f.write(
        "content/about.md",
        "---\ntitle: \"About\"\n---\n\nSee [gone](@/missing.md) and [this](@/case-studies/good.md#what-hapened).\n",
    );
    f.write(
        "content/case-studies/second.md",
        "---\ntitle: \"Second\"\nsummary: \"S\"\ndate: 2020\nplace: \"Oldham\"\n---\n\nSee [two](@/case-studies/gone.md).\n",
    );
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for expected in [
        "broken link: `@/missing.md`",
        "has no heading `#what-hapened`",
        "broken link: `@/case-studies/gone.md`",
    ] {
        assert!(err.contains(expected), "missing {expected}:\n{err}");
    }
    assert_eq!(err.matches("error: ").count(), 4, "{err}");
}

// Pins that a library page cannot take the address of one of Cairn's own pages (two pages at
// one address would make the output depend on which was written last), except `data/`, where
// a library page replaces the data page as docs/data.md says: in every language.
#[test]
fn library_pages_at_cairns_own_addresses() {
    let f = Fixture::valid();
    f.write(
        "content/search.md",
        "---\ntitle: \"Search\"\n---\n\nMy own search page.\n",
    );
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/search.md")
            && err.contains(
                "would be published at `search/`, the same address as Cairn's own search page"
            ),
        "{err}"
    );
    std::fs::remove_file(f.path("content/search.md")).unwrap();
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

// Pins that errors in different files are all reported in one run, sorted by file.
#[test]
fn errors_across_files_in_one_run() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/a.md",
        "---\ntitle: A\nsummary: S\ndate: 2020\nplace: X\nthemes: [\"yuoth\"]\n---\n",
    );
    f.write(
        "content/case-studies/b.md",
        "---\ntitle: B\nsummary: S\ndate: 2020-13\nplace: X\n---\n",
    );
    f.write(
        "content/about.md",
        "---\ntitle: About\n---\n[x](@/case-studies/good.md#nowhere)\n",
    );
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let a = err
        .find("content/about.md:4:")
        .expect("broken anchor reported");
    let b = err
        .find("content/case-studies/a.md:6:")
        .expect("unknown theme reported");
    let c = err
        .find("content/case-studies/b.md:4:")
        .expect("bad date reported");
    assert!(a < b && b < c, "sorted by file:\n{err}");
    assert!(err.contains("did you mean `youth`?"), "{err}");
    assert!(!f.path("public").exists(), "nothing written");
}

// Pins determinism: two builds of the same input are byte-identical.
#[test]
fn two_builds_are_byte_identical() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/code.md",
        "---\ntitle: Code\nsummary: S\ndate: 2019\nplace: Bury\n---\n\n```yaml\na: 1\n```\n",
    );
    assert!(f.cairn(&["build", "--output", "one"]).status.success());
    assert!(f.cairn(&["build", "--output", "two"]).status.success());
    let one = snapshot_tree(&f.path("one"));
    assert!(one.len() > 10);
    assert_eq!(one, snapshot_tree(&f.path("two")));
}

// Pins that a symlink to a file outside the library is refused, naming the link.
#[cfg(unix)]
#[test]
fn symlink_outside_root_is_refused() {
    let f = Fixture::valid();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(
        &secret,
        "---\ntitle: Secret\nsummary: S\ndate: 2020\nplace: X\n---\nTOP SECRET\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&secret, f.path("content/case-studies/leak.md")).unwrap();
    std::fs::create_dir_all(f.path("static")).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", f.path("static/host.txt")).unwrap();
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("content/case-studies/leak.md"), "{err}");
    assert!(err.contains("static/host.txt"), "{err}");
    assert!(
        err.contains("symbolic link to a file outside the library"),
        "{err}"
    );
    assert!(!f.path("public").exists());
}

// Pins that a symlink that stays inside the library is read normally.
#[cfg(unix)]
#[test]
fn symlink_inside_root_is_followed() {
    let f = Fixture::valid();
    f.write(
        "shared/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    std::fs::create_dir_all(f.path("static")).unwrap();
    std::os::unix::fs::symlink(f.path("shared/logo.svg"), f.path("static/logo.svg")).unwrap();
    f.build_ok();
    assert!(f.read("public/static/logo.svg").contains("<svg"));
}

// Pins that a successful build replaces the output whole (stale files go).
#[test]
fn output_is_replaced_whole() {
    let f = Fixture::valid();
    f.build_ok();
    f.write("public/stale.html", "old");
    f.build_ok();
    assert!(!f.path("public/stale.html").exists());
    assert!(f.path("public/index.html").exists());
}

// Pins that the build refuses an output folder that would replace the library itself.
#[test]
fn refuses_output_over_the_library() {
    let f = Fixture::valid();
    for target in [".", "content", "content/case-studies", ".."] {
        let out = f.cairn(&["build", "--output", target]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "--output {target}: {}",
            stderr(&out)
        );
        assert!(stderr(&out).contains("refusing"), "{}", stderr(&out));
    }
    assert!(f.path("content/case-studies/good.md").exists());
    assert!(f.path("site.toml").exists());
}

// Pins exit code 2 for usage errors and --quiet silence on success.
#[test]
fn usage_errors_and_quiet() {
    let f = Fixture::valid();
    assert_eq!(f.cairn(&["build", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(f.cairn(&["frobnicate"]).status.code(), Some(2));
    let out = f.cairn(&["build", "--quiet"]);
    assert!(out.status.success());
    assert_eq!(stderr(&out), "");
}

// Pins drafts: left out by default, included with --drafts.
#[test]
fn drafts_only_with_flag() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/wip.md",
        "---\ntitle: WIP\nsummary: S\ndate: 2020\nplace: X\ndraft: true\n---\n",
    );
    f.build_ok();
    assert!(!f.path("public/case-studies/wip/index.html").exists());
    assert!(f.cairn(&["build", "--drafts"]).status.success());
    assert!(f.path("public/case-studies/wip/index.html").exists());
}

// Pins `cairn init`: a new library that builds, and a second init that overwrites nothing.
#[test]
fn init_makes_a_library_that_builds() {
    let f = Fixture::empty();
    let out = f.cairn(&["init", "lib"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = f.cairn(&["build", "--root", "lib"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for page in [
        "case-studies/our-first-case-study/index.html",
        "toolkit/getting-started/index.html",
        "principles/core/sharing-power/index.html",
        "forms/meeting-check/index.html",
    ] {
        assert!(f.path("lib/public").join(page).is_file(), "missing {page}");
    }
    f.write(
        "lib/site.toml",
        &f.read("lib/site.toml").replace("Our ", "Edited "),
    );
    let before = f.read("lib/site.toml");
    assert_eq!(f.cairn(&["init", "lib"]).status.code(), Some(0));
    assert_eq!(f.read("lib/site.toml"), before);
}

// Pins the handling of awkward files: BOM, CRLF, invalid UTF-8, empty files, spaces in names.
#[test]
fn awkward_files_are_handled() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/bom.md",
        "\u{feff}---\r\ntitle: BOM\r\nsummary: S\r\ndate: 2020\r\nplace: X\r\n---\r\nBody\r\n",
    );
    f.write(
        "content/case-studies/My Story.md",
        "---\ntitle: Spaces\nsummary: S\ndate: 2020\nplace: X\n---\n",
    );
    f.build_ok();
    assert!(f.path("public/case-studies/bom/index.html").exists());
    assert!(f.path("public/case-studies/my-story/index.html").exists());

    f.write_bytes(
        "content/case-studies/latin1.md",
        b"---\ntitle: X\n---\ncaf\xe9\n",
    );
    f.write("content/case-studies/empty.md", "");
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("content/case-studies/latin1.md:4"), "{err}");
    assert!(err.contains("not UTF-8"), "{err}");
    assert!(err.contains("content/case-studies/empty.md:1:1"), "{err}");
}

// Pins that two file names making the same address are reported.
#[test]
fn clashing_slugs_are_reported() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/Good.md",
        "---\ntitle: Other\nsummary: S\ndate: 2020\nplace: X\n---\n",
    );
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the same address as `content/case-studies/"),
        "{}",
        stderr(&out)
    );
}

// Pins hostile YAML: an alias bomb and deep nesting fail fast with a clear error, no crash.
#[test]
fn hostile_yaml_fails_cleanly() {
    let f = Fixture::valid();
    let mut bomb = String::from(
        "---\ntitle: T\nsummary: S\ndate: 2020\nplace: X\nl0: &l0 [a, a, a, a, a, a, a, a, a, a]\n",
    );
    for i in 1..10 {
        bomb.push_str(&format!(
            "l{i}: &l{i} [*l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}]\n",
            p = i - 1
        ));
    }
    bomb.push_str("---\n");
    f.write("content/case-studies/bomb.md", &bomb);
    f.write(
        "content/case-studies/deep.md",
        &format!(
            "---\ntitle: T\nsummary: {}{}\n---\n",
            "[".repeat(20_000),
            "]".repeat(20_000)
        ),
    );
    let started = std::time::Instant::now();
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(started.elapsed().as_secs() < 20);
    let err = stderr(&out);
    assert!(err.contains("content/case-studies/bomb.md"), "{err}");
    assert!(err.contains("content/case-studies/deep.md"), "{err}");
}

// Pins the card cache: each case study's card is rendered once and reused, so every page must
// still get links from its own depth, and a control character in the text (which stands for
// the root inside the cache) must not turn into a path.
#[test]
fn cards_link_from_each_pages_depth() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/odd.md",
        &common::GOOD_CASE_STUDY
            .replace("A good story", "Odd \\x01 title")
            .replace("Something worked.", "Odd \\x01 summary"),
    );
    f.build_ok();
    for (page, href) in [
        ("public/index.html", "case-studies/good/index.html"),
        (
            "public/case-studies/index.html",
            "../case-studies/good/index.html",
        ),
        (
            "public/themes/youth/index.html",
            "../../case-studies/good/index.html",
        ),
        (
            "public/principles/core/sharing-power/index.html",
            "../../../case-studies/good/index.html",
        ),
        (
            "public/case-studies/odd/index.html",
            "../../case-studies/good/index.html",
        ),
    ] {
        let html = f.read(page);
        let card = format!("<h3 class=\"card-title\"><a href=\"{href}\">");
        assert!(html.contains(&card), "{page} has no card linking {href}");
    }
    let listing = f.read("public/case-studies/index.html");
    assert!(
        listing.contains("Odd  title"),
        "the control character is dropped"
    );
    assert!(!listing.contains('\u{1}'));
    assert!(
        !listing.contains("Odd ../"),
        "no root inserted into the text"
    );
}

// Pins that an error in a theme's card template fails the build, named, with the previous
// output kept.
#[test]
fn card_template_errors_fail_the_build() {
    let f = Fixture::valid();
    f.build_ok();
    let before = snapshot_tree(&f.path("public"));
    f.write(
        "templates/partials/card.html",
        "<li>{{ card.nope.deeper }}</li>",
    );
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(message.contains("template error"), "{message}");
    assert!(message.contains("partials/card.html"), "{message}");
    assert!(message.contains("`card` has no `nope`"), "{message}");
    assert_eq!(snapshot_tree(&f.path("public")), before);
}

// Pins that a rebuild keeps a page whose bytes did not change as the same file (same inode,
// same modification time) and writes every other file anew: a changed page, a file edited
// by hand in the output, and a file that also has a name outside the output (which must not
// be shared with, or written through to, the outside). The result equals a build into a new
// folder. The output replaced stays hidden beside the new one as its spare, ignored by git,
// and the next build writes into it (its folders are reused, none made); a failed build
// afterwards leaves the output as it was.
#[cfg(unix)]
#[test]
fn rebuild_keeps_unchanged_files_and_rewrites_the_rest() {
    use std::os::unix::fs::MetadataExt;
    let f = Fixture::valid();
    f.build_ok();
    let meta = |rel: &str| std::fs::metadata(f.path(rel)).unwrap();
    let first_folder = meta("public/case-studies").ino();
    let unchanged = meta("public/404.html");
    let page = meta("public/case-studies/good/index.html");
    let mut edited = std::fs::read(f.path("public/index.html")).unwrap();
    let last = edited.len() - 2;
    edited[last] = if edited[last] == b'x' { b'y' } else { b'x' };
    std::fs::write(f.path("public/index.html"), &edited).unwrap();
    let outside = tempfile::tempdir().unwrap();
    let kept = outside.path().join("atom.xml");
    std::fs::hard_link(f.path("public/atom.xml"), &kept).unwrap();
    let kept_bytes = std::fs::read(&kept).unwrap();
    f.write(
        "content/case-studies/good.md",
        &GOOD_CASE_STUDY.replace("People decided.", "People decided together."),
    );

    f.build_ok();
    let after = meta("public/404.html");
    assert_eq!(after.ino(), unchanged.ino(), "an unchanged page is kept");
    assert_eq!(after.mtime_nsec(), unchanged.mtime_nsec());
    assert_ne!(
        meta("public/case-studies/good/index.html").ino(),
        page.ino()
    );
    assert!(
        f.read("public/case-studies/good/index.html")
            .contains("People decided together.")
    );
    assert!(
        std::fs::read(f.path("public/index.html")).unwrap() != edited,
        "a file edited by hand in the output is written again"
    );
    assert_ne!(meta("public/atom.xml").ino(), meta_of(&kept).ino());
    assert_eq!(std::fs::read(&kept).unwrap(), kept_bytes);
    let hidden = hidden_outputs(&f);
    assert_eq!(hidden.len(), 1, "{hidden:?}");
    assert_eq!(after.nlink(), 2, "also named in the hidden previous output");
    assert!(
        std::fs::read_to_string(hidden[0].join(".gitignore"))
            .unwrap()
            .ends_with("\n*\n")
    );

    assert!(hidden[0].ends_with(".public.cairn-spare"), "{hidden:?}");

    // A third build writes into the first build's output, kept as the spare: same folders.
    assert!(f.cairn(&["build", "--output", "fresh"]).status.success());
    assert_ne!(meta("public/case-studies").ino(), first_folder);
    f.build_ok();
    assert_eq!(meta("public/case-studies").ino(), first_folder);
    assert_eq!(meta("public/404.html").ino(), unchanged.ino());
    let third = hidden_outputs(&f);
    assert_eq!(third, hidden);
    assert_eq!(
        snapshot_tree(&f.path("public")),
        snapshot_tree(&f.path("fresh"))
    );

    f.write("content/case-studies/bad.md", "---\ntitle: [\n---\n");
    assert_eq!(f.cairn(&["build"]).status.code(), Some(1));
    assert_eq!(meta("public/404.html").ino(), unchanged.ino());
    assert_eq!(
        snapshot_tree(&f.path("public")),
        snapshot_tree(&f.path("fresh"))
    );
}

#[cfg(unix)]
fn meta_of(path: &std::path::Path) -> std::fs::Metadata {
    std::fs::metadata(path).unwrap()
}

/// The folders beside `public/` that Cairn keeps or leaves: `.public.cairn-…`.
fn hidden_outputs(f: &Fixture) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(f.root())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".public.cairn-")
        })
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

// Pins site.toml's identity: the logo before the title on every page, the accent colour as the
// header's, and a warning naming the pair when white text on the accent is hard to read.
#[test]
fn logo_and_accent_colour() {
    let f = Fixture::valid();
    f.write_bytes(
        "static/logo.svg",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    );
    let toml = format!(
        "logo = \"static/logo.svg\"\naccent_color = \"#f0c000\"\n{}",
        common::SITE_TOML
    );
    f.write("site.toml", &toml);
    let out = f.build_ok();
    let err = stderr(&out);
    assert!(
        err.contains("the header's white text on accent_color #f0c000 has a contrast of 1.7:1"),
        "{err}"
    );
    let page = f.read("public/case-studies/good/index.html");
    assert!(
        page.contains("<img class=\"site-logo\" src=\"../../static/logo.svg\""),
        "{page:.2000}"
    );
    assert!(page.contains("<style>:root { --brand: #f0c000; }</style>"));
    // A logo that is not there is an error naming site.toml.
    f.write(
        "site.toml",
        &toml.replace("static/logo.svg", "static/missing.svg"),
    );
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("the logo `static/missing.svg` does not exist"));
}
