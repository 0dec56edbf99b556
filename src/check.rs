//! `cairn check`: everything the build checks, without writing anything, plus checks that
//! help contributors write clearly and completely.
//!
//! Its errors are the build's own, found by the same code (unknown fields, terms not in
//! site.toml, broken links, anchors and images, duplicate pages, people named without
//! consent): `check` fails exactly when `build` would. What it adds are warnings, advice:
//! images without alt text or over the size budget, long summaries and sentences, a low
//! reading-ease score, abbreviations from the glossary used without being written out, and
//! `TODO`s left from `cairn new`. The limits come from `[check]` in site.toml.

pub mod annotate;

use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::cli::CheckFormat;
use crate::config::CheckConfig;
use crate::content::library::LoadOptions;
use crate::content::{Library, Source};
use crate::diagnostic::{Diagnostic, RULES, Severity, display_path};
use crate::error::Error;
use crate::i18n::Strings;
use crate::render;
use crate::render::glossary::Matcher;
use crate::site::Site;
use crate::text::line_col;
use crate::theme::Theme;

/// Checks the library at `root` (drafts included) and returns every finding, errors and
/// warnings, sorted by file and line. Only an unreadable library folder is an `Err`.
pub fn check(root: &Path) -> Result<Vec<Diagnostic>, Error> {
    let library = match Library::load(
        root,
        &LoadOptions {
            drafts: true,
            ..Default::default()
        },
    ) {
        Ok(library) => library,
        Err(problems) => return Ok(problems),
    };
    let mut findings = library.errors.clone();
    findings.extend(library.warnings.iter().cloned());
    match Theme::resolve(&library.root, &library.config.theme, &library.templates) {
        Ok((theme, warnings)) => {
            findings.extend(warnings);
            let checked = crate::build::check(&library, &theme);
            findings.extend(checked.problems);
            // The contributor checks read pages' addresses from the plan.
            if let Some(site) = &checked.site {
                findings.extend(contributor_checks(&library, &theme, site, &checked.strings));
            }
        }
        Err(problems) => findings.extend(problems),
    }
    findings.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.severity).cmp(&(&b.path, b.line, b.column, b.severity))
    });
    findings.dedup();
    Ok(findings)
}

/// The checks only `cairn check` runs.
pub(crate) fn contributor_checks(
    library: &Library,
    theme: &Theme,
    site: &Site,
    strings: &Strings,
) -> Vec<Diagnostic> {
    let limits = &library.config.check;
    let targets = render::link_targets(library, site, &library.config.language, None);
    let matcher = targets.glossary.as_ref();
    let mut findings = Vec::new();
    // Case studies written only in another language: their language and address.
    let only_in: std::collections::HashMap<&Path, (&str, &str)> = library
        .case_studies
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            Some((
                c.source.path.as_path(),
                (c.only_in.as_deref()?, site.case_study(i)),
            ))
        })
        .collect();
    for source in library.sources() {
        let own = only_in.get(source.path.as_path());
        let language = own.map_or(library.config.language.as_str(), |(code, _)| code);
        findings.extend(todos(source));
        findings.extend(top_level_headings(source));
        let is_glossary = matcher.is_some_and(|m| m.glossary_path == source.path);
        let page_url = targets
            .urls
            .get(&source.content_path())
            .cloned()
            .or_else(|| own.map(|(_, url)| url.to_string()))
            .unwrap_or_default();
        let blocks = blocks(source, library.config.markdown.raw_html);
        findings.extend(images(library, theme, source, &page_url, limits));
        if !is_glossary {
            findings.extend(prose(source, &blocks, limits, language));
            if let Some(m) = matcher {
                findings.extend(unexplained_terms(source, &blocks, m));
            }
        }
    }
    // Translations are written text too, checked by the rules valid for their language.
    for t in &library.translations {
        let source = t.source();
        findings.extend(todos(source));
        findings.extend(top_level_headings(source));
        findings.extend(prose(
            source,
            &blocks(source, library.config.markdown.raw_html),
            limits,
            &t.language,
        ));
    }
    // Translations behind their source, and interface strings missing in a language (src/i18n.rs).
    findings.extend(crate::i18n::stale_translations(library));
    findings.extend(crate::i18n::missing_strings(library, strings));
    for cs in &library.case_studies {
        findings.extend(not_recorded(cs));
        let Some(summary) = &cs.meta.summary else {
            continue;
        };
        let words = word_count(summary);
        if words > limits.summary_max_words {
            let (line, column) = field_position(&cs.source, "summary");
            findings.push(
                Diagnostic::warning_at(
                    &cs.source.path,
                    line,
                    column,
                    format!(
                        "the summary has {words} words; the library's limit is {}",
                        limits.summary_max_words
                    ),
                )
                .with_help("keep the summary to one or two sentences; the story itself goes below the front matter")
                .with_rule("summary-length")
                .with_source(&cs.source.text),
            );
        }
    }
    findings
}

