//! Hudhud: a desktop email client focused on sending.
//!
//! The core (crates/hudhud-core: config, secrets, compose, smtp, outbox,
//! history, i18n) knows nothing of any GUI; the command line
//! (crates/hudhud-cli) and the window (`ui`, this package) are front ends
//! over it. The core's modules are re-exported under their usual names.

pub use hudhud_cli::cli;
pub use hudhud_core::*;

pub mod ui;
