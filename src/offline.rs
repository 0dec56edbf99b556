//! Offline and installable: the web app manifest, its icons, the service worker (`sw.js`) and
//! its precache list.
//!
//! The build's files pass through a [`Recorder`] on their way to the sink; once every file is
//! written, [`finish`] adds the manifest and icons, then writes `sw.js` with the list of files to
//! precache and a version made from the hash of every file. A new build with any changed byte
//! has a new version: browsers install it, and it deletes the caches of older versions.
//!
//! `offline` in site.toml picks what is precached: `full` (every file), `pages` (every page and
//! what pages need to show and search; images, downloads and data are cached once viewed) or
//! `off` (no offline copy: `sw.js` then removes any copy an earlier build installed). `cairn
//! serve` always writes the `off` worker, so a reader never sees a stale page while editing.

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::{Value, json};

use crate::config::{Config, OfflineMode, parse_colour};
use crate::diagnostic::Diagnostic;
use crate::output::Sink;
use crate::site::{
    EDITOR, ICON_SVG, MANIFEST, OFFLINE_LIST, PNG_ICONS, PageKind, SEARCH_INDEX, SERVICE_WORKER,
    Site, TOUCH_ICON,
};

/// One file the build wrote.
#[derive(Debug, Clone)]
struct Written {
    path: String,
    len: usize,
    hash: u64,
}

/// A sink that passes every file on and remembers its path, size and hash.
pub(crate) struct Recorder<'a> {
    inner: &'a dyn Sink,
    files: Mutex<Vec<Written>>,
}

impl<'a> Recorder<'a> {
    pub(crate) fn new(inner: &'a dyn Sink) -> Recorder<'a> {
        Recorder {
            inner,
            files: Mutex::new(Vec::new()),
        }
    }

    fn written(&self) -> Vec<Written> {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner()).clone();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|later, earlier| later.path == earlier.path);
        files
    }
}

impl Sink for Recorder<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.inner.put(path, bytes)?;
        let record = Written {
            path: path.to_string(),
            len: bytes.len(),
            hash: content_hash(bytes),
        };
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(record);
        Ok(())
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a, 64 bits: stable across builds and Rust versions (std's hasher is not).
fn fnv1a(bytes: &[u8], mut hash: u64) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A file's hash for the cache version: FNV-1a's step taken over 8-byte words, eight times
/// fewer multiplications than byte by byte (every file of the site passes here). Each step is
/// a bijection of the state, so a changed word always changes the result.
fn content_hash(bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    let mut hash = FNV_OFFSET ^ bytes.len() as u64;
    for word in &mut words {
        let word: [u8; 8] = word.try_into().unwrap_or_default();
        hash = (hash ^ u64::from_le_bytes(word)).wrapping_mul(0x0100_0000_01b3);
    }
    fnv1a(words.remainder(), hash)
}

/// What the service worker precaches, as the build reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Precache {
    pub mode: OfflineMode,
    /// Files saved on the first visit, and their total size.
    pub files: usize,
    pub bytes: usize,
    /// Every file a reader could save (what "Save the whole library" saves), and its size.
    pub(crate) all_files: usize,
    pub(crate) all_bytes: usize,
    /// The cache version: a hash of every file of the site.
    pub(crate) version: String,
}

/// Whether `finish` writes the real worker, or the one that removes itself (`cairn serve`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    Build,
    Serve,
}

