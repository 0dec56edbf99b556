//! The default theme, embedded in the binary, and the lookup that lets a library override any
//! single template or asset.
//!
//! Lookup order, file by file: the library's `templates/` (or `static/`), then
//! `themes/<theme>/` in the library when it chose a theme of its own, then the built-in default.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::Diagnostic;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        /// Every file of `themes/default/`, relative to it.
        pub const DEFAULT_THEME: &[(&str, &[u8])] = &[
            $(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)))),*
        ];
    };
}

embed!(
    "i18n/cy.toml",
    "i18n/en.toml",
    "i18n/ur.toml",
    "static/css/site.css",
    "static/js/elasticlunr.LICENSE.txt",
    "static/js/elasticlunr.min.js",
    "static/js/form.js",
    "static/js/offline.js",
    "static/js/print.js",
    "static/js/search-ui.js",
    "static/js/search.js",
    "static/js/site.js",
    "templates/404.html",
    "templates/base.html",
    "templates/case-studies.html",
    "templates/case-study.html",
    "templates/form-collate.html",
    "templates/form.html",
    "templates/forms.html",
    "templates/glossary.html",
    "templates/index.html",
    "templates/offline.html",
    "templates/page.html",
    "templates/partials/browse.html",
    "templates/partials/card.html",
    "templates/partials/picture.html",
    "templates/partials/spectrum.html",
    "templates/principle-set.html",
    "templates/principle.html",
    "templates/principles-print.html",
    "templates/principles.html",
    "templates/search.html",
    "templates/taxonomy.html",
    "templates/term.html",
    "templates/toolkit-print.html",
    "templates/toolkit-section.html",
);

/// The templates and static files a build uses, after overrides.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (e.g. `base.html`) -> source.
    pub templates: BTreeMap<String, String>,
    /// Output path (e.g. `static/css/site.css`) -> bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The built-in default theme, with a library's theme folder and own templates on top.
    pub fn resolve(
        root: &Path,
        theme_name: &str,
        library_templates: &BTreeMap<String, String>,
    ) -> Result<(Theme, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut theme = Theme::default();
        let mut warnings = Vec::new();
        for (path, bytes) in DEFAULT_THEME {
            theme.add(path, bytes.to_vec());
        }
        if theme_name != "default" {
            let dir = root.join("themes").join(theme_name);
            if !dir.is_dir() {
                return Err(vec![
                    Diagnostic::file_error(
                        "site.toml",
                        format!("the theme `{theme_name}` is not in themes/{theme_name}/"),
                    )
                    .with_help("set theme = \"default\", or add the theme folder"),
                ]);
            }
            for entry in walkdir::WalkDir::new(&dir)
                .follow_links(false)
                .sort_by_file_name()
            {
                let Ok(entry) = entry else { continue };
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                let rel = crate::diagnostic::display_path(rel);
                if let Ok(bytes) = std::fs::read(entry.path()) {
                    theme.add(&rel, bytes);
                }
            }
        }
        for (name, text) in library_templates {
            if !theme.templates.contains_key(name) {
                warnings.push(
                    Diagnostic::warning_at(
                        format!("templates/{name}"),
                        0,
                        0,
                        "this template overrides nothing in the theme",
                    )
                    .with_help(format!(
                        "the theme's templates are: {}",
                        theme
                            .templates
                            .keys()
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
            }
            theme.templates.insert(name.clone(), text.clone());
        }
        Ok((theme, warnings))
    }

    fn add(&mut self, path: &str, bytes: Vec<u8>) {
        if let Some(name) = path.strip_prefix("templates/") {
            self.templates.insert(
                name.to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            );
        } else if path.starts_with("static/") {
            self.assets.insert(path.to_string(), bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins that the embedded table lists exactly the files in themes/default/ (and their bytes).
    #[test]
    fn embedded_table_matches_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| crate::diagnostic::display_path(e.path().strip_prefix(&dir).unwrap()))
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = DEFAULT_THEME.iter().map(|(p, _)| p.to_string()).collect();
        assert_eq!(embedded, on_disk, "update the embed! list in src/theme.rs");
        for (path, bytes) in DEFAULT_THEME {
            assert_eq!(&std::fs::read(dir.join(path)).unwrap(), bytes);
        }
    }
}
