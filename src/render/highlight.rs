//! Syntax highlighting of fenced code as CSS classes (`hl-*`), never inline styles.
//!
//! The syntax set is loaded from syntect's precompiled dump the first time a page has a code
//! block, so builds of libraries without code pay nothing.
//!
//! Highlighting has a budget, because syntect's grammars use backtracking regular expressions
//! whose cost depends on the text: ordinary code highlights at megabytes a second, but a
//! megabyte of Lisp made of `(a (a (a …` took two minutes. A block is shown plain, with a
//! warning naming its file and line, when it is over [`MAX_HIGHLIGHT_BYTES`] or has a line over
//! [`MAX_HIGHLIGHT_LINE`] bytes, when highlighting it takes longer than [`MAX_BLOCK_TIME`], or
//! once the render has spent its [`Budget`] (`highlight_seconds` under `[limits]`). Ordinary
//! libraries never come near these, so their pages are the same on every build; only a
//! library built to be slow is cut short. `cairn check` renders exactly as the build does, so
//! it pays no more.

use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::text::escape;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Largest code block that is highlighted, in bytes; larger ones are shown plain.
pub(crate) const MAX_HIGHLIGHT_BYTES: usize = 64 * 1024;
/// Longest line of a highlighted block, in bytes. syntect's grammars use backtracking regular
/// expressions whose cost can grow faster than the line (a fuzzed 32 KB block took a second):
/// past this, the block is shown plain, as editors and code hosts do with minified text.
pub(crate) const MAX_HIGHLIGHT_LINE: usize = 1_000;
/// Longest one block may take to highlight; past it, it is shown plain.
pub(crate) const MAX_BLOCK_TIME: Duration = Duration::from_millis(500);

/// The time one render of the site may spend highlighting code, shared by all its pages
/// (clones share it). Each render has its own (`serve` makes one per rebuild, and each language
/// of the library one), so a build spends at most `highlight_seconds` per language.
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    limit: Duration,
    /// Nanoseconds spent so far, by every thread.
    spent: Arc<AtomicU64>,
}

impl Budget {
    /// A budget of `limit` for one build.
    pub(crate) fn new(limit: Duration) -> Budget {
        Budget {
            limit,
            spent: Arc::new(AtomicU64::new(0)),
        }
    }

    fn spent(&self) -> Duration {
        Duration::from_nanos(self.spent.load(Ordering::Relaxed))
    }

    fn spend(&self, time: Duration) {
        let nanos = u64::try_from(time.as_nanos()).unwrap_or(u64::MAX);
        self.spent.fetch_add(nanos, Ordering::Relaxed);
    }
}

impl Default for Budget {
    /// The default of `highlight_seconds` (src/limits.rs).
    fn default() -> Budget {
        Budget::new(Duration::from_secs(
            crate::limits::DEFAULT_HIGHLIGHT_SECONDS,
        ))
    }
}

/// Why a block with a language was shown plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plain {
    TooBig,
    LongLine,
    TooSlow,
    BudgetSpent,
}

impl Plain {
    /// The warning, in plain words.
    pub(crate) fn message(self) -> String {
        match self {
            Plain::TooBig => format!(
                "this code block is over {} KB, so it is shown without colours",
                MAX_HIGHLIGHT_BYTES / 1024
            ),
            Plain::LongLine => format!(
                "this code block has a line over {MAX_HIGHLIGHT_LINE} characters, so it is shown without colours"
            ),
            Plain::TooSlow => format!(
                "this code block took over {} ms to colour, so it is shown without colours",
                MAX_BLOCK_TIME.as_millis()
            ),
            Plain::BudgetSpent => {
                "the build's time for colouring code (`highlight_seconds` under [limits] in site.toml) is used up, so this code block is shown without colours".to_string()
            }
        }
    }

    /// What to do about it.
    pub(crate) fn help(self) -> &'static str {
        match self {
            Plain::TooBig | Plain::LongLine | Plain::TooSlow => {
                "split the block, shorten its lines, or leave out the language after ``` to show it plain without this warning"
            }
            Plain::BudgetSpent => {
                "leave out the language after ``` of very long blocks, or raise `highlight_seconds` under [limits]"
            }
        }
    }
}

