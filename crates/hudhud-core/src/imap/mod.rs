//! The IMAP side of sending: a copy of each sent message APPENDed to the
//! account's Sent folder, so that webmail, phones and other clients show it.
//!
//! async-imap (on tokio) speaks the protocol; TLS is the same rustls setup
//! as SMTP (platform verifier plus the account's CA file). Every step has a
//! time limit. APPEND is sent by hand: async-imap's own neither uses
//! LITERAL+ nor returns the UID of APPENDUID.

mod folder;

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use async_imap::imap_proto::rfc4315::UidSetMember;
use async_imap::imap_proto::{Capability, MailboxDatum, Response, ResponseCode, Status};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

pub use folder::{KNOWN_SENT_NAMES, Listed, choose_sent, decode_utf7, encode_utf7};

use crate::config::{Account, ImapSettings, Security};
use crate::fl;
use crate::paths::is_loopback_host;

/// What went wrong with a copy, kept with the message (so it is shown in
/// the reader's language, whenever it is read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "kebab-case")]
pub enum CopyProblem {
    /// The server could not be reached (or the connection broke before APPEND).
    Connect {
        reason: String,
    },
    Timeout {
        step: String,
    },
    Tls {
        reason: String,
    },
    /// `starttls` asked for and the server does not offer it.
    NoStartTls,
    /// `security = "none"` to a host that is not this machine.
    Insecure,
    /// The user name or password (or token) was refused.
    SignIn {
        reply: String,
    },
    /// No folder looks like Sent, and none was chosen.
    NoSentFolder,
    /// The chosen folder does not exist.
    FolderMissing {
        folder: String,
        reply: String,
    },
    /// The server said NO or BAD.
    Refused {
        step: String,
        reply: String,
    },
    /// The connection broke after the message was handed over: it may be
    /// in the folder. The next try looks for it first.
    Unclear {
        reason: String,
    },
    /// The password, token or keychain could not be had.
    Credentials {
        reason: String,
    },
    /// The message file of the entry cannot be read.
    Message {
        reason: String,
    },
}

impl CopyProblem {
    /// Worth trying again by itself later (else it waits for the user).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            CopyProblem::Connect { .. } | CopyProblem::Timeout { .. } | CopyProblem::Unclear { .. }
        )
    }
}

impl fmt::Display for CopyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            CopyProblem::Connect { reason } => fl!("copy-error-connect", reason = reason.clone()),
            CopyProblem::Timeout { step } => fl!("copy-error-timeout", step = step.clone()),
            CopyProblem::Tls { reason } => fl!("copy-error-tls", reason = reason.clone()),
            CopyProblem::NoStartTls => fl!("copy-error-no-starttls"),
            CopyProblem::Insecure => fl!("copy-error-insecure"),
            // The sentence goes on after the reply: no doubled full stop.
            CopyProblem::SignIn { reply } => fl!(
                "copy-error-sign-in",
                reply = reply.trim_end_matches('.').to_owned()
            ),
            CopyProblem::NoSentFolder => fl!("copy-error-no-folder"),
            CopyProblem::FolderMissing { folder, reply } => fl!(
                "copy-error-folder-missing",
                folder = decode_utf7(folder),
                reply = reply.clone()
            ),
            CopyProblem::Refused { step, reply } => fl!(
                "copy-error-refused",
                step = step.clone(),
                reply = reply.clone()
            ),
            CopyProblem::Unclear { reason } => fl!("copy-error-unclear", reason = reason.clone()),
            CopyProblem::Credentials { reason } => {
                fl!("copy-error-credentials", reason = reason.clone())
            }
            CopyProblem::Message { reason } => fl!("copy-error-message", reason = reason.clone()),
        };
        f.write_str(&text)
    }
}

/// Providers whose SMTP server already files what it sends in Sent: a copy
/// from us would be a second one. The provider's name, or None.
pub fn copies_by_itself(account: &Account) -> Option<&'static str> {
    provider_copying_sent(&account.email, &account.host)
}

