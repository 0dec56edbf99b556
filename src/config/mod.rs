//! `site.toml`, typed. Unknown keys are rejected with the closest valid key.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, closest};

mod languages;
mod listing;
mod sections;

pub(crate) use languages::{Language, languages, other_codes};
pub(crate) use listing::{BudgetsConfig, ListingConfig};
pub(crate) use sections::parse_colour;
pub(crate) use sections::{AppConfig, EditorConfig, MarkdownConfig, OfflineMode};

/// The library's settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: String,
    /// Absolute URL where the site is published; used only by sitemap.xml and the Atom feed.
    #[serde(default = "default_base_url")]
    pub(crate) base_url: String,
    /// The default language: pages at the site root are in it, other languages under `<code>/`.
    #[serde(default = "default_language")]
    pub language: String,
    /// The languages the library is published in (src/i18n.rs); empty means `language` only.
    #[serde(default)]
    pub(crate) languages: Vec<LanguageConfig>,
    #[serde(default = "default_theme")]
    pub(crate) theme: String,
    #[serde(default = "default_output_dir")]
    pub(crate) output_dir: String,
    /// Licence of the library's own text, shown in every page footer.
    #[serde(default)]
    pub(crate) licence: String,
    #[serde(default)]
    pub(crate) taxonomies: Taxonomies,
    /// The library's GitHub repository (`https://github.com/org/library`): pages get an
    /// "Edit this page" link and the case-study library an "Add a case study" link.
    #[serde(default)]
    pub(crate) repository: Option<String>,
    /// The branch those links edit; default `main`.
    #[serde(default)]
    pub(crate) branch: Option<String>,
    /// Thresholds of `cairn check` (src/check.rs).
    #[serde(default)]
    pub(crate) check: CheckConfig,
    /// What the service worker saves for offline reading: `essentials`, `full`, `pages` or
    /// `off` (src/offline.rs).
    #[serde(default)]
    pub(crate) offline: OfflineMode,
    /// The most a reader's first visit saves with `offline = "essentials"`, in megabytes
    /// (1,000,000 bytes); default 20.
    #[serde(default = "default_offline_budget_mb")]
    pub(crate) offline_budget_mb: u32,
    /// `[app]`: the name and colours of the installed app (src/offline.rs).
    #[serde(default)]
    pub(crate) app: AppConfig,
    /// `[limits]`: file size, page count, path length (src/limits.rs).
    #[serde(default)]
    pub(crate) limits: crate::limits::Limits,
    /// `[markdown]`: whether raw HTML is kept (sanitised) or shown as text.
    #[serde(default)]
    pub(crate) markdown: MarkdownConfig,
    /// `[editor]`: the web editor for contributors, `admin/` (src/editor/).
    #[serde(default)]
    pub(crate) editor: Option<EditorConfig>,
    /// The library's logo, a file of its `static/` folder (e.g. `static/logo.svg`), shown
    /// before its title in every page header.
    #[serde(default)]
    pub(crate) logo: Option<String>,
    /// The colour of the page header, `#rrggbb`, behind white text: checked for contrast
    /// (`contrast_warnings`).
    #[serde(default)]
    pub(crate) accent_color: Option<String>,
    /// `[listing]`: case studies per page of the library and of each term (src/site/).
    #[serde(default)]
    pub(crate) listing: ListingConfig,
    /// `[budgets]`: the sizes past which the build summary warns (src/budget.rs).
    #[serde(default)]
    pub(crate) budgets: BudgetsConfig,
}

/// `[check]` in site.toml: when `cairn check` warns about length and readability.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct CheckConfig {
    /// Longest case-study summary, in words.
    pub(crate) summary_max_words: usize,
    /// Longest sentence, in words.
    pub(crate) sentence_max_words: usize,
    /// Lowest Flesch reading-ease score of a page (0 to 100; higher is easier).
    pub(crate) reading_ease_min: f64,
    /// Largest image, in kilobytes.
    pub(crate) image_max_kb: u64,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            summary_max_words: 60,
            sentence_max_words: 40,
            reading_ease_min: 30.0,
            image_max_kb: 500,
        }
    }
}

fn default_offline_budget_mb() -> u32 {
    20
}

fn default_base_url() -> String {
    "https://example.org/".into()
}
fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_output_dir() -> String {
    "public".into()
}