/// The facts a case study leaves out (date or period, place, summary): it builds, showing
/// "not recorded" (or the start of the story as its summary), and each gets a warning, so
/// that what is missing is found and filled in when it is known, never invented.
fn not_recorded(cs: &crate::content::case_study::CaseStudy) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // About the whole front matter, which begins on line 1.
    let at = |rule: &'static str, message: &str, help: String| {
        Diagnostic::warning_at(&cs.source.path, 1, 0, message)
            .with_rule(rule)
            .with_help(help)
    };
    if cs.meta.date.is_none() && cs.meta.period.is_none() {
        out.push(at(
            "date-missing",
            "this case study has no `date` or `period`: its page says the date is not recorded",
            "if you know when it happened, add e.g. `date: 2021-03` or `period: { start: 2019, end: 2021 }`; if nobody knows, leave it out".to_string(),
        ));
    }
    if cs.meta.place.is_none() {
        out.push(at(
            "place-missing",
            "this case study has no `place`: its page says the place is not recorded",
            "if you know where it happened, add e.g. `place: Oldham`; if nobody knows, leave it out".to_string(),
        ));
    }
    if cs.meta.summary.is_none() {
        let help = if cs.summary.is_empty() {
            "add `summary:` with one or two sentences: what happened and what changed".to_string()
        } else {
            format!(
                "add `summary:` with one or two sentences of your own; until then the start of the story is shown: \"{}\"",
                crate::text::shorten_chars(&cs.summary, 80)
            )
        };
        out.push(at(
            "summary-missing",
            "this case study has no `summary`, so cards and search show the start of its story",
            help,
        ));
    }
    out
}

/// The rule ids `--only` and `--skip` name, checked against [`RULES`]: an unknown one is a
/// usage error with the closest id.
pub fn known_rules(names: &[String]) -> Result<(), Error> {
    let ids = || RULES.iter().map(|(id, _)| *id);
    for name in names {
        if ids().any(|id| id == name) {
            continue;
        }
        let hint = match crate::diagnostic::closest(name, ids()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("the rules are: {}", ids().collect::<Vec<_>>().join(", ")),
        };
        return Err(Error::Usage(format!(
            "there is no check rule `{name}`: {hint}"
        )));
    }
    Ok(())
}

/// The findings `--only` (when not empty) keeps and `--skip` does not leave out.
pub fn filter(findings: &mut Vec<Diagnostic>, only: &[String], skip: &[String]) {
    findings.retain(|d| {
        (only.is_empty() || only.iter().any(|r| r == d.rule)) && !skip.iter().any(|r| r == d.rule)
    });
}

/// Orders findings by rule (`--group rule`), keeping the order within each rule.
pub fn group_by_rule(findings: &mut [Diagnostic]) {
    findings.sort_by_key(|d| d.rule);
}

/// The heading of a rule's findings under `--group rule`.
pub fn rule_heading(rule: &str, findings: &[Diagnostic]) -> String {
    let count = findings.iter().filter(|d| d.rule == rule).count();
    let what = RULES
        .iter()
        .find(|(id, _)| *id == rule)
        .map_or("", |(_, what)| what);
    format!(
        "== {rule}: {} ({what}) ==\n\n",
        crate::diagnostic::count(count, "finding")
    )
}

