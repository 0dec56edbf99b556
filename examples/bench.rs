//! Build-speed benchmark: `cargo run --release --example bench [-- --sizes 1000,10000 --runs 5]`.
//!
//! For each size it generates a library with `../shared/bench/gen_corpus.py` (cached under
//! `$CAIRN_BENCH_DIR`, default `/tmp/cairn-bench`), writes a `site.toml` allowing its terms, and
//! reports for `cairn build`: the median wall time of several runs, the per-page cost, peak
//! memory (RSS, from GNU time), output size and search-index size. In the same run it measures
//! an I/O floor (read every source file, write the same files and bytes as the build wrote) and,
//! when `hugo` is installed, the same corpus built by Hugo (`../shared/bench/hugo_site.py`), so
//! every figure is also a ratio to a peer measured on the same machine at the same moment.
//!
//! How the runs are taken, so that the three are measured alike:
//! - In rounds, cairn then the floor then Hugo, after one untimed warm-up round, so that a busy
//!   moment on a shared machine falls on all three rather than on one.
//! - As a rebuild in which every page changed: before each round the site's title (shown on
//!   every page) is changed, in `site.toml` and in Hugo's `hugo.toml`, so every program writes
//!   every page's bytes again; none can skip a page because it is unchanged. Each writes over
//!   its previous output: cairn into its spare (the output before last) and swapped in, the
//!   floor the same way (every file written over its older copy from its start, then cut to
//!   length, then the same renames), Hugo into its output folder as `hugo` does by default. The floor of earlier versions of this
//!   benchmark (a new copy, every file and folder new, and the copy before deleted) is timed
//!   too and printed for comparison.
//! - Then two lines: a rebuild in which nothing changed (cairn keeps every unchanged file), and
//!   cairn and the floor writing into a folder that did not exist (a fresh clone in CI),
//!   medians of up to three runs.
//! - Then the stages a build cannot do without, whatever its templates, each timed alone in
//!   this process on every core (medians of up to three runs): loading the library, rendering
//!   every case study's Markdown (highlighting included) and building the search index from
//!   that text. Added to the floor, they are the least a build of this corpus costs here, and
//!   show how near to the floor any build can come.
//!
//! `--baseline BIN` builds the same library with another cairn binary (an earlier version) in
//! the same rounds, right after this one, and prints its median and both ratios to Hugo, so a
//! change can be judged against the peer measured at the same moment.
//!
//! `--images N` times the pictures alone instead (src/images.rs): N generated photos (JPEG,
//! 2400 × 1600, about 1 MB each) made into their sizes on every core with an empty cache, then
//! again from the cache, as an unchanged rebuild does. Add `--sizes` to run both.

// As the `cairn` binary (src/main.rs), so the stages timed here allocate as the build does.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

mod corpus;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

struct Run {
    seconds: f64,
    peak_kb: u64,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let sizes = corpus::sizes(&args, "1000,10000,50000");
    let runs: usize = arg(&args, "--runs").map_or(5, |r| r.parse().expect("--runs takes a number"));
    if let Some(n) = arg(&args, "--images") {
        pictures(n.parse().expect("--images takes a number"));
        if arg(&args, "--sizes").is_none() {
            return;
        }
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let generator =
        corpus::generator().expect("../shared/bench/gen_corpus.py beside the repository");
    let shared = generator.parent().expect("the bench folder").to_path_buf();
    let work = PathBuf::from(
        std::env::var("CAIRN_BENCH_DIR").unwrap_or_else(|_| "/tmp/cairn-bench".into()),
    );
    let cairn = cairn_binary(&repo);
    let baseline = arg(&args, "--baseline").map(PathBuf::from);
    let hugo = Command::new("hugo")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());

