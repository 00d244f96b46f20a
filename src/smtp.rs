//! SMTP submission over lettre's low-level async connection (tokio + rustls).
//!
//! We drive each command ourselves instead of using lettre's transport so that
//! we know exactly where a session failed (before or after the final dot),
//! can reset a transaction when one recipient is refused, can reuse one
//! connection for a batch, and can keep a redacted transcript.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use lettre::Address;
use lettre::transport::smtp::Error as LettreError;
use lettre::transport::smtp::authentication::{Credentials as LettreCredentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, Certificate, TlsParameters};
use lettre::transport::smtp::commands::{Data, Ehlo, Mail, Noop, Quit, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use lettre::transport::smtp::response::Response;
use serde::{Deserialize, Serialize};

use crate::config::{Account, Security};
use crate::fl;
use crate::paths::is_loopback_host;

/// Where and how to connect; built from an [`Account`].
#[derive(Debug, Clone)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub allow_insecure: bool,
    pub ca_file: Option<PathBuf>,
    /// Limit for each network step (lettre's own timeout covers only connect).
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

/// One SMTP reply: code and text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub code: u16,
    pub text: String,
}

impl Reply {
    fn from_response(response: &Response) -> Reply {
        Reply {
            code: u16::from(response.code()),
            text: response.message().collect::<Vec<_>>().join(" "),
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
    fn push(&mut self, speaker: Speaker, text: impl Into<String>) {
        self.lines.push(TranscriptLine {
            speaker,
            text: text.into(),
        });
    }

    fn reply(&mut self, response: &Response) {
        let code = u16::from(response.code());
        let lines: Vec<&str> = response.message().collect();
        if lines.is_empty() {
            self.push(Speaker::Server, code.to_string());
        }
        for (i, line) in lines.iter().enumerate() {
            let sep = if i + 1 == lines.len() { ' ' } else { '-' };
            self.push(Speaker::Server, format!("{code}{sep}{line}"));
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
    /// The greeting asked again, to read the server's size limit.
    Ehlo,
    Auth,
    MailFrom,
    RcptTo,
    Data,
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
    /// The server's answer made no sense.
    Protocol(String),
    /// The password could not be taken from the keychain.
    Keychain(crate::secrets::SecretError),
    /// The message is bigger than the server's advertised SIZE limit;
    /// nothing was sent.
    TooBig {
        size: u64,
        limit: u64,
    },
    /// Not sent: the user removed the message's account (`--force`).
    AccountRemoved(String),
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

    /// The sentence for the user, without the server's reply.
    pub fn describe(&self) -> String {
        match &self.problem {
            Problem::Connect(reason) => fl!("smtp-connect-failed", reason = reason.clone()),
            Problem::Timeout(step) => fl!("smtp-timeout", step = step.label()),
            Problem::ConnectionLost(Step::EndOfData) => fl!("smtp-unconfirmed"),
            Problem::ConnectionLost(step) => fl!("smtp-connection-lost", step = step.label()),
            Problem::Rejected(step) => match self.kind {
                ErrorKind::AuthRefused => fl!("smtp-auth-refused"),
                ErrorKind::Permanent => fl!("smtp-rejected-permanent", step = step.label()),
                _ => fl!("smtp-rejected-temporary", step = step.label()),
            },
            Problem::RecipientRefused(address) => match self.kind {
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
            Problem::Protocol(reason) => fl!("smtp-protocol", reason = reason.clone()),
            Problem::Keychain(error) => error.to_string(),
            Problem::TooBig { size, limit } => fl!(
                "smtp-too-big",
                size = crate::compose::human_size(*size),
                limit = crate::compose::human_size(*limit)
            ),
            Problem::AccountRemoved(name) => {
                fl!("outbox-account-removed-reason", name = name.clone())
            }
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

/// Turns a lettre error at a given step into our classification.
fn classify(step: Step, error: LettreError) -> SmtpError {
    let server_text = std::error::Error::source(&error)
        .map(|s| s.to_string())
        .unwrap_or_default();
    if let Some(code) = error.status() {
        let reply = Some(Reply {
            code: u16::from(code),
            text: server_text,
        });
        let kind = if step == Step::Auth && error.is_permanent() {
            ErrorKind::AuthRefused
        } else if error.is_permanent() {
            ErrorKind::Permanent
        } else {
            ErrorKind::Transient
        };
        return SmtpError {
            kind,
            problem: Problem::Rejected(step),
            reply,
            refused_recipients: Vec::new(),
        };
    }
    if let Some(tls) = find_rustls_error(&error) {
        return match tls {
            rustls::Error::InvalidCertificate(reason) => SmtpError::new(
                ErrorKind::Config,
                Problem::Certificate(format!("{reason:?}")),
            ),
            other => SmtpError::new(ErrorKind::Config, Problem::Tls(other.to_string())),
        };
    }
    if error.is_tls() {
        return SmtpError::new(ErrorKind::Config, Problem::Tls(error_chain(&error)));
    }
    // A reset or broken pipe means the server did not take all our bytes
    // (a peer that read the final dot and died closes cleanly instead): the
    // message did not go out, so it is safe to retry.
    let lost_kind = if step == Step::EndOfData && !is_reset(&error) {
        ErrorKind::Unconfirmed
    } else {
        ErrorKind::Transient
    };
    if error.is_timeout() {
        return SmtpError::new(lost_kind, Problem::Timeout(step));
    }
    if error.is_client() {
        let text = error_chain(&error);
        if text.contains("authentication mechanism") {
            return SmtpError::new(ErrorKind::Config, Problem::NoAuthMechanism);
        }
        return SmtpError::new(ErrorKind::Transient, Problem::Protocol(text));
    }
    if step == Step::Connect && !error.is_response() {
        return SmtpError::new(ErrorKind::Transient, Problem::Connect(error_chain(&error)));
    }
    if error.is_response() && !server_text.contains("incomplete response") {
        return SmtpError::new(lost_kind, Problem::Protocol(server_text));
    }
    SmtpError::new(lost_kind, Problem::ConnectionLost(step))
}

fn find_rustls_error<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> Option<&'a rustls::Error> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = current {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
            && let Some(tls) = inner.downcast_ref::<rustls::Error>()
        {
            return Some(tls);
        }
        current = e.source();
    }
    None
}

fn is_reset(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && matches!(
                io.kind(),
                std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset
            )
        {
            return true;
        }
        current = e.source();
    }
    false
}

fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![error.to_string()];
    let mut current = error.source();
    while let Some(e) = current {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    parts.join(": ")
}

/// Runs a connection step under the overall timeout, noting a failure in the transcript.
async fn timed<T>(
    step: Step,
    limit: Duration,
    future: impl std::future::Future<Output = Result<T, LettreError>>,
    transcript: &mut Transcript,
) -> Result<T, SmtpError> {
    let error = match tokio::time::timeout(limit, future).await {
        Ok(Ok(value)) => return Ok(value),
        Ok(Err(e)) => classify(step, e),
        Err(_) => SmtpError::new(ErrorKind::Transient, Problem::Timeout(step)),
    };
    transcript.push(Speaker::Note, error.describe());
    Err(error)
}

/// An open, greeted and (when configured) authenticated SMTP connection.
/// One session sends any number of messages, one after another.
pub struct Session {
    conn: AsyncSmtpConnection,
    timeout: Duration,
    /// The server's SIZE: `Some(0)` advertised without a limit, `None` not
    /// advertised.
    max_size: Option<u64>,
}

impl Session {
    /// Connects, secures and signs in. Credentials go only over TLS.
    pub async fn connect(
        server: &Server,
        credentials: Option<&Credentials>,
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
            _ => Some(tls_parameters(server)?),
        };
        let hello = ClientId::default();
        let implicit = if server.security == Security::Tls {
            tls.clone()
        } else {
            None
        };
        transcript.push(
            Speaker::Note,
            format!(
                "connecting to {}:{} ({})",
                server.host, server.port, server.security
            ),
        );
        let connecting = AsyncSmtpConnection::connect_tokio1(
            (server.host.as_str(), server.port),
            Some(server.timeout),
            &hello,
            implicit,
            None,
        );
        let mut conn = timed(Step::Connect, server.timeout, connecting, transcript).await?;
        if conn.is_encrypted() {
            transcript.push(Speaker::Note, "TLS established");
        }
        transcript.push(Speaker::Client, format!("EHLO {hello}"));
        transcript.push(Speaker::Server, format!("250 {}", conn.server_info()));

        if server.security == Security::Starttls {
            if !conn.can_starttls() {
                transcript.push(Speaker::Note, fl!("smtp-no-starttls"));
                let mut session = Session {
                    conn,
                    timeout: server.timeout,
                    max_size: None,
                };
                session.quit(transcript).await;
                return Err(SmtpError::new(ErrorKind::Config, Problem::NoStartTls));
            }
            transcript.push(Speaker::Client, "STARTTLS");
            let parameters = match tls.clone() {
                Some(parameters) => parameters,
                None => tls_parameters(server)?,
            };
            let upgrade = conn.starttls(parameters, &hello);
            timed(Step::StartTls, server.timeout, upgrade, transcript).await?;
            transcript.push(Speaker::Note, "TLS established");
            transcript.push(Speaker::Client, format!("EHLO {hello}"));
            transcript.push(Speaker::Server, format!("250 {}", conn.server_info()));
        }

        let mut session = Session {
            conn,
            timeout: server.timeout,
            max_size: None,
        };
        session.max_size = session.read_size(&hello, transcript).await?;
        if let Some(credentials) = credentials {
            session.authenticate(credentials, transcript).await?;
        }
        Ok(session)
    }

    /// lettre keeps only the EHLO keywords it knows, and SIZE is not one:
    /// one more EHLO (allowed at any time, RFC 5321 4.1.4) reads it. A
    /// server that refuses the repeat is taken as advertising no limit.
    async fn read_size(
        &mut self,
        hello: &ClientId,
        transcript: &mut Transcript,
    ) -> Result<Option<u64>, SmtpError> {
        let ehlo = Ehlo::new(hello.clone());
        let shown = format!("EHLO {hello}");
        match self.command(Step::Ehlo, ehlo, shown, transcript).await {
            Ok(response) => Ok(response.message().find_map(|line| {
                let mut words = line.split_whitespace();
                words
                    .next()
                    .filter(|w| w.eq_ignore_ascii_case("SIZE"))
                    .map(|_| words.next().and_then(|n| n.parse().ok()).unwrap_or(0))
            })),
            Err(e) if e.reply.is_some() && !self.conn.has_broken() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The largest message the server takes, when it says (SIZE > 0).
    pub fn max_size(&self) -> Option<u64> {
        self.max_size.filter(|n| *n > 0)
    }

    async fn authenticate(
        &mut self,
        credentials: &Credentials,
        transcript: &mut Transcript,
    ) -> Result<(), SmtpError> {
        if !self.conn.is_encrypted() {
            transcript.push(Speaker::Note, fl!("smtp-password-needs-tls"));
            self.quit(transcript).await;
            return Err(SmtpError::new(ErrorKind::Config, Problem::PasswordNeedsTls));
        }
        let mechanisms = [Mechanism::Plain, Mechanism::Login];
        let Some(mechanism) = self.conn.server_info().get_auth_mechanism(&mechanisms) else {
            transcript.push(Speaker::Note, fl!("smtp-no-auth-mechanism"));
            self.quit(transcript).await;
            return Err(SmtpError::new(ErrorKind::Config, Problem::NoAuthMechanism));
        };
        transcript.push(Speaker::Client, format!("AUTH {mechanism} [redacted]"));
        let lettre_credentials =
            LettreCredentials::new(credentials.username.clone(), credentials.password.clone());
        let result = tokio::time::timeout(
            self.timeout,
            self.conn.auth(&[mechanism], &lettre_credentials),
        )
        .await;
        match result {
            Err(_) => Err(SmtpError::new(
                ErrorKind::Transient,
                Problem::Timeout(Step::Auth),
            )),
            Ok(Ok(response)) => {
                transcript.reply(&response);
                Ok(())
            }
            Ok(Err(e)) => {
                let error = classify(Step::Auth, e);
                self.note_error(&error, transcript);
                if error.reply.is_some() {
                    self.quit(transcript).await;
                }
                Err(error)
            }
        }
    }

    fn note_error(&self, error: &SmtpError, transcript: &mut Transcript) {
        match &error.reply {
            Some(reply) => transcript.push(Speaker::Server, reply.to_string()),
            None => transcript.push(Speaker::Note, error.describe()),
        }
    }

    /// Runs one command under the session timeout and records it.
    async fn command<C: fmt::Display>(
        &mut self,
        step: Step,
        command: C,
        shown: String,
        transcript: &mut Transcript,
    ) -> Result<Response, SmtpError> {
        transcript.push(Speaker::Client, shown);
        let result = tokio::time::timeout(self.timeout, self.conn.command(command)).await;
        self.finish_step(step, result, transcript)
    }

    fn finish_step(
        &mut self,
        step: Step,
        result: Result<Result<Response, LettreError>, tokio::time::error::Elapsed>,
        transcript: &mut Transcript,
    ) -> Result<Response, SmtpError> {
        match result {
            Err(_) => {
                let kind = if step == Step::EndOfData {
                    ErrorKind::Unconfirmed
                } else {
                    ErrorKind::Transient
                };
                let error = SmtpError::new(kind, Problem::Timeout(step));
                transcript.push(Speaker::Note, error.describe());
                Err(error)
            }
            Ok(Ok(response)) => {
                transcript.reply(&response);
                Ok(response)
            }
            Ok(Err(e)) => {
                let error = classify(step, e);
                self.note_error(&error, transcript);
                Err(error)
            }
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
        let from = match envelope_from {
            "" => None,
            text => Some(parse_envelope_address(text)?),
        };
        let to = envelope_to
            .iter()
            .map(|a| parse_envelope_address(a))
            .collect::<Result<Vec<_>, _>>()?;

        let size = raw.len() as u64;
        if let Some(limit) = self.max_size()
            && size > limit
        {
            let error = SmtpError::new(ErrorKind::Permanent, Problem::TooBig { size, limit });
            transcript.push(Speaker::Note, error.describe());
            return Err(error);
        }
        let mut parameters = Vec::new();
        if self.max_size.is_some() {
            parameters.push(MailParameter::Size(raw.len()));
        }
        let info = self.conn.server_info();
        if !raw.is_ascii() && info.supports_feature(Extension::EightBitMime) {
            parameters.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        let non_ascii_address =
            !envelope_from.is_ascii() || envelope_to.iter().any(|a| !a.is_ascii());
        if non_ascii_address && info.supports_feature(Extension::SmtpUtfEight) {
            parameters.push(MailParameter::SmtpUtfEight);
        }
        let mail = Mail::new(from, parameters);
        let shown = mail.to_string().trim_end().to_owned();
        if let Err(e) = self.command(Step::MailFrom, mail, shown, transcript).await {
            return Err(self.reset_after(e, transcript).await);
        }
        for (address, text) in to.into_iter().zip(envelope_to) {
            let rcpt = Rcpt::new(address, vec![]);
            let shown = rcpt.to_string().trim_end().to_owned();
            if let Err(mut e) = self.command(Step::RcptTo, rcpt, shown, transcript).await {
                if e.reply.is_some() {
                    e.problem = Problem::RecipientRefused(text.clone());
                    e.refused_recipients = vec![text.clone()];
                }
                return Err(self.reset_after(e, transcript).await);
            }
        }
        if let Err(e) = self
            .command(Step::Data, Data, "DATA".into(), transcript)
            .await
        {
            return Err(self.reset_after(e, transcript).await);
        }
        transcript.push(
            Speaker::Client,
            fl!("transcript-message-content", bytes = (raw.len() as u64)),
        );
        // lettre writes CRLF "." CRLF after the content, so a message that
        // already ends in CRLF would gain an empty last line.
        let content = raw.strip_suffix(b"\r\n").unwrap_or(raw);
        let result = match std::str::from_utf8(content) {
            // One write for content and final dot: with two, Nagle's algorithm
            // and the server's delayed ACK stall every message by 40 ms.
            Ok(text) => {
                let block = DataBlock(dot_stuff(text));
                tokio::time::timeout(self.timeout, self.conn.command(block)).await
            }
            Err(_) => tokio::time::timeout(self.timeout, self.conn.message(content)).await,
        };
        let response = self.finish_step(Step::EndOfData, result, transcript)?;
        Ok(Reply::from_response(&response))
    }

    /// After a refused step, RSET keeps the connection usable for the next message.
    async fn reset_after(&mut self, error: SmtpError, transcript: &mut Transcript) -> SmtpError {
        if error.reply.is_some() && !self.conn.has_broken() {
            let _ = self
                .command(Step::Reset, Rset, "RSET".into(), transcript)
                .await;
        }
        error
    }

    /// Checks the connection is alive (NOOP).
    pub async fn noop(&mut self, transcript: &mut Transcript) -> Result<Reply, SmtpError> {
        let response = self
            .command(Step::Noop, Noop, "NOOP".into(), transcript)
            .await?;
        Ok(Reply::from_response(&response))
    }

    pub fn is_broken(&self) -> bool {
        self.conn.has_broken()
    }

    /// Says goodbye; a failure here changes nothing for messages already sent.
    pub async fn quit(&mut self, transcript: &mut Transcript) {
        if self.conn.has_broken() {
            return;
        }
        // One QUIT under the timeout; the connection closes when dropped.
        let _ = self
            .command(Step::Quit, Quit, "QUIT".into(), transcript)
            .await;
    }
}

/// The message as it goes after DATA: dot-stuffed (RFC 5321 4.5.2), ending
/// with CRLF "." CRLF.
struct DataBlock(String);

impl fmt::Display for DataBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn dot_stuff(content: &str) -> String {
    let mut wire = String::with_capacity(content.len() + 16);
    if content.starts_with('.') {
        wire.push('.');
    }
    wire.push_str(&content.replace("\r\n.", "\r\n.."));
    wire.push_str("\r\n.\r\n");
    wire
}

fn parse_envelope_address(text: &str) -> Result<Address, SmtpError> {
    Address::from_str(text).map_err(|e| {
        SmtpError::new(
            ErrorKind::Permanent,
            Problem::Protocol(format!("{text}: {e}")),
        )
    })
}

fn tls_parameters(server: &Server) -> Result<TlsParameters, SmtpError> {
    let mut builder = TlsParameters::builder(server.host.clone());
    if let Some(path) = &server.ca_file {
        let unusable = |reason: String| {
            SmtpError::new(
                ErrorKind::Config,
                Problem::Certificate(fl!(
                    "error-ca-file-unreadable",
                    path = path.display().to_string(),
                    reason = reason
                )),
            )
        };
        let pem = std::fs::read(path).map_err(|e| unusable(e.to_string()))?;
        let certificate = Certificate::from_pem(&pem).map_err(|e| unusable(e.to_string()))?;
        builder = builder.add_root_certificate(certificate);
    }
    builder
        .build_rustls()
        .map_err(|e| SmtpError::new(ErrorKind::Config, Problem::Tls(error_chain(&e))))
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

    #[test]
    fn dot_stuffing_doubles_leading_dots_and_ends_with_the_dot_line() {
        assert_eq!(dot_stuff(".a\r\nb\r\n.c"), "..a\r\nb\r\n..c\r\n.\r\n");
        assert_eq!(dot_stuff("x"), "x\r\n.\r\n");
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
