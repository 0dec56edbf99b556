//! Splitting a content file into YAML front matter and Markdown body, and reading the YAML.
//!
//! This is the only module that names the YAML crate (serde-saphyr): pure Rust, no panics on
//! any input, a budget against alias bombs and deep nesting, and positions on every error.
//! Strict booleans are on, so `no` and `yes` stay strings; only `true`/`false` are booleans.

use std::fmt;
use std::path::Path;

use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, Visitor};

use crate::config::suggest_from_serde_message;
use crate::diagnostic::{Diagnostic, closest};
use crate::text::line_col;

/// A content file cut in two: the YAML between the `---` lines and the Markdown after them.
#[derive(Debug, Clone, Copy)]
pub struct Parts<'a> {
    pub yaml: &'a str,
    /// 1-based line of the first YAML line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// Byte offset of the body in the file text, for positions of body errors.
    pub body_offset: usize,
}

/// Cuts `text` into front matter and body. `text` has no BOM (the loader strips it).
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Parts<'a>, Diagnostic> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(Diagnostic::error_at(path, 1, 1, "the file does not start with front matter")
            .with_help("start the file with a line `---`, the fields (such as `title: ...`), then another `---` line")
            .with_source(text));
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body_offset = offset + line.len();
            return Ok(Parts {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error_at(path, 1, 1, "the front matter is never closed")
            .with_help("add a line `---` after the last field, before the text of the page")
            .with_source(text),
    )
}

/// Limits on what YAML may cost, whatever the input.
fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 32;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_events = 200_000;
    budget.max_nodes = 100_000;
    budget.max_total_scalar_bytes = 4 * 1024 * 1024;
    budget.max_documents = 1;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    // Aliases are replayed while reading: bound that too (the default allows a million
    // replayed events, a noticeable pause per file; front matter never needs that many).
    options.alias_limits.max_total_replayed_events = 20_000;
    options.alias_limits.max_replay_stack_depth = 16;
    options.strict_booleans = true;
    options.with_snippet = false;
    options
}

/// Reads the front matter of `parts` as `T`, reporting unknown top-level fields (all of them,
/// each with a "did you mean") and any type error, with lines counted from the top of the file.
/// Unknown fields do not stop the value being read (so later checks still run on it): they come
/// back beside it.
///
/// `T` must not use `deny_unknown_fields` at the top level: unknown keys are found here so that
/// every one is reported, not just the first; nested types do deny unknown fields.
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    parts: &Parts<'_>,
    kind: &str,
) -> Result<(T, Vec<Diagnostic>), Vec<Diagnostic>> {
    let fields = struct_fields::<T>();
    let unknown: Vec<(String, usize)> = top_level_keys(parts)
        .filter(|(key, _)| !fields.contains(&key.as_str()))
        .collect();
    // Each message quotes its line: past the cap per file, they are only counted, so a file
    // of a hundred thousand unknown keys costs no more than one of a hundred.
    let shown = unknown.len().min(crate::limits::MAX_PROBLEMS_PER_FILE);
    let mut problems: Vec<Diagnostic> = unknown[..shown]
        .iter()
        .map(|(key, line)| {
            let (key, line) = (key.as_str(), *line);
            // A key no one would type (a megabyte long) is shown cut and gets no suggestion.
            let long = key.chars().count() > 64;
            let shown_key: String = key.chars().take(64).chain(long.then_some('…')).collect();
            let d = Diagnostic::error_at(
                path,
                line,
                1,
                format!("unknown field `{shown_key}` in {kind} front matter"),
            )
            .with_span(shown_key.chars().count())
            .with_source(text);
            let suggestion = if long {
                None
            } else {
                closest(key, fields.iter().copied())
            };
            match suggestion {
                Some(best) => d.with_help(format!("did you mean `{best}`?")),
                None => d.with_help(format!(
                    "remove it; the fields of a {kind} are: {}",
                    fields.join(", ")
                )),
            }
        })
        .collect();
    crate::limits::cap_problems(&mut problems, unknown.len() - shown, true);

    // Pad with blank lines so the YAML parser's line numbers are the file's line numbers.
    let padded = format!("{}{}", "\n".repeat(parts.yaml_line - 1), parts.yaml);
    let yaml = if parts.yaml.trim().is_empty() {
        "{}"
    } else {
        padded.as_str()
    };
    match serde_saphyr::from_str_with_options::<T>(yaml, options()) {
        Ok(value) => Ok((value, problems)),
        Err(e) => {
            problems.push(yaml_diagnostic(path, text, &e, kind));
            Err(problems)
        }
    }
}

