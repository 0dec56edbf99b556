//! Translation files (`name.<code>.md` beside `name.md`): how their names are read, the
//! source hash they record, and the checks that a translation changes words, not structure.

use serde_json::{Value, json};

use super::Library;
use super::library::{Loaded, page_url_dir};
use crate::diagnostic::Diagnostic;

/// The front-matter key a translation records its source's hash under.
pub(crate) const SOURCE_HASH_KEY: &str = "source_hash";

/// For a file name such as `develop-glodwick.cy.md` and the library's other language codes,
/// the source's file name (`develop-glodwick.md`) and the code.
pub(crate) fn translation_name(file_name: &str, codes: &[String]) -> Option<(String, String)> {
    let stem = file_name.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    if base.is_empty() {
        return None;
    }
    codes
        .iter()
        .find(|c| c.as_str() == code)
        .map(|c| (format!("{base}.md"), c.clone()))
}

/// A suffix such as `fr` in `story.fr.md` that looks like a language code the library does not
/// list (two lower-case letters, an ISO 639-1 code, optionally `-XX`).
pub(crate) fn unlisted_language_suffix(file_name: &str) -> Option<&str> {
    let stem = file_name.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    let primary = code.split('-').next().unwrap_or("");
    let looks =
        !base.is_empty() && primary.len() == 2 && primary.chars().all(|c| c.is_ascii_lowercase());
    looks.then_some(code)
}

/// A short, stable hash of a source file's text (FNV-1a, 64 bits, line endings normalised),
/// recorded in a translation's front matter as `source_hash` to tell when it fell behind.
pub fn content_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.replace("\r\n", "\n").trim_end().bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Takes `source_hash: <hash>` out of a translation's front matter (turning the line into a YAML
/// comment, so line numbers stay the same) and returns the text and the hash.
pub(crate) fn take_source_hash(text: &str) -> (String, Option<String>) {
    if !text.starts_with("---") {
        return (text.to_string(), None);
    }
    let mut out = String::with_capacity(text.len() + 2);
    let mut hash = None;
    let mut in_front = false;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if n == 0 {
            in_front = true;
        } else if in_front && trimmed == "---" {
            in_front = false;
        } else if in_front
            && hash.is_none()
            && let Some(value) = trimmed
                .strip_prefix(SOURCE_HASH_KEY)
                .and_then(|r| r.strip_prefix(':'))
        {
            hash = Some(value.trim().trim_matches(['"', '\'']).to_string());
            out.push_str("# ");
        }
        out.push_str(line);
    }
    (out, hash)
}

/// A translation file: which source it translates, into which language, and what it holds.
#[derive(Debug, Clone)]
pub(crate) struct Translation {
    pub(crate) language: String,
    /// The source's path inside `content/`, e.g. `case-studies/develop-glodwick.md`.
    pub(crate) source_path: String,
    /// The source hash recorded in the translation's front matter.
    pub(crate) source_hash: Option<String>,
    /// The translated page, typed as its source is.
    pub(crate) item: Loaded,
}

impl Translation {
    /// The translation file's own source.
    pub(crate) fn source(&self) -> &crate::content::Source {
        self.item.source()
    }
}

/// Problems with translation files: a translation of nothing, or a form or principle set whose
/// structure differs from its source (a Welsh total must mean what an English total means).
pub(crate) fn check_translations(library: &Library) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for t in &library.translations {
        let source = t.source();
        let exists = match &t.item {
            Loaded::Home(_) => library.home.is_some(),
            Loaded::Intro(folder, _) => library.intros.contains_key(folder),
            Loaded::Page(p) => library
                .pages
                .iter()
                .any(|q| page_url_dir(q) == page_url_dir(p)),
            Loaded::Glossary(_) => library.glossary.is_some(),
            Loaded::CaseStudy(c) => match library.case_studies.iter().find(|x| x.slug == c.slug) {
                Some(orig) => {
                    problems.extend(kept_fields(
                        source,
                        &orig.source,
                        &case_study_facts(orig),
                        &case_study_facts(c),
                    ));
                    true
                }
                None => false,
            },
            Loaded::Section(s) => {
                match library.toolkit.sections.iter().find(|x| x.path == s.path) {
                    Some(orig) => {
                        let facts = |m: &crate::content::toolkit::SectionMeta| {
                            vec![
                                ("weight", (m.weight != 0).then(|| json!(m.weight))),
                                ("callouts", list(&m.callouts)),
                                ("aliases", list(&m.aliases)),
                            ]
                        };
                        problems.extend(kept_fields(
                            source,
                            &orig.source,
                            &facts(&orig.meta),
                            &facts(&s.meta),
                        ));
                        true
                    }
                    None => false,
                }
            }
            Loaded::PrincipleSet(s) => {
                if let Some(orig) = library.principle_sets.iter().find(|x| x.id == s.id) {
                    let ids = |set: &crate::content::principle::PrincipleSet| {
                        set.meta
                            .principles
                            .iter()
                            .map(|p| p.id.value.clone())
                            .collect::<Vec<_>>()
                    };
                    if ids(orig) != ids(s) {
                        problems.push(
                            Diagnostic::file_error(
                                &source.path,
                                "this translation's principles differ from its source's",
                            )
                            .with_help(format!(
                                "keep the same principle ids, in the same order: {}",
                                ids(orig).join(", ")
                            )),
                        );
                    }
                    true
                } else {
                    false
                }
            }
            Loaded::Form(f) => {
                if let Some(orig) = library.forms.iter().find(|x| x.slug == f.slug) {
                    if form_shape(orig) != form_shape(f) {
                        problems.push(
                            Diagnostic::file_error(
                                &source.path,
                                "this translation's items, scales or points differ from its source's",
                            )
                            .with_help("translate only labels and texts; keep every id, code, points value and band range as in the source"),
                        );
                    }
                    true
                } else {
                    false
                }
            }
        };
        if !exists {
            problems.push(
                Diagnostic::file_error(
                    &source.path,
                    format!("this translates `{}`, which does not exist", t.source_path),
                )
                .with_help(
                    "name a translation after its source: `name.<language>.md` beside `name.md`",
                ),
            );
        }
    }
    problems
}