/// What a report of many findings starts with: how many of each rule, errors first, so a
/// library of thousands of pages sees at a glance what to fix and what to `--skip`.
pub fn rule_summary(findings: &[Diagnostic]) -> String {
    let mut counts: std::collections::BTreeMap<(Severity, &str), usize> = Default::default();
    for d in findings {
        *counts.entry((d.severity, d.rule)).or_default() += 1;
    }
    let files: std::collections::HashSet<&Path> =
        findings.iter().map(|d| d.path.as_path()).collect();
    let errors = findings.iter().filter(|d| d.is_error()).count();
    let mut out = format!(
        "{} and {} in {}, by rule:\n",
        crate::diagnostic::count(errors, "error"),
        crate::diagnostic::count(findings.len() - errors, "warning"),
        crate::diagnostic::count(files.len(), "file"),
    );
    let width = counts.keys().map(|(_, r)| r.len()).max().unwrap_or(0);
    for ((severity, rule), n) in counts {
        out.push_str(&format!(
            "  {:<7}  {rule:<width$}  {n:>6}\n",
            severity.as_str()
        ));
    }
    out.push_str("(show one rule with `--only RULE`, leave one out with `--skip RULE`)\n\n");
    out
}

/// One finding in the chosen output format, ending with a line break.
pub fn format(d: &Diagnostic, format: CheckFormat) -> String {
    match format {
        CheckFormat::Human => format!("{d}\n"),
        CheckFormat::Github => annotate::github(d, ""),
        CheckFormat::Json => format!("{}\n", json(d)),
    }
}

/// The closing line: how many errors and warnings, in plain words.
pub fn summary(errors: usize, warnings: usize) -> String {
    let plural = crate::diagnostic::count;
    match (errors, warnings) {
        (0, 0) => "check passed: no problems found".to_string(),
        (0, w) => format!(
            "check passed with {}: they are advice and do not stop the site being published",
            plural(w, "warning")
        ),
        (e, w) => format!(
            "check failed: {} must be fixed before the site can be published ({})",
            plural(e, "error"),
            plural(w, "warning")
        ),
    }
}

/// One finding as a JSON object.
fn json(d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "severity": d.severity.as_str(),
        "file": display_path(&d.path),
        "line": d.line,
        "column": d.column,
        "message": d.message,
        "help": d.help,
        "rule": d.rule,
    })
}

/// Line and column of a top-level front-matter field's value (or of line 1 if absent).
fn field_position(source: &Source, key: &str) -> (usize, usize) {
    let prefix = format!("{key}:");
    let mut offset = 0;
    for line in source.text[..source.body_offset].split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(&prefix) {
            let value = rest.len() - rest.trim_start().len();
            return line_col(&source.text, offset + prefix.len() + value);
        }
        offset += line.len();
    }
    (1, 1)
}