/// Adds the manifest, the icons and `sw.js` once every other file has gone through `recorder`.
pub(crate) fn finish(
    config: &Config,
    site: &Site,
    recorder: &Recorder<'_>,
    purpose: Purpose,
) -> Result<Precache, Diagnostic> {
    let already: std::collections::HashSet<String> =
        recorder.written().into_iter().map(|w| w.path).collect();
    recorder.put(MANIFEST, manifest(config).as_bytes())?;
    // A library's own static/icons/ files win over the generated ones.
    let colours = (
        parse_colour(&config.app.theme_color).unwrap_or([0x1d, 0x3f, 0x5e]),
        parse_colour(&config.app.background_color).unwrap_or([0xff; 3]),
    );
    if !already.contains(ICON_SVG) {
        recorder.put(ICON_SVG, icon_svg(config).as_bytes())?;
    }
    for (path, size) in PNG_ICONS {
        if !already.contains(path) {
            recorder.put(path, &icon_png(size, colours.0, colours.1))?;
        }
    }
    let files = recorder.written();
    let mode = match purpose {
        Purpose::Build => config.offline,
        Purpose::Serve => OfflineMode::Off,
    };
    let version = files.iter().fold(FNV_OFFSET, |h, f| {
        let h = fnv1a(f.path.as_bytes(), h);
        fnv1a(&f.hash.to_le_bytes(), h)
    });
    let version = format!("{version:016x}");
    // The web editor (src/editor/) is for contributors, online: never saved on a reader's device.
    let editor = config.editor.as_ref().map(|_| EDITOR);
    let is_editor = |path: &str| editor.is_some_and(|folder| path.starts_with(folder));
    let savable: Vec<&Written> = files
        .iter()
        .filter(|f| f.path != SERVICE_WORKER && f.path != OFFLINE_LIST && !is_editor(&f.path))
        .collect();
    let precached: Vec<&Written> = match mode {
        OfflineMode::Essentials => essentials(
            site,
            &savable,
            config.offline_budget_mb as usize * 1_000_000,
        ),
        _ => savable
            .iter()
            .copied()
            .filter(|f| precaches(mode, &f.path))
            .collect(),
    };
    let all_bytes: usize = savable.iter().map(|f| f.len).sum();
    let bytes: usize = precached.iter().map(|f| f.len).sum();
    let worker = match mode {
        OfflineMode::Off => REMOVE_WORKER.to_string(),
        _ => service_worker(&Worker {
            version: &version,
            mode,
            offline_page: site.url(&PageKind::Offline),
            editor,
            files: &precached,
            bytes,
            all_bytes,
        }),
    };
    if mode == OfflineMode::Essentials {
        // What "Save the whole library for offline use" saves, fetched only when asked.
        let list: Vec<&str> = savable.iter().map(|f| f.path.as_str()).collect();
        let list = json!({ "bytes": all_bytes, "files": list }).to_string();
        recorder.inner.put(OFFLINE_LIST, list.as_bytes())?;
    }
    recorder.inner.put(SERVICE_WORKER, worker.as_bytes())?;
    Ok(Precache {
        mode,
        files: precached.len(),
        bytes,
        all_files: savable.len(),
        all_bytes,
        version,
    })
}

/// How soon `offline = "essentials"` saves a file: the shell a page needs to show at all first
/// (styles, scripts, icons, the manifest, the home, offline and search pages, the search
/// index's table of contents), then the forms (small, and used where there is no signal), the
/// listings' first pages, the search index's shards and result files, every other page, and
/// last everything else (pictures, downloads, data). Other languages come after the default
/// within each step.
fn priority(site: &Site, kinds: &HashMap<&str, &PageKind>, path: &str) -> (u8, usize) {
    let (language, rel) = site
        .languages()
        .iter()
        .enumerate()
        .skip(1)
        .find_map(|(i, (_, prefix))| path.strip_prefix(prefix.as_str()).map(|rel| (i, rel)))
        .unwrap_or((0, path));
    let shell = rel == MANIFEST
        || rel == SEARCH_INDEX
        || rel.starts_with("static/icons/")
        || (rel.starts_with("static/") && (rel.ends_with(".css") || rel.ends_with(".js")));
    let kind = kinds.get(rel).copied();
    let step = match kind {
        _ if shell => 0,
        Some(PageKind::Home | PageKind::Offline | PageKind::Search) => 0,
        Some(PageKind::Forms | PageKind::Form(_) | PageKind::FormCollate(_)) => 1,
        Some(PageKind::Library | PageKind::Principles | PageKind::Taxonomy(_)) => 2,
        Some(PageKind::Term(..)) => 3,
        None if rel.starts_with("search/") && rel.ends_with(".js") => 4,
        Some(_) => 5,
        None if rel.ends_with(".html") => 5,
        None => 6,
    };
    (step, language)
}

