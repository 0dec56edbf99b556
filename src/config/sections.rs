//! Sections of site.toml read by later stages: what is kept offline and how the installed app
//! looks (src/offline.rs), whether raw HTML is kept in Markdown (src/render/sanitize.rs), and
//! the web editor (src/editor/).
//! Their types live here so that reading site.toml needs nothing from those stages.

use serde::Deserialize;

use super::Config;
use crate::diagnostic::Diagnostic;

/// `offline` in site.toml: what the service worker keeps on the reader's device.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OfflineMode {
    /// The shell (styles, scripts, icons), the home page, the listings' first pages, search and
    /// the forms first, then other pages and files, up to `offline_budget_mb` on the first
    /// visit; anything else is saved once read, and a reader may save the rest with a button.
    #[default]
    Essentials,
    /// Every file of the site is saved on the first visit (small libraries, USB copies).
    Full,
    /// Pages, styles, scripts and the search index; other files are saved once opened.
    Pages,
    /// No service worker (one installed by an earlier build removes itself).
    Off,
}

impl OfflineMode {
    pub fn as_str(self) -> &'static str {
        match self {
            OfflineMode::Essentials => "essentials",
            OfflineMode::Full => "full",
            OfflineMode::Pages => "pages",
            OfflineMode::Off => "off",
        }
    }
}

/// `[app]` in site.toml: how the library looks once installed on a phone's home screen.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct AppConfig {
    /// The name under the home-screen icon; default: the site title.
    pub(crate) short_name: Option<String>,
    /// The colour of the title bar and of the icon's background, `#rrggbb`.
    pub(crate) theme_color: String,
    /// The colour of the splash screen and of the icon's cairn, `#rrggbb`.
    pub(crate) background_color: String,
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
pub(crate) struct MarkdownConfig {
    /// Keep raw HTML written in Markdown (sanitised) instead of showing it as text.
    pub(crate) raw_html: bool,
}

/// `[editor]` in site.toml: the web editor is written when the section is there.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct EditorConfig {
    /// Where an OAuth client for GitHub runs (such as the Sveltia CMS Authenticator on
    /// Cloudflare Workers), for "Sign In with GitHub". Without it, contributors sign in with a
    /// GitHub access token.
    pub(crate) oauth_url: Option<String>,
    /// Whether people who cannot write to the repository may still propose changes: the CMS
    /// forks the repository for them and opens the pull request from the fork. Default `true`.
    pub(crate) open_authoring: bool,
}

impl Default for EditorConfig {
    fn default() -> Self {
        EditorConfig {
            oauth_url: None,
            open_authoring: true,
        }
    }
}

/// `owner/name` of the library's GitHub repository, from `repository` in site.toml.
pub(super) fn github_repo(repository: &str) -> Option<String> {
    let rest = repository
        .trim()
        .strip_prefix("https://github.com/")?
        .trim_end_matches('/');
    let rest = rest.strip_suffix(".git").unwrap_or(rest);
    let (owner, name) = rest.split_once('/')?;
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    (plain(owner) && plain(name)).then(|| format!("{owner}/{name}"))
}

/// Checks `[editor]` of site.toml: it needs the library's GitHub repository.
pub(super) fn validate_editor(config: &Config, text: &str) -> Vec<Diagnostic> {
    let Some(editor) = &config.editor else {
        return Vec::new();
    };
    let line = text
        .lines()
        .position(|l| l.trim() == "[editor]")
        .map_or(0, |i| i + 1);
    let at = |message: String, help: &str| {
        Diagnostic::error_at("site.toml", line, 1, message)
            .with_help(help)
            .with_source(text)
    };
    let mut problems = Vec::new();
    match config.repository.as_deref() {
        None => problems.push(at(
            "the web editor (`[editor]`) needs the library's GitHub repository".into(),
            "add `repository = \"https://github.com/your-organisation/your-library\"` near the top of site.toml",
        )),
        Some(repository) if github_repo(repository).is_none() => problems.push(at(
            format!("the web editor works with GitHub, and `repository` is `{repository}`"),
            "write the repository as https://github.com/<organisation>/<name>, or remove `[editor]`",
        )),
        Some(_) => {}
    }
    if let Some(url) = &editor.oauth_url
        && (!url.starts_with("https://")
            || url.contains(['"', '\'', ' ', ';', ','])
            || url.chars().any(char::is_control))
    {
        problems.push(at(
            format!("`oauth_url` is `{url}`, which is not an https:// address"),
            "give the address of your OAuth client, e.g. \"https://sveltia-cms-auth.your-name.workers.dev\", or remove the line to sign in with access tokens",
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::github_repo;

    // Pins the repository names the CMS is given.
    #[test]
    fn repository_names() {
        assert_eq!(
            github_repo("https://github.com/org/lib").as_deref(),
            Some("org/lib")
        );
        assert_eq!(
            github_repo("https://github.com/org/lib.git/").as_deref(),
            Some("org/lib")
        );
        assert_eq!(github_repo("https://github.com/org"), None);
        assert_eq!(github_repo("https://github.com/org/a b"), None);
        assert_eq!(github_repo("http://github.com/org/lib"), None);
    }
}
