//! `cairn serve`: the server is started on a free port and spoken to over raw TCP (HTTP clients
//! would normalise the paths these tests send), and the incremental rebuilds are compared with
//! full builds.

use crate::common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cairn::incremental::{Builder, Files, Kind, Patch, Plan};
use cairn::render::RenderOptions;
use common::{Fixture, GOOD_CASE_STUDY};

/// A running `cairn serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(root: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cairn"))
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start cairn serve");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let log_writer = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("Serving http://127.0.0.1:") {
                    let port: u16 = rest.split('/').next().unwrap().parse().unwrap();
                    let _ = tx.send(port);
                }
                let mut log = log_writer.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let port = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(port) => port,
            Err(_) => {
                let _ = child.kill();
                panic!("serve did not start:\n{}", log.lock().unwrap());
            }
        };
        Server { child, port, log }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits until the terminal output contains `text`.
    fn wait_log(&self, text: &str) {
        let until = Instant::now() + Duration::from_secs(30);
        while Instant::now() < until {
            if self.log().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("no `{text}` in the log:\n{}", self.log());
    }

    /// Sends raw bytes as one request and reads the whole answer.
    fn raw(&self, request: &[u8]) -> Answer {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        stream.write_all(request).unwrap();
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        Answer::parse(&bytes)
    }

    fn get(&self, path: &str) -> Answer {
        self.raw(
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
    }

    fn events(&self) -> Events {
        Events::connect(self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A parsed HTTP answer.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

impl Answer {
    fn parse(bytes: &[u8]) -> Answer {
        let end = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(bytes)));
        let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Answer {
            status,
            headers,
            body: bytes[end + 4..].to_vec(),
        }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or("")
    }
}

/// A browser tab listening for reload events.
struct Events {
    rx: Receiver<(String, String)>,
}

impl Events {
    fn connect(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .write_all(b"GET /__cairn/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(data) = line.strip_prefix("data: ")
                    && tx.send((event.clone(), data.to_string())).is_err()
                {
                    return;
                }
            }
        });
        let events = Events { rx };
        events.wait("hello");
        events
    }

    /// Waits for the event `name`, returning its data; fails on any other event but `hello`.
    fn wait(&self, name: &str) -> String {
        loop {
            match self.rx.recv_timeout(Duration::from_secs(60)) {
                Ok((event, data)) if event == name => return data,
                Ok((event, _)) if event == "hello" => {}
                Ok((event, data)) => panic!("expected `{name}`, got `{event}`: {data}"),
                Err(_) => panic!("no `{name}` event"),
            }
        }
    }
}

fn case_study(title: &str, theme: &str) -> String {
    GOOD_CASE_STUDY
        .replace("A good story", title)
        .replace("[\"youth\"]", &format!("[\"{theme}\"]"))
        .replace("(@/case-studies/good.md#what-happened)", "(#what-happened)")
}

/// A small library with several case studies, so that listings and related ones exist.
fn library() -> Fixture {
    let f = Fixture::valid();
    f.write(
        "content/case-studies/second.md",
        &case_study("The second story", "youth"),
    );
    f.write(
        "content/case-studies/third.md",
        &case_study("The third story", "health inequalities"),
    );
    f.write("static/css/extra.css", "body { color: black; }\n");
    f.write("secret.txt", "TOP-SECRET-MARKER\n");
    f
}