/// `copies_by_itself` for an address and SMTP host (a form being filled).
pub fn provider_copying_sent(email: &str, host: &str) -> Option<&'static str> {
    let domain = |s: &str| {
        s.rsplit('@')
            .next()
            .unwrap_or(s)
            .trim()
            .to_ascii_lowercase()
    };
    let email = domain(email);
    let host = host.trim().to_ascii_lowercase();
    let ends = |d: &str, tails: &[&str]| {
        tails
            .iter()
            .any(|t| d == *t || d.ends_with(&format!(".{t}")))
    };
    if ends(&email, &["gmail.com", "googlemail.com"]) || ends(&host, &["gmail.com", "google.com"]) {
        Some("Gmail")
    } else if ends(
        &email,
        &["outlook.com", "hotmail.com", "live.com", "msn.com"],
    ) || ends(&host, &["office365.com", "outlook.com", "hotmail.com"])
    {
        Some("Microsoft")
    } else if email.starts_with("zoho") || host.contains("zoho.") {
        Some("Zoho")
    } else {
        None
    }
}

/// The IMAP settings an autoconfiguration found (`incomingServer` of type
/// imap): encrypted only; the copy off for providers that file sent mail
/// by themselves.
pub fn settings_from_discovery(
    found: &crate::discover::Endpoint,
    account: &Account,
) -> Option<ImapSettings> {
    if found.security == Security::None || found.host.trim().is_empty() {
        return None;
    }
    let mut imap = ImapSettings::new(&found.host);
    imap.security = found.security;
    imap.port = Some(found.port);
    imap.username = found
        .username
        .clone()
        .filter(|u| !u.eq_ignore_ascii_case(account.username()));
    imap.save_sent = copies_by_itself(account).is_none();
    Some(imap)
}

/// How to sign in to IMAP.
pub enum Login {
    Password {
        username: String,
        password: String,
    },
    /// An OAuth2 access token, by XOAUTH2 (or OAUTHBEARER when allowed and offered).
    Bearer {
        username: String,
        token: String,
        oauthbearer: bool,
    },
}

impl fmt::Debug for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Login::Password { username, .. } => write!(f, "Password({username}, [redacted])"),
            Login::Bearer { username, .. } => write!(f, "Bearer({username}, [redacted])"),
        }
    }
}

#[derive(Debug)]
enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// The result of a successful APPEND.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    /// From APPENDUID (UIDPLUS), when the server has it.
    pub uid: Option<u32>,
}

/// A signed-in IMAP session.
pub struct Connection {
    session: async_imap::Session<Stream>,
    capabilities: Vec<String>,
    limit: Duration,
}

async fn timed<T>(
    limit: Duration,
    step: &str,
    work: impl Future<Output = Result<T, CopyProblem>>,
) -> Result<T, CopyProblem> {
    match tokio::time::timeout(limit, work).await {
        Ok(result) => result,
        Err(_) => Err(CopyProblem::Timeout {
            step: step.to_owned(),
        }),
    }
}

fn broken(e: impl fmt::Display) -> CopyProblem {
    CopyProblem::Connect {
        reason: e.to_string(),
    }
}

/// An IMAP quoted string; None for text that cannot be one (line breaks).
fn quoted(text: &str) -> Option<String> {
    if text.contains(['\r', '\n', '\0']) || !text.is_ascii() {
        return None;
    }
    Some(format!(
        "\"{}\"",
        text.replace('\\', "\\\\").replace('"', "\\\"")
    ))
}

/// XOAUTH2 / OAUTHBEARER: the token once; an empty answer to the server's
/// error challenge, so that it sends its NO.
struct Bearer {
    first: Option<Vec<u8>>,
}

impl async_imap::Authenticator for Bearer {
    type Response = Vec<u8>;
    fn process(&mut self, _challenge: &[u8]) -> Vec<u8> {
        self.first.take().unwrap_or_default()
    }
}

