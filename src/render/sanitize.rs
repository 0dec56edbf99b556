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

/// Cleans rendered HTML that may hold an author's raw HTML.
pub fn clean(html: &str) -> String {
    cleaner().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
