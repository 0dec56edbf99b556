//! Raw HTML in Markdown, read honestly.
//!
//! Comments (`<!-- ... -->`), where editors keep notes, never reach a page or the search index,
//! whatever `raw_html` says. With `raw_html` off (the default) the rest of the HTML is shown as
//! text, and each block or tag gets a warning with the Markdown that does the same. With it on,
//! the HTML is kept (cleaned by `sanitize.rs`), its text is searched, its `href` and `src`
//! links are resolved and checked like Markdown links, its ids are anchors, and text that
//! only looks like a tag ("up to <number days> after") is kept, escaped.

use std::borrow::Cow;
use std::ops::Range;

/// `text` without HTML comments. `in_comment` carries a comment left open from one line of an
/// HTML block to the next.
pub(crate) fn without_comments<'t>(text: &'t str, in_comment: &mut bool) -> Cow<'t, str> {
    if !*in_comment && !text.contains("<!--") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        if *in_comment {
            match rest.find("-->") {
                Some(end) => {
                    rest = &rest[end + 3..];
                    *in_comment = false;
                }
                None => return Cow::Owned(out),
            }
        }
        match rest.find("<!--") {
            Some(start) => {
                out.push_str(&rest[..start]);
                rest = &rest[start + 4..];
                *in_comment = true;
            }
            None => {
                out.push_str(rest);
                return Cow::Owned(out);
            }
        }
    }
}

/// The first tag in `html`: its name in lower case, and whether it is a closing tag.
pub(super) fn first_tag(html: &str) -> Option<(String, bool)> {
    let start = html.find('<')?;
    let rest = &html[start + 1..];
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    (!name.is_empty()).then(|| (name.to_ascii_lowercase(), closing))
}

/// How to write `<tag>` in Markdown, or `None` when Markdown has nothing like it.
pub(super) fn markdown_for(tag: &str) -> Option<&'static str> {
    Some(match tag {
        "b" | "strong" => "write `**bold**` in Markdown",
        "i" | "em" => "write `*emphasis*` in Markdown",
        "a" => "write the link in Markdown: `[words](@/folder/page.md)` or `[words](https://...)`",
        "img" => "write the picture in Markdown: `![what it shows](@/folder/picture.jpg)`",
        "br" => "end the line with a backslash `\\` in Markdown",
        "p" | "div" => "leave a blank line between paragraphs instead",
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            "write the heading in Markdown: `## Heading` (one `#` per level)"
        }
        "ul" | "li" => "write a Markdown list, each line starting `- `",
        "ol" => "write a numbered Markdown list, each line starting `1. `",
        "table" | "tr" | "td" | "th" | "thead" | "tbody" => {
            "write a Markdown table: a line `| Heading | Heading |`, then `|---|---|`, then one line per row"
        }
        "blockquote" => "write a Markdown quote, each line starting `> `",
        "code" | "pre" => "write code in backticks, or between lines of three backticks",
        "hr" => "write a line of three dashes `---`",
        "del" | "s" | "strike" => "write `~~struck through~~` in Markdown",
        _ => return None,
    })
}

/// The words of an HTML fragment, as a reader sees them: tags left out (block tags end a
/// word), the common entities decoded.
pub(crate) fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after.find('>').map_or(after.len(), |e| e + 1);
        let inline = first_tag(&after[..end]).is_some_and(|(name, _)| {
            matches!(
                name.as_str(),
                "a" | "abbr"
                    | "b"
                    | "cite"
                    | "code"
                    | "em"
                    | "i"
                    | "mark"
                    | "q"
                    | "s"
                    | "small"
                    | "span"
                    | "strong"
                    | "sub"
                    | "sup"
                    | "u"
            )
        });
        if !inline {
            out.push(' ');
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    decode_entities(&out)
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;` and `&nbsp;` decoded.
pub(super) fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A quoted attribute value inside a tag of `html`.
pub(super) struct Attribute {
    pub(crate) name: &'static str,
    /// The value's bytes in `html`, without the quotes.
    pub(crate) value: Range<usize>,
}

/// Every quoted `href`, `src`, `id` and `name` attribute inside the tags of `html`.
pub(super) fn attributes(html: &str) -> Vec<Attribute> {
    let mut found = Vec::new();
    let bytes = html.as_bytes();
    let mut in_tag = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b if in_tag && b.is_ascii_whitespace() => {
                let rest = &html[i + 1..];
                for name in ["href", "src", "id", "name"] {
                    let Some(after) = strip_prefix_ignore_case(rest, name) else {
                        continue;
                    };
                    let after_eq = after.trim_start();
                    let Some(value) = after_eq.strip_prefix('=') else {
                        continue;
                    };
                    let value = value.trim_start();
                    let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'')
                    else {
                        continue;
                    };
                    let start = html.len() - value.len() + 1;
                    let Some(len) = html[start..].find(quote) else {
                        continue;
                    };
                    found.push(Attribute {
                        name,
                        value: start..start + len,
                    });
                    i = start + len;
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    let rest = &text[prefix.len()..];
    let ends = rest
        .chars()
        .next()
        .is_none_or(|c| c == '=' || c.is_ascii_whitespace());
    (head.eq_ignore_ascii_case(prefix) && ends).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins that comments go, on one line or across lines, and nothing else does.
    #[test]
    fn comments_are_removed() {
        let mut open = false;
        assert_eq!(without_comments("a <!-- b --> c", &mut open), "a  c");
        assert_eq!(without_comments("<!-- phone 0123", &mut open), "");
        assert!(open);
        assert_eq!(without_comments("still -->after", &mut open), "after");
        assert!(!open);
        assert_eq!(without_comments("<b>kept</b>", &mut open), "<b>kept</b>");
    }

    // Pins the words of HTML: tags out, block tags apart, inline tags not splitting words.
    #[test]
    fn text_of_html() {
        assert_eq!(
            text_of("<table><tr><td>Ward</td><td>East&amp;West</td></tr></table>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["Ward", "East&West"]
        );
        assert_eq!(text_of("<b>bold</b>ly"), "boldly");
    }

    // Pins which attributes are found, inside tags only, with their exact place.
    #[test]
    fn finds_link_attributes() {
        let html = "href=\"no\" <a class=x HREF=\"@/a.md\" title='t'><img src='p.jpg' id=\"pic\">";
        let found: Vec<(&str, &str)> = attributes(html)
            .iter()
            .map(|a| (a.name, &html[a.value.clone()]))
            .collect();
        assert_eq!(found, [("href", "@/a.md"), ("src", "p.jpg"), ("id", "pic")]);
    }
}
