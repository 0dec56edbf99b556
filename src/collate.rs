//! Scoring and collating answers to a scoring form (`cairn collate`, and the same sums the
//! browser does on a form's collate page, `static/js/collate.js`).
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
pub(crate) const NOT_APPLICABLE: &str = "NA";

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
    #[error("`{}` was given twice; it was counted once", .path.display())]
    GivenTwice { path: PathBuf },
}

/// The error for a file already given (the same file, however its path is written).
fn given_twice(
    seen: &mut std::collections::HashSet<PathBuf>,
    path: &std::path::Path,
) -> Option<CollateError> {
    let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    (!seen.insert(key)).then(|| CollateError::GivenTwice {
        path: path.to_path_buf(),
    })
}

/// One person's answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct AnswerFile {
    pub(crate) form: String,
    pub(crate) version: u32,
    /// Item id -> the code of the point chosen (`"NA"` for not applicable), or `null`.
    pub(crate) answers: BTreeMap<String, Option<String>>,
    #[serde(default)]
    pub(crate) total: Option<i64>,
    #[serde(default)]
    pub(crate) fields: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) comments: BTreeMap<String, String>,
}

/// A response ready to collate: the answers checked against the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Response {
    /// Where it came from (a file name, or "paper 3").
    pub name: String,
    /// Item id -> code; items not answered are absent.
    pub answers: BTreeMap<String, String>,
    /// Field id -> value, as written (the form's fields only are shown).
    pub fields: BTreeMap<String, String>,
    /// Comment box id -> text.
    pub comments: BTreeMap<String, String>,
    /// The total the file says it has, if it says one.
    pub stored_total: Option<i64>,
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
pub(crate) fn check(form: &Form, file: &str, data: AnswerFile) -> Result<Response, CollateError> {
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
        fields: data.fields,
        comments: data.comments,
        stored_total: data.total,
    })
}

/// Splits CSV text into rows of fields (RFC 4180 quoting).
pub(crate) fn parse_csv(text: &str) -> Vec<Vec<String>> {
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
pub(crate) fn csv_field(s: &str) -> String {
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
    let points = col("points");
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
            "total" => data.total = points.and_then(|p| get(row, p).parse().ok()),
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
pub(crate) struct ItemSummary {
    pub(crate) id: String,
    pub(crate) text: String,
    /// Index of the item's section.
    pub(crate) section: usize,
    /// Count of each point of the scale, in the scale's order.
    pub(crate) counts: Vec<usize>,
    pub(crate) not_applicable: usize,
    pub(crate) unanswered: usize,
    /// Sum of the points of the scored answers.
    pub(crate) points: i64,
    /// Number of scored answers.
    pub(crate) scored: usize,
}

impl ItemSummary {
    /// Average points of the scored answers, in tenths; `None` without any.
    pub(crate) fn average_tenths(&self) -> Option<i64> {
        tenths(self.points, self.scored as i64)
    }
}

/// Every response summed up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collation {
    pub(crate) items: Vec<ItemSummary>,
    /// The totals of the complete responses, in the order given: a statement left unanswered
    /// would count as 0, so a partial response's total is left out of the average, the range
    /// and the bands.
    pub(crate) totals: Vec<i64>,
    /// Each response, in the order given: its total, band, fields and comments.
    pub(crate) responses: Vec<ResponseSummary>,
    /// What the minute-taker should check: copies, partial responses, wrong totals.
    pub(crate) flags: Vec<Flag>,
}

impl Collation {
    pub(crate) fn responses(&self) -> usize {
        self.responses.len()
    }

    /// How many responses answer every statement.
    pub(crate) fn complete(&self) -> usize {
        self.totals.len()
    }

    /// Average total in tenths; `None` without responses.
    pub(crate) fn average_total_tenths(&self) -> Option<i64> {
        tenths(self.totals.iter().sum(), self.totals.len() as i64)
    }

    pub(crate) fn lowest_total(&self) -> Option<i64> {
        self.totals.iter().copied().min()
    }

    pub(crate) fn highest_total(&self) -> Option<i64> {
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
    let summaries = summarise(form, responses);
    Collation {
        items,
        totals: summaries
            .iter()
            .filter(|r| r.complete)
            .map(|r| r.total)
            .collect(),
        flags: flags(form, responses, &summaries),
        responses: summaries,
    }
}

/// `sum / n` in tenths, rounded half up: floor((20·sum + n) / 2n).
pub(crate) fn tenths(sum: i64, n: i64) -> Option<i64> {
    (n > 0).then(|| (20 * sum + n).div_euclid(2 * n))
}

/// Tenths as a decimal with one place: 140 -> "14.0", -5 -> "-0.5".
pub(crate) fn format_tenths(t: i64) -> String {
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
    if c.complete() < c.responses() {
        out.push_str(&format!(
            "Complete responses: {} (only these count in the average, the range and the bands)\n",
            c.complete()
        ));
    }
    out.push_str(&format!(
        "Average total: {} (possible totals {lo}–{hi})\n",
        average(c.average_total_tenths())
    ));
    if let (Some(low), Some(high)) = (c.lowest_total(), c.highest_total()) {
        out.push_str(&format!("Range of totals: {low} to {high}\n"));
    }
    out.push_str(&markdown_meeting(form, c));
    out
}

/// The columns of the collated CSV: fixed ones, then one per answer code of the form.
pub(crate) fn csv_header(form: &Form) -> Vec<String> {
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
        c.complete().to_string(),
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
    out.push_str(&csv_meeting(form, c, codes.len()));
    out
}

/// One response as the minute-taker sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResponseSummary {
    pub(crate) name: String,
    /// The points of its answers.
    pub(crate) total: i64,
    /// Statements it answers ("not applicable" is an answer).
    pub(crate) answered: usize,
    /// It answers every statement, so its total counts.
    pub(crate) complete: bool,
    /// The band its total falls in, when complete.
    pub(crate) band: Option<String>,
    pub(crate) fields: BTreeMap<String, String>,
    pub(crate) comments: BTreeMap<String, String>,
}

/// Something the minute-taker should check, naming the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Flag {
    /// The same answers, fields and comments as an earlier response: perhaps one file twice.
    Copy { file: String, of: String },
    /// Not every statement answered: the total is left out.
    Partial {
        file: String,
        answered: usize,
        statements: usize,
        /// Numbers (from 1) of the statements not answered.
        missing: Vec<usize>,
    },
    /// The total stored in the file is not what its answers add up to.
    WrongTotal {
        file: String,
        stored: i64,
        computed: i64,
    },
}

