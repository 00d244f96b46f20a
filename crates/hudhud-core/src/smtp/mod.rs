//! SMTP submission: our own small client on tokio and rustls.
//!
//! We drive each command ourselves so that we know exactly where a session
//! failed (before or after the final dot), can reset a transaction when a
//! recipient is refused, can reuse one connection for a batch, and keep a
//! transcript of what was really said. Every read is bounded in size and
//! time (`wire`), so a hostile or broken server costs a few KB and a timeout.

mod auth;
mod ehlo;
pub(crate) mod tls;
mod wire;

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use lettre::Address;
use serde::{Deserialize, Serialize};

use crate::config::{Account, Security};
use crate::fl;
use crate::paths::is_loopback_host;

use auth::Mechanism;
use ehlo::Capabilities;
use wire::{RawReply, Wire, WireError};

/// How long we wait for the server to greet us. Shorter than the command
/// timeout: a TLS port waits in silence for our ClientHello, and that
/// mistake must be reported quickly, not retried after a minute.
const GREETING_LIMIT: Duration = Duration::from_secs(10);
/// How much of the message goes in one write: memory stays flat for a
/// message of any size.
const CHUNK: usize = 64 * 1024;

/// Where and how to connect; built from an [`Account`].
#[derive(Debug, Clone)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub allow_insecure: bool,
    pub ca_file: Option<PathBuf>,
    /// Limit for each network step (the greeting has its own, shorter one).
    pub timeout: Duration,
}

impl Server {
    pub fn for_account(account: &Account, timeout: Duration) -> Server {
        Server {
            host: account.host.clone(),
            port: account.port(),
            security: account.security,
            allow_insecure: account.allow_insecure,
            ca_file: account.ca_file.clone(),
            timeout,
        }
    }
}

/// User name and password. The password never appears in Debug output.
#[derive(Clone)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"[redacted]")
            .finish()
    }
}

/// An OAuth2 access token to sign in with (OAUTHBEARER or XOAUTH2). The
/// token never appears in Debug output.
#[derive(Clone)]
pub struct BearerToken {
    pub username: String,
    pub access_token: String,
    /// The provider takes OAUTHBEARER as well as XOAUTH2; it is then
    /// preferred when the server offers both.
    pub allow_oauthbearer: bool,
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BearerToken")
            .field("username", &self.username)
            .field("access_token", &"[redacted]")
            .field("allow_oauthbearer", &self.allow_oauthbearer)
            .finish()
    }
}

/// How a session signs in: the mechanism is chosen from this and the
/// server's EHLO AUTH list.
#[derive(Debug, Clone, Copy)]
pub enum SignIn<'a> {
    Password(&'a Credentials),
    Bearer(&'a BearerToken),
}

/// One SMTP reply: code and text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub code: u16,
    pub text: String,
}

impl Reply {
    fn from_raw(raw: &RawReply) -> Reply {
        Reply {
            code: raw.code,
            text: raw.texts.join(" "),
        }
    }
}

impl fmt::Display for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code, self.text)
    }
}

/// Who said a transcript line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Speaker {
    Client,
    Server,
    /// What happened between commands (connected, TLS established, errors).
    Note,
    /// What stands for the message's content after the 354: its size, not
    /// its bytes.
    Content,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptLine {
    pub speaker: Speaker,
    pub text: String,
}

/// The SMTP conversation of an attempt: commands and replies, AUTH arguments
/// replaced by `[redacted]`, message content left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transcript {
    pub lines: Vec<TranscriptLine>,
}

impl Transcript {
    pub(crate) fn push(&mut self, speaker: Speaker, text: impl Into<String>) {
        self.lines.push(TranscriptLine {
            speaker,
            text: text.into(),
        });
    }

    /// The server's lines exactly as they came (control characters aside).
    fn reply(&mut self, raw: &RawReply) {
        for line in &raw.lines {
            self.push(Speaker::Server, line.clone());
        }
    }

    pub fn append(&mut self, other: Transcript) {
        self.lines.extend(other.lines);
    }
}

impl fmt::Display for Transcript {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.lines {
            let tag = match line.speaker {
                Speaker::Client => "C:",
                Speaker::Server => "S:",
                Speaker::Note => "*",
                Speaker::Content => " ",
            };
            writeln!(f, "{tag} {}", line.text)?;
        }
        Ok(())
    }
}

/// The step of the session a failure happened in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Connect,
    StartTls,
    /// EHLO (or HELO): saying who we are and learning the extensions.
    Ehlo,
    Auth,
    MailFrom,
    RcptTo,
    Data,
    /// Writing the message content (before its final dot is written).
    Content,
    /// After the whole message and its final dot were sent, waiting for the reply.
    EndOfData,
    Reset,
    Noop,
    Quit,
}

impl Step {
    fn label(self) -> String {
        match self {
            Step::Connect => fl!("step-connect"),
            Step::StartTls => fl!("step-starttls"),
            Step::Ehlo => fl!("step-ehlo"),
            Step::Auth => fl!("step-auth"),
            Step::MailFrom => fl!("step-mail-from"),
            Step::RcptTo => fl!("step-rcpt-to"),
            Step::Data => fl!("step-data"),
            Step::Content => fl!("step-content"),
            Step::EndOfData => fl!("step-end-of-data"),
            Step::Reset => fl!("step-reset"),
            Step::Noop => fl!("step-noop"),
            Step::Quit => fl!("step-quit"),
        }
    }
}

