//! JSON inside an inline `<script>` element, the one way every page embeds data for its scripts
//! (the form definition, the scripts' translated messages, a case study's JSON-LD).
//!
//! The HTML parser ends a script element at the first `</script` and changes how it reads the
//! rest after `<!--`, whatever the JSON means: a translation string or a title holding
//! `<!--<script>` would swallow the page's scripts. So `<`, `>` and `&` are written as `\u003c`,
//! `\u003e` and `\u0026`, and the line separators U+2028 and U+2029 (line ends to older
//! JavaScript parsers) as `\u2028` and `\u2029`. In JSON text these characters only occur inside
//! strings, where the escapes mean the same characters, so the JSON parses to the same value.

use serde::Serialize;

/// JSON text made safe to place inside `<script>…</script>`.
pub(crate) fn escape(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    let mut copied = 0;
    // Byte by byte: the five characters start with `<`, `>`, `&` or 0xE2 (U+2028 and U+2029),
    // so the text between them is copied whole.
    for (at, b) in json.bytes().enumerate() {
        let escaped = match b {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            0xE2 if json[at..].starts_with('\u{2028}') => "\\u2028",
            0xE2 if json[at..].starts_with('\u{2029}') => "\\u2029",
            _ => continue,
        };
        out.push_str(&json[copied..at]);
        out.push_str(escaped);
        copied = at + if b == 0xE2 { 3 } else { 1 };
    }
    out.push_str(&json[copied..]);
    out
}

/// `value` as JSON, safe to place inside `<script>…</script>`.
pub(crate) fn to_script_json<T: Serialize + ?Sized>(value: &T) -> String {
    escape(&serde_json::to_string(value).expect("JSON values always serialize"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    // Pins that embedded JSON cannot close its script element, open a comment or break a line,
    // and still parses to the same value.
    #[test]
    fn cannot_end_the_script_and_parses_the_same() {
        let value = json!({
            "title": "</script><script>alert(1)</script> <!--<script> a && b > c",
            "lines": "one\u{2028}two\u{2029}three",
        });
        let safe = to_script_json(&value);
        for bad in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
            assert!(!safe.contains(bad), "{bad:?} in {safe}");
        }
        assert_eq!(serde_json::from_str::<Value>(&safe).unwrap(), value);
    }
}