impl Flag {
    /// The file the flag is about.
    pub(crate) fn file(&self) -> &str {
        match self {
            Flag::Copy { file, .. }
            | Flag::Partial { file, .. }
            | Flag::WrongTotal { file, .. } => file,
        }
    }

    /// A sentence for the collated Markdown and the collate page.
    pub(crate) fn sentence(&self) -> String {
        match self {
            Flag::Copy { file, of } => format!(
                "`{file}` has the same answers, fields and comments as `{of}`: if it is a copy of the same response, collate again without it"
            ),
            Flag::Partial {
                file,
                answered,
                statements,
                missing,
            } => {
                let numbers: Vec<String> = missing.iter().map(usize::to_string).collect();
                let which = match numbers.as_slice() {
                    [one] => format!("statement {one}"),
                    [init @ .., last] => format!("statements {} and {last}", init.join(", ")),
                    [] => String::new(),
                };
                format!(
                    "`{file}` answers {answered} of {statements} statements (not {which}): its answers are counted, but its total is left out of the average, the range and the bands"
                )
            }
            Flag::WrongTotal {
                file,
                stored,
                computed,
            } => format!(
                "`{file}` says its total is {stored}, but its answers add up to {computed}: the table uses {computed}"
            ),
        }
    }

    /// A few words for the flags column of the collated CSV.
    pub(crate) fn short(&self) -> String {
        match self {
            Flag::Copy { of, .. } => format!("same as {of}"),
            Flag::Partial {
                answered,
                statements,
                ..
            } => format!("answers {answered} of {statements} statements"),
            Flag::WrongTotal {
                stored, computed, ..
            } => format!("stored total {stored}; answers add up to {computed}"),
        }
    }
}

/// Each response's total, completeness, band, fields and comments.
pub(crate) fn summarise(form: &Form, responses: &[Response]) -> Vec<ResponseSummary> {
    let statements = form.items().count();
    responses
        .iter()
        .map(|r| {
            let total = score(form, &r.answers).total;
            let answered = form
                .items()
                .filter(|(_, item)| r.answers.contains_key(&item.id.value))
                .count();
            let complete = answered == statements;
            let band = complete
                .then(|| i32::try_from(total).ok().and_then(|t| form.band(t)))
                .flatten()
                .map(|b| b.label.clone());
            ResponseSummary {
                name: r.name.clone(),
                total,
                answered,
                complete,
                band,
                fields: r.fields.clone(),
                comments: r.comments.clone(),
            }
        })
        .collect()
}