// Pins what is served and how: pages, types, folders, the 404 page, no-store, HEAD and 405.
#[test]
fn serves_pages_types_and_the_404_page() {
    let f = library();
    let server = Server::start(f.root(), &[]);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(home.header("cache-control"), "no-store");
    assert!(home.text().contains("Test Library"));
    for (path, kind) in [
        ("/case-studies/good/", "text/html; charset=utf-8"),
        ("/case-studies/good/index.html", "text/html; charset=utf-8"),
        ("/static/css/site.css", "text/css; charset=utf-8"),
        ("/static/css/extra.css", "text/css; charset=utf-8"),
        ("/static/js/site.js", "text/javascript; charset=utf-8"),
        ("/sitemap.xml", "application/xml"),
        ("/atom.xml", "application/xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/data/case-studies.csv", "text/csv; charset=utf-8"),
    ] {
        let answer = server.get(path);
        assert_eq!(answer.status, 200, "{path}");
        assert_eq!(answer.header("content-type"), kind, "{path}");
        assert_eq!(answer.header("cache-control"), "no-store", "{path}");
        assert_eq!(
            answer.header("content-length"),
            answer.body.len().to_string()
        );
    }
    let folder = server.get("/case-studies/good");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), "good/");
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("Page not found"),
        "the site's 404 page"
    );
    assert!(missing.text().contains("<base href=\"../../../\">"));
    let head = server.raw(b"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-length"), home.body.len().to_string());
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let answer =
            server.raw(format!("{method} / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").as_bytes());
        assert_eq!(answer.status, 405, "{method}");
        assert_eq!(answer.header("allow"), "GET, HEAD");
    }
    // Several requests on one kept-alive connection.
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .write_all(b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /atom.xml HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut all = String::new();
    stream.read_to_string(&mut all).unwrap();
    assert_eq!(all.matches("HTTP/1.1 200 OK").count(), 2);
}

// Pins that every type of file the example library's build writes has a media type.
#[test]
fn every_file_type_the_build_writes_has_a_media_type() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_, output, _) = cairn::build_in_memory(root, false, &RenderOptions::default())
        .expect("the example library builds");
    let untyped: Vec<&str> = output
        .paths()
        .filter(|p| cairn::serve::content_type(p) == "application/octet-stream")
        .collect();
    assert!(untyped.is_empty(), "no media type for {untyped:?}");
}

// Pins the safety rule: no traversal form, encoding trick or malformed path reaches a file
// outside the build; each gets 400, 404 or 414.
// Pins that `serve` answers only requests naming this machine: a page elsewhere that points
// its own name at 127.0.0.1 (DNS rebinding) sends `Host: evil.example` and gets 421, with no
// page; loopback names with the server's port are served.
#[test]
fn requests_for_other_hosts_are_refused() {
    let f = library();
    let server = Server::start(f.root(), &[]);
    let ask = |host: &str| {
        server
            .raw(format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes())
    };
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{}", server.port),
        "localhost.evil.example".to_string(),
        "127.0.0.1:1".to_string(),
    ] {
        let answer = ask(&host);
        assert_eq!(answer.status, 421, "{host}");
        assert!(
            !String::from_utf8_lossy(&answer.body).contains("<html"),
            "{host}"
        );
    }
    for host in [
        format!("127.0.0.1:{}", server.port),
        format!("localhost:{}", server.port),
        "[::1]".to_string(),
    ] {
        assert_eq!(ask(&host).status, 200, "{host}");
    }
}