/// A field a translation keeps as in its source, as JSON for comparing: `None` when the
/// translation leaves it out (it is then taken from the source, as it should be).
type Fact = (&'static str, Option<Value>);

/// A list field's values (positions left out), or `None` when empty.
fn list<T: serde::Serialize>(items: &[crate::content::front_matter::Located<T>]) -> Option<Value> {
    (!items.is_empty()).then(|| json!(items.iter().map(|i| &i.value).collect::<Vec<_>>()))
}

/// The facts of a case study a translation must not change: when and where it happened, how it
/// is classified, who is named and whether they agreed, whether it is a draft, its old
/// addresses. Its words (title, summary, story, outcomes, source) are translated.
fn case_study_facts(c: &crate::content::case_study::CaseStudy) -> Vec<Fact> {
    let m = &c.meta;
    let value =
        |v: Option<&crate::content::front_matter::Located<String>>| v.map(|l| json!(l.value));
    vec![
        ("date", m.date.map(|d| json!(d))),
        ("period", m.period.as_ref().map(|p| json!(p))),
        ("place", value(m.place.as_ref())),
        ("themes", list(&m.themes)),
        ("approaches", list(&m.approaches)),
        ("principles", list(&m.principles)),
        ("engagement_level", value(m.engagement_level.as_ref())),
        ("fields_of_practice", list(&m.fields_of_practice)),
        ("people", list(&m.people)),
        ("consent", m.consent.then_some(json!(true))),
        ("draft", m.draft.then_some(json!(true))),
        ("aliases", list(&m.aliases)),
        (
            "taxonomies",
            (!m.taxonomies.is_empty()).then(|| {
                json!(
                    m.taxonomies
                        .iter()
                        .map(|(k, v)| (k, v.iter().map(|t| &t.value).collect::<Vec<_>>()))
                        .collect::<std::collections::BTreeMap<_, _>>()
                )
            }),
        ),
    ]
}

/// An error for each field a translation writes with a value other than its source's: the
/// build keeps the source's, so the translation's would be lost without a word.
fn kept_fields(
    translation: &crate::content::Source,
    original: &crate::content::Source,
    source_facts: &[Fact],
    translated: &[Fact],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for ((field, theirs), (_, ours)) in source_facts.iter().zip(translated) {
        let Some(ours) = ours else { continue };
        if theirs.as_ref() == Some(ours) {
            continue;
        }
        let (line, column) = super::library::front_matter_key(translation, field);
        let source = crate::diagnostic::display_path(&original.path);
        let message = match theirs {
            Some(_) => format!("`{field}` in this translation differs from its source, `{source}`"),
            None => format!("`{field}` is in this translation but not in its source, `{source}`"),
        };
        problems.push(
            Diagnostic::error_at(&translation.path, line, column, message)
                .with_span(field.len())
                .with_help(format!("a translation keeps the source's `{field}`: remove it here (it is taken from the source), or change it in the source, for every language"))
                .with_source(&translation.text),
        );
    }
    problems
}

/// What must match between a form and its translation: ids, codes, points and band ranges.
fn form_shape(f: &crate::content::form::Form) -> Value {
    let m = &f.meta;
    json!({
        "version": m.version,
        "scales": m.scales.iter().map(|s| json!([s.id.value, s.not_applicable.is_some(), s.points.iter().map(|p| json!([p.code, p.points])).collect::<Vec<_>>()])).collect::<Vec<_>>(),
        "sections": m.sections.iter().map(|s| json!([s.scale.value, s.items.iter().map(|i| i.id.value.clone()).collect::<Vec<_>>()])).collect::<Vec<_>>(),
        "fields": m.fields.iter().map(|x| json!([x.id.value, x.options.len()])).collect::<Vec<_>>(),
        "comments": m.comments.iter().map(|c| c.id.value.clone()).collect::<Vec<_>>(),
        "bands": m.bands.iter().map(|b| json!([b.min, b.max])).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins how translation file names are read, and that other dotted names are not translations.
    #[test]
    fn translation_names() {
        let codes = vec!["cy".to_string(), "ur".to_string()];
        assert_eq!(
            translation_name("develop-glodwick.cy.md", &codes),
            Some(("develop-glodwick.md".into(), "cy".into()))
        );
        assert_eq!(
            translation_name("_index.ur.md", &codes),
            Some(("_index.md".into(), "ur".into()))
        );
        assert_eq!(translation_name("report.v2.md", &codes), None);
        assert_eq!(translation_name("story.fr.md", &codes), None);
        assert_eq!(unlisted_language_suffix("story.fr.md"), Some("fr"));
        assert_eq!(unlisted_language_suffix("report.v2.md"), None);
        assert_eq!(unlisted_language_suffix("plain.md"), None);
    }

    // Pins that the hash ignores line endings and that source_hash is taken out in place.
    #[test]
    fn source_hash() {
        assert_eq!(content_hash("a\r\nb\n"), content_hash("a\nb"));
        assert_ne!(content_hash("a\nb"), content_hash("a\nc"));
        let (text, hash) =
            take_source_hash("---\ntitle: x\nsource_hash: abc\n---\nsource_hash: no\n");
        assert_eq!(hash.as_deref(), Some("abc"));
        assert_eq!(
            text,
            "---\ntitle: x\n# source_hash: abc\n---\nsource_hash: no\n"
        );
    }
}
