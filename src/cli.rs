//! The command line: clap definitions and the commands, over the same core
//! the window uses.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::compose::{self, Draft};
use crate::config::{Account, AuthMethod, Config, ConfigError, Security};
use crate::fl;
use crate::paths::{Paths, is_loopback_host};
use crate::secrets::{self, SecretError};
use crate::smtp::{self, Credentials, ErrorKind, Server, SmtpError, Transcript};

/// Exit codes, as sysexits(3) defines them.
pub mod exit {
    pub const OK: u8 = 0;
    /// The command was used wrongly (bad option, invalid address, missing file).
    pub const USAGE: u8 = 64;
    /// The server refused the message for good.
    pub const REFUSED: u8 = 65;
    /// A temporary failure: try again later.
    pub const TEMPFAIL: u8 = 75;
    /// The server refused the user name or password.
    pub const NOPERM: u8 = 77;
    /// A configuration, keychain or TLS problem.
    pub const CONFIG: u8 = 78;
}

#[derive(Debug, Parser)]
#[command(name = "hudhud", version, about = fl!("cli-about"))]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A mailto: link to open in the compose window.
    #[arg(value_name = "MAILTO", help = fl!("cli-mailto"))]
    pub mailto: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(about = fl!("cli-account"))]
    Account {
        #[command(subcommand)]
        command: AccountCommand,
    },
    #[command(about = fl!("cli-send"))]
    Send(SendArgs),
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    #[command(about = fl!("cli-account-add"))]
    Add(AddArgs),
    #[command(about = fl!("cli-account-list"))]
    List,
    #[command(about = fl!("cli-account-test"))]
    Test {
        #[arg(help = fl!("cli-account-name"))]
        name: String,
    },
    #[command(about = fl!("cli-account-remove"))]
    Remove {
        #[arg(help = fl!("cli-account-name"))]
        name: String,
    },
    #[command(about = fl!("cli-account-default"))]
    Default {
        #[arg(help = fl!("cli-account-name"))]
        name: String,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SecurityArg {
    Tls,
    Starttls,
    None,
}

impl From<SecurityArg> for Security {
    fn from(s: SecurityArg) -> Self {
        match s {
            SecurityArg::Tls => Security::Tls,
            SecurityArg::Starttls => Security::Starttls,
            SecurityArg::None => Security::None,
        }
    }
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(help = fl!("cli-account-name"))]
    pub name: String,
    #[arg(long, help = fl!("cli-email"))]
    pub email: String,
    #[arg(long, help = fl!("cli-host"))]
    pub host: String,
    #[arg(long, help = fl!("cli-port"))]
    pub port: Option<u16>,
    #[arg(long, value_enum, default_value = "tls", help = fl!("cli-security"))]
    pub security: SecurityArg,
    #[arg(long, help = fl!("cli-username"))]
    pub username: Option<String>,
    #[arg(long, help = fl!("cli-display-name"))]
    pub display_name: Option<String>,
    #[arg(long, help = fl!("cli-ca-file"))]
    pub ca_file: Option<PathBuf>,
    #[arg(long, help = fl!("cli-signature"))]
    pub signature: Option<String>,
    #[arg(long, help = fl!("cli-no-auth"))]
    pub no_auth: bool,
    #[arg(long, help = fl!("cli-password-stdin"))]
    pub password_stdin: bool,
    #[arg(long, help = fl!("cli-allow-insecure"))]
    pub allow_insecure: bool,
    #[arg(long = "default", help = fl!("cli-make-default"))]
    pub make_default: bool,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    #[arg(long, value_name = "ACCOUNT", help = fl!("cli-from"))]
    pub from: Option<String>,
    #[arg(long, value_name = "ADDR", required = true, help = fl!("cli-to"))]
    pub to: Vec<String>,
    #[arg(long, value_name = "ADDR", help = fl!("cli-cc"))]
    pub cc: Vec<String>,
    #[arg(long, value_name = "ADDR", help = fl!("cli-bcc"))]
    pub bcc: Vec<String>,
    #[arg(long, default_value = "", help = fl!("cli-subject"))]
    pub subject: String,
    #[arg(long, value_name = "FILE", help = fl!("cli-attach"))]
    pub attach: Vec<PathBuf>,
    #[arg(long, value_name = "FILE", help = fl!("cli-body-file"))]
    pub body_file: Option<PathBuf>,
    #[arg(long, help = fl!("cli-show-transcript"))]
    pub transcript: bool,
}