/// One `[[languages]]` entry of site.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LanguageConfig {
    /// BCP 47 code, e.g. `cy` or `ur`; translations are files named `name.<code>.md`.
    pub(crate) code: String,
    /// The language's name in that language, e.g. `Cymraeg`, shown in the language switcher.
    pub(crate) name: String,
    /// `ltr` or `rtl`; by default taken from the code (Arabic, Urdu, Hebrew... are `rtl`).
    #[serde(default)]
    pub(crate) dir: Option<TextDirection>,
    /// The library's `title` in this language; the default language's when left out.
    #[serde(default)]
    pub(crate) title: Option<String>,
    /// The library's `description` in this language.
    #[serde(default)]
    pub(crate) description: Option<String>,
}

/// Which way a language is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum TextDirection {
    Ltr,
    Rtl,
}

/// The five taxonomies a case study is classified by, and the library's own (`custom`: any
/// other `[taxonomies.<name>]`, which must say `kinds = ["case-studies"]`, so a misspelt
/// built-in one is still an error with a "did you mean").
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Taxonomies {
    #[serde(default)]
    pub(crate) themes: TaxonomyConfig,
    #[serde(default)]
    pub(crate) places: TaxonomyConfig,
    #[serde(default)]
    pub(crate) approaches: TaxonomyConfig,
    #[serde(default)]
    pub(crate) engagement_levels: TaxonomyConfig,
    #[serde(default)]
    pub(crate) fields_of_practice: TaxonomyConfig,
    /// The library's own taxonomies, by name (`funders`), in name order.
    #[serde(flatten)]
    pub(crate) custom: BTreeMap<String, TaxonomyConfig>,
}

/// One taxonomy's settings: its title, its allowed terms and their display names.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TaxonomyConfig {
    /// Heading for the taxonomy's pages; a sensible default per taxonomy when empty.
    #[serde(default)]
    pub(crate) title: Option<String>,
    /// Allowed terms, as written in front matter. `None` allows any term.
    #[serde(default)]
    pub(crate) terms: Option<Vec<String>>,
    /// Display names for terms whose name is not the term with a capital first letter.
    #[serde(default)]
    pub(crate) names: BTreeMap<String, String>,
    /// Per language code, the title and term names in that language.
    #[serde(default)]
    pub(crate) translations: BTreeMap<String, TaxonomyTranslation>,
    /// For a taxonomy of the library's own: the kinds of page it classifies (for now
    /// `["case-studies"]`). Not allowed on the built-in ones.
    #[serde(default)]
    pub(crate) kinds: Option<Vec<String>>,
}

/// A taxonomy's title and term names in another language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TaxonomyTranslation {
    #[serde(default)]
    pub(crate) title: Option<String>,
    /// Term (as written in front matter) -> its name in this language.
    #[serde(default)]
    pub(crate) names: BTreeMap<String, String>,
}

impl Config {
    /// `owner/name` of the library's GitHub repository, when `repository` names one.
    pub(crate) fn github_repository(&self) -> Option<String> {
        self.repository.as_deref().and_then(sections::github_repo)
    }

