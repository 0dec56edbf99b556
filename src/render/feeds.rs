//! The site's files for other programs: `sitemap.xml`, the Atom feed of case studies
//! (`atom.xml`) and `robots.txt`. They alone carry absolute addresses (from `base_url`). Text
//! in them is escaped for XML, with the characters XML 1.0 forbids left out (`xml_text.rs`).

use super::xml_text::escape;
use crate::content::Library;
use crate::site::Site;

/// sitemap.xml: absolute URLs (from base_url) of every HTML page but the 404 page.
pub(crate) fn sitemap(library: &Library, html_pages: impl Iterator<Item = String>) -> String {
    let base = base_url(&library.config.base_url);
    let mut paths: Vec<String> = html_pages.filter(|p| p != "404.html").collect();
    paths.sort();
    paths.dedup();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in &paths {
        let pretty = crate::url::pretty(path);
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape(&format!("{base}{pretty}"))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

/// atom.xml: the newest 50 case studies. Dates come from the content, never the clock,
/// so two builds are identical.
pub(crate) fn atom(library: &Library, site: &Site) -> String {
    let lib = library;
    let base = base_url(&lib.config.base_url);
    let updated = lib
        .case_studies
        .iter()
        .filter_map(|c| c.sort_date())
        .max()
        .map(|d| d.iso())
        .unwrap_or_else(|| "1970-01-01".into());
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <link href=\"{base}atom.xml\" rel=\"self\"/>\n  <link href=\"{base}\"/>\n  <id>{base}</id>\n  <updated>{updated}T00:00:00Z</updated>\n",
        escape(&lib.config.language),
        escape(&lib.config.title),
        escape(&lib.config.description),
    );
    let language = &lib.config.language;
    let shown = lib.case_studies.iter().enumerate();
    for (i, cs) in shown.filter(|(_, c)| c.shown_in(language)).take(50) {
        let page = site.case_study(i);
        let url = format!("{base}{}", crate::url::pretty(page));
        let date = cs
            .sort_date()
            .map(|d| d.iso())
            .unwrap_or_else(|| "1970-01-01".into());
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link href=\"{}\"/>\n    <id>{}</id>\n    <updated>{date}T00:00:00Z</updated>\n    <summary>{}</summary>\n{}  </entry>\n",
            escape(&cs.meta.title),
            escape(&url),
            escape(&url),
            escape(&cs.summary),
            cs.meta.organisations.iter().map(|o| format!("    <author><name>{}</name></author>\n", escape(o))).collect::<String>(),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

/// robots.txt: everything may be indexed; where the sitemap is.
pub(crate) fn robots(library: &Library) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
        base_url(&library.config.base_url)
    )
}

/// `base_url` ending in `/`.
pub(crate) fn base_url(base: &str) -> String {
    if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    }
}
