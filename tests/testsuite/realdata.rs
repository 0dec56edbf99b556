//! Real libraries moving in (issue 23): facts left out rather than invented, room for a
//! library's own data (`extra:`, `aliases:`, custom taxonomies), pages in one language only,
//! and `check` on a library of thousands. One small fixture per behaviour.

use crate::common;

use common::{Fixture, stderr};

/// A case study with only a title and a story: no date, place or summary.
const BARE: &str = "---\ntitle: \"Bare facts\"\n---\n\n## Background\n\nResidents met in the hall\nevery week. They planned a garden.\n\nLater they built it.\n";

// Pins the must-show: a case study with no date, no place and no summary builds; its page says
// "Not recorded" for both, its card, search entry, feed and data use the first paragraph as the
// summary, and the open data says the place is null and the summary was not written.
#[test]
fn case_study_with_only_a_title_builds() {
    let f = Fixture::valid();
    f.write("content/case-studies/bare.md", BARE);
    let out = f.build_ok();
    assert!(!stderr(&out).contains("bare.md"), "{}", stderr(&out));
    let page = f.read("public/case-studies/bare/index.html");
    let facts = page.split("class=\"key-facts\"").nth(1).unwrap();
    let facts = facts.split("</section>").next().unwrap();
    assert_eq!(facts.matches("Not recorded").count(), 2, "{facts}");
    let taken = "Residents met in the hall every week. They planned a garden.";
    assert!(
        page.contains(&format!("<p class=\"lede\">{taken}</p>")),
        "{page}"
    );
    assert!(!page.contains("Later they built it.</p>\n<section"));
    let library = f.read("public/case-studies/index.html");
    assert!(library.contains(taken), "card summary");
    assert!(f.read("public/atom.xml").contains(taken));
    let data: serde_json::Value =
        serde_json::from_str(&f.read("public/data/case-studies.json")).unwrap();
    let record = data["case_studies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == "bare")
        .unwrap();
    assert_eq!(record["place"], serde_json::Value::Null);
    assert_eq!(record["date"], serde_json::Value::Null);
    assert_eq!(record["summary"], taken);
    assert_eq!(record["summary_written"], false);
    let good = data["case_studies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == "good")
        .unwrap();
    assert_eq!(good["summary_written"], true);
    // Not listed under any place: the Places pages have only Oldham.
    let places = f.read("public/places/index.html");
    assert!(places.contains("Oldham") && !places.contains("Not recorded"));
}

// Pins that `check` warns about each fact left out, by rule, and still passes.
#[test]
fn check_warns_about_facts_left_out() {
    let f = Fixture::valid();
    f.write("content/case-studies/bare.md", BARE);
    let out = f.cairn(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for rule in ["date-missing", "place-missing", "summary-missing"] {
        assert!(
            text.lines()
                .any(|l| l.contains(rule) && l.contains("bare.md")),
            "{rule}: {text}"
        );
    }
    assert!(!text.contains("good.md"), "{text}");
}

// Pins the must-show: two case studies with one title build, with a warning naming both files;
// each keeps its own page.
#[test]
fn two_case_studies_with_one_title_build_with_a_warning() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/again.md",
        &common::GOOD_CASE_STUDY.replace("2021-03", "2019"),
    );
    let out = f.build_ok();
    let err = stderr(&out);
    assert!(
        err.contains("warning: another case study already has the title \"A good story\""),
        "{err}"
    );
    assert!(err.contains("again.md") && err.contains("good.md"), "{err}");
    assert!(f.path("public/case-studies/again/index.html").exists());
    assert!(f.path("public/case-studies/good/index.html").exists());
}

// Pins that the consent rule still holds for a case study with only a title: naming people
// without `consent: true` stops the build.
#[test]
fn consent_is_still_required() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/bare.md",
        &BARE.replace("---\n\n", "people: [\"Jo Bloggs\"]\n---\n\n"),
    );
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("names people but does not say they agreed"));
}

