//! Syntax highlighting of fenced code as CSS classes (`hl-*`), never inline styles.
//!
//! The syntax set is loaded from syntect's precompiled dump the first time a page has a code
//! block, so builds of libraries without code pay nothing.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::text::escape;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// A `<pre>` block for `code`, highlighted when `lang` is a known language.
pub fn code_block(code: &str, lang: &str) -> String {
    let label = escape(lang);
    let body = highlighted(code, lang).unwrap_or_else(|| escape(code));
    if lang.is_empty() {
        format!("<pre class=\"code\"><code>{body}</code></pre>\n")
    } else {
        format!(
            "<pre class=\"code\" data-lang=\"{label}\"><code class=\"language-{label}\">{body}</code></pre>\n"
        )
    }
}

/// Largest code block that is highlighted, in bytes; larger ones are shown plain.
const MAX_HIGHLIGHT_BYTES: usize = 64 * 1024;
/// Longest line of a highlighted block, in bytes. syntect's grammars use backtracking regular
/// expressions whose cost can grow faster than the line (a fuzzed 32 KB block took a second):
/// past this, the block is shown plain, as editors and code hosts do with minified text.
const MAX_HIGHLIGHT_LINE: usize = 1_000;

fn highlighted(code: &str, lang: &str) -> Option<String> {
    if lang.is_empty()
        || code.len() > MAX_HIGHLIGHT_BYTES
        || code.lines().any(|l| l.len() > MAX_HIGHLIGHT_LINE)
    {
        return None;
    }
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        set,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins that small blocks are highlighted and oversized ones (a hostile page) shown plain.
    #[test]
    fn oversized_blocks_are_plain() {
        assert!(code_block("fn main() {}\n", "rust").contains("hl-"));
        let long_line = format!("let x = \"{}\";\n", "a".repeat(MAX_HIGHLIGHT_LINE));
        assert!(!code_block(&long_line, "rust").contains("hl-"));
        let big = "fn main() {}\n".repeat(MAX_HIGHLIGHT_BYTES / 10);
        let out = code_block(&big, "rust");
        assert!(!out.contains("hl-") && out.contains("fn main() {}"));
    }
}