    /// Reads and checks `site.toml` in `root`.
    pub(crate) fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        // Read by the one rule for library files (src/inputs.rs): a link leading outside the
        // library is refused, and its target never shown.
        let missing = || {
            vec![
                Diagnostic::file_error(
                    "site.toml",
                    format!(
                        "there is no site.toml in `{}`, so it is not a library folder",
                        crate::diagnostic::display_path(root)
                    ),
                )
                .with_help(
                    "run this in the library's folder (the one holding site.toml), pass `--root DIR`, or create a library with `cairn init DIR`",
                ),
            ]
        };
        let Ok(canonical) = root.canonicalize() else {
            return Err(missing());
        };
        let limit = crate::limits::DEFAULT_FILE_SIZE_MB * 1_000_000;
        match crate::inputs::read_text(&canonical, "site.toml", limit) {
            Ok(Some(text)) => Self::parse(&text),
            Ok(None) => Err(missing()),
            Err(problem) => Err(vec![problem]),
        }
    }

    /// Parses `site.toml` text.
    pub(crate) fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let config: Config = toml::from_str(text).map_err(|e| vec![toml_diagnostic(&e, text)])?;
        config.validate(text)?;
        Ok(config)
    }

    fn validate(&self, text: &str) -> Result<(), Vec<Diagnostic>> {
        let mut problems = Vec::new();
        if self.title.trim().is_empty() {
            problems.push(
                Diagnostic::file_error("site.toml", "`title` is empty")
                    .with_help("give the library a name, e.g. title = \"Co-production Library\""),
            );
        }
        if Path::new(&self.output_dir).is_absolute() || self.output_dir.contains("..") {
            problems.push(
                Diagnostic::file_error(
                    "site.toml",
                    "`output_dir` must be a folder inside the library",
                )
                .with_help("use a relative name such as \"public\", or pass `--output DIR`"),
            );
        } else if let Some(why) = crate::output::guard::reserved_inside(Path::new(&self.output_dir))
        {
            let line = find_key_line(text, "output_dir").unwrap_or(0);
            problems.push(
                Diagnostic::error_at(
                    "site.toml",
                    line,
                    1,
                    format!("`output_dir = \"{}\"` {why}", self.output_dir),
                )
                .with_help("use a folder of its own, such as \"public\"")
                .with_source(text),
            );
        }
        if !is_theme_name(&self.theme) {
            let line = find_key_line(text, "theme").unwrap_or(0);
            problems.push(
                Diagnostic::error_at(
                    "site.toml",
                    line,
                    1,
                    format!("`theme = \"{}\"` is not the name of a theme", self.theme),
                )
                .with_help(
                    "name a folder of themes/ (letters, digits, `-` and `_`), or \"default\"",
                )
                .with_source(text),
            );
        }
        for (key, fixed) in [
            ("engagement_levels", &self.taxonomies.engagement_levels),
            ("fields_of_practice", &self.taxonomies.fields_of_practice),
        ] {
            if fixed.terms.is_some() {
                let line = find_line(text, &format!("[taxonomies.{key}]")).unwrap_or(0);
                problems.push(
                    Diagnostic::error_at(
                        "site.toml",
                        line,
                        1,
                        format!("the terms of `{key}` are fixed"),
                    )
                    .with_help("remove `terms`; use `names` to change how terms are displayed")
                    .with_source(text),
                );
            }
        }
        problems.extend(self.validate_custom_taxonomies(text));
        problems.extend(self.validate_languages(text));
        problems.extend(sections::validate_app(self));
        problems.extend(sections::validate_editor(self, text));
        problems.extend(self.validate_identity(text));
        problems.extend(listing::validate_listing(self, text));
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// Most taxonomies of its own a library may declare.
pub(crate) const MAX_CUSTOM_TAXONOMIES: usize = 50;

impl Config {
    /// A taxonomy of the library's own needs a plain name (it is a folder of the site and a
    /// key of front matter) and `kinds`; one named like a built-in one, without `kinds`, is a
    /// typo of it; the built-in ones take no `kinds`.
    fn validate_custom_taxonomies(&self, text: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let at = |name: &str| find_line(text, &format!("[taxonomies.{name}]")).unwrap_or(0);
        let mut error = |name: &str, message: String, help: String| {
            problems.push(
                Diagnostic::error_at("site.toml", at(name), 1, message)
                    .with_help(help)
                    .with_source(text),
            );
        };
        let t = &self.taxonomies;
        for (name, builtin) in [
            ("themes", &t.themes),
            ("places", &t.places),
            ("approaches", &t.approaches),
            ("engagement_levels", &t.engagement_levels),
            ("fields_of_practice", &t.fields_of_practice),
        ] {
            if builtin.kinds.is_some() {
                error(
                    name,
                    format!("`{name}` is one of Cairn's own taxonomies: it takes no `kinds`"),
                    "remove `kinds`: it classifies case studies".into(),
                );
            }
        }
        let builtin_keys = [
            "themes",
            "places",
            "approaches",
            "engagement_levels",
            "fields_of_practice",
        ];
        if t.custom.len() > MAX_CUSTOM_TAXONOMIES {
            error(
                "",
                format!(
                    "site.toml declares {} taxonomies of its own; at most {MAX_CUSTOM_TAXONOMIES} are allowed",
                    t.custom.len()
                ),
                "merge some of them".into(),
            );
        }
        for (name, custom) in &t.custom {
            let plain = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            match &custom.kinds {
                None => {
                    let help = match crate::diagnostic::closest(name, builtin_keys) {
                        Some(best) => format!("did you mean `[taxonomies.{best}]`? A taxonomy of the library's own says which pages it classifies: `kinds = [\"case-studies\"]`"),
                        None => "a taxonomy of the library's own says which pages it classifies: add `kinds = [\"case-studies\"]`".to_string(),
                    };
                    error(name, format!("unknown taxonomy `{name}`"), help);
                }
                Some(kinds) if kinds.iter().any(|k| k != "case-studies") || kinds.is_empty() => error(
                    name,
                    format!("`[taxonomies.{name}]` classifies {}: a taxonomy of the library's own classifies case studies for now", kinds.join(", ")),
                    "write `kinds = [\"case-studies\"]`".into(),
                ),
                Some(_) if !plain => error(
                    name,
                    format!("`{name}` cannot name a taxonomy"),
                    "use lower-case letters, digits and `_`, starting with a letter (it names the taxonomy's folder of the site and its key in front matter)".into(),
                ),
                Some(_) => {}
            }
        }
        problems
    }

    fn validate_languages(&self, text: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        if self.languages.is_empty() {
            return problems;
        }
        let line = find_line(text, "[[languages]]").unwrap_or(0);
        let mut seen = std::collections::HashSet::new();
        for l in &self.languages {
            let valid = !l.code.is_empty()
                && l.code
                    .split('-')
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
            if !valid {
                problems.push(
                    Diagnostic::error_at(
                        "site.toml",
                        line,
                        1,
                        format!("`{}` is not a language code", l.code),
                    )
                    .with_help("use a code such as \"cy\", \"ur\" or \"pt-BR\"")
                    .with_source(text),
                );
            }
            if !seen.insert(l.code.as_str()) {
                problems.push(
                    Diagnostic::error_at(
                        "site.toml",
                        line,
                        1,
                        format!("the language `{}` is listed twice", l.code),
                    )
                    .with_source(text),
                );
            }
        }
        if !self.languages.iter().any(|l| l.code == self.language) {
            problems.push(
                Diagnostic::error_at(
                    "site.toml",
                    line,
                    1,
                    format!(
                        "the default language `{}` is not in [[languages]]",
                        self.language
                    ),
                )
                .with_help("list it too, or set `language` to one of the listed codes")
                .with_source(text),
            );
        }
        problems
    }
}

/// `--base-url` on `build` and `serve`: an absolute `http://` or `https://` address, ending in
/// `/` (added when left out). A clap value parser: the error is shown as a usage error.
pub(crate) fn parse_base_url(value: &str) -> Result<String, String> {
    let value = value.trim();
    let host = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""));
    match host {
        Some(host) if !host.is_empty() && !value.contains(char::is_whitespace) => {
            Ok(format!("{}/", value.trim_end_matches('/')))
        }
        _ => Err(format!(
            "`{value}` is not a web address; give the whole address the site is published at, such as https://org.github.io/library/"
        )),
    }
}

