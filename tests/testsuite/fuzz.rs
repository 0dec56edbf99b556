//! A stable-toolchain fuzz harness (libFuzzer needs nightly, which this machine lacks).
//!
//! Each target starts from a committed seed corpus (`tests/fuzz-corpus/<target>/`) and mutates
//! it: bit flips, inserted bytes and dictionary tokens, deleted and duplicated ranges, splices
//! of two inputs, and long runs of nesting tokens. An input that gives an outcome not seen
//! before (a new set of error messages) joins the corpus, a cheap stand-in for coverage.
//! Every run checks: no panic (caught and saved), no hang (a watchdog aborts after
//! `HANG_SECS` and saves the input), a bounded peak memory, and each target's own properties
//! (no script in rendered HTML, positions inside the file, ...).
//!
//! `cargo test --test testsuite fuzz` runs every seed plus a few hundred mutations per target. For a
//! long run: `CAIRN_FUZZ_SECS=600 cargo test --release --test testsuite fuzz -- --nocapture`
//! (optionally `CAIRN_FUZZ_TARGET=markdown`), which prints executions and corpus size.
//! A crashing input is written to `target/fuzz-crashes/<target>/`; once fixed, copy it into
//! the seed corpus, where it stays as a regression test.

use crate::common;
use crate::hostile::check;

use std::collections::{BTreeMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use cairn::content::Source;
use cairn::content::case_study::CaseStudyMeta;
use cairn::content::form::{Form, FormMeta};
use cairn::content::front_matter;
use cairn::content::page::{Glossary, GlossaryMeta, PageMeta};
use cairn::content::principle::PrincipleSetMeta;
use cairn::content::toolkit::SectionMeta;
use cairn::render::glossary::Matcher;
use cairn::render::markdown::{self, LinkTargets, Origin};
use cairn::text::line_col;
use cairn::{Diagnostic, collate};
use proptest::prelude::*;

/// An input running longer than this is a hang.
const HANG_SECS: u64 = 20;
/// Largest input the mutator makes.
const MAX_INPUT: usize = 256 * 1024;
/// Most inputs kept in a target's corpus.
const MAX_CORPUS: usize = 4_000;
/// Peak resident memory allowed for the whole fuzz process.
const MAX_PEAK_MB: u64 = 3_000;

/// What one execution found: a signature of its outcome, for novelty.
type Outcome = Vec<String>;

struct Target {
    name: &'static str,
    dict: &'static [&'static str],
    run: fn(&[u8]) -> Outcome,
}

const FRONT_MATTER_DICT: &[&str] = &[
    "---\n",
    "\n---\n",
    "title: ",
    "summary: ",
    "date: 2021-03\n",
    "period: { start: 2019, end: 2021 }\n",
    "themes: [",
    "principles: [core/sharing-power]\n",
    "&a ",
    "*a",
    "<<: *a\n",
    "!!binary ",
    "!!str ",
    "? ",
    "- ",
    "  - ",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "'",
    "|\n  ",
    ">\n  ",
    "#",
    "\r\n",
    "\u{feff}",
    "\t",
    ": ",
    "null",
    "~",
    "true",
    "no",
    "1e999",
    "-0x1",
    "2021-13-45",
    "consent: ",
    "draft: true\n",
    "<script>alert(7)</script>",
    "scales:\n",
    "sections:\n",
    "points:\n",
    "items:\n",
    "terms:\n",
    "callouts: [\"@/case-studies/a.md\"]\n",
    "%YAML 1.2\n",
    "--- !tag\n",
    "...\n",
];

const MARKDOWN_DICT: &[&str] = &[
    "[x](@/case-studies/a.md)",
    "[x](@/case-studies/a.md#what)",
    "[x](@/nowhere.md)",
    "[x](javascript:alert(7))",
    "[x](JaVaScRiPt:alert(7))",
    "[x]( data:text/html,x)",
    "![i](data:image/png;base64,AAAA)",
    "<script>alert(7)</script>",
    "<img src=x onerror=alert(7)>",
    "<a href=\"javascript:alert(7)\">",
    "> ",
    "- ",
    "1. ",
    "* ",
    "    ",
    "```rust\n",
    "```\n",
    "~~~\n",
    "# ",
    "## Heading {#id}\n",
    "[^1]",
    "[^1]: note\n",
    "| a | b |\n|---|---|\n",
    "**",
    "_",
    "`",
    "<",
    ">",
    "&",
    "&#0;",
    "&#x110000;",
    "\\",
    "[",
    "]",
    "(",
    ")",
    "\r\n",
    "\n\n",
    "\u{0}",
    "\u{202e}",
    "é",
    "🙂",
    "co-production",
    "citizens' assembly",
    "[ref]: @/case-studies/a.md\n",
    "[ref]",
    "<!--",
    "-->",
    "<div>",
    "</div>",
];

