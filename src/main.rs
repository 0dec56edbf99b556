//! The `cairn` command: parses arguments, calls the library, prints diagnostics and sets the
//! exit code (0 success, 1 content errors, 2 usage errors).

use std::process::ExitCode;

// See the note on tikv-jemallocator in Cargo.toml.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use clap::{CommandFactory, FromArgMatches};

use cairn::cli::{Cli, Command};
use cairn::diagnostic::{printable, printable_lines};
use cairn::{BuildOptions, Diagnostic, Error};

fn main() -> ExitCode {
    let cli = parse_cli();
    let quiet = cli.quiet;
    let outcome = Outcome::of(&cli.command);
    let result = match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            zip,
            base_url,
        } => build(
            BuildOptions {
                root,
                output,
                drafts,
                zip,
                base_url,
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
            changed_since,
            files,
            only,
            skip,
            group,
        } => {
            return check(CheckRun {
                root: &root,
                format,
                deny_warnings,
                quiet,
                changed_since: changed_since.as_deref(),
                files: &files,
                only: &only,
                skip: &skip,
                group,
            });
        }
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
            base_url,
        } => serve(
            cairn::serve::ServeOptions {
                root,
                bind,
                port,
                drafts,
                poll,
                base_url,
            },
            open,
            quiet,
        ),
        Command::Init { dir } => init(&dir, quiet),
        Command::Theme { command } => theme(command, quiet),
        Command::Completions { shell } => completions(shell),
        Command::Man { out } => man(out.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report_error(e, outcome),
    }
}

/// What a failed command did not do, for the closing line of its errors: only `build` has an
/// output folder to speak of.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    Build,
    /// What was not done, e.g. "no page was created".
    Other(&'static str),
}

impl Outcome {
    fn of(command: &Command) -> Outcome {
        Outcome::Other(match command {
            Command::Build { .. } => return Outcome::Build,
            Command::New { .. } => "no page was created",
            Command::Collate { .. } => "nothing was collated",
            Command::Schema { .. } => "no schema was printed",
            Command::Check { .. } => "the check could not run",
            Command::Serve { .. } => "nothing is served",
            _ => "stopped",
        })
    }

    /// The closing line after `errors` content errors.
    fn closing(self, errors: usize) -> String {
        let errors = cairn::diagnostic::count(errors, "error");
        match self {
            Outcome::Build => {
                format!("error: the build failed with {errors}; the output folder was not changed")
            }
            Outcome::Other(what) => format!("error: {what} ({errors})"),
        }
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
                    "error: {} skipped; the table counts the other {}",
                    cairn::diagnostic::count(report.skipped.len(), "file"),
                    report.responses
                );
                ExitCode::from(1)
            }
        }
        Err(e) => report_error(e, Outcome::Other("nothing was collated")),
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
        print_weights(&report.weights);
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

/// The build summary's weights: the heaviest page, the largest listing page and the search
/// index's files, then each budget passed (src/budget.rs).
fn print_weights(w: &cairn::budget::Weights) {
    let kb = |bytes: usize| bytes as f64 / 1000.0;
    if let Some(p) = &w.heaviest {
        eprintln!(
            "Heaviest page: {} ({:.1} KB of HTML, {:.1} KB with its CSS and JS)",
            p.path,
            kb(p.html),
            kb(p.with_assets)
        );
    }
    if let Some(p) = w
        .heaviest_with_assets
        .as_ref()
        .filter(|p| Some(*p) != w.heaviest.as_ref())
    {
        eprintln!(
            "Heaviest page with its CSS and JS: {} ({:.1} KB, {:.1} KB of it HTML)",
            p.path,
            kb(p.with_assets),
            kb(p.html)
        );
    }
    if let Some(p) = &w.largest_listing {
        eprintln!(
            "Largest listing page: {} ({:.1} KB of HTML)",
            p.path,
            kb(p.html)
        );
    }
    if let Some(s) = &w.search {
        eprintln!(
            "Search index files: {} {}, {:.1} KB in all, the largest {} ({:.1} KB)",
            s.files,
            if s.files == 1 { "file" } else { "files" },
            kb(s.bytes),
            s.largest.0,
            kb(s.largest.1)
        );
    }
    for passed in &w.passed {
        eprintln!("warning: {}", printable(passed));
    }
}