    println!(
        "cairn benchmark: {runs} rounds per size (cairn, floor, Hugo) after a warm-up, medians; peak RSS is the largest of the runs"
    );
    println!(
        "{:>7} | {:>9} {:>10} {:>9} {:>9} {:>8} | {:>8} {:>6} | {:>8} {:>9} {:>6}",
        "pages",
        "cairn s",
        "ms/page",
        "RSS MB",
        "out MB",
        "idx MB",
        "floor s",
        "x",
        "hugo s",
        "hugo MB",
        "x"
    );
    for &n in &sizes {
        let lib = work.join(format!("lib{n}"));
        corpus::generate(&generator, &lib, n);
        let site = work.join(format!("hugo{n}"));
        if hugo && !site.join("hugo.toml").exists() {
            run(Command::new("python3")
                .arg(shared.join("hugo_site.py"))
                .arg("--corpus")
                .arg(&lib)
                .arg("--out")
                .arg(&site));
        }
        let runs_dir = work.join(format!("runs{n}"));
        let _ = std::fs::remove_dir_all(&runs_dir);
        std::fs::create_dir_all(&runs_dir).expect("create the runs folder");
        let out = runs_dir.join("cairn");
        let floor_out = runs_dir.join("floor");
        let hugo_out = runs_dir.join("hugo");
        let hugo_build = |dest: &Path| {
            timed(
                Command::new("hugo")
                    .arg("--source")
                    .arg(&site)
                    .arg("--destination")
                    .arg(dest)
                    .arg("--quiet"),
            )
        };
        let (mut cairn_runs, mut floor, mut hugo_runs) = (Vec::new(), Vec::new(), Vec::new());
        let mut baseline_runs = Vec::new();
        let mut copy_floor = Vec::new();
        for round in 0..=runs {
            // Every page shows the title: a new one makes every page's bytes new.
            set_title(&lib.join("site.toml"), round);
            if hugo {
                set_title(&site.join("hugo.toml"), round);
            }
            let c = timed(&mut cairn_build(&cairn, &lib, &out));
            let b = baseline
                .as_ref()
                .map(|bin| timed(&mut cairn_build(bin, &lib, &runs_dir.join("baseline"))));
            let f = io_floor(&lib, &out, &floor_out, Floor::AsCairn);
            let g = io_floor(&lib, &out, &runs_dir.join("floor-copy"), Floor::NewCopy);
            let h = hugo.then(|| hugo_build(&hugo_out));
            if round > 0 {
                cairn_runs.push(c);
                floor.push(f);
                copy_floor.push(g);
                hugo_runs.extend(h);
                baseline_runs.extend(b);
            }
        }
        let (_, bytes) = tree_size(&out);
        let index_bytes = search_index_bytes(&out);
        let (largest_page, largest_bytes, over_300) = largest_html(&out);
        // The same library again, nothing changed.
        let unchanged: Vec<f64> = (0..runs.min(3))
            .map(|_| timed(&mut cairn_build(&cairn, &lib, &out)).seconds)
            .collect();
        let (mut fresh, mut fresh_floor) = (Vec::new(), Vec::new());
        for round in 0..runs.min(3) {
            let new_out = runs_dir.join(format!("cairn-new{round}"));
            fresh.push(timed(&mut cairn_build(&cairn, &lib, &new_out)).seconds);
            fresh_floor.push(io_floor(
                &lib,
                &out,
                &runs_dir.join(format!("floor-new{round}")),
                Floor::AsCairn,
            ));
        }
        let _ = std::fs::remove_dir_all(&runs_dir);
        set_title(&lib.join("site.toml"), 0);
        let stages = stages_alone(&lib, runs.min(3));

        let cairn_s = median(cairn_runs.iter().map(|r| r.seconds).collect());
        let floor_s = median(floor);
        let peak = cairn_runs.iter().map(|r| r.peak_kb).max().unwrap_or(0);
        let (hugo_s, hugo_mb) = if hugo {
            (
                median(hugo_runs.iter().map(|r| r.seconds).collect()),
                hugo_runs.iter().map(|r| r.peak_kb).max().unwrap_or(0) / 1024,
            )
        } else {
            (f64::NAN, 0)
        };
        println!(
            "{:>7} | {:>9.2} {:>10.3} {:>9} {:>9.0} {:>8.1} | {:>8.2} {:>6.2} | {:>8.2} {:>9} {:>6.2}",
            n,
            cairn_s,
            cairn_s * 1000.0 / n as f64,
            peak / 1024,
            bytes as f64 / 1e6,
            index_bytes as f64 / 1e6,
            floor_s,
            cairn_s / floor_s,
            hugo_s,
            hugo_mb,
            cairn_s / hugo_s,
        );
        if let Some(bin) = &baseline {
            let base_s = median(baseline_runs.iter().map(|r| r.seconds).collect());
            println!(
                "{:>7} | baseline {}: {base_s:.2} s, {:.2}x Hugo; this cairn {:.2}x Hugo, {:.2}x the baseline",
                "",
                bin.display(),
                base_s / hugo_s,
                cairn_s / hugo_s,
                cairn_s / base_s
            );
        }
        let unchanged_s = median(unchanged);
        let (fresh_s, fresh_floor_s) = (median(fresh), median(fresh_floor));
        let copy_s = median(copy_floor);
        println!(
            "{:>7} | nothing changed: cairn {unchanged_s:.2} s ({:.2}x the floor); into a new folder: cairn {fresh_s:.2} s, floor {fresh_floor_s:.2} s ({:.2}x)",
            "",
            unchanged_s / floor_s,
            fresh_s / fresh_floor_s
        );
        println!(
            "{:>7} | floor writing a new copy and deleting the one before (the earlier floor): {copy_s:.2} s; cairn {:.2}x that",
            "",
            cairn_s / copy_s
        );
        println!(
            "{:>7} | largest HTML page: {} ({:.1} KB); pages over 300 KB: {over_300}",
            "",
            largest_page,
            largest_bytes as f64 / 1000.0
        );
        let least = stages.load + stages.markdown + stages.search + floor_s;
        println!(
            "{:>7} | stages alone: load {:.2} s, Markdown {:.2} s, search index {:.2} s; with the floor {least:.2} s, {:.2}x the floor: the least a build costs here",
            "",
            stages.load,
            stages.markdown,
            stages.search,
            least / floor_s
        );
    }
    if !hugo {
        println!("hugo is not installed (apt-get install -y hugo): no Hugo comparison");
    }
}