/// A case study with `extra:` and `aliases:`.
const WITH_DATA: &str = "---\ntitle: \"Garden\"\nsummary: \"A garden grew.\"\ndate: 2020\nplace: \"Bury\"\naliases: [\"/projects/garden.html\", \"old/stories/garden/\"]\nextra:\n  funder: \"Lottery\"\n  project_code: P-17\n  budget: 1200\n---\n\nThe story.\n";

// Pins the must-show for `extra:`: free-form data reaches the page's template as `extra` and
// the open data (JSON as written, CSV as one JSON cell), on a page of every kind.
#[test]
fn extra_reaches_templates_and_open_data() {
    let f = Fixture::valid();
    f.write("content/case-studies/garden.md", WITH_DATA);
    f.write(
        "content/about.md",
        "---\ntitle: \"About\"\nextra: { team: \"Six volunteers\" }\n---\n\nAbout us.\n",
    );
    f.write(
        "templates/case-study.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"funder\">{% if extra.funder is defined %}{{ extra.funder }} {{ extra.budget }}{% else %}none{% endif %}</p>{% endblock content %}",
    );
    f.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"team\">{% if extra.team is defined %}{{ extra.team }}{% endif %}</p>{% endblock content %}",
    );
    f.build_ok();
    assert!(
        f.read("public/case-studies/garden/index.html")
            .contains("<p id=\"funder\">Lottery 1200</p>")
    );
    assert!(
        f.read("public/about/index.html")
            .contains("<p id=\"team\">Six volunteers</p>")
    );
    // A page without `extra:` gets an empty mapping, not an error.
    assert!(
        f.read("public/case-studies/good/index.html")
            .contains("<p id=\"funder\">none</p>")
    );
    let data: serde_json::Value =
        serde_json::from_str(&f.read("public/data/case-studies.json")).unwrap();
    let garden = data["case_studies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == "garden")
        .unwrap();
    assert_eq!(
        garden["extra"],
        serde_json::json!({"funder": "Lottery", "project_code": "P-17", "budget": 1200})
    );
    assert_eq!(
        garden["aliases"],
        serde_json::json!(["/projects/garden.html", "old/stories/garden/"])
    );
    let csv = f.read("public/data/case-studies.csv");
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",aliases,extra,taxonomies"),
        "{csv}"
    );
    assert!(
        csv.contains(r#""{""budget"":1200,""funder"":""Lottery"",""project_code"":""P-17""}""#),
        "{csv}"
    );
}

// Pins that `extra` does not open the door to misspelt fields: an unknown top-level field is
// still an error with "did you mean".
#[test]
fn unknown_fields_stay_errors_beside_extra() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/garden.md",
        &WITH_DATA.replace("extra:", "extar:"),
    );
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("unknown field `extar` in case study front matter"),
        "{err}"
    );
    assert!(err.contains("did you mean `extra`?"), "{err}");
}

// Pins the must-show for `aliases:`: each old address is a page with a meta refresh, a canonical
// link and a visible link, all relative to where it is, in every language; none is in the
// sitemap.
#[test]
fn aliases_become_relative_redirect_pages() {
    let f = Fixture::valid();
    f.write("content/case-studies/garden.md", WITH_DATA);
    f.write(
        "site.toml",
        &format!(
            "{}\n[[languages]]\ncode = \"en\"\nname = \"English\"\n\n[[languages]]\ncode = \"cy\"\nname = \"Cymraeg\"\n",
            common::SITE_TOML
        ),
    );
    f.build_ok();
    for (path, href) in [
        (
            "public/projects/garden.html",
            "../case-studies/garden/index.html",
        ),
        (
            "public/old/stories/garden/index.html",
            "../../../case-studies/garden/index.html",
        ),
        (
            "public/cy/old/stories/garden/index.html",
            "../../../case-studies/garden/index.html",
        ),
    ] {
        let html = f.read(path);
        assert!(
            html.contains(&format!(
                "<meta http-equiv=\"refresh\" content=\"0; url={href}\">"
            )),
            "{path}: {html}"
        );
        assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{href}\">")));
        assert!(html.contains(&format!("<a href=\"{href}\">Garden</a>")));
    }
    assert!(
        f.read("public/cy/projects/garden.html")
            .contains("wedi symud")
    );
    let sitemap = f.read("public/sitemap.xml");
    assert!(sitemap.contains("case-studies/garden/") && !sitemap.contains("projects/garden"));
}

