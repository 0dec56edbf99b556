//! Scoring and collating answers to a scoring form (`cairn collate`, and the same sums the
//! browser does on a form's collate page, `static/js/form.js`).
//!
//! An answer file is what a form page downloads: JSON
//! (`{form, version, answers, total, fields, comments}`, each answer a point's code, `"NA"` for
//! "not applicable", `null` for no answer) or CSV (columns [`CSV_COLUMNS`], one row per
//! statement, field and comment box, and one for the total). Everything here is a pure function
//! of the form and the files' text.
//!
//! Averages are shown to one decimal place, rounded half up in whole numbers of tenths, so the
//! browser (which does the same sums in JavaScript) prints the same figures.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::content::form::{Form, Scale};

/// The code an answer file uses for "not applicable".
pub const NOT_APPLICABLE: &str = "NA";

/// The columns of a CSV answer file.
pub const CSV_COLUMNS: [&str; 8] = [
    "form", "version", "kind", "id", "question", "code", "answer", "points",
];

/// Why an answer file cannot be collated. Each names the file, so the message can be shown as is.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CollateError {
    #[error("`{file}` is not valid JSON ({reason}); it was skipped")]
    BadJson { file: String, reason: String },
    #[error("`{file}` is not an answer file ({reason}); it was skipped")]
    NotAnswers { file: String, reason: String },
    #[error("`{file}` holds answers to another form (`{found}`, not `{expected}`); it was skipped")]
    OtherForm {
        file: String,
        found: String,
        expected: String,
    },
    #[error(
        "`{file}` was made with version {found} of this form, but the form is now version {expected}; it was skipped"
    )]
    OtherVersion {
        file: String,
        found: u32,
        expected: u32,
    },
    #[error("`{file}` answers `{item}`, which is not a statement of this form; it was skipped")]
    UnknownItem { file: String, item: String },
    #[error(
        "`{file}` answers `{item}` with `{code}`, which is not one of its answers ({allowed}); it was skipped"
    )]
    UnknownCode {
        file: String,
        item: String,
        code: String,
        allowed: String,
    },
    #[error("cannot read `{}`: {reason}", .path.display())]
    Read { path: PathBuf, reason: String },
}

/// One person's answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerFile {
    pub form: String,
    pub version: u32,
    /// Item id -> the code of the point chosen (`"NA"` for not applicable), or `null`.
    pub answers: BTreeMap<String, Option<String>>,
    #[serde(default)]
    pub total: Option<i64>,
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    #[serde(default)]
    pub comments: BTreeMap<String, String>,
}

/// A response ready to collate: the answers checked against the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// Where it came from (a file name, or "paper 3").
    pub name: String,
    /// Item id -> code; items not answered are absent.
    pub answers: BTreeMap<String, String>,
}

/// The points a scale gives a code; `None` for not applicable (or an unknown code).
fn points_of(scale: &Scale, code: &str) -> Option<i32> {
    scale
        .points
        .iter()
        .find(|p| p.code == code)
        .map(|p| p.points)
}

/// Totals of one response: the whole form, and each section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    pub total: i64,
    pub sections: Vec<i64>,
}

/// Adds up the points of the answers given (not applicable and unanswered score nothing).
pub fn score(form: &Form, answers: &BTreeMap<String, String>) -> Score {
    let sections: Vec<i64> = form
        .meta
        .sections
        .iter()
        .map(|section| {
            let Some(scale) = form.scale(&section.scale.value) else {
                return 0;
            };
            section
                .items
                .iter()
                .filter_map(|item| answers.get(&item.id.value))
                .filter_map(|code| points_of(scale, code))
                .map(i64::from)
                .sum()
        })
        .collect();
    Score {
        total: sections.iter().sum(),
        sections,
    }
}

