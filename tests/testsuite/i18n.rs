//! Integration tests of libraries in several languages (src/i18n.rs, src/render/languages.rs):
//! translation files, the language switcher and fallback notice, per-language search indexes,
//! interface strings and their fallbacks, and `cairn check`'s stale-translation report.

use crate::common;

use std::path::Path;

use cairn::render::RenderOptions;
use common::{Fixture, stderr, urls_in};

/// The example library, built in memory.
fn example() -> cairn::Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_, output, _) =
        cairn::build_in_memory(root, false, &RenderOptions::default()).expect("example builds");
    output
}

fn page(output: &cairn::Output, path: &str) -> String {
    String::from_utf8(
        output
            .get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .to_vec(),
    )
    .unwrap()
}

/// The `href`s of the language switcher of a page.
fn switcher(html: &str) -> Vec<String> {
    let start = html
        .find("<nav class=\"language-switcher")
        .expect("page has a language switcher");
    let end = start + html[start..].find("</nav>").unwrap();
    urls_in(&html[start..end])
}

/// Resolves a relative `href` against the page at `from` (both relative to the site root).
fn resolve(from: &str, href: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

const THREE_LANGUAGES: &str = r#"title = "Test Library"
base_url = "https://example.org/lib/"
language = "en"
languages = [
  { code = "en", name = "English" },
  { code = "cy", name = "Cymraeg" },
  { code = "ur", name = "اردو" },
]

[taxonomies.themes]
terms = ["health inequalities", "youth"]
[taxonomies.themes.translations.cy]
title = "Themâu"
names = { youth = "Pobl ifanc" }

[taxonomies.approaches]
terms = ["participatory budgeting"]
"#;

/// The fixture library in English, Welsh and Urdu, with a Welsh translation of its case study.
fn three_languages() -> Fixture {
    let f = Fixture::valid();
    f.write("site.toml", THREE_LANGUAGES);
    f.write(
        "content/toolkit/_index.md",
        "---\ntitle: \"Toolkit\"\n---\n\nThe toolkit.\n",
    );
    f.write(
        "content/case-studies/good.cy.md",
        &common::GOOD_CASE_STUDY
            .replace("A good story", "Stori dda")
            .replace("Something worked.", "Fe weithiodd rhywbeth.")
            .replace("## What happened", "## Beth ddigwyddodd")
            .replace("#what-happened", "#beth-ddigwyddodd"),
    );
    f
}

// Pins the Must-show: the example library builds in English, Welsh and Urdu, and the switcher of
// each translated page links to its siblings in the other languages.
#[test]
fn example_library_switcher_links_translations() {
    let out = example();
    for path in [
        "index.html",
        "cy/index.html",
        "ur/index.html",
        "cy/case-studies/develop-glodwick/index.html",
        "cy/forms/assessing-progress/index.html",
        "ur/forms/assessing-progress/index.html",
    ] {
        assert!(out.get(path).is_some(), "missing {path}");
    }
    let cases = [
        (
            "cy/case-studies/develop-glodwick/index.html",
            "case-studies/develop-glodwick/index.html",
        ),
        (
            "ur/forms/assessing-progress/index.html",
            "forms/assessing-progress/index.html",
        ),
        ("cy/index.html", "index.html"),
        (
            "forms/assessing-progress/index.html",
            "forms/assessing-progress/index.html",
        ),
    ];
    for (from, inner) in cases {
        let html = page(&out, from);
        let links: Vec<String> = switcher(&html).iter().map(|h| resolve(from, h)).collect();
        let expected: Vec<String> = ["", "cy/", "ur/"]
            .iter()
            .map(|p| format!("{p}{inner}"))
            .filter(|p| p != from)
            .collect();
        assert_eq!(links, expected, "switcher of {from}");
        for l in &links {
            assert!(out.get(l).is_some(), "{from} links to missing {l}");
        }
        // Each language is named in itself, with its code.
        assert!(
            html.contains(">Cymraeg<") && html.contains(">اردو<") && html.contains(">English<")
        );
        assert!(html.contains("hreflang=\"cy\""));
    }
    // Translated text is used; the Welsh home page and case study are in Welsh.
    assert!(page(&out, "cy/index.html").contains("<html lang=\"cy\" dir=\"ltr\""));
    assert!(
        page(&out, "cy/case-studies/develop-glodwick/index.html").contains("Ffeithiau allweddol")
    );
    let ur = page(&out, "ur/forms/assessing-progress/index.html");
    assert!(ur.contains("<html lang=\"ur\" dir=\"rtl\""));
    assert!(ur.contains("یہ اجلاس کیسا رہا؟"));
}

// Pins the Must-show: a page without a translation shows the default language with a notice
// (never a 404), and a translated page does not.
#[test]
fn example_library_untranslated_page_shows_fallback_notice() {
    let out = example();
    let about = page(&out, "cy/about/index.html");
    assert!(
        about.contains("class=\"fallback-notice\""),
        "no notice on cy/about"
    );
    assert!(
        about.contains("wedi&#39;i chyfieithu"),
        "notice is not in Welsh"
    );
    assert!(
        about.contains("<div lang=\"en\" dir=\"ltr\">"),
        "fallback text not marked English"
    );
    let ur_case = page(&out, "ur/case-studies/develop-glodwick/index.html");
    assert!(ur_case.contains("class=\"fallback-notice\""));
    for translated in [
        "cy/case-studies/develop-glodwick/index.html",
        "cy/index.html",
        "ur/forms/assessing-progress/index.html",
        "about/index.html",
    ] {
        assert!(
            !page(&out, translated).contains("class=\"fallback-notice\""),
            "{translated} has a fallback notice"
        );
    }
    // hreflang alternates name only real translations: the about page exists only in English.
    assert!(!about.contains("<link rel=\"alternate\" hreflang=\"cy\""));
    let case = page(&out, "cy/case-studies/develop-glodwick/index.html");
    assert!(case.contains(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"../../../case-studies/develop-glodwick/index.html\">"
    ));
    assert!(!case.contains("<link rel=\"alternate\" hreflang=\"ur\""));
    assert!(case.contains(
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"../../../case-studies/develop-glodwick/index.html\">"
    ));
}

// Pins that every relative link of every page of every language leads to a file of the site.
#[test]
fn every_language_links_resolve() {
    let f = three_languages();
    let (_, out, _) =
        cairn::build_in_memory(f.root(), false, &RenderOptions::default()).expect("builds");
    let mut checked = 0;
    for path in out.paths().filter(|p| p.ends_with(".html")) {
        let html = page(&out, path);
        for url in urls_in(&html) {
            if url.contains(':') || url.starts_with('#') || url.is_empty() {
                continue;
            }
            // The 404 page's <base> (the published site's path): its links are relative to
            // its own folder there, as here.
            if path.ends_with("404.html") && url.starts_with('/') {
                continue;
            }
            let target = url.split(['#', '?']).next().unwrap();
            if target.is_empty() {
                continue;
            }
            let resolved = resolve(path, target);
            assert!(
                out.get(&resolved).is_some(),
                "{path} links to {url}, which is not in the site"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

// Pins that `name.<lang>.md` is a translation, not a page of its own, and that its terms are
// shown in the language (per-language names in site.toml).
#[test]
fn translation_files_are_not_pages() {
    let f = three_languages();
    f.build_ok();
    assert!(!f.path("public/case-studies/good-cy").exists());
    assert!(!f.path("public/cy/case-studies/good-cy").exists());
    let cy = f.read("public/cy/case-studies/good/index.html");
    assert!(cy.contains("<h1>Stori dda</h1>"));
    assert!(cy.contains(">Pobl ifanc</a>"), "Welsh term name not used");
    let en = f.read("public/case-studies/good/index.html");
    assert!(en.contains("<h1>A good story</h1>") && en.contains(">Youth</a>"));
    // Dates are written in the language too.
    assert!(cy.contains("<dd>Mawrth 2021</dd>"), "date not in Welsh");
    assert!(en.contains("<dd>March 2021</dd>"));
    let ur = f.read("public/ur/case-studies/good/index.html");
    assert!(ur.contains("<dd>مارچ 2021</dd>"), "date not in Urdu");
    let themes = f.read("public/cy/themes/index.html");
    assert!(themes.contains("<h1>Themâu</h1>"));
}

// Pins that a file named like a translation into a language site.toml does not list is left
// out with a warning, not published as a page of its own.
#[test]
fn unlisted_language_file_warns() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/good.fr.md",
        &common::GOOD_CASE_STUDY.replace("A good story", "Une bonne histoire"),
    );
    let out = f.build_ok();
    assert!(
        stderr(&out).contains("looks like a translation into `fr`"),
        "{}",
        stderr(&out)
    );
    assert!(!f.path("public/case-studies/good-fr").exists());
}

// Pins that a single-language library gets no switcher, no alternates and no `<lang>/` folders.
#[test]
fn single_language_has_no_switcher() {
    let f = Fixture::valid();
    f.build_ok();
    let html = f.read("public/case-studies/good/index.html");
    assert!(!html.contains("language-switcher"));
    assert!(!html.contains("hreflang"));
    assert!(!f.path("public/en").exists());
}

// Pins the Must-show: searching in Welsh finds the Welsh case study (the Welsh index holds the
// Welsh text and Welsh URLs), and a language without a stemmer builds, with a warning.
#[test]
fn welsh_search_index_and_unsupported_language_warning() {
    let out = example();
    // Every file of a language's index, one after the other.
    let index = |prefix: &str| -> String {
        out.files()
            .filter(|(p, _)| {
                p.strip_prefix(prefix)
                    .is_some_and(|p| p.starts_with("search/") && p.ends_with(".js"))
            })
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .collect()
    };
    let cy = index("cy/");
    assert!(cy.contains("\"lang\":\"plain\"") || cy.contains("plain"));
    assert!(cy.contains("cymunedol"), "Welsh words not indexed");
    assert!(cy.contains("case-studies/develop-glodwick/index.html"));
    let en = index("");
    assert!(en.contains("participatori"), "English words indexed");
    assert!(
        !en.contains("cymunedol"),
        "Welsh words in the English index"
    );
    assert!(cy.contains("Sefydlwyd") || cy.contains("Yn Glodwick"));

    let f = three_languages();
    let built = f.build_ok();
    let err = stderr(&built);
    assert!(
        err.contains("search has no stemmer for the language `cy`"),
        "{err}"
    );
    assert!(f.path("public/cy/search/search-index.js").exists());
    assert!(f.path("public/ur/search/search-index.js").exists());
}

// Pins the Must-show: `cairn check` reports a translation whose source changed since it was
// translated (by the content hash in its front matter), and not one that is up to date.
#[test]
fn check_reports_stale_translation() {
    let f = three_languages();
    let source = f.read("content/case-studies/good.md");
    let hash = cairn::content::translation::content_hash(&source);
    let translation = f.read("content/case-studies/good.cy.md");
    f.write(
        "content/case-studies/good.cy.md",
        &translation.replacen("---\n", &format!("---\nsource_hash: {hash}\n"), 1),
    );
    let out = f.cairn(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &stderr(&out);
    assert!(!text.contains("older than its source"), "{text}");
    assert!(!text.contains("does not record"), "{text}");

    f.write(
        "content/case-studies/good.md",
        &source.replace("Something worked.", "Something worked well."),
    );
    let out = f.cairn(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &stderr(&out);
    assert!(
        text.contains("this translation is older than its source"),
        "{text}"
    );
    assert!(text.contains("content/case-studies/good.cy.md"), "{text}");
    // The build itself is not stopped by it.
    f.build_ok();
}

// Pins that interface strings missing in a language fall back to the default language, that
// `cairn check` lists them, and that a library's own i18n file overrides the theme's.
#[test]
fn missing_strings_fall_back_and_are_listed() {
    let f = Fixture::valid();
    f.write(
        "site.toml",
        &common::SITE_TOML.replace(
            "description = \"A fixture.\"\n",
            "description = \"A fixture.\"\nlanguages = [{ code = \"en\", name = \"English\" }, { code = \"pl\", name = \"Polski\" }]\n",
        ),
    );
    f.write("i18n/pl.toml", "key_facts = \"Najważniejsze fakty\"\n");
    f.build_ok();
    let pl = f.read("public/pl/case-studies/good/index.html");
    assert!(
        pl.contains("Najważniejsze fakty"),
        "library string not used"
    );
    assert!(
        pl.contains(">Outcomes</h2>"),
        "missing string did not fall back"
    );
    let out = f.cairn(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &stderr(&out);
    assert!(text.contains("missing in `pl`"), "{text}");
    assert!(text.contains("outcomes"), "{text}");
    assert!(!text.contains(" key_facts,"), "{text}");

    // A library override of the default language changes the English pages too.
    f.write("i18n/en.toml", "key_facts = \"At a glance\"\n");
    f.build_ok();
    assert!(
        f.read("public/case-studies/good/index.html")
            .contains(">At a glance</h2>")
    );
}

// Pins that a translated form must keep its source's items, codes and points (so totals in
// every language mean the same), and names the file when it does not.
#[test]
fn translated_form_must_keep_its_shape() {
    let f = three_languages();
    let form = include_str!("../../src/scaffold/form.md");
    f.write("content/forms/check.md", form);
    f.write(
        "content/forms/check.ur.md",
        &form.replace("points: 3 }", "points: 4 }"),
    );
    let out = f.cairn(&["build"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("content/forms/check.ur.md")
            && stderr(&out).contains("differ from its source"),
        "{}",
        stderr(&out)
    );
}

// Pins that principle names translate through a translated principle set, whose ids must stay
// those of its source.
#[test]
fn translated_principle_set() {
    let f = three_languages();
    f.write(
        "content/principles/core.cy.md",
        &common::PRINCIPLES
            .replace("Core principles", "Egwyddorion craidd")
            .replace("\"Sharing power\"", "\"Rhannu pŵer\""),
    );
    f.build_ok();
    let cy = f.read("public/cy/principles/core/sharing-power/index.html");
    assert!(
        cy.contains("<h1>Rhannu pŵer</h1>"),
        "principle name not in Welsh"
    );
    let case = f.read("public/cy/case-studies/good/index.html");
    assert!(
        case.contains(">Rhannu pŵer</a>"),
        "citing case study shows the English name"
    );
    assert!(
        f.read("public/principles/core/sharing-power/index.html")
            .contains("<h1>Sharing power</h1>")
    );

    f.write(
        "content/principles/core.cy.md",
        &common::PRINCIPLES.replace("id: assets", "id: asedau"),
    );
    let out = f.cairn(&["build"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("this translation's principles differ from its source's"),
        "{}",
        stderr(&out)
    );
}

// Pins that a misspelt key in a library's string file is reported with the closest real key.
#[test]
fn misspelt_string_key_is_reported() {
    let f = three_languages();
    f.write("i18n/cy.toml", "key_fact = \"Ffeithiau\"\n");
    let out = f.cairn(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &stderr(&out);
    assert!(
        text.contains("the interface string `key_fact` is not used by the theme"),
        "{text}"
    );
    assert!(text.contains("did you mean `key_facts`?"), "{text}");
}

// Pins that the translation of a draft case study is left out with it, not reported as a
// translation of nothing.
#[test]
fn translation_of_a_draft_is_left_out() {
    let f = three_languages();
    let draft = common::GOOD_CASE_STUDY
        .replace("A good story", "A draft story")
        .replace("licence:", "draft: true\nlicence:");
    f.write("content/case-studies/draft.md", &draft);
    f.write(
        "content/case-studies/draft.cy.md",
        &draft.replace("A draft story", "Stori ddrafft"),
    );
    f.build_ok();
    assert!(!f.path("public/case-studies/draft").exists());
    assert!(!f.path("public/cy/case-studies/draft").exists());
    let out = f.cairn(&["build", "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        f.read("public/cy/case-studies/draft/index.html")
            .contains("<h1>Stori ddrafft</h1>")
    );
}

// Pins that a page in another language shares its own address (`og:url` under `cy/`), not the
// default language's page.
#[test]
fn other_languages_share_their_own_address() {
    let out = example();
    let base = "https://example.org/co-production-library/";
    for (path, shared) in [
        (
            "cy/case-studies/develop-glodwick/index.html",
            "cy/case-studies/develop-glodwick/",
        ),
        ("ur/about/index.html", "ur/about/"),
        (
            "case-studies/develop-glodwick/index.html",
            "case-studies/develop-glodwick/",
        ),
    ] {
        let html = page(&out, path);
        let tag = format!("<meta property=\"og:url\" content=\"{base}{shared}\">");
        assert!(html.contains(&tag), "{path} lacks {tag}");
    }
}
