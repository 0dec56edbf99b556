//! Moving a library in (examples/import.rs, docs/migrating.md): real content nobody here wrote
//! (a sample of 18F Methods, tests/fixtures/18f-methods/) converted and built whole, and the
//! converter's mapping for Jekyll, Hugo and Zola pages.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::common::Fixture;
use crate::link_check::check_links;

#[allow(dead_code)]
#[path = "../../examples/import.rs"]
mod importer;

use importer::{From, Kind, Options, convert};

fn options(from: From, src: &Path, dest: &Path) -> Options {
    Options {
        from,
        kind: Kind::Toolkit,
        src: src.to_path_buf(),
        dest: dest.to_path_buf(),
        title: Some("Imported".into()),
        keep_extra: false,
        keep_aliases: false,
        body_fields: Vec::new(),
        old_site: None,
    }
}

fn cairn(root: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("cairn")
        .unwrap()
        .current_dir(root)
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(args)
        .output()
        .unwrap()
}

fn build_ok(root: &Path) {
    let out = cairn(root, &["build"]);
    assert!(
        out.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/18f-methods/_methods")
}

// Pins that real Jekyll method cards (18F Methods) convert into a library that builds with
// exit 0, no broken internal link, no HTML shown as text, and cross-links kept as links.
#[test]
fn real_jekyll_methods_build_with_no_broken_link_and_no_html_as_text() {
    let f = Fixture::empty();
    let dest = f.path("library");
    let mut opts = options(From::Jekyll, &sample(), &dest);
    opts.body_fields = vec!["what".into(), "why".into(), "timeRequired".into()];
    opts.old_site = Some("https://methods.18f.gov".into());
    let report = convert(&opts).expect("import");
    let printed = report.render(&opts);
    assert!(printed.contains("redirect_from: 17 file(s)"), "{printed}");
    assert!(
        printed.contains("_template.md: starts with `_`"),
        "{printed}"
    );
    assert!(
        printed.contains("pages/service-blueprint-example.md"),
        "{printed}"
    );

    build_ok(&dest);
    let site = dest.join("public");
    let links = check_links(&site);
    links.assert_clean();
    assert!(links.checked > 100, "only {} links checked", links.checked);

    let pages = html_files(&site);
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        for shown in [
            "&lt;a ",
            "&lt;/a",
            "&lt;section",
            "&lt;/section",
            "&lt;table",
            "&lt;div",
            "{{site.baseurl}}",
            "{% link",
        ] {
            assert!(
                !html.contains(shown),
                "{} shows `{shown}` as text",
                page.display()
            );
        }
    }
    // A method's link to another method is a relative link between their pages.
    let dot_voting =
        std::fs::read_to_string(site.join("toolkit/discover/dot-voting/index.html")).unwrap();
    assert!(
        dot_voting.contains(r#"href="../../../toolkit/fundamentals/recruiting/index.html""#),
        "{}",
        crate::common::main_fragment(&dot_voting)
    );
    assert!(dot_voting.contains("<strong>Time required:</strong> 15 minutes"));
    // `cairn check` finds no HTML left in the text, and no error.
    let check = cairn(&dest, &["check"]);
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{out}");
    assert!(!out.contains("HTML"), "{out}");
}

// Pins Hugo's TOML front matter, `{{< ref >}}` links, inline HTML and drafts: mapped fields,
// `@/` links, Markdown for the HTML, the draft left out, and the result builds cleanly.
#[test]
fn hugo_pages_map_fields_links_and_html() {
    let f = Fixture::empty();
    f.write(
        "hugo/content/methods/_index.md",
        "+++\ntitle = \"Methods\"\nweight = 1\n+++\n\nAll our <em>methods</em>.\n",
    );
    f.write(
        "hugo/content/methods/walk.md",
        "+++\ntitle = \"Community walk\"\ndescription = \"Walk the area together.\"\nweight = 2\ndate = 2020-05-01T10:00:00Z\ntags = [\"streets\"]\n+++\n\nSee [the map]({{< ref \"methods/map.md\" >}}) and <a href=\"/methods/map/#how-to-do-it\">the map</a>.<br>\nA <strong>short</strong> walk.\n\n```html\n<table>kept in code</table>\n```\n",
    );
    f.write(
        "hugo/content/methods/map.md",
        "---\ntitle: Asset map\n---\n\n## How to do it\n\nDraw.\n",
    );
    f.write(
        "hugo/content/methods/secret.md",
        "+++\ntitle = \"Not yet\"\ndraft = true\n+++\nHidden.\n",
    );
    let dest = f.path("library");
    let opts = options(From::Hugo, &f.path("hugo/content"), &dest);
    let report = convert(&opts).expect("import");

    let walk = f.read("library/content/toolkit/methods/walk.md");
    assert!(
        walk.contains(
            "title: \"Community walk\"\nweight: 2\ndescription: \"Walk the area together.\"\n"
        ),
        "{walk}"
    );
    assert!(walk.contains("See [the map](@/toolkit/methods/map.md) and [the map](@/toolkit/methods/map.md#how-to-do-it).\\\nA **short** walk."), "{walk}");
    assert!(walk.contains("<table>kept in code</table>"), "{walk}");
    assert!(!f.path("library/content/toolkit/methods/secret.md").exists());
    assert!(
        f.read("library/content/toolkit/methods/_index.md")
            .contains("All our *methods*.")
    );
    assert!(report.dropped["date"].contains("methods/walk.md"));
    assert!(report.dropped["tags"].contains("methods/walk.md"));
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("secret.md: a draft"))
    );

    build_ok(&dest);
    check_links(&dest.join("public")).assert_clean();
}