/// Times making `n` generated photos into their sizes (src/images.rs), with an empty cache and
/// then from the cache, and prints the figures.
fn pictures(n: usize) {
    use cairn::content::library::Asset;
    let work = tempfile::tempdir().expect("a temporary folder");
    let assets: Vec<Asset> = (0..n)
        .map(|i| {
            let mut seed = 2_463_534_242_u32.wrapping_add(i as u32);
            let img = image::RgbImage::from_fn(2400, 1600, |x, y| {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                let grain = (seed % 40) as i32 - 20;
                let v = |c: u32| (c as i32 + grain).clamp(0, 255) as u8;
                image::Rgb([
                    v((x + i as u32 * 7) % 256),
                    v(y * 255 / 1600),
                    v((x * y / 4000) % 256),
                ])
            });
            let mut bytes = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90)
                .encode_image(&img)
                .expect("encode a photo");
            Asset {
                output_path: format!("case-studies/photo-{i}.jpg"),
                source: format!("content/case-studies/photo-{i}.jpg").into(),
                bytes,
            }
        })
        .collect();
    let source_mb = assets.iter().map(|a| a.bytes.len()).sum::<usize>() as f64 / 1e6;
    let started = Instant::now();
    let made = cairn::images::process(work.path(), &assets);
    let cold = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let again = cairn::images::process(work.path(), &assets);
    let warm = started.elapsed().as_secs_f64();
    assert_eq!(again.stats.from_cache, n, "every picture from the cache");
    println!(
        "pictures: {n} photos ({source_mb:.1} MB, 2400x1600 JPEG) on {} cores: made in {cold:.2} s ({:.0} ms each), from the cache in {warm:.3} s; {} files, {:.1} MB published",
        std::thread::available_parallelism().map_or(1, usize::from),
        cold * 1000.0 / n.max(1) as f64,
        made.files().count(),
        made.stats.output_bytes as f64 / 1e6,
    );
}

/// Seconds each stage a build cannot do without took, alone (see the module's comment).
struct Stages {
    load: f64,
    markdown: f64,
    search: f64,
}

