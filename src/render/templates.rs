//! Tera templates, compiled once per build, with autoescaping for HTML and XML.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostic::Diagnostic;
use crate::theme::Theme;

/// The compiled templates of a theme.
pub(crate) struct Templates {
    tera: Tera,
    /// Where each template came from and its text, for messages.
    files: Files,
}

/// Each template's file (relative to the library) and text, for messages.
#[derive(Default)]
struct Files {
    origins: BTreeMap<String, String>,
    texts: BTreeMap<String, String>,
}

impl Files {
    fn of(theme: &Theme) -> Files {
        Files {
            origins: theme.origins.clone(),
            texts: theme.templates.clone(),
        }
    }

    /// The file a template came from.
    fn path(&self, name: &str) -> String {
        self.origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| format!("templates/{name}"))
    }
}

impl Templates {
    /// Compiles every template of `theme`; a syntax error names the template.
    pub(crate) fn new(theme: &Theme) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.add_raw_templates(
            theme
                .templates
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str())),
        )
        .map_err(|e| syntax_errors(theme, &e))?;
        Ok(Templates {
            tera,
            files: Files::of(theme),
        })
    }

    /// Renders `name` with `values` (a struct of the template's variables) and the interface
    /// strings as `t`.
    pub(crate) fn render(
        &self,
        name: &str,
        values: &impl Serialize,
        strings: tera::Value,
    ) -> Result<String, Diagnostic> {
        let context = tera_context(values, Extra::new(), strings)?;
        self.tera
            .render(name, &context)
            .map_err(|e| template_error(&e, &self.files))
    }

    /// Renders `name` as [`Templates::render`] does, appending the page to `out`: a buffer
    /// kept from page to page is neither grown nor freed for each page, nor checked again for
    /// UTF-8 (what tera writes is text).
    /// `extra` holds values made for templates beforehand (lists of cards), put in the context
    /// beside `values`.
    pub(crate) fn render_values(
        &self,
        name: &str,
        values: &impl Serialize,
        extra: Extra,
        strings: tera::Value,
        out: &mut Vec<u8>,
    ) -> Result<(), Diagnostic> {
        let context = tera_context(values, extra, strings)?;
        self.tera
            .render_to(name, &context, out)
            .map_err(|e| template_error(&e, &self.files))
    }
}

/// Template values put in a page's context beside its own values: lists of cards.
pub(crate) type Extra = Vec<(&'static str, tera::Value)>;

/// A page's tera context: `values`, the template values in `extra`, and the interface strings
/// as `t`.
fn tera_context(
    values: &impl Serialize,
    extra: Extra,
    strings: tera::Value,
) -> Result<Context, Diagnostic> {
    let mut context =
        Context::from_serialize(values).map_err(|e| template_error(&e, &Files::default()))?;
    for (key, value) in extra {
        context.insert_value(key, value);
    }
    context.insert_value("t", strings);
    Ok(context)
}

/// The syntax errors of every template of `theme`, each at its file and line, when compiling
/// them together failed; the error of the whole set when no single template is at fault (a
/// missing parent, a loop of `extends`).
fn syntax_errors(theme: &Theme, whole: &tera::Error) -> Vec<Diagnostic> {
    let files = Files::of(theme);
    let mut errors: Vec<Diagnostic> = theme
        .templates
        .iter()
        .filter_map(|(name, text)| {
            let e = Tera::new().add_raw_template(name, text).err()?;
            matches!(e.kind(), tera::ErrorKind::SyntaxError(_)).then(|| template_error(&e, &files))
        })
        .collect();
    if errors.is_empty() {
        errors.push(template_error(whole, &files));
    }
    errors
}

/// A template error as a theme editor can act on it: the template's file and line, what is
/// wrong in plain words, and the fix where a common mistake is recognised.
fn template_error(e: &tera::Error, files: &Files) -> Diagnostic {
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => r,
        tera::ErrorKind::MissingParent { current, parent } => {
            return Diagnostic::file_error(
                files.path(current),
                format!("this template extends `{parent}`, which does not exist"),
            )
            .with_help(format!(
                "correct the name in {{% extends \"{parent}\" %}}; the theme's templates are: {}",
                files.origins.keys().cloned().collect::<Vec<_>>().join(", ")
            ));
        }
        tera::ErrorKind::CircularExtend { tpl, .. } => {
            return Diagnostic::file_error(
                files.path(tpl),
                "this template extends itself, through the templates it extends",
            )
            .with_help("each template may extend only one that does not lead back to it");
        }
        _ => {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            return Diagnostic::file_error("templates", format!("template error: {message}"))
                .with_help("check the template named above (in templates/ or the theme)");
        }
    };
    let span = report.span();
    let text = files
        .texts
        .get(report.filename())
        .map_or("", String::as_str);
    let line_text = text
        .lines()
        .nth(span.start_line.saturating_sub(1))
        .unwrap_or("");
    let width = if span.end_line == span.start_line {
        span.end_col.saturating_sub(span.start_col)
    } else {
        line_text.chars().count().saturating_sub(span.start_col)
    };
    let spanned: String = line_text.chars().skip(span.start_col).take(width).collect();
    let before: String = line_text.chars().take(span.start_col).collect();
    let (message, help) = plain_template_message(report.message(), &spanned, &before);
    Diagnostic::error_at(
        files.path(report.filename()),
        span.start_line,
        span.start_col + 1,
        format!("template error: {message}"),
    )
    .with_span(width)
    .with_help(help)
    .with_source(text)
}