impl Connection {
    /// Connects, secures and signs in, each step within `limit`.
    pub async fn open(
        settings: &ImapSettings,
        ca_file: Option<&std::path::Path>,
        allow_insecure: bool,
        login: &Login,
        limit: Duration,
    ) -> Result<Connection, CopyProblem> {
        let host = settings.host.trim();
        if settings.security == Security::None && !allow_insecure && !is_loopback_host(host) {
            return Err(CopyProblem::Insecure);
        }
        let tls_config =
            crate::smtp::tls::client_config(ca_file).map_err(|e| CopyProblem::Tls {
                reason: e.describe(),
            })?;
        let tcp = timed(limit, "connect", async {
            TcpStream::connect((host, settings.port()))
                .await
                .map_err(broken)
        })
        .await?;
        let handshake = |tcp: TcpStream| {
            let config = Arc::clone(&tls_config);
            async move {
                let name =
                    rustls::pki_types::ServerName::try_from(host.to_owned()).map_err(|e| {
                        CopyProblem::Tls {
                            reason: e.to_string(),
                        }
                    })?;
                timed(limit, "TLS", async {
                    TlsConnector::from(config)
                        .connect(name, tcp)
                        .await
                        .map_err(|e| CopyProblem::Tls {
                            reason: e.to_string(),
                        })
                })
                .await
            }
        };
        // What the greeting announces; after STARTTLS it is not known
        // (and not trusted from before), so XOAUTH2 is used.
        let mut announced = Vec::new();
        let client = match settings.security {
            Security::Tls => {
                let tls = handshake(tcp).await?;
                let mut client = async_imap::Client::new(Stream::Tls(Box::new(tls)));
                announced = greeting(&mut client, limit).await?;
                client
            }
            Security::Starttls => {
                let mut plain = async_imap::Client::new(Stream::Plain(tcp));
                greeting(&mut plain, limit).await?;
                timed(limit, "STARTTLS", async {
                    plain
                        .run_command_and_check_ok("STARTTLS", None)
                        .await
                        .map_err(|e| match e {
                            async_imap::error::Error::No(_) | async_imap::error::Error::Bad(_) => {
                                CopyProblem::NoStartTls
                            }
                            other => broken(other),
                        })
                })
                .await?;
                // Whatever came in plain after the OK is dropped with the
                // client's buffer (the STARTTLS injection attack).
                let Stream::Plain(tcp) = plain.into_inner() else {
                    return Err(CopyProblem::NoStartTls);
                };
                let tls = handshake(tcp).await?;
                async_imap::Client::new(Stream::Tls(Box::new(tls)))
            }
            Security::None => {
                let mut client = async_imap::Client::new(Stream::Plain(tcp));
                announced = greeting(&mut client, limit).await?;
                client
            }
        };
        let refused = |e: async_imap::error::Error| match e {
            async_imap::error::Error::No(reply) | async_imap::error::Error::Bad(reply) => {
                CopyProblem::SignIn { reply }
            }
            other => broken(other),
        };
        let session = timed(limit, "LOGIN", async {
            match login {
                Login::Password { username, password } => {
                    if quoted(username).is_none() || quoted(password).is_none() {
                        return Err(CopyProblem::SignIn {
                            reply: fl!("copy-error-unquotable"),
                        });
                    }
                    client
                        .login(username, password)
                        .await
                        .map_err(|(e, _)| refused(e))
                }
                Login::Bearer {
                    username,
                    token,
                    oauthbearer,
                } => {
                    let offered = announced.iter().any(|c| c == "AUTH=OAUTHBEARER");
                    let (mechanism, first) = if *oauthbearer && offered {
                        (
                            "OAUTHBEARER",
                            format!("n,a={username},\x01auth=Bearer {token}\x01\x01"),
                        )
                    } else {
                        (
                            "XOAUTH2",
                            format!("user={username}\x01auth=Bearer {token}\x01\x01"),
                        )
                    };
                    client
                        .authenticate(
                            mechanism,
                            Bearer {
                                first: Some(first.into_bytes()),
                            },
                        )
                        .await
                        .map_err(|(e, _)| refused(e))
                }
            }
        })
        .await?;
        let mut connection = Connection {
            session,
            capabilities: Vec::new(),
            limit,
        };
        let caps = timed(limit, "CAPABILITY", async {
            connection.session.capabilities().await.map_err(broken)
        })
        .await?;
        connection.capabilities = caps
            .iter()
            .map(|c| match c {
                async_imap::types::Capability::Imap4rev1 => "IMAP4REV1".to_owned(),
                async_imap::types::Capability::Auth(m) => {
                    format!("AUTH={}", m.to_ascii_uppercase())
                }
                async_imap::types::Capability::Atom(a) => a.to_ascii_uppercase(),
            })
            .collect();
        Ok(connection)
    }

