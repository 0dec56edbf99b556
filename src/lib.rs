//! Cairn: a static-site generator for co-production resource libraries.
//!
//! The build is data flowing one way:
//!
//! ```text
//! site.toml -> Config
//! content/  -> Library   (every page loaded, front matter typed, links and taxonomies resolved)
//! Library   -> Output    (path -> bytes, in memory)
//! Output    -> disk      (written to a temporary folder, then swapped in)
//! ```

// Diagnostics travel in `Err` on the cold path only; boxing them would add noise, not speed.
#![allow(clippy::result_large_err)]

pub mod archive;
pub mod check;
pub mod cli;
pub mod collate;
pub mod config;
pub mod content;
pub mod contribute;
pub mod data;
pub mod diagnostic;
pub mod error;
pub mod i18n;
pub mod images;
pub mod incremental;
pub mod init;
pub mod limits;
pub mod new;
pub mod offline;
pub mod output;
pub mod render;
pub mod schema;
pub mod search;
pub mod serve;
pub mod theme;
pub mod watch;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub use config::Config;
pub use content::Library;
pub use diagnostic::{Diagnostic, Severity};
pub use error::Error;
pub use output::Output;
use output::{Sink, Staging};

use content::library::LoadOptions;
use render::RenderOptions;
use theme::Theme;

/// What `cairn build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The library folder (holding `site.toml`).
    pub root: PathBuf,
    /// Where to write; `None` means `output_dir` from site.toml, inside the root.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Also write the site as one zip file beside the output folder (src/archive.rs).
    pub zip: bool,
}

/// What a finished build did.
#[derive(Debug)]
pub struct BuildReport {
    pub output_dir: PathBuf,
    pub pages: usize,
    pub files: usize,
    pub bytes: usize,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// The size of the search index (src/search.rs), when the site has one.
    pub search: Option<search::IndexSize>,
    /// What the service worker saves for offline reading (src/offline.rs).
    pub offline: offline::Precache,
    /// The zip of the site, when asked for (src/archive.rs).
    pub zip: Option<archive::ZipReport>,
}

/// Loads, checks and renders a library in memory, writing nothing.
pub fn build_in_memory(
    root: &Path,
    drafts: bool,
    render_options: &RenderOptions,
) -> Result<(Library, Output, Vec<Diagnostic>), Error> {
    let library = Library::load(root, &LoadOptions { drafts })?;
    let sink = Mutex::new(Output::default());
    let (warnings, _) = render_checked(&library, render_options, &sink)?;
    let output = sink.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok((library, output, warnings))
}

/// Renders a loaded library into `sink`, unless it has errors; the library's own errors and
/// the render's (broken links) are reported together. Returns the warnings and what the
/// service worker precaches.
pub fn render_checked(
    library: &Library,
    render_options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<(Vec<Diagnostic>, offline::Precache), Error> {
    let (theme, mut warnings) =
        Theme::resolve(&library.root, &library.config.theme, &library.templates)?;
    let mut errors = library.errors.clone();
    // A library with errors is rendered into a throw-away sink, only to find link errors too.
    let target: &dyn Sink = if errors.is_empty() {
        sink
    } else {
        &output::Discard
    };
    // Every file passes the recorder, which then writes the manifest, icons and sw.js.
    let recorder = offline::Recorder::new(target);
    match render::render_to(library, &theme, render_options, &recorder) {
        Ok(render_warnings) if errors.is_empty() => {
            // `serve` (which injects live reload) never keeps pages offline: they would go stale.
            let purpose = match render_options.body_end {
                Some(_) => offline::Purpose::Serve,
                None => offline::Purpose::Build,
            };
            let precache = offline::finish(&library.config, &recorder, purpose)
                .map_err(Error::from_diagnostic)?;
            warnings.extend(library.warnings.iter().cloned());
            warnings.extend(render_warnings);
            Ok((warnings, precache))
        }
        Ok(_) => Err(Error::Content(errors)),
        Err(mut render_errors) => {
            errors.append(&mut render_errors);
            errors.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
            errors.dedup();
            Err(Error::Content(errors))
        }
    }
}

/// Builds the site and swaps it into the output folder. Pages are written as they are
/// rendered, into a staging folder; on any error the previous output is left exactly as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    let started = Instant::now();
    let config = Config::load(&options.root)?;
    let root = content::library::canonical_root(&options.root)?;
    let output_dir = match &options.output {
        Some(dir) => dir.clone(),
        None => root.join(&config.output_dir),
    };
    refuse_dangerous_output(&root, &output_dir)?;
    // Made before the library loads: the previous output is listed meanwhile, on its own thread.
    let staging = Staging::new(&output_dir)?;
    let library = Library::load_with_config(
        &root,
        config,
        &LoadOptions {
            drafts: options.drafts,
        },
    )?;
    let (warnings, precache) = render_checked(&library, &RenderOptions::default(), &staging)?;
    let (files, bytes, pages) = staging.written();
    staging.commit()?;
    let search = search::IndexSize::of(&output_dir.join(search::INDEX_PATH));
    let zip = match options.zip {
        true => Some(archive::write_zip(&output_dir, &library.config)?),
        false => None,
    };
    Ok(BuildReport {
        output_dir,
        pages,
        files,
        bytes,
        warnings,
        elapsed: started.elapsed(),
        search,
        offline: precache,
        zip,
    })
}

/// The output folder is replaced whole, so it must never be the library itself, a folder
/// holding it, or one of its source folders.
fn refuse_dangerous_output(root: &Path, output: &Path) -> Result<(), Error> {
    let absolute = if output.is_absolute() {
        output.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io(output, e))?
            .join(output)
    };
    let normal = normalise(&absolute);
    let sources = ["content", "static", "templates", "themes"].map(|d| root.join(d));
    if root.starts_with(&normal)
        || sources.iter().any(|s| normal.starts_with(s))
        || normal.ends_with("site.toml")
    {
        return Err(Error::Usage(format!(
            "refusing to write the site to `{}`: it would replace the library's own files; choose an output folder such as `public`",
            output.display()
        )));
    }
    Ok(())
}

/// Removes `.` and `..` parts without touching the disk (the folder may not exist yet).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    // Compare like with like: the root was canonicalised, so canonicalise what exists.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    resolved
}
