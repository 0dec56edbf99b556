//! What every page's template receives besides its own values: the site, the page's address
//! and language, the language switcher, the `<head>`'s metadata and the "Edit this page" link.
//! Each template's own values are in `pages.rs`; `docs/templates.md` lists them all, and a
//! test keeps that list and these structs in step.

use serde::Serialize;

use crate::config::{Config, Language, OfflineMode};
use crate::i18n::PageLanguages;
use crate::site::{ICON_SVG, MANIFEST, Sections, Site, TOUCH_ICON};

/// The variables of every page.
#[derive(Debug, Serialize)]
pub(crate) struct Common<'a> {
    /// `../` to the site root from the page (`""` at the root).
    pub(crate) root: &'a str,
    /// The page's path inside its language, e.g. `case-studies/x/index.html`.
    pub(crate) url: &'a str,
    pub(crate) site: &'a SiteValues,
    /// The page's section in the header navigation: `case-studies`, `toolkit`, `principles`,
    /// `forms` or `""`.
    pub(crate) section: &'static str,
    /// One sentence for `<meta name="description">`.
    pub(crate) description: &'a str,
    /// The printable version of the page's section (toolkit, principles), if it has one.
    pub(crate) print_url: Option<String>,
    /// GitHub's editor for the page's file, when site.toml names the repository.
    pub(crate) edit_url: Option<String>,
    pub(crate) meta: Meta,
    pub(crate) lang: LangValues<'a>,
    /// `../` to the site's own root, where stylesheets and scripts are, from a page in any
    /// language.
    pub(crate) asset_root: String,
    /// The language switcher (empty for a library in one language).
    pub(crate) languages: Vec<Switch<'a>>,
    /// `hreflang` alternates: the languages the page is translated into, and `x-default`.
    pub(crate) alternates: Vec<Alternate<'a>>,
    /// The default language, when the page is shown in it for want of a translation.
    pub(crate) fallback: Option<Fallback<'a>>,
    /// The scripts' messages (`js_*` strings) as JSON, in the page's language.
    pub(crate) js_strings: &'a str,
    /// The `extra:` mapping of the page's file, as written (empty when it has none).
    pub(crate) extra: &'a crate::content::Extra,
}

/// `site`: the library as a whole, in the page's language.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteValues {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) licence: String,
    /// The page's language code and direction.
    pub(crate) language: String,
    pub(crate) dir: &'static str,
    pub(crate) has_glossary: bool,
    pub(crate) app: AppValues,
    /// Whether the library has an `about` page (linked from the footer).
    pub(crate) has_about: bool,
    /// The sections of the navigation that exist, each the address of its first page from
    /// the language's root (`case-studies/index.html`), or none: read from the site plan.
    pub(crate) nav: Sections,
    /// The library's logo, a path from the site root (`static/logo.svg`).
    pub(crate) logo: Option<String>,
    /// The page header's colour (`accent_color`), `#rrggbb`.
    pub(crate) accent: Option<String>,
}

/// `site.app`: the installed app and the service worker (src/offline.rs).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AppValues {
    /// Whether pages register the service worker.
    pub(crate) offline: bool,
    pub(crate) manifest: &'static str,
    pub(crate) icon: &'static str,
    pub(crate) touch_icon: &'static str,
    pub(crate) theme_color: String,
}

/// `meta`: Open Graph, Twitter card and JSON-LD for `<head>` (src/data.rs).
#[derive(Debug, Serialize)]
pub(crate) struct Meta {
    /// The page's absolute address (from `base_url`), as Open Graph requires.
    pub(crate) og_url: String,
    pub(crate) og_type: &'static str,
    pub(crate) twitter_card: &'static str,
    /// A case study's schema.org record, ready to sit in a `<script>`.
    pub(crate) jsonld: Option<String>,
}

/// `lang`: the page's language.
#[derive(Debug, Serialize)]
pub(crate) struct LangValues<'a> {
    pub(crate) code: &'a str,
    pub(crate) dir: &'static str,
    pub(crate) name: &'a str,
    /// Where the language's pages are: `""` or `cy/`.
    pub(crate) prefix: &'a str,
}

/// One entry of the language switcher.
#[derive(Debug, Serialize)]
pub(crate) struct Switch<'a> {
    pub(crate) code: &'a str,
    pub(crate) name: &'a str,
    pub(crate) dir: &'static str,
    /// The same page in that language.
    pub(crate) href: String,
    pub(crate) current: bool,
    /// Whether the page is translated into that language (else it shows the default's text).
    pub(crate) translated: bool,
}

/// One `hreflang` alternate.
#[derive(Debug, Serialize)]
pub(crate) struct Alternate<'a> {
    pub(crate) code: &'a str,
    pub(crate) href: String,
}