#[test]
fn traversal_forms_never_leave_the_build() {
    let f = library();
    let server = Server::start(f.root(), &[]);
    let targets: Vec<Vec<u8>> = [
        &b"/../secret.txt"[..],
        b"/../../../../etc/passwd",
        b"/%2e%2e/secret.txt",
        b"/%2E%2E/secret.txt",
        b"/.%2e/secret.txt",
        b"/%2e%2e%2fsecret.txt",
        b"/..%2fsecret.txt",
        b"/static/..%2f..%2fsecret.txt",
        b"/static/%2e%2e/%2e%2e/secret.txt",
        b"/%252e%252e/secret.txt",
        b"/..\\secret.txt",
        b"/static\\..\\..\\secret.txt",
        b"/%5c..%5csecret.txt",
        b"/static/..%5c..%5csecret.txt",
        b"/%c0%ae%c0%ae/secret.txt",
        b"/%c0%af..%c0%afsecret.txt",
        b"/\xc0\xae\xc0\xae/secret.txt",
        b"/\xff\xfe/secret.txt",
        b"/%ff%fe",
        b"/secret.txt%00.html",
        b"/%00",
        b"/index.html%00",
        b"/%",
        b"/%zz",
        b"//etc/passwd",
        b"/etc/passwd",
        b"/secret.txt",
        b"/site.toml",
        b"/content/case-studies/good.md",
        b"/./secret.txt",
        b"/C:/Windows/win.ini",
        b"C:\\Windows\\win.ini",
        b"http://127.0.0.1/../secret.txt",
        b"*",
        b"secret.txt",
    ]
    .iter()
    .map(|t| t.to_vec())
    .chain([format!("/{}", "a/".repeat(3000)).into_bytes()])
    .collect();
    for target in &targets {
        let mut request = b"GET ".to_vec();
        request.extend_from_slice(target);
        request.extend_from_slice(b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        let answer = server.raw(&request);
        let shown = String::from_utf8_lossy(target);
        assert!(
            [400, 404, 414].contains(&answer.status),
            "{shown}: {}",
            answer.status
        );
        let text = answer.text();
        assert!(
            !text.contains("TOP-SECRET-MARKER"),
            "{shown} leaked the file"
        );
        assert!(!text.contains("root:x:0"), "{shown} leaked /etc/passwd");
        assert!(
            !text.contains("[taxonomies.themes]"),
            "{shown} leaked site.toml"
        );
    }
    // A traversal form that only normalises to a page of the build is still refused.
    assert_eq!(server.get("/static/../index.html").status, 400);
    assert_eq!(server.get("/index.html").status, 200);
}

// Pins the bounds: a huge request line gets 414, huge headers 431, and clients that stall or
// send nothing do not hold up anyone else.
#[test]
fn bounded_requests_and_stalled_clients() {
    let f = library();
    let server = Server::start(f.root(), &[]);
    let long_line = format!(
        "GET /{} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "a".repeat(20_000)
    );
    assert_eq!(server.raw(long_line.as_bytes()).status, 414);
    let big_headers = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n{}\r\n",
        "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(400)
    );
    assert_eq!(server.raw(big_headers.as_bytes()).status, 431);
    let many_headers = format!("GET / HTTP/1.1\r\n{}\r\n", "A: b\r\n".repeat(100));
    assert_eq!(server.raw(many_headers.as_bytes()).status, 431);
    assert_eq!(server.raw(b"GET / HTTP/2.0\r\n\r\n").status, 505);
    assert_eq!(server.raw(b"NONSENSE\r\n\r\n").status, 400);

    // Stalled clients: half a request line, half a head, and a connection that says nothing.
    let mut stalled = Vec::new();
    for partial in [
        &b"GET /ind"[..],
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n",
        b"",
    ] {
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        s.write_all(partial).unwrap();
        stalled.push(s);
    }
    let started = Instant::now();
    for _ in 0..20 {
        assert_eq!(server.get("/").status, 200);
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "stalled clients slowed others: {:?}",
        started.elapsed()
    );
    drop(stalled);
}

