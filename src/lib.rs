//! Hudhud: a desktop email client focused on sending.
//!
//! The core (config, secrets, compose, smtp, i18n) knows nothing of any GUI;
//! the command line (`cli`) and the window are thin front ends over it.

pub mod cli;
pub mod compose;
pub mod config;
pub mod discover;
pub mod history;
pub mod i18n;
pub mod oauth;
pub mod outbox;
pub mod paths;
pub mod recipients;
pub mod secrets;
pub mod smtp;
pub mod ui;
