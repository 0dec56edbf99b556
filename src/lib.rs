//! Cairn: a static-site generator for co-production resource libraries.
//!
//! The build is data flowing one way:
//!
//! ```text
//! site.toml -> Config
//! content/  -> Library   (every page loaded, front matter typed, links and taxonomies resolved)
//! Library   -> Site      (the plan: every output file and its address, each claimed once)
//! Site      -> Output    (path -> bytes, rendered stage by stage: src/build.rs)
//! Output    -> disk      (written to a staging folder, then swapped in)
//! ```

// Diagnostics travel in `Err` on the cold path only; boxing them would add noise, not speed.
#![allow(clippy::result_large_err)]
// `pub(crate)` by default: the crate exposes only what main, the tests and the examples use.
#![warn(unreachable_pub)]

mod archive;
pub mod budget;
mod build;
pub mod check;
pub mod cli;
pub mod collate;
mod config;
pub mod content;
mod contribute;
mod data;
pub mod diagnostic;
mod editor;
mod error;
mod i18n;
pub mod images;
pub mod incremental;
pub mod init;
mod inputs;
pub mod limits;
pub mod new;
mod offline;
pub mod output;
mod release;
pub mod render;
pub mod schema;
mod script_json;
pub mod search;
pub mod serve;
pub mod site;
mod spreadsheet;
pub mod text;
pub mod theme;
mod url;
mod watch;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub use config::Config;
pub use content::Library;
pub use diagnostic::{Diagnostic, Severity};
pub use error::Error;
pub use output::Output;
use output::Staging;

use content::library::LoadOptions;
use render::RenderOptions;

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
    /// `--base-url`: where the site is published, in place of site.toml's `base_url`.
    pub base_url: Option<String>,
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
    /// The heaviest pages and the search index's files, against `[budgets]` (src/budget.rs).
    pub weights: budget::Weights,
    /// The zip of the site, when asked for (src/archive.rs).
    pub zip: Option<archive::ZipReport>,
}

/// Loads, checks and renders a library in memory, writing nothing.
pub fn build_in_memory(
    root: &Path,
    drafts: bool,
    render_options: &RenderOptions,
) -> Result<(Library, Output, Vec<Diagnostic>), Error> {
    let library = Library::load(
        root,
        &LoadOptions {
            drafts,
            ..Default::default()
        },
    )?;
    let sink = Mutex::new(Output::default());
    let warnings = build::render_checked(&library, render_options, &sink)?.warnings;
    let output = sink.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok((library, output, warnings))
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
    refuse_dangerous_output(&root, &output_dir, options.output.is_none())?;
    // Made before the library loads: the previous output is listed meanwhile, on its own thread.
    let staging = Staging::new(&output_dir)?;
    let library = Library::load_with_config(
        &root,
        config,
        &LoadOptions {
            drafts: options.drafts,
            base_url: options.base_url.clone(),
        },
    )?;
    let build::Finished {
        mut warnings,
        precache,
        weights,
    } = build::render_checked(&library, &RenderOptions::default(), &staging)?;
    warnings.extend(library.config.placeholder_base_url_warning(&root));
    let (files, bytes, pages) = staging.written();
    staging.commit()?;
    let search = search::IndexSize::of(&output_dir);
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
        weights,
        zip,
    })
}

/// The output folder is replaced whole, so it must be Cairn's alone: never the library, a
/// folder holding it, one of its source or hidden folders, nor a folder holding anything but
/// an earlier build (src/output/guard.rs).
fn refuse_dangerous_output(root: &Path, output: &Path, from_config: bool) -> Result<(), Error> {
    output::guard::check(root, output, from_config)
}
