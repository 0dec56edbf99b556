//! `cairn serve`: builds the site into memory, serves it on 127.0.0.1, rebuilds what changed
//! when a file is saved, and tells the browser to reload by Server-Sent Events.
//!
//! Only files of the in-memory build are ever answered: a request path is decoded by our own
//! strict rules ([`resolve`]) and looked up in that map, never on disk. A failed rebuild keeps
//! serving the last good build, with the errors shown over every page. The live-reload script
//! is injected here, never by `cairn build`.

pub(crate) mod http;

use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::incremental::{Builder, Files, Kind, Patch, Rebuild};
use crate::render::RenderOptions;
use crate::text::escape;
use http::{Limits, ReadError, Reader, Response};

/// Where the browser listens for reload events.
pub(crate) const EVENTS_PATH: &str = "/__cairn/events";
/// Most connections served at once; more get `503` straight away.
pub(crate) const MAX_CONNECTIONS: usize = 1024;
/// How long the saves must pause before the search index and data files are rebuilt.
pub(crate) const LATER_DELAY: Duration = Duration::from_millis(1500);
/// Most browser tabs listening for reloads at once.
pub(crate) const MAX_LISTENERS: usize = 128;

/// What `cairn serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The library folder (holding `site.toml`).
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub drafts: bool,
    /// Poll for changes instead of relying on the system's file events (network drives).
    pub poll: bool,
    /// `--base-url`: in place of site.toml's `base_url`.
    pub base_url: Option<String>,
}

/// What the server reports as it runs; `main` prints these.
#[derive(Debug)]
pub enum ServeEvent {
    /// The first build finished (or failed) and the site is being served at `url`.
    Listening {
        url: String,
        /// Bound to an address other machines can reach.
        public: bool,
    },
    /// A build or rebuild finished and is being served.
    Built(Rebuild),
    /// The search index and data files were rebuilt after the pages.
    SearchIndex { elapsed: Duration },
    /// A build or rebuild failed; the last good build, if there is one, is still served.
    Failed {
        changed: Vec<String>,
        errors: Vec<Diagnostic>,
        /// A good build was made before and is still served (not so when the first fails).
        serving_last_good: bool,
    },
    /// The file watcher reported a problem.
    WatchError(String),
}

/// The site being served.
struct Served {
    files: Arc<Files>,
    /// The errors of the last build, when it failed; empty when it succeeded.
    errors: Vec<Diagnostic>,
    /// The error overlay's HTML, when there are errors.
    overlay: String,
}

/// State shared by the connection threads and the rebuild thread.
struct Shared {
    served: RwLock<Arc<Served>>,
    listeners: Mutex<Vec<SyncSender<Arc<str>>>>,
    generation: AtomicU64,
    connections: AtomicUsize,
    limits: Limits,
    /// Good builds published so far.
    builds: AtomicU64,
    /// The search index and data files still to build after the last rebuild's pages, and the
    /// build they belong to; a newer rebuild replaces a job not yet started.
    later: Mutex<Option<(u64, LaterJob)>>,
    later_ready: Condvar,
}

type LaterJob = Box<dyn FnOnce() -> Vec<(String, Arc<Vec<u8>>)> + Send>;

impl Shared {
    fn current(&self) -> Arc<Served> {
        self.served
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn set(&self, served: Served) {
        *self.served.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(served);
    }

    /// Sends an event to every listening browser, forgetting those that went away.
    fn broadcast(&self, event: &str, data: &str) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        let message: Arc<str> = format!("event: {event}\ndata: {data}\n\n").into();
        let mut listeners = self.listeners.lock().unwrap_or_else(|e| e.into_inner());
        listeners.retain(|l| {
            !matches!(
                l.try_send(message.clone()),
                Err(TrySendError::Disconnected(_))
            )
        });
    }

