//! Raw HTML in Markdown, when a library turns it on: kept, but cleaned with `ammonia`.
//!
//! By default raw HTML is shown as text (see `markdown.rs`): contributors' pages must not be
//! able to add markup or script to pages other readers open. A library that trusts its authors
//! sets `raw_html = true` under `[markdown]` in site.toml; the rendered Markdown is then passed
//! through an allow-list sanitiser, so there is still no `<script>`, no event handler
//! (`onclick=`...), no `<iframe>`/`<form>`/`<style>`, and no `javascript:` or `data:` URL.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

/// The sanitiser, built once: ammonia's allow-list plus what Cairn's own Markdown output uses
/// (ids and classes for anchors, highlighting and footnotes; task-list checkboxes; table
/// alignment; heading anchors out of the tab order; pictures in every size, src/images.rs).
fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "class", "aria-hidden"])
            .add_tags(["input", "picture", "source"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("a", ["tabindex"])
            .add_tag_attributes("source", ["type", "srcset", "sizes"])
            .add_tag_attributes("img", ["srcset", "sizes", "loading", "decoding"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .link_rel(None)
            .attribute_filter(|element, attribute, value| match (element, attribute) {
                ("input", "type") => (value == "checkbox").then_some(Cow::Borrowed(value)),
                ("a", "tabindex") => (value == "-1").then_some(Cow::Borrowed(value)),
                (_, "style") => matches!(
                    value,
                    "text-align: left" | "text-align: center" | "text-align: right"
                )
                .then_some(Cow::Borrowed(value)),
                _ => Some(Cow::Borrowed(value)),
            });
        b
    })
}

/// Every element name of HTML: a `<` followed by anything else is not a tag, and
/// [`keep_text_that_is_not_a_tag`] escapes it, so its words are shown, not deleted.
const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "bdi",
    "bdo",
    "big",
    "blink",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "map",
    "mark",
    "marquee",
    "math",
    "menu",
    "meta",
    "meter",
    "nav",
    "nobr",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "plaintext",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "xmp",
];

/// Whether `name` (in lower case) is an element of HTML.
pub(crate) fn is_element(name: &str) -> bool {
    ELEMENTS.binary_search(&name).is_ok()
}

/// An author's raw HTML with every `<` that does not open an HTML element, a closing tag or a
/// comment escaped: "up to <number days> after" keeps its words instead of losing them to the
/// sanitiser as an unknown tag.
pub(crate) fn keep_text_that_is_not_a_tag(html: &str) -> Cow<'_, str> {
    let is_tag = |rest: &str| {
        if rest.starts_with("!--") {
            return true;
        }
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        let name: String = rest
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let after = rest[name.len()..].chars().next();
        is_element(&name) && after.is_none_or(|c| c == '>' || c == '/' || c.is_ascii_whitespace())
    };
    let mut out = String::new();
    let mut done = 0;
    for (at, _) in html.match_indices('<') {
        if !is_tag(&html[at + 1..]) {
            out.push_str(&html[done..at]);
            out.push_str("&lt;");
            done = at + 1;
        }
    }
    if done == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[done..]);
    Cow::Owned(out)
}

/// Cleans rendered HTML that may hold an author's raw HTML.
pub(crate) fn clean(html: &str) -> String {
    cleaner().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins the element list sorted (it is searched by halves).
    #[test]
    fn elements_are_sorted() {
        assert!(ELEMENTS.windows(2).all(|w| w[0] < w[1]));
    }

    // Pins that text which only looks like a tag keeps its words through the sanitiser, and
    // real tags are still tags.
    #[test]
    fn keeps_text_that_is_not_a_tag() {
        let raw = "up to <number days> after, <b>bold</b> <br/> <TD> a<3 <script>x</script>";
        let kept = keep_text_that_is_not_a_tag(raw);
        assert_eq!(
            kept,
            "up to &lt;number days> after, <b>bold</b> <br/> <TD> a&lt;3 <script>x</script>"
        );
        let out = clean(&format!("<p>{kept}</p>"));
        assert!(out.contains("up to &lt;number days&gt; after"), "{out}");
        assert!(out.contains("<b>bold</b>"), "{out}");
        assert!(!out.contains("script"), "{out}");
    }

    // Pins what the sanitiser removes and what of Cairn's own markup it keeps.
    #[test]
    fn removes_script_keeps_markup() {
        let out = clean(
            "<p onclick=\"x()\">Hi<script>alert(1)</script></p>\
             <a href=\"javascript:alert(1)\">j</a><a href=\"data:text/html,x\">d</a>\
             <img src=\"x.png\" onerror=\"alert(1)\">\
             <h2 id=\"a\">A <a class=\"anchor\" href=\"#a\"><span aria-hidden=\"true\">#</span></a></h2>\
             <th style=\"text-align: left\">t</th><td style=\"background: url(x)\">u</td>",
        );
        for bad in [
            "onclick",
            "<script",
            "alert(1)",
            "javascript:",
            "data:",
            "onerror",
        ] {
            assert!(!out.contains(bad), "{bad} in {out}");
        }
        assert!(out.contains("<h2 id=\"a\">"), "{out}");
        assert!(out.contains("class=\"anchor\""), "{out}");
        assert!(out.contains("aria-hidden=\"true\""), "{out}");
        assert!(!out.contains("background"), "{out}");
    }
}
