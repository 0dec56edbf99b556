//! The index's postings cut into term shards, so a query loads only the terms it can match.
//!
//! Every term of every field is sorted (in UTF-16 order, as JavaScript compares strings) and the
//! sorted list is cut into `n` ranges of about equal size. elasticlunr expands a query word to
//! every term it begins (`expand: true`), and the terms beginning with a word are one run of the
//! sorted list, so a word needs the shard its run starts in and the few shards that start inside
//! the run: one or two for any word of two letters or more. The table of contents lists each
//! shard's first term and size (`bounds`); `search-ui.js` picks the shards from it.
//!
//! A shard holds, per field, `term -> [gap, count, length, gap, count, length, ...]`: `gap` is the
//! document's number less the previous one's in the list (the first is the number itself),
//! `count` how often the term occurs in the field, `length` the field's length in that document
//! (elasticlunr's `docInfo`). With the length beside each posting, a query needs no table of
//! every document; the browser rebuilds exactly the trie and field lengths elasticlunr.js would
//! have had for these terms, so results and their order are those of the whole index.

use std::sync::Arc;

use super::{FIELDS, Postings};
use crate::site::{SEARCH_FACETS, SEARCH_INDEX, SearchFiles};

/// The shards' texts (JSON) and the table of contents' list of `[first term, bytes]`, one per
/// shard; an empty shard has the next shard's first term (or `""` at the end) and size 0.
pub(super) struct Shards {
    pub(crate) texts: Vec<String>,
    pub(crate) bounds: Vec<(String, usize)>,
}

/// A script that files `json` under `key` in `window.CAIRN_SEARCH_PARTS`, for the loader that
/// added it to read when it has run: a plain `<script>` works from file:// and offline.
pub(super) fn part(key: &str, json: &str) -> String {
    let key = serde_json::to_string(key).unwrap_or_default();
    format!("(window.CAIRN_SEARCH_PARTS = window.CAIRN_SEARCH_PARTS || {{}})[{key}] = {json};\n")
}

/// One term's postings in each field, written out.
struct Term {
    token: Arc<str>,
    /// Per field, `"token":[...]`, or empty where the term is not in that field.
    fields: [String; FIELDS.len()],
    bytes: usize,
}

/// Cuts the postings of every field (`token -> [ref, count, ...]`, refs ascending) into `n`
/// shards; `lengths[doc][field]` is each field's length.
pub(super) fn write(postings: Vec<Postings>, lengths: &[[u32; FIELDS.len()]], n: usize) -> Shards {
    use rayon::prelude::*;
    let n = n.max(1);
    let mut by_token: std::collections::HashMap<Arc<str>, [Option<Vec<u32>>; FIELDS.len()]> =
        std::collections::HashMap::new();
    for (field, map) in postings.into_iter().enumerate() {
        for (token, list) in map {
            by_token.entry(token).or_default()[field] = Some(list);
        }
    }
    let mut terms: Vec<Term> = by_token
        .into_par_iter()
        .map(|(token, lists)| {
            let key = serde_json::to_string(token.as_ref()).unwrap_or_default();
            let fields: [String; FIELDS.len()] = std::array::from_fn(|field| {
                lists[field]
                    .as_ref()
                    .map_or_else(String::new, |list| entry(&key, list, lengths, field))
            });
            let bytes = fields.iter().map(|f| f.len() + 1).sum();
            Term {
                token,
                fields,
                bytes,
            }
        })
        .collect();
    terms.par_sort_unstable_by(|a, b| a.token.encode_utf16().cmp(b.token.encode_utf16()));
    let total: usize = terms.iter().map(|t| t.bytes).sum::<usize>().max(1);
    // Each term goes to the shard its first byte falls in, were the whole cut in `n` equal parts.
    let mut groups: Vec<Vec<Term>> = (0..n).map(|_| Vec::new()).collect();
    let mut at = 0;
    for term in terms {
        let shard = (at * n / total).min(n - 1);
        at += term.bytes;
        groups[shard].push(term);
    }
    let firsts: Vec<Option<String>> = groups
        .iter()
        .map(|g| g.first().map(|t| t.token.to_string()))
        .collect();
    let texts: Vec<String> = groups.into_par_iter().map(shard_json).collect();
    let mut bounds: Vec<(String, usize)> = Vec::with_capacity(n);
    let mut next = String::new();
    for (first, text) in firsts.into_iter().zip(&texts).rev() {
        match first {
            Some(first) => {
                next = first;
                bounds.push((next.clone(), text.len()));
            }
            None => bounds.push((next.clone(), 0)),
        }
    }
    bounds.reverse();
    Shards { texts, bounds }
}