impl Config {
    /// A warning while `base_url` is still a placeholder (an address on example.org, .com or
    /// .net, which are reserved for examples and never hold a real site): the sitemap, the feed
    /// and robots.txt would send readers and search engines there. `root` is read for the line
    /// of `base_url` in site.toml.
    pub(crate) fn placeholder_base_url_warning(&self, root: &Path) -> Option<Diagnostic> {
        let host = self
            .base_url
            .split_once("://")
            .map_or("", |(_, rest)| {
                rest.split(['/', ':', '?', '#']).next().unwrap_or("")
            })
            .to_ascii_lowercase();
        let placeholder = ["example.org", "example.com", "example.net"]
            .iter()
            .any(|e| host == *e || host.ends_with(&format!(".{e}")))
            || host.ends_with(".example");
        if !placeholder {
            return None;
        }
        let text = std::fs::read_to_string(root.join("site.toml")).unwrap_or_default();
        let line = text
            .lines()
            .position(|l| l.trim_start().starts_with("base_url"))
            .map_or(0, |i| i + 1);
        Some(
            Diagnostic::warning_at(
                "site.toml",
                line,
                usize::from(line > 0),
                format!(
                    "`base_url` is still the example address {}: the sitemap, the feed and robots.txt point there",
                    self.base_url
                ),
            )
            .with_help("set base_url in site.toml to the address the site is published at, or build with `--base-url https://...` (the workflow made by `cairn init` does this for GitHub Pages)")
            .with_span("base_url".len())
            .with_source(&text),
        )
    }
}