/// What `cairn check` was asked.
struct CheckRun<'a> {
    root: &'a std::path::Path,
    format: cairn::cli::CheckFormat,
    deny_warnings: bool,
    quiet: bool,
    changed_since: Option<&'a str>,
    files: &'a [std::path::PathBuf],
    only: &'a [String],
    skip: &'a [String],
    group: cairn::cli::CheckGroup,
}

/// `cairn check`: findings on stdout in the chosen format (the files changed, or named, first),
/// a summary on stderr, and every finding in the GitHub job summary when there is one.
fn check(run: CheckRun<'_>) -> ExitCode {
    use cairn::check::annotate;
    use cairn::cli::CheckFormat;
    let failed = |e| report_error(e, Outcome::Other("the check could not run"));
    if let Err(e) =
        cairn::check::known_rules(run.only).and_then(|()| cairn::check::known_rules(run.skip))
    {
        return failed(e);
    }
    let focus = match (run.changed_since, run.files.is_empty()) {
        (Some(reference), _) => match annotate::changed_since(run.root, reference) {
            Ok(focus) => Some(focus),
            Err(e) => return failed(e),
        },
        (None, false) => Some(annotate::given(run.root, run.files)),
        (None, true) => None,
    };
    let mut findings = match cairn::check::check(run.root) {
        Ok(findings) => findings,
        Err(e) => return failed(e),
    };
    cairn::check::filter(&mut findings, run.only, run.skip);
    annotate::order(&mut findings, focus.as_ref());
    let by_rule = run.group == cairn::cli::CheckGroup::Rule;
    if by_rule {
        cairn::check::group_by_rule(&mut findings);
    }
    let github = run.format == CheckFormat::Github;
    let summary_file = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty());
    let prefix = if github || summary_file.is_some() {
        annotate::repository_prefix(run.root)
    } else {
        String::new()
    };
    let mut shown = Vec::new();
    let human = run.format == CheckFormat::Human;
    // Many findings start with how many of each rule there are.
    if human && findings.len() > 1 && !run.quiet {
        print!("{}", cairn::check::rule_summary(&findings));
    }
    let mut rule = "";
    for d in &findings {
        if run.quiet && !d.is_error() {
            continue;
        }
        if human && by_rule && d.rule != rule {
            rule = d.rule;
            print!("{}", cairn::check::rule_heading(rule, &findings));
        }
        if github {
            if annotate::annotated(d, focus.as_ref()) {
                print!("{}", annotate::github(d, &prefix));
                shown.push(d);
            }
        } else {
            print!("{}", cairn::check::format(d, run.format));
        }
    }
    let mut summary_written = false;
    if let Some(path) = &summary_file {
        let table = annotate::summary(&findings, focus.as_ref(), &prefix);
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, table.as_bytes()));
        match written {
            Ok(()) => summary_written = true,
            Err(e) => eprintln!(
                "warning: cannot write the job summary to `{}`: {e}",
                std::path::Path::new(path).display()
            ),
        }
    }
    if github && let Some(notice) = annotate::github_overflow(&shown, summary_written) {
        print!("{notice}");
    }
    let errors = findings.iter().filter(|d| d.is_error()).count();
    let warnings = findings.len() - errors;
    if !run.quiet || errors > 0 {
        eprintln!("{}", cairn::check::summary(errors, warnings));
    }
    if errors > 0 || (run.deny_warnings && warnings > 0) {
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

fn report_error(e: Error, outcome: Outcome) -> ExitCode {
    match e {
        Error::Content(diagnostics) => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("{}", outcome.closing(errors));
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
                Kind::Assets => format!("Copied {}", cairn::diagnostic::count(r.files, "file")),
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
            // Where a slow rebuild's time went, for whoever is making it faster.
            if std::env::var_os("CAIRN_SERVE_TIMING").is_some() && !r.stages.is_empty() {
                let stages: Vec<String> = r
                    .stages
                    .iter()
                    .map(|(name, took)| format!("{name} {:.0} ms", took.as_secs_f64() * 1000.0))
                    .collect();
                eprintln!("  stages: {}", stages.join(", "));
            }
        }
        ServeEvent::SearchIndex { elapsed } => {
            if !quiet {
                eprintln!(
                    "Search index and data files updated in {:.0} ms",
                    elapsed.as_secs_f64() * 1000.0
                );
            }
        }
        ServeEvent::Failed {
            changed,
            errors,
            serving_last_good,
        } => {
            print_diagnostics(&errors);
            let cause = if changed.is_empty() {
                String::new()
            } else {
                format!(" after a change to {}", printable(&changed.join(", ")))
            };
            let then = if serving_last_good {
                "still serving the last good build"
            } else {
                "nothing to serve until it builds; fix the errors and save"
            };
            eprintln!(
                "error: the build failed with {}{cause}; {then}",
                cairn::diagnostic::count(errors.iter().filter(|d| d.is_error()).count(), "error")
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

/// `cairn --version` names the commit it was built from (build.rs), when known.
const VERSION: &str = match include_str!(concat!(env!("OUT_DIR"), "/commit.txt")).as_bytes() {
    [] => env!("CARGO_PKG_VERSION"),
    _ => concat!(
        env!("CARGO_PKG_VERSION"),
        " (commit ",
        include_str!(concat!(env!("OUT_DIR"), "/commit.txt")),
        ")"
    ),
};

/// The command line's definition, with the version line that names the commit.
fn cli_command() -> clap::Command {
    Cli::command().version(VERSION)
}

/// The command line, parsed.
fn parse_cli() -> Cli {
    let matches = cli_command().get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// `cairn init`: what was made, what was kept, and what to type next.
fn init(dir: &std::path::Path, quiet: bool) -> Result<(), Error> {
    let report = cairn::init::init(dir)?;
    if quiet {
        return Ok(());
    }
    let list = |paths: &[std::path::PathBuf]| {
        paths
            .iter()
            .map(|p| cairn::diagnostic::display_path(p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let folder = match cairn::init::is_current(dir) {
        true => "this folder".to_string(),
        false => dir.display().to_string(),
    };
    match report.created.len() {
        0 => eprintln!("{folder} already holds a library; nothing was added."),
        n => eprintln!(
            "Made a library in {folder} ({n} file{} added).",
            if n == 1 { "" } else { "s" }
        ),
    }
    if !report.kept.is_empty() {
        eprintln!("Kept as they were: {}", list(&report.kept));
    }
    if !report.ignored.is_empty() {
        eprintln!(
            "Added to .gitignore (the build's output): {}",
            report.ignored.join(" ")
        );
    }
    eprintln!("Next:");
    for step in cairn::init::next_steps(dir) {
        eprintln!("  {step}");
    }
    eprintln!(
        "To publish on GitHub Pages: push to GitHub, then in the repository's Settings > Pages set Source to \"GitHub Actions\"."
    );
    Ok(())
}

/// `cairn theme copy`: what was copied where, and what was kept.
fn theme(command: cairn::cli::ThemeCommand, quiet: bool) -> Result<(), Error> {
    let cairn::cli::ThemeCommand::Copy { files, root } = command;
    let copied = cairn::theme::copy::copy(&root, &files)?;
    if quiet {
        return Ok(());
    }
    let dir = cairn::diagnostic::display_path(&copied.dir);
    let n = copied.written.len();
    eprintln!(
        "Copied {n} file{} of the built-in theme into {dir}/: edit them there; each replaces the built-in one.",
        if n == 1 { "" } else { "s" }
    );
    if !copied.kept.is_empty() {
        eprintln!(
            "Kept as they were (already in {dir}/): {}",
            copied.kept.join(", ")
        );
    }
    if n > 1 {
        eprintln!(
            "Delete the files you do not change: they then keep following the built-in theme as Cairn is updated."
        );
    }
    Ok(())
}

/// `cairn completions SHELL`: the completion script on standard output.
fn completions(shell: clap_complete::Shell) -> Result<(), Error> {
    let mut command = cli_command();
    clap_complete::generate(shell, &mut command, "cairn", &mut std::io::stdout());
    Ok(())
}

/// `cairn man`: the manual page on standard output, or one page per command into a folder.
fn man(out: Option<&std::path::Path>) -> Result<(), Error> {
    let command = cli_command();
    match out {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            clap_mangen::generate_to(command, dir).map_err(|e| Error::io(dir, e))
        }
        None => {
            let mut page = Vec::new();
            let rendered = clap_mangen::Man::new(command).render(&mut page);
            rendered
                .and_then(|()| std::io::Write::write_all(&mut std::io::stdout(), &page))
                .map_err(|e| Error::io(std::path::Path::new("standard output"), e))
        }
    }
}