// Pins Zola's `@/` links, `[extra]` and `aliases` kept under `extra:` and `aliases:` when asked,
// and a link to a page not imported reported and pointed at the old site.
#[test]
fn zola_extra_and_aliases_are_kept_when_asked() {
    let f = Fixture::empty();
    f.write(
        "zola/content/guide/start.md",
        "+++\ntitle = \"Start here\"\naliases = [\"/old/start/\", \"/projects/start.html\", \"/start.php\"]\ntemplate = \"page.html\"\n[extra]\nlead = \"Ann\"\n+++\n\n[Next](@/guide/next.md) and [gone](@/guide/gone.md).\n",
    );
    f.write(
        "zola/content/guide/next.md",
        "+++\ntitle = \"Next\"\n+++\n\nBack to [start](../start/).\n",
    );
    let dest = f.path("library");
    let mut opts = options(From::Zola, &f.path("zola/content"), &dest);
    opts.keep_extra = true;
    opts.keep_aliases = true;
    opts.old_site = Some("https://old.example.net/".into());
    let report = convert(&opts).expect("import");

    let start = f.read("library/content/toolkit/guide/start.md");
    assert!(
        start.contains("aliases: [\"/guide/start/\",\"/old/start/\",\"/projects/start.html\"]\nextra: {\"lead\":\"Ann\"}\n"),
        "{start}"
    );
    assert!(start.contains("[Next](@/toolkit/guide/next.md)"), "{start}");
    assert!(
        start.contains("[gone](https://old.example.net/guide/gone/)"),
        "{start}"
    );
    let next = f.read("library/content/toolkit/guide/next.md");
    assert!(next.contains("[start](@/toolkit/guide/start.md)"), "{next}");
    assert!(
        report.notes.iter().any(|n| n.contains(
            "guide/start.md: the old address `/start.php` is not kept: a static site cannot answer"
        )),
        "{:?}",
        report.notes
    );
    assert!(
        report.notes.iter().any(|n| n.contains("@/guide/gone.md")),
        "{:?}",
        report.notes
    );
    // The old template's name means nothing in Cairn: left out, and listed.
    assert_eq!(
        report.dropped.keys().collect::<Vec<_>>(),
        ["template"],
        "{:?}",
        report.dropped
    );
}

// Pins Jekyll posts as case studies: date from the file name, place and themes mapped, the
// themes allowed in site.toml, a missing summary written `TODO` and reported; it builds.
#[test]
fn jekyll_posts_become_case_studies() {
    let f = Fixture::empty();
    f.write(
        "site/_posts/2021-03-04-our-garden.md",
        "---\nlayout: post\ntitle: Our garden\nlocation: Leeds\ntags: [Food, youth]\n---\n\nWe grew food.\n",
    );
    let dest = f.path("library");
    let mut opts = options(From::Jekyll, &f.path("site/_posts"), &dest);
    opts.kind = Kind::CaseStudies;
    let report = convert(&opts).expect("import");
    let story = f.read("library/content/case-studies/our-garden.md");
    assert!(story.contains("summary: \"TODO\"\n"), "{story}");
    assert!(story.contains("place: \"Leeds\"\n"), "{story}");
    assert!(story.contains("themes: [\"food\",\"youth\"]\n"), "{story}");
    assert!(
        f.read("library/site.toml")
            .contains("terms = [\"food\",\"youth\"]")
    );
    assert!(report.notes.iter().any(|n| n.contains("no summary")));
    assert!(report.dropped["layout"].contains("2021-03-04-our-garden.md"));
    build_ok(&dest);
}

