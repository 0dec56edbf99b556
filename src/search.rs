//! The search index: an elasticlunr index of every case study, toolkit section, principle set,
//! principle and form, built at build time and shipped as plain scripts, in parts, so that a
//! query loads only what it needs, however large the library.
//!
//! Every part is a script (a `<script>` works from `file://`, where fetching JSON is blocked,
//! over http and offline); the site plan lists them all (`SearchFiles`, src/site/):
//!
//! - `search/search-index.js` assigns `window.CAIRN_SEARCH_INDEX`, the table of contents: the
//!   language, pipeline and fold table, the fields and their boosts, the kind weights, the
//!   number of documents, each run of documents of one kind, and each term shard's first term
//!   and size;
//! - `search/shards/t<n>.js`: the postings of one range of the sorted terms
//!   (src/search/shards.rs), each with its field's length, so the browser rebuilds exactly the
//!   part of the elasticlunr index a query reads;
//! - `search/docs/d<n>.js`: per document, in order, only what a result shows: title, relative
//!   URL, kind, a short summary, place, and the theme, place and level slugs. Never page bodies;
//! - `search/facets.js`: each document's kind, themes, place and level, loaded only when the
//!   search page's filters are used.
//!
//! Text is folded before indexing (lower case, diacritics removed, punctuation to spaces) and the
//! browser folds queries the same way, with the same table (`fold`), so "Voru" finds "Võru".

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::io::Write;
use std::sync::Arc;

use elasticlunr::pipeline::{FnWrapper, Pipeline};
use elasticlunr::{IndexBuilder, Language};
use serde_json::{Value, json};

use crate::content::Library;
use crate::content::taxonomy::Taxonomy;
use crate::diagnostic::Diagnostic;
use crate::output::Output;
use crate::render::markdown::words_of;
use crate::site::{SEARCH_CHUNK, SEARCH_FACETS, SEARCH_INDEX, SearchFiles, Site};

mod shards;
use crate::text::{fold_diacritic, slugify};

/// The indexed fields, in order, and the boost the browser gives each.
pub(crate) const FIELDS: [(&str, u32); 6] = [
    ("title", 3),
    ("summary", 2),
    ("body", 1),
    ("terms", 3),
    ("place", 2),
    ("organisations", 1),
];

/// Scores of results of each kind are multiplied by this in the browser: case studies, the
/// library's main content, come before a toolkit section or principle matching as well.
pub(crate) const KIND_WEIGHTS: [(&str, f64); 1] = [("case-study", 2.0)];

/// Longest summary kept in the result table, in characters.
const SUMMARY_CHARS: usize = 220;

/// What kind of page a result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    CaseStudy,
    Toolkit,
    PrincipleSet,
    Principle,
    Form,
    /// A plain page (`content/about.md`), a folder's introduction shown as a page, or the
    /// glossary.
    Page,
}

impl Kind {
    /// The key the browser filters on (`principle` matches sets too).
    pub(crate) fn key(self) -> &'static str {
        match self {
            Kind::CaseStudy => "case-study",
            Kind::Toolkit => "toolkit",
            Kind::PrincipleSet => "principle-set",
            Kind::Principle => "principle",
            Kind::Form => "form",
            Kind::Page => "page",
        }
    }
}

/// One searchable page: the text indexed and the little a result shows.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub(crate) kind: Kind,
    pub(crate) title: String,
    /// Relative to the site root.
    pub(crate) url: String,
    pub(crate) summary: String,
    pub(crate) body: String,
    pub(crate) terms: String,
    pub(crate) place: String,
    pub(crate) organisations: String,
    /// Slugs for the filters (case studies only).
    pub(crate) themes: Vec<String>,
    pub(crate) level: Option<String>,
}

/// The built index: its files and how many documents it holds.
#[derive(Debug, Clone)]
pub struct SearchIndex {
    /// Each file's path relative to its language's root, and its text: the table of contents
    /// (`search/search-index.js`) first, then the facets, the term shards and the result files.
    pub files: Vec<(String, String)>,
    pub documents: usize,
}

impl SearchIndex {
    /// The size of every file together, in bytes.
    pub fn bytes(&self) -> usize {
        self.files.iter().map(|(_, text)| text.len()).sum()
    }
}

/// Sizes of the search index in a built site, for the build summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexSize {
    pub documents: usize,
    /// Every file of the index together.
    pub bytes: usize,
    /// The largest term shard.
    pub(crate) largest_shard: usize,
    paths: Vec<std::path::PathBuf>,
}

