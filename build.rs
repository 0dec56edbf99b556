//! Records the git commit Cairn is built from, for `cairn --version`. Without git, or outside a
//! git checkout (a crates.io tarball, a Docker context without `.git`), the commit is left out;
//! `CAIRN_COMMIT` set at build time names it instead.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CAIRN_COMMIT");
    let commit = match std::env::var("CAIRN_COMMIT") {
        // A whole hash (e.g. GitHub's `github.sha`) is shortened as git shortens it.
        Ok(commit) if !commit.trim().is_empty() => commit.trim().chars().take(10).collect(),
        _ => from_git().unwrap_or_default(),
    };
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("commit.txt"), commit).expect("write OUT_DIR/commit.txt");
}

/// The checkout's commit, and the files that change when it moves (so the build script runs again).
fn from_git() -> Option<String> {
    // Only this crate's own checkout: a tarball unpacked inside another repository must not take
    // that repository's commit.
    if !Path::new(".git").exists() {
        return None;
    }
    let commit = git(&["rev-parse", "--short=10", "HEAD"])?;
    let mut watched = vec![git(&["rev-parse", "--git-path", "HEAD"])?];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.extend(git(&["rev-parse", "--git-path", &branch]));
    }
    watched.extend(git(&["rev-parse", "--git-path", "packed-refs"]));
    for path in watched {
        if Path::new(&path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    Some(commit)
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}