/// Every `TODO` left in a file, front matter included.
fn todos(source: &Source) -> Vec<Diagnostic> {
    source
        .text
        .match_indices("TODO")
        .filter(|(at, _)| {
            let before = source.text[..*at].chars().next_back();
            let after = source.text[at + 4..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .map(|(at, _)| {
            let (line, column) = line_col(&source.text, at);
            Diagnostic::warning_at(&source.path, line, column, "`TODO` left to fill in")
                .with_rule("todo")
                .with_span(4)
                .with_help("replace it with your own words; `cairn new` put it there to mark what to write")
                .with_source(&source.text)
        })
        .collect()
}

/// A run of text in the body: a paragraph, list item, table cell or heading, with the file
/// offsets its pieces come from.
struct Block {
    text: String,
    /// (offset in `text`, offset in the file) at the start of each piece.
    pieces: Vec<(usize, usize)>,
    /// Headings and table cells are not running prose: sentence length and reading ease
    /// leave them out.
    heading: bool,
}

impl Block {
    /// The file offset of a byte of `text`.
    fn file_offset(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|(t, _)| *t <= at).max(1) - 1;
        let (t, f) = self.pieces[i];
        f + (at - t)
    }
}

/// The body's prose, block by block; code is left out. With `raw_html` on, the text inside
/// HTML is prose too (each line of an HTML block a block of its own), checked like Markdown.
fn blocks(source: &Source, raw_html: bool) -> Vec<Block> {
    let mut in_comment = false;
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    let mut code = 0usize;
    let flush = |current: &mut Option<Block>, blocks: &mut Vec<Block>| {
        if let Some(b) = current.take()
            && !b.text.trim().is_empty()
        {
            blocks.push(b);
        }
    };
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(source.body(), options).into_offset_iter() {
        let file_offset = source.body_offset + range.start;
        let inline_code = matches!(event, Event::Code(_));
        let block_line = matches!(event, Event::Html(_));
        match event {
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::Start(Tag::Heading { .. } | Tag::TableCell) => {
                flush(&mut current, &mut blocks);
                current = Some(Block {
                    text: String::new(),
                    pieces: Vec::new(),
                    heading: true,
                });
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::BlockQuote(_) | Tag::List(_))
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_),
            ) => flush(&mut current, &mut blocks),
            Event::Text(t) | Event::Code(t) if code == 0 => {
                let block = current.get_or_insert_with(|| Block {
                    text: String::new(),
                    pieces: Vec::new(),
                    heading: false,
                });
                // Text unescaped by the parser may be shorter than its source; positions
                // then point near, not exactly at, the words.
                let start = if inline_code {
                    file_offset + 1
                } else {
                    file_offset
                };
                block.pieces.push((block.text.len(), start));
                block.text.push_str(&t);
            }
            Event::Html(t) | Event::InlineHtml(t) if raw_html && code == 0 => {
                let kept = render::raw_html::without_comments(&t, &mut in_comment);
                let text = render::raw_html::text_of(&kept);
                if block_line {
                    flush(&mut current, &mut blocks);
                }
                let block = current.get_or_insert_with(|| Block {
                    text: String::new(),
                    pieces: Vec::new(),
                    // Table cells and headings are not running prose.
                    heading: block_line && ["<t", "<h"].iter().any(|t| kept.contains(t)),
                });
                block.pieces.push((block.text.len(), file_offset));
                block.text.push_str(&text);
                if block_line {
                    flush(&mut current, &mut blocks);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(b) = &mut current {
                    b.pieces
                        .push((b.text.len(), source.body_offset + range.end));
                    b.text.push(' ');
                }
            }
            _ => {}
        }
    }
    flush(&mut current, &mut blocks);
    blocks
}

fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().filter(|w| is_word(w)).count()
}

/// Sentences of a block: (byte start, byte end) in its text. A sentence ends at `.`, `!` or
/// `?` followed by a space and a capital letter, digit or quote, or at the end of the block.
fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(_, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut j = k + 1;
        while j < chars.len() && matches!(chars[j].1, '"' | '\'' | '”' | '’' | ')') {
            j += 1;
        }
        if j >= chars.len() || !chars[j].1.is_whitespace() {
            continue;
        }
        let mut n = j;
        while n < chars.len() && chars[n].1.is_whitespace() {
            n += 1;
        }
        if n < chars.len()
            && (chars[n].1.is_uppercase()
                || chars[n].1.is_ascii_digit()
                || matches!(chars[n].1, '"' | '“' | '‘' | '\''))
        {
            let end = chars[j].0;
            if is_word(&text[start..end]) {
                out.push((start, end));
            }
            start = chars[n].0;
        }
    }
    if is_word(&text[start..]) {
        out.push((start, text.len()));
    }
    out
}

/// Sentences longer than the library's limit.
fn long_sentences(source: &Source, blocks: &[Block], limits: &CheckConfig) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for block in blocks.iter().filter(|b| !b.heading) {
        for (start, end) in sentences(&block.text) {
            let sentence = &block.text[start..end];
            let words = word_count(sentence);
            if words <= limits.sentence_max_words {
                continue;
            }
            let lead = sentence.len() - sentence.trim_start().len();
            let (line, column) = line_col(&source.text, block.file_offset(start + lead));
            out.push(
                Diagnostic::warning_at(
                    &source.path,
                    line,
                    column,
                    format!(
                        "this sentence has {words} words; the library's limit is {}",
                        limits.sentence_max_words
                    ),
                )
                .with_help(
                    "split it into shorter sentences: they are easier to read, and to translate",
                )
                .with_rule("sentence-length")
                .with_source(&source.text),
            );
        }
    }
    out
}

