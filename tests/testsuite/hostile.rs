//! Hostile and broken input: each file here either builds into a correct page or fails with a
//! clear error naming the file, and `cairn build` exits within seconds, never panicking.
//! Big inputs (the 50 MB file, the million-link page) are made at test time in temp folders.

#[path = "hostile/check.rs"]
pub mod check;
use crate::common;

use std::process::Output;
use std::time::{Duration, Instant};

use common::{Fixture, snapshot_tree, stderr};

/// A guard against a hang, not a speed target: a hostile build that has not finished after this
/// long never will on any machine. How fast hostile input is refused is measured by
/// `cargo run --release --example hostile_timing`, which prints figures.
const SECONDS: u64 = 120;

/// Runs `cairn build`, failing the test if it hangs or panics.
fn build(f: &Fixture) -> Output {
    let started = Instant::now();
    let out = f.cairn(&["build"]);
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(SECONDS),
        "build took {took:?}:\n{}",
        stderr(&out)
    );
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "panic:\n{err}");
    assert!(
        out.status
            .code()
            .is_some_and(|c| c == 0 || c == 1 || c == 2),
        "exit {:?}:\n{err}",
        out.status
    );
    out
}

/// Builds and expects success, checking no page carries injected markup.
fn build_ok(f: &Fixture) -> String {
    let out = build(f);
    let err = stderr(&out);
    assert!(out.status.success(), "build failed:\n{err}");
    for (path, bytes) in snapshot_tree(&f.path("public")) {
        if let Some(found) = check::injected(&path, &bytes) {
            panic!("injected markup: {found}");
        }
    }
    err
}

/// Builds and expects failure; returns stderr, which must name `file`.
fn build_err(f: &Fixture, file: &str) -> String {
    let out = build(f);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "expected failure:\n{err}");
    assert!(err.contains(file), "error does not name {file}:\n{err}");
    assert!(!f.path("public").exists(), "a failed build wrote output");
    err
}

/// A case study with the given front-matter lines added to a valid minimum.
fn case_study(title: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\nsummary: \"A summary.\"\ndate: 2022-05\nplace: \"Oldham\"\nthemes: [\"youth\"]\nprinciples: [\"core/sharing-power\"]\nengagement_level: involve\n{extra}---\n\n{body}\n"
    )
}

fn page(f: &Fixture, slug: &str) -> String {
    f.read(&format!("public/case-studies/{slug}/index.html"))
}

// ----- YAML ---------------------------------------------------------------------------------

// Pins that a YAML alias bomb (a billion laughs) is refused fast with an error naming the file.
#[test]
fn yaml_alias_bomb() {
    let f = Fixture::valid();
    let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        yaml.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    f.write(
        "content/case-studies/bomb.md",
        &case_study("Bomb", &yaml, "x"),
    );
    let err = build_err(&f, "content/case-studies/bomb.md");
    assert!(err.contains("unknown field `a0`"), "{err}");
    // Aliases in a field that is read are bounded by the budget too.
    let f = Fixture::valid();
    let mut list = String::from("outcomes: &o0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        list.push_str(&format!(
            "licence: &o{i} [*o{p}, *o{p}, *o{p}, *o{p}, *o{p}, *o{p}, *o{p}, *o{p}, *o{p}, *o{p}]\n",
            p = i - 1
        ));
    }
    f.write(
        "content/case-studies/bomb.md",
        &case_study("Bomb", &list, "x"),
    );
    build_err(&f, "content/case-studies/bomb.md");
}

// Pins that 10,000-deep YAML nesting is an error, not a stack overflow.
#[test]
fn yaml_nesting_10000_deep() {
    let f = Fixture::valid();
    let deep = format!("outcomes: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    f.write(
        "content/case-studies/deep.md",
        &case_study("Deep", &deep, "x"),
    );
    let err = build_err(&f, "content/case-studies/deep.md");
    assert!(err.contains("front matter"), "{err}");
}

// Pins that 10,000-deep block-style YAML (indentation) is refused the same way.
#[test]
fn yaml_block_nesting_10000_deep() {
    let f = Fixture::valid();
    let mut deep = String::from("outcomes:\n");
    for i in 0..10_000 {
        deep.push_str(&" ".repeat(i + 1));
        deep.push_str("-\n");
    }
    f.write(
        "content/case-studies/deep.md",
        &case_study("Deep", &deep, "x"),
    );
    build_err(&f, "content/case-studies/deep.md");
}