    /// Applies a good rebuild and tells the browsers.
    fn publish(&self, rebuild: &Rebuild) {
        let files = match &rebuild.patch {
            Patch::Replace(files) => Arc::new(files.clone()),
            Patch::Update(put) => {
                let mut files = (*self.current().files).clone();
                for (path, bytes) in put {
                    files.insert(path.clone(), bytes.clone());
                }
                Arc::new(files)
            }
        };
        self.set(Served {
            files,
            errors: Vec::new(),
            overlay: String::new(),
        });
        self.builds.fetch_add(1, Ordering::SeqCst);
        if rebuild.css_only && rebuild.kind == Kind::Assets {
            let paths: Vec<&str> = match &rebuild.patch {
                Patch::Update(put) => put.iter().map(|(p, _)| p.as_str()).collect(),
                Patch::Replace(_) => Vec::new(),
            };
            self.broadcast("css", &serde_json::to_string(&paths).unwrap_or_default());
        } else {
            self.broadcast(
                "reload",
                &self.generation.load(Ordering::SeqCst).to_string(),
            );
        }
    }

    /// Keeps the last good build and shows `errors` over every page.
    fn fail(&self, errors: Vec<Diagnostic>) {
        let files = self.current().files.clone();
        let overlay = overlay(&errors, self.has_good_build());
        self.set(Served {
            files,
            errors,
            overlay,
        });
        self.broadcast(
            "reload",
            &self.generation.load(Ordering::SeqCst).to_string(),
        );
    }

    /// Whether a build has succeeded since the server started, so there is one to show.
    fn has_good_build(&self) -> bool {
        self.builds.load(Ordering::SeqCst) > 0
    }

    /// Adds files built after the pages (search index, data) without telling the browsers,
    /// unless another build was published meanwhile (it has its own).
    fn add_later(&self, build: u64, put: Vec<(String, Arc<Vec<u8>>)>) -> bool {
        let mut served = self.served.write().unwrap_or_else(|e| e.into_inner());
        if self.builds.load(Ordering::SeqCst) != build {
            return false;
        }
        let mut files = (*served.files).clone();
        files.extend(put);
        *served = Arc::new(Served {
            files: Arc::new(files),
            errors: served.errors.clone(),
            overlay: served.overlay.clone(),
        });
        true
    }
}

/// Builds the search index and data files queued by page rebuilds, newest first.
fn later_loop(shared: &Shared, report: &Arc<dyn Fn(ServeEvent) + Send + Sync>) {
    loop {
        let (build, job) = {
            let mut slot = shared.later.lock().unwrap_or_else(|e| e.into_inner());
            loop {
                if slot.is_some() {
                    // Wait for a pause in the saves, so the slow job does not compete with the
                    // next rebuild for the processor; a newer job replaces this one meanwhile.
                    let (next, timeout) = shared
                        .later_ready
                        .wait_timeout(slot, LATER_DELAY)
                        .unwrap_or_else(|e| e.into_inner());
                    slot = next;
                    if timeout.timed_out()
                        && let Some(job) = slot.take()
                    {
                        break job;
                    }
                    continue;
                }
                slot = shared
                    .later_ready
                    .wait(slot)
                    .unwrap_or_else(|e| e.into_inner());
            }
        };
        let started = Instant::now();
        let files = job();
        if shared.add_later(build, files) {
            report(ServeEvent::SearchIndex {
                elapsed: started.elapsed(),
            });
        }
    }
}

