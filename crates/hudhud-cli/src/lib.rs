//! Hudhud's command line, daemon and sendmail mode: the front end a headless
//! server installs (`hudhud-cli`, no GUI library linked), and the one the
//! desktop app embeds for everything but the window.

// The core's modules under their usual names, so that `crate::outbox` reads
// the same here as in the core.
pub use hudhud_core::*;

pub mod cli;
mod entry;

pub use entry::{Window, main};
