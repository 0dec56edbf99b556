//! Text for `atom.xml` and `sitemap.xml`: escaped, and without the characters XML 1.0 forbids.
//!
//! HTML pages tolerate a stray control character, but one U+0001 in a title makes the whole
//! feed ill-formed, and feed readers and search engines then drop all of it. XML 1.0 allows
//! tab, line feed, carriage return and U+0020 upwards except U+FFFE and U+FFFF (Rust strings
//! hold no surrogates); anything else is left out of the feed and sitemap, with a warning at
//! the source ([`feed_warnings`]) so the contributor can remove it.

use crate::content::Library;
use crate::diagnostic::Diagnostic;

/// Whether XML 1.0 allows `c` in a document.
pub(crate) fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `text` escaped for an XML element or attribute, without the characters XML forbids.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// A warning for each text of the feed (the library's title and description, each case
/// study's title, summary and organisations) holding a character XML forbids, at the line of
/// the file where it was written.
pub(crate) fn feed_warnings(library: &Library) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let config = &library.config;
    let site = [&config.title, &config.description, &config.language];
    if let Some(c) = site.iter().find_map(|t| forbidden(t)) {
        warnings.push(warning("site.toml", None, c));
    }
    for cs in &library.case_studies {
        let m = &cs.meta;
        let fields = [("title", &m.title), ("summary", &cs.summary)]
            .into_iter()
            .chain(m.organisations.iter().map(|o| ("organisations", o)));
        for (field, text) in fields {
            if let Some(c) = forbidden(text) {
                let d = warning(&cs.source.path, Some((&cs.source.text, field)), c);
                warnings.push(d);
                break;
            }
        }
    }
    warnings
}

/// The first character of `text` that XML forbids.
fn forbidden(text: &str) -> Option<char> {
    text.chars().find(|&c| !allowed(c))
}

/// The warning for `c`, at its line when the file holds it as written, else at the line of
/// its front-matter `field` (where it was written as an escape such as `"\x01"`).
fn warning(path: impl AsRef<std::path::Path>, source: Option<(&str, &str)>, c: char) -> Diagnostic {
    let text = source.map(|(t, _)| t);
    let line = source
        .and_then(|(t, field)| {
            t.lines().position(|l| l.contains(c)).or_else(|| {
                t.lines()
                    .position(|l| l.strip_prefix(field).is_some_and(|r| r.starts_with(':')))
            })
        })
        .map_or(0, |i| i + 1);
    let d = Diagnostic::warning_at(
        path.as_ref(),
        line,
        0,
        format!(
            "this text holds the invisible control character U+{:04X}, which atom.xml and sitemap.xml cannot carry; it is left out of them",
            c as u32
        ),
    )
    .with_help("delete the character (an editor that shows invisible characters helps)");
    match text {
        Some(t) => d.with_source(t),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins which characters are left out (C0 but tab and line breaks, U+FFFE/F) and that the
    // rest is escaped as before.
    #[test]
    fn forbidden_characters_are_left_out() {
        assert_eq!(
            escape("A\u{1}B\u{0}C\u{1b}\t\n<&>\"'\u{fffe}\u{ffff}é\u{1F600}\u{7f}"),
            "ABC\t\n&lt;&amp;&gt;&quot;&#39;é\u{1F600}\u{7f}"
        );
        assert!(!allowed('\u{8}') && allowed('\u{85}') && allowed('\u{fffd}'));
    }
}
