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

use crate::config::{Config, TextDirection};
use crate::content::Library;
use crate::content::library::{Loaded, page_url_dir};
use crate::diagnostic::Diagnostic;

/// The front-matter key a translation records its source's hash under.
pub const SOURCE_HASH_KEY: &str = "source_hash";

/// One language the library is published in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Language {
    pub code: String,
    /// The language's name in that language.
    pub name: String,
    pub rtl: bool,
}

impl Language {
    /// `ltr` or `rtl`, for the `dir` attribute.
    pub fn dir(&self) -> &'static str {
        if self.rtl { "rtl" } else { "ltr" }
    }
}

/// The library's languages, the default first, then the others as site.toml lists them.
pub fn languages(config: &Config) -> Vec<Language> {
    let make = |code: &str, name: Option<&str>, dir: Option<TextDirection>| Language {
        code: code.to_string(),
        name: name.map_or_else(|| own_name(code).to_string(), str::to_string),
        rtl: dir.map_or_else(|| crate::render::is_rtl(code), |d| d == TextDirection::Rtl),
    };
    let mut list = vec![];
    match config.languages.iter().find(|l| l.code == config.language) {
        Some(l) => list.push(make(&l.code, Some(&l.name), l.dir)),
        None => list.push(make(&config.language, None, None)),
    }
    list.extend(
        config
            .languages
            .iter()
            .filter(|l| l.code != config.language)
            .map(|l| make(&l.code, Some(&l.name), l.dir)),
    );
    list
}

/// The codes of the languages other than the default.
pub fn other_codes(config: &Config) -> Vec<String> {
    languages(config)
        .into_iter()
        .skip(1)
        .map(|l| l.code)
        .collect()
}

/// A few names for a default language that site.toml does not name.
fn own_name(code: &str) -> &str {
    match code {
        "en" => "English",
        "cy" => "Cymraeg",
        "ur" => "اردو",
        "pl" => "Polski",
        "et" => "Eesti",
        "it" => "Italiano",
        "fr" => "Français",
        "de" => "Deutsch",
        other => other,
    }
}