const ANSWERS_DICT: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"form\": \"assessing-progress\"",
    "\"version\": 1",
    "\"answers\": {",
    "\"working-well\": \"Y\"",
    "\"working-well\": \"NA\"",
    "\"x\": null",
    "\"total\": 99999999999999999999",
    "\"fields\": {",
    "\"comments\": {",
    ",",
    ":",
    "\"",
    "\\u0000",
    "\\ud800",
    "form,version,",
    "\n",
    "\r\n",
    "\"a,b\"",
    "\"\"",
    "\u{feff}",
    "1e400",
    "-1",
    "NA",
    "Y",
    "NI",
    "N",
];

const SERVE_DICT: &[&str] = &[
    "/",
    "//",
    "..",
    "%2e",
    "%2E%2e",
    "%2f",
    "%2F",
    "%5c",
    "\\",
    "%00",
    "%",
    "%zz",
    "%c0%ae",
    "%ff",
    "?",
    "#",
    "index.html",
    "case-studies/",
    "http://example.org/",
    "*",
    ".",
    "%20",
    "é",
    "%C3%A9",
    "/..%2f",
    "/%2e%2e/",
    "content/",
    "site.toml",
];

fn targets() -> Vec<Target> {
    vec![
        Target {
            name: "front_matter",
            dict: FRONT_MATTER_DICT,
            run: run_front_matter,
        },
        Target {
            name: "markdown",
            dict: MARKDOWN_DICT,
            run: run_markdown,
        },
        Target {
            name: "form",
            dict: FRONT_MATTER_DICT,
            run: run_form,
        },
        Target {
            name: "answers",
            dict: ANSWERS_DICT,
            run: run_answers,
        },
        Target {
            name: "serve_path",
            dict: SERVE_DICT,
            run: run_serve_path,
        },
        Target {
            name: "library",
            dict: FRONT_MATTER_DICT,
            run: run_library,
        },
    ]
}

// ---------------------------------------------------------------------------------------------
// Targets

/// Lines in `text`, for checking that positions fall inside the file.
fn line_count(text: &str) -> usize {
    text.matches('\n').count() + 1
}

/// The part of a message that says what went wrong: quoted values and digits removed.
fn message_kind(message: &str) -> String {
    message
        .split('`')
        .step_by(2)
        .collect::<String>()
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .take(60)
        .collect()
}

/// What went wrong in each problem, with its severity.
fn signature(problems: &[Diagnostic]) -> Outcome {
    let mut out: Vec<String> = problems
        .iter()
        .map(|d| format!("{}:{}", d.severity.as_str(), message_kind(&d.message)))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn check_positions(text: &str, problems: &[Diagnostic]) {
    let lines = line_count(text);
    for d in problems {
        assert!(
            d.line <= lines + 1,
            "line {} past the end ({lines} lines): {}",
            d.line,
            d.message
        );
        if let Some(src) = &d.source_line {
            assert!(
                src.chars().count() <= 4_096,
                "source line not cut: {}",
                src.len()
            );
        }
        let shown = d.to_string();
        assert!(!shown.is_empty());
    }
}

fn parse_as<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
    kind: &str,
) -> Vec<Diagnostic> {
    let parts = match front_matter::split(path, text) {
        Ok(p) => p,
        Err(d) => return vec![d],
    };
    match front_matter::parse::<T>(path, text, &parts, kind) {
        Ok((_, problems)) | Err(problems) => problems,
    }
}

/// Front matter of every kind of content file.
fn run_front_matter(bytes: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let path = Path::new("content/x.md");
    let mut problems = Vec::new();
    problems.extend(parse_as::<CaseStudyMeta>(path, text, "case study"));
    problems.extend(parse_as::<SectionMeta>(path, text, "toolkit section"));
    problems.extend(parse_as::<PrincipleSetMeta>(path, text, "principle set"));
    problems.extend(parse_as::<PageMeta>(path, text, "page"));
    problems.extend(parse_as::<GlossaryMeta>(path, text, "glossary"));
    check_positions(text, &problems);
    signature(&problems)
}

