//! The languages a library is published in (`language` and `[[languages]]` in site.toml): the
//! default first, published at the site root, then the others, each under `<code>/`.

use super::{Config, TextDirection};

/// One language the library is published in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Language {
    pub(crate) code: String,
    /// The language's name in that language.
    pub(crate) name: String,
    pub(crate) rtl: bool,
}

impl Language {
    /// `ltr` or `rtl`, for the `dir` attribute.
    pub(crate) fn dir(&self) -> &'static str {
        if self.rtl { "rtl" } else { "ltr" }
    }
}

/// The library's languages, the default first, then the others as site.toml lists them.
pub(crate) fn languages(config: &Config) -> Vec<Language> {
    let make = |code: &str, name: Option<&str>, dir: Option<TextDirection>| Language {
        code: code.to_string(),
        name: name.map_or_else(|| own_name(code).to_string(), str::to_string),
        rtl: dir.map_or_else(|| crate::text::is_rtl(code), |d| d == TextDirection::Rtl),
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
pub(crate) fn other_codes(config: &Config) -> Vec<String> {
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
