//! Every library is also an open dataset: `data/` holds the case studies as JSON and CSV, the
//! principles and forms as JSON, and the JSON Schema describing them; every page gets Open Graph
//! and Twitter meta tags, and every case study page schema.org JSON-LD.
//!
//! All of it comes from the content alone (no clock, stable field and record order), so two
//! builds of the same library are byte-for-byte identical.

use serde::Serialize;
use serde_json::json;

use crate::config::Config;
use crate::content::Library;
use crate::content::case_study::{CaseStudy, Contact, Link, Period};
use crate::content::form::FormMeta;
use crate::content::taxonomy::Taxonomy;
use crate::output::Output;
use crate::schema::{self, DATA_VERSION};
use crate::site::{DATA_FILES, Site};
use crate::text::escape;

/// Adds the data files to `output`, at the paths the site plan gives them
/// ([`DATA_FILES`]). The page `data/index.html` is rendered with the others (by the theme's
/// `page.html`), saying what [`page_html`] says.
pub(crate) fn insert(library: &Library, site: &Site, output: &mut Output) {
    let records = case_study_records(library, site);
    let title = library.config.title.as_str();
    let licence = library.config.licence.as_str();
    let files = [
        to_json(&CaseStudiesFile {
            version: DATA_VERSION,
            title,
            licence,
            case_studies: &records,
        }),
        csv(&records),
        to_json(&PrinciplesFile {
            version: DATA_VERSION,
            title,
            licence,
            principle_sets: principle_records(library, site),
        }),
        to_json(&FormsFile {
            version: DATA_VERSION,
            title,
            licence,
            forms: library
                .forms
                .iter()
                .enumerate()
                .map(|(i, f)| FormRecord {
                    slug: &f.slug,
                    url: site.form(i).to_string(),
                    definition: &f.meta,
                })
                .collect(),
        }),
        schema::to_pretty(&schema::data()),
    ];
    for (path, text) in DATA_FILES.iter().zip(files) {
        output.insert(path.to_string(), text.into_bytes());
    }
}

fn to_json<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("data records always serialize");
    s.push('\n');
    s
}

#[derive(Serialize)]
struct CaseStudiesFile<'a> {
    version: &'static str,
    title: &'a str,
    licence: &'a str,
    case_studies: &'a [CaseStudyRecord<'a>],
}

/// One case study as published: every front-matter field as written, always present.
#[derive(Debug, Serialize)]
pub(crate) struct CaseStudyRecord<'a> {
    pub(crate) slug: &'a str,
    /// Relative to the site root.
    pub(crate) url: String,
    pub(crate) title: &'a str,
    /// The summary shown: as written, or taken from the story's first paragraph.
    pub(crate) summary: &'a str,
    /// Whether `summary` was written in the front matter (false: taken from the story).
    pub(crate) summary_written: bool,
    /// Absent (null) when neither a date nor a period was recorded.
    pub(crate) date: Option<String>,
    pub(crate) period: Option<&'a Period>,
    /// Null when not recorded.
    pub(crate) place: Option<&'a str>,
    pub(crate) organisations: &'a [String],
    pub(crate) themes: Vec<&'a str>,
    pub(crate) approaches: Vec<&'a str>,
    pub(crate) principles: Vec<&'a str>,
    pub(crate) engagement_level: Option<&'a str>,
    pub(crate) fields_of_practice: Vec<&'a str>,
    pub(crate) outcomes: &'a [String],
    pub(crate) links: &'a [Link],
    pub(crate) contact: Option<&'a Contact>,
    pub(crate) people: Vec<&'a str>,
    pub(crate) consent: bool,
    pub(crate) source: Option<&'a str>,
    pub(crate) licence: Option<&'a str>,
    pub(crate) draft: bool,
    pub(crate) aliases: Vec<&'a str>,
    /// Terms of the library's own taxonomies, by taxonomy.
    pub(crate) taxonomies: std::collections::BTreeMap<&'a str, Vec<&'a str>>,
    /// The library's own data, as written (`{}` when none).
    pub(crate) extra: &'a crate::content::Extra,
    pub(crate) image: Option<ImageRecord<'a>>,
}