/// The languages a rule about prose is valid for, by primary code (`en` covers `en-GB`).
/// Reading ease is Flesch's formula, made for English: it counts English syllables, and scores
/// other languages wrongly (German prose lands far below zero). Sentence length counts the
/// words between spaces, so it holds for every language written with spaces between words.
pub(crate) fn prose_rule_applies(rule: &str, language: &str) -> bool {
    let primary = language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_lowercase();
    match rule {
        "reading-ease" => primary == "en",
        "sentence-length" => !WITHOUT_SPACES.contains(&primary.as_str()),
        _ => true,
    }
}

/// Languages written without spaces between words.
const WITHOUT_SPACES: &[&str] = &["zh", "ja", "th", "lo", "km", "my", "bo"];

/// The checks of running prose that hold for the page's `language`.
fn prose(
    source: &Source,
    blocks: &[Block],
    limits: &CheckConfig,
    language: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if prose_rule_applies("sentence-length", language) {
        out.extend(long_sentences(source, blocks, limits));
    }
    if prose_rule_applies("reading-ease", language) {
        out.extend(reading_ease(source, blocks, limits));
    }
    out
}

/// Syllables in an English word, estimated from its groups of vowels.
fn syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if w.is_empty() {
        return 1;
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut count = 0;
    let mut previous = false;
    for &c in &w {
        let v = vowel(c);
        if v && !previous {
            count += 1;
        }
        previous = v;
    }
    let n = w.len();
    if n > 2 && w[n - 1] == 'e' && w[n - 2] != 'l' && !vowel(w[n - 2]) && count > 1 {
        count -= 1;
    }
    count.max(1)
}

/// The Flesch reading-ease score of some prose: 206.835 − 1.015 × words per sentence −
/// 84.6 × syllables per word. `None` for fewer than 100 words, where it means little.
pub(crate) fn flesch(texts: &[&str]) -> Option<f64> {
    let mut sentence_count = 0usize;
    let mut word_total = 0usize;
    let mut syllable_total = 0usize;
    for text in texts {
        for (start, end) in sentences(text) {
            sentence_count += 1;
            for w in text[start..end].split_whitespace().filter(|w| is_word(w)) {
                word_total += 1;
                syllable_total += syllables(w);
            }
        }
    }
    if word_total < 100 || sentence_count == 0 {
        return None;
    }
    let words = word_total as f64;
    Some(206.835 - 1.015 * (words / sentence_count as f64) - 84.6 * (syllable_total as f64 / words))
}

/// A page whose prose scores below the library's reading-ease minimum.
fn reading_ease(source: &Source, blocks: &[Block], limits: &CheckConfig) -> Option<Diagnostic> {
    let texts: Vec<&str> = blocks
        .iter()
        .filter(|b| !b.heading)
        .map(|b| b.text.as_str())
        .collect();
    let score = flesch(&texts)?;
    if score >= limits.reading_ease_min {
        return None;
    }
    let offset = blocks.first().map(|b| b.file_offset(0)).unwrap_or(0);
    let (line, column) = line_col(&source.text, offset);
    Some(
        Diagnostic::warning_at(
            &source.path,
            line,
            column,
            format!(
                "this page is hard to read: its reading-ease score is {}, below the library's minimum of {}",
                shown_score(score),
                limits.reading_ease_min
            ),
        )
        .with_help("use shorter sentences and everyday words (the Flesch score runs from 0, very hard, to 100, very easy)")
        .with_rule("reading-ease")
        .with_source(&source.text),
    )
}

/// A reading-ease score as printed: rounded down to one decimal, so a score below the minimum
/// never prints as the minimum ("29.9, below the minimum of 30", not "30, below ... 30").
fn shown_score(score: f64) -> String {
    let down = (score * 10.0).floor() / 10.0;
    if down.fract() == 0.0 {
        format!("{down:.0}")
    } else {
        format!("{down:.1}")
    }
}

