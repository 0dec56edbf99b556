//! Small text helpers every stage uses: HTML escaping, slugs, positions in a file, and the
//! direction of a language's script. A leaf: it imports nothing from Cairn.

/// Escapes text for an HTML attribute or element.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Turns a name into a URL-safe slug: lower case, ASCII letters and digits, single hyphens.
/// Letters with diacritics lose them (`Võru` -> `voru`); other scripts are kept as they are.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut hyphen = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = fold_diacritic(c);
        if c.is_alphanumeric() {
            if hyphen && !out.is_empty() {
                out.push('-');
            }
            hyphen = false;
            out.push(c);
        } else if c != '\'' && c != '’' {
            hyphen = true;
        }
    }
    out
}

/// Base letter of common Latin letters with diacritics, so slugs and search ignore accents.
pub(crate) fn fold_diacritic(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ś' | 'š' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' => 'l',
        'ŵ' => 'w',
        'đ' | 'ď' => 'd',
        'ř' => 'r',
        'ť' => 't',
        _ => c,
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

/// `text` with its white space collapsed, cut at a word to at most `max` characters with `…`.
pub(crate) fn shorten_chars(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

/// Languages written right to left.
pub(crate) fn is_rtl(language: &str) -> bool {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    matches!(
        primary,
        "ar" | "he" | "fa" | "ur" | "ps" | "sd" | "ug" | "yi" | "dv" | "ckb"
    )
}

/// Whether `c` is a control character no page or spreadsheet should carry: C0 controls other
/// than tab, line feed, form feed and carriage return, and DEL.
fn is_stray_control(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')) || c == '\u{7f}'
}

/// `text` with each stray control character (NUL, BEL, ESC …) replaced by U+FFFD, as a browser
/// shows a NUL: content from strangers may hold them, and a published file never should.
pub(crate) fn replace_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(is_stray_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| if is_stray_control(c) { '\u{fffd}' } else { c })
            .collect(),
    )
}

/// [`replace_controls`] for UTF-8 bytes being written (a rendered page), in place when clean.
pub(crate) fn replace_controls_in(bytes: &mut Vec<u8>) {
    let stray = |b: &u8| (*b < b' ' && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || *b == 0x7f;
    // Every page passes here and almost none has a control character: the test folds each
    // chunk without stopping early, which the compiler turns into vector instructions.
    let clean = bytes
        .chunks(64)
        .all(|chunk| !chunk.iter().fold(false, |found, b| found | stray(b)));
    if clean {
        return;
    }
    let mut out = Vec::with_capacity(bytes.len() + 16);
    for b in bytes.iter() {
        match stray(b) {
            true => out.extend_from_slice("\u{fffd}".as_bytes()),
            false => out.push(*b),
        }
    }
    *bytes = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins slugs: lower case, hyphens, apostrophes dropped, diacritics folded.
    #[test]
    fn slugs() {
        assert_eq!(slugify("Citizens' assembly"), "citizens-assembly");
        assert_eq!(slugify("Võru  & Gdańsk!"), "voru-gdansk");
        assert_eq!(slugify("2.1 What is it?"), "2-1-what-is-it");
    }

    // Pins line and column counting from the top of the file, in characters.
    #[test]
    fn line_and_column() {
        assert_eq!(line_col("ab\ncdé f", 7), (2, 4));
        assert_eq!(line_col("", 5), (1, 1));
    }
}
