//! A problem found in a library's files, with its position and a plain-language fix.
//!
//! Every content error Cairn reports is a [`Diagnostic`]: the file (relative to the library
//! root), the line and column counted from the top of the file, what is wrong, and how to fix it.
//! The loader attaches the source line so messages can show it with a caret under the problem.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The word used in messages: `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding, positioned in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the library root, with `/` separators.
    pub(crate) path: PathBuf,
    /// 1-based line, counted from the top of the file; 0 when the problem is the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub(crate) column: usize,
    pub message: String,
    /// What to do about it, in plain language.
    pub(crate) help: Option<String>,
    /// The text of `line`, when known, for the caret display.
    pub source_line: Option<String>,
    /// How many characters the caret underlines (at least 1).
    pub(crate) span: usize,
    /// Characters cut from the start of a very long `source_line` (shown as `…`).
    pub(crate) source_skip: usize,
    /// The rule's stable id (`summary-missing`, `reading-ease` ...), for `check --only` and
    /// `--skip` and the JSON output: named with [`Diagnostic::with_rule`], else the rule of the
    /// part of Cairn that found it ([`rule_of_file`]). Every id is listed in `RULES`.
    pub rule: &'static str,
}

impl Diagnostic {
    /// An error about a whole file (no line).
    #[track_caller]
    pub(crate) fn file_error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::error_at(path, 0, 0, message)
    }

    /// An error at a line and column.
    #[track_caller]
    pub(crate) fn error_at(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line,
            column,
            message: message.into(),
            help: None,
            source_line: None,
            span: 1,
            source_skip: 0,
            rule: rule_of_file(std::panic::Location::caller().file()),
        }
    }

    /// A warning at a line and column.
    #[track_caller]
    pub(crate) fn warning_at(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error_at(path, line, column, message)
        }
    }

    /// Adds the fix to the message.
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Names the rule the finding belongs to (a stable id such as `duplicate-title`).
    pub(crate) fn with_rule(mut self, rule: &'static str) -> Self {
        self.rule = rule;
        self
    }

    /// Underlines `span` characters from the column.
    pub(crate) fn with_span(mut self, span: usize) -> Self {
        self.span = span.max(1);
        self
    }

    /// Attaches the offending line from the file's text, if the line exists.
    pub(crate) fn with_source(mut self, text: &str) -> Self {
        if self.line > 0 {
            self.source_line = text
                .lines()
                .nth(self.line - 1)
                .map(|l| self.window(l.trim_end_matches('\r')));
            // A quoted YAML value is positioned at its opening quote; point at the text.
            let at = |col: usize| self.source_line.as_deref().and_then(|l| l.chars().nth(col));
            if self.span > 1 && self.column > 0 && matches!(at(self.column - 1), Some('"' | '\'')) {
                self.column += 1;
            }
        }
        self
    }

    /// A long line (a paragraph on one line, minified text, an attack) is cut to about
    /// [`SOURCE_WIDTH`] characters around the column, so a message stays readable, a report
    /// of thousands of findings stays small, and its size is bounded.
    fn window(&mut self, line: &str) -> String {
        const WIDTH: usize = SOURCE_WIDTH;
        if line.chars().count() <= WIDTH {
            return line.to_string();
        }
        let skip = self.column.saturating_sub(1).saturating_sub(WIDTH / 4);
        let mut chars = line.char_indices().skip(skip);
        let Some((start, _)) = chars.next() else {
            return line.chars().take(WIDTH).collect();
        };
        let rest = &line[start..];
        let cut = rest.char_indices().nth(WIDTH).map(|(i, _)| i);
        let mut out = String::new();
        if skip > 0 {
            out.push('…');
            self.source_skip = skip;
        }
        out.push_str(cut.map_or(rest, |c| &rest[..c]));
        if cut.is_some() {
            out.push('…');
        }
        out
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column`, or as much of it as is known.
    pub(crate) fn location(&self) -> String {
        let path = display_path(&self.path);
        match (self.line, self.column) {
            (0, _) => path,
            (l, 0) => format!("{path}:{l}"),
            (l, c) => format!("{path}:{l}:{c}"),
        }
    }
}

/// The widest source line a message shows, in characters; a longer one is cut around the
/// column, with `…` where it was cut.
pub(crate) const SOURCE_WIDTH: usize = 120;

/// The widest line of a message's text (its first line, its help) before it is wrapped.
const TEXT_WIDTH: usize = 160;

/// `text` in lines of at most `width` characters, broken between words; the lines after the
/// first start with `indent`. A word longer than a line stays whole.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split(' ') {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > width {
            out.push('\n');
            out.push_str(indent);
            line_len = indent.chars().count();
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out
}

/// Every rule a finding can belong to: its stable id (for `cairn check --only` and `--skip`, and
/// the `rule` of each JSON finding) and what it covers. docs/check-rules.md lists the same.
pub(crate) const RULES: &[(&str, &str)] = &[
    (
        "address",
        "two files at one address, or a file at one of Cairn's own",
    ),
    ("alias", "an old address in `aliases` that cannot work"),
    (
        "callout",
        "a toolkit call-out to a case study that does not exist",
    ),
    ("consent", "people named without `consent: true`"),
    ("date-missing", "a case study without a date or period"),
    ("duplicate-title", "two case studies with one title"),
    ("encoding", "a file that is not UTF-8 text"),
    (
        "file-type",
        "a file under content/ of a type that is not published",
    ),
    (
        "files",
        "files and folders that cannot be read, links that lead outside the library",
    ),
    (
        "form",
        "a scoring form's scales, statements, fields and bands",
    ),
    (
        "front-matter",
        "front matter that cannot be read: YAML, unknown or missing fields",
    ),
    ("heading", "a second top-level heading on a page"),
    (
        "image",
        "a page's picture (`image:`): its file, its type, its alt text",
    ),
    ("image-alt", "an image without alt text"),
    ("image-missing", "an image that does not exist"),
    ("image-size", "an image over the size budget"),
    ("limits", "past one of the limits of [limits] in site.toml"),
    ("markdown", "links, anchors and what Markdown may hold"),
    ("output", "the output folder"),
    ("place-missing", "a case study without a place"),
    (
        "principles",
        "a principle set's ids and a case study's principles",
    ),
    ("reading-ease", "a page whose prose is hard to read"),
    ("search", "the search index"),
    ("sentence-length", "a sentence over the library's limit"),
    ("serve", "cairn serve"),
    ("site-toml", "site.toml"),
    ("summary-length", "a summary over the library's limit"),
    ("summary-missing", "a case study without a summary"),
    ("template", "the theme's and library's templates"),
    (
        "terms",
        "taxonomy terms not in site.toml, and too many terms",
    ),
    ("text", "characters feeds and sitemaps cannot carry"),
    ("theme", "the theme and its files"),
    ("todo", "a `TODO` left to fill in"),
    ("translation", "translations and interface strings"),
    (
        "unexplained-term",
        "a glossary abbreviation not written out",
    ),
    (
        "url",
        "links in front matter with a scheme other than the web's",
    ),
];

/// The rule of a finding made in `file` (a source file of Cairn, as `Location` names it) that
/// does not name its own: the part of Cairn that found it.
pub(crate) fn rule_of_file(file: &str) -> &'static str {
    let file = file.replace('\\', "/");
    let module = file.rsplit_once("src/").map_or(file.as_str(), |(_, m)| m);
    match module {
        "check.rs" | "check/annotate.rs" => "markdown",
        "config/mod.rs" | "config/sections.rs" | "config/languages.rs" | "config/listing.rs" => {
            "site-toml"
        }
        "content/assets.rs" => "file-type",
        "content/case_study.rs" => "consent",
        "content/form.rs" => "form",
        "content/front_matter.rs" => "front-matter",
        "content/image.rs" | "images.rs" => "image",
        "content/library.rs" | "inputs.rs" => "files",
        "content/principle.rs" => "principles",
        "content/translation.rs" | "i18n.rs" | "render/languages.rs" => "translation",
        "content/urls.rs" => "url",
        "limits.rs" => "limits",
        "output/bounded.rs" | "output/staging.rs" | "output/guard.rs" | "output.rs" => "output",
        "render/bodies.rs" | "render/markdown.rs" | "render/sanitize.rs" | "render/mod.rs" => {
            "markdown"
        }
        "render/templates.rs" | "render/cards.rs" => "template",
        "render/xml_text.rs" => "text",
        "search.rs" => "search",
        "serve.rs" | "serve/http.rs" | "watch.rs" => "serve",
        "site/claims.rs" | "site/mod.rs" => "address",
        "theme.rs" | "theme/copy.rs" => "theme",
        _ => "other",
    }
}

/// Text safe to print on a terminal or in a CI log: every control character (C0 but the tab,
/// DEL, C1) is shown as an escape such as `\u{1b}`, `\n` or `\r`, never sent as it is. A file
/// name, a YAML value or an answer file can hold an escape sequence that retitles the terminal,
/// writes the clipboard (OSC 52) or moves the cursor to overwrite a line with "all OK"; shown
/// escaped, it is only text. Everything Cairn prints from a library or an answer file passes
/// here (a [`Diagnostic`] when displayed, `collate`'s table and messages).
pub fn printable(text: &str) -> Cow<'_, str> {
    printable_keeping(text, false)
}

/// As [`printable`], keeping line breaks (`\n`) as they are: for text printed as several lines,
/// such as `collate`'s Markdown table.
pub fn printable_lines(text: &str) -> Cow<'_, str> {
    printable_keeping(text, true)
}

fn printable_keeping(text: &str, newlines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\t' && !(newlines && c == '\n');
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !unsafe_char(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

/// A path with forward slashes, whatever the platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The help on a line of its own under the source (`  = help: ...`), wrapped to the width.
fn write_help_below(f: &mut fmt::Formatter<'_>, gutter: &str, help: &str) -> fmt::Result {
    let indent = format!("{gutter}         ");
    let help = wrap(
        &format!("help: {help}"),
        TEXT_WIDTH - gutter.len() - 3,
        &indent,
    );
    writeln!(f, "{gutter} = {help}")
}

impl fmt::Display for Diagnostic {
    /// rustc-style: the message, the location, the source line with a caret, and the fix.
    /// Every part that comes from a file (message, path, source line, help) is printed through
    /// [`printable`], so no control character in a library reaches the terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first = format!("{}: {}", self.severity.as_str(), printable(&self.message));
        writeln!(f, "{}", wrap(&first, TEXT_WIDTH, "  "))?;
        let gutter = " ".repeat(self.line.max(1).to_string().len());
        writeln!(f, "{gutter}--> {}", printable(&self.location()))?;
        let help = self.help.as_deref().map(printable);
        match &self.source_line {
            Some(src) => {
                writeln!(f, "{gutter} |")?;
                writeln!(f, "{} | {}", self.line, printable(src))?;
                // The caret moves with a cut line: `source_skip` characters gone, `…` added.
                let shift = if self.source_skip > 0 {
                    self.source_skip - 1
                } else {
                    0
                };
                let before = self.column.saturating_sub(1).saturating_sub(shift);
                // An escaped character before the column is wider once printed.
                let widened: usize = src
                    .chars()
                    .take(before)
                    .map(|c| printable(c.encode_utf8(&mut [0; 4])).chars().count() - 1)
                    .sum();
                let pad = " ".repeat(before + widened);
                let carets = "^".repeat(self.span.min(SOURCE_WIDTH));
                let used = gutter.len() + 3 + pad.len() + carets.len() + 1;
                match &help {
                    // A long help goes on a line of its own, wrapped.
                    Some(help) if used + help.chars().count() > TEXT_WIDTH => {
                        writeln!(f, "{gutter} | {pad}{carets}")?;
                        write_help_below(f, &gutter, help)?;
                    }
                    Some(help) => writeln!(f, "{gutter} | {pad}{carets} {help}")?,
                    None => writeln!(f, "{gutter} | {pad}{carets}")?,
                }
            }
            None => {
                if let Some(help) = &help {
                    write_help_below(f, &gutter, help)?;
                }
            }
        }
        Ok(())
    }
}

/// A count with its noun, singular or plural: `1 error`, `2 errors`, `0 warnings`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The closest candidate to `word` (by edit distance), if it is close enough to be a likely typo.
pub(crate) fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let word_lower = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word_lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters; words here are short, so O(n*m) is fine.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev_diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let next = (row[j] + 1).min(row[j + 1] + 1).min(prev_diag + cost);
            prev_diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins that every finding has a rule that is listed: each source file of Cairn that makes
    // findings has a rule of its own, every rule named with `with_rule` is in `RULES`, and
    // docs/check-rules.md lists every rule.
    #[test]
    fn every_rule_is_listed() {
        let listed = |rule: &str| RULES.iter().any(|(id, _)| *id == rule);
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut makers = 0;
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "rs") || path.ends_with("diagnostic.rs") {
                continue;
            }
            let text = std::fs::read_to_string(path).unwrap();
            let name = display_path(path.strip_prefix(src.parent().unwrap()).unwrap());
            if [
                "Diagnostic::error_at",
                "Diagnostic::warning_at",
                "Diagnostic::file_error",
            ]
            .iter()
            .any(|c| text.contains(c))
            {
                makers += 1;
                let rule = rule_of_file(&name);
                assert!(
                    rule != "other" && listed(rule),
                    "{name}: no rule of its own"
                );
            }
            for (at, _) in text.match_indices("with_rule(\"") {
                let rest = &text[at + 11..];
                let rule = &rest[..rest.find('"').unwrap()];
                assert!(listed(rule), "{name}: rule `{rule}` is not in RULES");
            }
        }
        assert!(makers > 20, "{makers}");
        let doc = std::fs::read_to_string(src.join("../docs/check-rules.md")).unwrap();
        for (id, _) in RULES {
            assert!(
                doc.contains(&format!("| `{id}` |")),
                "docs/check-rules.md lacks `{id}`"
            );
        }
    }

    // Pins that a long source line is cut to about 120 characters around the caret, which stays
    // under the problem, and that a long help goes on a line of its own, wrapped.
    #[test]
    fn long_lines_are_cut_and_wrapped() {
        let line = format!("{}TARGET{}", "word ".repeat(80), " more".repeat(80));
        let column = line.find("TARGET").unwrap() + 1;
        let d = Diagnostic::warning_at("content/a.md", 1, column, "long")
            .with_span(6)
            .with_help("help ".repeat(60).trim_end().to_string())
            .with_source(&line);
        let shown = d.to_string();
        assert!(shown.lines().all(|l| l.chars().count() <= 170), "{shown}");
        let lines: Vec<&str> = shown.lines().collect();
        let source = lines[3].split_once(" | ").unwrap().1;
        let caret = lines[4].split_once(" | ").unwrap().1;
        let at = caret.find('^').unwrap();
        assert_eq!(
            source.chars().skip(at).take(6).collect::<String>(),
            "TARGET"
        );
        assert!(source.starts_with('…') && source.ends_with('…'));
        assert!(lines[5].trim_start().starts_with("= help: help"), "{shown}");
        assert_eq!(shown.matches("help").count(), 61);
    }

    // Pins plural forms: "1 error", "2 errors", "0 errors", never "error(s)".
    #[test]
    fn counts_take_the_right_plural() {
        assert_eq!(count(1, "error"), "1 error");
        assert_eq!(count(2, "error"), "2 errors");
        assert_eq!(count(0, "warning"), "0 warnings");
    }

    // Pins the "did you mean" suggestion for common typos and its refusal for unrelated words.
    #[test]
    fn closest_finds_typos_only() {
        let fields = ["title", "summary", "place", "principles"];
        assert_eq!(closest("plase", fields), Some("place"));
        assert_eq!(closest("principels", fields), Some("principles"));
        assert_eq!(closest("Title", fields), Some("title"));
        assert_eq!(closest("elephant", fields), None);
    }

    // Pins the rustc-style layout: message, location, source line, caret under the column.
    #[test]
    fn display_shows_caret_under_column() {
        let d = Diagnostic::error_at("content/a.md", 4, 1, "unknown field `plase`")
            .with_span(5)
            .with_help("did you mean `place`?")
            .with_source("---\ntitle: A\nsummary: B\nplase: Oldham\n---\n");
        assert_eq!(
            d.to_string(),
            "error: unknown field `plase`\n --> content/a.md:4:1\n  |\n4 | plase: Oldham\n  | ^^^^^ did you mean `place`?\n"
        );
    }

    // Pins that control characters from a file (ESC, an OSC 52 clipboard write, CR, a line
    // break) print escaped in every part of a message, and the caret stays under its column.
    #[test]
    fn control_characters_print_escaped() {
        let d = Diagnostic::error_at(
            "content/\u{1b}[2J.md",
            1,
            3,
            "unknown field `\u{1b}]52;c;cHduZWQ=\u{7}`",
        )
        .with_help("rename it\r\nok: all checks passed")
        .with_source("a\u{1b}b: c\n");
        let shown = d.to_string();
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\n'),
            "{shown:?}"
        );
        assert_eq!(shown.lines().count(), 5, "{shown}");
        assert!(shown.contains("`\\u{1b}]52;c;cHduZWQ=\\u{7}`"), "{shown}");
        assert!(shown.contains("rename it\\r\\nok"), "{shown}");
        let lines: Vec<&str> = shown.lines().collect();
        let source = lines[3].split_once(" | ").unwrap().1;
        let caret = lines[4].split_once(" | ").unwrap().1;
        assert_eq!(source.chars().nth(caret.find('^').unwrap()), Some('b'));
        assert_eq!(printable("tab\tstays"), "tab\tstays");
        assert_eq!(printable_lines("a\nb\u{9b}"), "a\nb\\u{9b}");
    }
}