// Pins that YAML tags, wrong types and duplicate keys are errors, not surprises.
#[test]
fn yaml_tags_types_and_duplicates() {
    for (name, extra) in [
        ("tag", "outcomes: !!binary aGVsbG8=\n"),
        ("type", "outcomes: {a: b}\n"),
        ("dup", "place: A\nplace: B\n"),
        ("merge", "base: &b {x: 1}\ncontact:\n  <<: *b\n"),
    ] {
        let f = Fixture::valid();
        let file = format!("content/case-studies/{name}.md");
        f.write(&file, &case_study("Odd", extra, "x"));
        build_err(&f, &file);
    }
}

// Pins that thousands of unknown keys cost linear time and are capped at 100 messages.
#[test]
fn many_unknown_keys_are_capped() {
    let f = Fixture::valid();
    let keys: String = (0..20_000).map(|i| format!("k{i}: x\n")).collect();
    f.write(
        "content/case-studies/keys.md",
        &case_study("Keys", &keys, "x"),
    );
    let err = build_err(&f, "content/case-studies/keys.md");
    assert!(
        err.contains("more problems in this file are not shown"),
        "{err}"
    );
    assert!(err.matches("unknown field").count() <= 100);
}

// ----- Markdown -----------------------------------------------------------------------------

// Pins that 10,000-deep block quotes are an error naming the file and line, fast.
#[test]
fn markdown_quotes_10000_deep() {
    let f = Fixture::valid();
    let body = format!("{}deep\n", "> ".repeat(10_000));
    f.write(
        "content/case-studies/deep.md",
        &case_study("Deep", "", &body),
    );
    let err = build_err(&f, "content/case-studies/deep.md:11");
    assert!(err.contains("nested more than 64 levels"), "{err}");
}

// Pins that 10,000-deep nested lists are refused the same way.
#[test]
fn markdown_lists_10000_deep() {
    let f = Fixture::valid();
    let body: String = (0..10_000).map(|_| "- ").collect::<String>() + "x\n";
    f.write(
        "content/case-studies/deep.md",
        &case_study("Deep", "", &body),
    );
    let err = build_err(&f, "content/case-studies/deep.md");
    assert!(err.contains("nested more than 64 levels"), "{err}");
}

// Pins that 10,000 nested brackets and emphasis markers render (as text) without blowing up.
#[test]
fn markdown_brackets_and_emphasis() {
    let f = Fixture::valid();
    let body = format!(
        "{}x{}\n\n{}\n\n{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000),
        "*a ".repeat(10_000),
        "<".repeat(10_000)
    );
    f.write(
        "content/case-studies/brackets.md",
        &case_study("Brackets", "", &body),
    );
    build_ok(&f);
    assert!(page(&f, "brackets").contains("&lt;&lt;&lt;"));
}

// Pins that `javascript:` and `data:` links are dropped with a warning naming file and line.
#[test]
fn markdown_script_links_dropped() {
    let f = Fixture::valid();
    let body = "[a](javascript:alert(7)) [b](JaVaScRiPt:alert(7)) [c](data:text/html,x) ![d](data:image/png;base64,AA) [e]( vbscript:x)";
    f.write(
        "content/case-studies/links.md",
        &case_study("Links", "", body),
    );
    let err = build_ok(&f);
    assert_eq!(err.matches("link was removed").count(), 5, "{err}");
    assert!(err.contains("content/case-studies/links.md:11:"), "{err}");
    let html = page(&f, "links");
    assert!(
        !html.contains("javascript:") && !html.contains("data:"),
        "{html}"
    );
}