fn link_targets(raw_html: bool) -> LinkTargets {
    static GLOSSARY: OnceLock<Matcher> = OnceLock::new();
    let matcher = GLOSSARY.get_or_init(|| {
        let text = "---\ntitle: Glossary\nterms:\n  - term: co-production\n    definition: Working together.\n  - term: citizens' assembly\n    definition: A panel.\n  - term: é\n    definition: Accent.\n---\n";
        let path = Path::new("content/glossary.md");
        let parts = front_matter::split(path, text).unwrap();
        let (meta, _) = front_matter::parse::<GlossaryMeta>(path, text, &parts, "glossary").unwrap();
        Matcher::new(&Glossary {
            meta,
            source: Source {
                path: path.into(),
                text: text.into(),
                body_offset: parts.body_offset,
            },
        })
    });
    let urls: std::collections::HashMap<String, String> = [
        ("case-studies/a.md", "case-studies/a/index.html"),
        ("principles/core.md", "principles/core/index.html"),
        ("about.md", "about/index.html"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let files = urls.values().cloned().collect();
    let mut targets = LinkTargets::new(urls, files, Vec::new());
    targets.glossary = Some(matcher.clone());
    targets.raw_html = raw_html;
    targets
}

/// Markdown rendering with link resolution, glossary linking, and with raw HTML escaped or
/// sanitised.
fn run_markdown(bytes: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(bytes);
    let mut outcome = Vec::new();
    for raw_html in [false, true] {
        let targets = link_targets(raw_html);
        let origin = Origin {
            path: Path::new("content/case-studies/x.md"),
            file_text: &text,
            offset: Some(0),
            fallback_line: 0,
            page: Some("case-studies/x/index.html"),
        };
        let r = markdown::render(&text, origin, "../../", &targets);
        if let Some(found) = check::script_in_html(&r.html) {
            panic!("script in output (raw_html {raw_html}): {found}");
        }
        if raw_html {
            let handler = check::tags(&r.html)
                .unwrap()
                .into_iter()
                .find(|t| t.attrs.iter().any(|(a, _)| a.starts_with("on")));
            assert!(handler.is_none(), "event handler: {handler:?}");
        }
        assert!(r.problems.len() <= cairn::limits::MAX_PROBLEMS_PER_FILE + 1);
        check_positions(&text, &r.problems);
        let lines = line_count(&text);
        for link in &r.anchor_links {
            assert!(link.line <= lines);
        }
        outcome.extend(signature(&r.problems));
    }
    // Positions found incrementally agree with the straightforward count.
    let index = cairn::content::lines::LineIndex::new(&text);
    for at in (0..text.len()).step_by(text.len() / 7 + 1) {
        assert_eq!(index.position(at), line_col(&text, at));
    }
    outcome
}

fn seed_form() -> &'static Form {
    static FORM: OnceLock<Form> = OnceLock::new();
    FORM.get_or_init(|| {
        let text = std::fs::read_to_string(corpus_dir("form").join("assessing-progress.md"))
            .expect("seed form");
        parse_form(&text).expect("seed form is valid").0
    })
}

fn parse_form(text: &str) -> Result<(Form, Vec<Diagnostic>), Vec<Diagnostic>> {
    let path = Path::new("content/forms/assessing-progress.md");
    let parts = front_matter::split(path, text).map_err(|d| vec![d])?;
    let (meta, problems) = front_matter::parse::<FormMeta>(path, text, &parts, "form")?;
    Ok((
        Form {
            slug: "assessing-progress".into(),
            meta,
            source: Source {
                path: path.into(),
                text: text.into(),
                body_offset: parts.body_offset,
            },
        },
        problems,
    ))
}

/// Form definitions: parsed, validated, and when valid, scored and collated with answers made
/// from the form itself.
fn run_form(bytes: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(bytes);
    match parse_form(&text) {
        Err(problems) => {
            check_positions(&text, &problems);
            signature(&problems)
        }
        Ok((form, mut problems)) => {
            problems.extend(form.validate());
            check_positions(&text, &problems);
            if problems.iter().all(|d| !d.is_error()) {
                let mut answers = BTreeMap::new();
                for (i, section) in form.meta.sections.iter().enumerate() {
                    let scale = form
                        .meta
                        .scales
                        .iter()
                        .find(|s| s.id.value == section.scale.value);
                    for item in &section.items {
                        if let Some(point) =
                            scale.and_then(|s| s.points.get(i % s.points.len().max(1)))
                        {
                            answers.insert(item.id.value.clone(), point.code.clone());
                        }
                    }
                }
                let score = collate::score(&form, &answers);
                assert_eq!(score.total, score.sections.iter().sum::<i64>());
                let response = collate::Response {
                    name: "a".into(),
                    answers,
                    ..Default::default()
                };
                let c = collate::collate(&form, &[response.clone(), response]);
                let _ = collate::markdown(&form, &c);
                let _ = collate::csv(&form, &c);
            }
            signature(&problems)
        }
    }
}

/// Answer files given to `cairn collate`, JSON or CSV.
fn run_answers(bytes: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(bytes);
    let form = seed_form();
    match collate::parse_answer_file(form, "answers.json", &text) {
        Ok(response) => {
            let c = collate::collate(form, std::slice::from_ref(&response));
            let _ = collate::markdown(form, &c);
            let _ = collate::csv(form, &c);
            vec![format!("ok:{}", response.answers.len())]
        }
        Err(e) => {
            let shown = e.to_string();
            assert!(!shown.is_empty());
            vec![message_kind(&shown)]
        }
    }
}

/// The request-path decoder of `cairn serve`: whatever the bytes, the answer is a status or a
/// clean relative path inside the build (no `..`, no `\\`, no control bytes, no empty segment).
fn run_serve_path(bytes: &[u8]) -> Outcome {
    match cairn::serve::resolve(bytes) {
        Ok(path) => {
            assert!(!path.starts_with('/'), "absolute: {path:?}");
            assert!(!path.contains('\\'), "backslash: {path:?}");
            assert!(!path.chars().any(char::is_control), "control: {path:?}");
            for segment in path.split('/') {
                assert!(
                    segment != ".." && segment != "." && !segment.is_empty(),
                    "segment in {path:?}"
                );
            }
            assert!(bytes.starts_with(b"/"));
            vec![format!("ok:{}", path.matches('/').count().min(4))]
        }
        Err(status) => {
            assert!(matches!(status, 400 | 414), "status {status}");
            vec![status.to_string()]
        }
    }
}

/// A whole library build in memory, with the input as one case study (or, by its first byte,
/// a form, a toolkit section, a principle set or a page): every page is rendered through the
/// templates, and no injected script may reach the output.
fn run_library(bytes: &[u8]) -> Outcome {
    thread_local! {
        static FIXTURE: common::Fixture = {
            let f = common::Fixture::valid();
            f.write("content/toolkit/_index.md", "---\ntitle: Toolkit\n---\nIntro.\n");
            f
        };
    }
    let places = [
        "content/case-studies/fuzz.md",
        "content/forms/fuzz.md",
        "content/toolkit/fuzz.md",
        "content/principles/fuzz.md",
        "content/fuzz.md",
    ];
    // The folder is told by the input's fields, so a form seed stays a form when mutated.
    let has = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
    let at = if has("scales:") {
        places[1]
    } else if has("callouts:") || has("weight:") {
        places[2]
    } else if has("principles:\n") {
        places[3]
    } else if has("engagement_level") || has("date:") {
        places[0]
    } else {
        places[bytes.len() % places.len()]
    };
    FIXTURE.with(|f| {
        for p in places {
            let _ = std::fs::remove_file(f.path(p));
        }
        f.write_bytes(at, bytes);
        let result = cairn::build_in_memory(f.root(), false, &Default::default());
        let _ = std::fs::remove_file(f.path(at));
        match result {
            Ok((_, output, warnings)) => {
                for (path, bytes) in output.files() {
                    if let Some(found) = check::injected(path, bytes) {
                        panic!("injected markup: {found}");
                    }
                }
                let mut o = signature(&warnings);
                o.push("built".into());
                o
            }
            Err(cairn::Error::Content(problems)) => signature(&problems),
            Err(e) => vec![e.to_string().chars().take(60).collect()],
        }
    })
}

// ---------------------------------------------------------------------------------------------
// The engine

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-corpus")
        .join(target)
}