/// Builds the library, serves it, and rebuilds on every save, until the process is stopped.
/// Returns only on an error that stops the server (the port is taken, the watcher fails).
pub fn serve(
    options: &ServeOptions,
    report: Arc<dyn Fn(ServeEvent) + Send + Sync>,
) -> Result<(), Error> {
    let listener = bind(options.bind, options.port)?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::Usage(format!("cannot read the server's address: {e}")))?;
    let shared = Arc::new(Shared {
        served: RwLock::new(Arc::new(Served {
            files: Arc::new(Files::new()),
            errors: Vec::new(),
            overlay: String::new(),
        })),
        listeners: Mutex::new(Vec::new()),
        generation: AtomicU64::new(0),
        connections: AtomicUsize::new(0),
        limits: Limits::default(),
        builds: AtomicU64::new(0),
        later: Mutex::new(None),
        later_ready: Condvar::new(),
    });
    let render_options = RenderOptions {
        body_end: Some(live_reload_script()),
    };
    let mut builder = Builder::new(&options.root, options.drafts, render_options)
        .with_base_url(options.base_url.clone());
    run_build(
        &shared,
        &report,
        &mut builder,
        crate::incremental::Plan::Full,
        Vec::new(),
    );

    let (tx, rx) = mpsc::channel();
    let mut watcher = crate::watch::Watcher::new(&builder.root(), options.poll, tx)?;
    report(ServeEvent::Listening {
        url: url_of(address),
        public: !address.ip().is_loopback(),
    });
    {
        let shared = shared.clone();
        let report = report.clone();
        std::thread::Builder::new()
            .name("cairn-later".into())
            .spawn(move || later_loop(&shared, &report))
            .map_err(|e| Error::Usage(format!("cannot start the search-index thread: {e}")))?;
    }
    {
        let shared = shared.clone();
        let report = report.clone();
        std::thread::Builder::new()
            .name("cairn-rebuild".into())
            .spawn(move || rebuild_loop(&shared, &report, &mut builder, &mut watcher, &rx))
            .map_err(|e| Error::Usage(format!("cannot start the rebuild thread: {e}")))?;
    }
    accept_loop(&listener, &shared);
    Ok(())
}

/// The address to open in a browser.
pub(crate) fn url_of(address: SocketAddr) -> String {
    let host = if address.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        match address.ip() {
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) => ip.to_string(),
        }
    };
    format!("http://{host}:{}/", address.port())
}

fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, Error> {
    TcpListener::bind((ip, port)).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => Error::Usage(format!(
            "port {port} on {ip} is already in use (is another `cairn serve` running?); choose another port with `--port {}`",
            port.wrapping_add(1).max(1024)
        )),
        std::io::ErrorKind::AddrNotAvailable => Error::Usage(format!(
            "cannot listen on {ip}: this machine has no such address; use `--bind 127.0.0.1`"
        )),
        std::io::ErrorKind::PermissionDenied => Error::Usage(format!(
            "not allowed to listen on port {port}; choose a port above 1023 with `--port`"
        )),
        _ => Error::Usage(format!("cannot listen on {ip}:{port}: {e}")),
    })
}

fn run_build(
    shared: &Arc<Shared>,
    report: &Arc<dyn Fn(ServeEvent) + Send + Sync>,
    builder: &mut Builder,
    plan: crate::incremental::Plan,
    changed: Vec<String>,
) {
    match builder.rebuild(plan, changed.clone()) {
        Ok(Some(rebuild)) => {
            shared.publish(&rebuild);
            let kind = rebuild.kind;
            report(ServeEvent::Built(rebuild));
            if kind == Kind::Pages
                && let Some(job) = builder.later_job()
            {
                let build = shared.builds.load(Ordering::SeqCst);
                *shared.later.lock().unwrap_or_else(|e| e.into_inner()) =
                    Some((build, Box::new(job)));
                shared.later_ready.notify_one();
            }
        }
        Ok(None) => {}
        Err(e) => {
            let errors = match e {
                Error::Content(errors) => errors,
                other => vec![Diagnostic::file_error("", other.to_string())],
            };
            shared.fail(errors.clone());
            report(ServeEvent::Failed {
                changed,
                errors,
                serving_last_good: shared.has_good_build(),
            });
        }
    }
}