    pub fn has(&self, capability: &str) -> bool {
        self.capabilities.iter().any(|c| c == capability)
    }

    /// Sends one command and reads up to its tagged answer: the untagged
    /// data before it, and the answer (OK, or the server's NO/BAD text).
    async fn command(
        &mut self,
        step: &str,
        command: &str,
        mut each: impl FnMut(&Response<'_>),
    ) -> Result<Done, CopyProblem> {
        let session = &mut self.session;
        timed(self.limit, step, async {
            let tag = session.run_command(command).await.map_err(broken)?;
            loop {
                let Some(response) = session.read_response().await.map_err(broken)? else {
                    return Err(broken(fl!("copy-error-closed")));
                };
                if let Response::Done {
                    tag: done_tag,
                    status,
                    outcome,
                } = response.parsed()
                    && *done_tag == tag
                {
                    return Ok(Done::of(status, outcome));
                }
                each(response.parsed());
            }
        })
        .await
    }

    /// Every folder of the account, with its attributes. With SPECIAL-USE
    /// (and LIST-EXTENDED) the marks are asked for explicitly.
    pub async fn list(&mut self) -> Result<Vec<Listed>, CopyProblem> {
        let command = if self.has("SPECIAL-USE") && self.has("LIST-EXTENDED") {
            "LIST \"\" \"*\" RETURN (SPECIAL-USE)"
        } else {
            "LIST \"\" \"*\""
        };
        let mut listed = Vec::new();
        let done = self
            .command("LIST", command, |response| {
                if let Response::MailboxData(MailboxDatum::List(list)) = response {
                    listed.push(Listed {
                        name: list.name.to_string(),
                        delimiter: list.delimiter.as_ref().map(|d| d.to_string()),
                        attributes: list
                            .name_attributes
                            .iter()
                            .map(|a| attribute_name(a).to_ascii_lowercase())
                            .collect(),
                    });
                }
            })
            .await?;
        done.ok("LIST")?;
        Ok(listed)
    }

    /// The Sent folder: the user's choice, else found by `choose_sent`.
    pub async fn find_sent(&mut self, chosen: Option<&str>) -> Result<String, CopyProblem> {
        if let Some(chosen) = chosen.map(str::trim).filter(|c| !c.is_empty()) {
            return Ok(encode_utf7(chosen));
        }
        let listed = self.list().await?;
        choose_sent(&listed).ok_or(CopyProblem::NoSentFolder)
    }

    pub async fn create(&mut self, folder: &str) -> Result<(), CopyProblem> {
        let name = quoted(folder).ok_or(CopyProblem::NoSentFolder)?;
        let done = self
            .command("CREATE", &format!("CREATE {name}"), |_| {})
            .await?;
        done.ok("CREATE")
    }

    /// UIDs of the messages in `folder` whose Message-ID is `message_id`.
    pub async fn search_message_id(
        &mut self,
        folder: &str,
        message_id: &str,
    ) -> Result<Vec<u32>, CopyProblem> {
        let name = quoted(folder).ok_or(CopyProblem::NoSentFolder)?;
        let id = quoted(message_id.trim()).ok_or_else(|| CopyProblem::Message {
            reason: "Message-ID".into(),
        })?;
        let done = self
            .command("EXAMINE", &format!("EXAMINE {name}"), |_| {})
            .await?;
        done.folder_ok("EXAMINE", folder)?;
        let mut uids = Vec::new();
        let done = self
            .command(
                "SEARCH",
                &format!("UID SEARCH HEADER Message-ID {id}"),
                |response| {
                    if let Response::MailboxData(MailboxDatum::Search(found)) = response {
                        uids.extend(found.iter().copied());
                    }
                },
            )
            .await?;
        done.ok("SEARCH")?;
        let done = self.command("CLOSE", "CLOSE", |_| {}).await?;
        done.ok("CLOSE")?;
        Ok(uids)
    }

    /// The flags and full text of a message, by UID (for checking a copy).
    pub async fn fetch(
        &mut self,
        folder: &str,
        uid: u32,
    ) -> Result<(Vec<String>, Vec<u8>), CopyProblem> {
        let name = quoted(folder).ok_or(CopyProblem::NoSentFolder)?;
        let done = self
            .command("EXAMINE", &format!("EXAMINE {name}"), |_| {})
            .await?;
        done.folder_ok("EXAMINE", folder)?;
        let mut flags = Vec::new();
        let mut body = Vec::new();
        let done = self
            .command(
                "FETCH",
                &format!("UID FETCH {uid} (FLAGS BODY.PEEK[])"),
                |response| {
                    if let Response::Fetch(_, attributes) = response {
                        for attribute in attributes {
                            match attribute {
                                async_imap::imap_proto::AttributeValue::Flags(f) => {
                                    flags.extend(f.iter().map(|f| f.to_string()))
                                }
                                async_imap::imap_proto::AttributeValue::BodySection {
                                    data: Some(d),
                                    ..
                                } => body = d.to_vec(),
                                _ => {}
                            }
                        }
                    }
                },
            )
            .await?;
        done.ok("FETCH")?;
        Ok((flags, body))
    }

    /// APPENDs the message made of `parts` to `folder`, flagged \Seen. Uses LITERAL+ where
    /// offered (one round trip less). A connection lost after the message
    /// went out is `Unclear`: it may have been stored.
    pub async fn append(&mut self, folder: &str, parts: &[&[u8]]) -> Result<Appended, CopyProblem> {
        let name = quoted(folder).ok_or(CopyProblem::NoSentFolder)?;
        let plus = if self.has("LITERAL+") { "+" } else { "" };
        let size: usize = parts.iter().map(|p| p.len()).sum();
        let command = format!("APPEND {name} (\\Seen) {{{size}{plus}}}");
        let session = &mut self.session;
        let limit = self.limit;
        let tag = timed(limit, "APPEND", async {
            session.run_command(&command).await.map_err(broken)
        })
        .await?;
        if plus.is_empty() {
            // The server says go ahead, or refuses (a missing folder).
            let response = timed(limit, "APPEND", async {
                session
                    .read_response()
                    .await
                    .map_err(broken)?
                    .ok_or_else(|| broken(fl!("copy-error-closed")))
            })
            .await?;
            match response.parsed() {
                Response::Continue { .. } => {}
                Response::Done {
                    status, outcome, ..
                } => {
                    Done::of(status, outcome).folder_ok("APPEND", folder)?;
                    return Err(refused_without_reason("APPEND"));
                }
                _ => return Err(broken(fl!("copy-error-closed"))),
            }
        }
        // From here on the server may store the message whatever we see.
        let unclear = |e: CopyProblem| match e {
            CopyProblem::Connect { reason } => CopyProblem::Unclear { reason },
            CopyProblem::Timeout { step } => CopyProblem::Unclear {
                reason: fl!("copy-error-timeout", step = step),
            },
            other => other,
        };
        // Big messages take a while: the limit is per step, and this one
        // gets a second per 64 KiB on top.
        let send_limit = limit + Duration::from_secs(size as u64 / 65536);
        timed(send_limit, "APPEND", async {
            let stream = session.get_mut();
            for part in parts {
                stream.write_all(part).await.map_err(broken)?;
            }
            stream.write_all(b"\r\n").await.map_err(broken)?;
            stream.flush().await.map_err(broken)
        })
        .await
        .map_err(unclear)?;
        let done = timed(limit, "APPEND", async {
            loop {
                let Some(response) = session.read_response().await.map_err(broken)? else {
                    return Err(broken(fl!("copy-error-closed")));
                };
                if let Response::Done {
                    tag: done_tag,
                    status,
                    outcome,
                } = response.parsed()
                    && *done_tag == tag
                {
                    return Ok(Done::of(status, outcome));
                }
            }
        })
        .await
        .map_err(unclear)?;
        done.folder_ok("APPEND", folder)?;
        Ok(Appended {
            uid: done.append_uid,
        })
    }

    /// LOGOUT, without waiting long for it.
    pub async fn logout(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(5), self.session.logout()).await;
    }
}

