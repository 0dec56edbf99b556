//! Links in Markdown that are not `@/` links: relative links (`../x/index.html`, `photo.jpg`),
//! root-relative links (`/x`) and same-page anchors (`#x`), checked against the site plan's
//! files the same way in `build` and `check`. External links (anything with a scheme, or
//! `//host`) are left alone.
//!
//! A relative link is read from the page the Markdown is the body of, as a browser reads it,
//! and must name a file the build writes (a page, a copied file, a theme file): it is then
//! written from the root of whichever page shows the body (a printable toolkit, another
//! language), so it works there too. A link to a folder (`../x/`) and a root-relative link
//! break when the site is opened from a USB stick or a sub-folder: both are errors whose fix is
//! the `@/` link.

use super::markdown::LinkTargets;
use crate::diagnostic::closest;

/// What a link that is not an `@/` link is.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Link {
    /// Left as written: external, `mailto:`, a bare `#`, or a body whose page is not known.
    Keep,
    /// `#anchor` on the body's own page.
    SamePage(String),
    /// A file of the site: its path from the language's root as written (escapes kept),
    /// what followed it (`?q`, `#a`), and the content file and anchor to check when it is a
    /// page made from Markdown.
    File {
        path: String,
        rest: String,
        anchor: Option<(String, String)>,
        /// Whether the file is only at the site's root, not under each language's.
        root_only: bool,
    },
    /// Broken: the message and the fix.
    Broken { message: String, help: Help },
}

/// How to fix a broken link; the suggestion is looked for only when the problem is shown (a
/// page reports at most `MAX_PROBLEMS_PER_FILE` problems, however many links it breaks).
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Help {
    Text(String),
    /// The content file whose name is closest to `wanted`'s, a picture if `image`.
    Closest {
        wanted: String,
        image: bool,
    },
}

impl Help {
    pub(super) fn text(self, targets: &LinkTargets) -> String {
        let (wanted, image) = match self {
            Help::Text(text) => return text,
            Help::Closest { wanted, image } => (wanted, image),
        };
        let suggestion = (wanted.len() <= 200)
            .then(|| {
                let name = wanted.rsplit('/').next().unwrap_or(&wanted);
                let candidates = targets
                    .urls
                    .keys()
                    .filter(|k| image != k.ends_with(".md"))
                    .map(String::as_str);
                closest(name, candidates.clone()).or_else(|| closest(&wanted, candidates))
            })
            .flatten();
        match suggestion {
            Some(best) => format!("did you mean `@/{best}`?"),
            None if image => "put the picture under content/ and write it as `@/<folder>/<file name>`, e.g. `@/case-studies/garden.jpg`".into(),
            None => "link to a file under content/ with `@/`, e.g. `@/case-studies/<file>.md`".into(),
        }
    }
}

/// Reads `dest`, a link in the body of the page at `page_url` (from the language's root), made
/// from the content file `content_path`. `image`: the link is an image's source.
pub(super) fn classify(
    dest: &str,
    page_url: Option<&str>,
    content_path: Option<&str>,
    targets: &LinkTargets,
    image: bool,
) -> Link {
    let dest = dest.trim();
    if dest.is_empty() || dest == "#" || dest.starts_with("//") || has_scheme(dest) {
        return Link::Keep;
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Link::SamePage(percent_decoded(anchor));
    }
    let (before_anchor, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    let (path, query) = match before_anchor.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (before_anchor, None),
    };
    let what = if image { "image" } else { "link" };
    if let Some(from_root) = path.strip_prefix('/') {
        return Link::Broken {
            message: format!(
                "the {what} `{}` starts with `/`, so it breaks when the site is opened from a USB stick or published in a sub-folder",
                shorten(dest)
            ),
            help: Help::Text(
                match content_file_at(&percent_decoded(from_root), targets) {
                    Some(content) => format!("write it as `@/{content}{}`", hash(anchor)),
                    None => format!(
                        "link to a file under content/ with `@/`, e.g. `@/case-studies/<file>.md`{}",
                        if image {
                            " or `@/case-studies/<picture>.jpg`"
                        } else {
                            ""
                        }
                    ),
                },
            ),
        };
    }
    let Some(page_url) = page_url else {
        return Link::Keep;
    };
    let resolved = crate::url::resolve(page_url, path);
    let decoded = resolved.as_deref().map(percent_decoded);
    let exists = |p: &str| {
        targets.files.contains(p)
            || (targets.prefixes.iter()).any(|pre| {
                p.strip_prefix(pre.as_str())
                    .is_some_and(|rest| targets.files.contains(rest))
            })
    };
    if let (Some(resolved), Some(decoded)) = (&resolved, &decoded)
        && !decoded.is_empty()
        && !decoded.ends_with('/')
        && exists(decoded)
    {
        let content = targets.by_url(decoded);
        let mut rest = String::new();
        if let Some(q) = query {
            rest.push('?');
            rest.push_str(q);
        }
        if let Some(a) = anchor {
            rest.push('#');
            rest.push_str(a);
        }
        return Link::File {
            path: resolved.clone(),
            root_only: targets.root_only.0.contains(decoded.as_str()),
            rest,
            anchor: content
                .zip(anchor.filter(|a| !a.is_empty()))
                .map(|(c, a)| (c.to_string(), percent_decoded(a))),
        };
    }
    // A folder: its page is there, but the link does not name it.
    if let Some(decoded) = &decoded {
        let folder = match decoded.is_empty() || decoded.ends_with('/') {
            true => decoded.clone(),
            false => format!("{decoded}/"),
        };
        let index = format!("{folder}index.html");
        if exists(&index) {
            let fix = match targets.by_url(&index) {
                Some(content) => format!("write it as `@/{content}{}`", hash(anchor)),
                None => format!(
                    "end it with the page's file: `{}index.html`",
                    folder_of(path)
                ),
            };
            return Link::Broken {
                message: format!(
                    "the link `{}` names a folder, which does not open when the site is read from a USB stick or a downloaded copy",
                    shorten(dest)
                ),
                help: Help::Text(fix),
            };
        }
    }
    // Written from the Markdown file's own folder, as on GitHub.
    let beside = content_path.and_then(|c| {
        let folder = c.rsplit_once('/').map_or("", |(d, _)| d);
        let joined = crate::url::resolve(&format!("{folder}/x"), path)?;
        let joined = percent_decoded(&joined);
        targets.urls.contains_key(&joined).then_some(joined)
    });
    let help = match beside {
        Some(content) => Help::Text(format!(
            "the file is `content/{content}`: write it as `@/{content}{}`",
            hash(anchor)
        )),
        None => Help::Closest {
            wanted: decoded.unwrap_or_else(|| path.to_string()),
            image,
        },
    };
    Link::Broken {
        message: match image {
            true => format!("the image `{}` does not exist", shorten(dest)),
            false => format!("broken link: `{}` does not exist", shorten(dest)),
        },
        help,
    }
}

