//! What `content/` may hold besides Markdown: the files a contributor may add beside a case
//! study, published as they are.
//!
//! Content comes from pull requests by strangers, and a file published on the library's own
//! address runs with the library's authority: an `.html` or `.svg` page with a `<script>` can
//! read what readers saved offline, and a `.js` file can be registered as a service worker for
//! the whole site. So only types a browser never runs as a page or script are allowed (this
//! list, by extension, in any letter case); anything else is an error at its path. Site-wide
//! files of any type belong in `static/`, which only maintainers change and which stays
//! trusted.
//!
//! SVG is refused rather than cleaned: an SVG opened on its own is an XML document that runs
//! script, and making one safe needs an allow-list of elements, attributes and URL forms as
//! thorough as ammonia's for HTML (event handlers, `<script>`, `<foreignObject>`, `<animate>`
//! setting an `href` to `javascript:`, `xlink:href`, entities, CSS `url()`...). No well-kept Rust
//! crate does that, and a home-made cleaner that misses one form publishes script. A picture
//! saved as PNG or WebP shows the same; a maintainer can still put an SVG in `static/`.

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// The extensions allowed under `content/`, lower case, by kind (as documented in
/// docs/content-model.md).
pub(crate) const ALLOWED: &[(&str, &[&str])] = &[
    ("images", &["jpg", "jpeg", "png", "gif", "webp", "avif"]),
    (
        "documents",
        &[
            "pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "ppt", "pptx", "odp",
        ],
    ),
    ("data and text", &["csv", "txt"]),
    (
        "audio",
        &["mp3", "m4a", "ogg", "oga", "opus", "wav", "flac"],
    ),
    ("video", &["mp4", "m4v", "webm", "ogv", "mov"]),
    ("captions", &["vtt"]),
];

/// Whether a file named `name` may be published from `content/`.
pub fn is_allowed(name: &str) -> bool {
    let Some((_, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let ext = ext.to_ascii_lowercase();
    ALLOWED.iter().any(|(_, list)| list.contains(&ext.as_str()))
}

/// An error for a file under `content/` that may not be published (`rel` is its path in the
/// library, `content/...`); `None` when it may.
pub(crate) fn check(rel: &str) -> Option<Diagnostic> {
    let name = Path::new(rel)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if is_allowed(&name) {
        return None;
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let message = match ext.as_str() {
        "svg" | "svgz" => {
            "SVG images can carry script, so content/ cannot publish them".to_string()
        }
        "" => "files without an extension cannot be published from content/".to_string(),
        _ => format!(
            "`.{ext}` files cannot be published from content/: a browser could run them as part of the site"
        ),
    };
    let help = match ext.as_str() {
        "svg" | "svgz" => "save the picture as PNG or WebP; site-wide images go in static/, which only maintainers change".to_string(),
        "markdown" | "mdown" => "rename the file to end in .md".to_string(),
        _ => format!(
            "content/ may hold {}; put site-wide assets in static/, which only maintainers change",
            allowed_list()
        ),
    };
    Some(Diagnostic::file_error(rel, message).with_help(help))
}

/// The allowed extensions as one phrase: "images (jpg, …), documents (pdf, …), …".
pub(crate) fn allowed_list() -> String {
    ALLOWED
        .iter()
        .map(|(kind, exts)| format!("{kind} ({})", exts.join(", ")))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins the allow-list: pictures, documents, data, audio, video and captions in any case;
    // pages, scripts, styles, SVG, XML, WASM and names without an extension refused, each
    // error naming the file and saying where site-wide files go.
    #[test]
    fn only_listed_types_are_published() {
        for ok in [
            "content/a/photo.JPG",
            "content/report.pdf",
            "content/x.docx",
            "content/data.csv",
            "content/notes.txt",
            "content/talk.mp3",
            "content/film.webm",
            "content/film.vtt",
        ] {
            assert!(check(ok).is_none(), "{ok}");
        }
        for bad in [
            "content/case-studies/evil.html",
            "content/evil.HTM",
            "content/p.svg",
            "content/sw2.js",
            "content/x.mjs",
            "content/x.css",
            "content/x.xml",
            "content/x.xhtml",
            "content/x.wasm",
            "content/x.json",
            "content/CNAME",
            "content/x.docm",
        ] {
            let d = check(bad).unwrap_or_else(|| panic!("{bad} allowed"));
            assert_eq!(d.path.to_string_lossy(), bad);
            assert!(d.is_error());
            let help = d.help.unwrap();
            assert!(help.contains("static/"), "{bad}: {help}");
        }
    }
}