/// Headings written `# ...` (or underlined with `===`): every page's template shows its title
/// as the page's one top-level heading, so another is a second `<h1>`, which confuses screen
/// readers and search engines.
fn top_level_headings(source: &Source) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    for (event, range) in Parser::new_ext(source.body(), options).into_offset_iter() {
        if let Event::Start(Tag::Heading {
            level: pulldown_cmark::HeadingLevel::H1,
            ..
        }) = event
        {
            let (line, column) = line_col(&source.text, source.body_offset + range.start);
            out.push(
                Diagnostic::warning_at(
                    &source.path,
                    line,
                    column,
                    "this heading makes a second top-level heading (`<h1>`) on the page: the page's title is its first",
                )
                .with_rule("heading")
                .with_help("start the heading with `##` instead of `#` (and the ones under it with one `#` more)")
                .with_source(&source.text),
            );
        }
    }
    out
}

/// Abbreviations from the glossary used on a page where they are never written out.
fn unexplained_terms(source: &Source, blocks: &[Block], matcher: &Matcher) -> Vec<Diagnostic> {
    let page_text: String = blocks
        .iter()
        .map(|b| b.text.to_lowercase())
        .collect::<Vec<_>>()
        .join("\n");
    let mut reported = std::collections::HashSet::new();
    let mut out = Vec::new();
    for block in blocks {
        for found in matcher.find_all(&block.text) {
            let term = &matcher.terms[found.term];
            let Some(expansion) = &term.expansion else {
                continue;
            };
            if page_text.contains(&expansion.to_lowercase()) || !reported.insert(found.term) {
                continue;
            }
            let (line, column) = line_col(&source.text, block.file_offset(found.start));
            out.push(
                Diagnostic::warning_at(
                    &source.path,
                    line,
                    column,
                    format!("`{}` is not explained on this page", term.term),
                )
                .with_rule("unexplained-term")
                .with_span(found.end - found.start)
                .with_help(format!(
                    "write it out the first time it is used: \"{} ({})\"",
                    expansion, term.term
                ))
                .with_source(&source.text),
            );
        }
    }
    out
}

/// Images that do not exist (errors), and images without alt text or over the size budget.
fn images(
    library: &Library,
    theme: &Theme,
    source: &Source,
    page_url: &str,
    limits: &CheckConfig,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut image: Option<(String, usize, String)> = None;
    for (event, range) in Parser::new_ext(source.body(), Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((
                    dest_url.to_string(),
                    source.body_offset + range.start,
                    String::new(),
                ));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, alt)) = &mut image {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((dest, offset, alt)) = image.take() {
                    out.extend(check_image(
                        library,
                        theme,
                        source,
                        page_url,
                        limits,
                        &ImageRef {
                            dest: &dest,
                            offset,
                            alt: &alt,
                        },
                    ));
                }
            }
            _ => {}
        }
    }
    out
}

/// An image as written in Markdown.
struct ImageRef<'a> {
    dest: &'a str,
    /// File offset of the `!`.
    offset: usize,
    alt: &'a str,
}

fn check_image(
    library: &Library,
    theme: &Theme,
    source: &Source,
    page_url: &str,
    limits: &CheckConfig,
    image: &ImageRef<'_>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let (line, column) = line_col(&source.text, image.offset);
    let at = |d: Diagnostic| d.with_source(&source.text);
    if image.alt.trim().is_empty() {
        out.push(at(Diagnostic::warning_at(
            &source.path,
            line,
            column,
            "this image has no alt text",
        )
        .with_rule("image-alt")
        .with_span(2)
        .with_help("say what the image shows between the square brackets, e.g. ![Residents planting the community garden](@/case-studies/garden.jpg), for readers who cannot see it")));
    }
    let dest = image.dest.trim();
    let external = dest.contains("://") || dest.starts_with("//") || dest.contains(':');
    if external || dest.is_empty() {
        return out;
    }
    let path = dest.split(['#', '?']).next().unwrap_or(dest);
    let bytes = if let Some(content_path) = path.strip_prefix("@/") {
        // A missing `@/` target is already a broken-link error of the build.
        match asset(library, theme, content_path) {
            Some(bytes) => bytes,
            None => return out,
        }
    } else {
        // A missing image is a broken link: an error of the build (src/render/links.rs).
        let resolved = resolve_relative(page_url, path);
        match resolved.as_deref().and_then(|r| asset(library, theme, r)) {
            Some(bytes) => bytes,
            None => return out,
        }
    };
    let kb = bytes.div_ceil(1024) as u64;
    if kb > limits.image_max_kb {
        out.push(at(Diagnostic::warning_at(
            &source.path,
            line,
            column,
            format!(
                "the image `{dest}` is {kb} KB; the library's budget is {} KB",
                limits.image_max_kb
            ),
        )
        .with_rule("image-size")
        .with_span(2)
        .with_help("make it smaller: about 1600 pixels wide is plenty, saved as JPEG or WebP at medium quality")));
    }
    out
}