/// Reads an answer file, JSON or CSV (told apart by its first character).
pub fn parse_answer_file(form: &Form, file: &str, text: &str) -> Result<Response, CollateError> {
    let text = text.trim_start_matches('\u{feff}');
    let data = if text.trim_start().starts_with('{') {
        serde_json::from_str::<AnswerFile>(text).map_err(|e| {
            if e.is_syntax() || e.is_eof() {
                CollateError::BadJson {
                    file: file.into(),
                    reason: e.to_string(),
                }
            } else {
                CollateError::NotAnswers {
                    file: file.into(),
                    reason: e.to_string(),
                }
            }
        })?
    } else {
        parse_csv_answers(file, text)?
    };
    check(form, file, data)
}

/// Checks an answer file against the form.
pub fn check(form: &Form, file: &str, data: AnswerFile) -> Result<Response, CollateError> {
    if data.form != form.slug {
        return Err(CollateError::OtherForm {
            file: file.into(),
            found: data.form,
            expected: form.slug.clone(),
        });
    }
    if data.version != form.meta.version {
        return Err(CollateError::OtherVersion {
            file: file.into(),
            found: data.version,
            expected: form.meta.version,
        });
    }
    let mut answers = BTreeMap::new();
    for (item, code) in data.answers {
        let Some((section, _)) = form.items().find(|(_, i)| i.id.value == item) else {
            return Err(CollateError::UnknownItem {
                file: file.into(),
                item,
            });
        };
        let Some(code) = code.filter(|c| !c.is_empty()) else {
            continue;
        };
        let scale = form.scale(&section.scale.value);
        let known = scale.is_some_and(|s| {
            points_of(s, &code).is_some() || (code == NOT_APPLICABLE && s.not_applicable.is_some())
        });
        if !known {
            let mut allowed: Vec<String> = scale
                .map(|s| s.points.iter().map(|p| p.code.clone()).collect())
                .unwrap_or_default();
            if scale.is_some_and(|s| s.not_applicable.is_some()) {
                allowed.push(NOT_APPLICABLE.into());
            }
            return Err(CollateError::UnknownCode {
                file: file.into(),
                item,
                code,
                allowed: allowed.join(", "),
            });
        }
        answers.insert(item, code);
    }
    Ok(Response {
        name: file.into(),
        answers,
    })
}

/// Splits CSV text into rows of fields (RFC 4180 quoting).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows.retain(|r| !(r.len() == 1 && r[0].is_empty()));
    rows
}

/// Quotes a CSV field when it needs it, with a `'` in front of one a spreadsheet would run as a
/// formula (src/spreadsheet.rs).
pub fn csv_field(s: &str) -> String {
    let s = crate::spreadsheet::defuse(s);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn parse_csv_answers(file: &str, text: &str) -> Result<AnswerFile, CollateError> {
    let not = |reason: &str| CollateError::NotAnswers {
        file: file.into(),
        reason: reason.into(),
    };
    let rows = parse_csv(text);
    let Some((header, rows)) = rows.split_first() else {
        return Err(not("it is empty"));
    };
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let (Some(form), Some(version), Some(kind), Some(id), Some(code), Some(answer)) = (
        col("form"),
        col("version"),
        col("kind"),
        col("id"),
        col("code"),
        col("answer"),
    ) else {
        return Err(not(
            "its first row must name the columns form, version, kind, id, code and answer",
        ));
    };
    let get = |row: &[String], i: usize| row.get(i).map(|s| answer_cell(s)).unwrap_or_default();
    let mut data = AnswerFile::default();
    for (n, row) in rows.iter().enumerate() {
        let this_form = get(row, form);
        let this_version = get(row, version);
        if n == 0 {
            data.form = this_form;
            data.version = this_version
                .parse()
                .map_err(|_| not("the version is not a whole number"))?;
        } else if this_form != data.form || this_version != data.version.to_string() {
            return Err(not("its rows are from more than one form"));
        }
        let id = get(row, id);
        match get(row, kind).as_str() {
            "item" => {
                let code = get(row, code);
                data.answers.insert(id, (!code.is_empty()).then_some(code));
            }
            "field" => {
                data.fields.insert(id, get(row, answer));
            }
            "comment" => {
                data.comments.insert(id, get(row, answer));
            }
            "total" => {}
            other => return Err(not(&format!("unknown kind of row `{other}`"))),
        }
    }
    if data.form.is_empty() {
        return Err(not("it has no rows of answers"));
    }
    Ok(data)
}

/// A cell of an answer file as the form page meant it: trimmed, and without the `'` the page
/// puts in front of a cell a spreadsheet would run as a formula (src/spreadsheet.rs).
fn answer_cell(cell: &str) -> String {
    crate::spreadsheet::restore(cell.trim()).to_string()
}

/// How one statement was answered across the responses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemSummary {
    pub id: String,
    pub text: String,
    /// Index of the item's section.
    pub section: usize,
    /// Count of each point of the scale, in the scale's order.
    pub counts: Vec<usize>,
    pub not_applicable: usize,
    pub unanswered: usize,
    /// Sum of the points of the scored answers.
    pub points: i64,
    /// Number of scored answers.
    pub scored: usize,
}