/// A case study's picture in the data: its file (relative to the site root, as published
/// beside the page) and what the front matter says of it.
#[derive(Debug, Serialize)]
pub(crate) struct ImageRecord<'a> {
    pub(crate) src: String,
    pub(crate) alt: &'a str,
    pub(crate) credit: Option<&'a str>,
    pub(crate) licence: Option<&'a str>,
}

/// Every case study of the library, in its order (newest first, then by title).
pub(crate) fn case_study_records<'a>(
    library: &'a Library,
    site: &Site,
) -> Vec<CaseStudyRecord<'a>> {
    library
        .case_studies
        .iter()
        .enumerate()
        .filter(|(_, cs)| cs.shown_in(&library.config.language))
        .map(|(i, cs)| record(cs, site.case_study(i)))
        .collect()
}

fn record<'a>(cs: &'a CaseStudy, url: &str) -> CaseStudyRecord<'a> {
    let m = &cs.meta;
    CaseStudyRecord {
        slug: &cs.slug,
        url: url.to_string(),
        title: &m.title,
        summary: &cs.summary,
        summary_written: m.summary.is_some(),
        date: m.date.map(|d| d.to_string()),
        period: m.period.as_ref(),
        place: cs.place(),
        organisations: &m.organisations,
        themes: m.themes.iter().map(|t| t.value.as_str()).collect(),
        approaches: m.approaches.iter().map(|t| t.value.as_str()).collect(),
        principles: m.principles.iter().map(|t| t.value.as_str()).collect(),
        engagement_level: m.engagement_level.as_ref().map(|l| l.value.as_str()),
        fields_of_practice: m
            .fields_of_practice
            .iter()
            .map(|f| f.value.as_str())
            .collect(),
        outcomes: &m.outcomes,
        links: &m.links,
        contact: m.contact.as_ref(),
        people: m.people.iter().map(|p| p.value.as_str()).collect(),
        consent: m.consent,
        source: m.source.as_deref(),
        licence: m.licence.as_deref(),
        draft: m.draft,
        image: m.image.as_ref().map(|i| ImageRecord {
            src: i.content_path(&cs.source),
            alt: &i.alt,
            credit: i.credit.as_deref(),
            licence: i.licence.as_deref(),
        }),
        aliases: m.aliases.iter().map(|a| a.value.as_str()).collect(),
        taxonomies: m
            .taxonomies
            .iter()
            .map(|(k, v)| (k.as_str(), v.iter().map(|t| t.value.as_str()).collect()))
            .collect(),
        extra: &m.extra,
    }
}

/// The columns of `data/case-studies.csv`: the record's fields, nested ones flattened.
pub(crate) const CSV_COLUMNS: [&str; 33] = [
    "slug",
    "url",
    "title",
    "summary",
    "summary_written",
    "date",
    "period_start",
    "period_end",
    "place",
    "organisations",
    "themes",
    "approaches",
    "principles",
    "engagement_level",
    "fields_of_practice",
    "outcomes",
    "links",
    "contact_name",
    "contact_organisation",
    "contact_email",
    "contact_url",
    "people",
    "consent",
    "source",
    "licence",
    "draft",
    "image_src",
    "image_alt",
    "image_credit",
    "image_licence",
    "aliases",
    "extra",
    "taxonomies",
];

/// Joins a list field into one CSV cell.
const LIST_SEPARATOR: &str = "; ";