// Pins that raw HTML (script, handlers, iframes) is shown as text by default.
#[test]
fn raw_html_is_text_by_default() {
    let f = Fixture::valid();
    let body = "<script>alert(7)</script>\n\n<img src=x onerror=alert(7)>\n\n<iframe src=\"https://example.org\"></iframe> <b>bold</b>";
    f.write(
        "content/case-studies/html.md",
        &case_study("Html", "", body),
    );
    f.write_bytes("content/case-studies/x.png", b"\x89PNG");
    build_ok(&f);
    let html = page(&f, "html");
    assert!(
        html.contains("&lt;script&gt;alert(7)&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("&lt;b&gt;bold&lt;/b&gt;"), "{html}");
}

// Pins that with `[markdown] raw_html = true`, raw HTML is kept but sanitised by ammonia.
#[test]
fn raw_html_sanitised_when_enabled() {
    let f = Fixture::valid();
    f.write(
        "site.toml",
        &format!("{}\n[markdown]\nraw_html = true\n", common::SITE_TOML),
    );
    let body = "<div class=\"box\" onclick=\"alert(7)\"><b>bold</b><script>alert(7)</script></div>\n\n<img src=\"@/case-studies/x.png\" onerror=\"alert(7)\" alt=\"pic\">\n\n<a href=\"javascript:alert(7)\">j</a> <iframe src=\"https://example.org\"></iframe>\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n## Kept heading";
    f.write(
        "content/case-studies/html.md",
        &case_study("Html", "", body),
    );
    f.write_bytes("content/case-studies/x.png", b"\x89PNG");
    build_ok(&f);
    let html = page(&f, "html");
    let main = common::main_fragment(&html);
    assert!(main.contains("<b>bold</b>"), "{main}");
    assert!(main.contains("<div class=\"box\">"), "{main}");
    assert!(
        main.contains("<img src=\"../../case-studies/x.png\" alt=\"pic\">"),
        "{main}"
    );
    assert!(main.contains("style=\"text-align: left\""), "{main}");
    assert!(main.contains("<h2 id=\"kept-heading\">"), "{main}");
    for bad in ["onclick", "onerror", "alert(7)", "<iframe", "javascript:"] {
        assert!(!main.contains(bad), "{bad} in {main}");
    }
}

// Pins that a page with 200,000 links (half broken) resolves in seconds, with the broken
// ones capped at 100 messages plus a count.
#[test]
fn many_links_linear_and_capped() {
    let f = Fixture::valid();
    let body = "[ok](@/case-studies/good.md) [bad](@/case-studies/nope.md)\n".repeat(100_000);
    f.write(
        "content/case-studies/links.md",
        &case_study("Links", "", &body),
    );
    let err = build_err(&f, "content/case-studies/links.md");
    assert_eq!(err.matches("broken link").count(), 100, "capped");
    assert!(
        err.contains("100000 more problems in this file are not shown")
            || err.contains("99900 more problems"),
        "{}",
        &err[err.len().saturating_sub(500)..]
    );
}

// Pins that a 5 MB single-line page with a broken link at its end gives a short message.
#[test]
fn huge_single_line() {
    let f = Fixture::valid();
    let body = format!("{} [x](@/case-studies/nope.md)", "word ".repeat(1_000_000));
    f.write(
        "content/case-studies/line.md",
        &case_study("Line", "", &body),
    );
    let err = build_err(&f, "content/case-studies/line.md:11:5000002");
    assert!(err.len() < 4_000, "message is {} bytes", err.len());
}

// Pins that `@/` links cannot reach outside the library (no file is read from a path).
#[test]
fn links_outside_library_are_broken_links() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/escape.md",
        &case_study(
            "Escape",
            "",
            "[a](@/../../../../etc/passwd) ![b](@/../site.toml)",
        ),
    );
    let err = build_err(&f, "content/case-studies/escape.md");
    assert_eq!(err.matches("` does not exist").count(), 2, "{err}");
}

// ----- Injection in front matter ------------------------------------------------------------

// Pins that script in every text field of a case study reaches the page only as text.
#[test]
fn script_in_every_case_study_field() {
    let f = Fixture::valid();
    f.write(
        "site.toml",
        &common::SITE_TOML.replace(
            "terms = [\"health inequalities\", \"youth\"]",
            "terms = [\"health inequalities\", \"youth\", \"<script>alert(7)</script>\"]",
        ),
    );
    let p = "<script>alert(7)</script><img src=x onerror=alert(7)>\\\"><svg onload=alert(7)>";
    let text = format!(
        "---\ntitle: \"T {p}\"\nsummary: \"{p}\"\ndate: 2022-05\nplace: \"{p}\"\nthemes: [\"youth\", \"<script>alert(7)</script>\"]\nprinciples: [\"core/sharing-power\"]\nengagement_level: involve\noutcomes: [\"{p}\"]\nlicence: \"{p}\"\nlinks: [{{ title: \"{p}\", url: \"https://example.org/?q={p}\" }}]\ncontact: {{ name: \"{p}\", organisation: \"{p}\", email: \"{p}\" }}\n---\n\nBody.\n"
    );
    f.write("content/case-studies/xss.md", &text);
    build_ok(&f);
    let html = page(&f, "xss");
    assert!(
        html.contains("&lt;script&gt;alert(7)&lt;/script&gt;"),
        "title shown as text"
    );
}

