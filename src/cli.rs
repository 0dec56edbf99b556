//! The command line: `cairn build`, `cairn init`, `cairn schema`.

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
    /// Create a new library in DIR with one example of each kind of content.
    Init {
        /// The folder to create (must be empty or not exist).
        dir: PathBuf,
    },
}
