//! Which Cairn this is and where its releases are published. Cargo.toml's `repository` is the
//! one place naming Cairn's own repository: the workflow `cairn init` writes takes the Action's
//! address from it here, and the Action's install script (`.github/action/install.sh`) reads it
//! from Cargo.toml; a test keeps the Dockerfile and README in step.

/// Cairn's own repository, from Cargo.toml (`https://github.com/<owner>/<name>`).
pub(crate) const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The version of this `cairn`, from Cargo.toml.
pub(crate) const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The GitHub Action that installs this very version: `<owner>/<name>@v<version>`, as written
/// after `uses:` in a workflow.
pub(crate) fn action() -> String {
    let path = REPOSITORY
        .trim_start_matches("https://github.com/")
        .trim_end_matches('/');
    format!("{path}@v{VERSION}")
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins that Cargo.toml names a GitHub repository, so the Action's address can be made from it.
    #[test]
    fn repository_is_on_github() {
        assert!(
            REPOSITORY.starts_with("https://github.com/"),
            "{REPOSITORY}"
        );
        let action = action();
        let (path, version) = action.split_once('@').unwrap();
        assert_eq!(path.split('/').count(), 2, "{action}");
        assert_eq!(version, format!("v{VERSION}"));
    }
}