/// The content file published at `path` (from the root), if any: a page at its file or its
/// folder, or a copied file.
fn content_file_at(path: &str, targets: &LinkTargets) -> Option<String> {
    let trimmed = path.trim_end_matches('/');
    [
        path.to_string(),
        format!("{trimmed}/index.html"),
        if trimmed.is_empty() {
            "index.html".to_string()
        } else {
            String::new()
        },
    ]
    .iter()
    .find_map(|p| targets.by_url(p).map(String::from))
}

fn hash(anchor: Option<&str>) -> String {
    anchor.map(|a| format!("#{a}")).unwrap_or_default()
}

fn folder_of(path: &str) -> String {
    match path.is_empty() || path.ends_with('/') {
        true => path.to_string(),
        false => format!("{path}/"),
    }
}

/// Whether a link starts with a URL scheme (`https:`, `mailto:`, `tel:` ...).
fn has_scheme(dest: &str) -> bool {
    let Some((scheme, _)) = dest.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `%20` and the like decoded; invalid escapes kept as written.
pub(super) fn percent_decoded(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(hex) = std::str::from_utf8(&bytes[i + 1..i + 3])
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// At most 120 characters of `s`, for messages.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(120) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> LinkTargets {
        let mut t = LinkTargets::for_tests(&[
            ("case-studies/a.md", "case-studies/a/index.html"),
            ("case-studies/garden.jpg", "case-studies/garden.jpg"),
            ("about.md", "about/index.html"),
        ]);
        t.files.insert("static/css/site.css".into());
        t
    }

    fn classify_at(dest: &str) -> Link {
        classify(
            dest,
            Some("case-studies/a/index.html"),
            Some("case-studies/a.md"),
            &targets(),
            false,
        )
    }

    // Pins what each kind of link becomes: external and bare links kept, relative links to
    // files resolved (anchors to check), folders, root-relative and missing files broken with
    // the `@/` fix.
    #[test]
    fn each_kind_of_link() {
        for keep in [
            "https://x.org/a",
            "mailto:a@b.org",
            "//cdn.org/x.js",
            "#",
            "",
        ] {
            assert_eq!(classify_at(keep), Link::Keep, "{keep}");
        }
        assert_eq!(classify_at("#what"), Link::SamePage("what".into()));
        assert_eq!(
            classify_at("../../about/index.html?x=1#team"),
            Link::File {
                path: "about/index.html".into(),
                rest: "?x=1#team".into(),
                anchor: Some(("about.md".into(), "team".into())),
                root_only: false,
            }
        );
        assert_eq!(
            classify_at("../garden.jpg"),
            Link::File {
                path: "case-studies/garden.jpg".into(),
                rest: String::new(),
                anchor: None,
                root_only: false,
            }
        );
        let help = |link: Link| match link {
            Link::Broken { help, .. } => help.text(&targets()),
            other => panic!("not broken: {other:?}"),
        };
        assert_eq!(
            help(classify_at("../../about/")),
            "write it as `@/about.md`"
        );
        assert_eq!(
            help(classify_at("/about/#team")),
            "write it as `@/about.md#team`"
        );
        assert_eq!(
            help(classify_at("garden.jpg")),
            "the file is `content/case-studies/garden.jpg`: write it as `@/case-studies/garden.jpg`"
        );
        assert_eq!(
            help(classify_at("../../../outside.html")),
            "link to a file under content/ with `@/`, e.g. `@/case-studies/<file>.md`"
        );
        assert_eq!(
            help(classify_at("a.md")),
            "the file is `content/case-studies/a.md`: write it as `@/case-studies/a.md`"
        );
    }
}