/// A failure of a command: what to tell the user, and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    fn new(code: u8, message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code,
        }
    }
}

impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Self {
        let code = match e {
            ConfigError::UnknownAccount(_) | ConfigError::DuplicateAccount(_) => exit::USAGE,
            _ => exit::CONFIG,
        };
        Failure::new(code, e.to_string())
    }
}

impl From<SecretError> for Failure {
    fn from(e: SecretError) -> Self {
        Failure::new(exit::CONFIG, e.to_string())
    }
}

impl From<compose::ComposeError> for Failure {
    fn from(e: compose::ComposeError) -> Self {
        Failure::new(exit::USAGE, e.to_string())
    }
}

impl From<SmtpError> for Failure {
    fn from(e: SmtpError) -> Self {
        Failure::new(exit_code_for(e.kind), e.to_string())
    }
}

pub fn exit_code_for(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::Transient | ErrorKind::Unconfirmed => exit::TEMPFAIL,
        ErrorKind::Permanent => exit::REFUSED,
        ErrorKind::AuthRefused => exit::NOPERM,
        ErrorKind::Config => exit::CONFIG,
    }
}

type Outcome = Result<(), Failure>;

fn paths() -> Result<Paths, Failure> {
    Paths::from_env().ok_or_else(|| Failure::from(ConfigError::NoHome))
}

/// Runs a parsed command line command.
pub fn run(command: Command) -> Outcome {
    let paths = paths()?;
    match command {
        Command::Account { command } => match command {
            AccountCommand::Add(args) => account_add(&paths, args),
            AccountCommand::List => account_list(&paths),
            AccountCommand::Test { name } => account_test(&paths, &name),
            AccountCommand::Remove { name } => account_remove(&paths, &name),
            AccountCommand::Default { name } => account_default(&paths, &name),
        },
        Command::Send(args) => send(&paths, args),
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::new(exit::CONFIG, e.to_string()))
}

fn account_add(paths: &Paths, args: AddArgs) -> Outcome {
    let mut config = Config::load(paths)?;
    if config.account(&args.name).is_ok() {
        return Err(ConfigError::DuplicateAccount(args.name).into());
    }
    compose::parse_mailbox(&args.email).map_err(|problem| {
        Failure::new(
            exit::USAGE,
            fl!(
                "error-invalid-email",
                address = args.email.clone(),
                reason = problem.describe()
            ),
        )
    })?;
    let security = Security::from(args.security);
    if security == Security::None && !is_loopback_host(&args.host) {
        if !args.allow_insecure {
            return Err(Failure::new(
                exit::CONFIG,
                fl!("error-insecure-needs-opt-in", host = args.host.clone()),
            ));
        }
        eprintln!("{}", fl!("warning-insecure", host = args.host.clone()));
    }
    if let Some(ca) = &args.ca_file
        && let Err(e) = std::fs::read(ca)
    {
        return Err(Failure::new(
            exit::CONFIG,
            fl!(
                "error-ca-file-unreadable",
                path = ca.display().to_string(),
                reason = e.to_string()
            ),
        ));
    }
    let account = Account {
        name: args.name.clone(),
        display_name: args.display_name,
        email: args.email.trim().to_owned(),
        host: args.host.trim().to_owned(),
        port: args.port,
        security,
        auth: if args.no_auth {
            AuthMethod::None
        } else {
            AuthMethod::Password
        },
        username: args.username,
        ca_file: args.ca_file.map(|p| std::path::absolute(&p).unwrap_or(p)),
        signature: args.signature,
        allow_insecure: args.allow_insecure,
    };
    if account.needs_password() {
        let password = read_password(args.password_stdin)?;
        secrets::set_password(&account.name, &password)?;
    }
    config.add_account(account)?;
    if args.make_default {
        config.settings.default_account = Some(args.name.clone());
    }
    config.save(paths)?;
    eprintln!("{}", fl!("account-added", name = args.name));
    Ok(())
}