// Pins that old addresses that cannot work, or that take another file's address, are errors
// at their line with the fix; the clash with a copied file is found by the site plan.
#[test]
fn bad_aliases_are_errors() {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/pond.md",
        "---\ntitle: \"Pond\"\naliases: [\"/old/garden/\"]\n---\n\nThe story.\n",
    );
    f.write(
        "content/case-studies/garden.md",
        "---\ntitle: \"Garden\"\naliases:\n  - \"/projects/garden.php\"\n  - \"https://old.example.org/garden/\"\n  - \"/case-studies/good/\"\n  - \"/case-studies/garden/\"\n  - \"/projects/../x\"\n  - \"old/garden\"\n---\n\nThe story.\n",
    );
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("bad_aliases", stderr(&out).replace("Building .\n", ""));
}

/// A library of `n` case studies with many findings each: facts left out, a paragraph of
/// long hard sentences on one line, a `TODO`, a second top-level heading and an unknown theme.
fn thousands(n: usize) -> Fixture {
    let f = Fixture::valid();
    let paragraph = "Organisational transformation necessitates comprehensive multidisciplinary collaboration between institutional stakeholders, statutory partners, commissioning bodies, voluntary organisations and community representatives across the whole locality, notwithstanding considerable administrative complexity and the interdependencies of existing governance arrangements and accountability frameworks, and the many competing priorities of partner organisations in the area. "
        .repeat(4);
    for i in 0..n {
        let theme = if i % 100 == 0 {
            "themes: [\"gardening\"]\n"
        } else {
            ""
        };
        f.write(
            &format!("content/case-studies/story-{i}.md"),
            &format!(
                "---\ntitle: \"Story {i}\"\n{theme}---\n\n# Story {i}\n\n{paragraph}\n\nTODO: add the outcomes.\n"
            ),
        );
    }
    f
}

// Pins the must-show: `cairn check --format json` on a library of 1,000 case studies with many
// findings gives one object per line, each with a stable `rule`; the human output starts with
// the count of each rule and has no line over 200 characters.
#[test]
fn check_on_a_thousand_case_studies() {
    let f = thousands(1000);
    let out = f.cairn(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let mut rules = std::collections::BTreeSet::new();
    let mut lines = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let rule = v["rule"].as_str().unwrap_or_default();
        assert!(!rule.is_empty(), "{line}");
        rules.insert(rule.to_string());
        lines += 1;
    }
    assert!(lines > 5000, "{lines}");
    for rule in [
        "date-missing",
        "place-missing",
        "summary-missing",
        "reading-ease",
        "sentence-length",
        "todo",
        "heading",
        "terms",
    ] {
        assert!(rules.contains(rule), "{rule}: {rules:?}");
    }

    let out = f.cairn(&["check"]);
    let human = String::from_utf8_lossy(&out.stdout);
    let first = human.lines().next().unwrap();
    assert!(
        first.starts_with("10 errors and ") && first.ends_with("in 1000 files, by rule:"),
        "{first}"
    );
    assert!(human.contains("  error    terms"), "{}", &human[..2000]);
    let widest = human.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest <= 200, "a line of {widest} characters");
}