// Pins live reload: editing a case study's title (saved by writing a temporary file and
// renaming it, as many editors do) sends a reload event, and the new title is served on its
// page and the listing; the terminal says what was rebuilt.
#[test]
fn editing_a_title_reloads_with_the_new_title() {
    let f = library();
    let server = Server::start(f.root(), &[]);
    let events = server.events();
    assert!(
        !server
            .get("/case-studies/second/")
            .text()
            .contains("A renamed story")
    );
    f.write(
        "content/case-studies/.second.md.tmp",
        &case_study("A renamed story", "youth"),
    );
    std::fs::rename(
        f.path("content/case-studies/.second.md.tmp"),
        f.path("content/case-studies/second.md"),
    )
    .unwrap();
    events.wait("reload");
    assert!(
        server
            .get("/case-studies/second/")
            .text()
            .contains("A renamed story")
    );
    assert!(
        server
            .get("/case-studies/")
            .text()
            .contains("A renamed story")
    );
    server.wait_log("after a change to content/case-studies/second.md");
    assert!(server.log().contains("Rebuilt"), "{}", server.log());
    // The search index and data files follow.
    server.wait_log("Search index and data files updated");
    assert!(
        server
            .get("/search/docs/d0.js")
            .text()
            .contains("A renamed story")
    );

    // A new case study, then its deletion: the page appears, then is gone.
    f.write(
        "content/case-studies/fourth.md",
        &case_study("The fourth story", "youth"),
    );
    events.wait("reload");
    assert_eq!(server.get("/case-studies/fourth/").status, 200);
    std::fs::remove_file(f.path("content/case-studies/fourth.md")).unwrap();
    events.wait("reload");
    assert_eq!(server.get("/case-studies/fourth/").status, 404);
}

// Pins error handling: a broken save shows an overlay naming file:line on every page and in the
// terminal, the last good build is still served, and the next good save recovers.
#[test]
fn a_broken_save_shows_the_overlay_and_the_next_good_save_recovers() {
    let f = library();
    let server = Server::start(f.root(), &[]);
    let events = server.events();
    let broken =
        case_study("The second story", "youth").replace("place: \"Oldham\"", "plase: \"Oldham\"");
    f.write("content/case-studies/second.md", &broken);
    events.wait("reload");
    for page in ["/", "/case-studies/good/", "/case-studies/second/"] {
        let text = server.get(page).text();
        assert!(
            text.contains("id=\"cairn-errors\""),
            "{page} has no overlay"
        );
        assert!(
            text.contains("content/case-studies/second.md:5"),
            "{page} overlay lacks file:line"
        );
        assert!(text.contains("plase"));
        // Each message once (the overlay used to repeat it above its full text).
        assert_eq!(
            text.matches("unknown field `plase`").count(),
            1,
            "{page}: {text}"
        );
        assert_eq!(text.matches("did you mean `place`?").count(), 1, "{page}");
        assert!(text.contains("The site did not build: 1 error<"), "{page}");
        assert!(text.contains("You are seeing the last good build."));
    }
    // The last good build is what is served underneath.
    assert!(
        server
            .get("/case-studies/second/")
            .text()
            .contains("The second story")
    );
    server.wait_log("still serving the last good build");
    assert!(server.log().contains("content/case-studies/second.md:5"));

    f.write(
        "content/case-studies/second.md",
        &case_study("Fixed story", "youth"),
    );
    events.wait("reload");
    let text = server.get("/case-studies/second/").text();
    assert!(!text.contains("cairn-errors"), "the overlay stayed");
    assert!(text.contains("Fixed story"));
    assert!(!server.get("/").text().contains("cairn-errors"));
}

// Pins that serve started outside a library does not claim to serve a last good build that
// never existed: the terminal and the page say nothing has built yet, each message once.
#[test]
fn a_first_build_that_fails_claims_no_last_good_build() {
    let f = Fixture::empty();
    let server = Server::start(f.root(), &[]);
    server.wait_log("nothing to serve until it builds");
    let log = server.log();
    assert!(!log.contains("last good build"), "{log}");
    assert!(log.contains("the build failed with 1 error;"), "{log}");
    let page = server.get("/").text();
    assert!(page.contains("Nothing has built yet."), "{page}");
    assert!(!page.contains("last good build"), "{page}");
    assert_eq!(page.matches("there is no site.toml").count(), 1, "{page}");
}

// Pins the stylesheet swap: a CSS-only change sends a `css` event naming the file (no reload),
// and the new stylesheet is served.
#[test]
fn a_css_change_swaps_the_stylesheet() {
    let f = library();
    let server = Server::start(f.root(), &[]);
    let events = server.events();
    f.write("static/css/extra.css", "body { color: rebeccapurple; }\n");
    let data = events.wait("css");
    assert_eq!(data, "[\"static/css/extra.css\"]");
    assert!(
        server
            .get("/static/css/extra.css")
            .text()
            .contains("rebeccapurple")
    );
    server.wait_log("Copied 1 file after a change to static/css/extra.css");
}