// Pins that script in the front matter of every other kind is escaped too.
#[test]
fn script_in_other_kinds() {
    let p = "<script>alert(7)</script><img src=x onerror=alert(7)>";
    let f = Fixture::valid();
    f.write(
        "site.toml",
        &common::SITE_TOML
            .replace(
                "title = \"Test Library\"",
                &format!("title = \"Lib {p}\"\ndescription = \"{p}\""),
            )
            .replace("description = \"A fixture.\"\n", ""),
    );
    f.write(
        "content/about.md",
        &format!("---\ntitle: \"About {p}\"\ndescription: \"{p}\"\n---\nText.\n"),
    );
    f.write(
        "content/glossary.md",
        &format!("---\ntitle: \"Glossary {p}\"\nterms:\n  - {{ term: \"X{p}\", expansion: \"{p}\", definition: \"{p}\" }}\n---\n"),
    );
    f.write(
        "content/toolkit/_index.md",
        &format!("---\ntitle: \"Toolkit {p}\"\n---\nIntro.\n"),
    );
    f.write(
        "content/toolkit/one.md",
        &format!("---\ntitle: \"Section {p}\"\ndescription: \"{p}\"\nresources:\n  - {{ title: \"{p}\", publisher: \"{p}\", url: \"https://example.org\" }}\n---\nText.\n"),
    );
    f.write(
        "content/principles/core.md",
        &common::PRINCIPLES.replace("\"Sharing power\"", &format!("\"Sharing {p}\"")),
    );
    f.write(
        "content/forms/check.md",
        &format!(
            "---\ntitle: \"Form {p}\"\ndescription: \"{p}\"\nscales:\n  - id: yn\n    points:\n      - {{ label: \"{p}\", code: \"Y\", points: 1 }}\n      - {{ label: \"No\", code: \"N\", points: 0 }}\nsections:\n  - title: \"{p}\"\n    scale: yn\n    items:\n      - {{ id: one, text: \"{p}\" }}\nfields:\n  - {{ id: who, label: \"{p}\", type: text }}\ncomments:\n  - {{ id: c, label: \"{p}\" }}\nbands:\n  - {{ min: 0, max: 1, label: \"{p}\" }}\n---\nText.\n"
        ),
    );
    build_ok(&f);
    let about = f.read("public/about/index.html");
    assert!(about.contains("About &lt;script&gt;"), "{about}");
}

// Pins that `javascript:`/`data:` URLs in front matter (links, contact, resources) are errors.
#[test]
fn script_urls_in_front_matter_refused() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/urls.md",
        &case_study(
            "Urls",
            "links: [{ title: \"x\", url: \"javascript:alert(7)\" }]\ncontact: { url: \" data:text/html,x\" }\n",
            "x",
        ),
    );
    f.write(
        "content/toolkit/one.md",
        "---\ntitle: \"One\"\nresources:\n  - { title: \"r\", url: \"JavaScript:alert(7)\" }\n---\nText.\n",
    );
    let err = build_err(&f, "content/case-studies/urls.md:9");
    assert!(err.contains("`links.url` is a `javascript:` URL"), "{err}");
    assert!(err.contains("`contact.url` is a `data:` URL"), "{err}");
    assert!(err.contains("content/toolkit/one.md:4"), "{err}");
}

// Pins that a `javascript:` repository in site.toml (it becomes "Edit this page") is refused.
#[test]
fn script_url_in_site_toml_refused() {
    let f = Fixture::valid();
    f.write(
        "site.toml",
        &format!(
            "repository = \"javascript:alert(7)//\"\n{}",
            common::SITE_TOML
        ),
    );
    let err = build_err(&f, "site.toml:1");
    assert!(err.contains("`repository` is a `javascript:` URL"), "{err}");
}