/// A theme is a folder of the library's `themes/`, named by a plain name: never a path (an
/// absolute `theme = "/home/you"` or `../..` would read a folder outside the library).
fn is_theme_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.contains("..")
}

/// The line of a top-level `key = …` of site.toml.
fn find_key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

/// The least contrast between the header's white text and `accent_color` (WCAG AA for text).
pub(crate) const ACCENT_CONTRAST_MIN: f64 = 4.5;

impl Config {
    fn validate_identity(&self, text: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let line = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(key))
                .map_or(0, |i| i + 1)
        };
        if let Some(colour) = &self.accent_color
            && parse_colour(colour).is_none()
        {
            problems.push(
                Diagnostic::error_at(
                    "site.toml",
                    line("accent_color"),
                    1,
                    format!("`accent_color = \"{colour}\"` is not a colour"),
                )
                .with_help(
                    "write it as # and six hexadecimal digits, e.g. accent_color = \"#1d3f5e\"",
                )
                .with_source(text),
            );
        }
        if let Some(logo) = &self.logo {
            let inside = logo.starts_with("static/")
                && !logo.contains("..")
                && !logo.contains(['"', '<', '>', '\\'])
                && !logo.contains("://");
            if !inside {
                problems.push(
                    Diagnostic::error_at(
                        "site.toml",
                        line("logo"),
                        1,
                        format!(
                            "`logo = \"{logo}\"` must be a file of the library's static/ folder"
                        ),
                    )
                    .with_help("put the logo in static/ and write e.g. logo = \"static/logo.svg\"")
                    .with_source(text),
                );
            }
        }
        problems
    }

    /// Warnings about colours people may not be able to read: the header's white text on
    /// `accent_color`, named as a pair with its contrast ratio.
    pub(crate) fn contrast_warnings(&self) -> Vec<Diagnostic> {
        let Some((colour, rgb)) = self
            .accent_color
            .as_ref()
            .and_then(|c| Some((c, parse_colour(c)?)))
        else {
            return Vec::new();
        };
        let ratio = contrast(rgb, [255, 255, 255]);
        if ratio >= ACCENT_CONTRAST_MIN {
            return Vec::new();
        }
        vec![
            Diagnostic::warning_at(
                "site.toml",
                0,
                0,
                format!(
                    "the header's white text on accent_color {colour} has a contrast of {:.1}:1, under the {ACCENT_CONTRAST_MIN}:1 people need to read it",
                    (ratio * 10.0).floor() / 10.0
                ),
            )
            .with_help("choose a darker accent colour (white on #1d3f5e is 11:1)"),
        ]
    }
}

/// The WCAG contrast ratio of two colours, from 1 to 21.
pub(crate) fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let luminance = |c: [u8; 3]| {
        let channel = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn find_line(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.trim() == needle).map(|i| i + 1)
}