// Pins that the converter never writes into a folder that already holds files.
#[test]
fn refuses_a_destination_that_is_not_empty() {
    let f = Fixture::empty();
    f.write("src/a.md", "---\ntitle: A\n---\nText.\n");
    f.write("library/site.toml", "title = \"Mine\"\n");
    let err = convert(&options(From::Jekyll, &f.path("src"), &f.path("library")))
        .expect_err("must refuse");
    assert!(err.to_string().contains("is not empty"), "{err}");
    assert_eq!(f.read("library/site.toml"), "title = \"Mine\"\n");
}

// Pins that awkward input (broken front matter, unclosed tags and links, template code, tables,
// pictures without alt text, letters beyond ASCII) never stops the import: each is converted
// or listed with its file and line.
#[test]
fn awkward_pages_are_converted_or_listed_never_lost() {
    let f = Fixture::empty();
    f.write("src/open.md", "---\ntitle: Never closed\n");
    f.write("src/bad-yaml.md", "---\ntitle: [unclosed\n---\nText.\n");
    f.write(
        "src/odd.md",
        "---\ntitle: Odd\ndate: \"2021-é\"\n---\n\nFirst line.\n<a href=\"x\">never closed\na < b and <3, é<strong>ü</strong>, `<b>` in code, [half](\n<img src=\"pic.png\">\n<img src=\"map.png\" alt=\"A map\">\n{% include note.html %}\n<table><tr><td>x</td></tr></table>\n",
    );
    let dest = f.path("library");
    let report = convert(&options(From::Jekyll, &f.path("src"), &dest)).expect("import");
    let notes = report.notes.join("\n");
    assert!(
        notes.contains("open.md: its front matter could not be read (no closing `---` line)"),
        "{notes}"
    );
    assert!(
        notes.contains("bad-yaml.md: its front matter could not be read"),
        "{notes}"
    );
    for note in [
        "odd.md:7: HTML `<a>` left as it is",
        "odd.md:9: a picture with no alt text",
        "odd.md: `pic.png` is a file the import does not copy",
        "odd.md:11: template code left as it is",
        "odd.md:12: HTML `<table>`, `<tr>`, `<td>` left as it is",
    ] {
        assert!(notes.contains(note), "{note} missing from:\n{notes}");
    }
    let odd = f.read("library/content/toolkit/src/odd.md");
    assert!(
        odd.contains("a < b and <3, é**ü**, `<b>` in code, [half](\n"),
        "{odd}"
    );
    assert!(odd.contains("![](pic.png)\n![A map](map.png)\n"), "{odd}");
    assert!(odd.contains("<a href=\"x\">never closed"), "{odd}");
}

// Pins `--as pages`: a Zola home page and an about page become Cairn's home and plain page
// (a plain page's weight listed as left out), and the library builds with no broken link.
#[test]
fn zola_pages_become_the_home_and_plain_pages() {
    let f = Fixture::empty();
    f.write(
        "zola/content/_index.md",
        "+++\ntitle = \"Our network\"\ndescription = \"Who we are.\"\nsort_by = \"weight\"\n+++\n\nRead [about us](@/about.md).\n",
    );
    f.write(
        "zola/content/about.md",
        "+++\ntitle = \"About\"\nweight = 3\n+++\n\nWe <em>meet</em> monthly. [Home](@/_index.md)\n",
    );
    let dest = f.path("library");
    let mut opts = options(From::Zola, &f.path("zola/content"), &dest);
    opts.kind = Kind::Pages;
    let report = convert(&opts).expect("import");
    let home = f.read("library/content/_index.md");
    assert!(
        home.contains("title: \"Our network\"\ndescription: \"Who we are.\"\n---\n\nRead [about us](@/about.md).\n"),
        "{home}"
    );
    let about = f.read("library/content/about.md");
    assert!(
        about.contains("We *meet* monthly. [Home](@/_index.md)"),
        "{about}"
    );
    assert!(report.dropped["weight"].contains("about.md"));
    assert!(report.dropped["sort_by"].contains("_index.md"));
    build_ok(&dest);
    check_links(&dest.join("public")).assert_clean();
}