// Pins that template syntax in front matter is shown as written, never evaluated.
#[test]
fn template_syntax_not_evaluated() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/tera.md",
        &case_study(
            "{{ config.title }} {% raw %}",
            "outcomes: [\"{{ 7 * 7 }}\"]\n",
            "{{ 7 * 7 }}",
        ),
    );
    build_ok(&f);
    let html = page(&f, "tera");
    assert!(
        html.contains("{{ 7 * 7 }}") && !html.contains(">49<"),
        "{html}"
    );
}

// Pins that bidi overrides, NUL and other control characters build, and that NUL and BEL reach
// neither a page nor the spreadsheet (each becomes U+FFFD, as a browser shows it).
#[test]
fn control_characters() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/ctrl.md",
        &case_study(
            "Ctrl \u{202e}txet\u{202c}",
            "outcomes: [\"a\\u0000b\\u0007c\"]\n",
            "Body \u{0} \u{202e} &#0;",
        ),
    );
    let out = build(&f);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = f.read("public/case-studies/ctrl/index.html");
    assert!(page.contains("Ctrl"), "the case study was not published");
    // NUL and BEL never reach a page; the text around them does.
    assert!(
        !page.contains('\u{0}') && !page.contains('\u{7}'),
        "a control character was published"
    );
    assert!(page.contains("Body"), "the body was lost");
    let csv = f.read("public/data/case-studies.csv");
    assert!(
        !csv.contains('\u{0}') && !csv.contains('\u{7}') && csv.contains("a\u{fffd}b\u{fffd}c"),
        "the spreadsheet carries a control character"
    );
}

// ----- Files --------------------------------------------------------------------------------

// Pins that a 50 MB file is refused by its size, without being read, naming the file.
#[test]
fn file_of_50_mb() {
    let f = Fixture::valid();
    let path = f.path("content/case-studies/big.md");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(50_000_000).unwrap();
    let err = build_err(&f, "content/case-studies/big.md");
    assert!(
        err.contains("this file is 50.0 MB; the limit is 8 MB"),
        "{err}"
    );
}

// Pins that `[limits] file_size_mb` changes the limit both ways.
#[test]
fn file_size_limit_is_configurable() {
    let f = Fixture::valid();
    let body = "Words and more words. ".repeat(100_000); // 2.2 MB
    f.write(
        "content/case-studies/long.md",
        &case_study("Long", "", &body),
    );
    f.write(
        "site.toml",
        &format!("{}\n[limits]\nfile_size_mb = 1\n", common::SITE_TOML),
    );
    let err = build_err(&f, "content/case-studies/long.md");
    assert!(err.contains("the limit is 1 MB"), "{err}");
    f.write(
        "site.toml",
        &format!("{}\n[limits]\nfile_size_mb = 3\n", common::SITE_TOML),
    );
    build_ok(&f);
}

// Pins that a library with more pages than `[limits] pages` is refused with a clear error.
#[test]
fn page_count_limit() {
    let f = Fixture::valid();
    f.write(
        "site.toml",
        &format!("{}\n[limits]\npages = 3\n", common::SITE_TOML),
    );
    for i in 0..3 {
        f.write(
            &format!("content/case-studies/s{i}.md"),
            &case_study(&format!("S{i}"), "", "x"),
        );
    }
    let err = build_err(&f, "content");
    assert!(
        err.contains("the library has 5 pages; the limit is 3"),
        "{err}"
    );
}

// Pins that an over-long path is refused, naming (the start of) the path.
#[test]
fn path_length_limit() {
    let f = Fixture::valid();
    let name = format!("content/case-studies/{}.md", "a".repeat(190));
    f.write(&name, &case_study("Long name", "", "x"));
    let err = build_err(&f, "content/case-studies/aaaa");
    assert!(err.contains("characters long; the limit is 200"), "{err}");
}

// Pins that a file that is not UTF-8 is an error naming the file and line.
#[test]
fn invalid_utf8() {
    let f = Fixture::valid();
    let mut bytes = case_study("Latin1", "", "caf").into_bytes();
    bytes.extend_from_slice(b"\xe9 \xff\xfe\n");
    f.write_bytes("content/case-studies/latin.md", &bytes);
    let err = build_err(&f, "content/case-studies/latin.md:12");
    assert!(err.contains("not UTF-8"), "{err}");
}

// Pins that a byte-order mark is accepted and not shown.
#[test]
fn byte_order_mark() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/bom.md",
        &format!("\u{feff}{}", case_study("With BOM", "", "Hello.")),
    );
    build_ok(&f);
    let html = page(&f, "bom");
    assert!(html.contains("With BOM") && !html.contains('\u{feff}'));
}