/// `"token":[gap,count,length,...]` for one field's postings of a term.
fn entry(key: &str, list: &[u32], lengths: &[[u32; FIELDS.len()]], field: usize) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(key.len() + 3 + list.len() * 4);
    out.push_str(key);
    out.push_str(":[");
    let mut previous = 0;
    for (i, pair) in list.chunks_exact(2).enumerate() {
        let (doc, count) = (pair[0], pair[1]);
        let length = lengths.get(doc as usize).map_or(0, |l| l[field]);
        if i > 0 {
            out.push(',');
        }
        // Writing to a String cannot fail.
        let _ = write!(out, "{},{count},{length}", doc - previous);
        previous = doc;
    }
    out.push(']');
    out
}

/// A shard's JSON: one object per field, in [`FIELDS`] order.
fn shard_json(terms: Vec<Term>) -> String {
    let size = 2 + terms.iter().map(|t| t.bytes).sum::<usize>() + FIELDS.len() * 3;
    let mut out = String::with_capacity(size);
    out.push('[');
    for field in 0..FIELDS.len() {
        if field > 0 {
            out.push(',');
        }
        out.push('{');
        let mut first = true;
        for term in terms.iter().filter(|t| !t.fields[field].is_empty()) {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(&term.fields[field]);
        }
        out.push('}');
    }
    out.push(']');
    out
}

/// The JSON of the table of contents, `search/search-index.js`.
pub(super) fn unwrap_head(script: &str) -> Option<&str> {
    script
        .strip_prefix("window.CAIRN_SEARCH_INDEX = ")?
        .trim_end()
        .strip_suffix(';')
}

/// The JSON of a part written by [`part`].
fn unwrap_part(script: &str) -> Option<&str> {
    let (_, json) = script.split_once("] = ")?;
    json.trim_end().strip_suffix(';')
}

/// See [`super::whole`].
pub(super) fn whole(read: impl Fn(&str) -> Option<String>) -> Option<serde_json::Value> {
    use serde_json::{Map, Value, json};
    let head: Value = serde_json::from_str(unwrap_head(&read(SEARCH_INDEX)?)?).ok()?;
    let count = head["count"].as_u64()? as usize;
    let layout = SearchFiles::for_documents(count);
    let mut index: Vec<Map<String, Value>> = vec![Map::new(); FIELDS.len()];
    let mut lengths = vec![[0u64; FIELDS.len()]; count];
    for n in 0..layout.shards {
        let shard: Value =
            serde_json::from_str(unwrap_part(&read(&SearchFiles::shard(n))?)?).ok()?;
        for (field, terms) in shard.as_array()?.iter().enumerate() {
            for (token, list) in terms.as_object()? {
                let list: Vec<u64> = serde_json::from_value(list.clone()).ok()?;
                let mut doc = 0;
                let mut pairs = Vec::with_capacity(list.len() / 3 * 2);
                for triple in list.chunks_exact(3) {
                    doc += triple[0];
                    pairs.extend([doc, triple[1]]);
                    *lengths.get_mut(doc as usize)?.get_mut(field)? = triple[2];
                }
                index[field].insert(token.clone(), json!(pairs));
            }
        }
    }
    let mut docs = Vec::with_capacity(count);
    for n in 0..layout.chunks {
        let rows: Value =
            serde_json::from_str(unwrap_part(&read(&SearchFiles::chunk(n))?)?).ok()?;
        docs.extend(rows.as_array()?.iter().cloned());
    }
    let mut out = head;
    out["index"] = Value::Object(
        FIELDS
            .iter()
            .zip(index)
            .map(|((f, _), m)| (f.to_string(), Value::Object(m)))
            .collect(),
    );
    out["lengths"] = json!(lengths);
    out["docs"] = json!(docs);
    out["facets"] =
        serde_json::from_str(unwrap_part(&read(SEARCH_FACETS)?)?).unwrap_or(Value::Null);
    Some(out)
}