/// Tera's message in plain words, and how to fix it.
/// `spanned` is the text the error points at, `before` the text of its line before that.
fn plain_template_message(message: &str, spanned: &str, before: &str) -> (String, String) {
    let message = message.trim_end_matches('.');
    let general = "check the tags on this line: every `{%` needs its `%}` and every `{{` its `}}`; every `{% if %}`, `{% for %}` and `{% block %}` needs its `{% endif %}`, `{% endfor %}` or `{% endblock %}`";
    if let Some(rest) = message.strip_prefix("Found ")
        && let Some((found, expected)) = rest.split_once(" but ")
    {
        let help = if expected.contains("`endif`") {
            "close the `{% if %}` with `{% endif %}` before this tag".to_string()
        } else if expected.contains("ident") || expected.contains("integer") {
            format!(
                "something is missing before {found}: `{{% if %}}` needs a condition, e.g. `{{% if page.summary %}}`, and `{{{{ }}}}` a value, e.g. `{{{{ page.title }}}}`"
            )
        } else {
            general.to_string()
        };
        return (format!("{found} is not expected here"), help);
    }
    if message.starts_with("Unknown tag") {
        let help = if spanned.starts_with("end") {
            "a block opened above is not closed: add its `{% endif %}` or `{% endfor %}` before this tag".to_string()
        } else {
            "the tags are if, elif, else, for, block, set, include, extends, macro, filter and raw, each closed by its end tag".to_string()
        };
        return (format!("`{spanned}` is not expected here"), help);
    }
    if message.starts_with("Unexpected end of input") {
        return (
            "the template ends inside a tag or before a block is closed".into(),
            "add the missing `%}` or `}}`, or the `{% endif %}`, `{% endfor %}` or `{% endblock %}`"
                .into(),
        );
    }
    if (message.starts_with("Variable `") || message.starts_with("Field `"))
        && (message.contains("not found") || message.contains("not defined"))
    {
        let name = message.split('`').nth(1).unwrap_or("");
        // For `card.nope`, the value before the dot: "`card` has no `nope`".
        let owner: String = before
            .strip_suffix('.')
            .map(|b| {
                let start = b
                    .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                    .map_or(0, |i| i + 1);
                b[start..].to_string()
            })
            .unwrap_or_default();
        let message = if message.starts_with("Field `") && !owner.is_empty() {
            format!("`{owner}` has no `{name}`")
        } else {
            format!("`{name}` is not a value this template is given")
        };
        return (
            message,
            "check the spelling against the default theme's template of the same name, which uses the values it is given; `{% if x is defined %}` tests for one that may be absent".into(),
        );
    }
    (message.to_string(), general.to_string())
}
