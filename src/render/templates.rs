//! Tera templates, compiled once per build, with autoescaping for HTML and XML.

use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostic::Diagnostic;
use crate::theme::Theme;

/// The compiled templates of a theme.
pub struct Templates {
    tera: Tera,
}

impl Templates {
    /// Compiles every template of `theme`; a syntax error names the template.
    pub fn new(theme: &Theme) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.add_raw_templates(
            theme
                .templates
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str())),
        )
        .map_err(|e| vec![template_error(&e)])?;
        Ok(Templates { tera })
    }

    /// Renders `name` with `values` (a struct of the template's variables) and the interface
    /// strings as `t`.
    pub fn render(
        &self,
        name: &str,
        values: &impl Serialize,
        strings: tera::Value,
    ) -> Result<String, Diagnostic> {
        let context = tera_context(values, Extra::new(), strings)?;
        self.tera
            .render(name, &context)
            .map_err(|e| template_error(&e))
    }

    /// Renders `name` as [`Templates::render`] does, appending the page to `out`: a buffer
    /// kept from page to page is neither grown nor freed for each page, nor checked again for
    /// UTF-8 (what tera writes is text).
    /// `extra` holds values made for templates beforehand (lists of cards), put in the context
    /// beside `values`.
    pub fn render_values(
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
            .map_err(|e| template_error(&e))
    }
}

/// Template values put in a page's context beside its own values: lists of cards.
pub type Extra = Vec<(&'static str, tera::Value)>;

/// A page's tera context: `values`, the template values in `extra`, and the interface strings
/// as `t`.
fn tera_context(
    values: &impl Serialize,
    extra: Extra,
    strings: tera::Value,
) -> Result<Context, Diagnostic> {
    let mut context = Context::from_serialize(values).map_err(|e| template_error(&e))?;
    for (key, value) in extra {
        context.insert_value(key, value);
    }
    context.insert_value("t", strings);
    Ok(context)
}

fn template_error(e: &tera::Error) -> Diagnostic {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Diagnostic::file_error("templates", format!("template error: {message}"))
        .with_help("check the template named above (in templates/ or the theme)")
}