fn load_seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = corpus_dir(target);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("seed corpus {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// xorshift64*: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const INTERESTING: &[u8] = &[
    0, 0xff, 0xfe, 0xc3, 0xe2, 0xef, 0xbb, 0xbf, b'\n', b'\r', b'\t', b':', b'-', b'[', b']', b'{',
    b'}', b'&', b'*', b'<', b'>', b'"', b'\'', b'\\', b'#', b'@', b'/', b'|', b'!', b'`', b'%',
];

fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>], dict: &[&str]) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..=rng.below(4) {
        let len = data.len();
        match rng.below(9) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 => {
                let b = INTERESTING[rng.below(INTERESTING.len())];
                data.insert(rng.below(len + 1), b);
            }
            2 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(32)).min(len);
                data.drain(start..end);
            }
            3 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                let chunk = data[start..end].to_vec();
                let at = rng.below(len + 1);
                data.splice(at..at, chunk);
            }
            4 | 5 => {
                let token = dict[rng.below(dict.len())].as_bytes();
                let at = rng.below(len + 1);
                data.splice(at..at, token.iter().copied());
            }
            6 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                let cut_a = rng.below(len + 1);
                let cut_b = rng.below(other.len() + 1);
                data.truncate(cut_a);
                data.extend_from_slice(&other[cut_b..]);
            }
            7 => {
                // Long runs: deep nesting, many links, many aliases.
                let token = dict[rng.below(dict.len())].as_bytes();
                let times = 1 + rng.below(4_000);
                let at = rng.below(len + 1);
                let run: Vec<u8> = token
                    .iter()
                    .copied()
                    .cycle()
                    .take(token.len() * times)
                    .collect();
                data.splice(at..at, run);
            }
            _ if len > 0 => {
                // Replace a line with a line from another input.
                let other = &corpus[rng.below(corpus.len())];
                let lines: Vec<&[u8]> = other.split(|&b| b == b'\n').collect();
                let line = lines[rng.below(lines.len())];
                let at = rng.below(len);
                let end = data[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(len, |p| at + p);
                data.splice(at..end, line.iter().copied());
            }
            _ => {}
        }
    }
    data.truncate(MAX_INPUT);
    data
}