// Pins that the live-reload script is injected by serve only, never written by `cairn build`.
#[test]
fn build_output_has_no_reload_script() {
    let f = library();
    let server = Server::start(f.root(), &[]);
    assert!(server.get("/").text().contains("data-cairn-live-reload"));
    drop(server);
    f.build_ok();
    let mut checked = 0;
    for (path, bytes) in common::snapshot_tree(&f.path("public")) {
        let text = String::from_utf8_lossy(&bytes);
        for marker in ["data-cairn-live-reload", "/__cairn/events", "cairn-errors"] {
            assert!(!text.contains(marker), "{path} contains {marker}");
        }
        checked += 1;
    }
    assert!(checked > 10);
}

// Pins the port and bind messages: a port in use is a usage error naming --port, and binding
// to all addresses warns that the site is visible on the network.
#[test]
fn port_in_use_and_public_bind_are_explained() {
    let f = library();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = f.cairn(&["serve", "--port", &port]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(err.contains("already in use"), "{err}");
    assert!(err.contains("--port"), "{err}");

    let server = Server::start(f.root(), &["--bind", "0.0.0.0"]);
    assert!(
        server.log().contains("visible to other machines"),
        "{}",
        server.log()
    );
}

/// Applies a rebuild's patch to a served site.
fn apply(files: &mut Files, patch: Patch) {
    match patch {
        Patch::Replace(all) => *files = all,
        Patch::Update(put) => files.extend(put),
    }
}

/// The files of `served` that differ from a fresh full build of the library at `root`, or that
/// the full build does not make, sorted.
fn stale_files(root: &Path, options: &RenderOptions, served: &Files) -> Vec<String> {
    let mut fresh = Builder::new(root, false, options.clone());
    let Patch::Replace(expected) = fresh.full(Vec::new()).unwrap().patch else {
        panic!("a full build replaces the site");
    };
    let mut differing: Vec<String> = expected
        .keys()
        .filter(|p| served.get(*p) != expected.get(*p))
        .chain(served.keys().filter(|p| !expected.contains_key(*p)))
        .cloned()
        .collect();
    differing.sort();
    differing
}

/// The example library copied into a temporary folder.
fn example_library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in walkdir::WalkDir::new(repo.join("content")) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(repo).unwrap();
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(dir.path().join(rel)).unwrap();
        } else {
            std::fs::copy(entry.path(), dir.path().join(rel)).unwrap();
        }
    }
    std::fs::copy(repo.join("site.toml"), dir.path().join("site.toml")).unwrap();
    dir
}

