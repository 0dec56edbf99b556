//! Cairn's integration tests, one binary (as mdBook's `tests/testsuite/`): a module per area,
//! each building small fixture libraries in temporary folders and running the `cairn` binary.
//! `cargo test --test testsuite <area>` runs one area, e.g. `cargo test --test testsuite hostile`.

mod architecture;
mod browser;
mod build;
mod check;
mod collate;
mod common;
mod data;
mod editor;
mod example_library;
mod fuzz;
mod hostile;
mod i18n;
mod images;
mod import;
mod link_check;
mod links;
mod listing;
mod offline;
mod plan;
mod publish;
mod readme;
mod realdata;
mod search;
mod serve;
pub mod snapshots;
mod trust;