/// Peak resident memory of this process, in MB (Linux; 0 elsewhere).
fn peak_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        .and_then(|kb| kb.parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

struct Stats {
    executions: u64,
    corpus: usize,
    seeds: usize,
    crashes: Vec<PathBuf>,
    slowest: Duration,
}

fn save_crash(target: &str, input: &[u8], why: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/fuzz-crashes")
        .join(target);
    let _ = std::fs::create_dir_all(&dir);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in input {
        hash = (hash ^ b as u64).wrapping_mul(0x100_0000_01b3);
    }
    let path = dir.join(format!("{why}-{hash:016x}"));
    let _ = std::fs::write(&path, input);
    path
}

/// The input being run and since when, for the watchdog.
type Running = Option<(Instant, Vec<u8>)>;

/// Runs `target` on its seeds, then on mutations until `budget` runs out.
fn fuzz(target: &Target, budget: Budget) -> Stats {
    let seeds = load_seeds(target.name);
    assert!(!seeds.is_empty(), "no seeds for {}", target.name);
    let mut corpus = seeds.clone();
    let mut seen: HashSet<Outcome> = HashSet::new();
    let mut stats = Stats {
        executions: 0,
        corpus: 0,
        seeds: seeds.len(),
        crashes: Vec::new(),
        slowest: Duration::ZERO,
    };
    // The watchdog: aborts the process if one input runs too long, keeping the input.
    let current: Arc<Mutex<Running>> = Arc::new(Mutex::new(None));
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watchdog = {
        let current = Arc::clone(&current);
        let done = Arc::clone(&done);
        let name = target.name;
        std::thread::spawn(move || {
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                let guard = current.lock().unwrap_or_else(|e| e.into_inner());
                if let Some((started, input)) = guard.as_ref()
                    && started.elapsed() > Duration::from_secs(HANG_SECS)
                {
                    let path = save_crash(name, input, "hang");
                    eprintln!(
                        "fuzz {name}: an input ran over {HANG_SECS} s; saved to {}",
                        path.display()
                    );
                    std::process::abort();
                }
            }
        })
    };
    let started = Instant::now();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ target.name.len() as u64);
    let mut i = 0usize;
    loop {
        let input = if i < seeds.len() {
            seeds[i].clone()
        } else {
            let over = match budget {
                Budget::Mutations(n) => i >= seeds.len() + n,
                Budget::Time(t) => started.elapsed() >= t,
            };
            if over {
                break;
            }
            let base = &corpus[rng.below(corpus.len())];
            mutate(&mut rng, base, &corpus, target.dict)
        };
        i += 1;
        *current.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), input.clone()));
        let t0 = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| (target.run)(&input)));
        let took = t0.elapsed();
        *current.lock().unwrap_or_else(|e| e.into_inner()) = None;
        stats.executions += 1;
        if took > stats.slowest {
            stats.slowest = took;
            if took > Duration::from_millis(500) {
                save_crash(target.name, &input, "slowest");
            }
        }
        match result {
            Ok(outcome) => {
                if seen.insert(outcome) && i > seeds.len() && corpus.len() < MAX_CORPUS {
                    corpus.push(input);
                }
            }
            Err(_) => stats.crashes.push(save_crash(target.name, &input, "crash")),
        }
        if let Budget::Time(_) = budget
            && stats.executions.is_multiple_of(10_000)
        {
            eprintln!(
                "fuzz {}: {} executions, corpus {}, {:.0} s, peak {} MB",
                target.name,
                stats.executions,
                corpus.len(),
                started.elapsed().as_secs_f64(),
                peak_rss_mb()
            );
        }
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = watchdog.join();
    stats.corpus = corpus.len();
    stats
}