impl ItemSummary {
    /// Average points of the scored answers, in tenths; `None` without any.
    pub fn average_tenths(&self) -> Option<i64> {
        tenths(self.points, self.scored as i64)
    }
}

/// Every response summed up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collation {
    pub items: Vec<ItemSummary>,
    /// Each response's total, in the order given.
    pub totals: Vec<i64>,
}

impl Collation {
    pub fn responses(&self) -> usize {
        self.totals.len()
    }

    /// Average total in tenths; `None` without responses.
    pub fn average_total_tenths(&self) -> Option<i64> {
        tenths(self.totals.iter().sum(), self.totals.len() as i64)
    }

    pub fn lowest_total(&self) -> Option<i64> {
        self.totals.iter().copied().min()
    }

    pub fn highest_total(&self) -> Option<i64> {
        self.totals.iter().copied().max()
    }
}

/// Counts and sums the responses, statement by statement.
pub fn collate(form: &Form, responses: &[Response]) -> Collation {
    let items = form
        .meta
        .sections
        .iter()
        .enumerate()
        .flat_map(|(s, section)| section.items.iter().map(move |item| (s, section, item)))
        .map(|(s, section, item)| {
            let scale = form.scale(&section.scale.value);
            let points = scale.map(|sc| &sc.points[..]).unwrap_or(&[]);
            let mut summary = ItemSummary {
                id: item.id.value.clone(),
                text: item.text.clone(),
                section: s,
                counts: vec![0; points.len()],
                not_applicable: 0,
                unanswered: 0,
                points: 0,
                scored: 0,
            };
            for r in responses {
                match r.answers.get(&item.id.value) {
                    None => summary.unanswered += 1,
                    Some(code) => match points.iter().position(|p| &p.code == code) {
                        Some(i) => {
                            summary.counts[i] += 1;
                            summary.points += i64::from(points[i].points);
                            summary.scored += 1;
                        }
                        None => summary.not_applicable += 1,
                    },
                }
            }
            summary
        })
        .collect();
    Collation {
        items,
        totals: responses
            .iter()
            .map(|r| score(form, &r.answers).total)
            .collect(),
    }
}

/// `sum / n` in tenths, rounded half up: floor((20·sum + n) / 2n).
pub fn tenths(sum: i64, n: i64) -> Option<i64> {
    (n > 0).then(|| (20 * sum + n).div_euclid(2 * n))
}

/// Tenths as a decimal with one place: 140 -> "14.0", -5 -> "-0.5".
pub fn format_tenths(t: i64) -> String {
    let sign = if t < 0 { "-" } else { "" };
    format!("{sign}{}.{}", t.abs() / 10, t.abs() % 10)
}

fn average(t: Option<i64>) -> String {
    t.map(format_tenths).unwrap_or_else(|| "–".into())
}

