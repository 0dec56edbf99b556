//! Libraries in several languages: the language list, the theme's interface strings with their
//! fallbacks, translation files (`name.<lang>.md`), and the per-language view of a library.
//!
//! The default language (`language` in site.toml) is published at the site root; every other
//! language of `[[languages]]` under `<code>/`, with the same structure. Each language gets every
//! page: a page without a translation shows the default language's text with a notice, so a
//! language switcher never leads to a missing page (Hugo and Zola publish only the pages that
//! exist in a language; GOV.UK links the Welsh version only where there is one — we link every
//! language, and mark as `hreflang` alternates only real translations).
//!
//! Interface strings come from `themes/default/i18n/<code>.toml`, then the library's own
//! `i18n/<code>.toml` on top (Hugo's lookup order). A string missing in a language falls back to
//! the default language's; `cairn check` lists the missing keys.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use std::path::Path;

use serde_json::{Map, Value, json};

use crate::config::{Config, Language, languages};
use crate::content::Library;
use crate::content::library::{Loaded, page_url_dir};
use crate::content::translation::{SOURCE_HASH_KEY, content_hash};
use crate::diagnostic::Diagnostic;

/// The interface strings of every language, after fallbacks and overrides.
#[derive(Debug, Clone, Default)]
pub(crate) struct Strings {
    default: String,
    /// Per language, the strings it has itself (theme, then library on top).
    own: BTreeMap<String, BTreeMap<String, String>>,
}

impl Strings {
    /// Reads the theme's string tables and the library's overrides (`i18n/<code>.toml`).
    pub(crate) fn load(root: &Path, config: &Config) -> Result<Strings, Vec<Diagnostic>> {
        let languages = languages(config);
        let mut own: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        let mut problems = Vec::new();
        for lang in &languages {
            let table = own.entry(lang.code.clone()).or_default();
            let theme_path = format!("i18n/{}.toml", lang.code);
            if let Some((_, bytes)) = crate::theme::DEFAULT_THEME
                .iter()
                .find(|(p, _)| *p == theme_path)
            {
                let text = String::from_utf8_lossy(bytes);
                match parse_table(&text, &format!("themes/default/{theme_path}")) {
                    Ok(t) => table.extend(t),
                    Err(d) => problems.push(d),
                }
            }
            // Read by the one rule for library files (src/inputs.rs): a link leading outside
            // the library is refused, and nothing of its target is read or shown.
            let limit = config.limits.file_size_bytes();
            match crate::inputs::read_text(root, &theme_path, limit) {
                Ok(Some(text)) => match parse_table(&text, &theme_path) {
                    Ok(t) => table.extend(t),
                    Err(d) => problems.push(d),
                },
                Ok(None) => {}
                Err(d) => problems.push(d),
            }
        }
        if problems.is_empty() {
            Ok(Strings {
                default: config.language.clone(),
                own,
            })
        } else {
            Err(problems)
        }
    }

    /// The strings of `code` as a JSON object for templates (`t.key`), missing ones taken from
    /// the default language, then from English.
    pub(crate) fn table(&self, code: &str) -> Value {
        let mut merged: Map<String, Value> = Map::new();
        let english = english();
        for layer in [
            Some(&english),
            self.own.get(&self.default),
            self.own.get(code),
        ]
        .into_iter()
        .flatten()
        {
            for (k, v) in layer {
                merged.insert(k.clone(), json!(v));
            }
        }
        Value::Object(merged)
    }

    /// Keys the default language has that `code` does not, sorted.
    pub(crate) fn missing(&self, code: &str) -> Vec<String> {
        let english = english();
        let reference = self.own.get(&self.default).unwrap_or(&english);
        let have = self.own.get(code);
        reference
            .keys()
            .filter(|k| have.is_none_or(|h| !h.contains_key(*k)))
            .cloned()
            .collect()
    }
}

/// The built-in English strings, the last fallback of every key.
fn english() -> BTreeMap<String, String> {
    crate::theme::DEFAULT_THEME
        .iter()
        .find(|(p, _)| *p == "i18n/en.toml")
        .and_then(|(_, b)| parse_table(&String::from_utf8_lossy(b), "i18n/en.toml").ok())
        .unwrap_or_default()
}

fn parse_table(text: &str, path: &str) -> Result<BTreeMap<String, String>, Diagnostic> {
    toml::from_str::<BTreeMap<String, String>>(text).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|s| crate::text::line_col(text, s.start))
            .unwrap_or((0, 0));
        Diagnostic::error_at(
            path,
            line,
            column,
            format!("in {path}: {}", e.message().trim()),
        )
        .with_help("write each string as key = \"text\"")
        .with_source(text)
    })
}

