//! Generated benchmark libraries, shared by the examples (`bench`, `search_bench`,
//! `serve_bench`): `../shared/bench/gen_corpus.py` writes the case studies, and a site.toml
//! allowing their terms is added.

use std::path::Path;
use std::process::Command;

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