// Pins `--only` and `--skip` (several rules, comma-separated or repeated), `--group rule` with a
// heading per rule, and an unknown rule refused with the closest one (exit 2).
#[test]
fn check_only_skip_and_group() {
    let f = thousands(3);
    let json = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        let out = f.cairn(&all);
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["rule"].as_str().unwrap().to_string()
            })
            .collect()
    };
    let only = json(&["--only", "todo,heading"]);
    assert_eq!(only.len(), 6, "{only:?}");
    assert!(only.iter().all(|r| r == "todo" || r == "heading"));
    let skipped = json(&["--skip", "todo", "--skip", "reading-ease"]);
    assert!(!skipped.is_empty());
    assert!(!skipped.iter().any(|r| r == "todo" || r == "reading-ease"));
    assert!(skipped.iter().any(|r| r == "heading"));
    // Only warnings left: the check passes.
    let out = f.cairn(&["check", "--only", "todo"]);
    assert_eq!(out.status.code(), Some(0));

    let out = f.cairn(&["check", "--group", "rule"]);
    let human = String::from_utf8_lossy(&out.stdout);
    let todo = human
        .find("== todo: 3 findings (a `TODO` left to fill in) ==")
        .unwrap();
    let heading = human.find("== heading: 3 findings").unwrap();
    assert!(heading < todo, "{human}");
    assert_eq!(human.matches("== todo:").count(), 1);

    let out = f.cairn(&["check", "--skip", "reading-eas"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("there is no check rule `reading-eas`: did you mean `reading-ease`?"),
        "{}",
        stderr(&out)
    );
}

// Pins that plain pages, folder introductions and the glossary are in the search index, each
// as a `page`.
#[test]
fn plain_pages_are_searched() {
    let f = Fixture::valid();
    f.write(
        "content/about.md",
        "---\ntitle: \"About us\"\n---\n\nWe are volunteers from Rochdale.\n",
    );
    f.write(
        "content/news/_index.md",
        "---\ntitle: \"News\"\n---\n\nThe allotment opened.\n",
    );
    f.write(
        "content/glossary.md",
        "---\ntitle: \"Glossary\"\nterms:\n  - { term: \"CVS\", expansion: \"Community and voluntary sector\", definition: \"Charities and groups.\" }\n---\n",
    );
    f.build_ok();
    let index = common::search_text(&f.path("public/search"));
    for (word, url) in [
        ("\"rochdal\"", "about/index.html"),
        ("\"allot\"", "news/index.html"),
        ("\"chariti\"", "glossary/index.html"),
    ] {
        assert!(index.contains(word), "{word}");
        assert!(index.contains(&format!("\"{url}\",\"page\"")), "{url}");
    }
}

/// site.toml of a library in English and Welsh.
fn bilingual() -> String {
    format!(
        "{}\n[[languages]]\ncode = \"en\"\nname = \"English\"\n\n[[languages]]\ncode = \"cy\"\nname = \"Cymraeg\"\n",
        common::SITE_TOML
    )
}

// Pins that a translation writing a fact other than its source's (a place, themes, consent) is
// an error naming the field, at its line, never silently dropped; the same value, or leaving the
// field out, is fine.
#[test]
fn translation_changing_a_kept_field_is_an_error() {
    let f = Fixture::valid();
    f.write("site.toml", &bilingual());
    f.write(
        "content/case-studies/good.cy.md",
        "---\ntitle: \"Stori dda\"\nsummary: \"Gweithiodd.\"\ndate: 2021-03\nplace: \"Oldham\"\nthemes: [\"health inequalities\"]\nconsent: true\n---\n\nY stori.\n",
    );
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(
        "translation_changes_kept_fields",
        stderr(&out).replace("Building .\n", "")
    );
    // The same facts as the source, or none at all: it builds.
    f.write(
        "content/case-studies/good.cy.md",
        "---\ntitle: \"Stori dda\"\ndate: 2021-03\nplace: \"Oldham\"\nthemes: [\"youth\"]\n---\n\nY stori.\n",
    );
    f.build_ok();
}

