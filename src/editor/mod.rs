//! The web editor: `admin/`, a Git-based CMS (Sveltia CMS) whose forms are generated from the
//! content model, for contributors who will never touch YAML.
//!
//! A library turns it on with `[editor]` in site.toml (and `repository`). The build then writes
//! `admin/`: the CMS page, its configuration (`config.json`, made by [`cms`] from the same
//! front-matter structs, field descriptions and allowed terms as `cairn check` and `cairn new`),
//! the CMS itself and the fonts it shows, vendored from npm (`vendor/`, see its README.md) and
//! embedded in the binary, so the build needs no network and the page loads nothing from
//! another site: its Content Security Policy lets it talk only to GitHub's API.
//!
//! A contributor signs in with GitHub, fills in a form and saves; the CMS opens a pull request
//! on the library's repository (the editorial workflow; with open authoring, from a fork for
//! people who cannot write to it), where `cairn check` runs as on any other pull request.
//!
//! `admin/` is for contributors, not readers: no reader page links to it, it is left out of the
//! sitemap and of the offline copy (src/offline.rs), it says `noindex`, and robots.txt
//! disallows it.

mod cms;
#[cfg(test)]
mod contract;

use std::io::Read;

use crate::config::{Config, EditorConfig};
use crate::content::Library;
use crate::output::Output;
use crate::text::escape;

/// The folder of the web editor in the output (the site plan reserves it).
use crate::site::EDITOR as FOLDER;

/// Adds `admin/` to the site's files when site.toml has `[editor]`, and its `Disallow` line to
/// the `robots.txt` already in `output`. Called after the sitemap is made (src/render/mod.rs),
/// which therefore never lists it. The site plan reserves `admin/` for it: a page or file of the
/// library there is an error (src/site/claims.rs).
pub(crate) fn insert(library: &Library, output: &mut Output) {
    let Some(editor) = &library.config.editor else {
        return;
    };
    let config = &library.config;
    let Some(repo) = config.github_repository() else {
        // Reading site.toml has already refused this.
        return;
    };
    let cms_config = cms::config(library, editor, &repo);
    for (path, bytes) in files(config, editor, &cms_config) {
        output.insert(format!("{FOLDER}{path}"), bytes);
    }
    if let Some(robots) = output.get("robots.txt") {
        let robots = String::from_utf8_lossy(robots).into_owned();
        let rule = format!("Disallow: {}{FOLDER}\n", site_path(&config.base_url));
        // In the `User-agent: *` group, before the `Sitemap:` line that ends it.
        let at = robots.find("Sitemap:").unwrap_or(robots.len());
        let robots = format!("{}{rule}{}", &robots[..at], &robots[at..]);
        output.insert("robots.txt".into(), robots.into_bytes());
    }
}

/// The path of the site on its host, from `base_url`: `/` or `/library/`.
fn site_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    let path = path.trim_end_matches('/');
    format!("{path}/")
}

/// The version of Sveltia CMS the editor runs, from npm (`vendor/README.md`).
pub(crate) const CMS_VERSION: &str = "0.221.1";
/// `dist/sveltia-cms.js` of the npm package, gzipped (gzip -9n) to keep the binary small.
const CMS_JS_GZ: &[u8] = include_bytes!("vendor/sveltia-cms.js.gz");
/// Its Subresource Integrity hash: the browser refuses to run any other bytes.
const CMS_INTEGRITY: &str =
    "sha384-JQ+XsKx/UzwdTiNnFStza3XtqqQoVtyNPApkfvwlzZDfhe7giE9CnfQrpHqgv3k6";

/// The fonts the CMS shows (its own `npm/assets/`), with the names its stylesheet asks for.
/// Its stylesheet names the same fonts on a CDN, which the page's Content Security Policy
/// blocks; the browser then uses these.
const FONTS: [(&str, &str, &str, &[u8]); 3] = [
    (
        "Source Sans 3",
        "font-weight:200 900;font-display:swap",
        "source-sans-3-latin-wght-normal-BqRLTx4X.woff2",
        include_bytes!("vendor/source-sans-3-latin-wght-normal-BqRLTx4X.woff2"),
    ),
    (
        "Noto Mono",
        "font-weight:400;font-display:swap",
        "noto-mono-latin-400-normal-DiC8lJru.woff2",
        include_bytes!("vendor/noto-mono-latin-400-normal-DiC8lJru.woff2"),
    ),
    (
        "Material Symbols Outlined",
        "font-weight:400;font-display:block",
        "material-symbols-outlined-latin-wght-normal-_Z1IJPLg.woff2",
        include_bytes!("vendor/material-symbols-outlined-latin-wght-normal-_Z1IJPLg.woff2"),
    ),
];

