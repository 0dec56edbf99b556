//! Sections of site.toml read by later stages: what is kept offline and how the installed app
//! looks (src/offline.rs), and whether raw HTML is kept in Markdown (src/render/sanitize.rs).
//! Their types live here so that reading site.toml needs nothing from those stages.

use serde::Deserialize;

use super::Config;
use crate::diagnostic::Diagnostic;

/// `offline` in site.toml: what the service worker keeps on the reader's device.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OfflineMode {
    /// Every file of the site is saved on the first visit.
    #[default]
    Full,
    /// Pages, styles, scripts and the search index; other files are saved once opened.
    Pages,
    /// No service worker (one installed by an earlier build removes itself).
    Off,
}

impl OfflineMode {
    pub fn as_str(self) -> &'static str {
        match self {
            OfflineMode::Full => "full",
            OfflineMode::Pages => "pages",
            OfflineMode::Off => "off",
        }
    }
}

/// `[app]` in site.toml: how the library looks once installed on a phone's home screen.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AppConfig {
    /// The name under the home-screen icon; default: the site title.
    pub short_name: Option<String>,
    /// The colour of the title bar and of the icon's background, `#rrggbb`.
    pub theme_color: String,
    /// The colour of the splash screen and of the icon's cairn, `#rrggbb`.
    pub background_color: String,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            short_name: None,
            theme_color: "#1d3f5e".into(),
            background_color: "#ffffff".into(),
        }
    }
}

/// Checks the `[app]` colours of site.toml.
pub(super) fn validate_app(config: &Config) -> Vec<Diagnostic> {
    [
        ("theme_color", &config.app.theme_color),
        ("background_color", &config.app.background_color),
    ]
    .into_iter()
    .filter(|(_, value)| parse_colour(value).is_none())
    .map(|(key, value)| {
        Diagnostic::file_error(
            "site.toml",
            format!("`app.{key}` is `{value}`, which is not a colour"),
        )
        .with_help("write it as six hex digits, e.g. \"#1d3f5e\"")
    })
    .collect()
}

/// `#rgb` or `#rrggbb` as red, green, blue.
pub(crate) fn parse_colour(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |i: usize, n: usize| u8::from_str_radix(&hex[i..i + n], 16).ok();
    match hex.len() {
        3 => Some([digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17]),
        6 => Some([digit(0, 2)?, digit(2, 2)?, digit(4, 2)?]),
        _ => None,
    }
}

/// `[markdown]` in site.toml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Keep raw HTML written in Markdown (sanitised) instead of showing it as text.
    pub raw_html: bool,
}
