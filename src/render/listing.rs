//! The compact data the library page's filters load (`themes/default/static/js/library.js`),
//! so that a filter spans the whole library while each page lists only `[listing] page_size`
//! cards. Each file is a script that adds one value to `window.CAIRN_LIBRARY`, loaded by a
//! `<script>` element, so it works from disk (file://) as well as from a server:
//!
//! - `case-studies/cards/index.js`: how many case studies there are, the page and chunk sizes,
//!   each filter group's term slugs in the order the filters list them, and the words a card
//!   shows;
//! - `terms-K.js`: per case study of chunk K ([`TERMS_CHUNK`] a chunk), one string: each
//!   group's term numbers (base 36, `.` between them), `|` between groups, then its rank
//!   by title. Every terms file is loaded once a filter is chosen, a few bytes a case study;
//! - `cards-K.js`: the values of `partials/card.html` for chunk K ([`CARDS_CHUNK`] a chunk),
//!   loaded only for the cards shown, from which the script makes the same card.
//!
//! Addresses inside start at the language's root: the script puts the page's root before them.

use serde::Serialize;

use super::Renderer;
use super::cards::CARD_ROOT;
use crate::content::Library;
use crate::content::taxonomy::Taxonomy;
use crate::diagnostic::Diagnostic;
use crate::output::Sink;
use crate::site::{CARDS_CHUNK, TERMS_CHUNK};

/// `index.js`.
#[derive(Serialize)]
struct DataIndex {
    count: usize,
    page_size: usize,
    terms_chunk: usize,
    cards_chunk: usize,
    groups: Vec<Group>,
    /// The interface strings `partials/card.html` prints, in the page's language.
    strings: CardStrings,
}

#[derive(Serialize)]
struct CardStrings {
    level_short: String,
    comma: String,
    more_themes: String,
}

/// One filter group: its key on the page (`data-filter`) and its terms' slugs.
#[derive(Serialize)]
struct Group {
    key: String,
    terms: Vec<String>,
}

impl Renderer<'_> {
    /// Puts the library's filter data (the files the plan lists that `wanted` accepts) in
    /// `sink`, each under `prefix`, the language's root.
    pub(crate) fn write_library_data(
        &self,
        prefix: &str,
        wanted: &(dyn Fn(&str) -> bool + Sync),
        sink: &dyn Sink,
    ) -> Vec<Diagnostic> {
        let paths = self.site.library_data();
        if !paths.iter().any(|p| wanted(p)) {
            return Vec::new();
        }
        let lib = self.library;
        let count = lib.case_studies.len();
        let mut groups = Vec::new();
        // Case study -> one string per group of its term numbers.
        let mut rows: Vec<Vec<String>> = vec![Vec::new(); count];
        for t in Taxonomy::ALL {
            let terms = lib
                .taxonomies
                .get(&t)
                .map(|index| index.ordered(t))
                .unwrap_or_default();
            let mut numbers: Vec<Vec<String>> = vec![Vec::new(); count];
            for (k, term) in terms.iter().enumerate() {
                for &i in &term.case_studies {
                    if let Some(n) = numbers.get_mut(i) {
                        n.push(base36(k));
                    }
                }
            }
            for (row, n) in rows.iter_mut().zip(numbers) {
                row.push(n.join("."));
            }
            groups.push(Group {
                key: t.segment(&lib.config),
                terms: terms.iter().map(|term| term.slug.clone()).collect(),
            });
        }
        let rank = title_ranks(lib);
        let index = DataIndex {
            count,
            page_size: lib.config.listing.page_size.max(1),
            strings: CardStrings {
                level_short: self.t("level_short"),
                comma: self.t("comma"),
                more_themes: self.t("more_themes"),
            },
            terms_chunk: TERMS_CHUNK,
            cards_chunk: CARDS_CHUNK,
            groups,
        };
        let mut errors = Vec::new();
        let mut put = |path: &str, key: &str, json: String| {
            let script = format!(
                "(window.CAIRN_LIBRARY||(window.CAIRN_LIBRARY={{}}))[\"{key}\"]={};\n",
                crate::script_json::escape(&json)
            );
            if let Err(e) = sink.put(&format!("{prefix}{path}"), script.as_bytes()) {
                errors.push(e);
            }
        };
        for path in paths.iter().filter(|p| wanted(p)) {
            let name = path.rsplit('/').next().unwrap_or_default();
            let key = name.trim_end_matches(".js");
            let chunk = |prefix: &str, size: usize| {
                key.strip_prefix(prefix)
                    .and_then(|k| k.parse::<usize>().ok())
                    .map(|k| k * size..((k + 1) * size).min(count))
            };
            let json = if key == "index" {
                serde_json::to_string(&index)
            } else if let Some(range) = chunk("terms-", TERMS_CHUNK) {
                let chunk: Vec<String> = range
                    .map(|i| format!("{}|{}", rows[i].join("|"), base36(rank[i])))
                    .collect();
                serde_json::to_string(&chunk)
            } else if let Some(range) = chunk("cards-", CARDS_CHUNK) {
                let cards: Vec<_> = range.map(|i| self.card_fields(i)).collect();
                serde_json::to_string(&cards)
            } else {
                continue;
            };
            // The cards' addresses start at the language's root.
            let json = json
                .unwrap_or_default()
                .replace(&format!("\\u{:04x}", CARD_ROOT as u32), "");
            put(path, key, json);
        }
        errors
    }
}

/// Each case study's rank by title (by its place in the library's order), as `terms-K.js`
/// writes it; `serve`'s rebuilds compare them to find the chunks an edit changed.
pub(crate) fn title_ranks(library: &Library) -> Vec<usize> {
    let count = library.case_studies.len();
    let titles: Vec<String> = library
        .case_studies
        .iter()
        .map(|c| c.meta.title.to_lowercase())
        .collect();
    let mut by_title: Vec<usize> = (0..count).collect();
    by_title.sort_by(|&a, &b| titles[a].cmp(&titles[b]).then(a.cmp(&b)));
    let mut rank = vec![0; count];
    for (r, &i) in by_title.iter().enumerate() {
        rank[i] = r;
    }
    rank
}

/// `n` in base 36, the shortest way to write a term's number in JavaScript (`parseInt(s, 36)`).
fn base36(mut n: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::base36;

    // Pins that term numbers are written as JavaScript's parseInt(s, 36) reads them.
    #[test]
    fn base36_writes_numbers_as_parse_int_reads_them() {
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36), "10");
        assert_eq!(base36(1295), "zz");
    }
}