fn refused_without_reason(step: &str) -> CopyProblem {
    CopyProblem::Refused {
        step: step.to_owned(),
        reply: String::new(),
    }
}

/// The tagged answer to a command.
struct Done {
    ok: bool,
    text: String,
    try_create: bool,
    append_uid: Option<u32>,
}

impl Done {
    fn of(status: &Status, outcome: &async_imap::imap_proto::Outcome<'_>) -> Done {
        let append_uid = match &outcome.code {
            Some(ResponseCode::AppendUid(_, uids)) => uids
                .iter()
                .map(|u| match u {
                    UidSetMember::Uid(uid) => *uid,
                    UidSetMember::UidRange(range) => *range.start(),
                })
                .next(),
            _ => None,
        };
        Done {
            ok: matches!(status, Status::Ok),
            text: outcome
                .information
                .as_deref()
                .unwrap_or_default()
                .to_owned(),
            try_create: matches!(outcome.code, Some(ResponseCode::TryCreate)),
            append_uid,
        }
    }

    fn ok(&self, step: &str) -> Result<(), CopyProblem> {
        if self.ok {
            return Ok(());
        }
        Err(CopyProblem::Refused {
            step: step.to_owned(),
            reply: self.text.clone(),
        })
    }

    /// As `ok`, telling a missing folder apart.
    fn folder_ok(&self, step: &str, folder: &str) -> Result<(), CopyProblem> {
        if !self.ok && self.try_create {
            return Err(CopyProblem::FolderMissing {
                folder: folder.to_owned(),
                reply: self.text.clone(),
            });
        }
        self.ok(step)
    }
}

