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
    }
    Ok(())
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