// Pins incremental correctness: after editing case studies (title, body, date, themes),
// the patched site equals a full build of the edited library, file for file.
#[test]
fn incremental_rebuilds_equal_full_builds() {
    let dir = example_library();
    let root = dir.path();
    let options = RenderOptions {
        body_end: Some("<script>reload</script>".into()),
    };
    let mut builder = Builder::new(root, false, options.clone());
    let mut served = Files::new();
    apply(&mut served, builder.full(Vec::new()).unwrap().patch);
    let case_studies = root.join("content/case-studies");
    let mut names: Vec<String> = std::fs::read_dir(&case_studies)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && !n.starts_with('_') && n.matches('.').count() == 1)
        .collect();
    names.sort();
    type Edit<'a> = (&'a str, &'a dyn Fn(&str) -> String);
    let edits: [Edit; 4] = [
        ("title", &|t: &str| {
            t.replacen("title: ", "title: Edited — ", 1)
        }),
        ("body", &|t: &str| {
            format!("{t}\n\nA new closing paragraph.\n")
        }),
        ("date", &|t: &str| {
            t.lines()
                .map(|l| {
                    if l.starts_with("date:") {
                        "date: 2001-01".to_string()
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        }),
        ("themes", &|t: &str| {
            t.lines()
                .map(|l| {
                    if l.starts_with("themes:") {
                        "themes: [\"community planning\"]".to_string()
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        }),
    ];
    for (i, (what, edit)) in edits.iter().enumerate() {
        let name = &names[i % names.len()];
        let path = case_studies.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = edit(&text);
        assert_ne!(text, edited, "{what} edit changed nothing in {name}");
        std::fs::write(&path, edited).unwrap();
        let plan = builder.plan(std::slice::from_ref(&path.canonicalize().unwrap()));
        assert!(matches!(plan, Plan::CaseStudies(_)), "{what}: {plan:?}");
        let rebuild = builder.rebuild(plan, vec![name.clone()]).unwrap().unwrap();
        assert_eq!(rebuild.kind, Kind::Pages, "{what}");
        assert!(rebuild.pages < served.keys().filter(|p| p.ends_with(".html")).count());
        apply(&mut served, rebuild.patch);
        served.extend((builder.later_job().unwrap())());

        let differing = stale_files(root, &options, &served);
        assert!(
            differing.is_empty(),
            "{what} edit: stale files {differing:?}"
        );
    }
}

// Pins the plan: editor temporary files are ignored; templates and site.toml rebuild everything;
// static files are copied; a new case study is a full build.
#[test]
fn changes_are_planned_by_kind() {
    let f = library();
    let mut builder = Builder::new(f.root(), false, RenderOptions::default());
    builder.full(Vec::new()).unwrap();
    let root = f.root().canonicalize().unwrap();
    let plan = |rel: &str| builder.plan(&[root.join(rel)]);
    assert_eq!(plan("content/case-studies/.good.md.swp"), Plan::Nothing);
    assert_eq!(plan("content/case-studies/good.md~"), Plan::Nothing);
    assert_eq!(
        plan("content/case-studies/4913"),
        Plan::Nothing,
        "vim's probe, already gone"
    );
    assert_eq!(plan("public/index.html"), Plan::Nothing);
    assert_eq!(plan("site.toml"), Plan::Full);
    assert_eq!(
        plan("content/case-studies/good.md"),
        Plan::CaseStudies(vec!["content/case-studies/good.md".into()])
    );
    assert_eq!(
        plan("static/css/extra.css"),
        Plan::Assets(vec!["static/css/extra.css".into()])
    );
    f.write("templates/page.html", "{{ title }}");
    assert_eq!(plan("templates/page.html"), Plan::Full);
    f.write("content/case-studies/new.md", &case_study("New", "youth"));
    assert_eq!(plan("content/case-studies/new.md"), Plan::Full);
    std::fs::remove_file(f.path("content/case-studies/second.md")).unwrap();
    assert_eq!(plan("content/case-studies/second.md"), Plan::Full);
}

/// A library of `count` case studies in pages of four, their dates in six months (so titles
/// order the many case studies of one month), half of them youth, a third also about health.
fn paged_library(count: usize) -> Fixture {
    let f = Fixture::valid();
    f.write(
        "site.toml",
        &format!("{}\n[listing]\npage_size = 4\n", common::SITE_TOML),
    );
    for i in 0..count {
        let themes = match i % 3 {
            0 => "[\"youth\"]",
            1 => "[\"health inequalities\"]",
            _ => "[\"youth\", \"health inequalities\"]",
        };
        f.write(
            &format!("content/case-studies/story-{i:03}.md"),
            &format!(
                "---\ntitle: \"Story {i:03}\"\nsummary: \"What happened.\"\ndate: 2020-{:02}\nplace: \"Oldham\"\nthemes: {themes}\n---\n\nText of story {i}.\n",
                i % 6 + 1
            ),
        );
    }
    f
}

/// The paths of `files` under `folder` whose names start with `name`.
fn named<'a>(files: &'a [(String, Arc<Vec<u8>>)], folder: &str, name: &str) -> Vec<&'a str> {
    files
        .iter()
        .map(|(p, _)| p.as_str())
        .filter(|p| {
            p.strip_prefix(folder)
                .is_some_and(|rest| !rest.contains('/') && rest.starts_with(name))
        })
        .collect()
}

// Pins incremental correctness on a paged library whose filter data is in several chunks:
// after each edit (body, a title that moves the case study within its month, a date that moves
// it across the library, a new theme), the patched site equals a full build, file for file;
// and a body edit rewrites only the one library page and the one chunk of card values that
// show the case study, not every listing page and chunk.
#[test]
fn incremental_rebuilds_of_a_paged_library_equal_full_builds() {
    let f = paged_library(130);
    let root = f.root();
    let options = RenderOptions {
        body_end: Some("<script>reload</script>".into()),
    };
    let mut builder = Builder::new(root, false, options.clone());
    let mut served = Files::new();
    apply(&mut served, builder.full(Vec::new()).unwrap().patch);
    let cards_files = served
        .keys()
        .filter(|p| p.starts_with("case-studies/cards/cards-"))
        .count();
    assert!(cards_files >= 3, "{cards_files} chunks of card values");
    let path = root.join("content/case-studies/story-065.md");
    type Edit<'a> = (&'a str, &'a dyn Fn(&str) -> String);
    let edits: [Edit; 5] = [
        ("body", &|t: &str| {
            format!("{t}\nA new closing paragraph.\n")
        }),
        ("title", &|t: &str| {
            t.replacen("title: \"Story 065\"", "title: \"A first story\"", 1)
        }),
        ("date", &|t: &str| {
            t.replacen("date: 2020-06", "date: 2019-01", 1)
        }),
        ("themes", &|t: &str| {
            t.replacen(
                "themes: [\"youth\", \"health inequalities\"]",
                "themes: [\"youth\"]",
                1,
            )
        }),
        ("title back", &|t: &str| {
            t.replacen("title: \"A first story\"", "title: \"Story 065\"", 1)
        }),
    ];
    for (what, edit) in edits {
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = edit(&text);
        assert_ne!(text, edited, "the {what} edit changed nothing");
        std::fs::write(&path, edited).unwrap();
        let plan = builder.plan(std::slice::from_ref(&path.canonicalize().unwrap()));
        assert!(matches!(plan, Plan::CaseStudies(_)), "{what}: {plan:?}");
        let rebuild = builder.rebuild(plan, Vec::new()).unwrap().unwrap();
        assert_eq!(rebuild.kind, Kind::Pages, "{what}");
        let Patch::Update(put) = &rebuild.patch else {
            panic!("{what}: an incremental rebuild updates the site");
        };
        if what == "body" {
            let library_pages: Vec<&str> = put
                .iter()
                .map(|(p, _)| p.as_str())
                .filter(|p| *p == "case-studies/index.html" || p.starts_with("case-studies/page/"))
                .collect();
            assert_eq!(library_pages.len(), 1, "{library_pages:?}");
            let cards = named(put, "case-studies/cards/", "cards-");
            assert_eq!(cards.len(), 1, "{cards:?}");
            assert!(named(put, "case-studies/cards/", "terms-").is_empty());
            let term_pages: Vec<&str> = put
                .iter()
                .map(|(p, _)| p.as_str())
                .filter(|p| p.starts_with("themes/health-inequalities/"))
                .collect();
            assert_eq!(term_pages.len(), 1, "{term_pages:?}");
        }
        apply(&mut served, rebuild.patch);
        served.extend((builder.later_job().unwrap())());

        let differing = stale_files(root, &options, &served);
        assert!(
            differing.is_empty(),
            "{what} edit: stale files {differing:?}"
        );
    }
}
