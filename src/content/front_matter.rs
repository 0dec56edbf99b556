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

/// A content file cut in two: the YAML between the `---` lines and the Markdown after them.
#[derive(Debug, Clone, Copy)]
pub struct Parts<'a> {
    pub(crate) yaml: &'a str,
    /// 1-based line of the first YAML line.
    pub(crate) yaml_line: usize,
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

    // The fields the unknown keys were most likely meant to be: serde then finds them
    // missing, which is the same mistake, so that is not reported a second time.
    let meant: Vec<&str> = if unknown.len() <= crate::limits::MAX_PROBLEMS_PER_FILE {
        unknown
            .iter()
            .filter_map(|(key, _)| closest(key, fields.iter().copied()))
            .collect()
    } else {
        Vec::new()
    };
    // The YAML as the file's lines (blank above the front matter), so the parser's line
    // numbers are the file's. A field found wrong is blanked and the rest read again, so
    // every mistake of the front matter is reported in one run, each once.
    let mut lines: Vec<String> = if parts.yaml.trim().is_empty() {
        vec!["{}".to_string()]
    } else {
        std::iter::repeat_n(String::new(), parts.yaml_line - 1)
            .chain(parts.yaml.lines().map(str::to_string))
            .collect()
    };
    let mut blanked: Vec<String> = Vec::new();
    let mut errors: Vec<Diagnostic> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let e = match serde_saphyr::from_str_with_options::<T>(&lines.join("\n"), options()) {
            Ok(value) if errors.is_empty() => return Ok((value, problems)),
            Ok(_) => break,
            Err(e) => e,
        };
        let position = e
            .location()
            .map(|l| (l.line() as usize, l.column() as usize))
            .unwrap_or((0, 0));
        let mistake = Mistake::of(&e);
        if let Mistake::Missing(field) = &mistake {
            if !blanked.iter().any(|b| b == field) && !meant.contains(&field.as_str()) {
                let whole = if fields.contains(&field.as_str()) {
                    format!("the {kind}")
                } else {
                    "this entry".to_string()
                };
                errors.push(missing_field(path, text, &whole, field, position));
            }
            break;
        }
        let found = explain(path, text, &lines, &mistake, position, kind);
        let go_on = found.go_on;
        errors.extend(found.diagnostics);
        // Read the rest again without the fields found wrong; a mistake the parser cannot
        // get past (or one outside any field) ends the search.
        let mut progressed = false;
        for line in found.blank {
            if let Some(key) = blank_entry(&mut lines, line) {
                blanked.push(key);
                progressed = true;
            }
        }
        if !go_on || !progressed || lines.iter().all(|l| l.trim().is_empty()) {
            break;
        }
    }
    if errors.is_empty() && problems.iter().all(|d| !d.is_error()) {
        // Not reached in practice (the loop ends with a value or an error); never pass silently.
        errors.push(Diagnostic::file_error(
            path,
            format!("the {kind} front matter could not be read"),
        ));
    }
    problems.extend(errors);
    Err(problems)
}

/// How many times one file's front matter is read again after a mistake, at most.
const MAX_ROUNDS: usize = 20;

/// What the YAML reader stopped at, sorted by what Cairn can say about it.
enum Mistake {
    /// A required field is absent.
    Missing(String),
    /// The text is not valid YAML (the parser's own words).
    Syntax(String),
    /// A value has the wrong shape: `expected` is what was wanted, e.g. `sequence start`.
    Shape { expected: String, message: String },
    /// A field with nothing after its colon where text is needed.
    Empty,
    /// A name not among the allowed ones (`what`: field or value).
    Unknown {
        word: String,
        expected: Vec<&'static str>,
        what: &'static str,
    },
    /// The same field written twice.
    Twice,
    /// `yes`, `no` or another word where `true` or `false` is needed.
    NotBoolean,
    /// Too deep, too many aliases: nothing more is read.
    Budget(String),
    /// Any other value error (a bad date, an unknown word): the rest can still be read.
    Value(String),
}