/// The size of a file of the output: a library asset or a theme file.
fn asset(library: &Library, theme: &Theme, output_path: &str) -> Option<usize> {
    library
        .assets
        .iter()
        .find(|a| a.output_path == output_path)
        .map(|a| a.bytes.len())
        .or_else(|| theme.assets.get(output_path).map(Vec::len))
}

/// `path` as seen from the page at `page_url`, as a path from the site root.
fn resolve_relative(page_url: &str, path: &str) -> Option<String> {
    match path.strip_prefix('/') {
        Some(absolute) => Some(absolute.to_string()),
        None => crate::url::resolve(page_url, path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins sentence splitting: abbreviations such as "e.g." do not end a sentence.
    #[test]
    fn splits_sentences() {
        let text = "We met in March. People came, e.g. parents and carers. Did it work? Yes.";
        let found: Vec<&str> = sentences(text).iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(
            found,
            [
                "We met in March.",
                "People came, e.g. parents and carers.",
                "Did it work?",
                "Yes."
            ]
        );
    }

    // Pins the syllable estimate on common words.
    #[test]
    fn counts_syllables() {
        assert_eq!(syllables("co-production"), 4);
        assert_eq!(syllables("people"), 2);
        assert_eq!(syllables("made"), 1);
        assert_eq!(syllables("community"), 4);
    }

    // Pins that plain prose scores higher than dense prose.
    #[test]
    fn flesch_prefers_plain_words() {
        let plain = "We met. We talked. We made a plan. ".repeat(15);
        let dense = "Organisational transformation necessitates comprehensive multidisciplinary collaboration. ".repeat(25);
        let (p, d) = (flesch(&[&plain]).unwrap(), flesch(&[&dense]).unwrap());
        assert!(p > 90.0 && d < 0.0, "{p} {d}");
        assert_eq!(flesch(&["Too short."]), None);
    }

    // Pins that a reading-ease score below the minimum never prints as the minimum: it is
    // rounded down to one decimal, whole numbers shown without one.
    #[test]
    fn scores_print_rounded_down() {
        assert_eq!(shown_score(29.96), "29.9");
        assert_eq!(shown_score(29.5), "29.5");
        assert_eq!(shown_score(12.0), "12");
        assert_eq!(shown_score(-36.04), "-36.1");
    }

    // Pins which languages the prose rules hold for: reading ease only English, sentence
    // length every language written with spaces.
    #[test]
    fn prose_rules_by_language() {
        assert!(prose_rule_applies("reading-ease", "en"));
        assert!(prose_rule_applies("reading-ease", "en-GB"));
        assert!(!prose_rule_applies("reading-ease", "de"));
        assert!(!prose_rule_applies("reading-ease", "cy"));
        assert!(prose_rule_applies("sentence-length", "cy"));
        assert!(prose_rule_applies("sentence-length", "ur"));
        assert!(!prose_rule_applies("sentence-length", "ja"));
        assert!(!prose_rule_applies("sentence-length", "zh-Hant"));
    }

    // Pins relative image paths resolved against the page's URL.
    #[test]
    fn relative_paths() {
        let page = "case-studies/a/index.html";
        assert_eq!(
            resolve_relative(page, "photo.jpg").as_deref(),
            Some("case-studies/a/photo.jpg")
        );
        assert_eq!(
            resolve_relative(page, "../photo.jpg").as_deref(),
            Some("case-studies/photo.jpg")
        );
        assert_eq!(resolve_relative(page, "../../../x.jpg"), None);
    }
}
