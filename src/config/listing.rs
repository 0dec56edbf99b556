//! `[listing]` and `[budgets]` in site.toml: how many case studies a listing page shows, and
//! the sizes past which the build summary warns (src/budget.rs).

use serde::Deserialize;

use super::Config;
use crate::diagnostic::Diagnostic;

/// `[listing]`: the case-study library and each term's page are split into pages of
/// `page_size` case studies (`case-studies/page/2/index.html` ...).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct ListingConfig {
    /// Case studies on one listing page.
    pub(crate) page_size: usize,
}

impl Default for ListingConfig {
    fn default() -> Self {
        ListingConfig { page_size: 24 }
    }
}

/// `[budgets]`: what one page, the search index and a first visit may weigh before the build
/// summary warns. The build still succeeds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct BudgetsConfig {
    /// The heaviest HTML page, in kilobytes.
    pub(crate) page_kb: u64,
    /// The heaviest page with the styles and scripts it loads, in kilobytes.
    pub(crate) page_with_assets_kb: u64,
    /// The largest file of the search index, in kilobytes.
    pub(crate) search_file_kb: u64,
    /// What a reader's first visit saves for offline reading, in megabytes.
    pub(crate) offline_mb: u64,
}

impl Default for BudgetsConfig {
    fn default() -> Self {
        BudgetsConfig {
            page_kb: 300,
            page_with_assets_kb: 400,
            search_file_kb: 1000,
            offline_mb: 20,
        }
    }
}

/// Checks `[listing]`: a page holds at least one case study.
pub(super) fn validate_listing(config: &Config, text: &str) -> Vec<Diagnostic> {
    if config.listing.page_size > 0 {
        return Vec::new();
    }
    let line = super::find_key_line(text, "page_size").unwrap_or(0);
    vec![
        Diagnostic::error_at(
            "site.toml",
            line,
            1,
            "`listing.page_size` is 0, so a listing page would show no case studies",
        )
        .with_help("give the number of case studies on one page, e.g. page_size = 24")
        .with_source(text),
    ]
}