impl IndexSize {
    /// Measures the index of the site built into `dir` (its default language): its files are
    /// those the plan gives for the number of documents its table of contents counts.
    pub(crate) fn of(dir: &std::path::Path) -> Option<IndexSize> {
        let contents = std::fs::read_to_string(dir.join(SEARCH_INDEX)).ok()?;
        let head: Value = serde_json::from_str(shards::unwrap_head(&contents)?).ok()?;
        let documents = head["count"].as_u64().unwrap_or(0) as usize;
        let paths: Vec<std::path::PathBuf> = SearchFiles::for_documents(documents)
            .paths()
            .iter()
            .map(|p| dir.join(p))
            .collect();
        let size = |p: &std::path::PathBuf| std::fs::metadata(p).map_or(0, |m| m.len() as usize);
        Some(IndexSize {
            documents,
            bytes: paths.iter().map(size).sum(),
            largest_shard: paths
                .iter()
                .filter(|p| p.to_string_lossy().contains(crate::site::SEARCH_SHARDS))
                .map(size)
                .max()
                .unwrap_or(0),
            paths,
        })
    }

    /// The index's size gzipped, computed only when asked: compressing the index of a large
    /// library costs several percent of a build, and only the build's summary shows it.
    pub fn gzip_bytes(&self) -> usize {
        use rayon::prelude::*;
        self.paths
            .par_iter()
            .map(|p| std::fs::read(p).map_or(0, |bytes| gzip_len(&bytes)))
            .sum()
    }
}

/// What one query loads of a built index (for the `search_bytes` example): the query's terms
/// as the index's pipeline gives them, the term shards the browser picks for them and their
/// bytes, and how many documents match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryLoad {
    pub(crate) tokens: Vec<String>,
    pub shards: Vec<usize>,
    pub shard_bytes: usize,
    pub results: usize,
}

/// [`QueryLoad`] of `query` over the index whose files `read` gives (by path relative to the
/// language's root), in the site language `language_code`.
pub fn query_load(
    read: impl Fn(&str) -> Option<String>,
    query: &str,
    language_code: &str,
) -> Option<QueryLoad> {
    let tokens: Vec<String> = Analyser::with(language_code, |a| {
        let mut tokens = Vec::new();
        a.each_token(query, |a, n| tokens.push(a.tokens[n as usize].to_string()));
        tokens
    });
    shards::query_load(read, tokens)
}

/// The whole index put back together from its files (`read` gives a file's text by its path
/// relative to the language's root), as one object: `index` (per field, `token -> [ref,
/// count, ...]`), `lengths` (per document, each field's length) and `docs` (each result's
/// row). For tests and comparisons; the browser never loads it all.
pub fn whole(read: impl Fn(&str) -> Option<String>) -> Option<Value> {
    shards::whole(read)
}

/// Compressed size of `bytes` at the default gzip level. Large inputs are compressed in
/// 1 MiB pieces on every core: deflate looks back only 32 KiB, so the pieces together come
/// within a few bytes per piece of one stream, and the index of a large library is measured
/// in a fraction of the time.
pub fn gzip_len(bytes: &[u8]) -> usize {
    use rayon::prelude::*;
    /// A gzip member's header (10 bytes) and trailer (8).
    const GZIP_FRAME: usize = 18;
    let pieces: Vec<&[u8]> = match bytes.is_empty() {
        true => vec![bytes],
        false => bytes.chunks(1 << 20).collect(),
    };
    let deflated: usize = pieces
        .par_iter()
        .map(|piece| {
            let mut encoder =
                flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
            // Writing to a Vec cannot fail.
            let _ = encoder.write_all(piece);
            encoder.finish().map_or(0, |v| v.len())
        })
        .sum();
    deflated + GZIP_FRAME
}

/// Builds the index and adds it to the output. Returns a warning when the site's language has
/// no stemmer.
pub(crate) fn insert(library: &Library, site: &Site, output: &mut Output) -> Vec<Diagnostic> {
    insert_with_texts(library, site, Vec::new(), output)
}

/// [`insert`], with the case studies' texts (`texts[i]` is what [`words_of`] gives for case
/// study `i`) where rendering their pages already found them.
pub(crate) fn insert_with_texts(
    library: &Library,
    site: &Site,
    texts: Vec<Option<String>>,
    output: &mut Output,
) -> Vec<Diagnostic> {
    let (_, warning) = language_for(&library.config.language);
    let docs = documents_with_texts(library, site, texts);
    let index = build(docs, &library.config.language);
    for (path, text) in index.files {
        output.insert(path, text.into_bytes());
    }
    warning.into_iter().collect()
}

/// The elasticlunr language for a site language such as `en-GB`, or plain tokens and a warning.
pub fn language_for(code: &str) -> (Box<dyn Language>, Option<Diagnostic>) {
    let primary = code
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let lunr_code = match primary.as_str() {
        "nl" => "du",
        "nb" | "nn" => "no",
        other => other,
    };
    // Japanese and Chinese need dictionary tokenisers this build leaves out.
    if let Some(language) = elasticlunr::lang::from_code(lunr_code) {
        return (language, None);
    }
    let warning = Diagnostic::warning_at(
        "site.toml",
        0,
        0,
        format!(
            "search has no stemmer for the language `{code}`; words are matched without stemming"
        ),
    )
    .with_help("supported: da, de, en, es, fi, fr, hu, it, nl, no, pt, ro, ru, sv, tr");
    (Box::new(Plain), Some(warning))
}

/// Tokens split on white space, no stemming or stop words.
struct Plain;