// Pins that CRLF line endings (and BOM + CRLF) give the same page as LF.
#[test]
fn crlf_line_endings() {
    let f = Fixture::valid();
    let text = case_study(
        "Windows",
        "outcomes: [\"Leeds\"]\n",
        "## Part one\r\n\r\nText.",
    );
    f.write("content/case-studies/crlf.md", &text.replace('\n', "\r\n"));
    f.write(
        "content/case-studies/bomcrlf.md",
        &format!(
            "\u{feff}{}",
            text.replace("Windows", "Both").replace('\n', "\r\n")
        ),
    );
    build_ok(&f);
    let html = page(&f, "crlf");
    assert!(html.contains("<h2 id=\"part-one\">"), "{html}");
    assert!(html.contains("Leeds") && !html.contains("Leeds\r"));
    assert!(page(&f, "bomcrlf").contains("Both"));
}

// Pins that empty and whitespace-only files are clear errors.
#[test]
fn empty_files() {
    for (name, text) in [("empty", ""), ("blank", "  \n\n\t\n"), ("dashes", "---\n")] {
        let f = Fixture::valid();
        let file = format!("content/case-studies/{name}.md");
        f.write(&file, text);
        let err = build_err(&f, &file);
        assert!(err.contains("front matter"), "{err}");
    }
}

// Pins that file names with spaces and non-ASCII letters build to clean URLs.
#[test]
fn names_with_spaces_and_accents() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/Our Story in Łódź.md",
        &case_study("Łódź", "", "x"),
    );
    f.write("content/case-studies/photo of café.jpg", "jpeg");
    build_ok(&f);
    assert!(
        f.path("public/case-studies/our-story-in-lodz/index.html")
            .is_file()
    );
    assert!(f.path("public/case-studies/photo of café.jpg").is_file());
}

// Pins that two pages whose names differ only in case (or spaces) clash with an error.
#[test]
fn case_only_page_clash() {
    let f = Fixture::valid();
    f.write("content/case-studies/Story.md", &case_study("One", "", "x"));
    f.write("content/case-studies/story.md", &case_study("Two", "", "x"));
    let err = build_err(&f, "content/case-studies/story.md");
    assert!(
        err.contains("the same address as `content/case-studies/Story.md`"),
        "{err}"
    );
}

// Pins that two files whose names differ only in case clash on case-insensitive disks: error.
#[test]
fn case_only_file_clash() {
    let f = Fixture::valid();
    f.write("content/case-studies/Photo.JPG", "a");
    f.write("content/case-studies/photo.jpg", "b");
    let err = build_err(&f, "content/case-studies/photo.jpg");
    assert!(err.contains("only in letter case"), "{err}");
}

// Pins that a symlink to a file outside the library is refused and its content never copied.
#[cfg(unix)]
#[test]
fn symlink_outside_library() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, case_study("Secret", "", "TOKEN-1234")).unwrap();
    let f = Fixture::valid();
    std::os::unix::fs::symlink(&secret, f.path("content/case-studies/leak.md")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", f.path("content/case-studies/passwd.txt")).unwrap();
    let err = build_err(&f, "content/case-studies/leak.md");
    assert!(err.contains("outside the library"), "{err}");
    assert!(err.contains("content/case-studies/passwd.txt"), "{err}");
    assert!(!err.contains("TOKEN-1234"));
}

// Pins that a symlinked folder outside the library and a dangling symlink are errors.
#[cfg(unix)]
#[test]
fn symlinked_folder_and_dangling_link() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.md"), case_study("X", "", "SECRET")).unwrap();
    let f = Fixture::valid();
    std::os::unix::fs::symlink(outside.path(), f.path("content/linked")).unwrap();
    let err = build_err(&f, "content/linked");
    assert!(err.contains("outside the library"), "{err}");
    assert!(!err.contains("SECRET"));
    std::fs::remove_file(f.path("content/linked")).unwrap();
    std::os::unix::fs::symlink("/nowhere/at/all", f.path("content/case-studies/gone.md")).unwrap();
    let err = build_err(&f, "content/case-studies/gone.md");
    assert!(err.contains("points to nothing"), "{err}");
}