/// The language a page falls back to.
#[derive(Debug, Serialize)]
pub(crate) struct Fallback<'a> {
    pub(crate) code: &'a str,
    pub(crate) dir: &'static str,
    pub(crate) name: &'a str,
}

impl SiteValues {
    /// The `site` values of pages in `languages.current`.
    pub(crate) fn new(
        config: &Config,
        has_glossary: bool,
        has_about: bool,
        languages: &PageLanguages,
        nav: &Sections,
    ) -> SiteValues {
        SiteValues {
            title: config.title.clone(),
            description: config.description.clone(),
            licence: config.licence.clone(),
            language: languages.current.code.clone(),
            dir: languages.current.dir(),
            has_glossary,
            app: AppValues {
                offline: config.offline != OfflineMode::Off,
                manifest: MANIFEST,
                icon: ICON_SVG,
                touch_icon: TOUCH_ICON,
                theme_color: config.app.theme_color.clone(),
            },
            has_about,
            nav: nav.clone(),
            logo: config.logo.clone(),
            accent: config.accent_color.clone(),
        }
    }
}

/// What a page's languages need: its address in its language, and the content path of the
/// Markdown it is made from (in the default language).
pub(crate) struct PageAddress<'a> {
    pub(crate) url: &'a str,
    pub(crate) root: &'a str,
    pub(crate) source: Option<&'a str>,
    /// The one language the page is published in, if only one.
    pub(crate) only_in: Option<&'a str>,
}

/// The language values of a page: `lang`, `asset_root`, the switcher, the alternates, the
/// fallback notice, the scripts' strings and the page's absolute address.
pub(crate) struct LanguageValues<'a> {
    pub(crate) lang: LangValues<'a>,
    pub(crate) asset_root: String,
    pub(crate) languages: Vec<Switch<'a>>,
    pub(crate) alternates: Vec<Alternate<'a>>,
    pub(crate) fallback: Option<Fallback<'a>>,
    pub(crate) js_strings: &'a str,
    pub(crate) og_url: String,
}

/// The language values of the page at `address`, in `languages.current`.
pub(crate) fn language_values<'a>(
    languages: &'a PageLanguages,
    site: &'a Site,
    address: &PageAddress<'_>,
) -> LanguageValues<'a> {
    let current = &languages.current;
    let default = languages.all.first();
    let is_default = default.is_none_or(|d| d.code == current.code);
    // A translation's own path names the page it translates.
    let own = address.source.map(|s| {
        s.strip_suffix(&format!(".{}.md", current.code))
            .map_or_else(|| s.to_string(), |base| format!("{base}.md"))
    });
    let source = own.as_deref();
    let prefix_of = |code: &str| site.prefix(code);
    let current_prefix = prefix_of(&current.code);
    let site_root = format!(
        "{}{}",
        address.root,
        "../".repeat(current_prefix.matches('/').count())
    );
    let url = address.url;
    let only_in = address.only_in;
    let has = |code: &str| {
        if let Some(only) = only_in {
            return only == code;
        }
        default.is_none_or(|d| d.code == code)
            || source.is_none_or(|s| {
                languages
                    .translated
                    .get(code)
                    .is_some_and(|t| t.contains(s))
            })
    };
    let several = languages.all.len() > 1;
    let switcher = match several {
        true => languages
            .all
            .iter()
            .map(|l| Switch {
                code: &l.code,
                name: &l.name,
                dir: l.dir(),
                // A page in one language only: the others' switcher goes to their home page.
                href: match only_in.is_none() || has(&l.code) {
                    true => format!("{site_root}{}{url}", prefix_of(&l.code)),
                    false => format!("{site_root}{}index.html", prefix_of(&l.code)),
                },
                current: l.code == current.code,
                translated: has(&l.code),
            })
            .collect(),
        false => Vec::new(),
    };
    let alternates = match several {
        true => languages
            .all
            .iter()
            .filter(|l| has(&l.code))
            .map(|l| Alternate {
                code: &l.code,
                href: format!("{site_root}{}{url}", prefix_of(&l.code)),
            })
            // For readers of any other language: the default language's page, if it has one.
            .chain(only_in.is_none().then(|| Alternate {
                code: "x-default",
                href: format!("{site_root}{url}"),
            }))
            .collect(),
        false => Vec::new(),
    };
    let fallback = default
        .filter(|_| !is_default && !has(&current.code))
        .map(|d: &Language| Fallback {
            code: &d.code,
            dir: d.dir(),
            name: &d.name,
        });
    let pretty = crate::url::pretty(url);
    LanguageValues {
        lang: LangValues {
            code: &current.code,
            dir: current.dir(),
            name: &current.name,
            prefix: current_prefix,
        },
        asset_root: site_root.clone(),
        languages: switcher,
        alternates,
        fallback,
        js_strings: &languages.js_strings,
        og_url: format!("{}{current_prefix}{pretty}", languages.base_url),
    }
}
