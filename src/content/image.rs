//! The `image` of a case study, a toolkit section or the home page: a picture beside the
//! content (under `content/`), what it shows (`alt`, required) and whom to credit.
//!
//! The picture itself is made into responsive sizes by `src/images.rs`; here it is only
//! checked: it must exist, be a JPEG, PNG or WebP, and say what it shows.

use serde::Deserialize;

use super::front_matter::Located;
use super::{Library, Source};
use crate::diagnostic::Diagnostic;

/// `image:` in front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ImageMeta {
    /// The file, beside the page (`glodwick.jpg`) or from `content/` (`@/case-studies/glodwick.jpg`).
    pub(crate) src: Located<String>,
    /// What the picture shows, for readers who cannot see it.
    pub(crate) alt: String,
    /// Who took or made it.
    #[serde(default)]
    pub(crate) credit: Option<String>,
    /// Its licence, when it differs from the page's.
    #[serde(default)]
    pub(crate) licence: Option<String>,
}

/// The file types made into responsive sizes.
pub(crate) const PICTURE_TYPES: [&str; 4] = ["jpg", "jpeg", "png", "webp"];

/// Whether `path` names a JPEG, PNG or WebP file.
pub(crate) fn is_picture(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| PICTURE_TYPES.contains(&ext.to_ascii_lowercase().as_str()))
}

impl ImageMeta {
    /// The picture's path inside `content/` (its output path), for a page made from `source`.
    pub(crate) fn content_path(&self, source: &Source) -> String {
        resolve(&self.src.value, source)
    }
}

/// `src` as a path inside `content/`: `@/x/y.jpg` as written, anything else beside `source`.
pub(crate) fn resolve(src: &str, source: &Source) -> String {
    let src = src.trim();
    if let Some(path) = src.strip_prefix("@/") {
        return path.to_string();
    }
    let content_path = source.content_path();
    let mut parts: Vec<&str> = content_path.split('/').collect();
    parts.pop();
    for part in src.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Every page's `image` must name a picture of the library and say what it shows.
pub(crate) fn check(library: &Library) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let pages = library
        .case_studies
        .iter()
        .map(|c| (c.meta.image.as_ref(), &c.source))
        .chain(
            library
                .toolkit
                .sections
                .iter()
                .map(|s| (s.meta.image.as_ref(), &s.source)),
        )
        .chain(
            library
                .home
                .iter()
                .map(|h| (h.meta.image.as_ref(), &h.source)),
        );
    if let Some(logo) = &library.config.logo
        && !library.assets.iter().any(|a| &a.output_path == logo)
    {
        problems.push(
            Diagnostic::file_error("site.toml", format!("the logo `{logo}` does not exist"))
                .with_help("put the logo in the library's static/ folder, e.g. static/logo.svg, and name it in site.toml as logo = \"static/logo.svg\""),
        );
    }
    for (image, source) in pages {
        let Some(image) = image else { continue };
        let at = |message: String, help: String| {
            Diagnostic::error_at(&source.path, image.src.line, image.src.column, message)
                .with_span(image.src.value.chars().count().max(1))
                .with_help(help)
                .with_source(&source.text)
        };
        let path = image.content_path(source);
        let src = image.src.value.trim();
        if !is_picture(&path) {
            problems.push(at(
                format!("the image `{src}` is not a JPEG, PNG or WebP picture"),
                "save it as .jpg, .png or .webp: those are made into sizes for every screen".into(),
            ));
        } else if !library.assets.iter().any(|a| a.output_path == path) {
            let folder = source
                .content_path()
                .rsplit_once('/')
                .map(|(d, _)| format!("{d}/"))
                .unwrap_or_default();
            problems.push(at(
                format!("the image `{src}` does not exist (looked for `content/{path}`)"),
                format!("put the picture in `content/{folder}` and write its file name, e.g. src: photo.jpg"),
            ));
        }
        if image.alt.trim().is_empty() {
            problems.push(at(
                "this image's `alt` is empty".into(),
                "say what the picture shows, e.g. alt: \"Residents planting the community garden\", for readers who cannot see it".into(),
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(path: &str) -> Source {
        Source {
            path: path.into(),
            text: String::new(),
            body_offset: 0,
        }
    }

    // Pins where an image's `src` points: beside the page, up a folder, or from content/.
    #[test]
    fn src_resolves_beside_the_page() {
        let s = source("content/case-studies/glodwick.md");
        assert_eq!(resolve("glodwick.jpg", &s), "case-studies/glodwick.jpg");
        assert_eq!(resolve("./pics/a.png", &s), "case-studies/pics/a.png");
        assert_eq!(resolve("../shared/a.webp", &s), "shared/a.webp");
        assert_eq!(resolve("@/toolkit/a.jpg", &s), "toolkit/a.jpg");
        assert!(is_picture("a.JPG") && is_picture("x/y.webp") && !is_picture("a.svg"));
    }
}