fn rebuild_loop(
    shared: &Arc<Shared>,
    report: &Arc<dyn Fn(ServeEvent) + Send + Sync>,
    builder: &mut Builder,
    watcher: &mut crate::watch::Watcher,
    rx: &Receiver<crate::watch::Change>,
) {
    while let Ok(first) = rx.recv() {
        // Saves that arrived while the last rebuild ran are handled together.
        let mut paths = Vec::new();
        for change in std::iter::once(first).chain(rx.try_iter()) {
            match change {
                crate::watch::Change::Paths(p) => paths.extend(p),
                crate::watch::Change::Error(message) => report(ServeEvent::WatchError(message)),
            }
        }
        if paths.is_empty() {
            continue;
        }
        let root = builder.root();
        let mut changed: Vec<String> = paths
            .iter()
            .filter_map(|p| p.strip_prefix(&root).ok())
            .map(crate::diagnostic::display_path)
            .collect();
        changed.sort();
        changed.dedup();
        let plan = builder.plan(&paths);
        run_build(shared, report, builder, plan, changed);
        watcher.watch_new_folders();
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else {
            continue;
        };
        if shared.connections.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = http::write(
                &mut stream,
                &Response::text(503, "the server is busy; try again"),
                false,
                false,
            );
            continue;
        }
        shared.connections.fetch_add(1, Ordering::SeqCst);
        let shared_for_thread = shared.clone();
        let spawned = std::thread::Builder::new()
            .name("cairn-connection".into())
            .stack_size(256 * 1024)
            .spawn(move || {
                connection(stream, &shared_for_thread);
                shared_for_thread.connections.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            shared.connections.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Serves one connection's requests until it closes, idles or misbehaves.
fn connection(mut stream: TcpStream, shared: &Shared) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(shared.limits.write_time));
    let mut reader = Reader::new(shared.limits);
    loop {
        let request = match reader.next(&mut stream) {
            Ok(r) => r,
            Err(ReadError::Closed) => return,
            Err(ReadError::TimedOut) => {
                let _ = http::write(
                    &mut stream,
                    &Response::text(408, "request timeout"),
                    false,
                    false,
                );
                return;
            }
            Err(ReadError::Status(status)) => {
                let _ = http::write(
                    &mut stream,
                    &Response::text(status, http::reason(status)),
                    false,
                    false,
                );
                return;
            }
        };
        // Only requests naming this machine are answered (DNS rebinding; src/serve/http.rs).
        let reached = stream.local_addr();
        if reached.is_ok_and(|local| !http::host_allowed(request.host.as_deref(), local)) {
            let _ = http::write(
                &mut stream,
                &Response::text(
                    421,
                    "this server answers only requests for this machine, such as http://127.0.0.1/",
                ),
                false,
                false,
            );
            return;
        }
        let head_only = request.method == "HEAD";
        if request.method != "GET" && !head_only {
            let mut response = Response::text(405, "only GET and HEAD are allowed");
            response.headers.push(("Allow", "GET, HEAD".into()));
            let _ = http::write(&mut stream, &response, false, false);
            return;
        }
        if request.target == EVENTS_PATH.as_bytes() && !head_only {
            events(stream, shared);
            return;
        }
        // A request body is never read, so the connection cannot be reused after one.
        let keep_alive = request.keep_alive && !request.has_body;
        let response = respond(&request.target, &shared.current());
        if http::write(&mut stream, &response, head_only, keep_alive).is_err() || !keep_alive {
            return;
        }
    }
}

/// Streams reload events to one browser tab until it goes away.
fn events(mut stream: TcpStream, shared: &Shared) {
    use std::io::Write;
    let (tx, rx) = mpsc::sync_channel::<Arc<str>>(16);
    {
        let mut listeners = shared.listeners.lock().unwrap_or_else(|e| e.into_inner());
        if listeners.len() >= MAX_LISTENERS {
            drop(listeners);
            let _ = http::write(
                &mut stream,
                &Response::text(503, "too many listeners"),
                false,
                false,
            );
            return;
        }
        listeners.push(tx);
    }
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\nevent: hello\ndata: {}\n\n",
        shared.generation.load(Ordering::SeqCst)
    );
    if stream
        .write_all(head.as_bytes())
        .and_then(|_| stream.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(m) => m,
            Err(mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".into(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if stream
            .write_all(message.as_bytes())
            .and_then(|_| stream.flush())
            .is_err()
        {
            return;
        }
    }
}

/// Decodes a request target into a path inside the build, or the status refusing it.
///
/// Refused with 400: anything but an absolute path, `.` and `..` segments (raw or
/// percent-encoded), encoded slashes (`%2f`), backslashes (raw or encoded), NUL and other
/// control bytes, malformed `%` escapes and bytes that are not UTF-8 once decoded; 414 past
/// 2,048 bytes. The result is only ever looked up in the in-memory build.
pub fn resolve(target: &[u8]) -> Result<String, u16> {
    if target.len() > 2048 {
        return Err(414);
    }
    let path = target
        .split(|&b| b == b'?' || b == b'#')
        .next()
        .unwrap_or(b"");
    if path.first() != Some(&b'/') {
        return Err(400); // absolute-form (`http://…`), `*`, or a relative path
    }
    let mut segments = Vec::new();
    let raw_segments: Vec<&[u8]> = path[1..].split(|&b| b == b'/').collect();
    let last = raw_segments.len() - 1;
    for (i, raw) in raw_segments.into_iter().enumerate() {
        let decoded = percent_decode(raw).ok_or(400u16)?;
        if decoded
            .iter()
            .any(|&b| b == b'/' || b == b'\\' || b < 0x20 || b == 0x7f)
        {
            return Err(400);
        }
        let segment = String::from_utf8(decoded).map_err(|_| 400u16)?;
        if segment == "." || segment == ".." {
            return Err(400);
        }
        if segment.is_empty() && i != last {
            return Err(400); // `//`: never a path the build writes
        }
        segments.push(segment);
    }
    let joined = segments.join("/");
    Ok(if joined.is_empty() || joined.ends_with('/') {
        format!("{joined}index.html")
    } else {
        joined
    })
}

/// `%XX` decoding; `None` on a malformed escape.
fn percent_decode(raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' {
            let hex = raw.get(i + 1..i + 3)?;
            let text = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(text, 16).ok()?);
            i += 3;
        } else {
            out.push(raw[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The response to a GET of `target`.
fn respond(target: &[u8], served: &Served) -> Response {
    let path = match resolve(target) {
        Ok(path) => path,
        Err(status) => return Response::text(status, http::reason(status)),
    };
    if let Some(bytes) = served.files.get(&path) {
        return file_response(200, &path, bytes.clone(), served, None);
    }
    // A folder without its slash: redirect, so the page's relative links work.
    let folder_index = format!("{path}/index.html");
    if served.files.contains_key(&folder_index) {
        let name = path.rsplit('/').next().unwrap_or("");
        let mut response = Response::text(301, "moved");
        response.headers.push(("Location", format!("{name}/")));
        return response;
    }
    let depth = path.matches('/').count();
    match served.files.get("404.html") {
        Some(bytes) => file_response(404, "404.html", bytes.clone(), served, Some(depth)),
        None if served.files.is_empty() && !served.errors.is_empty() => {
            // The first build failed: there is no site yet, only its errors.
            let html = format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body>{}{}</body></html>",
                served.overlay,
                live_reload_script()
            );
            Response {
                status: 500,
                headers: vec![("Content-Type", "text/html; charset=utf-8".into())],
                body: Arc::new(html.into_bytes()),
            }
        }
        None => Response::text(404, "not found"),
    }
}

/// A file of the build; HTML gets the error overlay when the last build failed, and the 404
/// page (served at any depth) a `<base>` so its relative links work: the first `<base>` of a
/// page counts, so it wins over the built page's own (the published site's path, from
/// `base_url`, which `serve` does not serve under).
fn file_response(
    status: u16,
    path: &str,
    bytes: Arc<Vec<u8>>,
    served: &Served,
    depth: Option<usize>,
) -> Response {
    let content_type = content_type(path);
    let is_html = content_type.starts_with("text/html");
    let body = if is_html && (!served.errors.is_empty() || depth.is_some()) {
        let mut html = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(depth) = depth
            && let Some(head) = html.find("<head>")
        {
            let up = match depth {
                0 => "./".to_string(),
                d => "../".repeat(d),
            };
            let base = format!("<base href=\"{up}\">");
            html.insert_str(head + "<head>".len(), &base);
        }
        if !served.errors.is_empty() {
            match html.rfind("</body>") {
                Some(at) => html.insert_str(at, &served.overlay),
                None => html.push_str(&served.overlay),
            }
        }
        Arc::new(html.into_bytes())
    } else {
        bytes
    };
    Response {
        status,
        headers: vec![("Content-Type", content_type.to_string())],
        body,
    }
}

/// The media type of a file the build writes, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "jsonld" => "application/ld+json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "vtt" => "text/vtt; charset=utf-8",
        "wasm" => "application/wasm",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        _ => "application/octet-stream",
    }
}