#[derive(Clone, Copy)]
enum Budget {
    Mutations(usize),
    Time(Duration),
}

fn run_target(name: &str, short_mutations: usize) {
    let target = targets().into_iter().find(|t| t.name == name).unwrap();
    // `CAIRN_FUZZ_REPLAY=<file> CAIRN_FUZZ_TARGET=<name>` runs one saved input, uncaught.
    if let (Ok(file), Ok(only)) = (
        std::env::var("CAIRN_FUZZ_REPLAY"),
        std::env::var("CAIRN_FUZZ_TARGET"),
    ) {
        if only == name {
            let input = std::fs::read(&file).unwrap();
            let t0 = Instant::now();
            let outcome = (target.run)(&input);
            eprintln!("replay {file}: {outcome:?} in {:?}", t0.elapsed());
        }
        return;
    }
    let long = std::env::var("CAIRN_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|_| {
            std::env::var("CAIRN_FUZZ_TARGET").is_ok_and(|t| t == name)
                || std::env::var("CAIRN_FUZZ_TARGET").is_err()
        });
    let budget = match long {
        Some(secs) => Budget::Time(Duration::from_secs(secs)),
        None => Budget::Mutations(short_mutations),
    };
    let started = Instant::now();
    // Quiet the default hook: panics are caught and reported below, with their input saved.
    let stats = fuzz(&target, budget);
    let peak = peak_rss_mb();
    eprintln!(
        "fuzz {name}: {} executions in {:.1} s ({} seeds, corpus {}), slowest input {} ms, peak memory {} MB, {} crashes",
        stats.executions,
        started.elapsed().as_secs_f64(),
        stats.seeds,
        stats.corpus,
        stats.slowest.as_millis(),
        peak,
        stats.crashes.len()
    );
    assert!(
        stats.crashes.is_empty(),
        "{name}: inputs that panicked were saved: {:#?}",
        stats.crashes
    );
    assert!(peak < MAX_PEAK_MB, "{name}: peak memory {peak} MB");
}

// Pins that front matter of every content kind, however malformed, gives errors, never a panic.
#[test]
fn fuzz_front_matter() {
    run_target("front_matter", 400);
}

// Pins that Markdown with any links or raw HTML renders without panic and without script.
#[test]
fn fuzz_markdown() {
    run_target("markdown", 400);
}

// Pins that any form definition is reported or scored and collated without panic.
#[test]
fn fuzz_form() {
    run_target("form", 300);
}

// Pins that any answer file given to `cairn collate` is read or refused without panic.
#[test]
fn fuzz_answers() {
    run_target("answers", 400);
}

// Pins that `cairn serve`'s request-path decoder never yields a path outside the build.
#[test]
fn fuzz_serve_path() {
    run_target("serve_path", 2_000);
}

// Pins that a hostile content file in a whole library builds or fails cleanly, script-free.
#[test]
fn fuzz_library() {
    run_target("library", 40);
}

