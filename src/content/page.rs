//! Plain pages: the home page and section introductions (`_index.md`), pages such as
//! `content/about.md`, and the glossary.

use serde::{Deserialize, Serialize};

use super::Source;

/// Front matter of a plain page or a section introduction.
#[derive(Debug, Clone, Deserialize)]
pub struct PageMeta {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
    /// A picture: shown on the home page (src/content/image.rs).
    #[serde(default)]
    pub(crate) image: Option<super::image::ImageMeta>,
    /// Old addresses of the page (`/old/path/`), each published as a page sending readers
    /// here (src/site/: an alias that takes another file's address is an error).
    #[serde(default)]
    pub(crate) aliases: Vec<crate::content::front_matter::Located<String>>,
    /// The library's own data, free-form: given to templates as `extra` and, for case studies,
    /// to the open data.
    #[serde(default)]
    pub(crate) extra: crate::content::Extra,
}

/// A plain page or section introduction.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// The file name without `.md` (`_index` for introductions).
    pub(crate) slug: String,
    pub(crate) meta: PageMeta,
    pub(crate) source: Source,
}

/// Front matter of `content/glossary.md`.
#[derive(Debug, Clone, Deserialize)]
pub struct GlossaryMeta {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
    pub(crate) terms: Vec<GlossaryTerm>,
    /// Old addresses of the page (`/old/path/`), each published as a page sending readers
    /// here (src/site/: an alias that takes another file's address is an error).
    #[serde(default)]
    pub(crate) aliases: Vec<crate::content::front_matter::Located<String>>,
    /// The library's own data, free-form: given to templates as `extra` and, for case studies,
    /// to the open data.
    #[serde(default)]
    pub(crate) extra: crate::content::Extra,
}

/// A term and its plain-language definition.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GlossaryTerm {
    pub(crate) term: String,
    #[serde(default)]
    pub(crate) expansion: Option<String>,
    pub(crate) definition: String,
}

/// The loaded glossary.
#[derive(Debug, Clone)]
pub struct Glossary {
    pub meta: GlossaryMeta,
    pub source: Source,
}