fn read_password(from_stdin: bool) -> Result<String, Failure> {
    let password = if from_stdin || !std::io::stdin().is_terminal() {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Failure::new(exit::USAGE, e.to_string()))?;
        text.trim_end_matches(['\r', '\n']).to_owned()
    } else {
        rpassword::prompt_password(format!("{} ", fl!("prompt-password")))
            .map_err(|e| Failure::new(exit::USAGE, e.to_string()))?
    };
    if password.is_empty() {
        return Err(Failure::new(exit::USAGE, fl!("error-empty-password")));
    }
    Ok(password)
}

fn account_list(paths: &Paths) -> Outcome {
    let config = Config::load(paths)?;
    if config.accounts.is_empty() {
        eprintln!("{}", fl!("account-list-empty"));
        return Ok(());
    }
    let default = config.default_account().ok().map(|a| a.name.clone());
    for a in &config.accounts {
        let marker = if Some(&a.name) == default.as_ref() {
            "*"
        } else {
            " "
        };
        println!(
            "{marker} {}\t{}\t{}:{} ({})",
            a.name,
            a.email,
            a.host,
            a.port(),
            a.security
        );
    }
    Ok(())
}

fn account_remove(paths: &Paths, name: &str) -> Outcome {
    let mut config = Config::load(paths)?;
    config.remove_account(name)?;
    // The keychain entry goes first: a config without the account but a
    // password left behind would be a secret nobody can see any more.
    secrets::delete_password(name)?;
    config.save(paths)?;
    eprintln!("{}", fl!("account-removed", name = name.to_owned()));
    Ok(())
}

fn account_default(paths: &Paths, name: &str) -> Outcome {
    let mut config = Config::load(paths)?;
    config.account(name)?;
    config.settings.default_account = Some(name.to_owned());
    config.save(paths)?;
    eprintln!("{}", fl!("account-now-default", name = name.to_owned()));
    Ok(())
}

/// The password for an account that signs in, from the keychain.
pub fn credentials_for(account: &Account) -> Result<Option<Credentials>, Failure> {
    if !account.needs_password() {
        return Ok(None);
    }
    let password = secrets::get_password(&account.name)?;
    Ok(Some(Credentials {
        username: account.username().to_owned(),
        password,
    }))
}

fn account_test(paths: &Paths, name: &str) -> Outcome {
    let config = Config::load(paths)?;
    let account = config.account(name)?.clone();
    let credentials = credentials_for(&account)?;
    let server = Server::for_account(&account, Duration::from_secs(config.settings.timeout_secs));
    let mut transcript = Transcript::default();
    let result = runtime()?.block_on(smtp::test_connection(
        &server,
        credentials.as_ref(),
        &mut transcript,
    ));
    print!("{transcript}");
    result?;
    eprintln!("{}", fl!("account-test-ok", name = name.to_owned()));
    Ok(())
}

fn send(paths: &Paths, args: SendArgs) -> Outcome {
    let config = Config::load(paths)?;
    let account = match &args.from {
        Some(name) => config.account(name)?,
        None => config.default_account()?,
    }
    .clone();
    let body = match &args.body_file {
        Some(path) => std::fs::read_to_string(path).map_err(|e| {
            Failure::new(
                exit::USAGE,
                fl!(
                    "error-body-file",
                    path = path.display().to_string(),
                    reason = e.to_string()
                ),
            )
        })?,
        None => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map_err(|e| {
                Failure::new(exit::USAGE, fl!("error-body-stdin", reason = e.to_string()))
            })?;
            text
        }
    };
    let draft = Draft {
        to: args.to,
        cc: args.cc,
        bcc: args.bcc,
        subject: args.subject,
        body,
        attachments: args.attach,
    };
    let outgoing = compose::build_message(&account, &draft)?;
    let credentials = credentials_for(&account)?;
    let server = Server::for_account(&account, Duration::from_secs(config.settings.timeout_secs));
    let mut transcript = Transcript::default();
    let result = runtime()?.block_on(smtp::send_message(
        &server,
        credentials.as_ref(),
        &outgoing.envelope_from,
        &outgoing.envelope_to,
        &outgoing.raw,
        &mut transcript,
    ));
    if args.transcript {
        eprint!("{transcript}");
    }
    let reply = result?;
    eprintln!("{}", fl!("send-accepted", reply = reply.to_string()));
    println!("{}", outgoing.message_id);
    Ok(())
}
