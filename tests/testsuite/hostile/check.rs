//! Shared by hostile.rs and fuzz.rs: does HTML carry injected markup?
#![allow(dead_code)]

/// The hostile payloads tests put in content (each must reach a page only as text).
pub const PAYLOADS: &[&str] = &[
    "<script>alert(7)</script>",
    "<img src=x onerror=alert(7)>",
    "\"><svg onload=alert(7)>",
    "javascript:alert(7)",
];

/// A start tag: its name and attributes (names lower-cased, values as written).
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

/// The real tags of an HTML text: text `<` is always escaped, so every `<` opens a tag.
/// Inert data blocks (`<script type="application/...">`) are skipped, after checking that
/// nothing inside them can close them early.
pub fn tags(html: &str) -> Result<Vec<Tag>, String> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(at) = html[i..].find('<') {
        i += at + 1;
        let name_end = html[i..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |e| i + e);
        let name = html[i..name_end].to_ascii_lowercase();
        i = name_end;
        let mut attrs = Vec::new();
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                i = (i + 1).min(bytes.len());
                break;
            }
            let n_end = html[i..]
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .map_or(html.len(), |e| i + e);
            let attr = html[i..n_end].to_ascii_lowercase();
            i = n_end;
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let q = bytes[i] as char;
                    let v_end = html[i + 1..].find(q).map_or(html.len(), |e| i + 1 + e);
                    value = html[i + 1..v_end].to_string();
                    i = (v_end + 1).min(bytes.len());
                } else {
                    let v_end = html[i..]
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .map_or(html.len(), |e| i + e);
                    value = html[i..v_end].to_string();
                    i = v_end;
                }
            }
            attrs.push((attr, value));
        }
        let is_data = name == "script"
            && attrs
                .iter()
                .any(|(a, v)| a == "type" && v.starts_with("application/"));
        if is_data {
            let close = html[i..].find("</script>").map_or(html.len(), |c| i + c);
            let block = &html[i..close];
            if block.contains("</") || block.contains("<!--") {
                return Err(format!("a data block can be closed early: {block}"));
            }
            i = close;
        }
        out.push(Tag { name, attrs });
    }
    Ok(out)
}

/// What in one HTML text could run script: an inline `<script>`, an `<iframe>`/`<object>`/
/// `<embed>`, an event handler other than the theme's own, a `javascript:`/`vbscript:`/`data:`
/// URL in a link, source or form action.
pub fn script_in_html(html: &str) -> Option<String> {
    let tags = match tags(html) {
        Ok(t) => t,
        Err(e) => return Some(e),
    };
    for tag in tags {
        let inline_script =
            tag.name == "script" && !tag.attrs.iter().any(|(a, _)| a == "src" || a == "type");
        let bad_tag = inline_script || matches!(tag.name.as_str(), "iframe" | "object" | "embed");
        let bad_attr = tag.attrs.iter().find(|(a, v)| {
            let url = as_browser_reads(v);
            let handler = a.starts_with("on") && !(a == "onsubmit" && v == "return false");
            let scheme = ["href", "src", "action", "formaction", "xlink:href"]
                .contains(&a.as_str())
                && ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| url.starts_with(s));
            handler || scheme
        });
        if bad_tag || bad_attr.is_some() {
            return Some(format!("<{} {:?}>", tag.name, tag.attrs));
        }
    }
    None
}

/// An attribute value as a browser's URL parser sees it: character references decoded, tabs
/// and newlines removed anywhere, spaces and control characters trimmed at the ends
/// (WHATWG URL). `javascri pt:` (a space inside) is a relative path; `java&#9;script:` is not.
pub fn as_browser_reads(value: &str) -> String {
    let mut decoded = String::new();
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        decoded.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let entity = end.map(|e| &rest[1..e]);
        let c = match entity {
            Some("Tab") => Some('\t'),
            Some("NewLine") => Some('\n'),
            Some("colon") => Some(':'),
            Some("amp") => Some('&'),
            Some(e) if e.starts_with("#x") || e.starts_with("#X") => {
                u32::from_str_radix(&e[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            Some(e) if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match (c, end) {
            (Some(c), Some(e)) => {
                decoded.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    decoded
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Injected markup in one output file of a built site, if any.
pub fn injected(path: &str, bytes: &[u8]) -> Option<String> {
    if !(path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".svg")) {
        return None;
    }
    script_in_html(&String::from_utf8_lossy(bytes)).map(|found| format!("{path}: {found}"))
}