/// What a failure means for the message, and so for the outbox and exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    /// Try again later: 4xx, refused or broken connection, timeout before the final dot.
    Transient,
    /// The server refused for good (5xx).
    Permanent,
    /// The server refused the user name or password.
    AuthRefused,
    /// The account's settings or the server's TLS do not allow sending.
    Config,
    /// The connection broke after the final dot: the message may have gone out.
    Unconfirmed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// Could not open a connection (refused, unreachable, name not found).
    Connect(String),
    Timeout(Step),
    ConnectionLost(Step),
    /// The server answered a step with an error reply.
    Rejected(Step),
    /// The server refused this recipient; nobody got the message.
    RecipientRefused(String),
    /// The server's certificate is not trusted.
    Certificate(String),
    /// TLS could not be established.
    Tls(String),
    /// A `starttls` account, and the server does not offer STARTTLS.
    NoStartTls,
    /// Plain SMTP to a host that is not this machine, without `allow_insecure`.
    InsecureRefused,
    /// A password would have gone over an unencrypted connection.
    PasswordNeedsTls,
    /// The server offers no sign-in method we support (PLAIN, LOGIN).
    NoAuthMechanism,
    /// The account signs in with a password and none is stored.
    NoPassword,
    /// The server offers neither OAUTHBEARER nor XOAUTH2 to an account that
    /// signs in with a token.
    NoTokenMechanism,
    /// The server refused the access token (kind `AuthRefused`). `status`
    /// and `scope` are what its 334 error challenge said, when it sent one:
    /// "401" is an invalid or expired token, worth one refresh; "403" or
    /// another scope means the grant itself must be made again.
    TokenRejected {
        status: Option<String>,
        scope: Option<String>,
    },
    /// No access token could be had from the provider (or the token
    /// command); `OAuthError::needs_sign_in` says whether only the user can
    /// fix it.
    SignIn(crate::oauth::OAuthError),
    /// The server's answer made no sense.
    Protocol(String),
    /// The password could not be taken from the keychain.
    Keychain(crate::secrets::SecretError),
    /// The server said nothing at all within the greeting limit: probably a
    /// port that expects TLS from the start (465) with a starttls account.
    NoGreeting {
        port: u16,
    },
    /// A `tls` account, and the server answered in plain text: probably a
    /// starttls port (587, 25).
    NotTls {
        port: u16,
    },
    /// Not sent: the user removed the message's account (`--force`).
    AccountRemoved(String),
    /// An envelope address we cannot put on the wire; nothing was sent.
    BadAddress {
        address: String,
        reason: String,
    },
    /// The message is bigger than the server's advertised SIZE limit;
    /// nothing was sent.
    TooBig {
        size: u64,
        limit: u64,
    },
}

/// A failed SMTP step, classified, with the server's reply where it spoke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmtpError {
    pub kind: ErrorKind,
    pub problem: Problem,
    pub reply: Option<Reply>,
    /// When recipients were refused: every envelope recipient the server
    /// refused in that transaction (the others were accepted before RSET).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused_recipients: Vec<String>,
}

impl SmtpError {
    pub fn new(kind: ErrorKind, problem: Problem) -> SmtpError {
        SmtpError {
            kind,
            problem,
            reply: None,
            refused_recipients: Vec::new(),
        }
    }

