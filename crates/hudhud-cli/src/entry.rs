//! The program's entry, shared by `hudhud` (with a window) and `hudhud-cli`.

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{self, Cli, exit};
use crate::config::Config;
use crate::fl;
use crate::paths::Paths;

/// Opens the window for an optional mailto: link; `None` in the headless build.
pub type Window = fn(Option<String>) -> Result<(), cli::Failure>;

/// Runs the command line: a subcommand, or the window when there is one.
pub fn main(window: Option<Window>) -> ExitCode {
    init_logging();
    // The language setting lives in the config; a config that does not load
    // is reported by the command itself, so here it only means "no setting".
    let language = Paths::from_env()
        .and_then(|p| Config::load(&p).ok())
        .and_then(|c| c.settings.language);
    crate::i18n::init(language.as_deref());

    let cli = match Cli::try_parse_from(arguments()) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let outcome = match (cli.command, window) {
        (Some(command), _) => cli::run(command),
        (None, Some(window)) => window(cli.mailto),
        (None, None) => Err(cli::Failure {
            code: exit::USAGE,
            message: fl!("cli-no-window"),
        }),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

/// Installed as (or linked to) `sendmail`, Hudhud behaves as `hudhud sendmail`.
fn arguments() -> Vec<std::ffi::OsString> {
    let mut args: Vec<_> = std::env::args_os().collect();
    let invoked_as = args
        .first()
        .and_then(|a| std::path::Path::new(a).file_name().map(|n| n.to_owned()));
    if invoked_as.is_some_and(|n| n == "sendmail") {
        args.insert(1, "sendmail".into());
    }
    args
}

/// Logs go to stderr, filtered by `HUDHUD_LOG` (default: warnings). They never
/// carry message bodies or credentials. Colours only on a terminal: in cron
/// mail, journald and files escape codes are noise.
fn init_logging() {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_env("HUDHUD_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,i18n_embed=off"));
    // async-imap traces every command it writes, LOGIN's password and the
    // OAuth2 token included: never below warnings, whatever HUDHUD_LOG says.
    let filter = match "async_imap=warn".parse() {
        Ok(directive) => filter.add_directive(directive),
        Err(_) => filter,
    };
    let colours = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colours)
        .with_writer(std::io::stderr)
        .try_init();
}
