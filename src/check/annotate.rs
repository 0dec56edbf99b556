//! What `cairn check` shows on a pull request: the contributor's own files first, GitHub
//! annotations they can read, and every finding in the job summary.
//!
//! GitHub shows at most 10 error and 10 warning annotations per step, so the findings in the
//! files a pull request changes (`--changed-since REF`, found with git, or a list of files)
//! come first, and warnings elsewhere go only to the job summary (`$GITHUB_STEP_SUMMARY`, a
//! Markdown table of every finding). Annotation paths are relative to the repository's root,
//! which is not the library's when the library is in a sub-folder; GitHub shows backticks
//! literally, so annotations quote with ‘ ’ instead.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::diagnostic::{Diagnostic, count, display_path};
use crate::error::Error;

/// GitHub's limit of annotations of each kind (error, warning) shown per step.
pub(crate) const GITHUB_LIMIT: usize = 10;

/// The files to report first: paths relative to the library root, with `/`.
#[derive(Debug, Clone, Default)]
pub struct Focus {
    pub(crate) files: BTreeSet<String>,
    /// Where the list came from, for the summary: e.g. "changed since `origin/main`".
    pub(crate) described: String,
}

impl Focus {
    pub(crate) fn contains(&self, d: &Diagnostic) -> bool {
        self.files.contains(&display_path(&d.path))
    }
}

/// The files changed since `reference` (a branch, tag or commit) in the git repository
/// holding the library at `root`, committed or not, plus new files git does not ignore;
/// relative to `root`, files outside it left out.
pub fn changed_since(root: &Path, reference: &str) -> Result<Focus, Error> {
    if reference.starts_with('-') {
        return Err(Error::Usage(format!(
            "`{reference}` is not a git reference; give a branch, tag or commit, e.g. `--changed-since origin/main`"
        )));
    }
    let changed = git(
        root,
        &["diff", "--name-only", "--relative", reference, "--"],
    )
    .map_err(|why| {
        Error::Usage(format!(
            "cannot list the files changed since `{reference}`: {why}. In GitHub Actions, check out with `fetch-depth: 0` so that the base branch is there"
        ))
    })?;
    let untracked = git(root, &["ls-files", "--others", "--exclude-standard"])
        .map_err(|why| Error::Usage(format!("cannot list the new files: {why}")))?;
    Ok(Focus {
        files: changed
            .lines()
            .chain(untracked.lines())
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect(),
        described: format!("changed since `{reference}`"),
    })
}

/// The files named on the command line, as paths relative to `root`: a path that exists from
/// the current folder is taken from there, any other as written from the library root.
pub fn given(root: &Path, files: &[std::path::PathBuf]) -> Focus {
    let root_abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let files = files
        .iter()
        .map(|f| {
            std::fs::canonicalize(f)
                .ok()
                .and_then(|abs| abs.strip_prefix(&root_abs).ok().map(display_path))
                .unwrap_or_else(|| display_path(f).trim_start_matches("./").to_string())
        })
        .collect();
    Focus {
        files,
        described: "named on the command line".into(),
    }
}

/// The library's folder inside its git repository (`library/`), or `""` at the root or
/// outside a repository, for annotation paths.
pub fn repository_prefix(root: &Path) -> String {
    git(root, &["rev-parse", "--show-prefix"])
        .map(|p| p.trim().to_string())
        .unwrap_or_default()
}

/// Runs git in `dir`; its standard output, or why it failed in plain words.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "core.quotepath=off"])
        .args(args)
        .output()
        .map_err(|e| format!("git could not be run ({e}); is it installed?"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        let said = String::from_utf8_lossy(&out.stderr);
        Err(format!(
            "git says: {}",
            said.lines().next().unwrap_or("it failed").trim()
        ))
    }
}

/// The findings in the order to report them: those in `focus` first, each group by file and
/// line as `findings` came.
pub fn order(findings: &mut [Diagnostic], focus: Option<&Focus>) {
    if let Some(focus) = focus {
        findings.sort_by_key(|d| !focus.contains(d));
    }
}

/// Whether `--format github` annotates a finding: with a focus, the findings in its files and
/// errors anywhere (they fail the check, and a change can break another file); without, all.
pub fn annotated(d: &Diagnostic, focus: Option<&Focus>) -> bool {
    focus.is_none_or(|f| f.contains(d) || d.is_error())
}

/// A GitHub Actions workflow command for `d`, shown on the pull request's line. `prefix` is
/// the library's folder in the repository (see [`repository_prefix`]).
pub fn github(d: &Diagnostic, prefix: &str) -> String {
    let path = format!("{prefix}{}", display_path(&d.path));
    let mut props = format!(
        "file={}",
        escape_property(&crate::diagnostic::printable(&path))
    );
    if d.line > 0 {
        props.push_str(&format!(",line={}", d.line));
        if d.column > 0 {
            props.push_str(&format!(",col={}", d.column));
        }
    }
    // Control characters from the library never reach the log as they are (src/diagnostic.rs);
    // line breaks are the annotation's own (`%0A`).
    let text = crate::diagnostic::printable_lines(&d.message);
    let message = match &d.help {
        Some(help) => format!("{text}\nhelp: {}", crate::diagnostic::printable_lines(help)),
        None => text.into_owned(),
    };
    format!(
        "::{} {props}::{}\n",
        d.severity.as_str(),
        escape_data(&unquote_code(&message))
    )
}