/// Times, `runs` times each, the library loading, the Markdown of every case study rendered
/// as for its page, and the search index built from the text that rendering found (as the
/// build does); medians.
fn stages_alone(lib: &Path, runs: usize) -> Stages {
    use cairn::content::library::{Library, LoadOptions};
    use rayon::prelude::*;
    let (mut load, mut markdown, mut search) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let library = Library::load(lib, &LoadOptions::default()).expect("load the library");
        load.push(started.elapsed().as_secs_f64());
        assert!(library.errors.is_empty(), "the corpus has errors");
        let site = cairn::site::Site::plan(&library, std::iter::empty()).expect("plan the site");
        let targets = cairn::render::link_targets(&library, &site, &library.config.language, None);
        let started = Instant::now();
        let texts: Vec<Option<String>> = library
            .case_studies
            .par_iter()
            .map(|cs| Some(cairn::render::render_source(&cs.source, &targets).text))
            .collect();
        markdown.push(started.elapsed().as_secs_f64());
        let started = Instant::now();
        let docs = cairn::search::documents_with_texts(&library, &site, texts);
        let index = cairn::search::build(docs, &library.config.language);
        search.push(started.elapsed().as_secs_f64());
        assert!(index.documents >= library.case_studies.len());
    }
    Stages {
        load: median(load),
        markdown: median(markdown),
        search: median(search),
    }
}

fn cairn_build(cairn: &Path, lib: &Path, out: &Path) -> Command {
    let mut cmd = Command::new(cairn);
    cmd.args(["build", "--quiet", "--root"])
        .arg(lib)
        .arg("--output")
        .arg(out);
    cmd
}

fn arg<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

/// The release binary, built from the sources first: `cargo run --example` builds the example
/// and the library, not the `cairn` binary, which could otherwise be older than the sources.
fn cairn_binary(repo: &Path) -> PathBuf {
    run(Command::new("cargo")
        .args(["build", "--release", "--quiet", "--bin", "cairn"])
        .current_dir(repo));
    repo.join("target/release/cairn")
}

fn run(cmd: &mut Command) {
    let status = cmd.status().expect("run command");
    assert!(status.success(), "{cmd:?} failed");
}

/// Runs a command under GNU time, for wall time and peak RSS.
fn timed(cmd: &mut Command) -> Run {
    let report = std::env::temp_dir().join(format!("cairn-bench-time-{}", std::process::id()));
    let mut wrapped = Command::new("/usr/bin/time");
    wrapped
        .arg("-f")
        .arg("%e %M")
        .arg("-o")
        .arg(&report)
        .arg(cmd.get_program())
        .args(cmd.get_args());
    let started = Instant::now();
    run(&mut wrapped);
    let seconds = started.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(&report).unwrap_or_default();
    let peak_kb = text
        .split_whitespace()
        .nth(1)
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    Run { seconds, peak_kb }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

fn tree_size(dir: &Path) -> (usize, u64) {
    let files = walk(dir);
    let bytes = files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum();
    (files.len(), bytes)
}

/// The largest HTML page under `out` (its path inside it and its size), and how many pages
/// are over 300 KB (issue 26's budget).
fn largest_html(out: &Path) -> (String, u64, usize) {
    let pages: Vec<(PathBuf, u64)> = walk(out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            let len = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
            (p, len)
        })
        .collect();
    let over = pages.iter().filter(|(_, len)| *len > 300_000).count();
    let (path, len) = pages
        .into_iter()
        .max_by_key(|(_, len)| *len)
        .unwrap_or_default();
    let rel = path
        .strip_prefix(out)
        .unwrap_or(&path)
        .display()
        .to_string();
    (rel, len, over)
}

/// Bytes of the search index files, if the build writes any (`search*.js` outside static/).
fn search_index_bytes(out: &Path) -> u64 {
    walk(out)
        .iter()
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            name.starts_with("search")
                && name.ends_with(".js")
                && !p.starts_with(out.join("static"))
        })
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum()
}

