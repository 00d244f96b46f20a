//! An X server of the test's own, on a display Xvfb picks.

use std::process::{Child, Command, Stdio};

/// The Xvfb command: a free display written on stdout once it is ready.
/// `-noreset`: by default Xvfb resets when its last client leaves (a bus
/// launcher, an `xdotool search` before the window is up), and a window
/// connecting during the reset finds no display and gives up.
pub fn command(size: &str) -> Command {
    let mut command = Command::new("Xvfb");
    command
        .args(["-noreset", "-displayfd", "1", "-screen", "0", size])
        .args(["-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    command
}

/// Starts [`command`] and waits for it: the server and its display (":N").
pub fn start(size: &str) -> (Child, String) {
    let mut xvfb = command(size).spawn().expect("Xvfb starts");
    let mut number = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(xvfb.stdout.take().expect("piped")),
        &mut number,
    )
    .expect("Xvfb names its display");
    (xvfb, format!(":{}", number.trim()))
}