/// RFC 4180 CSV: a header row, then one row per record; CRLF line ends; a field is quoted when
/// it holds a comma, quote, line break or leading or trailing space, with quotes doubled. A
/// field starting like a spreadsheet formula (`=`, `+`, `-`, `@`) has a `'` in front.
pub(crate) fn csv(records: &[CaseStudyRecord<'_>]) -> String {
    let mut out = String::new();
    write_row(&mut out, CSV_COLUMNS.iter().map(|c| c.to_string()));
    for r in records {
        let contact = |f: fn(&Contact) -> &Option<String>| {
            r.contact.and_then(|c| f(c).clone()).unwrap_or_default()
        };
        let period = |end: bool| {
            r.period
                .and_then(|p| if end { p.end } else { Some(p.start) })
                .map(|d| d.to_string())
                .unwrap_or_default()
        };
        let (image_src, image_alt, image_credit, image_licence) = match &r.image {
            Some(i) => (
                i.src.clone(),
                i.alt.to_string(),
                i.credit.unwrap_or_default().to_string(),
                i.licence.unwrap_or_default().to_string(),
            ),
            None => Default::default(),
        };
        let row: [String; 33] = [
            r.slug.to_string(),
            r.url.clone(),
            r.title.to_string(),
            r.summary.to_string(),
            r.summary_written.to_string(),
            r.date.clone().unwrap_or_default(),
            period(false),
            period(true),
            r.place.unwrap_or_default().to_string(),
            r.organisations.join(LIST_SEPARATOR),
            r.themes.join(LIST_SEPARATOR),
            r.approaches.join(LIST_SEPARATOR),
            r.principles.join(LIST_SEPARATOR),
            r.engagement_level.unwrap_or_default().to_string(),
            r.fields_of_practice.join(LIST_SEPARATOR),
            r.outcomes.join(LIST_SEPARATOR),
            r.links
                .iter()
                .map(|l| format!("{} <{}>", l.title, l.url))
                .collect::<Vec<_>>()
                .join(LIST_SEPARATOR),
            contact(|c| &c.name),
            contact(|c| &c.organisation),
            contact(|c| &c.email),
            contact(|c| &c.url),
            r.people.join(LIST_SEPARATOR),
            r.consent.to_string(),
            r.source.unwrap_or_default().to_string(),
            r.licence.unwrap_or_default().to_string(),
            r.draft.to_string(),
            image_src,
            image_alt,
            image_credit,
            image_licence,
            r.aliases.join(LIST_SEPARATOR),
            // The library's own data, as JSON text in one cell (empty when there is none).
            match r.extra.is_empty() {
                true => String::new(),
                false => serde_json::Value::Object(r.extra.clone()).to_string(),
            },
            // Terms of the library's own taxonomies, as JSON (`{"funders":["Lottery"]}`).
            match r.taxonomies.is_empty() {
                true => String::new(),
                false => serde_json::to_string(&r.taxonomies).unwrap_or_default(),
            },
        ];
        write_row(&mut out, row.into_iter());
    }
    out
}

fn write_row(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        // A cell a spreadsheet would run as a formula gets a `'` in front (src/spreadsheet.rs).
        let field = crate::spreadsheet::defuse(&field);
        let quote = field.contains([',', '"', '\n', '\r'])
            || field.starts_with(char::is_whitespace)
            || field.ends_with(char::is_whitespace);
        if quote {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&field);
        }
    }
    out.push_str("\r\n");
}

#[derive(Serialize)]
struct PrinciplesFile<'a> {
    version: &'static str,
    title: &'a str,
    licence: &'a str,
    principle_sets: Vec<PrincipleSetRecord<'a>>,
}

#[derive(Serialize)]
struct PrincipleSetRecord<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    description: Option<&'a str>,
    source: Option<&'a str>,
    principles: Vec<PrincipleRecord<'a>>,
}

#[derive(Serialize)]
struct PrincipleRecord<'a> {
    id: &'a str,
    #[serde(rename = "ref")]
    reference: String,
    url: String,
    name: &'a str,
    description: &'a str,
    case_studies: Vec<&'a str>,
}