/// The files `offline = "essentials"` saves on the first visit: by [`priority`], the shell
/// always, then each file that still fits in `budget` bytes.
fn essentials<'a>(site: &Site, files: &[&'a Written], budget: usize) -> Vec<&'a Written> {
    let kinds: HashMap<&str, &PageKind> = site
        .pages()
        .iter()
        .map(|p| (p.url.as_str(), &p.kind))
        .collect();
    let mut order: Vec<((u8, usize), usize)> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (priority(site, &kinds, &f.path), i))
        .collect();
    order.sort();
    let mut total = 0;
    let mut out = Vec::new();
    for ((step, _), i) in order {
        let f = files[i];
        if step == 0 || total + f.len <= budget {
            total += f.len;
            out.push(f);
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Whether `path` is saved on the first visit in `mode`.
fn precaches(mode: OfflineMode, path: &str) -> bool {
    match mode {
        OfflineMode::Off => false,
        OfflineMode::Full | OfflineMode::Essentials => true,
        OfflineMode::Pages => {
            path.ends_with(".html")
                || path == MANIFEST
                || path == SEARCH_INDEX
                || (path.starts_with("search/") && path.ends_with(".js"))
                || path.starts_with("static/icons/")
                || (path.starts_with("static/")
                    && (path.ends_with(".css") || path.ends_with(".js")))
        }
    }
}

const WORKER_BODY: &str = include_str!("offline/sw.js");

/// A worker for a site that has no offline copy: it deletes this site's caches and
/// unregisters itself, so readers of an earlier build are not left with stale pages.
const REMOVE_WORKER: &str = "// Generated by Cairn: this library keeps no offline copy (`offline = \"off\"`).\n\
// This worker removes the copy an earlier build saved, then unregisters itself.\n\
const PREFIX = \"cairn:\" + self.registration.scope + \":\";\n\
self.addEventListener(\"install\", () => self.skipWaiting());\n\
self.addEventListener(\"activate\", (event) => {\n\
  event.waitUntil(\n\
    caches.keys()\n\
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX)).map((k) => caches.delete(k))))\n\
      .then(() => self.registration.unregister()),\n\
  );\n\
});\n";

/// What `sw.js` is written from.
struct Worker<'a> {
    version: &'a str,
    mode: OfflineMode,
    offline_page: &'a str,
    /// The folder of the web editor, which the worker leaves to the network.
    editor: Option<&'a str>,
    /// Saved on the first visit, and their size.
    files: &'a [&'a Written],
    bytes: usize,
    /// The size of every file a reader could save.
    all_bytes: usize,
}

fn service_worker(w: &Worker<'_>) -> String {
    let list: Vec<&str> = w.files.iter().map(|f| f.path.as_str()).collect();
    let list = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into());
    let editor = serde_json::to_string(&w.editor).unwrap_or_else(|_| "null".into());
    format!(
        "// Generated by Cairn at build time; the next build replaces it.\n\
         const VERSION = \"{}\";\n\
         const MODE = \"{}\";\n\
         const OFFLINE_PAGE = \"{}\";\n\
         const EDITOR = {editor};\n\
         const EVERYTHING = \"{OFFLINE_LIST}\";\n\
         const PRECACHE_BYTES = {};\n\
         const ALL_BYTES = {};\n\
         const PRECACHE = {list};\n\n{WORKER_BODY}",
        w.version,
        w.mode.as_str(),
        w.offline_page,
        w.bytes,
        w.all_bytes,
    )
}