impl Language for Plain {
    fn name(&self) -> String {
        "Plain".into()
    }
    fn code(&self) -> String {
        "plain".into()
    }
    fn tokenize(&self, text: &str) -> Vec<String> {
        elasticlunr::lang::tokenize_whitespace(text)
    }
    fn make_pipeline(&self) -> Pipeline {
        Pipeline {
            queue: vec![Box::new(FnWrapper("plain".into(), Some))],
        }
    }
}

/// Lower case, diacritics folded, anything but letters, digits and hyphens made a space. The
/// browser's `fold` in search-ui.js does the same to queries, with `fold_table`.
pub(crate) fn fold(text: &str) -> String {
    if text.is_ascii() {
        // Most text: one byte per letter, no table needed.
        let bytes: Vec<u8> = text
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b == b'-' {
                    b.to_ascii_lowercase()
                } else {
                    b' '
                }
            })
            .collect();
        // Every byte is ASCII, so this never fails.
        return String::from_utf8(bytes).unwrap_or_default();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            // The few curly quotes or accents of a text leave the rest on this fast path.
            out.push(if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                ' '
            });
            continue;
        }
        for lower in c.to_lowercase() {
            let folded = fold_diacritic(lower);
            out.push(if folded.is_alphanumeric() || folded == '-' {
                folded
            } else {
                ' '
            });
        }
    }
    out
}

/// The words of `folded` (what `fold` returns), as elasticlunr's `tokenize_whitespace` splits
/// them: at white space and hyphens. `fold` leaves only letters, digits, hyphens and spaces, so
/// splitting at the bytes of the two is the same, and much quicker than decoding every letter.
fn words(folded: &str) -> impl Iterator<Item = &str> {
    let bytes = folded.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let start = at;
            let end = bytes[start..]
                .iter()
                .position(|&b| b == b' ' || b == b'-')
                .map_or(bytes.len(), |n| start + n);
            at = end + 1;
            // Both ends are at ASCII bytes, so at letter boundaries: `get` always finds it.
            if let Some(word) = folded.get(start..end).filter(|w| !w.is_empty()) {
                return Some(word);
            }
        }
        None
    })
}

/// The letters `fold` changes (after lower-casing), for the browser to fold queries exactly as
/// the index was folded: `{"õ": "o", ...}`.
fn fold_table() -> Value {
    let table: serde_json::Map<String, Value> = ('\u{a0}'..='\u{24f}')
        .filter_map(|c| {
            let folded = fold_diacritic(c);
            (folded != c).then(|| (c.to_string(), json!(folded.to_string())))
        })
        .collect();
    Value::Object(table)
}

/// The first `SUMMARY_CHARS` characters of `text`, cut at a word, with an ellipsis if cut.
fn shorten(text: &str) -> String {
    crate::text::shorten_chars(text, SUMMARY_CHARS)
}

/// Every searchable page of the library, in a stable order.
pub fn documents(library: &Library, site: &Site) -> Vec<SearchDoc> {
    documents_with_texts(library, site, Vec::new())
}