// Pins that the engine itself notices a panic: a target that panics on one seed is caught
// and its input saved (so a green run means something).
#[test]
fn harness_catches_panics() {
    let target = Target {
        name: "harness-self-test",
        dict: &["x"],
        run: |bytes| {
            assert!(!bytes.contains(&b'!'), "found the bang");
            Vec::new()
        },
    };
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a"), b"hello!").unwrap();
    let seeds = load_seeds_from(tmp.path());
    let crashed = seeds
        .iter()
        .filter(|s| catch_unwind(AssertUnwindSafe(|| (target.run)(s))).is_err())
        .count();
    assert_eq!(crashed, 1);
    let mut rng = Rng(1);
    let mutated: Vec<Vec<u8>> = (0..200)
        .map(|_| mutate(&mut rng, &seeds[0], &seeds, target.dict))
        .collect();
    assert!(
        mutated.iter().any(|m| m != &seeds[0]),
        "the mutator changes inputs"
    );
    assert!(mutated.iter().all(|m| m.len() <= MAX_INPUT));
}

fn load_seeds_from(dir: &Path) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    // Pins that any string in any field of a case study's front matter is escaped: it never
    // reaches the page as markup, and the build never panics.
    #[test]
    fn any_front_matter_string_is_escaped(
        value in "[<>\"'&a-z/= ]{0,24}(<script>alert\\(7\\)</script>|<img src=x onerror=alert\\(7\\)>|\"><svg onload=alert\\(7\\)>)",
        field in 0usize..4,
    ) {
        let yaml = value.replace('\\', "\\\\").replace('"', "\\\"");
        let fields = ["title", "summary", "place", "licence"];
        let mut text = String::from("---\ntitle: \"A hostile story\"\nsummary: \"Something worked.\"\nplace: \"Oldham\"\nlicence: \"CC BY 4.0\"\n");
        text = text.replace(&format!("{}: ", fields[field]), &format!("{}: \"{yaml}\"\n_old_{}: ", fields[field], fields[field]));
        text = text.lines().filter(|l| !l.starts_with("_old_")).collect::<Vec<_>>().join("\n");
        text.push_str("\ndate: 2021-03\nthemes: [\"youth\"]\nprinciples: [\"core/sharing-power\"]\nengagement_level: empower\n---\nBody.\n");
        let f = common::Fixture::valid();
        f.write("content/case-studies/hostile.md", &text);
        let result = cairn::build_in_memory(f.root(), false, &Default::default());
        let (_, output, _) = result.map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        for (path, bytes) in output.files() {
            let found = check::injected(path, bytes);
            prop_assert!(found.is_none(), "{:?}", found);
        }
    }
}

/// One entry of a generated content tree.
#[derive(Debug, Clone)]
enum TreeEntry {
    /// A file at a path under `content/`, by name part and extension.
    File(Vec<String>, String),
    /// A symbolic link under `content/` to one of [`LINK_TARGETS`].
    Link(Vec<String>, String, usize),
}

/// Where generated links point: outside the library, into `.git`, to nothing, to a folder
/// outside, inside the library (a page, the output) and to the library itself.
const LINK_TARGETS: &[&str] = &[
    "OUTSIDE/secret.txt",
    "OUTSIDE",
    "LIBRARY/.git/config",
    "LIBRARY/content/case-studies/good.md",
    "LIBRARY/public/index.html",
    "LIBRARY",
    "/nowhere/at/all",
    "/etc/passwd",
];

fn tree_entry() -> impl Strategy<Value = TreeEntry> {
    let part = prop_oneof![
        Just("case-studies".to_string()),
        Just(".well-known".to_string()),
        Just("..".to_string()),
        Just("a b".to_string()),
        Just("CON".to_string()),
        "[a-zA-Z0-9._~-]{1,12}",
        "\\PC{1,6}",
    ];
    let ext = prop_oneof![
        Just("html".to_string()),
        Just("svg".to_string()),
        Just("js".to_string()),
        Just("png".to_string()),
        Just("JPG".to_string()),
        Just("txt".to_string()),
        Just("css".to_string()),
        Just("xml".to_string()),
        Just("".to_string()),
        Just("pdf".to_string()),
        "[a-z]{1,4}",
    ];
    let parts = proptest::collection::vec(part, 1..4);
    prop_oneof![
        (parts.clone(), ext.clone()).prop_map(|(p, e)| TreeEntry::File(p, e)),
        (parts, ext, 0..LINK_TARGETS.len()).prop_map(|(p, e, t)| TreeEntry::Link(p, e, t)),
    ]
}