/// Everything a page needs to know about languages: its own, the others, and which pages are
/// translated into which language.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageLanguages {
    /// The language of the pages being rendered.
    pub(crate) current: Language,
    /// Every language, the default first.
    pub(crate) all: Vec<Language>,
    /// `t` in templates.
    pub(crate) strings: Value,
    /// `strings` converted for tera once, not once per page: a cheap shared clone per page
    /// instead of two copies of every string.
    pub(crate) template_strings: Option<tera::Value>,
    /// Per language code, the source content paths translated into it.
    pub(crate) translated: HashMap<String, BTreeSet<String>>,
    /// The site's absolute address, ending in `/`, for `hreflang` links.
    pub(crate) base_url: String,
    /// The scripts' messages as JSON for every page's `<script>`, made once per language.
    pub(crate) js_strings: String,
}

impl PageLanguages {
    /// For pages in `code`.
    pub(crate) fn new(library: &Library, strings: &Strings, code: &str) -> PageLanguages {
        let all = languages(&library.config);
        let mut all = all;
        // A localized library's config names the page language; the default comes first.
        if let Some(i) = all.iter().position(|l| l.code == strings.default) {
            let d = all.remove(i);
            all.insert(0, d);
        }
        let current = all
            .iter()
            .find(|l| l.code == code)
            .cloned()
            .unwrap_or_else(|| all[0].clone());
        let mut translated: HashMap<String, BTreeSet<String>> = HashMap::new();
        for t in &library.translations {
            translated
                .entry(t.language.clone())
                .or_default()
                .insert(t.source_path.clone());
        }
        let base = &library.config.base_url;
        PageLanguages {
            base_url: if base.ends_with('/') {
                base.clone()
            } else {
                format!("{base}/")
            },
            strings: strings.table(&current.code),
            template_strings: None,
            js_strings: String::new(),
            current,
            all,
            translated,
        }
        .with_template_strings()
    }

    fn with_template_strings(mut self) -> PageLanguages {
        self.template_strings = tera::Value::try_from_serializable(&self.strings).ok();
        self.js_strings = script_strings(&self.strings);
        self
    }

    /// `t` for the templates (see `template_strings`).
    pub(crate) fn template_strings(&self) -> tera::Value {
        self.template_strings
            .clone()
            .unwrap_or_else(|| tera::Value::from_serializable(&self.strings))
    }

    /// The default language, when `source` is shown on a page of another language without a
    /// translation (its text is in the default language, and says so with `lang`).
    pub(crate) fn untranslated(&self, source: &crate::content::Source) -> Option<&Language> {
        let default = self.all.first()?;
        let own = format!(".{}.md", self.current.code);
        (default.code != self.current.code && !source.content_path().ends_with(&own))
            .then_some(default)
    }

    /// One interface string of the page language.
    pub(crate) fn t(&self, key: &str) -> String {
        self.strings
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or(key)
            .to_string()
    }

    /// When a case study happened, in the page's language: "March 2021" is "Mawrth 2021" in
    /// Welsh. Month names and the period wording come from the strings (`months`,
    /// `date_range`, `date_from`).
    pub(crate) fn when(&self, cs: &crate::content::case_study::CaseStudy) -> String {
        let months = self.t("months");
        let months: Vec<&str> = months.split_whitespace().collect();
        if months.len() != 12 {
            return cs.when();
        }
        let date = |d: &crate::content::PartialDate| {
            let month = |m: u8| {
                months
                    .get(usize::from(m).wrapping_sub(1))
                    .map_or_else(|| m.to_string(), |s| s.to_string())
            };
            match (d.month, d.day) {
                (Some(m), Some(day)) => format!("{day} {} {}", month(m), d.year),
                (Some(m), None) => format!("{} {}", month(m), d.year),
                _ => d.year.to_string(),
            }
        };
        match (&cs.meta.date, &cs.meta.period) {
            (Some(d), _) => date(d),
            (None, Some(p)) => match &p.end {
                Some(end) => self
                    .t("date_range")
                    .replace("{start}", &date(&p.start))
                    .replace("{end}", &date(end)),
                None => self.t("date_from").replace("{start}", &date(&p.start)),
            },
            (None, None) => String::new(),
        }
    }
}