fn yaml_diagnostic(path: &Path, text: &str, e: &serde_saphyr::Error, kind: &str) -> Diagnostic {
    let (line, column) = e
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((0, 0));
    let message = plain_message(e);
    let mut d = Diagnostic::error_at(
        path,
        line,
        column,
        format!("in {kind} front matter: {message}"),
    )
    .with_source(text);
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|m| m.strip_suffix('`'));
    if let Some(help) = suggest_from_serde_message(&message) {
        d = d.with_help(help);
    } else if let Some(field) = missing {
        d = d.with_help(format!("add a line `{field}: ...` between the `---` lines"));
    } else if message.contains("budget") || message.contains("depth") || message.contains("alias") {
        d = d.with_help(
            "simplify the front matter: it is too deeply nested or repeats anchors too often",
        );
    }
    d
}

/// The error text without the crate's own position suffix (we print positions ourselves).
fn plain_message(e: &serde_saphyr::Error) -> String {
    let full = e.to_string();
    let first = full.lines().next().unwrap_or("").trim();
    let cut = first
        .find(" at line ")
        .map(|i| &first[..i])
        .unwrap_or(first);
    cut.trim_end_matches('.').to_string()
}

/// Top-level keys of a block mapping with their file lines, found from the text itself.
fn top_level_keys<'a>(parts: &'a Parts<'_>) -> impl Iterator<Item = (String, usize)> + 'a {
    parts.yaml.lines().enumerate().filter_map(move |(i, line)| {
        let first = line.chars().next()?;
        if first.is_whitespace() || matches!(first, '#' | '-' | '{' | '[' | '&' | '*' | '!' | '?') {
            return None;
        }
        let (key, _) = line.split_once(':')?;
        let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
        Some((key.to_string(), parts.yaml_line + i))
    })
}

/// The field names a serde-derived struct accepts, learnt by asking it to deserialize itself
/// from a deserializer that only records the names.
pub fn struct_fields<T: DeserializeOwned>() -> &'static [&'static str] {
    struct FieldNames(&'static [&'static str]);
    impl<'de> Deserializer<'de> for &mut FieldNames {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0 = fields;
            Err(de::Error::custom("fields recorded"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut names = FieldNames(&[]);
    let _ = T::deserialize(&mut names);
    names.0
}

/// A value with the file line and column where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
    pub column: usize,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        Ok(Located {
            value: s.value,
            line: s.referenced.line() as usize,
            column: s.referenced.column() as usize,
        })
    }
}

impl<T: fmt::Display> fmt::Display for Located<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

/// Position of a byte offset of the body, as a file line and column.
pub fn body_position(text: &str, parts: &Parts<'_>, offset_in_body: usize) -> (usize, usize) {
    line_col(text, parts.body_offset + offset_in_body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        #[serde(default)]
        tags: Vec<Located<String>>,
        #[serde(default)]
        answer: Option<String>,
    }

    fn parse_meta(text: &str) -> Result<Meta, Vec<Diagnostic>> {
        let parts = split(Path::new("a.md"), text).map_err(|d| vec![d])?;
        match parse::<Meta>(Path::new("a.md"), text, &parts, "test") {
            Ok((meta, problems)) if problems.is_empty() => Ok(meta),
            Ok((_, problems)) | Err(problems) => Err(problems),
        }
    }

    // Pins that every unknown key is reported, each with its own line.
    #[test]
    fn reports_every_unknown_key() {
        let err = parse_meta("---\ntitel: A\nsumary: B\n---\nbody").unwrap_err();
        let messages: Vec<(usize, &str)> =
            err.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            messages,
            vec![
                (2, "unknown field `titel` in test front matter"),
                (3, "unknown field `sumary` in test front matter"),
                (3, "in test front matter: missing field `title`"),
            ]
        );
        assert_eq!(err[0].help.as_deref(), Some("did you mean `title`?"));
    }

    // Pins that `no` stays a string (strict booleans) and values know their file line.
    #[test]
    fn strict_booleans_and_lines() {
        let m = parse_meta("---\ntitle: A\nanswer: no\ntags:\n  - x\n  - y\n---\n").unwrap();
        assert_eq!(m.answer.as_deref(), Some("no"));
        assert_eq!(m.tags[1].line, 6);
    }

    // Pins that an alias bomb is refused with an error rather than expanded.
    #[test]
    fn alias_bomb_is_refused() {
        let mut yaml = String::from("---\ntitle: A\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            yaml.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        yaml.push_str("---\n");
        assert!(parse_meta(&yaml).is_err());
    }

    // Pins that deep nesting is refused, not a stack overflow.
    #[test]
    fn deep_nesting_is_refused() {
        let yaml = format!(
            "---\ntitle: A\nanswer: {}{}\n---\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert!(parse_meta(&yaml).is_err());
    }

    // Pins the two front-matter shape errors.
    #[test]
    fn missing_or_unclosed_front_matter() {
        assert!(split(Path::new("a.md"), "title: A\n").is_err());
        assert!(split(Path::new("a.md"), "---\ntitle: A\n").is_err());
        assert!(split(Path::new("a.md"), "---\r\ntitle: A\r\n---\r\nbody").is_ok());
    }
}