/// The collated table as Markdown: one table per section, then the totals.
pub fn markdown(form: &Form, c: &Collation) -> String {
    let mut out = format!(
        "# {}: {} response{}\n",
        form.meta.title,
        c.responses(),
        if c.responses() == 1 { "" } else { "s" }
    );
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    for (s, section) in form.meta.sections.iter().enumerate() {
        let Some(scale) = form.scale(&section.scale.value) else {
            continue;
        };
        out.push('\n');
        if let Some(title) = &section.title {
            out.push_str(&format!("## {}\n\n", cell(title)));
        }
        let mut head = vec!["Statement".to_string()];
        head.extend(
            scale
                .points
                .iter()
                .map(|p| format!("{} ({}, {})", cell(&p.label), cell(&p.code), p.points)),
        );
        if let Some(na) = &scale.not_applicable {
            head.push(cell(na));
        }
        head.push("No answer".into());
        head.push("Average points".into());
        out.push_str(&format!("| {} |\n", head.join(" | ")));
        out.push_str(&format!("|{}\n", " --- |".repeat(head.len())));
        for item in c.items.iter().filter(|i| i.section == s) {
            let mut row = vec![cell(&item.text)];
            row.extend(item.counts.iter().map(usize::to_string));
            if scale.not_applicable.is_some() {
                row.push(item.not_applicable.to_string());
            }
            row.push(item.unanswered.to_string());
            row.push(average(item.average_tenths()));
            out.push_str(&format!("| {} |\n", row.join(" | ")));
        }
    }
    let (lo, hi) = form.total_range();
    out.push_str(&format!("\nResponses: {}\n", c.responses()));
    out.push_str(&format!(
        "Average total: {} (possible totals {lo}–{hi})\n",
        average(c.average_total_tenths())
    ));
    if let (Some(low), Some(high)) = (c.lowest_total(), c.highest_total()) {
        out.push_str(&format!("Range of totals: {low} to {high}\n"));
    }
    out
}

/// The columns of the collated CSV: fixed ones, then one per answer code of the form.
pub fn csv_header(form: &Form) -> Vec<String> {
    let mut head: Vec<String> = [
        "id",
        "statement",
        "responses",
        "average",
        "lowest",
        "highest",
    ]
    .map(String::from)
    .to_vec();
    head.extend(answer_codes(form));
    head.push("no_answer".into());
    head
}

/// Every answer code of the form's scales, in order of first appearance, then `NA` if used.
fn answer_codes(form: &Form) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for scale in &form.meta.scales {
        for p in &scale.points {
            if !codes.contains(&p.code) {
                codes.push(p.code.clone());
            }
        }
    }
    if form.meta.scales.iter().any(|s| s.not_applicable.is_some()) {
        codes.push(NOT_APPLICABLE.into());
    }
    codes
}

/// The collated table as CSV: a row per statement (responses = scored answers), then a `total`
/// row (responses = number of responses, lowest and highest totals).
pub fn csv(form: &Form, c: &Collation) -> String {
    let codes = answer_codes(form);
    let mut out = csv_header(form)
        .iter()
        .map(|h| csv_field(h))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    for item in &c.items {
        let section = &form.meta.sections[item.section];
        let scale = form.scale(&section.scale.value);
        let points = scale.map(|s| &s.points[..]).unwrap_or(&[]);
        let scored: Vec<i32> = points
            .iter()
            .zip(&item.counts)
            .filter(|(_, n)| **n > 0)
            .map(|(p, _)| p.points)
            .collect();
        let mut row = vec![
            csv_field(&item.id),
            csv_field(&item.text),
            item.scored.to_string(),
            item.average_tenths().map(format_tenths).unwrap_or_default(),
            scored.iter().min().map(i32::to_string).unwrap_or_default(),
            scored.iter().max().map(i32::to_string).unwrap_or_default(),
        ];
        for code in &codes {
            let count =
                if code == NOT_APPLICABLE && scale.is_some_and(|s| s.not_applicable.is_some()) {
                    Some(item.not_applicable)
                } else {
                    points
                        .iter()
                        .position(|p| &p.code == code)
                        .map(|i| item.counts[i])
                };
            row.push(count.map(|n| n.to_string()).unwrap_or_default());
        }
        row.push(item.unanswered.to_string());
        out.push_str(&row.join(","));
        out.push('\n');
    }
    let mut total = vec![
        "total".to_string(),
        "Total".to_string(),
        c.responses().to_string(),
        c.average_total_tenths()
            .map(format_tenths)
            .unwrap_or_default(),
        c.lowest_total().map(|n| n.to_string()).unwrap_or_default(),
        c.highest_total().map(|n| n.to_string()).unwrap_or_default(),
    ];
    total.extend(codes.iter().map(|_| String::new()));
    total.push(String::new());
    out.push_str(&total.join(","));
    out.push('\n');
    out
}

