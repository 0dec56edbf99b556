//! The content model: every kind of page a library holds, loaded and checked.
//!
//! `content/` becomes a [`Library`]: each file's front matter typed by the folder it is in,
//! principle citations and taxonomy terms resolved, and every problem collected as a
//! [`Diagnostic`](crate::diagnostic::Diagnostic).

pub mod assets;
pub mod case_study;
pub(crate) mod fields;
pub mod form;
pub mod front_matter;
pub(crate) mod image;
pub mod library;
pub mod lines;
pub mod page;
pub mod principle;
pub(crate) mod related;
pub(crate) mod taxonomy;
pub mod toolkit;
pub mod translation;
pub(crate) mod urls;

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use library::Library;

/// A page's `extra:` mapping: whatever data a library keeps beside the fields Cairn knows
/// (a funder, a project code, an old system's id), as written. Cairn reads nothing in it.
pub(crate) type Extra = serde_json::Map<String, serde_json::Value>;

/// A loaded Markdown file: its path relative to the library root and its text.
#[derive(Debug, Clone)]
pub struct Source {
    /// Relative path with `/` separators, e.g. `content/case-studies/x.md`.
    pub path: PathBuf,
    pub text: String,
    /// Where the Markdown body starts in `text`.
    pub body_offset: usize,
}

impl Source {
    /// The Markdown after the front matter.
    pub(crate) fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// The path inside `content/`, as written in `@/` links (e.g. `case-studies/x.md`).
    pub(crate) fn content_path(&self) -> String {
        let p = crate::diagnostic::display_path(&self.path);
        p.strip_prefix("content/").unwrap_or(&p).to_string()
    }
}

/// A date given to the year, month or day: `2021`, `2021-03` or `2021-03-15`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct PartialDate {
    pub(crate) year: u16,
    pub(crate) month: Option<u8>,
    pub(crate) day: Option<u8>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking the month and day exist.
    pub(crate) fn parse(s: &str) -> Option<PartialDate> {
        let mut it = s.trim().split('-');
        let year: u16 = parse_digits(it.next()?, 4)?;
        let month = it
            .next()
            .map(|m| parse_digits::<u8>(m, 2))
            .map_or(Some(None), |m| m.map(Some))?;
        let day = it
            .next()
            .map(|d| parse_digits::<u8>(d, 2))
            .map_or(Some(None), |d| d.map(Some))?;
        if it.next().is_some() || (day.is_some() && month.is_none()) {
            return None;
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return None;
        }
        if let (Some(m), Some(d)) = (month, day)
            && (d == 0 || d > days_in_month(year, m))
        {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// ISO form for machines: `2021-03-15`, missing parts as `01`.
    pub(crate) fn iso(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}",
            self.year,
            self.month.unwrap_or(1),
            self.day.unwrap_or(1)
        )
    }

    /// Reader form: `15 March 2021`, `March 2021` or `2021`.
    pub(crate) fn human(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", MONTHS[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTHS[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }
}

fn parse_digits<T: std::str::FromStr>(s: &str, len: usize) -> Option<T> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date written YYYY, YYYY-MM or YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<PartialDate, E> {
                PartialDate::parse(s).ok_or_else(|| {
                    E::custom(format!(
                        "`{s}` is not a date; write it as YYYY, YYYY-MM or YYYY-MM-DD"
                    ))
                })
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<PartialDate, E> {
                self.visit_str(&n.to_string())
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<PartialDate, E> {
                self.visit_str(&n.to_string())
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins date parsing: the three precisions, and refusal of impossible dates.
    #[test]
    fn partial_dates() {
        assert_eq!(PartialDate::parse("2021").unwrap().human(), "2021");
        assert_eq!(PartialDate::parse("2021-03").unwrap().human(), "March 2021");
        assert_eq!(
            PartialDate::parse("2020-02-29").unwrap().human(),
            "29 February 2020"
        );
        assert!(PartialDate::parse("2021-02-29").is_none());
        assert!(PartialDate::parse("2021-13").is_none());
        assert!(PartialDate::parse("21-03").is_none());
        assert!(PartialDate::parse("March 2021").is_none());
    }
}