fn principle_records<'a>(library: &'a Library, site: &Site) -> Vec<PrincipleSetRecord<'a>> {
    library
        .principle_sets
        .iter()
        .enumerate()
        .map(|(i, s)| PrincipleSetRecord {
            id: &s.id,
            url: site.principle_set(i).to_string(),
            title: &s.meta.title,
            description: s.meta.description.as_deref(),
            source: s.meta.source.as_deref(),
            principles: s
                .meta
                .principles
                .iter()
                .enumerate()
                .map(|(j, p)| {
                    let reference = format!("{}/{}", s.id, p.id.value);
                    let mut citing: Vec<usize> = library
                        .citations
                        .get(&reference)
                        .cloned()
                        .unwrap_or_default();
                    citing.sort_unstable();
                    citing.dedup();
                    PrincipleRecord {
                        id: &p.id.value,
                        url: site.principle(i, j).to_string(),
                        reference,
                        name: &p.name,
                        description: &p.description,
                        case_studies: citing
                            .iter()
                            .map(|&i| library.case_studies[i].slug.as_str())
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect()
}

#[derive(Serialize)]
struct FormsFile<'a> {
    version: &'static str,
    title: &'a str,
    licence: &'a str,
    forms: Vec<FormRecord<'a>>,
}

#[derive(Serialize)]
struct FormRecord<'a> {
    slug: &'a str,
    url: String,
    #[serde(flatten)]
    definition: &'a FormMeta,
}

/// The schema.org JSON-LD of case study `i`, ready to sit inside
/// `<script type="application/ld+json">` (src/script_json.rs): no title or summary can
/// end the script or open an HTML comment.
pub(crate) fn case_study_jsonld(library: &Library, i: usize) -> String {
    let config = &library.config;
    let cs = &library.case_studies[i];
    let m = &cs.meta;
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": m.title,
        "name": m.title,
        "description": cs.summary,
        "inLanguage": config.language,
        "about": m.themes.iter().map(|t| json!({
            "@type": "Thing",
            "name": Taxonomy::Themes.display_name(config, &t.value),
        })).collect::<Vec<_>>(),
        "author": m.organisations.iter().map(|o| json!({"@type": "Organization", "name": o})).collect::<Vec<_>>(),
        "publisher": {"@type": "Organization", "name": config.title},
        "isPartOf": {"@type": "WebSite", "name": config.title},
    });
    if let Some(place) = cs.place() {
        ld["spatialCoverage"] = json!({
            "@type": "Place",
            "name": Taxonomy::Places.display_name(config, place),
        });
    }
    let licence = m
        .licence
        .as_deref()
        .filter(|l| !l.trim().is_empty())
        .or(Some(config.licence.as_str()).filter(|l| !l.trim().is_empty()));
    if let Some(licence) = licence {
        ld["license"] = json!(licence);
    }
    if let Some(date) = cs.sort_date() {
        ld["datePublished"] = json!(date.to_string());
    }
    if let Some(period) = &m.period {
        let end = period.end.map_or("..".to_string(), |d| d.to_string());
        ld["temporalCoverage"] = json!(format!("{}/{end}", period.start));
    }
    let keywords: Vec<String> = m
        .approaches
        .iter()
        .map(|a| Taxonomy::Approaches.display_name(config, &a.value))
        .collect();
    if !keywords.is_empty() {
        ld["keywords"] = json!(keywords);
    }
    if let Some(source) = &m.source {
        ld["creditText"] = json!(source);
    }
    crate::script_json::to_script_json(&ld)
}