/// The library as readers of `code` see it: every translated page swapped in, taxonomy term
/// names in that language. Untranslated pages keep the default language's text.
pub(crate) fn localize(library: &Library, code: &str) -> Library {
    let mut lib = library.clone();
    for t in library.translations.iter().filter(|t| t.language == code) {
        match &t.item {
            Loaded::Home(p) => {
                let mut p = p.clone();
                if p.meta.image.is_none() {
                    p.meta.image = lib.home.as_ref().and_then(|h| h.meta.image.clone());
                }
                lib.home = Some(p);
            }
            Loaded::Intro(folder, p) => {
                lib.intros.insert(folder.clone(), p.clone());
            }
            Loaded::Page(p) => {
                if let Some(target) = lib
                    .pages
                    .iter_mut()
                    .find(|q| page_url_dir(q) == page_url_dir(p))
                {
                    *target = p.clone();
                }
            }
            Loaded::Glossary(g) => lib.glossary = Some(g.clone()),
            Loaded::CaseStudy(c) => {
                if let Some(target) = lib.case_studies.iter_mut().find(|x| x.slug == c.slug) {
                    let keep = target.meta.clone();
                    target.meta = c.meta.clone();
                    target.source = c.source.clone();
                    target.summary = c.summary.clone();
                    // Classification is the source's: a translation changes words, not facts.
                    let m = &mut target.meta;
                    m.date = keep.date;
                    m.period = keep.period;
                    m.place = keep.place;
                    m.themes = keep.themes;
                    m.approaches = keep.approaches;
                    m.principles = keep.principles;
                    m.engagement_level = keep.engagement_level;
                    m.fields_of_practice = keep.fields_of_practice;
                    m.people = keep.people;
                    m.consent = keep.consent;
                    m.draft = keep.draft;
                    m.aliases = keep.aliases;
                    m.taxonomies = keep.taxonomies;
                    // The library's own data: the translation's when it has some.
                    if m.extra.is_empty() {
                        m.extra = keep.extra;
                    }
                    // The same picture, with the translation's alt text when it gives one.
                    if m.image.is_none() {
                        m.image = keep.image;
                    }
                }
            }
            Loaded::Section(s) => {
                if let Some(target) = lib.toolkit.sections.iter_mut().find(|x| x.path == s.path) {
                    let keep = target.meta.clone();
                    target.meta = s.meta.clone();
                    target.meta.weight = keep.weight;
                    target.meta.callouts = keep.callouts;
                    target.meta.aliases = keep.aliases;
                    if target.meta.extra.is_empty() {
                        target.meta.extra = keep.extra;
                    }
                    if target.meta.image.is_none() {
                        target.meta.image = keep.image;
                    }
                    target.source = s.source.clone();
                }
            }
            Loaded::PrincipleSet(s) => {
                if let Some(target) = lib.principle_sets.iter_mut().find(|x| x.id == s.id) {
                    target.meta = s.meta.clone();
                    target.source = s.source.clone();
                }
            }
            Loaded::Form(f) => {
                if let Some(target) = lib.forms.iter_mut().find(|x| x.slug == f.slug) {
                    target.meta = f.meta.clone();
                    target.source = f.source.clone();
                }
            }
        }
    }
    let taxonomies = &mut lib.config.taxonomies;
    for tax in [
        &mut taxonomies.themes,
        &mut taxonomies.places,
        &mut taxonomies.approaches,
        &mut taxonomies.engagement_levels,
        &mut taxonomies.fields_of_practice,
    ]
    .into_iter()
    .chain(taxonomies.custom.values_mut())
    {
        if let Some(tr) = tax.translations.get(code).cloned() {
            if tr.title.is_some() {
                tax.title = tr.title;
            }
            tax.names.extend(tr.names);
        }
    }
    if let Some(l) = library.config.languages.iter().find(|l| l.code == code) {
        if let Some(title) = &l.title {
            lib.config.title = title.clone();
        }
        if let Some(description) = &l.description {
            lib.config.description = description.clone();
        }
    }
    lib.config.language = code.to_string();
    lib.reindex_taxonomies();
    lib
}

