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
    "static/js/library.js",
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
            theme.add(path, compact(path, bytes));
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

/// The built-in theme's stylesheets and scripts as published: without their comments and
/// indentation, which are for the people reading `themes/default/`, not for readers' phones
/// (about a fifth of the bytes every page loads). Other files, and a library's own, as they are.
fn compact(path: &str, bytes: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return bytes.to_vec();
    };
    if path.ends_with(".css") {
        compact_css(text).into_bytes()
    } else if path.ends_with(".js") && !path.ends_with(".min.js") {
        compact_js(text).into_bytes()
    } else {
        bytes.to_vec()
    }
}

/// CSS without comments, each run of white space one space, none around `{`, `}`, `;` and
/// `,`; strings kept as written.
fn compact_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                space = true;
            }
            '"' | '\'' => {
                if space && !out.is_empty() && !out.ends_with(['{', '}', ';', ',', '(']) {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                while let Some(s) = chars.next() {
                    out.push(s);
                    if s == '\\' {
                        out.extend(chars.next());
                    } else if s == c {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => space = true,
            '{' | '}' | ';' | ',' => {
                while out.ends_with(' ') {
                    out.pop();
                }
                out.push(c);
                space = false;
            }
            c => {
                if space && !out.is_empty() && !out.ends_with(['{', '}', ';', ',']) {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    out.push('\n');
    out
}

/// JavaScript without its whole-line `//` comments, indentation and blank lines. Only for the
/// built-in scripts, written so that this is safe (no line of a string or template starts
/// with `//` or white space that matters).
fn compact_js(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    for line in js.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins the compacting of the built-in stylesheet and scripts: comments and white space go,
    // strings (`content: " ("`), `calc()` spaces and code stay.
    #[test]
    fn compacts_css_and_js() {
        let css = "/* a */\n.a  > .b ,\n.c {\n  content: \" ( \" attr(href);\n  width: calc(100% - 2rem);\n}\n@media print { .d { x: 1 } }\n";
        assert_eq!(
            compact_css(css),
            ".a > .b,.c{content: \" ( \" attr(href);width: calc(100% - 2rem);}@media print{.d{x: 1}}\n"
        );
        let js = "// Header\n(function () {\n  \"use strict\";\n\n  // note\n  var a = \"//not\"; // kept\n})();\n";
        assert_eq!(
            compact_js(js),
            "(function () {\n\"use strict\";\nvar a = \"//not\"; // kept\n})();\n"
        );
        assert_eq!(compact("static/js/x.min.js", b"  // a\n"), b"  // a\n");
    }

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
