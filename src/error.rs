//! The errors Cairn's library functions return; `main` turns them into messages and exit codes.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the library's files: reported all together, exit code 1.
    #[error("{} in the library", crate::diagnostic::count(.0.len(), "problem"))]
    Content(Vec<Diagnostic>),
    /// A file or folder could not be read or written.
    #[error("cannot access `{}`: {source}", crate::diagnostic::display_path(path))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The command was asked for something it cannot do (e.g. `init` into a non-empty folder).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// One content problem as an error.
    pub(crate) fn from_diagnostic(d: Diagnostic) -> Error {
        Error::Content(vec![d])
    }
}

impl From<Vec<Diagnostic>> for Error {
    fn from(d: Vec<Diagnostic>) -> Self {
        Error::Content(d)
    }
}