/// Copies, partial responses and wrong stored totals, in the order of the responses.
pub(crate) fn flags(
    form: &Form,
    responses: &[Response],
    summaries: &[ResponseSummary],
) -> Vec<Flag> {
    let statements = form.items().count();
    let mut out = Vec::new();
    for (i, (r, s)) in responses.iter().zip(summaries).enumerate() {
        let same = |earlier: &Response| {
            earlier.answers == r.answers
                && non_empty(&earlier.fields) == non_empty(&r.fields)
                && non_empty(&earlier.comments) == non_empty(&r.comments)
        };
        if let Some(first) = responses[..i].iter().find(|e| same(e)) {
            out.push(Flag::Copy {
                file: r.name.clone(),
                of: first.name.clone(),
            });
        }
        if !s.complete {
            out.push(Flag::Partial {
                file: r.name.clone(),
                answered: s.answered,
                statements,
                missing: form
                    .items()
                    .enumerate()
                    .filter(|(_, (_, item))| !r.answers.contains_key(&item.id.value))
                    .map(|(n, _)| n + 1)
                    .collect(),
            });
        }
        if let Some(stored) = r.stored_total
            && stored != s.total
        {
            out.push(Flag::WrongTotal {
                file: r.name.clone(),
                stored,
                computed: s.total,
            });
        }
    }
    out
}

/// The entries with something written in them.
fn non_empty(map: &BTreeMap<String, String>) -> BTreeMap<&str, &str> {
    map.iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k.as_str(), v.trim()))
        .collect()
}

/// How many complete responses fall in each band of the form, in its order, and how many in
/// none (when the form has bands).
pub(crate) fn band_counts(form: &Form, c: &Collation) -> (Vec<usize>, usize) {
    let bands = &form.meta.bands;
    let mut counts = vec![0; bands.len()];
    let mut outside = 0;
    for &total in &c.totals {
        match bands
            .iter()
            .position(|b| i64::from(b.min) <= total && total <= i64::from(b.max))
        {
            Some(i) => counts[i] += 1,
            None => outside += 1,
        }
    }
    (counts, outside)
}

/// The collated Markdown's sections for the meeting: bands, what to check, each response
/// with its fields, and every comment.
fn markdown_meeting(form: &Form, c: &Collation) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace(['\n', '\r'], " ");
    let mut out = String::new();
    if !form.meta.bands.is_empty() {
        let (counts, outside) = band_counts(form, c);
        out.push_str("\n## Bands\n\n| Band | Totals | Responses |\n| --- | --- | --- |\n");
        for (band, n) in form.meta.bands.iter().zip(counts) {
            out.push_str(&format!(
                "| {} | {}–{} | {n} |\n",
                cell(&band.label),
                band.min,
                band.max
            ));
        }
        if outside > 0 {
            out.push_str(&format!("| No band | | {outside} |\n"));
        }
    }
    if !c.flags.is_empty() {
        out.push_str("\n## Check these\n\n");
        for flag in &c.flags {
            out.push_str(&format!("- {}\n", flag.sentence()));
        }
    }
    if c.responses.is_empty() {
        return out;
    }
    out.push_str("\n## Responses\n\n| Response | Total | Band |");
    for field in &form.meta.fields {
        out.push_str(&format!(" {} |", cell(&field.label)));
    }
    out.push_str(&format!(
        "\n|{}\n",
        " --- |".repeat(3 + form.meta.fields.len())
    ));
    for r in &c.responses {
        let total = if r.complete {
            r.total.to_string()
        } else {
            format!("{} (partial)", r.total)
        };
        out.push_str(&format!(
            "| {} | {total} | {} |",
            cell(&r.name),
            cell(r.band.as_deref().unwrap_or("–"))
        ));
        for field in &form.meta.fields {
            let value = r.fields.get(&field.id.value).map_or("", |v| v.trim());
            out.push_str(&format!(" {} |", cell(value)));
        }
        out.push('\n');
    }
    for comment in &form.meta.comments {
        out.push_str(&format!("\n## {}\n\n", cell(&comment.label)));
        let written: Vec<(&str, &str)> = c
            .responses
            .iter()
            .filter_map(|r| {
                let text = r.comments.get(&comment.id.value)?.trim();
                (!text.is_empty()).then_some((r.name.as_str(), text))
            })
            .collect();
        if written.is_empty() {
            out.push_str("No comments.\n");
        }
        for (name, text) in written {
            out.push_str(&format!(
                "- {}: {}\n",
                cell(name),
                text.replace("\r\n", "\n").replace('\n', "\n  ")
            ));
        }
    }
    out
}

