//! Principle sets: `content/principles/<set>.md`, an ordered list of principles each with an id.

use serde::Deserialize;

use super::Source;
use super::front_matter::Located;
use crate::diagnostic::Diagnostic;

/// A principle set's front matter.
#[derive(Debug, Clone, Deserialize)]
pub struct PrincipleSetMeta {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Where the set comes from (attribution).
    #[serde(default)]
    pub source: Option<String>,
    pub principles: Vec<Principle>,
    /// Old addresses of the page (`/old/path/`), each published as a page sending readers
    /// here (src/site/: an alias that takes another file's address is an error).
    #[serde(default)]
    pub aliases: Vec<crate::content::front_matter::Located<String>>,
    /// The library's own data, free-form: given to templates as `extra` and, for case studies,
    /// to the open data.
    #[serde(default)]
    pub extra: crate::content::Extra,
}

/// One principle of a set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    /// Kebab-case, unique in its set; cited as `<set>/<id>`.
    pub id: Located<String>,
    pub name: String,
    /// Markdown.
    pub description: String,
}

/// A loaded principle set.
#[derive(Debug, Clone)]
pub struct PrincipleSet {
    /// The file name without `.md`.
    pub id: String,
    pub meta: PrincipleSetMeta,
    pub source: Source,
}

impl PrincipleSet {
    /// Checks ids: present, kebab-case and unique in the set.
    pub fn validate(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        if self.meta.principles.is_empty() {
            problems.push(
                Diagnostic::file_error(
                    &self.source.path,
                    "a principle set needs at least one principle",
                )
                .with_help("add a `principles:` list with `id`, `name` and `description` for each"),
            );
        }
        let mut seen = std::collections::HashSet::new();
        for p in &self.meta.principles {
            let id = &p.id;
            if !is_kebab(&id.value) {
                problems.push(
                    Diagnostic::error_at(
                        &self.source.path,
                        id.line,
                        id.column,
                        format!("principle id `{}` is not a simple id", id.value),
                    )
                    .with_help(format!(
                        "use lower-case letters, digits and hyphens, e.g. `{}`",
                        crate::text::slugify(&id.value)
                    ))
                    .with_source(&self.source.text),
                );
            }
            if !seen.insert(id.value.as_str()) {
                problems.push(
                    Diagnostic::error_at(
                        &self.source.path,
                        id.line,
                        id.column,
                        format!("principle id `{}` is used twice in this set", id.value),
                    )
                    .with_help("give each principle its own id")
                    .with_source(&self.source.text),
                );
            }
        }
        problems
    }

    /// The principle with this id.
    pub fn principle(&self, id: &str) -> Option<(usize, &Principle)> {
        self.meta
            .principles
            .iter()
            .enumerate()
            .find(|(_, p)| p.id.value == id)
    }
}

/// Lower-case ASCII letters, digits and single inner hyphens.
pub fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
