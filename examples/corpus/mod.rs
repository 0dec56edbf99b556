//! Generated benchmark libraries, shared by the examples (`bench`, `search_bench`,
//! `serve_bench`): `../shared/bench/gen_corpus.py` writes the case studies, and a site.toml
//! allowing their terms is added.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The corpus generator, `../shared/bench/gen_corpus.py` beside the repository (a worktree
/// under `wt/` has it one folder further up), if it is there.
pub fn generator() -> Option<PathBuf> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        "../shared/bench/gen_corpus.py",
        "../../shared/bench/gen_corpus.py",
    ]
    .iter()
    .map(|p| repo.join(p))
    .find(|p| p.is_file())
}

/// The library sizes asked for with `--sizes 1000,10000`, else `default`.
pub fn sizes(args: &[String], default: &str) -> Vec<usize> {
    args.iter()
        .position(|a| a == "--sizes")
        .and_then(|i| args.get(i + 1))
        .map_or(default, String::as_str)
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            s.trim()
                .parse()
                .expect("--sizes takes numbers, e.g. 1000,10000")
        })
        .collect()
}

/// Generates `n` case studies into `lib` with a site.toml allowing their terms, unless done.
pub fn generate(generator: &Path, lib: &Path, n: usize) {
    if lib.join("site.toml").exists() {
        return;
    }
    let status = Command::new("python3")
        .arg(generator)
        .args(["--n", &n.to_string(), "--seed", "1", "--out"])
        .arg(lib)
        .status()
        .expect("run python3 gen_corpus.py");
    assert!(status.success(), "gen_corpus.py failed");
    let terms: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(lib.join("terms.json")).expect("read terms.json"),
    )
    .expect("terms.json is JSON");
    let list = |key: &str| serde_json::to_string(&terms[key]).expect("a list");
    let toml = format!(
        "title = \"Benchmark library\"\nbase_url = \"https://example.org/\"\n\n[taxonomies.themes]\nterms = {}\n\n[taxonomies.places]\nterms = {}\n\n[taxonomies.approaches]\nterms = {}\n",
        list("themes"),
        list("places"),
        list("approaches"),
    );
    std::fs::write(lib.join("site.toml"), toml).expect("write site.toml");
}
