//! The `cairn` command: parses arguments, calls the library, prints diagnostics and sets the
//! exit code (0 success, 1 content errors, 2 usage errors).

use std::process::ExitCode;

// See the note on tikv-jemallocator in Cargo.toml.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use clap::Parser;

use cairn::cli::{Cli, Command};
use cairn::diagnostic::{printable, printable_lines};
use cairn::{BuildOptions, Diagnostic, Error};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let quiet = cli.quiet;
    let result = match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            zip,
        } => build(
            BuildOptions {
                root,
                output,
                drafts,
                zip,
            },
            quiet,
        ),
        Command::Schema { root, draft_07 } => {
            let dialect = if draft_07 {
                cairn::schema::Dialect::Draft07
            } else {
                cairn::schema::Dialect::Draft2020_12
            };
            cairn::schema::for_library(&root, dialect).map(|schema| print!("{schema}"))
        }
        Command::Check {
            root,
            format,
            deny_warnings,
        } => return check(&root, format, deny_warnings, quiet),
        Command::New { kind, title, root } => cairn::new::new(&root, kind, &title).map(|path| {
            if !quiet {
                eprintln!("Created {}", path.display());
                eprintln!("Next: fill in the `TODO`s, then run `cairn check`");
            }
        }),
        Command::Collate {
            form,
            files,
            root,
            format,
        } => return collate(form, files, root, format),
        Command::Serve {
            root,
            bind,
            port,
            open,
            drafts,
            poll,
        } => serve(
            cairn::serve::ServeOptions {
                root,
                bind,
                port,
                drafts,
                poll,
            },
            open,
            quiet,
        ),
        Command::Init { dir } => cairn::init::init(&dir).map(|files| {
            if !quiet {
                eprintln!(
                    "Created a new library in {} ({} files).",
                    dir.display(),
                    files.len()
                );
                eprintln!(
                    "Next: cd {} && cairn build, then open public/index.html",
                    dir.display()
                );
            }
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report_error(e),
    }
}

/// `cairn collate`: the table on stdout, each skipped file on stderr; exit 1 if any was skipped.
fn collate(
    form: String,
    files: Vec<std::path::PathBuf>,
    root: Option<std::path::PathBuf>,
    format: cairn::cli::CollateFormat,
) -> ExitCode {
    use cairn::collate::{CollateOptions, Format};
    let options = CollateOptions {
        form,
        files,
        root,
        format: match format {
            cairn::cli::CollateFormat::Markdown => Format::Markdown,
            cairn::cli::CollateFormat::Csv => Format::Csv,
        },
    };
    match cairn::collate::run(&options) {
        Ok(report) => {
            // Answer files come from anyone: their text prints escaped (src/diagnostic.rs).
            print!("{}", printable_lines(&report.table));
            for skipped in &report.skipped {
                eprintln!("warning: {}", printable(&skipped.to_string()));
            }
            if report.skipped.is_empty() {
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "error: {} file(s) skipped; the table counts the other {}",
                    report.skipped.len(),
                    report.responses
                );
                ExitCode::from(1)
            }
        }
        Err(e) => report_error(e),
    }
}

fn build(options: BuildOptions, quiet: bool) -> Result<(), Error> {
    if !quiet {
        eprintln!("Building {}", options.root.display());
    }
    let report = cairn::build(&options)?;
    if !quiet {
        print_diagnostics(&report.warnings);
        eprintln!(
            "Built {} pages ({} files, {:.1} MB) into {} in {:.2} s",
            report.pages,
            report.files,
            report.bytes as f64 / 1_000_000.0,
            report.output_dir.display(),
            report.elapsed.as_secs_f64()
        );
        if let Some(s) = report.search {
            eprintln!(
                "Search index: {} documents, {:.1} KB ({:.1} KB gzipped)",
                s.documents,
                s.bytes as f64 / 1000.0,
                s.gzip_bytes() as f64 / 1000.0
            );
        }
        let p = &report.offline;
        if p.files > 0 {
            eprintln!(
                "Offline: {} files, {:.1} MB saved on a reader's first visit (offline = \"{}\")",
                p.files,
                p.bytes as f64 / 1_000_000.0,
                p.mode.as_str()
            );
        } else {
            eprintln!("Offline: off (no files saved for offline reading)");
        }
        if let Some(z) = &report.zip {
            eprintln!(
                "Zip: {} ({} files, {:.1} MB; unzipped, open {}/index.html)",
                z.path.display(),
                z.files,
                z.bytes as f64 / 1_000_000.0,
                z.folder
            );
        }
    }
    Ok(())
}