    /// "google" or "microsoft" when the server refused a password because
    /// the provider wants its own sign-in (or, at Google, an app password):
    /// front ends then offer "Sign in with Google/Microsoft".
    pub fn wants_oauth(&self) -> Option<&'static str> {
        match (&self.problem, self.kind, &self.reply) {
            (Problem::Rejected(Step::Auth), ErrorKind::AuthRefused, Some(reply)) => {
                auth::refusal_wants_oauth(reply.code, &reply.text)
            }
            _ => None,
        }
    }

    /// The sentence for the user, without the server's reply.
    pub fn describe(&self) -> String {
        // After the final dot nothing may promise a retry: the message may
        // already be on its way.
        if self.kind == ErrorKind::Unconfirmed {
            return match &self.problem {
                Problem::Timeout(_) => fl!("smtp-unconfirmed-timeout"),
                Problem::Protocol(reason) => {
                    fl!("smtp-unconfirmed-protocol", reason = reason.clone())
                }
                _ => fl!("smtp-unconfirmed"),
            };
        }
        match &self.problem {
            Problem::Connect(reason) => fl!("smtp-connect-failed", reason = reason.clone()),
            Problem::Timeout(step) => fl!("smtp-timeout", step = step.label()),
            Problem::ConnectionLost(step) => fl!("smtp-connection-lost", step = step.label()),
            Problem::Rejected(step) => match self.kind {
                ErrorKind::AuthRefused => match self.wants_oauth() {
                    Some("google") => fl!("smtp-auth-google"),
                    Some(_) => fl!("smtp-auth-microsoft"),
                    None => fl!("smtp-auth-refused"),
                },
                // Most often a From the account may not use (an alias the
                // provider does not know): say so, not only "refused".
                ErrorKind::Permanent if *step == Step::MailFrom => fl!("smtp-sender-refused"),
                ErrorKind::Permanent => fl!("smtp-rejected-permanent", step = step.label()),
                _ => fl!("smtp-rejected-temporary", step = step.label()),
            },
            Problem::RecipientRefused(address) => match self.kind {
                ErrorKind::Permanent if self.refused_recipients.len() > 1 => fl!(
                    "smtp-recipients-refused",
                    addresses = self.refused_recipients.join(", ")
                ),
                ErrorKind::Permanent => {
                    fl!("smtp-recipient-refused", address = address.clone())
                }
                _ => fl!("smtp-recipient-deferred", address = address.clone()),
            },
            Problem::Certificate(reason) => {
                fl!("smtp-certificate-untrusted", reason = reason.clone())
            }
            Problem::Tls(reason) => fl!("smtp-tls-failed", reason = reason.clone()),
            Problem::NoStartTls => fl!("smtp-no-starttls"),
            Problem::InsecureRefused => fl!("smtp-insecure-refused"),
            Problem::PasswordNeedsTls => fl!("smtp-password-needs-tls"),
            Problem::NoAuthMechanism => fl!("smtp-no-auth-mechanism"),
            Problem::NoPassword => fl!("smtp-no-password"),
            Problem::NoTokenMechanism => fl!("smtp-no-token-mechanism"),
            Problem::TokenRejected { .. } => fl!("smtp-token-rejected"),
            Problem::SignIn(error) => error.to_string(),
            Problem::Protocol(reason) => fl!("smtp-protocol", reason = reason.clone()),
            Problem::Keychain(error) => error.to_string(),
            Problem::NoGreeting { port } => fl!("smtp-no-greeting", port = port.to_string()),
            Problem::NotTls { port } => fl!("smtp-not-tls", port = port.to_string()),
            Problem::AccountRemoved(name) => {
                fl!("outbox-account-removed-reason", name = name.clone())
            }
            Problem::BadAddress { address, reason } => fl!(
                "smtp-bad-address",
                address = address.clone(),
                reason = reason.clone()
            ),
            Problem::TooBig { size, limit } => fl!(
                "smtp-too-big",
                size = crate::compose::human_size(*size),
                limit = crate::compose::human_size(*limit)
            ),
        }
    }
}

