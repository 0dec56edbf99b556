//! `cairn serve` benchmark: `cargo run --release --example serve_bench [-- --sizes 10000
//! --edits 20 --connections 200 --requests 50]`.
//!
//! Starts the release `cairn serve` (build it first: `cargo build --release`) on a free port of
//! 127.0.0.1, first on a copy of the example library, then on each generated library
//! (`../shared/bench/gen_corpus.py`, cached under `$CAIRN_SERVE_BENCH_DIR`, default
//! `/tmp/cairn-serve-bench`), and prints:
//!
//! - edit-to-reload: from just before a case study's new title is written to the moment a
//!   listening client (as the browser's EventSource) receives the `reload` event; median, 90th
//!   percentile and worst of `--edits` saves, one every 400 ms;
//! - load: `--connections` clients (std threads) each open one keep-alive connection at the
//!   same moment and ask for a case-study page `--requests` times; requests per second, and how
//!   many requests failed (any error or a status other than 200).
//!
//! All traffic stays on the loopback interface and every loop is bounded.

mod corpus;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: &str| -> String {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
            .unwrap_or_else(|| default.to_string())
    };
    let sizes = corpus::sizes(&args, "10000");
    let edits: usize = arg("--edits", "20")
        .parse()
        .expect("--edits takes a number");
    let connections: usize = arg("--connections", "200").parse().expect("a number");
    let requests: usize = arg("--requests", "50").parse().expect("a number");

    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let binary = repo.join("target/release/cairn");
    let generator =
        corpus::generator().expect("../shared/bench/gen_corpus.py beside the repository");
    assert!(
        binary.exists(),
        "build the release binary first: cargo build --release"
    );
    let work = std::env::var_os("CAIRN_SERVE_BENCH_DIR")
        .map_or_else(|| PathBuf::from("/tmp/cairn-serve-bench"), PathBuf::from);

    let mut libraries = vec![("example".to_string(), copy_example(&repo, &work))];
    for n in sizes {
        let lib = work.join(format!("lib{n}"));
        corpus::generate(&generator, &lib, n);
        libraries.push((format!("{n} case studies"), lib));
    }

    println!(
        "{:<20} {:>9} {:>11} {:>11} {:>11} {:>11}",
        "library", "startup", "reload p50", "reload p90", "reload max", "pages/edit"
    );
    let mut load_target = None;
    for (name, lib) in &libraries {
        let server = Server::start(&binary, lib);
        let events = Events::connect(server.port);
        let case = first_case_study(lib);
        let original = std::fs::read_to_string(&case).expect("read case study");
        let mut times = Vec::new();
        for i in 0..edits {
            let edited = retitle(&original, &format!("Benchmark edit {i}"));
            let started = Instant::now();
            std::fs::write(&case, edited).expect("save the case study");
            events.wait_reload(Duration::from_secs(120));
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            std::thread::sleep(Duration::from_millis(400));
        }
        std::fs::write(&case, &original).expect("restore the case study");
        events.wait_reload(Duration::from_secs(120));
        let pages = server.rebuilt_pages();
        times.sort_by(f64::total_cmp);
        println!(
            "{:<20} {:>7.2} s {:>8.1} ms {:>8.1} ms {:>8.1} ms {:>11}",
            name,
            server.startup.as_secs_f64(),
            percentile(&times, 0.5),
            percentile(&times, 0.9),
            times.last().copied().unwrap_or(0.0),
            pages
        );
        if load_target.is_none() {
            let slug = case.file_stem().unwrap().to_string_lossy().into_owned();
            let (done, failed, seconds) = load(
                server.port,
                &format!("/case-studies/{slug}/"),
                connections,
                requests,
            );
            load_target = Some((name.clone(), done, failed, seconds));
        }
    }
    if let Some((name, done, failed, seconds)) = load_target {
        println!(
            "\nload ({name}): {connections} concurrent connections x {requests} requests: {done} answered 200, {failed} failed, {:.0} requests/s ({seconds:.2} s)",
            done as f64 / seconds
        );
    }
}

/// A running release `cairn serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    startup: Duration,
    log: Receiver<String>,
}