/// [`documents`], with the case studies' texts where known (see [`insert_with_texts`]).
pub fn documents_with_texts(
    library: &Library,
    site: &Site,
    mut texts: Vec<Option<String>>,
) -> Vec<SearchDoc> {
    use rayon::prelude::*;
    let config = &library.config;
    texts.resize(library.case_studies.len(), None);
    // Case studies are most of a large library: their bodies are parsed in parallel.
    let case_study = |((i, cs), text): (
        (usize, &crate::content::case_study::CaseStudy),
        Option<String>,
    )| {
        let m = &cs.meta;
        // The library's own taxonomies are searched like the built-in ones.
        let custom = Taxonomy::all(config)
            .into_iter()
            .filter(|t| matches!(t, Taxonomy::Custom(_)));
        let mut terms: Vec<String> = [
            Taxonomy::Themes,
            Taxonomy::Approaches,
            Taxonomy::FieldsOfPractice,
            Taxonomy::EngagementLevels,
        ]
        .into_iter()
        .chain(custom)
        .flat_map(|t| {
            cs.terms(t)
                .into_iter()
                .map(move |term| t.display_name(config, &term))
        })
        .collect();
        terms.extend(m.principles.iter().filter_map(|p| {
            let (set_id, pid) = p.value.split_once('/')?;
            let set = library.principle_sets.iter().find(|s| s.id == set_id)?;
            Some(set.principle(pid)?.1.name.clone())
        }));
        let mut body = text.unwrap_or_else(|| words_of(cs.source.body()));
        for outcome in &m.outcomes {
            body.push(' ');
            body.push_str(outcome);
        }
        SearchDoc {
            kind: Kind::CaseStudy,
            title: m.title.clone(),
            url: site.case_study(i).to_string(),
            summary: shorten(&cs.summary),
            body,
            terms: terms.join(" "),
            place: cs.place().unwrap_or_default().to_string(),
            organisations: m.organisations.join(" "),
            themes: cs
                .terms(Taxonomy::Themes)
                .iter()
                .map(|t| slugify(t))
                .collect(),
            level: cs.engagement_level().map(|l| l.as_str().to_string()),
        }
    };
    let mut docs: Vec<SearchDoc> = library
        .case_studies
        .par_iter()
        .enumerate()
        .zip(texts)
        // A case study written only in another language is not found in this one.
        .filter(|((_, cs), _)| cs.shown_in(&config.language))
        .map(case_study)
        .collect();
    for (i, s) in library.toolkit.sections.iter().enumerate() {
        let body = words_of(s.source.body());
        let mut extra = String::new();
        for r in &s.meta.resources {
            extra.push(' ');
            extra.push_str(&r.title);
        }
        docs.push(SearchDoc {
            kind: Kind::Toolkit,
            title: s.numbered_title(),
            url: site.toolkit_section(i).to_string(),
            summary: shorten(s.meta.description.as_deref().unwrap_or(&body)),
            body: body + &extra,
            terms: String::new(),
            place: String::new(),
            organisations: s
                .meta
                .resources
                .iter()
                .filter_map(|r| r.publisher.clone())
                .collect::<Vec<_>>()
                .join(" "),
            themes: Vec::new(),
            level: None,
        });
    }
    for (i, set) in library.principle_sets.iter().enumerate() {
        let body = words_of(set.source.body());
        let names: Vec<&str> = set
            .meta
            .principles
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        docs.push(SearchDoc {
            kind: Kind::PrincipleSet,
            title: set.meta.title.clone(),
            url: site.principle_set(i).to_string(),
            summary: shorten(set.meta.description.as_deref().unwrap_or(&body)),
            body,
            terms: names.join(" "),
            place: String::new(),
            organisations: set.meta.source.clone().unwrap_or_default(),
            themes: Vec::new(),
            level: None,
        });
        for (j, p) in set.meta.principles.iter().enumerate() {
            let description = words_of(&p.description);
            docs.push(SearchDoc {
                kind: Kind::Principle,
                title: p.name.clone(),
                url: site.principle(i, j).to_string(),
                summary: shorten(&description),
                body: description,
                terms: set.meta.title.clone(),
                place: String::new(),
                organisations: String::new(),
                themes: Vec::new(),
                level: None,
            });
        }
    }
    for (i, f) in library.forms.iter().enumerate() {
        let mut body = words_of(f.source.body());
        for section in &f.meta.sections {
            for text in section
                .title
                .iter()
                .chain(section.items.iter().map(|i| &i.text))
            {
                body.push(' ');
                body.push_str(text);
            }
        }
        for field in &f.meta.fields {
            body.push(' ');
            body.push_str(&field.label);
        }
        docs.push(untagged(
            Kind::Form,
            &f.meta.title,
            f.meta.description.as_deref(),
            site.form(i),
            body,
        ));
    }
    // Plain pages, folders' own introductions and the glossary: found like every other page.
    let plain = |title: &str, description: Option<&str>, url: &str, body: String| {
        untagged(Kind::Page, title, description, url, body)
    };
    for (i, p) in library.pages.iter().enumerate() {
        let url = site.url(&crate::site::PageKind::Page(i));
        let body = words_of(p.source.body());
        docs.push(plain(
            &p.meta.title,
            p.meta.description.as_deref(),
            url,
            body,
        ));
    }
    for (folder, p) in &library.intros {
        let url = site.url(&crate::site::PageKind::Intro(folder.clone()));
        if !url.is_empty() {
            let body = words_of(p.source.body());
            docs.push(plain(
                &p.meta.title,
                p.meta.description.as_deref(),
                url,
                body,
            ));
        }
    }
    if let Some(g) = &library.glossary {
        let mut body = words_of(g.source.body());
        for term in &g.meta.terms {
            let texts = [
                Some(&term.term),
                term.expansion.as_ref(),
                Some(&term.definition),
            ];
            for text in texts.into_iter().flatten() {
                body.push(' ');
                body.push_str(text);
            }
        }
        let url = site.url(&crate::site::PageKind::Glossary);
        docs.push(plain(
            &g.meta.title,
            g.meta.description.as_deref(),
            url,
            body,
        ));
    }
    docs
}

/// The elasticlunr index of `docs`, in elasticlunr's own JSON format. With `store_docs` the
/// index also keeps every field's text (what `save_docs(true)` does; used only to compare sizes).
pub fn elasticlunr_json(
    docs: &[SearchDoc],
    language: Box<dyn Language>,
    store_docs: bool,
) -> Value {
    let mut builder = IndexBuilder::with_language(language).save_docs(store_docs);
    for (field, _) in FIELDS {
        builder = builder.add_field(field);
    }
    let mut index = builder.build();
    for (i, d) in docs.iter().enumerate() {
        index.add_doc(
            &i.to_string(),
            [
                fold(&d.title),
                fold(&d.summary),
                fold(&d.body),
                fold(&d.terms),
                fold(&d.place),
                fold(&d.organisations),
            ],
        );
    }
    serde_json::from_str(&index.to_json()).expect("elasticlunr writes valid JSON")
}