impl Mistake {
    fn of(e: &serde_saphyr::Error) -> Mistake {
        use serde_saphyr::Error as E;
        let message = plain_message(e);
        match e.without_snippet() {
            E::SerdeMissingField { field, .. } => Mistake::Missing(field.to_string()),
            E::ExternalMessage { .. } | E::Eof { .. } => Mistake::Syntax(message),
            E::NullIntoString { .. } => Mistake::Empty,
            E::SerdeUnknownField {
                field, expected, ..
            } => Mistake::Unknown {
                word: field.clone(),
                expected: expected.clone(),
                what: "field",
            },
            E::SerdeUnknownVariant {
                variant, expected, ..
            } => Mistake::Unknown {
                word: variant.clone(),
                expected: expected.clone(),
                what: "value",
            },
            E::DuplicateMappingKey { .. } => Mistake::Twice,
            E::InvalidBooleanStrict { .. } => Mistake::NotBoolean,
            E::Unexpected { expected, .. } => Mistake::Shape {
                expected: expected.to_string(),
                message,
            },
            E::SerdeInvalidType { expected, .. } => Mistake::Shape {
                expected: expected.clone(),
                message,
            },
            _ if message.contains("budget")
                || message.contains("depth")
                || message.contains("alias") =>
            {
                Mistake::Budget(message)
            }
            _ => Mistake::Value(message),
        }
    }
}

/// The messages for one mistake, the lines whose fields to leave out when reading again, and
/// whether reading again can find more.
struct Explained {
    diagnostics: Vec<Diagnostic>,
    blank: Vec<usize>,
    go_on: bool,
}