/// The licences of the vendored files, published beside them.
const LICENCES: [(&str, &[u8]); 4] = [
    (
        "sveltia-cms.LICENSE.txt",
        include_bytes!("vendor/sveltia-cms.LICENSE.txt"),
    ),
    (
        "source-sans-3.LICENSE.txt",
        include_bytes!("vendor/source-sans-3.LICENSE.txt"),
    ),
    (
        "noto-mono.LICENSE.txt",
        include_bytes!("vendor/noto-mono.LICENSE.txt"),
    ),
    (
        "material-symbols-outlined.LICENSE.txt",
        include_bytes!("vendor/material-symbols-outlined.LICENSE.txt"),
    ),
];

/// The translations of the CMS's interface (its `locales/`, each gzipped), by language code.
/// The CMS fetches them from a CDN the page refuses; `cairn-editor.js` serves them from here.
macro_rules! locales {
    ($($code:literal),* $(,)?) => {
        [$(($code, include_bytes!(concat!("vendor/locales/", $code, ".json.gz")) as &[u8])),*]
    };
}
const LOCALES: [(&str, &[u8]); 29] = locales!(
    "ar", "bg", "ca", "cs", "da", "de", "el", "en-CA", "en-GB", "en-US", "es-CO", "fa", "fi", "fr",
    "hr", "it", "ja", "ko", "nl", "pl", "pt-BR", "pt-PT", "ru", "sv", "tr", "uk", "vi", "zh-CN",
    "zh-TW",
);

/// A file embedded gzipped, unpacked.
fn gunzip(gz: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(gz.len() * 4);
    flate2::read::GzDecoder::new(gz)
        .read_to_end(&mut bytes)
        .expect("the files embedded in the binary are valid gzip files");
    bytes
}

/// The CMS's script, as npm published it.
fn cms_js() -> Vec<u8> {
    gunzip(CMS_JS_GZ)
}

/// The file name of the CMS's script: versioned, so that browsers never run an older copy.
fn cms_js_name() -> String {
    format!("sveltia-cms-{CMS_VERSION}.js")
}

/// Every file of `admin/`, by path inside it.
fn files(
    config: &Config,
    editor: &EditorConfig,
    cms_config: &serde_json::Value,
) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![
        ("index.html".to_string(), page(config, editor).into_bytes()),
        (
            "config.json".to_string(),
            crate::schema::to_pretty(cms_config).into_bytes(),
        ),
        ("cairn-editor.css".to_string(), stylesheet().into_bytes()),
        ("cairn-editor.js".to_string(), editor_js().into_bytes()),
        (cms_js_name(), cms_js()),
    ];
    for (code, gz) in LOCALES {
        files.push((format!("locales/{code}.json"), gunzip(gz)));
    }
    for (_, _, file, bytes) in FONTS {
        files.push((format!("fonts/{file}"), bytes.to_vec()));
    }
    for (file, bytes) in LICENCES {
        files.push((format!("licences/{file}"), bytes.to_vec()));
    }
    files
}

/// Loaded before the CMS (`cairn-editor.js`): it serves the CMS the translations of its
/// interface from `locales/` instead of the CDN it asks, and shows the preview with the
/// library's own stylesheet.
fn editor_js() -> String {
    include_str!("cairn-editor.js").replace("CMS_VERSION", CMS_VERSION)
}

/// The CMS's fonts, served from `admin/fonts/`.
fn stylesheet() -> String {
    let mut css = String::from(
        "/* Generated by Cairn: the fonts of the web editor, served with it (see licences/). */\n",
    );
    for (family, descriptors, file, _) in FONTS {
        css.push_str(&format!(
            "@font-face {{ font-family: '{family}'; font-style: normal; {descriptors}; src: url(\"fonts/{file}\") format(\"woff2\"); }}\n"
        ));
    }
    css
}