fn capability_name(capability: &Capability<'_>) -> String {
    match capability {
        Capability::Imap4rev1 => "IMAP4REV1".into(),
        Capability::Auth(mechanism) => format!("AUTH={}", mechanism.to_ascii_uppercase()),
        Capability::Atom(atom) => atom.to_ascii_uppercase(),
    }
}

fn attribute_name(attribute: &async_imap::imap_proto::NameAttribute<'_>) -> String {
    use async_imap::imap_proto::NameAttribute as A;
    match attribute {
        A::NoInferiors => "\\NoInferiors".into(),
        A::NoSelect => "\\NoSelect".into(),
        A::Marked => "\\Marked".into(),
        A::Unmarked => "\\Unmarked".into(),
        A::All => "\\All".into(),
        A::Archive => "\\Archive".into(),
        A::Drafts => "\\Drafts".into(),
        A::Flagged => "\\Flagged".into(),
        A::Junk => "\\Junk".into(),
        A::Sent => "\\Sent".into(),
        A::Trash => "\\Trash".into(),
        A::Extension(name) => name.to_string(),
        _ => String::new(),
    }
}

/// The server's greeting: OK (or PREAUTH) within `limit`, else why not.
async fn greeting(
    client: &mut async_imap::Client<Stream>,
    limit: Duration,
) -> Result<Vec<String>, CopyProblem> {
    let response = timed(limit, "greeting", async {
        client
            .read_response()
            .await
            .map_err(broken)?
            .ok_or_else(|| broken(fl!("copy-error-closed")))
    })
    .await?;
    match response.parsed() {
        Response::Data {
            status: Status::Ok | Status::PreAuth,
            outcome,
        } => Ok(match &outcome.code {
            Some(ResponseCode::Capabilities(caps)) => caps.iter().map(capability_name).collect(),
            _ => Vec::new(),
        }),
        Response::Data { outcome, .. } => Err(CopyProblem::Connect {
            reason: outcome
                .information
                .as_deref()
                .unwrap_or_default()
                .to_owned(),
        }),
        _ => Err(broken(fl!("copy-error-closed"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(email: &str, host: &str) -> Account {
        toml::from_str(&format!(
            "name = \"a\"\nemail = \"{email}\"\nhost = \"{host}\"\n"
        ))
        .unwrap()
    }

    #[test]
    fn providers_that_file_sent_mail_themselves_are_known_by_address_or_host() {
        assert_eq!(
            copies_by_itself(&account("a@gmail.com", "smtp.gmail.com")),
            Some("Gmail")
        );
        assert_eq!(
            copies_by_itself(&account("a@firma.de", "smtp.gmail.com")),
            Some("Gmail")
        );
        assert_eq!(
            copies_by_itself(&account("a@outlook.com", "smtp-mail.outlook.com")),
            Some("Microsoft")
        );
        assert_eq!(
            copies_by_itself(&account("a@company.com", "smtp.office365.com")),
            Some("Microsoft")
        );
        assert_eq!(
            copies_by_itself(&account("a@zohomail.eu", "smtp.zoho.eu")),
            Some("Zoho")
        );
        assert_eq!(
            copies_by_itself(&account("a@fastmail.com", "smtp.fastmail.com")),
            None
        );
        assert_eq!(
            copies_by_itself(&account("a@notgmail.com", "mail.notgmail.com")),
            None
        );
    }

    #[test]
    fn discovered_imap_is_filled_and_off_where_the_provider_copies() {
        let endpoint = |host: &str, security| crate::discover::Endpoint {
            host: host.into(),
            port: 993,
            security,
            auths: Vec::new(),
            username: None,
        };
        let mine = account("a@example.com", "smtp.example.com");
        let imap =
            settings_from_discovery(&endpoint("imap.example.com", Security::Tls), &mine).unwrap();
        assert_eq!(
            (imap.host.as_str(), imap.port(), imap.save_sent),
            ("imap.example.com", 993, true)
        );
        let gmail = account("a@gmail.com", "smtp.gmail.com");
        let imap =
            settings_from_discovery(&endpoint("imap.gmail.com", Security::Tls), &gmail).unwrap();
        assert!(!imap.save_sent);
        // Never a password in clear.
        assert!(
            settings_from_discovery(&endpoint("imap.example.com", Security::None), &mine).is_none()
        );
    }

    #[test]
    fn an_old_config_loads_and_imap_settings_round_trip() {
        let old = account("a@example.com", "smtp.example.com");
        assert!(old.imap.is_none() && !old.saves_sent());
        let text = "name = \"a\"\nemail = \"a@example.com\"\nhost = \"smtp.example.com\"\n\
                    [imap]\nhost = \"imap.example.com\"\nsecurity = \"starttls\"\n";
        let with: Account = toml::from_str(text).unwrap();
        let imap = with.imap.clone().unwrap();
        assert_eq!((imap.port(), imap.save_sent), (143, true));
        assert!(with.saves_sent());
        let back: Account = toml::from_str(&toml::to_string(&with).unwrap()).unwrap();
        assert_eq!(back, with);
    }
}
