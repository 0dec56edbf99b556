//! The command line: `cairn build`, `cairn serve`, `cairn check`, `cairn new`, `cairn init`,
//! `cairn schema`, `cairn collate`, `cairn theme copy`, `cairn completions`, `cairn man`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Cairn turns a folder of Markdown into a fast, searchable, printable co-production library.
#[derive(Debug, Parser)]
#[command(name = "cairn", version, about)]
pub struct Cli {
    /// Print only errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default: `public`).
    Build {
        /// The library folder, holding site.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (replaced whole); default: `output_dir` from site.toml.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Include case studies marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Also write the site as one zip file beside the output folder (`public.zip`), to
        /// hand out on a USB stick: unzipped and opened from disk it works, search and forms
        /// included.
        #[arg(long)]
        zip: bool,
        /// The address the site is published at (e.g. https://org.github.io/library/), in place
        /// of `base_url` in site.toml: used by the sitemap, the feed and robots.txt.
        #[arg(long, value_name = "URL", value_parser = crate::config::parse_base_url)]
        base_url: Option<String>,
    },
    /// Print the JSON Schema of case-study front matter.
    ///
    /// Editors and CI can validate case studies with it. Run in a library (or pass --root),
    /// the schema lists its allowed terms and principles, so editors can complete them.
    Schema {
        /// The library folder, holding site.toml; without one, any term is accepted.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Declare JSON Schema draft-07 instead of 2020-12, for editor tools that read only
        /// draft-07 (the schema is otherwise the same).
        #[arg(long = "draft-07")]
        draft_07: bool,
    },
    /// Check the library as the build does, plus plain-language checks, writing nothing.
    ///
    /// Errors (exit 1): everything the build refuses, and images that do not exist. Warnings:
    /// images without alt text or over the size budget, long summaries and sentences, hard
    /// reading, abbreviations used without being written out, and `TODO`s left to fill in.
    Check {
        /// The library folder, holding site.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print findings: `human` (with the source line), `github` (annotations on a
        /// pull request) or `json` (one object per line).
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Exit 1 on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Report the findings in the files changed since REF (a branch, tag or commit, e.g.
        /// `origin/main`; found with git) first. With `--format github`, warnings in other
        /// files are not annotated (GitHub shows only 10 errors and 10 warnings per step);
        /// every finding is still in the job summary.
        #[arg(long, value_name = "REF")]
        changed_since: Option<String>,
        /// Files to report first, as `--changed-since` does (paths from the current folder
        /// or the library folder).
        #[arg(value_name = "FILES", conflicts_with = "changed_since")]
        files: Vec<PathBuf>,
        /// Report only the findings of these rules (e.g. `--only reading-ease,todo`); every
        /// rule is listed in docs/check-rules.md and each finding names its own.
        #[arg(long, value_name = "RULE", value_delimiter = ',')]
        only: Vec<String>,
        /// Leave out the findings of these rules (e.g. `--skip reading-ease`).
        #[arg(long, value_name = "RULE", value_delimiter = ',')]
        skip: Vec<String>,
        /// Order findings by `file` (default) or by `rule`, each rule under a heading.
        #[arg(long, value_enum, default_value_t = CheckGroup::File)]
        group: CheckGroup,
    },
    /// Create a new page to fill in, e.g. `cairn new case-study "Our story"`.
    ///
    /// Every field is written out with a comment saying what it is for and which values the
    /// library allows; `TODO` marks what to write. An existing file is never overwritten.
    New {
        /// What kind of page.
        #[arg(value_enum)]
        kind: NewKind,
        /// Its title; the file name is made from it.
        title: String,
        /// The library folder, holding site.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Collate answer files of a scoring form (downloaded from its page, JSON or CSV) into one
    /// table: per statement, the count of each answer and the average points; the average and
    /// range of the totals; the number of responses. Files for another form are skipped.
    Collate {
        /// The form: its slug (e.g. `assessing-progress`) or the path of its file.
        form: String,
        /// The answer files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The library folder, holding site.toml (default: the current folder, or the one
        /// above a form given by path).
        #[arg(long)]
        root: Option<PathBuf>,
        /// How to print the table.
        #[arg(long, value_enum, default_value_t = CollateFormat::Markdown)]
        format: CollateFormat,
    },
    /// Create a new library in DIR with one example of each kind of content.
    ///
    /// DIR may already hold files (a fresh git clone, a README, a LICENSE): only what is missing
    /// is added, nothing is overwritten, and the files kept are listed.
    Init {
        /// The folder of the library (`.` for the current folder); made if it does not exist.
        dir: PathBuf,
    },
    /// Build the site and serve it at http://127.0.0.1:1111/, rebuilding and reloading the
    /// browser on every save.
    ///
    /// Serves from memory (nothing is written to disk); a save that breaks the build shows its
    /// errors over every page, and the next good save recovers.
    Serve {
        /// The library folder, holding site.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on. Anything but 127.0.0.1 makes the site visible to other
        /// machines on the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include case studies marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Look for changes by polling every 300 ms instead of the system's file events (for
        /// network drives and containers where events do not arrive).
        #[arg(long)]
        poll: bool,
        /// The address the site is published at, in place of `base_url` in site.toml.
        #[arg(long, value_name = "URL", value_parser = crate::config::parse_base_url)]
        base_url: Option<String>,
    },
    /// Work on the library's theme: `cairn theme copy` writes the built-in theme into the
    /// library to edit.
    Theme {
        #[command(subcommand)]
        command: ThemeCommand,
    },
    /// Print the completion script for a shell, e.g.
    /// `cairn completions bash > ~/.local/share/bash-completion/completions/cairn`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `cairn man > cairn.1 && man ./cairn.1`.
    Man {
        /// Write a page for cairn and one for each command (cairn-build.1, ...) into this
        /// folder instead.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

/// `cairn theme ...`.
#[derive(Debug, Subcommand)]
pub enum ThemeCommand {
    /// Copy the built-in theme's templates and styles into `themes/<theme>/` of the library (the
    /// theme chosen in site.toml, normally `default`), where they replace the built-in ones file
    /// by file. Existing files are never overwritten.
    ///
    /// Copy only the files you will change (e.g. `cairn theme copy case-study.html site.css`):
    /// the others keep following the built-in theme as Cairn is updated.
    Copy {
        /// The files to copy, by name or path (e.g. `case-study.html`,
        /// `static/css/site.css`); all of them when none is given.
        files: Vec<String>,
        /// The library folder, holding site.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// How `cairn check` orders its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckGroup {
    /// By file and line (the files changed, or named, first).
    File,
    /// By rule, each under a heading, then by file and line.
    Rule,
}

/// Output formats of `cairn check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Github,
    Json,
}

/// The kinds of page `cairn new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    CaseStudy,
    ToolkitSection,
    PrincipleSet,
    Form,
}

/// Output formats of `cairn collate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CollateFormat {
    Markdown,
    Csv,
}
