//! Principle sets: `content/principles/<set>.md`, an ordered list of principles each with an id.

use serde::Deserialize;

use super::Source;
use super::front_matter::Located;
use crate::diagnostic::Diagnostic;

/// A principle set's front matter.
#[derive(Debug, Clone, Deserialize)]
pub struct PrincipleSetMeta {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
    /// Where the set comes from (attribution).
    #[serde(default)]
    pub(crate) source: Option<String>,
    pub(crate) principles: Vec<Principle>,
    /// Old addresses of the page (`/old/path/`), each published as a page sending readers
    /// here (src/site/: an alias that takes another file's address is an error).
    #[serde(default)]
    pub(crate) aliases: Vec<crate::content::front_matter::Located<String>>,
    /// The library's own data, free-form: given to templates as `extra` and, for case studies,
    /// to the open data.
    #[serde(default)]
    pub(crate) extra: crate::content::Extra,
}

/// One principle of a set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Principle {
    /// Kebab-case, unique in its set; cited as `<set>/<id>`.
    pub(crate) id: Located<String>,
    pub(crate) name: String,
    /// Markdown.
    pub(crate) description: String,
}

/// A loaded principle set.
#[derive(Debug, Clone)]
pub(crate) struct PrincipleSet {
    /// The file name without `.md`.
    pub(crate) id: String,
    pub(crate) meta: PrincipleSetMeta,
    pub(crate) source: Source,
}

impl PrincipleSet {
    /// Checks ids: present, kebab-case and unique in the set.
    pub(crate) fn validate(&self) -> Vec<Diagnostic> {
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
    pub(crate) fn principle(&self, id: &str) -> Option<(usize, &Principle)> {
        self.meta
            .principles
            .iter()
            .enumerate()
            .find(|(_, p)| p.id.value == id)
    }
}

/// Lower-case ASCII letters, digits and single inner hyphens.
pub(crate) fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