/// `cairn check`: translations whose source changed since they were last updated, and
/// translations that do not record which version of the source they follow.
pub(crate) fn stale_translations(library: &Library) -> Vec<Diagnostic> {
    let sources: HashMap<String, &crate::content::Source> =
        library.sources().map(|s| (s.content_path(), s)).collect();
    let mut findings = Vec::new();
    for t in &library.translations {
        let Some(source) = sources.get(&t.source_path) else {
            continue;
        };
        let current = content_hash(&source.text);
        let own = t.source();
        let line = own
            .text
            .lines()
            .position(|l| l.starts_with(&format!("# {SOURCE_HASH_KEY}:")))
            .map_or(1, |i| i + 1);
        match &t.source_hash {
            Some(h) if *h == current => {}
            Some(h) => findings.push(
                Diagnostic::warning_at(
                    &own.path,
                    line,
                    1,
                    format!(
                        "this translation is older than its source: `content/{}` changed since it was translated",
                        t.source_path
                    ),
                )
                .with_help(format!(
                    "bring the translation up to date, then set `{SOURCE_HASH_KEY}: {current}` (it was {h})"
                )),
            ),
            None => findings.push(
                Diagnostic::warning_at(
                    &own.path,
                    1,
                    1,
                    "this translation does not record which version of its source it follows",
                )
                .with_help(format!(
                    "if it is up to date, add `{SOURCE_HASH_KEY}: {current}` to its front matter"
                )),
            ),
        }
    }
    findings
}

/// `cairn check`: interface strings missing in a language (they show in the default language),
/// and strings in the library's files that the theme does not use (a misspelt key).
pub(crate) fn missing_strings(library: &Library, strings: &Strings) -> Vec<Diagnostic> {
    let known = english();
    let mut findings: Vec<Diagnostic> = strings
        .own
        .iter()
        .flat_map(|(code, table)| {
            let known = &known;
            table
                .keys()
                .filter(move |k| !known.contains_key(*k))
                .map(move |k| {
                    let d = Diagnostic::warning_at(
                        format!("i18n/{code}.toml"),
                        0,
                        0,
                        format!("the interface string `{k}` is not used by the theme"),
                    );
                    match crate::diagnostic::closest(k, known.keys().map(String::as_str)) {
                        Some(best) => d.with_help(format!("did you mean `{best}`?")),
                        None => d.with_help("see themes/default/i18n/en.toml for the keys"),
                    }
                })
        })
        .collect();
    findings.extend(languages(&library.config).iter().skip(1).filter_map(|l| {
        let missing = strings.missing(&l.code);
        (!missing.is_empty()).then(|| {
            Diagnostic::warning_at(
                format!("i18n/{}.toml", l.code),
                0,
                0,
                format!(
                    "{} interface string{} missing in `{}` (shown in the default language): {}",
                    missing.len(),
                    if missing.len() == 1 { " is" } else { "s are" },
                    l.code,
                    missing.join(", ")
                ),
            )
            .with_help(format!(
                "add them to i18n/{}.toml in the library, as key = \"text\"",
                l.code
            ))
        })
    }));
    findings
}

/// The scripts' messages (`js_*`) as JSON for a `<script>`, escaped so the JSON cannot end its
/// element (src/script_json.rs).
fn script_strings(strings: &Value) -> String {
    let js: Map<String, Value> = strings
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.starts_with("js_"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    crate::script_json::to_script_json(&Value::Object(js))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins that the built-in Welsh and Urdu tables have every English key, and that every
    // `t.key` a default template uses exists (a missing key would fail the build).
    #[test]
    fn theme_tables_are_complete() {
        let en = english();
        assert!(en.len() > 100);
        for code in ["cy", "ur"] {
            let path = format!("i18n/{code}.toml");
            let (_, bytes) = crate::theme::DEFAULT_THEME
                .iter()
                .find(|(p, _)| *p == path)
                .unwrap();
            let table = parse_table(&String::from_utf8_lossy(bytes), &path).unwrap();
            let missing: Vec<_> = en.keys().filter(|k| !table.contains_key(*k)).collect();
            let extra: Vec<_> = table.keys().filter(|k| !en.contains_key(*k)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{code}: {missing:?} {extra:?}"
            );
            assert_eq!(table["months"].split_whitespace().count(), 12);
        }
        for (path, bytes) in crate::theme::DEFAULT_THEME {
            if !path.starts_with("templates/") {
                continue;
            }
            // Loops over terms name their item `t` too: leave those loops out.
            let mut text = String::from_utf8_lossy(bytes).into_owned();
            while let Some(start) = text.find("{% for t in") {
                let end = text[start..]
                    .find("{% endfor %}")
                    .map_or(text.len(), |e| start + e);
                text.replace_range(start..end, "");
            }
            for opener in ["{{ t.", "{% if t."] {
                for part in text.split(opener).skip(1) {
                    let key: String = part
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                        .collect();
                    assert!(en.contains_key(&key), "{path} uses t.{key}, not in en.toml");
                }
            }
        }
    }
}