impl Server {
    fn start(binary: &Path, lib: &Path) -> Server {
        let started = Instant::now();
        let mut child = Command::new(binary)
            .args(["serve", "--port", "0", "--root"])
            .arg(lib)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start cairn serve");
        let (tx, log) = mpsc::channel();
        let stderr = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        let port = loop {
            let line = log
                .recv_timeout(Duration::from_secs(300))
                .expect("serve started");
            if let Some(rest) = line.strip_prefix("Serving http://127.0.0.1:") {
                break rest.split('/').next().unwrap().parse().expect("port");
            }
            assert!(!line.starts_with("error"), "serve failed: {line}");
        };
        Server {
            child,
            port,
            startup: started.elapsed(),
            log,
        }
    }

    /// Pages rendered by the last rebuild the server reported.
    fn rebuilt_pages(&self) -> String {
        std::thread::sleep(Duration::from_millis(100));
        let mut last = String::from("?");
        for line in self.log.try_iter() {
            if let Some(rest) = line.strip_prefix("Rebuilt ") {
                last = rest.split(' ').next().unwrap_or("?").to_string();
            }
        }
        last
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client listening for reload events, as the browser's EventSource does.
struct Events {
    rx: Receiver<String>,
}

impl Events {
    fn connect(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream
            .write_all(b"GET /__cairn/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .expect("ask for events");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(event) = line.strip_prefix("event: ")
                    && tx.send(event.to_string()).is_err()
                {
                    return;
                }
            }
        });
        assert_eq!(
            rx.recv_timeout(Duration::from_secs(10)).as_deref(),
            Ok("hello")
        );
        Events { rx }
    }

    fn wait_reload(&self, limit: Duration) {
        let until = Instant::now() + limit;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(event) if event == "reload" => return,
                Ok(_) => {}
                Err(_) => panic!("no reload event within {limit:?}"),
            }
        }
    }
}

/// `connections` clients at once, each asking for `path` `requests` times on one connection.
fn load(port: u16, path: &str, connections: usize, requests: usize) -> (usize, usize, f64) {
    let barrier = Arc::new(Barrier::new(connections + 1));
    let request = Arc::new(format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").into_bytes());
    let workers: Vec<_> = (0..connections)
        .map(|_| {
            let barrier = barrier.clone();
            let request = request.clone();
            std::thread::spawn(move || {
                let stream = TcpStream::connect(("127.0.0.1", port));
                barrier.wait();
                let Ok(mut stream) = stream else {
                    return (0, requests);
                };
                let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let mut ok = 0;
                for _ in 0..requests {
                    if stream.write_all(&request).is_err() || read_answer(&mut reader) != Some(200)
                    {
                        return (ok, requests - ok);
                    }
                    ok += 1;
                }
                (ok, 0)
            })
        })
        .collect();
    barrier.wait();
    let started = Instant::now();
    let (mut done, mut failed) = (0, 0);
    for worker in workers {
        let (ok, bad) = worker.join().unwrap_or((0, requests));
        done += ok;
        failed += bad;
    }
    (done, failed, started.elapsed().as_secs_f64())
}

/// Reads one answer on a kept-alive connection; its status.
fn read_answer(reader: &mut BufReader<TcpStream>) -> Option<u16> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let status = line.split(' ').nth(1)?.parse().ok()?;
    let mut length = 0;
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some(v) = l.strip_prefix("Content-Length: ") {
            length = v.parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(status)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn retitle(text: &str, title: &str) -> String {
    let mut done = false;
    text.lines()
        .map(|l| {
            if !done && l.starts_with("title:") {
                done = true;
                format!("title: \"{title}\"")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The first case study (by file name) that is not a translation or a section introduction.
fn first_case_study(lib: &Path) -> PathBuf {
    let mut names: Vec<PathBuf> = std::fs::read_dir(lib.join("content/case-studies"))
        .expect("case studies")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".md") && !name.starts_with('_') && name.matches('.').count() == 1
        })
        .collect();
    names.sort();
    names.into_iter().next().expect("a case study")
}

/// The example library (content/ and site.toml of this repository), copied so edits stay there.
fn copy_example(repo: &Path, work: &Path) -> PathBuf {
    let dest = work.join("example");
    let _ = std::fs::remove_dir_all(&dest);
    for entry in walkdir::WalkDir::new(repo.join("content")) {
        let entry = entry.expect("walk content");
        let rel = entry.path().strip_prefix(repo).expect("inside the repo");
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(dest.join(rel)).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), dest.join(rel)).expect("copy");
        }
    }
    std::fs::copy(repo.join("site.toml"), dest.join("site.toml")).expect("copy site.toml");
    dest
}