// Pins that a symlink inside the library (to another file of it) is read as that file.
#[cfg(unix)]
#[test]
fn symlink_inside_library() {
    let f = Fixture::valid();
    f.write("content/shared/photo.jpg", "jpeg");
    std::os::unix::fs::symlink(
        f.path("content/shared/photo.jpg"),
        f.path("content/case-studies/photo.jpg"),
    )
    .unwrap();
    build_ok(&f);
    assert_eq!(f.read("public/case-studies/photo.jpg"), "jpeg");
}

// Pins that an output folder inside content/ (it would be replaced whole) is refused.
#[test]
fn output_inside_content_refused() {
    let f = Fixture::valid();
    let out = f.cairn(&["build", "--output", "content/public"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("refusing to write the site"),
        "{}",
        stderr(&out)
    );
    assert!(f.path("content/case-studies/good.md").is_file());
}

// ----- No data lost -------------------------------------------------------------------------

// Pins that `cairn new` never overwrites an existing file, even one it did not write.
#[test]
fn new_never_overwrites() {
    let f = Fixture::valid();
    let before = f.read("content/case-studies/good.md");
    let out = f.cairn(&["new", "case-study", "Good"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(f.read("content/case-studies/good.md"), before);
    let out = f.cairn(&["new", "case-study", "  GOOD!  "]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(f.read("content/case-studies/good.md"), before);
}

// Pins that a build killed with SIGKILL halfway through writing leaves the previous output
// byte-identical, and the next build cleans up after it.
#[cfg(unix)]
#[test]
fn build_killed_midway_keeps_previous_output() {
    let f = Fixture::valid();
    f.build_ok();
    let before = snapshot_tree(&f.path("public"));
    assert!(!before.is_empty());
    // Enough pages that writing them takes a while.
    for i in 0..4_000 {
        f.write(
            &format!("content/case-studies/story-{i}.md"),
            &case_study(
                &format!("Story {i}"),
                "",
                &"Some words about it. ".repeat(50),
            ),
        );
    }
    let staging_files = |f: &Fixture| -> usize {
        std::fs::read_dir(f.root())
            .unwrap()
            .flatten()
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(".public.cairn-new-")
            })
            .map(|e| walk_count(&e.path()))
            .sum()
    };
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cairn"))
        .arg("build")
        .current_dir(f.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the new site is partly written, then kill the build.
    let started = Instant::now();
    let mut written = 0;
    while started.elapsed() < Duration::from_secs(120) {
        written = staging_files(&f);
        if written >= 200 || child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let finished_first = child.try_wait().unwrap().is_some();
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(
        !finished_first,
        "the build finished before it could be killed"
    );
    assert!(
        written >= 200,
        "the build was killed before writing ({written} files)"
    );
    assert_eq!(
        snapshot_tree(&f.path("public")),
        before,
        "the previous output changed"
    );
    eprintln!("killed the build after {written} staged files; previous output byte-identical");
    // The next build replaces the leftovers and succeeds.
    f.build_ok();
    assert!(f.path("public/case-studies/story-1/index.html").is_file());
    assert_eq!(staging_files(&f), 0, "staging folder left behind");
}

fn walk_count(dir: &std::path::Path) -> usize {
    let mut n = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                n += 1;
            }
        }
    }
    n
}

// Pins that a build killed between the two renames of the swap (no `public/`, only the retired
// copy) loses nothing: the next build, even a failing one, puts the previous output back.
#[test]
fn build_killed_during_swap_restores_previous_output() {
    let f = Fixture::valid();
    f.build_ok();
    let before = snapshot_tree(&f.path("public"));
    std::fs::rename(f.path("public"), f.path(".public.cairn-old-4242")).unwrap();
    f.write("content/case-studies/broken.md", "no front matter");
    build(&f);
    assert_eq!(snapshot_tree(&f.path("public")), before);
    assert!(!f.path(".public.cairn-old-4242").exists());
}

// Pins that the output a build replaced, kept hidden as the next build's spare, is never put
// back over a newer one: after a build killed between the two renames of its swap, while its
// staging folder (the spare it was writing into) was half written, the next build, even a
// failing one, puts back the newest output and keeps the rest only as its spare.
#[cfg(unix)]
#[test]
fn killed_swap_puts_back_the_newest_output() {
    let f = Fixture::valid();
    f.build_ok();
    f.write(
        "content/case-studies/second.md",
        &case_study("Second", "", "More."),
    );
    f.build_ok();
    let newest = snapshot_tree(&f.path("public"));
    let beside = |f: &Fixture| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(f.root())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public.cairn-"))
            .collect();
        names.sort();
        names
    };
    assert_eq!(beside(&f), [".public.cairn-spare"]);
    // What the killed build left: its staging (the spare) half written, the newest moved aside.
    let staging = f.path(".public.cairn-new-4242");
    std::fs::rename(f.path(".public.cairn-spare"), &staging).unwrap();
    std::fs::remove_file(staging.join("index.html")).unwrap();
    // As a build writes a file shared with the output: a new file, never through the old one.
    std::fs::remove_file(staging.join("404.html")).unwrap();
    std::fs::write(staging.join("404.html"), "half written").unwrap();
    std::fs::rename(f.path("public"), f.path(".public.cairn-old-4242")).unwrap();

    f.write("content/case-studies/broken.md", "no front matter");
    build(&f);
    assert_eq!(snapshot_tree(&f.path("public")), newest);
    assert_eq!(beside(&f), [".public.cairn-spare"]);
    // Fixed, the next build writes the spare into a complete site again.
    std::fs::remove_file(f.path("content/case-studies/broken.md")).unwrap();
    f.build_ok();
    assert_eq!(snapshot_tree(&f.path("public")), newest);
}