/// Sets the `title = "..."` line of a site's TOML to one naming `round`, always the same length.
fn set_title(config: &Path, round: usize) {
    let text = std::fs::read_to_string(config).expect("read the site's config");
    let title = match round {
        0 => "title = \"Benchmark library\"".to_string(),
        r => format!("title = \"Benchmark library, round {r:03}\""),
    };
    let changed: Vec<String> = text
        .lines()
        .map(|l| match l.starts_with("title = ") {
            true => title.clone(),
            false => l.to_string(),
        })
        .collect();
    std::fs::write(config, changed.join("\n") + "\n").expect("write the site's config");
}

/// How the floor writes its copy of the output.
#[derive(Clone, Copy)]
enum Floor {
    /// As `cairn build` writes: every file over its copy in the floor's spare (its output
    /// before last; a folder is made only when writing finds it missing), then the build's
    /// three renames swap it in. Into a `dest` that does not exist, everything is new.
    AsCairn,
    /// The floor of earlier versions of this benchmark, for comparison: a new copy written
    /// beside `dest` (every folder and file new), swapped in, and the copy before it deleted
    /// while the new one is written.
    NewCopy,
}

/// Writes `bytes` at `target` as `cairn build` writes a file it finds in its spare: from the
/// start over what the file held, then cut to length (src/output/staging.rs, `write_over`).
fn write_over(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(target)?;
    let held = file.metadata()?.len();
    file.write_all(bytes)?;
    if held > bytes.len() as u64 {
        file.set_len(bytes.len() as u64)?;
    }
    Ok(())
}

/// What the disk allows: read every source file, then write the same files (same paths and
/// sizes) as the build in `built` wrote, on twice as many threads as cores (as the build).
fn io_floor(lib: &Path, built: &Path, dest: &Path, how: Floor) -> f64 {
    let sources = walk(&lib.join("content"));
    let outputs: Vec<(PathBuf, u64)> = walk(built)
        .into_iter()
        .map(|p| {
            let len = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
            (p.strip_prefix(built).expect("inside").to_path_buf(), len)
        })
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, usize::from) * 2;
    let started = Instant::now();
    let read: usize = std::thread::scope(|scope| {
        let readers: Vec<_> = sources
            .chunks(sources.len().div_ceil(threads).max(1))
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|s| std::fs::read(s).map(|b| b.len()).unwrap_or(0))
                        .sum::<usize>()
                })
            })
            .collect();
        readers.into_iter().map(|r| r.join().expect("read")).sum()
    });
    let (copy, aside) = match how {
        Floor::AsCairn => (dest.with_extension("spare"), dest.with_extension("aside")),
        Floor::NewCopy => (dest.with_extension("new"), dest.with_extension("old")),
    };
    let cleanup = match how {
        Floor::AsCairn => {
            let _ = std::fs::create_dir_all(&copy);
            None
        }
        Floor::NewCopy => {
            let trash = dest.with_extension("trash");
            std::fs::rename(&aside, &trash)
                .is_ok()
                .then(|| std::thread::spawn(move || std::fs::remove_dir_all(trash)))
        }
    };
    std::thread::scope(|scope| {
        for part in outputs.chunks(outputs.len().div_ceil(threads).max(1)) {
            let copy = &copy;
            scope.spawn(move || {
                let buffer = vec![b'x'; 1 << 20];
                for (rel, len) in part {
                    let target = copy.join(rel);
                    let mut remaining = *len as usize;
                    let mut bytes = Vec::with_capacity(remaining);
                    while remaining > 0 {
                        let n = remaining.min(buffer.len());
                        bytes.extend_from_slice(&buffer[..n]);
                        remaining -= n;
                    }
                    if write_over(&target, &bytes).is_err() {
                        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
                        write_over(&target, &bytes).expect("write");
                    }
                }
            });
        }
    });
    let had_old = dest.exists();
    if had_old {
        std::fs::rename(dest, &aside).expect("move the old output aside");
    }
    std::fs::rename(&copy, dest).expect("swap");
    if had_old && matches!(how, Floor::AsCairn) {
        std::fs::rename(&aside, &copy).expect("keep the old output as the spare");
    }
    if let Some(cleanup) = cleanup {
        let _ = cleanup.join();
    }
    assert!(read > 0);
    started.elapsed().as_secs_f64()
}
