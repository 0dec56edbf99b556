//! The `cairn` command: parses arguments, calls the library, prints diagnostics and sets the
//! exit code (0 success, 1 content errors, 2 usage errors).

use std::process::ExitCode;

use clap::Parser;

use cairn::cli::{Cli, Command};
use cairn::{BuildOptions, Diagnostic, Error};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let quiet = cli.quiet;
    let result = match cli.command {
        Command::Build {
            root,
            output,
            drafts,
        } => build(
            BuildOptions {
                root,
                output,
                drafts,
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
            print!("{}", report.table);
            for skipped in &report.skipped {
                eprintln!("warning: {skipped}");
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
                s.gzip_bytes as f64 / 1000.0
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
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
        Error::Usage(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
