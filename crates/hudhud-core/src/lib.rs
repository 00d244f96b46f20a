//! Hudhud's core: everything a front end needs to write, queue and send mail,
//! and nothing of any GUI (no iced, rfd or desktop notifications), so that the
//! headless `hudhud-cli` and the desktop app share one implementation.
//!
//! config, paths and secrets hold the user's setup; compose writes messages;
//! smtp carries them; outbox keeps them durable until the server answers;
//! history indexes what was sent; oauth, discover and recipients help set up
//! accounts and check addresses; i18n translates every user-facing sentence.
//! services is what a front end calls: the window and the command line go
//! through the same functions there.

pub mod compose;
pub mod config;
pub mod contacts;
pub mod discover;
pub mod history;
pub mod i18n;
pub mod imap;
pub mod oauth;
pub mod outbox;
pub mod paths;
pub mod recipients;
pub mod secrets;
pub mod services;
pub mod smtp;

/// For the `fl!` macro in other crates of the workspace (each has an
/// i18n.toml naming the same translations).
#[doc(hidden)]
pub use i18n_embed_fl as __i18n_embed_fl;