/// A `<pre>` block for `code`, highlighted when `lang` is a known language and the block is
/// within the budget; otherwise plain, with the reason when there was one.
pub(crate) fn code_block(code: &str, lang: &str, budget: &Budget) -> (String, Option<Plain>) {
    let label = escape(lang);
    let (highlighted, plain) = match highlighted(code, lang, budget) {
        Ok(html) => (html, None),
        Err(why) => (None, why),
    };
    let body = highlighted.unwrap_or_else(|| escape(code));
    let html = if lang.is_empty() {
        format!("<pre class=\"code\"><code>{body}</code></pre>\n")
    } else {
        format!(
            "<pre class=\"code\" data-lang=\"{label}\"><code class=\"language-{label}\">{body}</code></pre>\n"
        )
    };
    (html, plain)
}

/// The highlighted HTML (`None` for a language syntect does not know), or why it is plain.
fn highlighted(code: &str, lang: &str, budget: &Budget) -> Result<Option<String>, Option<Plain>> {
    if lang.is_empty() {
        return Ok(None);
    }
    if code.len() > MAX_HIGHLIGHT_BYTES {
        return Err(Some(Plain::TooBig));
    }
    if code.lines().any(|l| l.len() > MAX_HIGHLIGHT_LINE) {
        return Err(Some(Plain::LongLine));
    }
    let set = syntaxes();
    let Some(syntax) = set.find_syntax_by_token(lang) else {
        return Ok(None);
    };
    if budget.spent() >= budget.limit {
        return Err(Some(Plain::BudgetSpent));
    }
    let started = Instant::now();
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        set,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    let mut outcome = Ok(());
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            outcome = Err(None);
            break;
        }
        // Checked line by line: a line is at most MAX_HIGHLIGHT_LINE bytes, so one line never
        // takes long, and a slow block is given up on soon after it passes its time.
        let took = started.elapsed();
        if took > MAX_BLOCK_TIME {
            outcome = Err(Some(Plain::TooSlow));
            break;
        }
        if budget.spent() + took > budget.limit {
            outcome = Err(Some(Plain::BudgetSpent));
            break;
        }
    }
    budget.spend(started.elapsed());
    outcome.map(|()| Some(generator.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins that small blocks are highlighted and oversized ones (a hostile page) shown plain,
    // each with its reason.
    #[test]
    fn oversized_blocks_are_plain() {
        let budget = Budget::default();
        let (html, plain) = code_block("fn main() {}\n", "rust", &budget);
        assert!(html.contains("hl-") && plain.is_none());
        let long_line = format!("let x = \"{}\";\n", "a".repeat(MAX_HIGHLIGHT_LINE));
        let (html, plain) = code_block(&long_line, "rust", &budget);
        assert!(!html.contains("hl-"));
        assert_eq!(plain, Some(Plain::LongLine));
        let big = "fn main() {}\n".repeat(MAX_HIGHLIGHT_BYTES / 10);
        let (html, plain) = code_block(&big, "rust", &budget);
        assert!(!html.contains("hl-") && html.contains("fn main() {}"));
        assert_eq!(plain, Some(Plain::TooBig));
        let (_, plain) = code_block("no language\n", "", &budget);
        assert_eq!(plain, None);
        let (_, plain) = code_block("unknown\n", "no-such-language", &budget);
        assert_eq!(plain, None);
    }

    // Pins that once a build's budget is spent every later block is shown plain, as text, and
    // that clones of a budget share what was spent.
    #[test]
    fn spent_budget_shows_blocks_plain() {
        let budget = Budget::new(Duration::ZERO);
        let shared = budget.clone();
        let (html, plain) = code_block("<b>fn</b> main() {}\n", "rust", &shared);
        assert_eq!(plain, Some(Plain::BudgetSpent));
        assert!(html.contains("&lt;b&gt;fn&lt;/b&gt;") && !html.contains("hl-"));
        let budget = Budget::new(Duration::from_secs(60));
        budget.clone().spend(Duration::from_secs(61));
        assert_eq!(
            code_block("fn main() {}\n", "rust", &budget).1,
            Some(Plain::BudgetSpent)
        );
    }
}