/// How `cairn collate` prints the collated table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Markdown,
    Csv,
}

/// What `cairn collate` is asked to do.
#[derive(Debug, Clone)]
pub struct CollateOptions {
    /// A form's slug (`assessing-progress`) or the path of its file.
    pub form: String,
    /// The answer files, JSON or CSV.
    pub files: Vec<PathBuf>,
    /// The library folder; default: the current folder, or for a form given by path, the
    /// nearest folder above it holding `site.toml`.
    pub root: Option<PathBuf>,
    pub format: Format,
}

/// What `cairn collate` found.
#[derive(Debug)]
pub struct CollateReport {
    /// The collated table, ready to print.
    pub table: String,
    /// Number of responses collated.
    pub responses: usize,
    /// The files that were skipped, and why.
    pub skipped: Vec<CollateError>,
}

/// Loads the library, finds the form, reads every answer file (skipping, with a reason, any
/// that is not for this form) and collates the rest.
pub fn run(options: &CollateOptions) -> Result<CollateReport, crate::Error> {
    use crate::Error;
    let as_path = std::path::Path::new(&options.form);
    let by_path = as_path.extension().is_some_and(|e| e == "md") || as_path.is_file();
    let root = match (&options.root, by_path) {
        (Some(root), _) => root.clone(),
        (None, true) => as_path
            .canonicalize()
            .ok()
            .and_then(|p| {
                p.ancestors()
                    .skip(1)
                    .find(|d| d.join("site.toml").is_file())
                    .map(std::path::Path::to_path_buf)
            })
            .unwrap_or_else(|| PathBuf::from(".")),
        (None, false) => PathBuf::from("."),
    };
    let slug = if by_path {
        crate::content::slugify(&as_path.file_stem().unwrap_or_default().to_string_lossy())
    } else {
        options.form.clone()
    };
    let library = crate::content::Library::load(
        &root,
        &crate::content::library::LoadOptions { drafts: false },
    )?;
    let Some(form) = library.forms.iter().find(|f| f.slug == slug) else {
        let own = format!("content/forms/{slug}.md");
        let broken: Vec<_> = library
            .errors
            .iter()
            .filter(|d| crate::diagnostic::display_path(&d.path) == own)
            .cloned()
            .collect();
        if !broken.is_empty() {
            return Err(Error::Content(broken));
        }
        let known: Vec<&str> = library.forms.iter().map(|f| f.slug.as_str()).collect();
        let hint = match crate::diagnostic::closest(&slug, known.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if known.is_empty() => "the library has no forms".into(),
            None => format!("the forms are: {}", known.join(", ")),
        };
        return Err(Error::Usage(format!(
            "there is no form `{slug}` in {}; {hint}",
            crate::diagnostic::display_path(&root.join("content/forms"))
        )));
    };
    let problems: Vec<_> = form
        .validate()
        .into_iter()
        .chain(
            library
                .errors
                .iter()
                .filter(|d| d.path == form.source.path)
                .cloned(),
        )
        .filter(crate::Diagnostic::is_error)
        .collect();
    if !problems.is_empty() {
        return Err(Error::Content(problems));
    }
    let mut responses = Vec::new();
    let mut skipped = Vec::new();
    for path in &options.files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let read = read_answer_bytes(path)
            .map_err(|reason| CollateError::Read {
                path: path.clone(),
                reason,
            })
            .and_then(|bytes| {
                String::from_utf8(bytes).map_err(|_| CollateError::NotAnswers {
                    file: name.clone(),
                    reason: "it is not text".into(),
                })
            })
            .and_then(|text| parse_answer_file(form, &name, &text));
        match read {
            Ok(r) => responses.push(r),
            Err(e) => skipped.push(e),
        }
    }
    let c = collate(form, &responses);
    Ok(CollateReport {
        table: match options.format {
            Format::Markdown => markdown(form, &c),
            Format::Csv => csv(form, &c),
        },
        responses: responses.len(),
        skipped,
    })
}

