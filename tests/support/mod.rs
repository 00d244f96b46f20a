//! Shared support for the integration tests; each test binary includes it
//! with `mod support;` and uses only part of it.
#![allow(dead_code)]

pub mod peers;
pub mod profile;
pub mod smtp_server;
pub mod window;
pub mod xvfb;