// Pins that `cairn serve` never writes into the library: hostile requests (traversal, PUT,
// POST, DELETE) and a rebuild leave every file of the library as it was, and no `public/`.
#[test]
fn serve_never_writes_into_the_library() {
    use std::io::{BufRead, BufReader, Read, Write};
    let f = Fixture::valid();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cairn"))
        .args(["serve", "--port", "0", "--poll", "--root"])
        .arg(f.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut port = None;
    let until = Instant::now() + Duration::from_secs(60);
    while port.is_none() && Instant::now() < until {
        if let Ok(line) = rx.recv_timeout(Duration::from_secs(1))
            && let Some(rest) = line.strip_prefix("Serving http://127.0.0.1:")
        {
            port = rest.split('/').next().and_then(|p| p.parse::<u16>().ok());
        }
    }
    let Some(port) = port else {
        let _ = child.kill();
        panic!("serve did not start");
    };
    let request = |raw: &[u8]| -> String {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let _ = stream.write_all(raw);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer)
            .lines()
            .next()
            .unwrap_or("")
            .to_string()
    };
    // After this edit, the library must stay exactly as the test leaves it.
    f.write(
        "content/case-studies/good.md",
        &common::GOOD_CASE_STUDY.replace("A good story", "An edited story"),
    );
    let expected = snapshot_tree(f.root());
    for raw in [
        &b"GET /../content/case-studies/good.md HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"[..],
        b"GET /%2e%2e/site.toml HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        b"PUT /content/case-studies/good.md HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
        b"PUT /case-studies/good/index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
        b"POST /content/new.md HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
        b"DELETE /content/case-studies/good.md HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    ] {
        let status = request(raw);
        assert!(status.starts_with("HTTP/1."), "no answer to {:?}", String::from_utf8_lossy(raw));
    }
    // The watcher saw the edit once serve says it rebuilt for it (not after a guessed pause),
    // though the fixture wrote the file in the same second as the poll watcher first read it.
    let until = Instant::now() + Duration::from_secs(60);
    let mut rebuilt = false;
    let mut said = Vec::new();
    while !rebuilt && Instant::now() < until {
        if let Ok(line) = rx.recv_timeout(Duration::from_secs(1)) {
            said.push(line.clone());
            // The poll watcher may name the folder too: "after a change to content/case-studies,
            // content/case-studies/good.md".
            rebuilt =
                line.contains("after a change to") && line.contains("content/case-studies/good.md");
        }
    }
    assert!(
        rebuilt,
        "serve did not rebuild after the edit ({:?}):\n{}",
        child.try_wait(),
        said.join("\n")
    );
    let page = request(
        b"GET /case-studies/good/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    let _ = child.kill();
    let _ = child.wait();
    assert!(page.contains("200"), "{page}");
    assert_eq!(
        snapshot_tree(f.root()),
        expected,
        "serve changed the library's files"
    );
    assert!(!f.path("public").exists());
}
