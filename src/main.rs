//! `hudhud`: the desktop app, the window plus the whole command line.

use hudhud::cli::{self, exit};
use hudhud::fl;

fn main() -> std::process::ExitCode {
    hudhud_cli::main(Some(window))
}

fn window(mailto: Option<String>) -> Result<(), cli::Failure> {
    hudhud::ui::run(mailto).map_err(|e| cli::Failure {
        code: exit::CONFIG,
        message: fl!("ui-window-failed", detail = e.to_string()),
    })
}
