//! The command line: clap definitions and the commands, over the same core
//! the window uses.

mod account;
mod contacts;
mod identity;
mod outbox;
mod recipients;
mod sendmail;
mod sent;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::compose;
use crate::config::{ConfigError, Security};
use crate::fl;
use crate::outbox::SpoolError;
use crate::paths::Paths;
use crate::secrets::SecretError;
use crate::services::ServiceError;
use crate::smtp::{ErrorKind, SmtpError};

pub use account::credentials_for;
pub use sendmail::SendmailArgs;

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
    /// The outbox could not be written (disk full, permissions).
    pub const CANTCREAT: u8 = 73;
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
    #[command(about = fl!("cli-outbox"))]
    Outbox {
        #[command(subcommand)]
        command: OutboxCommand,
    },
    #[command(about = fl!("cli-sent"))]
    Sent {
        #[command(subcommand)]
        command: SentCommand,
    },
    #[command(about = fl!("cli-recipients"))]
    Recipients {
        #[command(subcommand)]
        command: RecipientsCommand,
    },
    #[command(about = fl!("cli-contacts"))]
    Contacts {
        #[command(subcommand)]
        command: ContactsCommand,
    },
    #[command(about = fl!("cli-daemon"))]
    Daemon,
    #[command(about = fl!("cli-sendmail"))]
    Sendmail(SendmailArgs),
}

#[derive(Debug, Subcommand)]
pub enum ContactsCommand {
    #[command(about = fl!("cli-contacts-import"))]
    Import {
        #[arg(value_name = "FILE.vcf", help = fl!("cli-contacts-file"))]
        file: PathBuf,
    },
    #[command(about = fl!("cli-contacts-list"))]
    List {
        #[arg(long, help = fl!("cli-json"))]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RecipientsCommand {
    #[command(about = fl!("cli-recipients-check"))]
    Check {
        #[arg(required = true, value_name = "ADDRESS", help = fl!("cli-recipients-addresses"))]
        addresses: Vec<String>,
        #[arg(long, help = fl!("cli-json"))]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SentCommand {
    #[command(about = fl!("cli-sent-list"))]
    List {
        #[arg(long, help = fl!("cli-json"))]
        json: bool,
        #[arg(long, default_value_t = 50, help = fl!("cli-sent-limit"))]
        limit: usize,
    },
    #[command(about = fl!("cli-sent-search"))]
    Search {
        #[arg(help = fl!("cli-sent-query"))]
        text: String,
        #[arg(long, help = fl!("cli-json"))]
        json: bool,
        #[arg(long, default_value_t = 50, help = fl!("cli-sent-limit"))]
        limit: usize,
    },
    /// Shows or sets how long sent messages are kept, then applies it.
    #[command(about = fl!("cli-sent-retention"))]
    Retention {
        #[arg(long, conflicts_with_all = ["days", "messages"], help = fl!("cli-sent-keep-forever"))]
        forever: bool,
        #[arg(long, value_name = "N", conflicts_with = "messages",
              value_parser = clap::value_parser!(u32).range(1..), help = fl!("cli-sent-keep-days"))]
        days: Option<u32>,
        #[arg(long, value_name = "N",
              value_parser = clap::value_parser!(u32).range(1..), help = fl!("cli-sent-keep-messages"))]
        messages: Option<u32>,
        #[arg(long, value_name = "DAYS", help = fl!("cli-sent-compress-after"))]
        compress_after_days: Option<u64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    #[command(about = fl!("cli-outbox-list"))]
    List {
        #[arg(long, help = fl!("cli-json"))]
        json: bool,
    },
    #[command(about = fl!("cli-outbox-show"))]
    Show {
        #[arg(help = fl!("cli-message-id"))]
        id: String,
        #[arg(long, help = fl!("cli-json"))]
        json: bool,
    },
    #[command(about = fl!("cli-outbox-retry"))]
    Retry {
        #[arg(help = fl!("cli-message-id"), required_unless_present = "all")]
        id: Option<String>,
        #[arg(long, help = fl!("cli-outbox-retry-all"))]
        all: bool,
    },
    #[command(about = fl!("cli-outbox-cancel"))]
    Cancel {
        #[arg(help = fl!("cli-message-id"))]
        id: String,
    },
    #[command(about = fl!("cli-outbox-flush"))]
    Flush,
    #[command(about = fl!("cli-outbox-resend"))]
    Resend {
        #[arg(help = fl!("cli-message-id"))]
        id: String,
    },
    #[command(name = "mark-sent", about = fl!("cli-outbox-mark-sent"))]
    MarkSent {
        #[arg(help = fl!("cli-message-id"))]
        id: String,
    },
    #[command(name = "send-to-accepted", about = fl!("cli-outbox-send-to-accepted"))]
    SendToAccepted {
        #[arg(help = fl!("cli-message-id"))]
        id: String,
    },
    #[command(name = "retry-copy", about = fl!("cli-outbox-retry-copy"))]
    RetryCopy {
        #[arg(help = fl!("cli-message-id"))]
        id: String,
        #[arg(long, help = fl!("cli-create-folder"))]
        create_folder: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    #[command(about = fl!("cli-account-add"))]
    Add(AddArgs),
    #[command(about = fl!("cli-account-discover"))]
    Discover(DiscoverArgs),
    #[command(about = fl!("cli-account-list"))]
    List,
    #[command(about = fl!("cli-account-test"))]
    Test {
        #[arg(help = fl!("cli-account-name"))]
        name: String,
    },
    #[command(about = fl!("cli-account-edit"))]
    Edit(EditArgs),
    #[command(about = fl!("cli-account-identity"))]
    Identity {
        #[command(subcommand)]
        command: IdentityCommand,
    },
    #[command(about = fl!("cli-account-remove"))]
    Remove {
        #[arg(help = fl!("cli-account-name"))]
        name: String,
        #[arg(long, help = fl!("cli-account-remove-force"))]
        force: bool,
    },
    #[command(about = fl!("cli-account-default"))]
    Default {
        #[arg(help = fl!("cli-account-name"))]
        name: String,
    },
    #[command(about = fl!("cli-account-login"))]
    Login {
        #[arg(help = fl!("cli-account-name"))]
        name: String,
        #[arg(long, help = fl!("cli-device"))]
        device: bool,
    },
    #[command(about = fl!("cli-account-password"))]
    Password {
        #[arg(help = fl!("cli-account-name"))]
        name: String,
        #[arg(long, help = fl!("cli-password-stdin"))]
        password_stdin: bool,
    },
}

