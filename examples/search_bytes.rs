//! Bytes a search loads: `cargo run --release --example search_bytes [-- --sizes 1000,10000,50000]`.
//!
//! For each size it generates a library of that many case studies with the benchmark's corpus
//! generator (`../shared/bench/gen_corpus.py`, into `$CAIRN_BENCH_DIR`, default
//! `/tmp/cairn-bench`, reused when present, as `examples/bench.rs` does), builds its search index
//! in memory (src/search.rs) and, for ten representative queries, prints what the browser loads
//! to show the first page of results: the search code and elasticlunr.js runtime (their theme
//! sources, a little more than the compacted files the build publishes), the table of contents
//! (`search/search-index.js`), the term shards the query's words pick (exact, as search-ui.js
//! picks them) and, at most, the result files of the first twenty results (each result's row
//! is in one file of twenty; the bound takes the twenty largest files, or as many as there are
//! results). The whole index's size, as one file before it was sharded, is printed beside.

mod corpus;

use std::path::PathBuf;

use cairn::content::library::LoadOptions;
use cairn::search;

const QUERIES: [&str; 10] = [
    "participatory budgeting",
    "youth",
    "mental health",
    "homelessness",
    "Oldham",
    "co-design",
    "trust",
    "food insecurity",
    "citizens assembly",
    "Võru",
];

/// Results shown at once by the search page (themes/default/static/js/search-ui.js).
const PAGE: usize = 20;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let sizes = corpus::sizes(&args, "1000,10000,50000");
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let generator =
        corpus::generator().expect("../shared/bench/gen_corpus.py beside the repository");
    let work = std::env::var_os("CAIRN_BENCH_DIR")
        .map_or_else(|| PathBuf::from("/tmp/cairn-bench"), PathBuf::from);
    let runtime: usize = ["static/js/search-ui.js", "static/js/elasticlunr.min.js"]
        .iter()
        .map(|p| {
            std::fs::metadata(repo.join("themes/default").join(p)).map_or(0, |m| m.len() as usize)
        })
        .sum();
    let kb = |b: usize| b as f64 / 1000.0;
    for n in sizes {
        let lib = work.join(format!("lib{n}"));
        corpus::generate(&generator, &lib, n);
        let library = cairn::Library::load(&lib, &LoadOptions::default())
            .unwrap_or_else(|e| panic!("load {}: {e:?}", lib.display()));
        let site = cairn::site::Site::plan(&library, std::iter::empty()).expect("plan the site");
        let docs = search::documents(&library, &site);
        let index = search::build(docs, &library.config.language);
        let files: std::collections::HashMap<&str, &str> = index
            .files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let read = |p: &str| files.get(p).map(|t| t.to_string());
        let toc = files[cairn::site::SEARCH_INDEX].len();
        let mut chunks: Vec<usize> = files
            .iter()
            .filter(|(p, _)| p.starts_with(cairn::site::SEARCH_DOCS))
            .map(|(_, t)| t.len())
            .collect();
        chunks.sort_unstable_by(|a, b| b.cmp(a));
        let shards: Vec<usize> = files
            .iter()
            .filter(|(p, _)| p.starts_with(cairn::site::SEARCH_SHARDS))
            .map(|(_, t)| t.len())
            .collect();
        println!(
            "\n{n} case studies: {} documents, index {:.1} MB in {} files ({} term shards, largest {:.0} KB; {} result files); runtime {:.0} KB, table of contents {:.1} KB",
            index.documents,
            index.bytes() as f64 / 1e6,
            index.files.len(),
            shards.len(),
            kb(shards.iter().copied().max().unwrap_or(0)),
            chunks.len(),
            kb(runtime),
            kb(toc),
        );
        println!(
            "{:<24} {:>7} {:>9} {:>8} {:>10} {:>11}",
            "query", "shards", "shard KB", "results", "rows ≤ KB", "total ≤ KB"
        );
        for query in QUERIES {
            let load = search::query_load(read, query, &library.config.language)
                .expect("the index's files are all there");
            let rows: usize = chunks.iter().take(load.results.min(PAGE)).sum();
            let total = runtime + toc + load.shard_bytes + rows;
            println!(
                "{:<24} {:>7} {:>9.0} {:>8} {:>10.0} {:>11.0}{}",
                query,
                load.shards.len(),
                kb(load.shard_bytes),
                load.results,
                kb(rows),
                kb(total),
                if total > 1_000_000 { "  over 1 MB" } else { "" }
            );
        }
    }
}
