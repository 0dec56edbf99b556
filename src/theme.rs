//! The default theme, embedded in the binary, and the lookup that lets a library override any
//! single template or asset.
//!
//! Lookup order, file by file: the library's `templates/` (or `static/`), then the library's
//! `themes/<theme>/` for the theme chosen in site.toml (`default` too: a library edits the
//! built-in theme by copying it there, `cairn theme copy`), then the built-in default. `build`
//! and `serve` both resolve the theme here, so they show the same thing.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::Diagnostic;

pub mod copy;

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
    "static/js/collate.js",
    "static/js/elasticlunr.LICENSE.txt",
    "static/js/elasticlunr.min.js",
    "static/js/form.js",
    "static/js/library-cards.js",
    "static/js/library.js",
    "static/js/offline-notice.js",
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
    "templates/partials/pager.html",
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
pub(crate) struct Theme {
    /// Template name (e.g. `base.html`) -> source.
    pub(crate) templates: BTreeMap<String, String>,
    /// Output path (e.g. `static/css/site.css`) -> bytes.
    pub(crate) assets: BTreeMap<String, Vec<u8>>,
    /// Template name -> the file it came from, relative to the library (for messages).
    pub(crate) origins: BTreeMap<String, String>,
}

impl Theme {
    /// The built-in default theme, with a library's theme folder and own templates on top.
    pub(crate) fn resolve(
        root: &Path,
        theme_name: &str,
        library_templates: &BTreeMap<String, String>,
    ) -> Result<(Theme, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut theme = Theme::default();
        let mut warnings = Vec::new();
        for (path, bytes) in DEFAULT_THEME {
            theme.add(path, compact(path, bytes));
            if let Some(name) = path.strip_prefix("templates/") {
                theme
                    .origins
                    .insert(name.to_string(), format!("themes/default/{path}"));
            }
        }
        // The library's folder of the chosen theme: any theme but the built-in default needs
        // one; for the default it is optional, its files replacing the built-in ones. The one
        // rule for links (src/inputs.rs): the folder and every file in it must be inside the
        // library.
        let folder = format!("themes/{theme_name}");
        let found = match crate::inputs::folder(root, &folder) {
            Ok(found) => found,
            Err(refused) => return Err(vec![refused]),
        };
        if found.is_none() && theme_name != "default" {
            return Err(vec![unknown_theme(root, theme_name)]);
        }
        if let Some(dir) = found {
            let mut refused = Vec::new();
            for entry in walkdir::WalkDir::new(&dir)
                .follow_links(false)
                .sort_by_file_name()
            {
                let Ok(entry) = entry else { continue };
                let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                let rel = crate::diagnostic::display_path(rel);
                let real = if entry.path_is_symlink() && entry.depth() > 0 {
                    match crate::inputs::resolve(root, entry.path()) {
                        Ok(real) => real,
                        Err(why) => {
                            refused.push(why.diagnostic(Path::new(&format!("{folder}/{rel}"))));
                            continue;
                        }
                    }
                } else {
                    entry.path().to_path_buf()
                };
                if !real.is_file() {
                    continue;
                }
                if let Ok(bytes) = std::fs::read(&real) {
                    theme.add(&rel, bytes);
                    if let Some(name) = rel.strip_prefix("templates/") {
                        theme
                            .origins
                            .insert(name.to_string(), format!("themes/{theme_name}/{rel}"));
                    }
                }
            }
            if !refused.is_empty() {
                return Err(refused);
            }
        }
        warnings.extend(unselected_theme_folders(root, theme_name));
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
            theme
                .origins
                .insert(name.clone(), format!("templates/{name}"));
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

/// A warning for each folder under `themes/` that site.toml does not choose: its files are not
/// used, which an editor of the folder would otherwise not find out.
fn unselected_theme_folders(root: &Path, chosen: &str) -> Vec<Diagnostic> {
    let Ok(entries) = std::fs::read_dir(root.join("themes")) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != chosen && !name.starts_with('.'))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            Diagnostic::warning_at(
                format!("themes/{name}"),
                0,
                0,
                format!(
                    "the theme folder `themes/{name}/` is not used: site.toml chooses theme = \"{chosen}\""
                ),
            )
            .with_help(format!(
                "set theme = \"{name}\" in site.toml to use it, or remove the folder"
            ))
        })
        .collect()
}

/// The error for a `theme` in site.toml with no folder: the themes there are, listed.
fn unknown_theme(root: &Path, theme_name: &str) -> Diagnostic {
    let mut names = vec!["default".to_string()];
    if let Ok(entries) = std::fs::read_dir(root.join("themes")) {
        let mut found: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .filter(|n| n != "default")
            .collect();
        found.sort();
        names.extend(found);
    }
    let text = std::fs::read_to_string(root.join("site.toml")).unwrap_or_default();
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("theme") && l.contains('='))
        .map_or(0, |i| i + 1);
    let listed: Vec<String> = names.iter().take(20).map(|n| format!("`{n}`")).collect();
    let help = match crate::diagnostic::closest(theme_name, names.iter().map(String::as_str)) {
        Some(best) => format!(
            "did you mean `{best}`? The themes are: {}",
            listed.join(", ")
        ),
        None => format!(
            "use one of the themes: {} (a theme of your own goes in themes/<name>/)",
            listed.join(", ")
        ),
    };
    Diagnostic::error_at(
        "site.toml",
        line,
        if line > 0 { 1 } else { 0 },
        format!("there is no theme `{theme_name}`: the folder themes/{theme_name}/ does not exist"),
    )
    .with_help(help)
    .with_source(&text)
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