/// Plain words for a mistake: the common ones (a colon in a value, a list written as a word,
/// a tab) with their fix; the others in the parser's words, with a fix where one is known.
fn explain(
    path: &Path,
    text: &str,
    lines: &[String],
    mistake: &Mistake,
    (line, column): (usize, usize),
    kind: &str,
) -> Explained {
    let at = |line: usize, column: usize, message: String| {
        Diagnostic::error_at(path, line, column, message).with_source(text)
    };
    let written = line
        .checked_sub(1)
        .and_then(|i| lines.get(i))
        .map(String::as_str)
        .unwrap_or("");
    let field = key_value(written);
    match mistake {
        Mistake::Syntax(message) => {
            let tabs = tab_indented(lines);
            if !tabs.is_empty() && (message.contains("tab") || tabs.iter().any(|t| t.0 == line)) {
                return Explained {
                    diagnostics: tabs
                        .iter()
                        .map(|&(line, column)| {
                            at(line, column, "this line is indented with a tab".into())
                                .with_help("indent front matter with spaces: tabs are not allowed there")
                        })
                        .collect(),
                    blank: tabs.iter().map(|t| t.0).collect(),
                    go_on: true,
                };
            }
            if message.contains("mapping values are not allowed")
                && let Some((key, value, value_column)) = field
                && !value.starts_with(['"', '\''])
            {
                return Explained {
                    diagnostics: vec![
                        at(line, value_column, format!("the text of `{key}` has a colon in it"))
                            .with_span(value.chars().count())
                            .with_help(format!(
                                "put the text in quotes: `{key}: {}`",
                                quoted(value)
                            )),
                    ],
                    blank: vec![line],
                    go_on: true,
                };
            }
            if message.contains("after double-quoted scalar")
                || message.contains("after single-quoted scalar")
            {
                let (key, value, value_column) = field.unwrap_or(("the field", "", column));
                let inner = value
                    .strip_prefix(['"', '\''])
                    .and_then(|v| v.strip_suffix(['"', '\'']))
                    .unwrap_or(value);
                return Explained {
                    diagnostics: vec![
                        at(line, value_column, format!("the text of `{key}` has a quote mark inside its quotes"))
                            .with_span(value.chars().count())
                            .with_help(format!(
                                "use the other kind of quotes around it: `{key}: {}`",
                                quoted(inner)
                            )),
                    ],
                    blank: vec![line],
                    go_on: true,
                };
            }
            if message.starts_with("unclosed bracket")
                && let Some((key, value, value_column)) = field
            {
                let close = if value.starts_with('{') { '}' } else { ']' };
                return Explained {
                    diagnostics: vec![
                        at(line, value_column, format!("the list of `{key}` is not closed"))
                            .with_span(value.chars().count())
                            .with_help(format!("end it with `{close}`: `{key}: {}{close}`", value.trim_end_matches(','))),
                    ],
                    blank: vec![line],
                    go_on: true,
                };
            }
            Explained {
                diagnostics: vec![
                    at(line, column, format!("in {kind} front matter: {message}")).with_help(
                        "check this line and the one above it: text with a colon or a quote mark in it goes in quotes, and lists in square brackets",
                    ),
                ],
                blank: Vec::new(),
                go_on: false,
            }
        }
        Mistake::Shape { expected, .. } if expected.contains("sequence") => {
            let (key, value, value_column) = field.unwrap_or(("the field", "", column));
            let items: Vec<String> = value
                .split(',')
                .map(|v| v.trim().trim_matches(['"', '\'']))
                .filter(|v| !v.is_empty())
                .map(str::to_string)
                .collect();
            let first = items.first().map_or("...", String::as_str);
            let listed: Vec<String> = items.iter().map(|v| quoted(v)).collect();
            Explained {
                diagnostics: vec![
                    at(line, value_column, format!("`{key}` is a list, but it is written as a single value"))
                        .with_span(value.chars().count())
                        .with_help(format!(
                            "write it as a list: `{key}: [{}]`, or each on its own line below `{key}:` as `- {first}`",
                            listed.join(", ")
                        )),
                ],
                blank: vec![line],
                go_on: true,
            }
        }
        Mistake::Empty => {
            let key = field.map_or("the field", |f| f.0);
            Explained {
                diagnostics: vec![
                    at(line, column, format!("`{key}` is empty"))
                        .with_help(format!("write its text after the colon, in quotes: `{key}: \"...\"`")),
                ],
                blank: vec![line],
                go_on: true,
            }
        }
        Mistake::Shape { expected, .. } if expected.contains("string") => {
            let (key, value, value_column) = field.unwrap_or(("the field", "", column));
            let bare = value
                .trim_start_matches(['[', '-', ' '])
                .trim_end_matches([']', ' '])
                .trim_matches(['"', '\'']);
            Explained {
                diagnostics: vec![
                    at(line, value_column.max(1), format!("`{key}` is a single piece of text, not a list"))
                        .with_span(value.chars().count())
                        .with_help(format!("write it in quotes, without square brackets: `{key}: {}`", quoted(bare))),
                ],
                blank: vec![line],
                go_on: true,
            }
        }
        Mistake::Unknown {
            word,
            expected,
            what,
        } => {
            let help = match closest(word, expected.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => allowed(expected),
            };
            Explained {
                diagnostics: vec![
                    at(line, column, format!("unknown {what} `{word}` in {kind} front matter"))
                        .with_span(word.chars().count())
                        .with_help(help),
                ],
                blank: vec![line],
                go_on: true,
            }
        }
        Mistake::Twice => {
            let key = field.map_or("this field", |f| f.0);
            Explained {
                diagnostics: vec![
                    at(line, column, format!("`{key}` is written twice"))
                        .with_span(key.chars().count())
                        .with_help("keep only one of the two lines"),
                ],
                blank: vec![line],
                go_on: true,
            }
        }
        Mistake::NotBoolean => {
            let (key, value, value_column) = field.unwrap_or(("the field", "", column));
            Explained {
                diagnostics: vec![
                    at(line, value_column, format!("`{key}` must be `true` or `false`"))
                        .with_span(value.chars().count())
                        .with_help(format!("write `{key}: true` or `{key}: false` (not yes or no)")),
                ],
                blank: vec![line],
                go_on: true,
            }
        }
        Mistake::Budget(message) => Explained {
            diagnostics: vec![
                at(line, column, format!("in {kind} front matter: {message}")).with_help(
                    "simplify the front matter: it is too deeply nested or repeats anchors too often",
                ),
            ],
            blank: Vec::new(),
            go_on: false,
        },
        Mistake::Shape { message, .. } | Mistake::Value(message) => {
            let mut d = at(line, column, format!("in {kind} front matter: {message}"));
            if let Some(help) = suggest_from_serde_message(message) {
                d = d.with_help(help);
            }
            Explained {
                diagnostics: vec![d],
                blank: vec![line],
                go_on: true,
            }
        }
        Mistake::Missing(_) => Explained {
            diagnostics: Vec::new(),
            blank: Vec::new(),
            go_on: false,
        },
    }
}

