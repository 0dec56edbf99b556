//! Finding glossary terms in running text, so their first use on a page can link to the
//! glossary and `cairn check` can spot abbreviations used without being written out.
//!
//! The matcher is built once per build. Finding terms costs one pass over the text: at each
//! word start, only the terms whose first word is that word are tried (longest first).

use std::collections::HashMap;
use std::path::PathBuf;

use crate::content::page::Glossary;
use crate::text::slugify;

/// One glossary term, ready to match.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    /// As written in the glossary.
    pub(crate) term: String,
    /// The id of its definition on the glossary page.
    pub(crate) id: String,
    /// The expansion of an abbreviation, if the glossary gives one.
    pub(crate) expansion: Option<String>,
    pub(crate) definition: String,
    /// All capitals (such as `CVS`): matched with its case, so `pb` is not `PB`.
    pub(crate) acronym: bool,
    chars: Vec<char>,
}

/// A term found in a text: byte range and which term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) term: usize,
}

/// Every glossary term, indexed by its first word.
#[derive(Debug, Clone)]
pub struct Matcher {
    pub(crate) terms: Vec<Term>,
    /// Lower-cased first word -> terms starting with it, longest first.
    by_first_word: HashMap<String, Vec<usize>>,
    /// `content/glossary.md`: the glossary does not link to itself.
    pub(crate) glossary_path: PathBuf,
}

fn fold(c: char, acronym: bool) -> char {
    match c {
        '’' | '‘' => '\'',
        c if acronym => c,
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

fn first_word(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Matcher {
    /// The matcher for a library's glossary.
    pub fn new(glossary: &Glossary) -> Matcher {
        let mut terms = Vec::new();
        let mut by_first_word: HashMap<String, Vec<usize>> = HashMap::new();
        for t in &glossary.meta.terms {
            let text = t.term.trim();
            let key = first_word(text);
            if key.is_empty() {
                continue;
            }
            let acronym = text.chars().filter(|c| c.is_uppercase()).count() >= 2
                && !text.chars().any(char::is_lowercase);
            by_first_word.entry(key).or_default().push(terms.len());
            terms.push(Term {
                term: text.to_string(),
                id: slugify(text),
                expansion: t.expansion.clone(),
                definition: t.definition.clone(),
                acronym,
                chars: text.chars().collect(),
            });
        }
        for list in by_first_word.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(terms[i].chars.len()));
        }
        Matcher {
            terms,
            by_first_word,
            glossary_path: glossary.source.path.clone(),
        }
    }

    /// Every term in `text`, whole words only, left to right, never overlapping.
    pub(crate) fn find_all(&self, text: &str) -> Vec<Found> {
        let mut found = Vec::new();
        let mut previous: Option<char> = None;
        let mut skip_to = 0;
        for (i, c) in text.char_indices() {
            let at_word_start = c.is_alphanumeric() && !previous.is_some_and(char::is_alphanumeric);
            previous = Some(c);
            if i < skip_to || !at_word_start {
                continue;
            }
            let Some(candidates) = self.by_first_word.get(&first_word(&text[i..])) else {
                continue;
            };
            if let Some((term, end)) = candidates
                .iter()
                .find_map(|&t| self.match_at(text, i, t).map(|end| (t, end)))
            {
                found.push(Found {
                    start: i,
                    end,
                    term,
                });
                skip_to = end;
            }
        }
        found
    }

    /// The end of term `t` if it is written at byte `start` of `text`, as a whole word.
    fn match_at(&self, text: &str, start: usize, t: usize) -> Option<usize> {
        let term = &self.terms[t];
        let mut rest = text[start..].char_indices();
        for &want in &term.chars {
            let (_, got) = rest.next()?;
            if fold(got, term.acronym) != fold(want, term.acronym) {
                return None;
            }
        }
        match rest.next() {
            Some((_, next)) if next.is_alphanumeric() => None,
            Some((offset, _)) => Some(start + offset),
            None => Some(text.len()),
        }
    }

    /// The tooltip for a term: its expansion, or else its definition.
    pub(crate) fn title(&self, t: usize) -> &str {
        let term = &self.terms[t];
        term.expansion.as_deref().unwrap_or(&term.definition)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Source;
    use crate::content::page::{GlossaryMeta, GlossaryTerm};

    fn matcher(terms: &[(&str, Option<&str>)]) -> Matcher {
        Matcher::new(&Glossary {
            meta: GlossaryMeta {
                title: "Glossary".into(),
                description: None,
                aliases: vec![],
                extra: Default::default(),
                terms: terms
                    .iter()
                    .map(|(t, e)| GlossaryTerm {
                        term: t.to_string(),
                        expansion: e.map(str::to_string),
                        definition: format!("About {t}."),
                    })
                    .collect(),
            },
            source: Source {
                path: "content/glossary.md".into(),
                text: String::new(),
                body_offset: 0,
            },
        })
    }

    fn words<'a>(m: &Matcher, text: &'a str) -> Vec<&'a str> {
        m.find_all(text)
            .iter()
            .map(|f| &text[f.start..f.end])
            .collect()
    }

    // Pins whole-word matching, case-insensitive words, case-sensitive acronyms, longest first.
    #[test]
    fn finds_whole_words() {
        let m = matcher(&[
            ("Co-design", None),
            ("PB", Some("Participatory budgeting")),
            ("Community planning", None),
            ("Community Planning Partnership", None),
            ("Citizens' assembly", None),
        ]);
        assert_eq!(
            words(
                &m,
                "We used co-design and PB, not pb or PBs. The Community Planning Partnership did community planning."
            ),
            [
                "co-design",
                "PB",
                "Community Planning Partnership",
                "community planning"
            ]
        );
        assert_eq!(
            words(&m, "A citizens’ assembly met."),
            ["citizens’ assembly"]
        );
        assert!(words(&m, "codesign PBX").is_empty());
    }
}