/// Turns a TOML error into a positioned diagnostic, adding "did you mean" for unknown keys.
fn toml_diagnostic(e: &toml::de::Error, text: &str) -> Diagnostic {
    let (line, column) = e
        .span()
        .map(|s| crate::text::line_col(text, s.start))
        .unwrap_or((0, 0));
    let span_len = e.span().map(|s| s.end.saturating_sub(s.start)).unwrap_or(1);
    let message = e.message().trim().to_string();
    let mut d = Diagnostic::error_at(
        "site.toml",
        line,
        column,
        format!("in site.toml: {message}"),
    )
    .with_span(span_len)
    .with_source(text);
    if let Some(help) = suggest_from_serde_message(&message) {
        d = d.with_help(help);
    }
    d
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" messages (and the same for
/// variants), the closest valid name as a "did you mean" hint.
pub(crate) fn suggest_from_serde_message(message: &str) -> Option<String> {
    let (word, rest) = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?
        .split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    match closest(word, expected.iter().copied()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None if !expected.is_empty() => Some(format!(
            "expected one of {}",
            expected
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins that a misspelt site.toml key names the line and suggests the real key.
    #[test]
    fn unknown_key_suggests_closest() {
        let err = Config::parse("title = \"A\"\ndescripton = \"B\"\n").unwrap_err();
        assert_eq!(err[0].line, 2);
        assert_eq!(err[0].help.as_deref(), Some("did you mean `description`?"));
    }

    // Pins the defaults a minimal site.toml gets.
    #[test]
    fn defaults_fill_in() {
        let c = Config::parse("title = \"A\"\n").unwrap();
        assert_eq!(c.output_dir, "public");
        assert_eq!(c.language, "en");
        assert!(c.taxonomies.themes.terms.is_none());
    }

    // Pins the `[check]` defaults and that a partial table keeps the other defaults.
    #[test]
    fn check_thresholds() {
        let c = Config::parse("title = \"A\"\n").unwrap();
        assert_eq!(c.check.summary_max_words, 60);
        let c = Config::parse("title = \"A\"\n[check]\nreading_ease_min = 50\n").unwrap();
        assert_eq!(c.check.reading_ease_min, 50.0);
        assert_eq!(c.check.image_max_kb, 500);
        assert!(Config::parse("title = \"A\"\n[check]\nimage_max_k = 5\n").is_err());
    }

    // Pins which `--base-url` values are taken (with a `/` added) and which are refused.
    #[test]
    fn base_url_flag_values() {
        assert_eq!(
            parse_base_url("https://org.github.io/lib").unwrap(),
            "https://org.github.io/lib/"
        );
        assert_eq!(
            parse_base_url("http://localhost:8000//").unwrap(),
            "http://localhost:8000/"
        );
        for bad in [
            "org.github.io/lib",
            "https://",
            "ftp://x/",
            "https://a b/",
            "",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad}");
        }
    }

    // Pins that the example addresses are placeholders, at the line of `base_url`, and a real
    // address is not.
    #[test]
    fn placeholder_base_url_warns() {
        let dir = tempfile::tempdir().unwrap();
        let text = "title = \"A\"\nbase_url = \"https://example.org/lib/\"\n";
        std::fs::write(dir.path().join("site.toml"), text).unwrap();
        let c = Config::parse(text).unwrap();
        let w = c.placeholder_base_url_warning(dir.path()).unwrap();
        assert_eq!((w.line, w.is_error()), (2, false));
        assert!(
            w.message.contains("https://example.org/lib/"),
            "{}",
            w.message
        );
        let mut c = Config::parse("title = \"A\"\n").unwrap();
        assert!(c.placeholder_base_url_warning(dir.path()).is_some());
        for real in ["https://org.github.io/lib/", "https://notexample.org/"] {
            c.base_url = real.into();
            assert!(
                c.placeholder_base_url_warning(dir.path()).is_none(),
                "{real}"
            );
        }
        c.base_url = "https://docs.example.com/".into();
        assert!(c.placeholder_base_url_warning(dir.path()).is_some());
    }

    // Pins the identity settings: a colour that is not one is an error, a logo outside
    // static/ is an error, and an accent too light for white text is a warning naming the
    // pair and its ratio (a dark one is not).
    #[test]
    fn accent_colour_and_logo() {
        let err = Config::parse("title = \"A\"\naccent_color = \"blue\"\n").unwrap_err();
        assert_eq!(err[0].line, 2);
        assert!(Config::parse("title = \"A\"\nlogo = \"../x.png\"\n").is_err());
        let light = Config::parse("title = \"A\"\naccent_color = \"#ffcc00\"\n").unwrap();
        let warnings = light.contrast_warnings();
        assert_eq!(warnings.len(), 1);
        assert!(!warnings[0].is_error());
        assert!(
            warnings[0]
                .message
                .contains("white text on accent_color #ffcc00"),
            "{}",
            warnings[0].message
        );
        assert!(
            warnings[0].message.contains("1.5:1"),
            "{}",
            warnings[0].message
        );
        let dark = Config::parse(
            "title = \"A\"\naccent_color = \"#1d3f5e\"\nlogo = \"static/logo.svg\"\n",
        )
        .unwrap();
        assert!(dark.contrast_warnings().is_empty());
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 0.01);
        assert_eq!(parse_colour("#abc"), Some([0xaa, 0xbb, 0xcc]));
    }

    // Pins that the fixed IAP2 levels cannot be redefined.
    #[test]
    fn fixed_taxonomy_terms_rejected() {
        let err = Config::parse("title = \"A\"\n[taxonomies.engagement_levels]\nterms = [\"x\"]\n")
            .unwrap_err();
        assert_eq!(err[0].line, 2);
    }
}
