//! The page at an old address of a page (`aliases:` in its front matter): it sends readers on
//! at once (`<meta http-equiv="refresh">`), tells search engines where the page now is
//! (`<link rel="canonical">`), and shows a plain link for browsers that do not follow the
//! refresh. Every address is relative, so it works from a sub-folder and from a USB stick.
//! Written by Cairn itself, not by a theme's template: a redirect has nothing to style.

use crate::text::escape;

/// What a redirect page says.
pub(crate) struct RedirectPage<'a> {
    /// The page's language and direction.
    pub(crate) lang: &'a str,
    pub(crate) dir: &'static str,
    /// The address of the page it leads to, relative to the redirect page.
    pub(crate) href: &'a str,
    /// That page's title.
    pub(crate) title: &'a str,
    /// "This page has moved to:", in the page's language.
    pub(crate) moved: &'a str,
}

/// The HTML of a redirect page.
pub(crate) fn html(page: &RedirectPage<'_>) -> String {
    let href = escape(page.href);
    let title = escape(page.title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{href}\">\n<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n<p>{moved} <a href=\"{href}\">{title}</a></p>\n</body>\n</html>\n",
        lang = escape(page.lang),
        dir = page.dir,
        moved = escape(page.moved),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins a redirect page: refresh, canonical and visible link to one relative address, and a
    // title that cannot break out of its element.
    #[test]
    fn redirect_page() {
        let html = html(&RedirectPage {
            lang: "en",
            dir: "ltr",
            href: "../../case-studies/x/index.html",
            title: "Gardens <&> people",
            moved: "This page has moved to:",
        });
        assert!(html.contains(
            r#"<meta http-equiv="refresh" content="0; url=../../case-studies/x/index.html">"#
        ));
        assert!(html.contains(r#"<link rel="canonical" href="../../case-studies/x/index.html">"#));
        assert!(html.contains(
            r#"<a href="../../case-studies/x/index.html">Gardens &lt;&amp;&gt; people</a>"#
        ));
        assert!(!html.contains("<&>"));
    }
}