/// For a file name such as `develop-glodwick.cy.md` and the library's other language codes,
/// the source's file name (`develop-glodwick.md`) and the code.
pub fn translation_name(file_name: &str, codes: &[String]) -> Option<(String, String)> {
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
pub fn unlisted_language_suffix(file_name: &str) -> Option<&str> {
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
pub fn take_source_hash(text: &str) -> (String, Option<String>) {
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
pub struct Translation {
    pub language: String,
    /// The source's path inside `content/`, e.g. `case-studies/develop-glodwick.md`.
    pub source_path: String,
    /// The source hash recorded in the translation's front matter.
    pub source_hash: Option<String>,
    /// The translated page, typed as its source is.
    pub item: Loaded,
}

impl Translation {
    /// The translation file's own source.
    pub fn source(&self) -> &crate::content::Source {
        self.item.source()
    }
}

/// The interface strings of every language, after fallbacks and overrides.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    default: String,
    /// Per language, the strings it has itself (theme, then library on top).
    own: BTreeMap<String, BTreeMap<String, String>>,
}

impl Strings {
    /// Reads the theme's string tables and the library's overrides (`i18n/<code>.toml`).
    pub fn load(root: &Path, config: &Config) -> Result<Strings, Vec<Diagnostic>> {
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
            let library_path = root.join(&theme_path);
            if library_path.is_file() {
                match std::fs::read_to_string(&library_path) {
                    Ok(text) => match parse_table(&text, &theme_path) {
                        Ok(t) => table.extend(t),
                        Err(d) => problems.push(d),
                    },
                    Err(e) => problems.push(Diagnostic::file_error(
                        &theme_path,
                        format!("cannot read this file: {e}"),
                    )),
                }
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
    pub fn table(&self, code: &str) -> Value {
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
    pub fn missing(&self, code: &str) -> Vec<String> {
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
            .map(|s| crate::content::line_col(text, s.start))
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

/// Reads the interface strings into `library` and sets up its pages' languages; returns the
/// problems with the string files.
pub fn load_strings(library: &mut Library) -> Vec<Diagnostic> {
    match Strings::load(&library.root, &library.config) {
        Ok(strings) => {
            library.page_languages =
                PageLanguages::new(library, &strings, &library.config.language);
            library.strings = strings;
            Vec::new()
        }
        Err(problems) => problems,
    }
}

/// Everything a page needs to know about languages: its own, the others, and which pages are
/// translated into which language.
#[derive(Debug, Clone, Default)]
pub struct PageLanguages {
    /// The language of the pages being rendered.
    pub current: Language,
    /// Every language, the default first.
    pub all: Vec<Language>,
    /// `t` in templates.
    pub strings: Value,
    /// `strings` converted for tera once, not once per page: a cheap shared clone per page
    /// instead of two copies of every string.
    pub template_strings: Option<tera::Value>,
    /// Per language code, the source content paths translated into it.
    pub translated: HashMap<String, BTreeSet<String>>,
    /// The site's absolute address, ending in `/`, for `hreflang` links.
    pub base_url: String,
}

impl PageLanguages {
    /// For pages in `code`.
    pub fn new(library: &Library, strings: &Strings, code: &str) -> PageLanguages {
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
            current,
            all,
            translated,
        }
        .with_template_strings()
    }

    fn with_template_strings(mut self) -> PageLanguages {
        self.template_strings = tera::Value::try_from_serializable(&self.strings).ok();
        self
    }

    /// `t` for the templates (see `template_strings`).
    pub fn template_strings(&self) -> tera::Value {
        self.template_strings
            .clone()
            .unwrap_or_else(|| tera::Value::from_serializable(&self.strings))
    }

    /// Where a language's pages are, relative to the site root: `` or `cy/`.
    pub fn prefix(&self, code: &str) -> String {
        if self.all.first().is_none_or(|d| d.code == code) {
            String::new()
        } else {
            format!("{code}/")
        }
    }

    /// One interface string of the page language.
    pub fn t(&self, key: &str) -> String {
        self.strings
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or(key)
            .to_string()
    }

    /// When a case study happened, in the page's language: "March 2021" is "Mawrth 2021" in
    /// Welsh. Month names and the period wording come from the strings (`months`,
    /// `date_range`, `date_from`).
    pub fn when(&self, cs: &crate::content::case_study::CaseStudy) -> String {
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

    /// For a page of another language made from `source`: the language it is written in when
    /// it is not translated (`{"code", "dir"}` of the default language), for a `lang` on what
    /// shows it (a card). `None` when it is in the page's language.
    pub fn untranslated(&self, source: &crate::content::Source) -> Option<Value> {
        let default = self.all.first()?;
        let own = format!(".{}.md", self.current.code);
        (!self.is_default() && !source.content_path().ends_with(&own))
            .then(|| json!({"code": default.code, "dir": default.dir()}))
    }

    fn is_default(&self) -> bool {
        self.all.first().is_none_or(|d| d.code == self.current.code)
    }

    /// Adds `t`, `lang`, `asset_root`, the language switcher, `hreflang` alternates and the
    /// fallback notice to a page's context. `url` is the page's address inside its language;
    /// `source` the content path of the Markdown it is made from (in the default language).
    pub fn extend_context(&self, ctx: &mut Map<String, Value>, url: &str, source: Option<&str>) {
        let own = source.map(|s| {
            s.strip_suffix(&format!(".{}.md", self.current.code))
                .map_or_else(|| s.to_string(), |base| format!("{base}.md"))
        });
        let source = own.as_deref();
        let root = crate::render::root_of(url);
        let site_root = format!(
            "{root}{}",
            "../".repeat(self.prefix(&self.current.code).matches('/').count())
        );
        let pretty = url.strip_suffix("index.html").unwrap_or(url);
        let has = |code: &str| {
            self.all.first().is_none_or(|d| d.code == code)
                || source.is_none_or(|s| self.translated.get(code).is_some_and(|t| t.contains(s)))
        };
        let switcher: Vec<Value> = self
            .all
            .iter()
            .map(|l| {
                json!({
                    "code": l.code,
                    "name": l.name,
                    "dir": l.dir(),
                    "href": format!("{site_root}{}{url}", self.prefix(&l.code)),
                    "current": l.code == self.current.code,
                    "translated": has(&l.code),
                })
            })
            .collect();
        let mut alternates: Vec<Value> = self
            .all
            .iter()
            .filter(|l| has(&l.code))
            .map(|l| json!({"code": l.code, "href": format!("{site_root}{}{url}", self.prefix(&l.code))}))
            .collect();
        // For readers of any other language: the default language's page.
        alternates.push(json!({"code": "x-default", "href": format!("{site_root}{url}")}));
        let fallback = self
            .all
            .first()
            .filter(|_| !self.is_default() && !has(&self.current.code))
            .map(|d| json!({"code": d.code, "dir": d.dir(), "name": d.name}));
        // The scripts' messages (`js_*`), on every page, so that no script writes a word of
        // its own (a library's i18n/en.toml changes them too); `</` escaped so the JSON
        // cannot end its <script> element.
        let js: Map<String, Value> = self
            .strings
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(k, _)| k.starts_with("js_"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let text = Value::Object(js).to_string().replace("</", "<\\/");
        ctx.insert("js_strings".into(), json!(text));
        ctx.insert(
            "lang".into(),
            json!({"code": self.current.code, "dir": self.current.dir(), "name": self.current.name, "prefix": self.prefix(&self.current.code)}),
        );
        ctx.insert("asset_root".into(), json!(site_root));
        ctx.insert(
            "languages".into(),
            if self.all.len() > 1 {
                Value::Array(switcher)
            } else {
                json!([])
            },
        );
        ctx.insert(
            "alternates".into(),
            if self.all.len() > 1 {
                Value::Array(alternates)
            } else {
                json!([])
            },
        );
        ctx.insert("fallback".into(), json!(fallback));
        if let Some(meta) = ctx.get_mut("meta").and_then(Value::as_object_mut) {
            let own = format!(
                "{}{}{pretty}",
                self.base_url,
                self.prefix(&self.current.code)
            );
            meta.insert("og_url".into(), json!(own));
        }
        if let Some(site) = ctx.get_mut("site").and_then(Value::as_object_mut) {
            site.insert("language".into(), json!(self.current.code));
            site.insert("dir".into(), json!(self.current.dir()));
        }
    }
}

/// The library as readers of `code` see it: every translated page swapped in, taxonomy term
/// names in that language. Untranslated pages keep the default language's text.
pub fn localize(library: &Library, code: &str) -> Library {
    let strings = &library.strings;
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
    ] {
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
    lib.page_languages = PageLanguages::new(&lib, strings, code);
    lib
}

/// Problems with translation files: a translation of nothing, or a form or principle set whose
/// structure differs from its source (a Welsh total must mean what an English total means).
pub fn check_translations(library: &Library) -> Vec<Diagnostic> {
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
            Loaded::CaseStudy(c) => library.case_studies.iter().any(|x| x.slug == c.slug),
            Loaded::Section(s) => library.toolkit.sections.iter().any(|x| x.path == s.path),
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

/// `cairn check`: translations whose source changed since they were last updated, and
/// translations that do not record which version of the source they follow.
pub fn stale_translations(library: &Library) -> Vec<Diagnostic> {
    let sources: HashMap<String, &crate::content::Source> = crate::render::all_sources(library)
        .map(|s| (s.content_path(), s))
        .collect();
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
pub fn missing_strings(library: &Library) -> Vec<Diagnostic> {
    let strings = &library.strings;
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