/// One document's fields run through the language's tokeniser and pipeline, exactly as
/// elasticlunr-rs's `Index::add_doc` does: per field, the token count and each token's count.
/// Tokens are shared with the analyser's memory of words, not copied.
struct Analysed {
    lengths: [u32; FIELDS.len()],
    counts: [Vec<(Arc<str>, u32)>; FIELDS.len()],
}

/// A language's tokeniser and pipeline, with the pipeline's answer for each word remembered:
/// elasticlunr's pipeline functions (trimmer, stop words, stemmer) work one token at a time, and
/// a library repeats the same few thousand words, so each is stemmed once per thread.
struct Analyser {
    language: Box<dyn Language>,
    pipeline: Pipeline,
    /// Each word seen, and the number of the token it gives (none for a stop word).
    seen: HashMap<String, Option<u32>, BuildHasherDefault<FxHasher>>,
    /// The distinct tokens, numbered in the order first met ("runs" and "running" both give the
    /// one "run"), and each one's number.
    tokens: Vec<Arc<str>>,
    numbers: HashMap<Arc<str>, u32, BuildHasherDefault<FxHasher>>,
    /// Per token number, how often it occurs in the field being counted (zero between fields).
    counting: Vec<u32>,
}

thread_local! {
    /// Each thread's analyser for each language; `Language` and `Pipeline` are not `Send`.
    static ANALYSERS: std::cell::RefCell<HashMap<String, Analyser>> = Default::default();
}

impl Analyser {
    fn new(language_code: &str) -> Analyser {
        let (language, _) = language_for(language_code);
        let pipeline = language.make_pipeline();
        Analyser {
            language,
            pipeline,
            seen: HashMap::default(),
            tokens: Vec::new(),
            numbers: HashMap::default(),
            counting: Vec::new(),
        }
    }

    /// Runs `f` with this thread's analyser for `language_code`.
    fn with<T>(language_code: &str, f: impl FnOnce(&mut Analyser) -> T) -> T {
        ANALYSERS.with_borrow_mut(|analysers| {
            let analyser = analysers
                .entry(language_code.to_string())
                .or_insert_with(|| Analyser::new(language_code));
            // A bound on what is remembered, for long-running `serve` sessions.
            if analyser.seen.len() > 1_000_000 {
                *analyser = Analyser::new(language_code);
            }
            f(analyser)
        })
    }

    /// The numbers of the tokens elasticlunr-rs would index for `text`, in order, passed to
    /// `each`. Every language this build includes tokenises with elasticlunr's
    /// `tokenize_whitespace`, which is done here on the folded text without allocating a
    /// string per word (`postings_match_elasticlunr` compares the two).
    fn each_token(&mut self, text: &str, mut each: impl FnMut(&mut Analyser, u32)) {
        let folded = fold(text);
        for word in words(&folded) {
            let number = match self.seen.get(word) {
                Some(known) => *known,
                None => {
                    let number = self
                        .language
                        .tokenize(word)
                        .pop()
                        .and_then(|t| self.pipeline.run(vec![t]).pop())
                        .map(|t| self.number(t));
                    self.seen.insert(word.to_string(), number);
                    number
                }
            };
            if let Some(number) = number {
                each(self, number);
            }
        }
    }

    fn number(&mut self, token: String) -> u32 {
        if let Some(&known) = self.numbers.get(token.as_str()) {
            return known;
        }
        let number = self.tokens.len() as u32;
        let token: Arc<str> = Arc::from(token);
        self.tokens.push(token.clone());
        self.numbers.insert(token, number);
        self.counting.push(0);
        number
    }

    /// How many tokens `text` has, and how often each distinct one occurs: counted in a
    /// table by token number, in time linear in the text.
    fn count(&mut self, text: &str) -> (u32, Vec<(Arc<str>, u32)>) {
        let mut length = 0;
        let mut present: Vec<u32> = Vec::new();
        self.each_token(text, |a, number| {
            length += 1;
            let slot = &mut a.counting[number as usize];
            if *slot == 0 {
                present.push(number);
            }
            *slot += 1;
        });
        let counts = present
            .into_iter()
            .map(|n| {
                let count = std::mem::take(&mut self.counting[n as usize]);
                (self.tokens[n as usize].clone(), count)
            })
            .collect();
        (length, counts)
    }

    fn analyse(&mut self, doc: &SearchDoc) -> Analysed {
        let texts = [
            &doc.title,
            &doc.summary,
            &doc.body,
            &doc.terms,
            &doc.place,
            &doc.organisations,
        ];
        let mut lengths = [0; FIELDS.len()];
        let counts = std::array::from_fn(|i| {
            let (length, counts) = self.count(texts[i]);
            lengths[i] = length;
            counts
        });
        Analysed { lengths, counts }
    }
}

/// One field's postings: token -> [ref, count, ref, count, ...], refs ascending.
type Postings = HashMap<Arc<str>, Vec<u32>, BuildHasherDefault<FxHasher>>;