/// A notice for the findings GitHub will not show as annotations, pointing to the summary.
pub fn github_overflow(annotated: &[&Diagnostic], summary_written: bool) -> Option<String> {
    let errors = annotated.iter().filter(|d| d.is_error()).count();
    let warnings = annotated.len() - errors;
    let hidden = errors.saturating_sub(GITHUB_LIMIT) + warnings.saturating_sub(GITHUB_LIMIT);
    if hidden == 0 {
        return None;
    }
    let where_ = if summary_written {
        "the job summary lists every one"
    } else {
        "run `cairn check` to see every one"
    };
    Some(format!(
        "::notice title=More problems than GitHub shows::GitHub shows {GITHUB_LIMIT} errors and {GITHUB_LIMIT} warnings per step; {hidden} more are not shown here: {where_}\n"
    ))
}

/// `code` spans written with backticks, quoted with ‘ ’ instead (GitHub shows backticks in
/// annotations as they are).
pub(crate) fn unquote_code(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut open = false;
    for c in s.chars() {
        if c == '`' {
            out.push(if open { '’' } else { '‘' });
            open = !open;
        } else {
            out.push(c);
        }
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Every finding as Markdown for the job summary: a heading with the counts, then a table of
/// the focus files' findings and one of the rest (or one table without a focus).
pub fn summary(findings: &[Diagnostic], focus: Option<&Focus>, prefix: &str) -> String {
    let errors = findings.iter().filter(|d| d.is_error()).count();
    let warnings = findings.len() - errors;
    let mut out = format!(
        "### Cairn check: {}, {}\n\n",
        count(errors, "error"),
        count(warnings, "warning")
    );
    if findings.is_empty() {
        out.push_str("No problems found.\n");
        return out;
    }
    match focus {
        Some(focus) => {
            let (mine, rest): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
                findings.iter().partition(|d| focus.contains(d));
            out.push_str(&format!(
                "#### In the files {} ({})\n\n",
                cell(&focus.described),
                count(mine.len(), "finding")
            ));
            if mine.is_empty() {
                out.push_str("No problems in these files.\n\n");
            } else {
                out.push_str(&table(&mine, prefix));
            }
            if !rest.is_empty() {
                out.push_str(&format!(
                    "#### Elsewhere in the library ({})\n\n",
                    count(rest.len(), "finding")
                ));
                out.push_str(&table(&rest, prefix));
            }
        }
        None => out.push_str(&table(&findings.iter().collect::<Vec<_>>(), prefix)),
    }
    out
}

fn table(findings: &[&Diagnostic], prefix: &str) -> String {
    let mut out = String::from("| | File | Line | Problem | How to fix |\n|---|---|---|---|---|\n");
    for d in findings {
        let line = if d.line > 0 {
            d.line.to_string()
        } else {
            String::new()
        };
        out.push_str(&format!(
            "| {} | {} | {line} | {} | {} |\n",
            d.severity.as_str(),
            cell(&format!("`{prefix}{}`", display_path(&d.path))),
            cell(&d.message),
            cell(d.help.as_deref().unwrap_or("")),
        ));
    }
    out.push('\n');
    out
}

/// Text for a Markdown table cell: backtick spans become `<code>`, and everything else that
/// Markdown or HTML would read as markup is escaped, so a contributor's text stays text.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut code = false;
    for c in s.chars() {
        match c {
            '`' => {
                out.push_str(if code { "</code>" } else { "<code>" });
                code = !code;
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            '|' | '\\' | '*' | '_' | '[' | ']' | '(' | ')' | '!' | '#' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    if code {
        out.push_str("</code>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins the annotation format: repository-relative path, escaping, ‘ ’ for backticks.
    #[test]
    fn annotation_paths_and_quotes() {
        let d = Diagnostic::error_at("content/a,b.md", 4, 2, "unknown field `plase`\n50%")
            .with_help("did you mean `place`?");
        assert_eq!(
            github(&d, "library/"),
            "::error file=library/content/a%2Cb.md,line=4,col=2::unknown field ‘plase’%0A50%25%0Ahelp: did you mean ‘place’?\n"
        );
    }

    // Pins the summary cells: code spans as <code>, markup and pipes escaped.
    #[test]
    fn summary_cells_stay_text() {
        assert_eq!(
            cell("unknown field `<b>|x`: see [here](javascript:x)"),
            "unknown field <code>&lt;b&gt;\\|x</code>: see \\[here\\]\\(javascript:x\\)"
        );
    }

    // Pins the order: the focus files' findings first; annotations for them and errors only.
    #[test]
    fn focus_files_come_first() {
        let mut findings = vec![
            Diagnostic::warning_at("content/a.md", 1, 1, "a"),
            Diagnostic::error_at("content/b.md", 1, 1, "b"),
            Diagnostic::warning_at("content/c.md", 1, 1, "c"),
        ];
        let focus = Focus {
            files: ["content/c.md".to_string()].into(),
            described: String::new(),
        };
        order(&mut findings, Some(&focus));
        let messages: Vec<&str> = findings.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["c", "a", "b"]);
        let shown: Vec<bool> = findings
            .iter()
            .map(|d| annotated(d, Some(&focus)))
            .collect();
        assert_eq!(shown, [true, false, true]);
    }
}
