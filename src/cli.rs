//! The command line: `cairn build`, `cairn init`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

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
    },
    /// Create a new library in DIR with one example of each kind of content.
    Init {
        /// The folder to create (must be empty or not exist).
        dir: PathBuf,
    },
}
