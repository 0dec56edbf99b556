//! Search-index benchmark: `cargo run --release --example search_bench [-- --sizes 1000,10000]`.
//!
//! For each size it generates a library of that many case studies with
//! `../shared/bench/gen_corpus.py` (into `$CAIRN_SEARCH_BENCH_DIR`, default
//! `/tmp/cairn-search-bench`, reused when present), writes a `site.toml` allowing the terms it
//! lists in `terms.json`, loads the library and builds the search index (src/search.rs). It
//! prints the index size (raw and gzipped) per 1,000 case studies, the time to build it, and for
//! comparison the size of an elasticlunr index of the same content that stores whole documents
//! (`save_docs(true)`, elasticlunr's own JSON) and of elasticlunr's own JSON without documents.

mod corpus;

use std::path::PathBuf;
use std::time::Instant;

use cairn::content::library::LoadOptions;
use cairn::search;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let sizes = corpus::sizes(&args, "1000,10000");
    let generator =
        corpus::generator().expect("../shared/bench/gen_corpus.py beside the repository");
    let work = std::env::var_os("CAIRN_SEARCH_BENCH_DIR")
        .map_or_else(|| PathBuf::from("/tmp/cairn-search-bench"), PathBuf::from);

    println!(
        "{:>7} {:>5} {:>10} {:>10} {:>10} {:>10} {:>11} {:>8} {:>9}",
        "cases", "docs", "index", "gzip", "per 1k", "gzip/1k", "with docs", "ratio", "time"
    );
    for n in sizes {
        let lib = work.join(format!("lib{n}"));
        corpus::generate(&generator, &lib, n);
        let library = cairn::Library::load(&lib, &LoadOptions::default())
            .unwrap_or_else(|e| panic!("load {}: {e:?}", lib.display()));
        assert!(library.errors.is_empty(), "{:?}", library.errors.first());

        let started = Instant::now();
        let site = cairn::site::Site::plan(&library, std::iter::empty()).expect("plan the site");
        let docs = search::documents(&library, &site);
        let finding = started.elapsed();
        // `build` consumes the documents; the comparisons below need them again.
        let kept = docs.clone();
        let started = Instant::now();
        let index = search::build(docs, &library.config.language);
        let seconds = (finding + started.elapsed()).as_secs_f64();
        let docs = kept;

        // Every file of the sharded index together, each gzipped on its own as a server would.
        let raw = index.bytes();
        let gzip: usize = index
            .files
            .iter()
            .map(|(_, text)| search::gzip_len(text.as_bytes()))
            .sum();
        let (language, _) = search::language_for(&library.config.language);
        let whole = search::elasticlunr_json(&docs, language, true).to_string();
        let (language, _) = search::language_for(&library.config.language);
        let plain = search::elasticlunr_json(&docs, language, false).to_string();
        let per_k = |b: usize| b as f64 / n as f64; // bytes per case study = KB per 1,000
        println!(
            "{:>7} {:>5} {:>8.1}MB {:>8.1}MB {:>8.0}KB {:>8.0}KB {:>9.1}MB {:>7.0}% {:>8.2}s",
            n,
            index.documents,
            raw as f64 / 1e6,
            gzip as f64 / 1e6,
            per_k(raw),
            per_k(gzip),
            whole.len() as f64 / 1e6,
            100.0 * raw as f64 / whole.len() as f64,
            seconds,
        );
        println!(
            "        elasticlunr's own JSON without documents: {:.1} MB ({:.1} MB gzipped); with documents gzipped: {:.1} MB",
            plain.len() as f64 / 1e6,
            search::gzip_len(plain.as_bytes()) as f64 / 1e6,
            search::gzip_len(whole.as_bytes()) as f64 / 1e6,
        );
    }
}