/// The errors of a failed build, over the page: each diagnostic once, as the terminal shows
/// it (message, file:line, the line with a caret, the fix).
fn overlay(errors: &[Diagnostic], last_good: bool) -> String {
    let items: String = errors
        .iter()
        .map(|d| {
            format!(
                "<li><pre style=\"white-space:pre-wrap;margin:.5rem 0 1rem\">{}</pre></li>",
                escape(d.to_string().trim_end())
            )
        })
        .collect();
    let below = if last_good {
        "You are seeing the last good build. Fix the file and save it: this page reloads by itself."
    } else {
        "Nothing has built yet. Fix the file and save it: this page reloads by itself."
    };
    format!(
        "<div id=\"cairn-errors\" role=\"alertdialog\" aria-modal=\"true\" aria-labelledby=\"cairn-errors-title\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:#1b1b1b;color:#fff;font:16px/1.5 system-ui,sans-serif;padding:2rem\"><h2 id=\"cairn-errors-title\" style=\"color:#ff8a80;margin-top:0\">The site did not build: {}</h2><p>{below}</p><ol>{items}</ol><button type=\"button\" onclick=\"this.parentNode.remove()\">Hide</button></div>",
        crate::diagnostic::count(errors.iter().filter(|d| d.is_error()).count(), "error")
    )
}