/// The web app manifest; every URL in it is relative to it, at the site root.
fn manifest(config: &Config) -> String {
    let icons: Vec<Value> = std::iter::once(json!({
        "src": ICON_SVG, "sizes": "any", "type": "image/svg+xml", "purpose": "any"
    }))
    .chain(PNG_ICONS.iter().filter(|(p, _)| *p != TOUCH_ICON).map(|(path, size)| {
        json!({"src": path, "sizes": format!("{size}x{size}"), "type": "image/png", "purpose": "any maskable"})
    }))
    .collect();
    let value = json!({
        "name": config.title,
        "short_name": config.app.short_name.clone().unwrap_or_else(|| config.title.clone()),
        "description": config.description,
        "lang": config.language,
        "dir": if crate::text::is_rtl(&config.language) { "rtl" } else { "ltr" },
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": config.app.theme_color,
        "background_color": config.app.background_color,
        "icons": icons,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// The cairn: three stones, stacked, in unit coordinates (centre x, centre y, radii).
const STONES: [(f64, f64, f64, f64); 3] = [
    (0.5, 0.71, 0.27, 0.105),
    (0.5, 0.5, 0.2, 0.095),
    (0.5, 0.315, 0.13, 0.08),
];

fn icon_svg(config: &Config) -> String {
    let stones: String = STONES
        .iter()
        .map(|(cx, cy, rx, ry)| {
            format!(
                "<ellipse cx=\"{}\" cy=\"{}\" rx=\"{}\" ry=\"{}\"/>",
                cx * 512.0,
                cy * 512.0,
                rx * 512.0,
                ry * 512.0
            )
        })
        .collect();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 512 512\"><rect width=\"512\" height=\"512\" fill=\"{}\"/><g fill=\"{}\">{stones}</g></svg>\n",
        crate::text::escape(&config.app.theme_color),
        crate::text::escape(&config.app.background_color),
    )
}

/// The same cairn as a square PNG of `size` pixels, anti-aliased (4 × 4 samples a pixel).
fn icon_png(size: u32, background: [u8; 3], foreground: [u8; 3]) -> Vec<u8> {
    const SAMPLES: u32 = 4;
    let mut rows = Vec::with_capacity((size * (size * 3 + 1)) as usize);
    for y in 0..size {
        rows.push(0); // filter: none
        for x in 0..size {
            // Most pixels are nowhere near a stone: background, without sampling.
            let (ux, uy) = (
                (f64::from(x) + 0.5) / f64::from(size),
                (f64::from(y) + 0.5) / f64::from(size),
            );
            let margin = 1.0 / f64::from(size);
            if !STONES.iter().any(|(cx, cy, rx, ry)| {
                (ux - cx).abs() <= rx + margin && (uy - cy).abs() <= ry + margin
            }) {
                rows.extend_from_slice(&background);
                continue;
            }
            let mut inside = 0;
            for sy in 0..SAMPLES {
                for sx in 0..SAMPLES {
                    let px = (f64::from(x) + (f64::from(sx) + 0.5) / f64::from(SAMPLES))
                        / f64::from(size);
                    let py = (f64::from(y) + (f64::from(sy) + 0.5) / f64::from(SAMPLES))
                        / f64::from(size);
                    if STONES.iter().any(|(cx, cy, rx, ry)| {
                        ((px - cx) / rx).powi(2) + ((py - cy) / ry).powi(2) <= 1.0
                    }) {
                        inside += 1;
                    }
                }
            }
            let cover = f64::from(inside) / f64::from(SAMPLES * SAMPLES);
            for c in 0..3 {
                let mixed =
                    f64::from(background[c]) * (1.0 - cover) + f64::from(foreground[c]) * cover;
                rows.push(mixed.round() as u8);
            }
        }
    }
    png(size, size, &rows)
}

/// A truecolour PNG from filtered scanlines.
fn png(width: u32, height: u32, scanlines: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8 bits, RGB, deflate, no filter set, no interlace
    chunk(&mut out, b"IHDR", &header);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let _ = z.write_all(scanlines);
    let data = z.finish().unwrap_or_default();
    chunk(&mut out, b"IDAT", &data);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Output;

    fn config(extra: &str) -> Config {
        Config::parse(&format!("title = \"Test Library\"\n{extra}")).expect("config")
    }

    // Pins the offline modes' precache rules: pages mode keeps pages, styles, scripts, icons
    // and the search index, and leaves images and data to be saved when opened.
    #[test]
    fn pages_mode_precaches_pages_and_what_they_need() {
        for (path, pages) in [
            ("index.html", true),
            ("case-studies/a/index.html", true),
            ("static/css/site.css", true),
            ("static/js/search.js", true),
            (SEARCH_INDEX, true),
            ("manifest.webmanifest", true),
            ("static/icons/icon-512.png", true),
            ("images/photo.jpg", false),
            ("data/case-studies.json", false),
            ("atom.xml", false),
        ] {
            assert_eq!(precaches(OfflineMode::Pages, path), pages, "{path}");
            assert!(precaches(OfflineMode::Full, path), "{path}");
            assert!(!precaches(OfflineMode::Off, path), "{path}");
        }
    }

    // Pins that the web editor (admin/) is never precached, whatever the mode, and that without
    // `[editor]` a library's own admin/ pages are precached as any other.
    #[test]
    fn the_editor_is_never_precached() {
        let with_editor = config("repository = \"https://github.com/org/lib\"\n[editor]\n");
        let without = config("");
        for (c, mode) in [
            (&with_editor, "full"),
            (&with_editor, "pages"),
            (&without, "full"),
        ] {
            let c = Config {
                offline: if mode == "full" {
                    OfflineMode::Full
                } else {
                    OfflineMode::Pages
                },
                ..c.clone()
            };
            let sink = Mutex::new(Output::default());
            let recorder = Recorder::new(&sink);
            for path in ["index.html", "admin/index.html", "admin/config.json"] {
                recorder.put(path, b"x").unwrap();
            }
            let precache = finish(&c, &Site::default(), &recorder, Purpose::Build).unwrap();
            let sw = String::from_utf8(sink.lock().unwrap().get(SERVICE_WORKER).unwrap().to_vec())
                .unwrap();
            let editor_on = c.editor.is_some();
            assert_eq!(
                sw.contains("\"admin/index.html\""),
                !editor_on,
                "{mode}: {sw}"
            );
            assert_eq!(sw.contains("const EDITOR = \"admin/\";"), editor_on, "{sw}");
            assert_eq!(sw.contains("const EDITOR = null;"), !editor_on, "{sw}");
            assert!(precache.files >= 1);
        }
    }

    // Pins that the version changes with any byte of any file, and not otherwise.
    #[test]
    fn version_follows_content() {
        let run = |body: &[u8]| {
            let sink = Mutex::new(Output::default());
            let recorder = Recorder::new(&sink);
            recorder.put("index.html", b"<p>home</p>").unwrap();
            recorder.put("images/a.png", body).unwrap();
            let precache =
                finish(&config(""), &Site::default(), &recorder, Purpose::Build).unwrap();
            let sw = sink.lock().unwrap().get(SERVICE_WORKER).unwrap().to_vec();
            (precache, String::from_utf8(sw).unwrap())
        };
        let (a, sw_a) = run(b"one");
        let (b, _) = run(b"one");
        let (c, sw_c) = run(b"two");
        assert_eq!(a.version, b.version);
        assert_ne!(a.version, c.version);
        assert!(sw_a.contains(&format!("const VERSION = \"{}\"", a.version)));
        assert!(sw_c.contains(&format!("const VERSION = \"{}\"", c.version)));
        // index.html, the image, the manifest and four icons; never sw.js itself.
        assert_eq!(a.files, 7);
        assert!(sw_a.contains("\"images/a.png\""));
        assert!(!sw_a.contains("\"sw.js\""));
    }

    // Pins `offline = "off"` and serve mode: the worker removes itself and precaches nothing.
    #[test]
    fn off_and_serve_write_the_removing_worker() {
        for (extra, purpose) in [
            ("offline = \"off\"\n", Purpose::Build),
            ("", Purpose::Serve),
        ] {
            let sink = Mutex::new(Output::default());
            let recorder = Recorder::new(&sink);
            recorder.put("index.html", b"x").unwrap();
            let precache = finish(&config(extra), &Site::default(), &recorder, purpose).unwrap();
            assert_eq!(precache.files, 0);
            let sw = String::from_utf8(sink.lock().unwrap().get(SERVICE_WORKER).unwrap().to_vec())
                .unwrap();
            assert!(sw.contains("unregister()"), "{sw}");
            assert!(!sw.contains("PRECACHE"));
        }
    }

    // Pins the manifest's fields and colours, and that its URLs are relative.
    #[test]
    fn manifest_from_site_toml() {
        let c = config("[app]\nshort_name = \"Library\"\ntheme_color = \"#004400\"\n");
        let m: Value = serde_json::from_str(&manifest(&c)).unwrap();
        assert_eq!(m["name"], "Test Library");
        assert_eq!(m["short_name"], "Library");
        assert_eq!(m["theme_color"], "#004400");
        assert_eq!(m["background_color"], "#ffffff");
        assert_eq!(m["start_url"], "./");
        let icons = m["icons"].as_array().unwrap();
        assert!(icons.iter().any(|i| i["sizes"] == "512x512"));
        assert!(
            icons
                .iter()
                .all(|i| !i["src"].as_str().unwrap().contains("://")
                    && !i["src"].as_str().unwrap().starts_with('/'))
        );
    }

    // Pins that a colour that is not `#rrggbb` is an error naming the key.
    #[test]
    fn bad_colour_is_an_error() {
        let err = Config::parse("title = \"A\"\n[app]\ntheme_color = \"teal\"\n").unwrap_err();
        assert!(
            err[0].message.contains("app.theme_color"),
            "{}",
            err[0].message
        );
        assert_eq!(parse_colour("#abc"), Some([0xaa, 0xbb, 0xcc]));
        assert_eq!(parse_colour("#1d3f5e"), Some([0x1d, 0x3f, 0x5e]));
    }

    // Pins the PNG encoder: a valid signature, IHDR size, and the colours at the centre of the
    // bottom stone and in a corner.
    #[test]
    fn png_icon_is_well_formed() {
        let png = icon_png(64, [0, 0, 255], [255, 255, 0]);
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 64);
        // Decode the IDAT back and look at two pixels.
        let start = png.windows(4).position(|w| w == b"IDAT").unwrap();
        let len = u32::from_be_bytes(png[start - 4..start].try_into().unwrap()) as usize;
        let mut raw = Vec::new();
        use std::io::Read;
        flate2::read::ZlibDecoder::new(&png[start + 4..start + 4 + len])
            .read_to_end(&mut raw)
            .unwrap();
        let pixel = |x: usize, y: usize| {
            let at = y * (64 * 3 + 1) + 1 + x * 3;
            [raw[at], raw[at + 1], raw[at + 2]]
        };
        assert_eq!(pixel(0, 0), [0, 0, 255]);
        assert_eq!(pixel(32, (0.71 * 64.0) as usize), [255, 255, 0]);
    }
}