/// `whole`: what lacks the field, e.g. "the case study" or "this entry".
fn missing_field(
    path: &Path,
    text: &str,
    whole: &str,
    field: &str,
    (line, column): (usize, usize),
) -> Diagnostic {
    Diagnostic::error_at(path, line, column, format!("{whole} has no `{field}`"))
        .with_help(format!("add `{field}: ...`: it is required"))
        .with_source(text)
}

/// The allowed names, listed when there are few enough to read (at most 20).
pub(crate) fn allowed(names: &[&str]) -> String {
    if names.len() <= 20 {
        format!(
            "use one of: {}",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else {
        "check the spelling".to_string()
    }
}

/// `value` in YAML quotes: double, unless it holds a double quote.
fn quoted(value: &str) -> String {
    if value.contains('"') {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        format!("\"{value}\"")
    }
}

/// A `key: value` line (in a list item or not): the key, the value, and the value's column.
fn key_value(line: &str) -> Option<(&str, &str, usize)> {
    let start = line.len() - line.trim_start().len();
    let mut rest = &line[start..];
    let mut offset = start;
    if let Some(after) = rest.strip_prefix("- ") {
        offset += 2 + (after.len() - after.trim_start().len());
        rest = after.trim_start();
    }
    let colon = rest
        .find(": ")
        .or_else(|| rest.strip_suffix(':').map(|r| r.len()))?;
    let key = rest[..colon].trim().trim_matches(['"', '\'']);
    let after = &rest[colon + 1..];
    let value = after.trim();
    let value_offset = offset + colon + 1 + (after.len() - after.trim_start().len());
    let column = line[..value_offset.min(line.len())].chars().count() + 1;
    (!key.is_empty()).then_some((key, value, column))
}

/// Lines (file line, column of the tab) whose indentation holds a tab.
fn tab_indented(lines: &[String]) -> Vec<(usize, usize)> {
    lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let indent = &l[..l.len() - l.trim_start().len()];
            let tab = indent.find('\t')?;
            (!l.trim().is_empty()).then(|| (i + 1, indent[..tab].chars().count() + 1))
        })
        .collect()
}

/// A top-level field's line: a key at the start of the line (not a comment or list item).
fn is_top_level_key(line: &str) -> bool {
    line.chars()
        .next()
        .is_some_and(|c| !c.is_whitespace() && !matches!(c, '#' | '-'))
        && line.contains(':')
}

/// Blanks the top-level field that file line `line` belongs to (its key line and the lines
/// under it), returning its key; `None` when the line is not inside a field.
fn blank_entry(lines: &mut [String], line: usize) -> Option<String> {
    let i = line.checked_sub(1).filter(|&i| i < lines.len())?;
    if lines[i].is_empty() {
        return None; // already left out with its field
    }
    let start = (0..=i).rev().find(|&j| is_top_level_key(&lines[j]))?;
    let end = (start + 1..lines.len())
        .find(|&j| is_top_level_key(&lines[j]))
        .unwrap_or(lines.len());
    let key = lines[start]
        .split_once(':')
        .map(|(k, _)| k.trim().trim_matches(['"', '\'']).to_string())?;
    for l in &mut lines[start..end] {
        l.clear();
    }
    Some(key)
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
pub(crate) fn struct_fields<T: DeserializeOwned>() -> &'static [&'static str] {
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
    pub(crate) line: usize,
    pub(crate) column: usize,
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

/// Written as the value alone (in the open data, the forms' definitions).
impl<T: serde::Serialize> serde::Serialize for Located<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<T: fmt::Display> fmt::Display for Located<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
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

    // Pins that every unknown key is reported, each with its own line, and that a field
    // missing because its key was misspelt is not reported a second time.
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
