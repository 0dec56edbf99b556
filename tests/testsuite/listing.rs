//! Paged listings and the build summary's budgets (issue 26): the case-study library and each
//! term's page in pages of `[listing] page_size`, planned, linked and in the sitemap; the
//! library's filter data beside them; the heaviest pages printed and budgets warned about.

use crate::common::{Fixture, SITE_TOML, stderr};

/// A valid library with `extra` more youth case studies, `[listing] page_size = 10`, and
/// `more_toml` added to site.toml.
fn paged(extra: usize, more_toml: &str) -> Fixture {
    let f = Fixture::valid();
    f.write(
        "site.toml",
        &format!("{SITE_TOML}\n[listing]\npage_size = 10\n{more_toml}"),
    );
    for i in 0..extra {
        f.write(
            &format!("content/case-studies/story-{i:02}.md"),
            &format!(
                "---\ntitle: \"Story {i}\"\nsummary: \"What happened.\"\ndate: 2020-{:02}\nplace: \"Oldham\"\nthemes: [\"youth\"]\n---\n\nText.\n",
                i % 12 + 1
            ),
        );
    }
    f
}

/// The `href` of the first `<a>` after `marker` in `html`.
fn href_after<'a>(html: &'a str, marker: &str) -> Option<&'a str> {
    let at = html.find(marker)?;
    let rest = &html[at..];
    let start = rest.find("href=\"")? + 6;
    rest[start..].split('"').next()
}

/// The card titles on a listing page, in order.
fn card_titles(html: &str) -> Vec<String> {
    html.split("<h3 class=\"card-title\"><a href=\"")
        .skip(1)
        .filter_map(|s| s.split_once('>').and_then(|(_, t)| t.split_once('<')))
        .map(|(t, _)| t.to_string())
        .collect()
}

// Pins that the library and a term are split into pages of `page_size`, each case study on
// exactly one page, page N at `page/N/index.html` with relative previous, next and numbered
// links, every page in the sitemap, and the filter data written beside them.
#[test]
fn listings_are_paged_and_linked() {
    // 1 + 25 case studies: 3 pages of the library; 26 youth ones: 3 pages of the term.
    let f = paged(25, "");
    f.build_ok();
    assert!(f.path("public/case-studies/page/3/index.html").is_file());
    assert!(!f.path("public/case-studies/page/4/index.html").exists());
    assert!(!f.path("public/case-studies/page/1/index.html").exists());
    assert!(f.path("public/themes/youth/page/3/index.html").is_file());
    assert!(!f.path("public/themes/youth/page/4/index.html").exists());
    assert!(!f.path("public/themes/health-inequalities/page/2").exists());

    let mut seen = Vec::new();
    for (n, path) in [
        (1, "case-studies/index.html"),
        (2, "case-studies/page/2/index.html"),
        (3, "case-studies/page/3/index.html"),
    ] {
        let html = f.read(&format!("public/{path}"));
        let titles = card_titles(&html);
        assert_eq!(titles.len(), if n < 3 { 10 } else { 6 }, "{path}");
        seen.extend(titles);
        assert!(
            html.contains(&format!("26 case studies · Page {n}/3")),
            "{path}"
        );
    }
    seen.sort();
    let before = seen.len();
    seen.dedup();
    assert_eq!((before, seen.len()), (26, 26), "each case study once");

    let two = f.read("public/case-studies/page/2/index.html");
    assert_eq!(
        href_after(&two, "class=\"pager-previous\""),
        Some("../../../case-studies/index.html")
    );
    assert_eq!(
        href_after(&two, "class=\"pager-next\""),
        Some("../../../case-studies/page/3/index.html")
    );
    assert!(two.contains("<title>Case studies · Page 2"), "{two}");
    let one = f.read("public/case-studies/index.html");
    assert_eq!(
        href_after(&one, "class=\"pager-next\""),
        Some("../case-studies/page/2/index.html")
    );
    assert!(!one.contains("pager-previous"));
    let term = f.read("public/themes/youth/page/3/index.html");
    assert_eq!(
        href_after(&term, "class=\"pager-previous\""),
        Some("../../../../themes/youth/page/2/index.html")
    );
    assert!(term.contains("<a href=\"../../../../themes/youth/index.html\"><span class=\"visually-hidden\">Page </span>1</a>"));

    let sitemap = f.read("public/sitemap.xml");
    for url in ["lib/case-studies/page/3/", "lib/themes/youth/page/2/"] {
        assert!(sitemap.contains(url), "sitemap lacks {url}");
    }
    for data in ["index.js", "terms-0.js", "cards-0.js"] {
        let text = f.read(&format!("public/case-studies/cards/{data}"));
        assert!(
            text.starts_with("(window.CAIRN_LIBRARY||"),
            "{data}: {text}"
        );
    }
    let index = f.read("public/case-studies/cards/index.js");
    assert!(
        index.contains("\"count\":26") && index.contains("\"page_size\":10"),
        "{index}"
    );
}

// Pins that a page size of 0 is refused with the key and the fix, and nothing is built.
#[test]
fn a_page_size_of_zero_is_refused() {
    let f = Fixture::valid();
    f.write(
        "site.toml",
        &format!("{SITE_TOML}\n[listing]\npage_size = 0\n"),
    );
    let out = f.cairn(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("`listing.page_size` is 0"), "{err}");
    assert!(err.contains("page_size = 24"), "{err}");
    assert!(!f.path("public").exists());
}

// Pins that the build summary prints the heaviest page, the largest listing page and the
// search index's files, and warns, naming the key, once a budget is passed.
#[test]
fn the_summary_prints_weights_and_warns_past_a_budget() {
    let f = paged(12, "");
    let out = f.build_ok();
    let err = stderr(&out);
    assert!(err.contains("Heaviest page: "), "{err}");
    assert!(err.contains("KB with its CSS and JS"), "{err}");
    assert!(err.contains("Largest listing page: case-studies/"), "{err}");
    assert!(err.contains("Search index files: "), "{err}");
    assert!(!err.contains("budget"), "within every budget:\n{err}");

    let tight = paged(12, "\n[budgets]\npage_kb = 1\noffline_mb = 0\n");
    let err = stderr(&tight.build_ok());
    assert!(err.contains("warning: `"), "{err}");
    assert!(
        err.contains("over the budget of 1 KB a page ([budgets] page_kb"),
        "{err}"
    );
    assert!(err.contains("([budgets] offline_mb"), "{err}");
}