/// What the editor page may load and talk to: its own files, and GitHub's API (and the OAuth
/// client, when there is one). Everything else, such as the CDNs the CMS would fetch fonts,
/// translations or update notices from, is refused by the browser before any request is made.
fn content_security_policy(editor: &EditorConfig) -> String {
    let mut connect =
        String::from("'self' data: blob: https://api.github.com https://raw.githubusercontent.com");
    if let Some(url) = &editor.oauth_url {
        connect.push(' ');
        connect.push_str(origin(url));
    }
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob: https://avatars.githubusercontent.com https://raw.githubusercontent.com; \
         font-src 'self'; connect-src {connect}; media-src 'self' blob:; worker-src 'self' blob:; \
         frame-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'none'"
    )
}

/// `https://host` of an URL.
fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    url[after_scheme..]
        .find('/')
        .map_or(url, |i| &url[..after_scheme + i])
}

/// `admin/index.html`: the CMS page.
fn page(config: &Config, editor: &EditorConfig) -> String {
    format!(
        "<!doctype html>\n\
<html lang=\"{lang}\">\n\
<head>\n\
<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"robots\" content=\"noindex, nofollow\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
<title>Edit {title}</title>\n\
<link rel=\"cms-config-url\" type=\"application/json\" href=\"config.json\">\n\
</head>\n\
<body>\n\
<noscript>The web editor of {title} needs JavaScript. You can also suggest changes on GitHub: see the library's CONTRIBUTING.md.</noscript>\n\
<link rel=\"stylesheet\" href=\"cairn-editor.css\">\n\
<script src=\"cairn-editor.js\"></script>\n\
<script src=\"{js}\" integrity=\"{CMS_INTEGRITY}\"></script>\n\
</body>\n\
</html>\n",
        lang = escape(&config.language),
        csp = escape(&content_security_policy(editor)),
        title = escape(&config.title),
        js = cms_js_name(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(extra: &str) -> Result<Config, Vec<crate::diagnostic::Diagnostic>> {
        Config::parse(&format!("title = \"Test Library\"\n{extra}"))
    }

    // Pins that `[editor]` needs a GitHub repository, and says so on its own line.
    #[test]
    fn editor_needs_a_github_repository() {
        let err = config("\n[editor]\n").unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].line, 3);
        assert!(
            err[0]
                .message
                .contains("needs the library's GitHub repository")
        );
        let err = config("repository = \"https://gitlab.com/org/lib\"\n[editor]\n").unwrap_err();
        assert!(
            err[0].message.contains("works with GitHub"),
            "{}",
            err[0].message
        );
        let ok = config("repository = \"https://github.com/org/lib/\"\n[editor]\n").unwrap();
        assert_eq!(ok.editor, Some(EditorConfig::default()));
        assert!(
            config("repository = \"https://github.com/org/lib\"\n")
                .unwrap()
                .editor
                .is_none()
        );
    }

    // Pins that an OAuth client must be an https:// address, and that its origin (not its path)
    // is what the page may talk to.
    #[test]
    fn oauth_client() {
        let base = "repository = \"https://github.com/org/lib\"\n[editor]\n";
        assert!(config(&format!("{base}oauth_url = \"http://x.example\"\n")).is_err());
        let c = config(&format!(
            "{base}oauth_url = \"https://auth.example.org/cms\"\n"
        ))
        .unwrap();
        let csp = content_security_policy(c.editor.as_ref().unwrap());
        assert!(csp.contains("connect-src 'self' data: blob: https://api.github.com https://raw.githubusercontent.com https://auth.example.org;"), "{csp}");
    }

    // Pins the robots.txt path of a site published in a sub-folder, and at a host's root.
    #[test]
    fn site_paths() {
        assert_eq!(site_path("https://example.org/library/"), "/library/");
        assert_eq!(site_path("https://example.org/library"), "/library/");
        assert_eq!(site_path("https://example.org"), "/");
        assert_eq!(site_path("https://example.org/"), "/");
    }

    // Pins that the embedded CMS unpacks to the npm file (its size and its first bytes); its
    // exact bytes are the browser's to check against the integrity hash (tests/browser).
    #[test]
    fn embedded_cms_unpacks() {
        let js = cms_js();
        assert_eq!(js.len(), 2_139_006);
        assert!(js.starts_with(b"(function(e){"));
    }

    // Pins that every embedded translation of the CMS unpacks to JSON strings for its language.
    #[test]
    fn embedded_locales_unpack() {
        for (code, gz) in LOCALES {
            let strings: serde_json::Value = serde_json::from_slice(&gunzip(gz)).unwrap();
            assert!(strings.as_object().is_some_and(|o| o.len() > 100), "{code}");
        }
    }
}