impl fmt::Display for SmtpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())?;
        if let Some(reply) = &self.reply {
            write!(
                f,
                "\n{}",
                fl!("smtp-server-said", reply = reply.to_string())
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for SmtpError {}

impl From<crate::oauth::OAuthError> for SmtpError {
    /// A sign-in that only the user can renew holds the messages like a
    /// refused password; an unreachable provider is tried again later.
    fn from(error: crate::oauth::OAuthError) -> SmtpError {
        let kind = if error.needs_sign_in() {
            ErrorKind::AuthRefused
        } else if error.is_transient() {
            ErrorKind::Transient
        } else {
            ErrorKind::Config
        };
        SmtpError::new(kind, Problem::SignIn(error))
    }
}

/// An open, greeted and (when configured) authenticated SMTP connection.
/// One session sends any number of messages, one after another.
pub struct Session {
    wire: Wire,
    timeout: Duration,
    caps: Capabilities,
    /// The connection cannot carry another command (lost, timed out, 421,
    /// or a reply we could not read).
    broken: bool,
}

impl Session {
    /// Connects, secures and signs in with a password. Credentials go only
    /// over TLS.
    pub async fn connect(
        server: &Server,
        credentials: Option<&Credentials>,
        transcript: &mut Transcript,
    ) -> Result<Session, SmtpError> {
        Session::connect_as(server, credentials.map(SignIn::Password), transcript).await
    }

    /// Connects, secures and signs in with a password or a token.
    pub async fn connect_as(
        server: &Server,
        sign_in: Option<SignIn<'_>>,
        transcript: &mut Transcript,
    ) -> Result<Session, SmtpError> {
        if server.security == Security::None
            && !server.allow_insecure
            && !is_loopback_host(&server.host)
        {
            transcript.push(Speaker::Note, fl!("transcript-insecure-refused"));
            return Err(SmtpError::new(ErrorKind::Config, Problem::InsecureRefused));
        }
        let tls = match server.security {
            Security::None => None,
            _ => match tls::client_config(server.ca_file.as_deref()) {
                Ok(config) => Some(config),
                Err(error) => {
                    transcript.push(Speaker::Note, error.describe());
                    return Err(error);
                }
            },
        };
        transcript.push(
            Speaker::Note,
            format!(
                "connecting to {}:{} ({})",
                server.host, server.port, server.security
            ),
        );
        let connecting = tokio::net::TcpStream::connect((server.host.as_str(), server.port));
        let tcp = match tokio::time::timeout(server.timeout, connecting).await {
            Ok(Ok(tcp)) => tcp,
            Ok(Err(e)) => {
                let error = SmtpError::new(ErrorKind::Transient, Problem::Connect(e.to_string()));
                transcript.push(Speaker::Note, error.describe());
                return Err(error);
            }
            Err(_) => {
                let error = SmtpError::new(ErrorKind::Transient, Problem::Timeout(Step::Connect));
                transcript.push(Speaker::Note, error.describe());
                return Err(error);
            }
        };
        let mut session = Session {
            wire: Wire::new(tcp),
            timeout: server.timeout,
            caps: Capabilities::default(),
            broken: false,
        };
        if let (Security::Tls, Some(config)) = (server.security, &tls) {
            session
                .handshake(Step::Connect, server, config.clone(), transcript)
                .await?;
        }
        session.greeting(server, transcript).await?;
        let name = ehlo::ehlo_name(
            ehlo::system_host_name().as_deref(),
            session.wire.local_addr(),
        );
        session.ehlo(&name, transcript).await?;

        if let (Security::Starttls, Some(config)) = (server.security, tls) {
            if !session.caps.starttls {
                transcript.push(Speaker::Note, fl!("smtp-no-starttls"));
                session.quit(transcript).await;
                return Err(SmtpError::new(ErrorKind::Config, Problem::NoStartTls));
            }
            let reply = session
                .command(Step::StartTls, "STARTTLS", "STARTTLS", transcript)
                .await?;
            if reply.code != 220 {
                let error = session.refusal(Step::StartTls, &reply, false);
                session.quit(transcript).await;
                return Err(error);
            }
            if session.wire.has_unread() {
                // Lines sent before the handshake would be taken as said
                // under TLS (RFC 3207 section 6): a broken or hostile peer.
                let error = SmtpError::new(
                    ErrorKind::Transient,
                    Problem::Protocol(fl!("smtp-data-after-starttls")),
                );
                transcript.push(Speaker::Note, error.describe());
                return Err(error);
            }
            session
                .handshake(Step::StartTls, server, config, transcript)
                .await?;
            // RFC 3207 4.2: forget what the server said before TLS.
            session.caps = Capabilities::default();
            session.ehlo(&name, transcript).await?;
        }
        if let Some(sign_in) = sign_in {
            session.authenticate(&sign_in, transcript).await?;
        }
        Ok(session)
    }

    async fn handshake(
        &mut self,
        step: Step,
        server: &Server,
        config: Arc<rustls::ClientConfig>,
        transcript: &mut Transcript,
    ) -> Result<(), SmtpError> {
        match self
            .wire
            .start_tls(config, &server.host, self.timeout)
            .await
        {
            Ok(()) => {
                let summary = self.wire.tls_summary().unwrap_or_default();
                transcript.push(Speaker::Note, format!("TLS established ({summary})"));
                Ok(())
            }
            Err(e) => {
                self.broken = true;
                let error = match e.tls().cloned() {
                    Some(rustls::Error::InvalidCertificate(reason)) => SmtpError::new(
                        ErrorKind::Config,
                        Problem::Certificate(format!("{reason:?}")),
                    ),
                    // Plain text where a TLS record should be: the server
                    // greeted us in the clear.
                    Some(rustls::Error::InvalidMessage(_)) if step == Step::Connect => {
                        SmtpError::new(ErrorKind::Config, Problem::NotTls { port: server.port })
                    }
                    Some(other) => {
                        SmtpError::new(ErrorKind::Config, Problem::Tls(other.to_string()))
                    }
                    None => return Err(self.lost(step, e, false, transcript)),
                };
                transcript.push(Speaker::Note, error.describe());
                transcript.push(Speaker::Note, e.to_string());
                Err(error)
            }
        }
    }

    async fn greeting(
        &mut self,
        server: &Server,
        transcript: &mut Transcript,
    ) -> Result<(), SmtpError> {
        let limit = self.timeout.min(GREETING_LIMIT);
        let reply = match self.wire.read_reply(limit).await {
            Ok(reply) => reply,
            Err(WireError::Timeout)
                if self.wire.received() == 0 && server.security != Security::Tls =>
            {
                self.broken = true;
                let error =
                    SmtpError::new(ErrorKind::Config, Problem::NoGreeting { port: server.port });
                transcript.push(Speaker::Note, error.describe());
                return Err(error);
            }
            Err(e) => return Err(self.lost(Step::Connect, e, false, transcript)),
        };
        transcript.reply(&reply);
        if reply.code == 220 {
            return Ok(());
        }
        let error = self.refusal(Step::Connect, &reply, false);
        // RFC 5321 3.1: after a 554 greeting the client should QUIT.
        self.quit(transcript).await;
        Err(error)
    }

    /// EHLO, or HELO for a server that does not know EHLO.
    async fn ehlo(&mut self, name: &str, transcript: &mut Transcript) -> Result<(), SmtpError> {
        let line = format!("EHLO {name}");
        let reply = self.command(Step::Ehlo, &line, &line, transcript).await?;
        if reply.code == 250 {
            self.caps = Capabilities::parse(&reply.texts);
            return Ok(());
        }
        if matches!(reply.code, 500 | 502) {
            let line = format!("HELO {name}");
            let reply = self.command(Step::Ehlo, &line, &line, transcript).await?;
            if reply.code == 250 {
                self.caps = Capabilities::default();
                return Ok(());
            }
            return Err(self.refuse_and_quit(Step::Ehlo, &reply, transcript).await);
        }
        Err(self.refuse_and_quit(Step::Ehlo, &reply, transcript).await)
    }

    async fn refuse_and_quit(
        &mut self,
        step: Step,
        reply: &RawReply,
        transcript: &mut Transcript,
    ) -> SmtpError {
        let error = self.refusal(step, reply, false);
        self.quit(transcript).await;
        error
    }

    /// The largest message the server takes, when it says (SIZE > 0).
    pub fn max_size(&self) -> Option<u64> {
        self.caps.size.filter(|n| *n > 0)
    }

    /// Whether the server takes 8-bit content (8BITMIME, RFC 6152). A
    /// message that is not ASCII must be converted for a server without it.
    pub fn supports_8bitmime(&self) -> bool {
        self.caps.eight_bit_mime
    }

    async fn authenticate(
        &mut self,
        sign_in: &SignIn<'_>,
        transcript: &mut Transcript,
    ) -> Result<(), SmtpError> {
        if !self.wire.is_encrypted() {
            transcript.push(Speaker::Note, fl!("smtp-password-needs-tls"));
            self.quit(transcript).await;
            return Err(SmtpError::new(ErrorKind::Config, Problem::PasswordNeedsTls));
        }
        let Some(mechanism) = Mechanism::choose(&self.caps.auth, sign_in) else {
            let problem = match sign_in {
                SignIn::Password(_) => Problem::NoAuthMechanism,
                SignIn::Bearer(_) => Problem::NoTokenMechanism,
            };
            let error = SmtpError::new(ErrorKind::Config, problem);
            transcript.push(Speaker::Note, error.describe());
            self.quit(transcript).await;
            return Err(error);
        };
        let name = mechanism.name();
        let (line, shown) = match mechanism.initial_response(sign_in) {
            Some(response) => (
                format!("AUTH {name} {response}"),
                format!("AUTH {name} [redacted]"),
            ),
            None => (format!("AUTH {name}"), format!("AUTH {name}")),
        };
        let mut reply = self.command(Step::Auth, &line, &shown, transcript).await?;
        let mut round = 0;
        let mut token_error = None;
        while reply.code == 334 {
            if mechanism.is_bearer() && round == 0 {
                token_error = reply.texts.first().and_then(|c| auth::TokenError::parse(c));
            }
            let answer = if round < auth::MAX_ROUNDS {
                mechanism.respond(round, sign_in)
            } else {
                None
            };
            round += 1;
            let Some(answer) = answer else {
                // RFC 4954 4: "*" cancels an exchange we cannot finish.
                let _ = self.command(Step::Auth, "*", "*", transcript).await;
                self.broken = true;
                let error = SmtpError::new(
                    ErrorKind::Transient,
                    Problem::Protocol(fl!("smtp-auth-endless")),
                );
                transcript.push(Speaker::Note, error.describe());
                return Err(error);
            };
            // The answer to a token error challenge holds no secret.
            let shown = if mechanism.is_bearer() {
                answer.as_str()
            } else {
                "[redacted]"
            };
            reply = self.command(Step::Auth, &answer, shown, transcript).await?;
        }
        if reply.code == 235 {
            return Ok(());
        }
        let mut error = self.refuse_and_quit(Step::Auth, &reply, transcript).await;
        if mechanism.is_bearer() && error.kind == ErrorKind::AuthRefused {
            // Whatever the wording, a refused token is one the caller can
            // act on: refresh it once, or ask the user to sign in again.
            let auth::TokenError { status, scope } = token_error.unwrap_or_default();
            error.problem = Problem::TokenRejected { status, scope };
        }
        Err(error)
    }

    /// Writes one command line and reads its reply.
    async fn command(
        &mut self,
        step: Step,
        line: &str,
        shown: &str,
        transcript: &mut Transcript,
    ) -> Result<RawReply, SmtpError> {
        if self.broken {
            let error = SmtpError::new(ErrorKind::Transient, Problem::ConnectionLost(step));
            transcript.push(Speaker::Note, error.describe());
            return Err(error);
        }
        transcript.push(Speaker::Client, shown);
        let mut bytes = Vec::with_capacity(line.len() + 2);
        bytes.extend_from_slice(line.as_bytes());
        bytes.extend_from_slice(b"\r\n");
        if let Err(e) = self.wire.write(&bytes, self.timeout).await {
            return Err(self.lost(step, e, false, transcript));
        }
        self.read(step, false, transcript).await
    }

    /// Reads one reply and records it; a 421 means the server is closing.
    async fn read(
        &mut self,
        step: Step,
        after_dot: bool,
        transcript: &mut Transcript,
    ) -> Result<RawReply, SmtpError> {
        match self.wire.read_reply(self.timeout).await {
            Ok(reply) => {
                transcript.reply(&reply);
                if reply.code == 421 {
                    self.broken = true;
                }
                Ok(reply)
            }
            Err(e) => Err(self.lost(step, e, after_dot, transcript)),
        }
    }

    /// The connection failed at `step`: after the final dot the message may
    /// have been delivered, whatever the failure was.
    fn lost(
        &mut self,
        step: Step,
        error: WireError,
        after_dot: bool,
        transcript: &mut Transcript,
    ) -> SmtpError {
        self.broken = true;
        let kind = if after_dot {
            ErrorKind::Unconfirmed
        } else {
            ErrorKind::Transient
        };
        let problem = match &error {
            WireError::Timeout => Problem::Timeout(step),
            WireError::Malformed(reason) => Problem::Protocol(reason.clone()),
            WireError::Closed | WireError::Io(_) => Problem::ConnectionLost(step),
        };
        let smtp_error = SmtpError::new(kind, problem);
        transcript.push(Speaker::Note, smtp_error.describe());
        if let WireError::Io(_) | WireError::Closed = error {
            transcript.push(Speaker::Note, error.to_string());
        }
        smtp_error
    }

    /// A reply that is not the one the step wants.
    fn refusal(&mut self, step: Step, reply: &RawReply, after_dot: bool) -> SmtpError {
        let kind = match reply.code / 100 {
            5 if step == Step::Auth => ErrorKind::AuthRefused,
            5 => ErrorKind::Permanent,
            4 => ErrorKind::Transient,
            // A success code where another was due: we no longer know what
            // state the server is in.
            _ => {
                self.broken = true;
                let kind = if after_dot {
                    ErrorKind::Unconfirmed
                } else {
                    ErrorKind::Transient
                };
                return SmtpError {
                    kind,
                    problem: Problem::Protocol(format!("{} {}", reply.code, reply.texts.join(" "))),
                    reply: Some(Reply::from_raw(reply)),
                    refused_recipients: Vec::new(),
                };
            }
        };
        SmtpError {
            kind,
            problem: Problem::Rejected(step),
            reply: Some(Reply::from_raw(reply)),
            refused_recipients: Vec::new(),
        }
    }

    /// Sends one message over this session. On a refusal before the final
    /// dot the transaction is reset, so the session can carry the next one.
    pub async fn send(
        &mut self,
        envelope_from: &str,
        envelope_to: &[String],
        raw: &[u8],
        transcript: &mut Transcript,
    ) -> Result<Reply, SmtpError> {
        // An empty sender is the null reverse-path, used for bounces.
        if !envelope_from.is_empty() {
            check_envelope_address(envelope_from, transcript)?;
        }
        let recipients = unique_recipients(envelope_to);
        for address in &recipients {
            check_envelope_address(address, transcript)?;
        }

        let size = raw.len() as u64;
        if let Some(limit) = self.max_size()
            && size > limit
        {
            let error = SmtpError::new(ErrorKind::Permanent, Problem::TooBig { size, limit });
            transcript.push(Speaker::Note, error.describe());
            return Err(error);
        }
        let mut mail = format!("MAIL FROM:<{envelope_from}>");
        if self.caps.size.is_some() {
            mail.push_str(&format!(" SIZE={size}"));
        }
        if !raw.is_ascii() && self.caps.eight_bit_mime {
            mail.push_str(" BODY=8BITMIME");
        }
        let non_ascii_address =
            !envelope_from.is_ascii() || recipients.iter().any(|a| !a.is_ascii());
        if non_ascii_address && self.caps.smtputf8 {
            mail.push_str(" SMTPUTF8");
        }
        let reply = self
            .command(Step::MailFrom, &mail, &mail, transcript)
            .await?;
        if reply.code != 250 {
            let error = self.refusal(Step::MailFrom, &reply, false);
            return Err(self.reset_after(error, transcript).await);
        }

        self.recipients(&recipients, transcript).await?;

        let reply = self.command(Step::Data, "DATA", "DATA", transcript).await?;
        if reply.code != 354 {
            let error = self.refusal(Step::Data, &reply, false);
            return Err(self.reset_after(error, transcript).await);
        }
        transcript.push(
            Speaker::Content,
            fl!("transcript-message-content", bytes = size),
        );
        self.write_content(raw, transcript).await?;
        // From here on the server has the whole message.
        let reply = self.read(Step::EndOfData, true, transcript).await?;
        if reply.code / 100 == 2 {
            return Ok(Reply::from_raw(&reply));
        }
        Err(self.refusal(Step::EndOfData, &reply, true))
    }

    /// RCPT TO for every recipient, even after one is refused, so that the
    /// error lists every refused address; then RSET if any was: nobody gets
    /// the message unless everybody can.
    async fn recipients(
        &mut self,
        recipients: &[String],
        transcript: &mut Transcript,
    ) -> Result<(), SmtpError> {
        let mut first_permanent: Option<SmtpError> = None;
        let mut first_transient: Option<SmtpError> = None;
        let mut refused = Vec::new();
        for address in recipients {
            let line = format!("RCPT TO:<{address}>");
            let reply = self.command(Step::RcptTo, &line, &line, transcript).await?;
            if matches!(reply.code, 250 | 251) {
                continue;
            }
            let mut error = self.refusal(Step::RcptTo, &reply, false);
            if self.broken {
                // 421 (closing) or nonsense: about the server, not this address.
                return Err(error);
            }
            if error.problem == Problem::Rejected(Step::RcptTo) {
                error.problem = Problem::RecipientRefused(address.clone());
            }
            if error.kind == ErrorKind::Permanent {
                refused.push(address.clone());
                first_permanent.get_or_insert(error);
            } else {
                first_transient.get_or_insert(error);
            }
        }
        // The error names a 5xx refusal when there is one, so that its
        // words ("refused") and its kind (failed for good) agree.
        let Some(mut error) = first_permanent.or(first_transient) else {
            return Ok(());
        };
        error.refused_recipients = refused;
        Err(self.reset_after(error, transcript).await)
    }

    /// The content, dot-stuffed with CRLF line ends, written in chunks; the
    /// final dot goes in the last write. A failure here is before the
    /// final dot was complete on the wire, so the server cannot deliver.
    async fn write_content(
        &mut self,
        raw: &[u8],
        transcript: &mut Transcript,
    ) -> Result<(), SmtpError> {
        let mut stuffer = DotStuffer::default();
        let mut out = Vec::with_capacity(2 * CHUNK + 8);
        let mut rest = raw;
        loop {
            let (now, later) = rest.split_at(rest.len().min(CHUNK));
            out.clear();
            stuffer.push(now, &mut out);
            let last = later.is_empty();
            if last {
                stuffer.finish(&mut out);
            }
            if let Err(e) = self.wire.write(&out, self.timeout).await {
                return Err(self.lost(Step::Content, e, false, transcript));
            }
            if last {
                return Ok(());
            }
            rest = later;
        }
    }

    /// After a refused step, RSET keeps the connection usable for the next message.
    async fn reset_after(&mut self, error: SmtpError, transcript: &mut Transcript) -> SmtpError {
        if error.reply.is_some() && !self.broken {
            let _ = self.command(Step::Reset, "RSET", "RSET", transcript).await;
        }
        error
    }

    /// Checks the connection is alive (NOOP).
    pub async fn noop(&mut self, transcript: &mut Transcript) -> Result<Reply, SmtpError> {
        let reply = self.command(Step::Noop, "NOOP", "NOOP", transcript).await?;
        if reply.code / 100 == 2 {
            return Ok(Reply::from_raw(&reply));
        }
        Err(self.refusal(Step::Noop, &reply, false))
    }

    pub fn is_broken(&self) -> bool {
        self.broken
    }

    /// Says goodbye; a failure here changes nothing for messages already sent.
    pub async fn quit(&mut self, transcript: &mut Transcript) {
        if self.broken {
            return;
        }
        let _ = self.command(Step::Quit, "QUIT", "QUIT", transcript).await;
        self.broken = true;
        self.wire
            .shutdown(Duration::from_secs(1).min(self.timeout))
            .await;
    }
}

/// The recipients, each once: the same address in To and Bcc (in any case)
/// is one RCPT, as one delivery is what the user wants.
fn unique_recipients(envelope_to: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    envelope_to
        .iter()
        .filter(|a| seen.insert(a.to_lowercase()))
        .cloned()
        .collect()
}

/// Dot-stuffing (RFC 5321 4.5.2) and line ends made CRLF (4.1.1.4: CR and
/// LF only ever together), so that no bare LF or CR can end a line or the
/// data early on servers that read them differently (SMTP smuggling).
#[derive(Debug)]
struct DotStuffer {
    line_start: bool,
    pending_cr: bool,
}

impl Default for DotStuffer {
    fn default() -> Self {
        DotStuffer {
            line_start: true,
            pending_cr: false,
        }
    }
}

impl DotStuffer {
    fn push(&mut self, bytes: &[u8], out: &mut Vec<u8>) {
        for &b in bytes {
            if self.pending_cr {
                self.pending_cr = false;
                out.extend_from_slice(b"\r\n");
                self.line_start = true;
                if b == b'\n' {
                    continue;
                }
            }
            match b {
                b'\r' => self.pending_cr = true,
                b'\n' => {
                    out.extend_from_slice(b"\r\n");
                    self.line_start = true;
                }
                b'.' if self.line_start => {
                    out.extend_from_slice(b"..");
                    self.line_start = false;
                }
                _ => {
                    out.push(b);
                    self.line_start = false;
                }
            }
        }
    }

    /// The end of the content and the final dot line.
    fn finish(&mut self, out: &mut Vec<u8>) {
        if self.pending_cr || !self.line_start {
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b".\r\n");
    }
}

/// An envelope address goes on a command line: it must parse, and nothing
/// in it may end the line or the brackets.
fn check_envelope_address(text: &str, transcript: &mut Transcript) -> Result<(), SmtpError> {
    let reason = if text
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '<' || c == '>')
    {
        Some(fl!("smtp-address-bad-characters"))
    } else {
        Address::from_str(text).err().map(|e| e.to_string())
    };
    match reason {
        None => Ok(()),
        Some(reason) => {
            let error = SmtpError::new(
                ErrorKind::Permanent,
                Problem::BadAddress {
                    address: text.chars().filter(|c| !c.is_control()).collect(),
                    reason,
                },
            );
            transcript.push(Speaker::Note, error.describe());
            Err(error)
        }
    }
}

/// Sends one message on a fresh connection.
pub async fn send_message(
    server: &Server,
    credentials: Option<&Credentials>,
    envelope_from: &str,
    envelope_to: &[String],
    raw: &[u8],
    transcript: &mut Transcript,
) -> Result<Reply, SmtpError> {
    let mut session = Session::connect(server, credentials, transcript).await?;
    let result = session
        .send(envelope_from, envelope_to, raw, transcript)
        .await;
    session.quit(transcript).await;
    result
}

/// Connect, TLS, EHLO, AUTH, NOOP, QUIT: does this account work?
pub async fn test_connection(
    server: &Server,
    credentials: Option<&Credentials>,
    transcript: &mut Transcript,
) -> Result<(), SmtpError> {
    let mut session = Session::connect(server, credentials, transcript).await?;
    let result = session.noop(transcript).await;
    session.quit(transcript).await;
    result.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The wire form, fed to the stuffer in pieces of `step` bytes.
    fn dot_stuff(content: &[u8], step: usize) -> Vec<u8> {
        let mut stuffer = DotStuffer::default();
        let mut out = Vec::new();
        for piece in content.chunks(step) {
            stuffer.push(piece, &mut out);
        }
        stuffer.finish(&mut out);
        out
    }

    #[test]
    fn a_refused_sender_says_the_from_may_not_be_allowed_and_shows_the_reply() {
        let error = SmtpError {
            kind: ErrorKind::Permanent,
            problem: Problem::Rejected(Step::MailFrom),
            reply: Some(Reply {
                code: 553,
                text: "5.7.1 <sales@example.com>: Sender address rejected: not owned by user layla@example.com".into(),
            }),
            refused_recipients: Vec::new(),
        };
        let shown = error.to_string();
        assert!(shown.contains("alias"), "{shown}");
        assert!(shown.contains("not owned by user"), "{shown}");
    }

    #[test]
    fn dot_stuffing_doubles_leading_dots_and_ends_with_the_dot_line() {
        for step in [1, 2, 3, 100] {
            assert_eq!(
                dot_stuff(b".a\r\nb\r\n.c", step),
                b"..a\r\nb\r\n..c\r\n.\r\n"
            );
            assert_eq!(dot_stuff(b"x", step), b"x\r\n.\r\n");
            assert_eq!(
                dot_stuff(b"x\r\n", step),
                b"x\r\n.\r\n",
                "no empty last line"
            );
            assert_eq!(dot_stuff(b"", step), b".\r\n");
        }
    }

    #[test]
    fn bare_line_ends_become_crlf_so_no_dot_line_can_be_smuggled() {
        for step in [1, 2, 5, 100] {
            // <LF>.<CR><LF>: the smuggling pattern ends no data here.
            assert_eq!(
                dot_stuff(b"a\n.\r\nMAIL FROM:<x>\r\n", step),
                b"a\r\n..\r\nMAIL FROM:<x>\r\n.\r\n"
            );
            assert_eq!(dot_stuff(b"a\r.\rb\r", step), b"a\r\n..\r\nb\r\n.\r\n");
        }
    }

    #[test]
    fn the_same_recipient_twice_is_one_rcpt() {
        let to = ["A@example.com", "b@example.com", "a@EXAMPLE.com"].map(String::from);
        assert_eq!(
            unique_recipients(&to),
            vec!["A@example.com", "b@example.com"]
        );
    }

    #[test]
    fn unconfirmed_never_promises_a_retry_and_transient_never_doubts_delivery() {
        let unconfirmed = [
            Problem::Timeout(Step::EndOfData),
            Problem::ConnectionLost(Step::EndOfData),
            Problem::Protocol("x".into()),
        ];
        for problem in unconfirmed {
            let text = SmtpError::new(ErrorKind::Unconfirmed, problem).describe();
            assert!(text.contains("may have been delivered"), "{text}");
            assert!(!text.contains("try again"), "{text}");
        }
        let transient = [
            Problem::Timeout(Step::Content),
            Problem::ConnectionLost(Step::Content),
            Problem::Protocol("x".into()),
            Problem::Connect("x".into()),
        ];
        for problem in transient {
            let text = SmtpError::new(ErrorKind::Transient, problem).describe();
            assert!(text.contains("will try again"), "{text}");
            assert!(!text.contains("delivered"), "{text}");
        }
    }

    #[test]
    fn transcript_renders_speakers() {
        let mut t = Transcript::default();
        t.push(Speaker::Client, "AUTH PLAIN [redacted]");
        t.push(Speaker::Server, "235 ok");
        assert_eq!(t.to_string(), "C: AUTH PLAIN [redacted]\nS: 235 ok\n");
    }

    #[test]
    fn credentials_debug_hides_the_password() {
        let c = Credentials {
            username: "u".into(),
            password: "hunter2".into(),
        };
        assert!(!format!("{c:?}").contains("hunter2"));
    }

    #[tokio::test]
    async fn plain_to_remote_host_is_refused_before_connecting() {
        let server = Server {
            host: "smtp.example.com".into(),
            port: 25,
            security: Security::None,
            allow_insecure: false,
            ca_file: None,
            timeout: Duration::from_secs(1),
        };
        let mut t = Transcript::default();
        let err = Session::connect(&server, None, &mut t).await.err().unwrap();
        assert_eq!(err.kind, ErrorKind::Config);
        assert_eq!(err.problem, Problem::InsecureRefused);
    }
}