/// Adds the postings of `analysed`, the documents numbered from `first`, field by field.
fn merge(postings: &mut [Postings], first: usize, analysed: &[Analysed]) {
    use rayon::prelude::*;
    postings
        .par_iter_mut()
        .enumerate()
        .for_each(|(field, map)| {
            for (i, doc) in analysed.iter().enumerate() {
                let doc_ref = (first + i) as u32;
                for (token, count) in &doc.counts[field] {
                    match map.get_mut(token) {
                        Some(list) => list.extend([doc_ref, *count]),
                        None => {
                            map.insert(token.clone(), vec![doc_ref, *count]);
                        }
                    }
                }
            }
        });
}

/// The multiply-rotate hash of rustc (FxHash): several times faster than the standard
/// library's SipHash on the short words hashed here millions of times, and the words are the
/// library's own text, so resistance to crafted collisions is not needed.
#[derive(Default, Clone, Copy)]
struct FxHasher {
    hash: u64,
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
        }
        let mut tail = [0u8; 8];
        let rest = chunks.remainder();
        tail[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(tail) ^ rest.len() as u64);
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Documents analysed at a time: enough to keep every core busy, few enough that a library of
/// 50,000 case studies never holds all its tokens at once.
const CHUNK: usize = 512;

/// Builds the script for `docs` in the site language `language_code`.
///
/// The postings are what elasticlunr-rs's index holds (a test compares them with
/// `elasticlunr_json`), gathered directly: elasticlunr-rs keeps a trie of one map per letter,
/// which for 10,000 case studies costs seconds and gigabytes, only to be flattened here.
///
/// Each document's body, most of a library's text, is freed once it is counted: the postings
/// grow while the bodies go, instead of on top of them.
pub fn build(mut docs: Vec<SearchDoc>, language_code: &str) -> SearchIndex {
    use rayon::prelude::*;
    let Analyser {
        language, pipeline, ..
    } = Analyser::new(language_code);
    // Per field: token -> [ref, count, ref, count, ...], refs ascending.
    let mut postings: Vec<Postings> = vec![Postings::default(); FIELDS.len()];
    let mut lengths: Vec<[u32; FIELDS.len()]> = Vec::with_capacity(docs.len());
    // Each chunk is merged into the postings while the next is analysed: merging is one field
    // per thread, and the body field is most of it, so on its own it would leave cores idle.
    let mut analysed_before: Option<(usize, Vec<Analysed>)> = None;
    for (n, chunk) in docs.chunks_mut(CHUNK).enumerate() {
        let (analysed, ()) = rayon::join(
            || {
                chunk
                    .par_iter_mut()
                    .map(|doc| {
                        let analysed = Analyser::with(language_code, |a| a.analyse(doc));
                        doc.body = String::new();
                        analysed
                    })
                    .collect::<Vec<Analysed>>()
            },
            || {
                if let Some((before, analysed)) = analysed_before.take() {
                    merge(&mut postings, before * CHUNK, &analysed);
                }
            },
        );
        lengths.extend(analysed.iter().map(|a| a.lengths));
        analysed_before = Some((n, analysed));
    }
    if let Some((before, analysed)) = analysed_before {
        merge(&mut postings, before * CHUNK, &analysed);
    }
    let layout = SearchFiles::for_documents(docs.len());
    let rows: Vec<String> = docs
        .par_iter()
        .map(|d| {
            let row = (
                &d.title,
                &d.url,
                d.kind.key(),
                &d.summary,
                &d.place,
                d.themes.join(" "),
                slugify(&d.place),
                d.level.as_deref().unwrap_or_default(),
            );
            serde_json::to_string(&row).unwrap_or_default()
        })
        .collect();
    let shards = shards::write(postings, &lengths, layout.shards);
    let head = json!({
        "version": 2,
        "lang": language.code(),
        "pipeline": serde_json::to_value(&pipeline).unwrap_or(Value::Null),
        "fold": fold_table(),
        "fields": FIELDS.map(|(f, b)| json!([f, b])),
        "weights": Value::Object(
            KIND_WEIGHTS
                .iter()
                .map(|(k, w)| (k.to_string(), json!(w)))
                .collect()
        ),
        "count": docs.len(),
        "kinds": kind_runs(&docs),
        "chunk": SEARCH_CHUNK,
        "shards": shards.bounds,
    });
    let mut files = Vec::with_capacity(2 + layout.shards + layout.chunks);
    files.push((
        SEARCH_INDEX.to_string(),
        format!("window.CAIRN_SEARCH_INDEX = {head};\n"),
    ));
    files.push((
        SEARCH_FACETS.to_string(),
        shards::part(SEARCH_FACETS, &facets(&docs)),
    ));
    for (n, text) in shards.texts.into_iter().enumerate() {
        let path = SearchFiles::shard(n);
        let text = shards::part(&path, &text);
        files.push((path, text));
    }
    for (n, chunk) in rows.chunks(SEARCH_CHUNK).enumerate() {
        let path = SearchFiles::chunk(n);
        let text = shards::part(&path, &format!("[\n{}]", chunk.join(",\n")));
        files.push((path, text));
    }
    SearchIndex {
        files,
        documents: docs.len(),
    }
}