/// The collated CSV's rows for the meeting: a row per band (complete responses in it), then,
/// after a blank line, a row per response with its total, band, flags, fields and comments.
/// `codes` is the number of answer-code columns of the statement table.
fn csv_meeting(form: &Form, c: &Collation, codes: usize) -> String {
    let mut out = String::new();
    let empty = ",".repeat(codes + 4);
    if !form.meta.bands.is_empty() {
        let (counts, outside) = band_counts(form, c);
        for (band, n) in form.meta.bands.iter().zip(counts) {
            let name = format!("{} ({}–{})", band.label, band.min, band.max);
            out.push_str(&format!("band,{},{n}{empty}\n", csv_field(&name)));
        }
        if outside > 0 {
            out.push_str(&format!("band,No band,{outside}{empty}\n"));
        }
    }
    let mut head: Vec<String> = ["response", "total", "complete", "band", "flags"]
        .map(String::from)
        .to_vec();
    head.extend(form.meta.fields.iter().map(|f| csv_field(&f.label)));
    head.extend(form.meta.comments.iter().map(|b| csv_field(&b.label)));
    out.push('\n');
    out.push_str(&head.join(","));
    out.push('\n');
    for r in &c.responses {
        let flags: Vec<String> = c
            .flags
            .iter()
            .filter(|f| f.file() == r.name)
            .map(Flag::short)
            .collect();
        let mut row = vec![
            csv_field(&r.name),
            r.total.to_string(),
            if r.complete { "yes" } else { "no" }.to_string(),
            csv_field(r.band.as_deref().unwrap_or("")),
            csv_field(&flags.join("; ")),
        ];
        for field in &form.meta.fields {
            row.push(csv_field(
                r.fields.get(&field.id.value).map_or("", |v| v.trim()),
            ));
        }
        for comment in &form.meta.comments {
            row.push(csv_field(
                r.comments.get(&comment.id.value).map_or("", |v| v.trim()),
            ));
        }
        out.push_str(&row.join(","));
        out.push('\n');
    }
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
        crate::text::slugify(&as_path.file_stem().unwrap_or_default().to_string_lossy())
    } else {
        options.form.clone()
    };
    let library =
        crate::content::Library::load(&root, &crate::content::library::LoadOptions::default())?;
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
    let mut seen = std::collections::HashSet::new();
    for path in &options.files {
        if let Some(repeat) = given_twice(&mut seen, path) {
            skipped.push(repeat);
            continue;
        }
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
            ..Response::default()
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
        // Only the first answers every statement: the others' totals (2 and 12) would count
        // their missing answers as 0, so they are left out.
        assert_eq!(c.totals, vec![5]);
        assert_eq!(c.average_total_tenths(), Some(50));
        assert_eq!((c.lowest_total(), c.highest_total()), (Some(5), Some(5)));
        let totals: Vec<(i64, bool)> = c.responses.iter().map(|r| (r.total, r.complete)).collect();
        assert_eq!(totals, vec![(5, true), (2, false), (12, false)]);
    }

    // Pins the flags: a copy, a partial response and a stored total that disagrees, each naming
    // its file; fields and comments make two responses different.
    #[test]
    fn flags_copies_partial_responses_and_wrong_totals() {
        let f = form();
        let named =
            |name: &str, pairs: &[(&str, &str)], total: Option<i64>, comment: &str| Response {
                name: name.into(),
                answers: answers(pairs),
                comments: [("c1".to_string(), comment.to_string())].into(),
                stored_total: total,
                ..Response::default()
            };
        let all = [("a", "Y"), ("b", "N"), ("c", "10")];
        let c = collate(
            &f,
            &[
                named("a.json", &all, Some(14), "Good"),
                named("b.json", &all, Some(14), "Good"),
                named("c.json", &all, Some(14), "Different"),
                named("d.json", &[("a", "Y")], Some(3), ""),
                named("e.json", &all, Some(20), "Other"),
            ],
        );
        assert_eq!(
            c.flags,
            vec![
                Flag::Copy {
                    file: "b.json".into(),
                    of: "a.json".into()
                },
                Flag::Partial {
                    file: "d.json".into(),
                    answered: 1,
                    statements: 3,
                    missing: vec![2, 3]
                },
                Flag::WrongTotal {
                    file: "e.json".into(),
                    stored: 20,
                    computed: 14
                },
            ]
        );
        assert_eq!(
            c.flags[1].sentence(),
            "`d.json` answers 1 of 3 statements (not statements 2 and 3): its answers are counted, but its total is left out of the average, the range and the bands"
        );
        assert_eq!(c.totals, vec![14, 14, 14, 14]);
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