/// `cairn check`: findings on stdout in the chosen format, a summary on stderr.
fn check(
    root: &std::path::Path,
    format: cairn::cli::CheckFormat,
    deny_warnings: bool,
    quiet: bool,
) -> ExitCode {
    let findings = match cairn::check::check(root) {
        Ok(findings) => findings,
        Err(e) => return report_error(e),
    };
    for d in &findings {
        if quiet && !d.is_error() {
            continue;
        }
        print!("{}", cairn::check::format(d, format));
    }
    let errors = findings.iter().filter(|d| d.is_error()).count();
    let warnings = findings.len() - errors;
    if !quiet || errors > 0 {
        eprintln!("{}", cairn::check::summary(errors, warnings));
    }
    if errors > 0 || (deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

fn report_error(e: Error) -> ExitCode {
    match e {
        Error::Content(diagnostics) => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "error: the build failed with {errors} error(s); the previous output was left as it was"
            );
            ExitCode::from(1)
        }
        Error::Io { .. } => {
            eprintln!("error: {}", printable(&e.to_string()));
            ExitCode::from(1)
        }
        Error::Usage(message) => {
            eprintln!("error: {}", printable(&message));
            ExitCode::from(2)
        }
    }
}

/// `cairn serve`: runs until stopped, printing each rebuild and its errors.
fn serve(options: cairn::serve::ServeOptions, open: bool, quiet: bool) -> Result<(), Error> {
    use cairn::incremental::Kind;
    use cairn::serve::ServeEvent;
    if !quiet {
        eprintln!("Building {}", options.root.display());
    }
    let report = move |event: ServeEvent| match event {
        ServeEvent::Listening { url, public } => {
            if public {
                eprintln!(
                    "warning: the site is visible to other machines on the network (--bind {}); use --bind 127.0.0.1 to keep it to this machine",
                    options_bind(&url)
                );
            }
            eprintln!("Serving {url} (press Ctrl+C to stop)");
            if open && let Err(e) = cairn::serve::open_in_browser(&url) {
                eprintln!("warning: {e}");
            }
        }
        ServeEvent::Built(r) => {
            print_diagnostics(&r.warnings);
            if quiet {
                return;
            }
            let what = match r.kind {
                Kind::Full => format!("Built {} pages ({} files)", r.pages, r.files),
                Kind::Pages => format!("Rebuilt {} pages ({} files)", r.pages, r.files),
                Kind::Assets => format!("Copied {} file(s)", r.files),
            };
            let cause = if r.changed.is_empty() {
                String::new()
            } else {
                format!(" after a change to {}", printable(&r.changed.join(", ")))
            };
            eprintln!(
                "{what}{cause} in {:.0} ms",
                r.elapsed.as_secs_f64() * 1000.0
            );
        }
        ServeEvent::SearchIndex { elapsed } => {
            if !quiet {
                eprintln!(
                    "Search index and data files updated in {:.0} ms",
                    elapsed.as_secs_f64() * 1000.0
                );
            }
        }
        ServeEvent::Failed { changed, errors } => {
            print_diagnostics(&errors);
            let cause = if changed.is_empty() {
                String::new()
            } else {
                format!(" after a change to {}", printable(&changed.join(", ")))
            };
            eprintln!(
                "error: the build failed with {} error(s){cause}; still serving the last good build",
                errors.iter().filter(|d| d.is_error()).count()
            );
        }
        ServeEvent::WatchError(message) => eprintln!("warning: watching files: {message}"),
    };
    cairn::serve::serve(&options, std::sync::Arc::new(report))
}

/// The address part of a served URL, for the warning about public addresses.
fn options_bind(url: &str) -> &str {
    url.trim_start_matches("http://")
        .rsplit_once(':')
        .map_or(url, |(host, _)| host)
}