/// Each run of documents of one kind, `[[first document, kind], ...]`: the browser weighs a
/// result by its kind (`KIND_WEIGHTS`) before it has loaded what the result shows.
fn kind_runs(docs: &[SearchDoc]) -> Value {
    let mut runs: Vec<Value> = Vec::new();
    let mut last = None;
    for (i, d) in docs.iter().enumerate() {
        if last != Some(d.kind) {
            runs.push(json!([i, d.kind.key()]));
            last = Some(d.kind);
        }
    }
    Value::Array(runs)
}

/// Each document's kind, themes, place and level for the search page's filters, each value
/// named once: `{"kinds": [...], "themes": [...], "places": [...], "levels": [...], "rows":
/// [[kind, [theme, ...], place, level], ...]}`, numbers into the lists, `-1` for none.
fn facets(docs: &[SearchDoc]) -> String {
    #[derive(Default)]
    struct Names(Vec<String>, HashMap<String, i64>);
    impl Names {
        fn of(&mut self, name: &str) -> i64 {
            if name.is_empty() {
                return -1;
            }
            if let Some(&n) = self.1.get(name) {
                return n;
            }
            let n = self.0.len() as i64;
            self.0.push(name.to_string());
            self.1.insert(name.to_string(), n);
            n
        }
    }
    let (mut kinds, mut themes, mut places, mut levels) = Default::default();
    let (kinds, themes, places, levels): (&mut Names, &mut Names, &mut Names, &mut Names) =
        (&mut kinds, &mut themes, &mut places, &mut levels);
    let rows: Vec<Value> = docs
        .iter()
        .map(|d| {
            let t: Vec<i64> = d.themes.iter().map(|t| themes.of(t)).collect();
            json!([
                kinds.of(d.kind.key()),
                t,
                places.of(&slugify(&d.place)),
                levels.of(d.level.as_deref().unwrap_or_default())
            ])
        })
        .collect();
    json!({
        "kinds": kinds.0,
        "themes": themes.0,
        "places": places.0,
        "levels": levels.0,
        "rows": rows,
    })
    .to_string()
}