/// `hudhud account identity ...`: the addresses an account also sends as.
#[derive(Debug, Subcommand)]
pub enum IdentityCommand {
    #[command(about = fl!("cli-identity-add"))]
    Add(IdentityArgs),
    #[command(about = fl!("cli-identity-edit"))]
    Edit(IdentityArgs),
    #[command(about = fl!("cli-identity-remove"))]
    Remove {
        #[arg(help = fl!("cli-account-name"))]
        account: String,
        #[arg(value_name = "ADDRESS", help = fl!("cli-identity-address"))]
        address: String,
    },
    #[command(about = fl!("cli-identity-list"))]
    List {
        #[arg(help = fl!("cli-account-name"))]
        account: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct IdentityArgs {
    #[arg(help = fl!("cli-account-name"))]
    pub account: String,
    #[arg(value_name = "ADDRESS", help = fl!("cli-identity-address"))]
    pub address: String,
    #[arg(long, help = fl!("cli-identity-name"))]
    pub display_name: Option<String>,
    #[arg(long, conflicts_with = "signature_file", help = fl!("cli-identity-signature"))]
    pub signature: Option<String>,
    #[arg(long, value_name = "FILE", help = fl!("cli-identity-signature-file"))]
    pub signature_file: Option<PathBuf>,
}

/// `account edit --signature-placement`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlacementArg {
    #[value(name = "below-quote")]
    BelowQuote,
    #[value(name = "above-quote")]
    AboveQuote,
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
    // Without it, the settings are discovered from the address.
    #[arg(long, help = fl!("cli-host"))]
    pub host: Option<String>,
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
    #[arg(long, help = fl!("cli-trust-discovered"))]
    pub trust_discovered: bool,
    #[command(flatten)]
    pub oauth: OAuthArgs,
}

#[derive(Debug, Args)]
pub struct DiscoverArgs {
    #[arg(help = fl!("cli-discover-address"))]
    pub address: String,
    #[arg(long, help = fl!("cli-json"))]
    pub json: bool,
    #[arg(long, value_delimiter = ',', value_name = "STEP", help = fl!("cli-discover-only"))]
    pub only: Vec<String>,
    #[arg(long, value_name = "SECONDS", help = fl!("cli-discover-timeout"))]
    pub timeout: Option<u64>,
}

/// How an account signs in: `account add --auth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthArg {
    Password,
    Oauth2,
    #[value(name = "oauth2-command")]
    Oauth2Command,
}