/// The text of `data/index.html` (rendered with `page.html`): what each file holds, the
/// licence of the data and how to cite the library. `count` is the number of case studies.
pub(crate) fn page_html(config: &Config, count: usize) -> String {
    let title = escape(&config.title);
    let mut html = String::new();
    html.push_str("<p>Everything in this library is also published as open data, so you can study it, map it or build on it. The files are made afresh each time the site is built, from the same pages you can read here.</p>\n");
    html.push_str("<h2 id=\"files\">Files</h2>\n<dl class=\"data-files\">\n");
    let files = [
        (
            "case-studies.csv",
            "Case studies (CSV)",
            format!(
                "One row per case study ({count} in all) for spreadsheets: every front-matter field, the address of its page and its summary. Nested fields are spread over columns (<code>period_start</code>, <code>contact_email</code>, …) and lists are joined with a semicolon and a space; links are written <code>Title &lt;address&gt;</code>."
            ),
        ),
        (
            "case-studies.json",
            "Case studies (JSON)",
            "The same records with their structure kept: lists as lists, links and contacts as objects. Every field is always present (null or an empty list when not given).".to_string(),
        ),
        (
            "principles.json",
            "Principles (JSON)",
            "Every principle set and principle, each with the case studies that cite it.".to_string(),
        ),
        (
            "forms.json",
            "Forms (JSON)",
            "The full definition of every scoring form: scales, items, extra fields, comment boxes, bands and chart.".to_string(),
        ),
        (
            "schema.json",
            "Schema (JSON Schema)",
            format!(
                "A JSON Schema (draft 2020-12) describing every field of the files above. This is data format version {DATA_VERSION}: the minor number goes up when fields are added, the major number when one is removed, renamed or changes meaning."
            ),
        ),
    ];
    for (file, name, about) in files {
        html.push_str(&format!(
            "<dt><a href=\"{file}\" download>{name}</a> <span class=\"muted\">{file}</span></dt>\n<dd>{about}</dd>\n"
        ));
    }
    html.push_str("</dl>\n");
    html.push_str("<p>All files are UTF-8. Dates are written as they were given: <code>YYYY</code>, <code>YYYY-MM</code> or <code>YYYY-MM-DD</code>. Page addresses are relative to the home page of this site.</p>\n");

    html.push_str("<h2 id=\"licence\">Licence</h2>\n");
    let licence = config.licence.trim();
    if licence.is_empty() {
        html.push_str("<p>This library has not stated a licence for its content. Ask the people who run it before you reuse the data.</p>\n");
    } else {
        html.push_str(&format!(
            "<p>The data is licensed <strong>{}</strong>, like the text of the site. A case study with a licence of its own says so in its <code>licence</code> field, and that licence applies to it instead.</p>\n",
            escape(licence)
        ));
    }

    html.push_str("<h2 id=\"cite\">How to cite</h2>\n");
    html.push_str(&format!(
        "<p>Name the library, the data format version and the day you downloaded the files, and link to this page. For example:</p>\n<blockquote class=\"citation\"><p><cite>{title}: open data</cite> (case studies, principles and forms). Data format version {DATA_VERSION}{}. Downloaded on [date] from [the address of this page].</p></blockquote>\n",
        if licence.is_empty() {
            String::new()
        } else {
            format!(". Licensed {}", escape(licence))
        }
    ));
    html.push_str("<p>When you use one case study, cite it by its title and page as well, with its source if it gives one.</p>\n");

    html
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins CSV quoting: commas, quotes, line breaks and edge spaces are quoted; quotes doubled.
    #[test]
    fn csv_quoting() {
        let mut out = String::new();
        write_row(
            &mut out,
            ["plain", "a,b", "say \"hi\"", "two\nlines", " edge", ""]
                .into_iter()
                .map(String::from),
        );
        assert_eq!(
            out,
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" edge\",\r\n"
        );
    }

    // Pins that a title or summary starting like a formula comes out of the CSV defused.
    #[test]
    fn csv_defuses_formulas() {
        let mut out = String::new();
        write_row(
            &mut out,
            ["=cmd|' /C calc'!A0", "-2", "@x,y"]
                .into_iter()
                .map(String::from),
        );
        assert_eq!(out, "'=cmd|' /C calc'!A0,-2,\"'@x,y\"\r\n");
    }
}
