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