/// See [`super::query_load`]: the shards picked as search-ui.js's `shardsFor` picks them.
pub(super) fn query_load(
    read: impl Fn(&str) -> Option<String>,
    tokens: Vec<String>,
) -> Option<super::QueryLoad> {
    use serde_json::Value;
    let head: Value = serde_json::from_str(unwrap_head(&read(SEARCH_INDEX)?)?).ok()?;
    let bounds: Vec<(usize, String)> = head["shards"]
        .as_array()?
        .iter()
        .enumerate()
        .filter(|(_, b)| b[1].as_u64().unwrap_or(0) > 0)
        .filter_map(|(n, b)| Some((n, b[0].as_str()?.to_string())))
        .collect();
    let mut picked = std::collections::BTreeSet::new();
    for token in &tokens {
        let mut last = None;
        for (n, first) in &bounds {
            let (a, b) = (first.encode_utf16(), token.encode_utf16());
            if a.cmp(b).is_le() {
                last = Some(*n);
            } else if first.starts_with(token.as_str()) {
                picked.insert(*n);
            } else {
                break;
            }
        }
        picked.extend(last);
    }
    let mut shard_bytes = 0;
    let mut matched = std::collections::BTreeSet::new();
    for &n in &picked {
        let text = read(&SearchFiles::shard(n))?;
        shard_bytes += text.len();
        let shard: Value = serde_json::from_str(unwrap_part(&text)?).ok()?;
        for terms in shard.as_array()? {
            for (term, list) in terms.as_object()? {
                if !tokens.iter().any(|t| term.starts_with(t.as_str())) {
                    continue;
                }
                let mut doc = 0;
                for triple in list.as_array()?.chunks_exact(3) {
                    doc += triple[0].as_u64()?;
                    matched.insert(doc);
                }
            }
        }
    }
    Some(super::QueryLoad {
        tokens,
        shards: picked.into_iter().collect(),
        shard_bytes,
        results: matched.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shards a query word needs, as search-ui.js's `shardsFor` picks them.
    fn shards_for(bounds: &[(String, usize)], token: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut last = None;
        for (n, (first, _)) in bounds.iter().enumerate().filter(|(_, b)| b.1 > 0) {
            if first.as_str() <= token {
                last = Some(n);
            } else if first.starts_with(token) {
                out.push(n);
            } else {
                break;
            }
        }
        out.extend(last);
        out
    }

    // Pins the cut: every term is in exactly one shard, the shards' first terms ascend, and the
    // shards a word's lookup picks hold every term the word begins, in every field.
    #[test]
    fn every_term_a_word_begins_is_in_the_shards_it_picks() {
        let words: Vec<String> = (0..600)
            .map(|i| {
                format!(
                    "{}{}",
                    ["budget", "bud", "park", "pa", "zebra", "år"][i % 6],
                    i
                )
            })
            .chain(["budget".to_string(), "b".to_string()])
            .collect();
        let mut postings = vec![Postings::default(); FIELDS.len()];
        for (i, w) in words.iter().enumerate() {
            postings[i % FIELDS.len()].insert(Arc::from(w.as_str()), vec![i as u32, 1]);
            postings[0].insert(Arc::from(w.as_str()), vec![0, 2, i as u32, 1]);
        }
        let lengths = vec![[3; FIELDS.len()]; words.len()];
        let shards = write(postings, &lengths, 13);
        assert_eq!(shards.texts.len(), 13);
        let parsed: Vec<serde_json::Value> = shards
            .texts
            .iter()
            .map(|t| serde_json::from_str(t).unwrap())
            .collect();
        let firsts: Vec<&String> = shards
            .bounds
            .iter()
            .filter(|b| b.1 > 0)
            .map(|b| &b.0)
            .collect();
        assert!(firsts.windows(2).all(|w| w[0] < w[1]), "{firsts:?}");
        for word in &words {
            let holders: Vec<usize> = (0..13)
                .filter(|&n| parsed[n][0].get(word).is_some())
                .collect();
            assert_eq!(holders.len(), 1, "{word}");
        }
        for query in [
            "bud", "budget", "budget1", "b", "pa", "z", "år1", "q", "zzz",
        ] {
            let picked = shards_for(&shards.bounds, query);
            for word in words.iter().filter(|w| w.starts_with(query)) {
                assert!(
                    picked.iter().any(|&n| parsed[n][0].get(word).is_some()),
                    "{query}: {word} not in {picked:?}"
                );
            }
        }
        // Gaps, counts and lengths: the second posting of "budget" in the first field.
        let list = shards_for(&shards.bounds, "budget")
            .into_iter()
            .find_map(|n| parsed[n][0].get("budget"))
            .unwrap();
        let budget = words.len() as u64 - 2;
        assert_eq!(list, &serde_json::json!([0, 2, 3, budget, 1, 3]));
    }
}