// Pins that the prose rules run only where they hold: reading ease for English only, sentence
// length for languages written with spaces, translations checked in their own language.
#[test]
fn prose_rules_follow_the_language() {
    let hard = "Organisational transformation necessitates comprehensive multidisciplinary collaboration between institutional stakeholders. ".repeat(12);
    let long = format!("{}.\n", vec!["gair"; 45].join(" "));
    let check = |f: &Fixture| -> Vec<(String, String)> {
        let out = f.cairn(&["check", "--format", "json"]);
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (
                    v["rule"].as_str().unwrap().to_string(),
                    v["file"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // A German library: no reading-ease score, sentence length still counted.
    let f = Fixture::valid();
    f.write(
        "site.toml",
        &common::SITE_TOML.replacen("description", "language = \"de\"\ndescription", 1),
    );
    f.write(
        "content/about.md",
        &format!("---\ntitle: \"Über uns\"\n---\n\n{hard}\n\n{long}"),
    );
    let found = check(&f);
    assert!(!found.iter().any(|(r, _)| r == "reading-ease"), "{found:?}");
    assert!(found.contains(&("sentence-length".into(), "content/about.md".into())));

    // A Welsh translation: checked for sentence length, not reading ease; the English source
    // for both.
    let f = Fixture::valid();
    f.write("site.toml", &bilingual());
    f.write(
        "content/about.md",
        &format!(
            "---\ntitle: \"About\"\n---\n\n{hard}\n\n{}",
            long.replace("gair", "word")
        ),
    );
    f.write(
        "content/about.cy.md",
        &format!("---\ntitle: \"Amdanom\"\n---\n\n{hard}\n\n{long}"),
    );
    let found = check(&f);
    for rule in ["reading-ease", "sentence-length"] {
        assert!(
            found.contains(&(rule.into(), "content/about.md".into())),
            "{rule}: {found:?}"
        );
    }
    assert!(found.contains(&("sentence-length".into(), "content/about.cy.md".into())));
    assert!(!found.contains(&("reading-ease".into(), "content/about.cy.md".into())));
}

/// site.toml with two taxonomies of the library's own: one with allowed terms, one open.
fn with_custom_taxonomies() -> String {
    format!(
        "{}\n[taxonomies.funders]\ntitle = \"Funders\"\nterms = [\"National Lottery\", \"Council\"]\nkinds = [\"case-studies\"]\n\n[taxonomies.project_codes]\nkinds = [\"case-studies\"]\n",
        common::SITE_TOML
    )
}

// Pins the must-show for custom taxonomies: declared in site.toml, used in a case study's
// `taxonomies:`, they get a page and term pages listing the case study, a filter on the library
// page (with the card's data attribute), links on the case study's page, search and open data.
#[test]
fn custom_taxonomy_end_to_end() {
    let f = Fixture::valid();
    f.write("site.toml", &with_custom_taxonomies());
    f.write(
        "content/case-studies/garden.md",
        "---\ntitle: \"Garden\"\ntaxonomies:\n  funders: [\"National Lottery\"]\n  project_codes: [\"P-17\"]\n---\n\nThe story.\n",
    );
    f.build_ok();
    let index = f.read("public/funders/index.html");
    assert!(index.contains("<h1>Funders</h1>"), "{index}");
    assert!(index.contains("national-lottery/index.html"));
    let term = f.read("public/funders/national-lottery/index.html");
    assert!(term.contains("case-studies/garden/index.html"), "{term}");
    assert!(f.path("public/project-codes/p-17/index.html").exists());
    let library = f.read("public/case-studies/index.html");
    assert!(library.contains("data-filter=\"funders\""), "filter");
    assert!(
        library.contains("data-funders=\"national-lottery\""),
        "card attribute"
    );
    assert!(library.contains("data-project-codes=\"p-17\""));
    let page = f.read("public/case-studies/garden/index.html");
    assert!(
        page.contains("<dt>Funders</dt><dd><a href=\"../../funders/national-lottery/index.html\">National Lottery</a></dd>"),
        "{page}"
    );
    assert!(page.contains("<dt>Project codes</dt>"));
    assert!(common::search_text(&f.path("public/search")).contains("\"lotteri\""));
    let data: serde_json::Value =
        serde_json::from_str(&f.read("public/data/case-studies.json")).unwrap();
    let garden = data["case_studies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == "garden")
        .unwrap();
    assert_eq!(
        garden["taxonomies"],
        serde_json::json!({"funders": ["National Lottery"], "project_codes": ["P-17"]})
    );
}

// Pins the errors of custom taxonomies: a term not allowed, a taxonomy site.toml does not
// declare, a misspelt built-in one in site.toml, and `kinds` other than case studies.
#[test]
fn custom_taxonomy_mistakes() {
    let f = Fixture::valid();
    f.write("site.toml", &with_custom_taxonomies());
    f.write(
        "content/case-studies/garden.md",
        "---\ntitle: \"Garden\"\ntaxonomies:\n  funders: [\"National Lotery\"]\n  funder: [\"Council\"]\n---\n\nThe story.\n",
    );
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let content = stderr(&out).replace("Building .\n", "");

    f.write(
        "site.toml",
        &format!(
            "{}\n[taxonomies.themse]\nterms = [\"x\"]\n\n[taxonomies.partners]\nkinds = [\"toolkit\"]\n",
            common::SITE_TOML
        ),
    );
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let config = stderr(&out).replace("Building .\n", "");
    insta::assert_snapshot!("custom_taxonomy_mistakes", format!("{content}\n{config}"));
}

// Pins that a case study written only in a language other than the default (`name.cy.md`, no
// `name.md`) builds and is published in that language alone: its page, listings, search, data
// and sitemap there, with that language's interface and no "not translated" notice; nothing of
// it in the default language, whose switcher link goes to that language's home page.
#[test]
fn case_study_only_in_another_language() {
    let f = Fixture::valid();
    f.write("site.toml", &bilingual());
    f.write(
        "content/case-studies/gardd.cy.md",
        "---\ntitle: \"Gardd y pentref\"\nsummary: \"Tyfodd gardd.\"\ndate: 2022\nplace: \"Bangor\"\nthemes: [\"youth\"]\n---\n\nRoedd y gymuned yn tyfu llysiau.\n",
    );
    let out = f.build_ok();
    assert!(!stderr(&out).contains("gardd"), "{}", stderr(&out));
    assert!(!f.path("public/case-studies/gardd/index.html").exists());
    let page = f.read("public/cy/case-studies/gardd/index.html");
    assert!(page.contains("<html lang=\"cy\""), "{page}");
    assert!(page.contains("Gardd y pentref"));
    assert!(
        !page.contains("has not been translated"),
        "no fallback notice"
    );
    assert!(
        page.contains("href=\"../../../index.html\""),
        "English switcher goes home"
    );
    assert!(!page.contains("hreflang=\"x-default\""));
    assert!(
        f.read("public/cy/case-studies/index.html")
            .contains("Gardd y pentref")
    );
    assert!(
        !f.read("public/case-studies/index.html")
            .contains("Gardd y pentref")
    );
    assert!(common::search_text(&f.path("public/cy/search")).contains("gardd"));
    assert!(!common::search_text(&f.path("public/search")).contains("gardd"));
    assert!(!f.read("public/data/case-studies.json").contains("gardd"));
    let sitemap = f.read("public/sitemap.xml");
    assert!(sitemap.contains("cy/case-studies/gardd/"));
    assert!(!sitemap.contains("lib/case-studies/gardd/"), "{sitemap}");
    // The Places page of English lists no Bangor; the Welsh one does.
    assert!(!f.path("public/places/bangor/index.html").exists());
    assert!(f.path("public/cy/places/bangor/index.html").exists());
    assert!(!f.read("public/places/index.html").contains("Bangor"));
    // `check` passes it as the build does, with no English rule on its Welsh text.
    let out = f.cairn(&["check", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("reading-ease"));
}