/// Largest answer file `collate` reads. One person's answers to the largest form allowed
/// (src/content/form.rs) take a few hundred kilobytes.
pub const MAX_ANSWER_BYTES: u64 = 10_000_000;

/// The bytes of the answer file at `path`: a plain file (never a device, a pipe or a folder,
/// which could block or never end), of at most [`MAX_ANSWER_BYTES`]. The reason when not.
fn read_answer_bytes(path: &std::path::Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("it is not a plain file".into());
    }
    let too_big = || {
        format!(
            "it is over {} MB, far larger than any answer file",
            MAX_ANSWER_BYTES / 1_000_000
        )
    };
    if meta.len() > MAX_ANSWER_BYTES {
        return Err(too_big());
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_ANSWER_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_ANSWER_BYTES {
        return Err(too_big());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Source;
    use crate::content::form::FormMeta;
    use crate::content::front_matter;

    const FORM: &str = r#"
title: "Three questions"
version: 2
scales:
  - id: ynn
    points:
      - { label: "Yes", code: "Y", points: 3 }
      - { label: "Needs improvement", code: "NI", points: 2 }
      - { label: "No", code: "N", points: 1 }
    not_applicable: "Does not apply"
  - id: ten
    points:
      - { label: "Low", code: "1", points: 1 }
      - { label: "High", code: "10", points: 10 }
sections:
  - scale: ynn
    items:
      - { id: a, text: "A, with a comma" }
      - { id: b, text: "B" }
  - scale: ten
    items:
      - { id: c, text: "C" }
"#;

    fn form() -> Form {
        let text = format!("---{FORM}---\n");
        let path = std::path::Path::new("content/forms/three.md");
        let parts = front_matter::split(path, &text).expect("front matter");
        let (meta, problems): (FormMeta, _) =
            front_matter::parse(path, &text, &parts, "form").expect("test form parses");
        assert!(problems.is_empty());
        Form {
            slug: "three".into(),
            meta,
            source: Source {
                path: path.into(),
                body_offset: text.len(),
                text,
            },
        }
    }

    fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn response(pairs: &[(&str, &str)]) -> Response {
        Response {
            name: "r".into(),
            answers: answers(pairs),
        }
    }

    // Pins scoring: points add up per section and in total; NA and no answer score nothing.
    #[test]
    fn scores_sections_and_total() {
        let s = score(&form(), &answers(&[("a", "Y"), ("b", "NA"), ("c", "10")]));
        assert_eq!(s.sections, vec![3, 10]);
        assert_eq!(s.total, 13);
        assert_eq!(score(&form(), &answers(&[])).total, 0);
    }

    // Pins collation: counts per point, NA and unanswered, averages over scored answers only.
    #[test]
    fn collates_counts_and_averages() {
        let c = collate(
            &form(),
            &[
                response(&[("a", "Y"), ("b", "N"), ("c", "1")]),
                response(&[("a", "NI"), ("b", "NA")]),
                response(&[("a", "NI"), ("c", "10")]),
            ],
        );
        assert_eq!(c.items[0].counts, vec![1, 2, 0]);
        assert_eq!(c.items[0].average_tenths(), Some(23)); // 7/3 = 2.33
        assert_eq!(c.items[1].not_applicable, 1);
        assert_eq!(c.items[1].unanswered, 1);
        assert_eq!(c.items[1].average_tenths(), Some(10));
        assert_eq!(c.totals, vec![5, 2, 12]);
        assert_eq!(c.average_total_tenths(), Some(63)); // 19/3 = 6.33
        assert_eq!((c.lowest_total(), c.highest_total()), (Some(2), Some(12)));
    }

    // Pins rounding: half up in tenths, so the browser's sums print the same.
    #[test]
    fn tenths_round_half_up() {
        assert_eq!(tenths(9, 4), Some(23)); // 2.25
        assert_eq!(tenths(7, 3), Some(23));
        assert_eq!(tenths(-9, 4), Some(-22)); // -2.25 -> -2.2 (half up)
        assert_eq!(tenths(1, 0), None);
        assert_eq!(format_tenths(140), "14.0");
        assert_eq!(format_tenths(-5), "-0.5");
    }

    // Pins JSON answer files: accepted, and each wrong kind of file refused with its own error.
    #[test]
    fn reads_and_refuses_json() {
        let f = form();
        let ok = r#"{"form":"three","version":2,"answers":{"a":"Y","b":null,"c":"10"},"total":13,"fields":{},"comments":{}}"#;
        assert_eq!(
            parse_answer_file(&f, "x.json", ok).unwrap().answers,
            answers(&[("a", "Y"), ("c", "10")])
        );
        let err = |text: &str| parse_answer_file(&f, "x.json", text).unwrap_err();
        assert!(matches!(err("{not json"), CollateError::BadJson { .. }));
        assert!(matches!(
            err(r#"{"hello": 1}"#),
            CollateError::NotAnswers { .. }
        ));
        assert!(matches!(
            err(r#"{"form":"other","version":2,"answers":{}}"#),
            CollateError::OtherForm { .. }
        ));
        assert!(matches!(
            err(r#"{"form":"three","version":1,"answers":{}}"#),
            CollateError::OtherVersion { .. }
        ));
        assert!(matches!(
            err(r#"{"form":"three","version":2,"answers":{"z":"Y"}}"#),
            CollateError::UnknownItem { .. }
        ));
        assert_eq!(
            err(r#"{"form":"three","version":2,"answers":{"c":"NA"}}"#).to_string(),
            "`x.json` answers `c` with `NA`, which is not one of its answers (1, 10); it was skipped"
        );
    }

    // Pins CSV answer files, quoting included.
    #[test]
    fn reads_csv_answers() {
        let text = "form,version,kind,id,question,code,answer,points\nthree,2,item,a,\"A, with a comma\",Y,Yes,3\nthree,2,item,b,B,,,\nthree,2,field,when,\"Date\",,\"1 May, 2024\",\nthree,2,total,total,Total,,,3\n";
        let r = parse_answer_file(&form(), "x.csv", text).unwrap();
        assert_eq!(r.answers, answers(&[("a", "Y")]));
        assert!(matches!(
            parse_answer_file(&form(), "x.csv", "just,some\ncells,here\n").unwrap_err(),
            CollateError::NotAnswers { .. }
        ));
        assert_eq!(
            parse_csv("a,\"b \"\"q\"\", c\"\r\n\nd\n"),
            vec![vec!["a", "b \"q\", c"], vec!["d"]]
        );
    }

    // Pins the Markdown and CSV tables' figures.
    #[test]
    fn tables_show_the_figures() {
        let f = form();
        let c = collate(
            &f,
            &[
                response(&[("a", "Y"), ("b", "Y"), ("c", "10")]),
                response(&[("a", "N"), ("b", "NA"), ("c", "1")]),
            ],
        );
        let md = markdown(&f, &c);
        assert!(
            md.contains("| A, with a comma | 1 | 0 | 1 | 0 | 0 | 2.0 |"),
            "{md}"
        );
        assert!(
            md.contains("Average total: 9.0 (possible totals 3–16)"),
            "{md}"
        );
        assert!(md.contains("Range of totals: 2 to 16"), "{md}");
        let csv = csv(&f, &c);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "id,statement,responses,average,lowest,highest,Y,NI,N,1,10,NA,no_answer"
        );
        assert_eq!(lines[1], "a,\"A, with a comma\",2,2.0,1,3,1,0,1,,,0,0");
        assert_eq!(lines[3], "c,C,2,5.5,1,10,,,,1,1,,0");
        assert_eq!(lines[4], "total,Total,2,9.0,2,16,,,,,,,");
    }
}