/// Every file under `dir` (links not followed) with its bytes, `None` for a link's target.
fn world(dir: &Path, skip: &dyn Fn(&Path) -> bool) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| !skip(e.path()))
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let bytes = e
                .file_type()
                .is_file()
                .then(|| std::fs::read(e.path()).unwrap());
            (e.path().to_path_buf(), bytes)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    // Pins that random content trees (odd names, hidden and reserved names, links anywhere,
    // every kind of file) never make the build write outside its output folder and its spare,
    // nor publish a file type content/ may not hold, nor anything read through a link leading
    // outside the library or into `.git`.
    #[test]
    fn random_content_trees_stay_inside(entries in proptest::collection::vec(tree_entry(), 1..12)) {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret.txt"), "SECRET-OUTSIDE").unwrap();
        let f = common::Fixture::valid();
        f.write(".git/config", "SECRET-GIT");
        f.build_ok();
        for (n, entry) in entries.iter().enumerate() {
            let (parts, ext) = match entry {
                TreeEntry::File(p, e) | TreeEntry::Link(p, e, _) => (p, e),
            };
            let mut rel = PathBuf::from("content");
            for p in parts {
                rel.push(p.replace(['/', '\\', '\0'], "_"));
            }
            if !ext.is_empty() {
                rel.set_extension(ext);
            }
            let path = f.root().join(&rel);
            // A path that leads out (`..`) or onto an existing file is left out.
            if !path.starts_with(f.root().join("content")) || rel.components().any(|c| c.as_os_str() == "..") || path.exists() {
                continue;
            }
            if std::fs::create_dir_all(path.parent().unwrap()).is_err() {
                continue;
            }
            let allowed = cairn::content::assets::is_allowed(&path.file_name().unwrap().to_string_lossy());
            match entry {
                TreeEntry::File(..) => {
                    let marker = if allowed { "ALLOWED" } else { "FORBIDDEN" };
                    let _ = std::fs::write(&path, format!("<script>{marker}-{n}</script>"));
                }
                TreeEntry::Link(_, _, t) => {
                    let target = LINK_TARGETS[*t]
                        .replace("OUTSIDE", &outside.to_string_lossy())
                        .replace("LIBRARY", &f.root().to_string_lossy());
                    #[cfg(unix)]
                    let _ = std::os::unix::fs::symlink(target, &path);
                }
            }
        }
        let is_output = |p: &Path| {
            p.strip_prefix(f.root()).ok().and_then(|r| r.components().next()).is_some_and(|c| {
                let c = c.as_os_str().to_string_lossy();
                // The build's own folders: the output, its spare, and the pictures' cache.
                c == "public" || c.starts_with(".public.cairn-") || c == ".cairn-cache"
            })
        };
        let library_before = world(f.root(), &is_output);
        let outside_before = world(&outside, &|_| false);
        let result = cairn::build(&cairn::BuildOptions {
            root: f.root().to_path_buf(),
            output: None,
            drafts: false,
            zip: false,
            base_url: None,
        });
        prop_assert_eq!(world(f.root(), &is_output), library_before, "the library changed");
        prop_assert_eq!(world(&outside, &|_| false), outside_before, "outside changed");
        // Only the output and its spare are beside the library's own files.
        let beside: Vec<String> = std::fs::read_dir(f.root()).unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public.") && n != ".public.cairn-spare")
            .collect();
        prop_assert!(beside.is_empty(), "{:?}", beside);
        for (path, bytes) in common::snapshot_tree(&f.path("public")) {
            let text = String::from_utf8_lossy(&bytes);
            prop_assert!(!text.contains("FORBIDDEN") && !text.contains("SECRET"), "{} published: {}", path, text);
            // A file published from content/ is of an allowed type.
            let from_content = f.root().join("content").join(&path);
            if result.is_ok() && std::fs::symlink_metadata(&from_content).is_ok() && !path.ends_with(".md") {
                let name = Path::new(&path).file_name().unwrap().to_string_lossy().into_owned();
                prop_assert!(cairn::content::assets::is_allowed(&name), "{} published", path);
            }
        }
    }
}