/// A document with no place, themes or other terms (a form, a plain page): its summary is its
/// description, else the start of its text.
fn untagged(
    kind: Kind,
    title: &str,
    description: Option<&str>,
    url: &str,
    body: String,
) -> SearchDoc {
    SearchDoc {
        kind,
        title: title.to_string(),
        url: url.to_string(),
        summary: shorten(description.unwrap_or(&body)),
        body,
        terms: String::new(),
        place: String::new(),
        organisations: String::new(),
        themes: Vec::new(),
        level: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Walks an elasticlunr trie node, collecting `token -> [ref, count, ...]` for tokens with docs.
    fn flatten(
        node: &serde_json::Map<String, Value>,
        prefix: &mut String,
        out: &mut BTreeMap<String, Vec<u64>>,
    ) {
        if let Some(docs) = node.get("docs").and_then(Value::as_object)
            && !docs.is_empty()
        {
            let mut postings = Vec::with_capacity(docs.len() * 2);
            for (doc_ref, tf) in docs {
                let tf = tf["tf"].as_f64().unwrap_or(1.0);
                postings.push(doc_ref.parse().unwrap_or(0));
                postings.push((tf * tf).round() as u64);
            }
            out.insert(prefix.clone(), postings);
        }
        for (key, child) in node {
            if key == "docs" || key == "df" {
                continue;
            }
            if let Some(child) = child.as_object() {
                prefix.push_str(key);
                flatten(child, prefix, out);
                prefix.truncate(prefix.len() - key.len());
            }
        }
    }

    // Pins the direct index to elasticlunr-rs's own: the same postings and field lengths for
    // the same documents, stop words, stems, repeats and diacritics included.
    #[test]
    fn postings_match_elasticlunr() {
        let doc = |title: &str, body: &str, place: &str| SearchDoc {
            kind: Kind::CaseStudy,
            title: title.into(),
            url: format!("{}/index.html", slugify(title)),
            summary: format!("{title} in {place}"),
            body: body.into(),
            terms: "health youth participatory-budgeting".into(),
            place: place.into(),
            organisations: "Võru Council, the Trust".into(),
            themes: Vec::new(),
            level: None,
        };
        let docs = [
            doc(
                "Young people budgeting",
                "Budgets and budgeting: the young decide. Young!",
                "Bury",
            ),
            doc(
                "Elephant's trail",
                "An elephant walked; elephants walk the trail of the trail.",
                "Võru",
            ),
            doc("Plain", "", "Lisburn"),
        ];
        // More than one chunk, so document numbers run across chunks.
        let mut docs = docs.to_vec();
        for i in 0..CHUNK + 3 {
            let words = ["garden", "gardens", "youth", "the", "council", "walks"];
            let body: Vec<&str> = (0..i % 7).map(|k| words[(i + k) % words.len()]).collect();
            docs.push(doc(&format!("Story {i}"), &body.join(" "), "Oldham"));
        }
        for language in ["en", "de", "cy"] {
            let files = build(docs.clone(), language).files;
            let ours = whole(|path| {
                files
                    .iter()
                    .find(|(p, _)| p == path)
                    .map(|(_, text)| text.clone())
            })
            .unwrap();
            let theirs = elasticlunr_json(&docs, language_for(language).0, false);
            for (field, _) in FIELDS {
                let mut expected = BTreeMap::new();
                flatten(
                    theirs["index"][field]["root"].as_object().unwrap(),
                    &mut String::new(),
                    &mut expected,
                );
                let sorted = |v: &Value| -> BTreeMap<String, Vec<(u64, u64)>> {
                    v.as_object()
                        .unwrap()
                        .iter()
                        .map(|(t, p)| {
                            let p: Vec<u64> = serde_json::from_value(p.clone()).unwrap();
                            let mut pairs: Vec<_> = p.chunks(2).map(|c| (c[0], c[1])).collect();
                            pairs.sort();
                            (t.clone(), pairs)
                        })
                        .collect()
                };
                assert!(!expected.is_empty(), "{language} {field}");
                assert_eq!(
                    sorted(&ours["index"][field]),
                    sorted(&json!(expected)),
                    "{language} {field}"
                );
                for (i, _) in docs.iter().enumerate() {
                    let k = FIELDS.iter().position(|(f, _)| *f == field).unwrap();
                    assert_eq!(
                        ours["lengths"][i][k],
                        theirs["documentStore"]["docInfo"][i.to_string()][field],
                        "{language} {field} {i}"
                    );
                }
            }
            assert_eq!(ours["pipeline"], theirs["pipeline"]);
        }
    }

    // Pins folding: case, diacritics and punctuation, as the browser folds queries.
    #[test]
    fn folds_like_the_browser() {
        assert_eq!(fold("Võru's Élan"), "voru s elan");
        assert_eq!(fold("co-production"), "co-production");
        // The ASCII fast path folds as the general one does.
        assert_eq!(fold("Don't STOP_here!"), "don t stop here ");
        assert_eq!(fold("Don't STOP_here! é"), "don t stop here  e");
    }

    // Pins both paths of `fold` to its definition, character by character: lower case, then
    // diacritics folded, then anything but letters, digits and `-` made a space.
    #[test]
    fn fold_matches_its_definition() {
        let definition = |text: &str| -> String {
            text.chars()
                .flat_map(char::to_lowercase)
                .map(crate::text::fold_diacritic)
                .map(|c| {
                    if c.is_alphanumeric() || c == '-' {
                        c
                    } else {
                        ' '
                    }
                })
                .collect()
        };
        let odd = ['\u{130}', 'ẞ', 'Σ', '’', '…', '\u{a0}', '中'];
        for c in (' '..='\u{24f}').chain(odd) {
            for text in [format!("A{c}z-9"), format!("{c}")] {
                assert_eq!(fold(&text), definition(&text), "{text:?}");
            }
        }
    }

    // Pins the piecewise measure to one gzip stream's size, within a few bytes per piece.
    #[test]
    fn gzip_len_matches_one_stream() {
        let text: String = (0..400_000u64)
            .map(|i| format!("word{} ", (i * 7919) % 5000))
            .collect();
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(text.as_bytes()).unwrap();
        let one = encoder.finish().unwrap().len();
        let pieces = gzip_len(text.as_bytes());
        assert!(text.len() > 3 << 20, "several pieces");
        assert!(pieces.abs_diff(one) * 100 < one, "{pieces} vs {one}");
        assert_eq!(gzip_len(b""), 20, "an empty gzip stream");
    }

    // Pins the table the browser folds queries with: the same letters `fold` changes.
    #[test]
    fn fold_table_matches_fold() {
        let table = fold_table();
        assert_eq!(table["õ"], "o");
        assert_eq!(table["ł"], "l");
        assert!(table.get("a").is_none());
        for (from, to) in table.as_object().unwrap() {
            assert_eq!(fold(from), to.as_str().unwrap(), "{from}");
        }
    }

    // Pins the fallback: a language without a stemmer warns and still indexes.
    #[test]
    fn unknown_language_warns() {
        let (lang, warning) = language_for("cy");
        assert_eq!(lang.code(), "plain");
        assert!(warning.is_some_and(|w| !w.is_error()));
        let (lang, warning) = language_for("de-AT");
        assert_eq!(lang.code(), "de");
        assert!(warning.is_none());
        assert_eq!(language_for("nl").0.code(), "du");
    }

    // Pins summaries: long text is cut at a word with an ellipsis.
    #[test]
    fn shortens_at_a_word() {
        let long = "word ".repeat(100);
        let s = shorten(&long);
        assert!(s.ends_with("word…") && s.chars().count() <= SUMMARY_CHARS + 1);
        assert_eq!(shorten("short  text"), "short text");
    }
}