/// `account add`'s OAuth2 options (issue 11).
#[derive(Debug, Args)]
pub struct OAuthArgs {
    #[arg(long, value_enum, default_value = "password", conflicts_with = "no_auth", help = fl!("cli-auth"))]
    pub auth: AuthArg,
    #[arg(long, value_name = "google|microsoft|oidc", help = fl!("cli-oauth-provider"))]
    pub oauth_provider: Option<String>,
    #[arg(long, value_name = "URL", help = fl!("cli-oauth-issuer"))]
    pub oauth_issuer: Option<String>,
    #[arg(long, value_name = "ID", help = fl!("cli-oauth-client-id"))]
    pub oauth_client_id: Option<String>,
    #[arg(long, value_name = "SECRET", help = fl!("cli-oauth-client-secret"))]
    pub oauth_client_secret: Option<String>,
    #[arg(long, help = fl!("cli-device"))]
    pub device: bool,
    #[arg(long, value_name = "CMD", help = fl!("cli-token-command"))]
    pub token_command: Option<String>,
}

/// `account edit`: only what is given changes. An empty text (`--username ""`)
/// goes back to the default.
#[derive(Debug, Args)]
pub struct EditArgs {
    #[arg(help = fl!("cli-account-name"))]
    pub name: String,
    #[arg(long, help = fl!("cli-host"))]
    pub host: Option<String>,
    #[arg(long, help = fl!("cli-port"))]
    pub port: Option<u16>,
    #[arg(long, value_enum, help = fl!("cli-security"))]
    pub security: Option<SecurityArg>,
    #[arg(long, help = fl!("cli-edit-username"))]
    pub username: Option<String>,
    #[arg(long, help = fl!("cli-edit-display-name"))]
    pub display_name: Option<String>,
    #[arg(long, conflicts_with = "no_ca_file", help = fl!("cli-ca-file"))]
    pub ca_file: Option<PathBuf>,
    #[arg(long, help = fl!("cli-no-ca-file"))]
    pub no_ca_file: bool,
    #[arg(long, help = fl!("cli-edit-signature"))]
    pub signature: Option<String>,
    #[arg(long, conflicts_with = "no_plain_text", help = fl!("cli-plain-text"))]
    pub plain_text: bool,
    #[arg(long, help = fl!("cli-no-plain-text"))]
    pub no_plain_text: bool,
    #[arg(long, value_enum, help = fl!("cli-signature-placement"))]
    pub signature_placement: Option<PlacementArg>,
    #[arg(long, conflicts_with = "no_allow_insecure", help = fl!("cli-allow-insecure"))]
    pub allow_insecure: bool,
    #[arg(long, help = fl!("cli-no-allow-insecure"))]
    pub no_allow_insecure: bool,
    #[arg(long, value_name = "HOST", help = fl!("cli-imap-host"))]
    pub imap_host: Option<String>,
    #[arg(long, value_name = "PORT", help = fl!("cli-imap-port"))]
    pub imap_port: Option<u16>,
    #[arg(long, value_enum, help = fl!("cli-imap-security"))]
    pub imap_security: Option<SecurityArg>,
    #[arg(long, value_name = "USER", help = fl!("cli-imap-username"))]
    pub imap_username: Option<String>,
    #[arg(long, help = fl!("cli-imap-password-stdin"))]
    pub imap_password_stdin: bool,
    #[arg(long, value_name = "FOLDER", help = fl!("cli-sent-folder"))]
    pub sent_folder: Option<String>,
    #[arg(long, conflicts_with = "no_save_sent", help = fl!("cli-save-sent"))]
    pub save_sent: bool,
    #[arg(long, help = fl!("cli-no-save-sent"))]
    pub no_save_sent: bool,
    #[arg(long, conflicts_with_all = ["imap_host", "save_sent"], help = fl!("cli-no-imap"))]
    pub no_imap: bool,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    #[arg(long, value_name = "ADDRESS|ACCOUNT", help = fl!("cli-from-identity"))]
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
    #[arg(long, help = fl!("cli-no-wait"))]
    pub no_wait: bool,
    #[arg(long, value_name = "YYYY-MM-DD HH:MM", help = fl!("cli-at"))]
    pub at: Option<String>,
    #[arg(long, help = fl!("cli-no-signature"))]
    pub no_signature: bool,
    #[arg(long, conflicts_with = "at", help = fl!("cli-undo"))]
    pub undo: bool,
    #[arg(long, help = fl!("cli-check-recipients"))]
    pub check_recipients: bool,
    #[arg(long, help = fl!("cli-markdown"))]
    pub markdown: bool,
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
            ConfigError::UnknownAccount(_)
            | ConfigError::DuplicateAccount(_)
            | ConfigError::UnknownIdentity { .. }
            | ConfigError::DuplicateIdentity { .. } => exit::USAGE,
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

impl From<SpoolError> for Failure {
    fn from(e: SpoolError) -> Self {
        let code = match e {
            SpoolError::Io { .. } | SpoolError::Link(_) => exit::CANTCREAT,
            SpoolError::Busy(_) => exit::TEMPFAIL,
            SpoolError::NotFound(_)
            | SpoolError::WrongState { .. }
            | SpoolError::NothingRefused(_)
            | SpoolError::NobodyAccepted(_)
            | SpoolError::AlreadyCopied { .. }
            | SpoolError::CopyNotWanted(_) => exit::USAGE,
        };
        Failure::new(code, e.to_string())
    }
}

impl From<ServiceError> for Failure {
    fn from(e: ServiceError) -> Self {
        let code = match &e {
            ServiceError::Config(config) => match **config {
                ConfigError::UnknownAccount(_)
                | ConfigError::DuplicateAccount(_)
                | ConfigError::UnknownIdentity { .. }
                | ConfigError::DuplicateIdentity { .. } => exit::USAGE,
                _ => exit::CONFIG,
            },
            ServiceError::Spool(spool) => match **spool {
                SpoolError::Io { .. } | SpoolError::Link(_) => exit::CANTCREAT,
                SpoolError::Busy(_) => exit::TEMPFAIL,
                _ => exit::USAGE,
            },
            ServiceError::Smtp(smtp) => exit_code_for(smtp.kind),
            ServiceError::Compose(_)
            | ServiceError::BadTime(_)
            | ServiceError::TimePassed(_)
            | ServiceError::MessageGone(_) => exit::USAGE,
            ServiceError::Keychain(_)
            | ServiceError::ConfigKept
            | ServiceError::FileNotOpened { .. } => exit::CONFIG,
            ServiceError::History(_)
            | ServiceError::Reopen(_)
            | ServiceError::DraftNotSaved { .. }
            | ServiceError::WordNotSaved { .. }
            | ServiceError::FileNotWritten { .. } => exit::CANTCREAT,
            ServiceError::AccountBusy(_)
            | ServiceError::Timeout
            | ServiceError::AccountFails { .. }
            | ServiceError::Interrupted => exit::TEMPFAIL,
        };
        Failure::new(code, e.to_string())
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
            AccountCommand::Add(args) => account::add(&paths, args),
            AccountCommand::Discover(args) => account::discover(args),
            AccountCommand::List => account::list(&paths),
            AccountCommand::Test { name } => account::test(&paths, &name),
            AccountCommand::Edit(args) => account::edit(&paths, args),
            AccountCommand::Identity { command } => identity::run(&paths, command),
            AccountCommand::Remove { name, force } => account::remove(&paths, &name, force),
            AccountCommand::Default { name } => account::set_default(&paths, &name),
            AccountCommand::Login { name, device } => account::login(&paths, &name, device),
            AccountCommand::Password {
                name,
                password_stdin,
            } => account::set_password(&paths, &name, password_stdin),
        },
        Command::Send(args) => outbox::send(&paths, args),
        Command::Outbox { command } => outbox::run(&paths, command),
        Command::Sent { command } => match command {
            SentCommand::List { json, limit } => sent::run(&paths, None, limit, json),
            SentCommand::Search { text, json, limit } => {
                sent::run(&paths, Some(&text), limit, json)
            }
            SentCommand::Retention {
                forever,
                days,
                messages,
                compress_after_days,
            } => {
                let keep = match (forever, days, messages) {
                    (true, _, _) => Some(crate::config::Retention::Forever),
                    (_, Some(days), _) => Some(crate::config::Retention::Days(days)),
                    (_, _, Some(n)) => Some(crate::config::Retention::Messages(n)),
                    _ => None,
                };
                sent::retention(&paths, keep, compress_after_days)
            }
        },
        Command::Recipients { command } => match command {
            RecipientsCommand::Check { addresses, json } => {
                recipients::check(&paths, &addresses, json)
            }
        },
        Command::Contacts { command } => match command {
            ContactsCommand::Import { file } => contacts::import(&paths, &file),
            ContactsCommand::List { json } => contacts::list(&paths, json),
        },
        Command::Daemon => outbox::daemon(&paths),
        Command::Sendmail(args) => sendmail::run(&paths, args),
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    // One thread: the work is network and disk waits, and hand-offs between
    // worker threads would add latency to every SMTP round trip.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::new(exit::CONFIG, e.to_string()))
}
