//! Plain pages: the home page and section introductions (`_index.md`), pages such as
//! `content/about.md`, and the glossary.

use serde::{Deserialize, Serialize};

use super::Source;

/// Front matter of a plain page or a section introduction.
#[derive(Debug, Clone, Deserialize)]
pub struct PageMeta {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// A picture: shown on the home page (src/content/image.rs).
    #[serde(default)]
    pub image: Option<super::image::ImageMeta>,
    /// Old addresses of the page (`/old/path/`), each published as a page sending readers
    /// here (src/site/: an alias that takes another file's address is an error).
    #[serde(default)]
    pub aliases: Vec<crate::content::front_matter::Located<String>>,
    /// The library's own data, free-form: given to templates as `extra` and, for case studies,
    /// to the open data.
    #[serde(default)]
    pub extra: crate::content::Extra,
}

/// A plain page or section introduction.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file name without `.md` (`_index` for introductions).
    pub slug: String,
    pub meta: PageMeta,
    pub source: Source,
}

/// Front matter of `content/glossary.md`.
#[derive(Debug, Clone, Deserialize)]
pub struct GlossaryMeta {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub terms: Vec<GlossaryTerm>,
    /// Old addresses of the page (`/old/path/`), each published as a page sending readers
    /// here (src/site/: an alias that takes another file's address is an error).
    #[serde(default)]
    pub aliases: Vec<crate::content::front_matter::Located<String>>,
    /// The library's own data, free-form: given to templates as `extra` and, for case studies,
    /// to the open data.
    #[serde(default)]
    pub extra: crate::content::Extra,
}

/// A term and its plain-language definition.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryTerm {
    pub term: String,
    #[serde(default)]
    pub expansion: Option<String>,
    pub definition: String,
}

/// The loaded glossary.
#[derive(Debug, Clone)]
pub struct Glossary {
    pub meta: GlossaryMeta,
    pub source: Source,
}