/// The script `serve` adds before `</body>` of every page: reload on `reload`, swap the
/// changed stylesheets on `css`, and reload after a reconnect that missed an event.
pub(crate) fn live_reload_script() -> String {
    format!(
        r#"<script data-cairn-live-reload>(function () {{
  var seen = null;
  var source = new EventSource("{EVENTS_PATH}");
  source.addEventListener("hello", function (e) {{
    if (seen !== null && e.data !== seen) location.reload();
    seen = e.data;
  }});
  source.addEventListener("reload", function (e) {{ seen = e.data; location.reload(); }});
  source.addEventListener("css", function (e) {{
    var changed = JSON.parse(e.data);
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {{
      var path = new URL(link.href, location.href).pathname.replace(/^\//, "");
      if (changed.indexOf(path) < 0) return;
      var next = link.cloneNode();
      next.href = link.getAttribute("href").split("?")[0] + "?cairn=" + Date.now();
      next.onload = function () {{ link.remove(); }};
      link.after(next);
    }});
  }});
}})();</script>"#
    )
}

/// Opens `url` in the default browser; an error when no opener is found.
pub fn open_in_browser(url: &str) -> Result<(), Error> {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
        .map_err(|e| {
            Error::Usage(format!(
                "cannot open a browser ({program}: {e}); open {url} yourself"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins the decoding rules: plain paths map to build paths, every traversal form is refused.
    #[test]
    fn resolves_only_clean_paths() {
        assert_eq!(resolve(b"/").unwrap(), "index.html");
        assert_eq!(resolve(b"/a/b/").unwrap(), "a/b/index.html");
        assert_eq!(resolve(b"/a/b.css?v=1").unwrap(), "a/b.css");
        assert_eq!(resolve(b"/caf%C3%A9/").unwrap(), "café/index.html");
        for bad in [
            &b"/../etc/passwd"[..],
            b"/a/%2e%2e/b",
            b"/a/%2E%2E/b",
            b"/.%2e/x",
            b"/a%2fb",
            b"/a%2F..%2Fb",
            b"/a\\..\\b",
            b"/a%5c..%5cb",
            b"/a%00b",
            b"/a%zz",
            b"/a%",
            b"/%ff%fe",
            b"//etc/passwd",
            b"http://x/",
            b"*",
            b"etc/passwd",
            b"/./a",
        ] {
            assert!(resolve(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        assert_eq!(resolve(&[b'/'; 3000]).unwrap_err(), 414);
    }
}
