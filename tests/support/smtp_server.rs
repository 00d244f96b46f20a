//! A scriptable SMTP server for exact fault tests of the client.
//!
//! It speaks enough RFC 5321 to be a fair peer: 220 greeting, multi-line EHLO
//! (8BITMIME, SMTPUTF8, SIZE, STARTTLS, AUTH as configured; no PIPELINING),
//! HELO, STARTTLS (RFC 3207, state reset afterwards), AUTH PLAIN and LOGIN
//! (RFC 4954, with or without an initial response), XOAUTH2 and OAUTHBEARER
//! (RFC 7628: a wrong token gets the 334 JSON error challenge, then 535 once
//! the client answered it properly), MAIL/RCPT/DATA with 503
//! sequencing errors, RSET, NOOP, QUIT, and 500 for unknown commands. Lines
//! end in CRLF; a bare LF is accepted too.
//!
//! `Fault`s replace, delay, swallow, reset or flood the reply to one phase, and can be
//! changed while the server runs (`set_faults`), so a test can make a fault
//! go away and watch the retry succeed. Everything the clients said is kept:
//! the command lines, the transactions whose final dot arrived, the ones that
//! were accepted, and counts of connections and successful sign-ins.
//!
//! Certificates are made fresh per server with rcgen: a CA (`ca_pem`) signing
//! a leaf for `localhost` and 127.0.0.1. With `untrusted_cert` the leaf is
//! signed by a second, unrelated CA instead, while `ca_pem` still returns the
//! first one.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;
use tokio_rustls::TlsAcceptor;

/// The name the server calls itself in the greeting and in EHLO.
const HOSTNAME: &str = "localhost";
/// The longest command line accepted (RFC 5321 asks for at least 512).
const MAX_COMMAND_LINE: usize = 4096;

/// How the server protects the connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    /// No TLS at all; STARTTLS is answered with 502.
    Plain,
    /// Plain text first; STARTTLS upgrades (unless `advertise_starttls` is false).
    StartTls,
    /// The TLS handshake happens right after the TCP accept (port 465 style).
    ImplicitTls,
}

/// A point in the SMTP dialogue where a fault can strike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// The 220 the server sends first.
    Greeting,
    /// The reply to EHLO (and to HELO).
    Ehlo,
    /// The reply to STARTTLS.
    StartTls,
    /// The reply that concludes an AUTH exchange (after the credentials arrived).
    Auth,
    MailFrom,
    RcptTo,
    /// The reply to the DATA command (normally 354).
    Data,
    /// The reply after the final "." of the message.
    EndOfData,
    Rset,
    Noop,
    Quit,
}

/// Something the server does wrong on purpose.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Answer this phase with `code text` instead of the normal reply. For
    /// `RcptTo`, `only_rcpt: Some(addr)` restricts it to that recipient
    /// (compared case-insensitively, without angle brackets). A 2xx/3xx code
    /// lets the dialogue go on as after the normal reply, a 4xx/5xx code as
    /// after a refusal; a 421 also closes the connection, as RFC 5321 says.
    /// `text` may hold '\n' for a multi-line reply.
    Reply {
        phase: Phase,
        code: u16,
        text: String,
        only_rcpt: Option<String>,
    },
    /// Close the TCP connection instead of answering this phase. For
    /// `Phase::EndOfData` the whole message including the final dot was
    /// received (it is in `transactions()`) but no reply is ever sent: the
    /// "unconfirmed" case.
    Drop { phase: Phase },
    /// Lose the connection while the message body is being sent: the server
    /// answers DATA with 354 and then at once resets the connection (TCP RST)
    /// without reading the body, so the final dot never arrives and the
    /// client's write of the body fails.
    DropDuringData,
    /// Reset the connection (TCP RST) instead of answering this phase. For
    /// `Phase::EndOfData` the whole message including the final dot was
    /// received (it is in `transactions()`): the reset-after-the-dot case,
    /// where the client's writes all succeeded and only its read fails.
    Reset { phase: Phase },
    /// Instead of answering this phase, write `prefix` once and then
    /// `repeat` over and over until the client goes away: a greeting
    /// without CRLF, or endless "250-" continuation lines.
    Flood {
        phase: Phase,
        prefix: String,
        repeat: String,
    },
    /// Wait this long before answering this phase.
    Delay { phase: Phase, delay: Duration },
}

/// How a `TestServer` behaves.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    pub security: Security,
    /// Only meaningful with `Security::StartTls` (the default, true, advertises
    /// it there). False simulates a server that offers no STARTTLS: EHLO does
    /// not list it and the command is answered with 502.
    pub advertise_starttls: bool,
    /// Present a certificate signed by a CA other than the one in `ca_pem`.
    pub untrusted_cert: bool,
    /// If set, AUTH PLAIN LOGIN is advertised (only once TLS is up when
    /// `security` is not `Plain`, as real servers do) and these credentials
    /// are required: wrong ones get 535, MAIL without AUTH gets 530.
    pub auth: Option<(String, String)>,
    /// Advertise these mechanisms instead of "PLAIN LOGIN". PLAIN, LOGIN,
    /// XOAUTH2 and OAUTHBEARER are implemented (the token mechanisms check
    /// the second half of `auth` as the access token) and only the
    /// advertised ones are accepted; the others get 504.
    pub advertise_auth_mechs: Option<Vec<String>>,
    /// Advertise `SIZE n`, refuse a MAIL FROM with a larger SIZE= and a
    /// larger message after its final dot with 552.
    pub size_limit: Option<usize>,
    /// Advertise 8BITMIME (the default) and accept BODY=8BITMIME; false
    /// simulates a 7-bit server, which answers BODY=8BITMIME with 555.
    pub advertise_8bitmime: bool,
    pub faults: Vec<Fault>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            security: Security::Plain,
            advertise_starttls: true,
            untrusted_cert: false,
            auth: None,
            advertise_auth_mechs: None,
            size_limit: None,
            advertise_8bitmime: true,
            faults: Vec::new(),
        }
    }
}

/// One mail transaction as the server saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Received {
    /// The reverse-path without angle brackets ("" for the null sender).
    pub mail_from: String,
    /// The accepted forward-paths without angle brackets, in order.
    pub rcpt_to: Vec<String>,
    /// The message content: dot-unstuffed, line endings as sent, everything
    /// before the line holding only ".". (A client that sends "<CRLF>.<CRLF>"
    /// after content already ending in CRLF has sent an empty last line,
    /// which shows up here as a trailing "\r\n".)
    pub data: Vec<u8>,
}

#[derive(Default)]
struct Record {
    faults: Vec<Fault>,
    received: Vec<Received>,
    transactions: Vec<Received>,
    commands: Vec<String>,
    connections: usize,
    auth_successes: usize,
    /// Replaces `ServerConfig::auth` once set (`set_auth`).
    auth_override: Option<(String, String)>,
    /// What clients answered to the token error challenge.
    token_error_answers: Vec<String>,
    /// Bytes written by `Fault::Flood`, all connections together.
    flooded: usize,
    tasks: Vec<AbortHandle>,
}

struct Shared {
    config: ServerConfig,
    acceptor: TlsAcceptor,
    record: Mutex<Record>,
}

impl Shared {
    fn record(&self) -> MutexGuard<'_, Record> {
        // A panicking test thread must not hide what the server recorded.
        self.record.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running server; it stops (and drops its connections) when dropped.
pub struct TestServer {
    port: u16,
    ca_pem: String,
    shared: Arc<Shared>,
    accept_task: AbortHandle,
}

impl TestServer {
    /// Binds 127.0.0.1 on a free port and serves on the current tokio runtime.
    pub async fn start(config: ServerConfig) -> TestServer {
        TestServer::start_on(0, config).await
    }

    /// Like `start`, on a given port (e.g. one a test found closed before).
    pub async fn start_on(port: u16, config: ServerConfig) -> TestServer {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap_or_else(|e| panic!("test SMTP server cannot bind 127.0.0.1:{port}: {e}"));
        let port = listener.local_addr().unwrap().port();
        let (ca_pem, tls) = make_tls(config.untrusted_cert);
        let shared = Arc::new(Shared {
            record: Mutex::new(Record {
                faults: config.faults.clone(),
                ..Record::default()
            }),
            config,
            acceptor: TlsAcceptor::from(Arc::new(tls)),
        });
        let accept_task = tokio::spawn(accept_loop(listener, Arc::clone(&shared))).abort_handle();
        TestServer {
            port,
            ca_pem,
            shared,
            accept_task,
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// PEM of the CA that signs the trusted server certificate.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// Writes `ca_pem` to `dir/ca.pem` and returns that path.
    pub fn write_ca_file(&self, dir: &Path) -> PathBuf {
        let path = dir.join("ca.pem");
        std::fs::write(&path, &self.ca_pem).unwrap();
        path
    }

    /// Replaces the faults; takes effect at the next phase of every connection.
    pub fn set_faults(&self, faults: Vec<Fault>) {
        self.shared.record().faults = faults;
    }

    /// Messages accepted with a 2xx after their final dot, in order.
    pub fn received(&self) -> Vec<Received> {
        self.shared.record().received.clone()
    }

    /// Every message whose final dot arrived, whatever the answer (or none).
    pub fn transactions(&self) -> Vec<Received> {
        self.shared.record().transactions.clone()
    }

    /// Every command line from every client, verbatim without its line
    /// ending, in order of arrival. AUTH lines are included as sent; the
    /// lines answering 334 challenges and the message content are not.
    pub fn commands(&self) -> Vec<String> {
        self.shared.record().commands.clone()
    }

    /// Number of accepted TCP connections.
    pub fn connections(&self) -> usize {
        self.shared.record().connections
    }

    /// Bytes a `Fault::Flood` got the client to take (at least what the
    /// kernel buffered).
    pub fn flooded(&self) -> usize {
        self.shared.record().flooded
    }

    /// Number of AUTH exchanges answered with 235.
    pub fn auth_successes(&self) -> usize {
        self.shared.record().auth_successes
    }

    /// Requires other credentials (or another access token) from now on,
    /// as a provider does once a token expired or was refreshed.
    pub fn set_auth(&self, user: &str, secret: &str) {
        self.shared.record().auth_override = Some((user.to_owned(), secret.to_owned()));
    }

    /// The lines clients sent in answer to the XOAUTH2/OAUTHBEARER error
    /// challenge, in order.
    pub fn token_error_answers(&self) -> Vec<String> {
        self.shared.record().token_error_answers.clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.accept_task.abort();
        for task in self.shared.record().tasks.drain(..) {
            task.abort();
        }
    }
}

/// Makes the CA PEM to hand out and the TLS config to serve with.
pub fn make_tls(untrusted: bool) -> (String, rustls::ServerConfig) {
    let trusted_ca = make_ca("Hudhud Test CA");
    let other_ca = untrusted.then(|| make_ca("Hudhud Untrusted Test CA"));
    let signing_ca = other_ca.as_ref().unwrap_or(&trusted_ca);
    let mut params =
        CertificateParams::new(vec![HOSTNAME.to_owned(), "127.0.0.1".to_owned()]).unwrap();
    params.distinguished_name = DistinguishedName::new();
    params.distinguished_name.push(DnType::CommonName, HOSTNAME);
    params.is_ca = IsCa::NoCa;
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    let key = KeyPair::generate().unwrap();
    let leaf = params.signed_by(&key, signing_ca).unwrap();

    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(leaf.der().to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
        .unwrap();
    (trusted_ca.pem(), config)
}

fn make_ca(name: &str) -> CertifiedIssuer<'static, KeyPair> {
    let mut params = CertificateParams::default();
    params.distinguished_name = DistinguishedName::new();
    params.distinguished_name.push(DnType::CommonName, name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap()
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((tcp, _)) = listener.accept().await else {
            continue;
        };
        let _ = tcp.set_nodelay(true);
        let mut record = shared.record();
        record.connections += 1;
        let task = tokio::spawn(serve(tcp, Arc::clone(&shared)));
        record.tasks.push(task.abort_handle());
    }
}

/// The transport under a session: plain TCP or TLS over TCP.
trait Transport: AsyncRead + AsyncWrite + Unpin + Send {
    fn tcp(&self) -> &TcpStream;
}

impl Transport for TcpStream {
    fn tcp(&self) -> &TcpStream {
        self
    }
}

impl Transport for tokio_rustls::server::TlsStream<TcpStream> {
    fn tcp(&self) -> &TcpStream {
        self.get_ref().0
    }
}

/// Serves one connection; errors (a client gone mid-way) just end it.
async fn serve(tcp: TcpStream, shared: Arc<Shared>) {
    let mut session = Session::default();
    match shared.config.security {
        Security::ImplicitTls => {
            let Ok(tls) = shared.acceptor.accept(tcp).await else {
                return;
            };
            session.tls = true;
            let _ = run(tls, &shared, &mut session, true).await;
        }
        Security::Plain | Security::StartTls => {
            if let Ok(End::StartTls(tcp)) = run(tcp, &shared, &mut session, true).await {
                let Ok(tls) = shared.acceptor.accept(tcp).await else {
                    return;
                };
                // RFC 3207 section 4.2: forget everything learnt before TLS.
                session = Session {
                    tls: true,
                    ..Session::default()
                };
                let _ = run(tls, &shared, &mut session, false).await;
            }
        }
    }
}

#[derive(Default)]
struct Session {
    tls: bool,
    greeted: bool,
    authenticated: bool,
    /// Set after a non-2xx greeting: every command but QUIT gets 503.
    refused: bool,
    mail_from: Option<String>,
    rcpt_to: Vec<String>,
}

impl Session {
    fn reset_transaction(&mut self) {
        self.mail_from = None;
        self.rcpt_to.clear();
    }
}

/// How a session on one transport ended.
enum End<S> {
    /// Closed (by QUIT, by a fault, or by the client).
    Closed,
    /// STARTTLS was accepted: here is the transport to upgrade.
    StartTls(S),
}

/// What the faults say about the reply to one phase.
struct Plan {
    delay: Duration,
    drop: bool,
    reset: bool,
    flood: Option<(String, String)>,
    reply: Option<(u16, String)>,
}

fn plan(shared: &Shared, phase: Phase, rcpt: Option<&str>) -> Plan {
    let record = shared.record();
    let mut plan = Plan {
        delay: Duration::ZERO,
        drop: false,
        reset: false,
        flood: None,
        reply: None,
    };
    for fault in &record.faults {
        match fault {
            Fault::Delay { phase: p, delay } if *p == phase => plan.delay += *delay,
            Fault::Drop { phase: p } if *p == phase => plan.drop = true,
            Fault::Reset { phase: p } if *p == phase => plan.reset = true,
            Fault::Flood {
                phase: p,
                prefix,
                repeat,
            } if *p == phase => plan.flood = Some((prefix.clone(), repeat.clone())),
            Fault::Reply {
                phase: p,
                code,
                text,
                only_rcpt,
            } if *p == phase && plan.reply.is_none() => {
                let applies = match (phase, only_rcpt, rcpt) {
                    (Phase::RcptTo, Some(only), Some(rcpt)) => only
                        .trim_matches(|c| c == '<' || c == '>')
                        .eq_ignore_ascii_case(rcpt),
                    _ => true,
                };
                if applies {
                    plan.reply = Some((*code, text.clone()));
                }
            }
            _ => {}
        }
    }
    plan
}

fn has_drop_during_data(shared: &Shared) -> bool {
    shared
        .record()
        .faults
        .iter()
        .any(|f| matches!(f, Fault::DropDuringData))
}

/// The outcome of answering one phase.
enum Answer {
    /// The reply went out with this code.
    Sent(u16),
    /// A fault closed the connection instead (or the reply was a 421).
    Closed,
}

struct Conn<'a, S: Transport> {
    io: BufReader<S>,
    shared: &'a Shared,
}

impl<S: Transport> Conn<'_, S> {
    async fn write_reply(&mut self, code: u16, text: &str) -> std::io::Result<()> {
        let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
        let mut out = String::new();
        for (i, line) in lines.iter().enumerate() {
            let sep = if i + 1 == lines.len() { ' ' } else { '-' };
            out.push_str(&format!("{code}{sep}{line}\r\n"));
        }
        self.io.write_all(out.as_bytes()).await?;
        self.io.flush().await
    }

    /// Answers `phase` with `code text` unless a fault says otherwise.
    async fn answer(
        &mut self,
        phase: Phase,
        rcpt: Option<&str>,
        code: u16,
        text: &str,
    ) -> std::io::Result<Answer> {
        let plan = plan(self.shared, phase, rcpt);
        if !plan.delay.is_zero() {
            tokio::time::sleep(plan.delay).await;
        }
        if plan.drop {
            return Ok(Answer::Closed);
        }
        if plan.reset {
            let _ = self.io.get_ref().tcp().set_zero_linger();
            return Ok(Answer::Closed);
        }
        if let Some((prefix, repeat)) = plan.flood {
            self.io.write_all(prefix.as_bytes()).await?;
            // Ends when the client closes and the write fails.
            loop {
                self.io.write_all(repeat.as_bytes()).await?;
                self.shared.record().flooded += repeat.len();
            }
        }
        let (code, text) = plan.reply.unwrap_or((code, text.to_owned()));
        self.write_reply(code, &text).await?;
        if code == 421 {
            return Ok(Answer::Closed);
        }
        Ok(Answer::Sent(code))
    }

    /// Reads one line without its ending; None at end of stream.
    async fn read_line(&mut self, limit: usize) -> std::io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        let n = (&mut self.io)
            .take(limit as u64 + 2)
            .read_until(b'\n', &mut line)
            .await?;
        if n == 0 || line.last() != Some(&b'\n') {
            // End of stream (possibly in the middle of a line), or a line too long.
            if n > limit {
                return Err(std::io::Error::other("line too long"));
            }
            return Ok(None);
        }
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        Ok(Some(line))
    }

    /// Reads the message content up to the line holding only ".".
    async fn read_data(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        let mut data = Vec::new();
        loop {
            let mut line = Vec::new();
            if self.io.read_until(b'\n', &mut line).await? == 0 || line.last() != Some(&b'\n') {
                return Ok(None);
            }
            if line == b".\r\n" || line == b".\n" {
                return Ok(Some(data));
            }
            let unstuffed = if line.first() == Some(&b'.') {
                &line[1..]
            } else {
                &line[..]
            };
            data.extend_from_slice(unstuffed);
        }
    }
}

/// Runs the dialogue on one transport until it closes or upgrades to TLS.
async fn run<S: Transport>(
    stream: S,
    shared: &Shared,
    session: &mut Session,
    greet: bool,
) -> std::io::Result<End<S>> {
    let mut conn = Conn {
        io: BufReader::new(stream),
        shared,
    };
    if greet {
        let text = format!("{HOSTNAME} ESMTP Hudhud test server");
        match conn.answer(Phase::Greeting, None, 220, &text).await? {
            Answer::Closed => return Ok(End::Closed),
            Answer::Sent(code) => session.refused = code >= 300,
        }
    }
    loop {
        let Some(line) = conn.read_line(MAX_COMMAND_LINE).await? else {
            return Ok(End::Closed);
        };
        let line = String::from_utf8_lossy(&line).into_owned();
        shared.record().commands.push(line.clone());
        let (verb, arg) = match line.split_once(' ') {
            Some((verb, arg)) => (verb.to_ascii_uppercase(), arg.trim()),
            None => (line.trim().to_ascii_uppercase(), ""),
        };
        if session.refused && verb != "QUIT" {
            conn.write_reply(503, "5.5.1 No SMTP service here").await?;
            continue;
        }
        let outcome = match verb.as_str() {
            "EHLO" | "HELO" => ehlo(&mut conn, session, &verb, arg).await?,
            "STARTTLS" => {
                if !arg.is_empty() {
                    conn.write_reply(501, "5.5.4 Syntax: STARTTLS").await?;
                    Answer::Sent(501)
                } else if session.tls {
                    conn.write_reply(503, "5.5.1 TLS already active").await?;
                    Answer::Sent(503)
                } else if !starttls_offered(shared) {
                    conn.write_reply(502, "5.5.1 STARTTLS not supported")
                        .await?;
                    Answer::Sent(502)
                } else {
                    match conn
                        .answer(Phase::StartTls, None, 220, "2.0.0 Ready to start TLS")
                        .await?
                    {
                        Answer::Sent(code) if code < 400 => {
                            // Anything the client pipelined after STARTTLS is
                            // discarded with the buffer, as RFC 3207 wants.
                            return Ok(End::StartTls(conn.io.into_inner()));
                        }
                        other => other,
                    }
                }
            }
            "AUTH" => auth(&mut conn, session, arg).await?,
            "MAIL" => mail(&mut conn, session, arg).await?,
            "RCPT" => rcpt(&mut conn, session, arg).await?,
            "DATA" => data(&mut conn, session, arg).await?,
            "RSET" => {
                if !arg.is_empty() {
                    conn.write_reply(501, "5.5.4 Syntax: RSET").await?;
                    Answer::Sent(501)
                } else {
                    session.reset_transaction();
                    conn.answer(Phase::Rset, None, 250, "2.0.0 Ok").await?
                }
            }
            "NOOP" => conn.answer(Phase::Noop, None, 250, "2.0.0 Ok").await?,
            "QUIT" => {
                if let Answer::Sent(_) = conn.answer(Phase::Quit, None, 221, "2.0.0 Bye").await? {
                    let _ = conn.io.shutdown().await;
                }
                return Ok(End::Closed);
            }
            "VRFY" | "EXPN" | "HELP" | "ETRN" | "TURN" | "BDAT" => {
                conn.write_reply(502, "5.5.1 Command not implemented")
                    .await?;
                Answer::Sent(502)
            }
            _ => {
                conn.write_reply(500, "5.5.2 Command not recognized")
                    .await?;
                Answer::Sent(500)
            }
        };
        if let Answer::Closed = outcome {
            return Ok(End::Closed);
        }
    }
}

fn starttls_offered(shared: &Shared) -> bool {
    shared.config.security == Security::StartTls && shared.config.advertise_starttls
}

/// The mechanisms EHLO lists, if AUTH is offered on this session at all.
fn auth_mechanisms(shared: &Shared, session: &Session) -> Option<Vec<String>> {
    let config = &shared.config;
    if config.auth.is_none() && config.advertise_auth_mechs.is_none() {
        return None;
    }
    if config.security != Security::Plain && !session.tls {
        return None;
    }
    Some(
        config
            .advertise_auth_mechs
            .clone()
            .unwrap_or_else(|| vec!["PLAIN".to_owned(), "LOGIN".to_owned()]),
    )
}

async fn ehlo<S: Transport>(
    conn: &mut Conn<'_, S>,
    session: &mut Session,
    verb: &str,
    arg: &str,
) -> std::io::Result<Answer> {
    if arg.is_empty() {
        conn.write_reply(501, &format!("5.5.4 Syntax: {verb} hostname"))
            .await?;
        return Ok(Answer::Sent(501));
    }
    let shared = conn.shared;
    let mut text = format!("{HOSTNAME} greets {arg}");
    if verb == "EHLO" {
        if shared.config.advertise_8bitmime {
            text.push_str("\n8BITMIME");
        }
        text.push_str("\nSMTPUTF8");
        if let Some(limit) = shared.config.size_limit {
            text.push_str(&format!("\nSIZE {limit}"));
        }
        if !session.tls && starttls_offered(shared) {
            text.push_str("\nSTARTTLS");
        }
        if let Some(mechs) = auth_mechanisms(shared, session) {
            text.push_str(&format!("\nAUTH {}", mechs.join(" ")));
        }
    }
    let answer = conn.answer(Phase::Ehlo, None, 250, &text).await?;
    if let Answer::Sent(code) = answer
        && code < 400
    {
        // EHLO/HELO also resets any transaction (RFC 5321 section 4.1.4).
        session.greeted = true;
        session.reset_transaction();
    }
    Ok(answer)
}

enum Credentials {
    Checked(bool),
    Aborted,
    Malformed,
}

async fn auth<S: Transport>(
    conn: &mut Conn<'_, S>,
    session: &mut Session,
    arg: &str,
) -> std::io::Result<Answer> {
    let shared = conn.shared;
    let refusal = if !session.greeted {
        Some((503, "5.5.1 Error: send HELO/EHLO first"))
    } else if session.authenticated {
        Some((503, "5.5.1 Error: already authenticated"))
    } else if session.mail_from.is_some() {
        Some((503, "5.5.1 Error: MAIL transaction in progress"))
    } else if shared.config.auth.is_some() && auth_mechanisms(shared, session).is_none() {
        Some((530, "5.7.0 Must issue a STARTTLS command first"))
    } else if auth_mechanisms(shared, session).is_none() {
        Some((503, "5.5.1 Error: authentication not enabled"))
    } else {
        None
    };
    if let Some((code, text)) = refusal {
        conn.write_reply(code, text).await?;
        return Ok(Answer::Sent(code));
    }
    let mechs = auth_mechanisms(shared, session).unwrap_or_default();
    let (mech, initial) = match arg.split_once(' ') {
        Some((mech, initial)) => (mech.to_ascii_uppercase(), Some(initial.trim())),
        None => (arg.to_ascii_uppercase(), None),
    };
    if mech.is_empty() {
        conn.write_reply(501, "5.5.4 Syntax: AUTH mechanism")
            .await?;
        return Ok(Answer::Sent(501));
    }
    let offered = mechs.iter().any(|m| m.eq_ignore_ascii_case(&mech));
    if !offered || !["PLAIN", "LOGIN", "XOAUTH2", "OAUTHBEARER"].contains(&mech.as_str()) {
        conn.write_reply(504, "5.5.4 Unrecognized authentication type")
            .await?;
        return Ok(Answer::Sent(504));
    }
    let Some(credentials) = (match mech.as_str() {
        "PLAIN" => auth_plain(conn, initial).await?,
        "LOGIN" => auth_login(conn, initial).await?,
        _ => auth_bearer(conn, &mech, initial).await?,
    }) else {
        return Ok(Answer::Closed);
    };
    let (code, text) = match credentials {
        Credentials::Checked(true) => (235, "2.7.0 Authentication successful"),
        Credentials::Checked(false) => (535, "5.7.8 Authentication credentials invalid"),
        Credentials::Aborted => (501, "5.7.0 Authentication aborted"),
        Credentials::Malformed => (501, "5.5.2 Cannot decode response"),
    };
    let answer = conn.answer(Phase::Auth, None, code, text).await?;
    if let Answer::Sent(235) = answer {
        session.authenticated = true;
        shared.record().auth_successes += 1;
    }
    Ok(answer)
}

fn check(shared: &Shared, user: &[u8], pass: &[u8]) -> bool {
    if let Some((u, p)) = &shared.record().auth_override {
        return user == u.as_bytes() && pass == p.as_bytes();
    }
    match &shared.config.auth {
        Some((u, p)) => user == u.as_bytes() && pass == p.as_bytes(),
        // AUTH only advertised through `advertise_auth_mechs`: anyone may in.
        None => true,
    }
}

/// Reads the client's answer to a 334 challenge; None at end of stream.
async fn challenge<S: Transport>(
    conn: &mut Conn<'_, S>,
    challenge: &str,
) -> std::io::Result<Option<String>> {
    conn.write_reply(334, challenge).await?;
    Ok(conn
        .read_line(MAX_COMMAND_LINE)
        .await?
        .map(|l| String::from_utf8_lossy(&l).trim().to_owned()))
}

fn decode(text: &str) -> Result<Vec<u8>, Credentials> {
    if text == "*" {
        return Err(Credentials::Aborted);
    }
    if text == "=" {
        return Ok(Vec::new());
    }
    BASE64.decode(text).map_err(|_| Credentials::Malformed)
}

async fn auth_plain<S: Transport>(
    conn: &mut Conn<'_, S>,
    initial: Option<&str>,
) -> std::io::Result<Option<Credentials>> {
    let response = match initial {
        Some(initial) => initial.to_owned(),
        None => match challenge(conn, "").await? {
            Some(response) => response,
            None => return Ok(None),
        },
    };
    let decoded = match decode(&response) {
        Ok(decoded) => decoded,
        Err(outcome) => return Ok(Some(outcome)),
    };
    let parts: Vec<&[u8]> = decoded.split(|&b| b == 0).collect();
    let [authzid, user, pass] = parts[..] else {
        return Ok(Some(Credentials::Malformed));
    };
    let ok = (authzid.is_empty() || authzid == user) && check(conn.shared, user, pass);
    Ok(Some(Credentials::Checked(ok)))
}

async fn auth_login<S: Transport>(
    conn: &mut Conn<'_, S>,
    initial: Option<&str>,
) -> std::io::Result<Option<Credentials>> {
    let user = match initial {
        Some(initial) => initial.to_owned(),
        None => match challenge(conn, &BASE64.encode("Username:")).await? {
            Some(response) => response,
            None => return Ok(None),
        },
    };
    let user = match decode(&user) {
        Ok(user) => user,
        Err(outcome) => return Ok(Some(outcome)),
    };
    let Some(pass) = challenge(conn, &BASE64.encode("Password:")).await? else {
        return Ok(None);
    };
    let pass = match decode(&pass) {
        Ok(pass) => pass,
        Err(outcome) => return Ok(Some(outcome)),
    };
    Ok(Some(Credentials::Checked(check(conn.shared, &user, &pass))))
}

/// XOAUTH2 (`user=U^Aauth=Bearer T^A^A`) or OAUTHBEARER
/// (`n,a=U,^Aauth=Bearer T^A^A`, RFC 7628). A wrong token is answered as
/// Gmail and Dovecot do: a 334 carrying a JSON error, to which the client
/// must answer an empty line (XOAUTH2) or %x01 (OAUTHBEARER).
async fn auth_bearer<S: Transport>(
    conn: &mut Conn<'_, S>,
    mech: &str,
    initial: Option<&str>,
) -> std::io::Result<Option<Credentials>> {
    let response = match initial {
        Some(initial) => initial.to_owned(),
        None => match challenge(conn, "").await? {
            Some(response) => response,
            None => return Ok(None),
        },
    };
    let decoded = match decode(&response) {
        Ok(decoded) => String::from_utf8_lossy(&decoded).into_owned(),
        Err(outcome) => return Ok(Some(outcome)),
    };
    let Some(fields) = decoded.strip_suffix("\x01\x01") else {
        return Ok(Some(Credentials::Malformed));
    };
    let mut parts = fields.split('\x01');
    let user = match (mech, parts.next()) {
        ("XOAUTH2", Some(first)) => first.strip_prefix("user=").map(str::to_owned),
        (_, Some(first)) => first
            .strip_prefix("n,a=")
            .and_then(|rest| rest.strip_suffix(','))
            .map(|name| name.replace("=2C", ",").replace("=3D", "=")),
        _ => None,
    };
    let token = parts.find_map(|kv| kv.strip_prefix("auth=Bearer "));
    let (Some(user), Some(token)) = (user, token) else {
        return Ok(Some(Credentials::Malformed));
    };
    if check(conn.shared, user.as_bytes(), token.as_bytes()) {
        return Ok(Some(Credentials::Checked(true)));
    }
    let error = r#"{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}"#;
    let Some(answer) = challenge(conn, &BASE64.encode(error)).await? else {
        return Ok(None);
    };
    conn.shared
        .record()
        .token_error_answers
        .push(answer.clone());
    let expected = if mech == "XOAUTH2" { "" } else { "AQ==" };
    Ok(Some(if answer == expected {
        Credentials::Checked(false)
    } else {
        Credentials::Malformed
    }))
}

/// Splits `FROM:<path> params` (after the verb) into the path without
/// brackets and the parameters; None when malformed.
fn parse_path<'a>(arg: &'a str, keyword: &str) -> Option<(String, Vec<&'a str>)> {
    let (head, rest) = arg.split_once(':')?;
    if !head.trim().eq_ignore_ascii_case(keyword) {
        return None;
    }
    let rest = rest.trim_start();
    let rest = rest.strip_prefix('<')?;
    let end = rest.find('>')?;
    let path = rest[..end].to_owned();
    let params = rest[end + 1..].split_whitespace().collect();
    Some((path, params))
}

async fn mail<S: Transport>(
    conn: &mut Conn<'_, S>,
    session: &mut Session,
    arg: &str,
) -> std::io::Result<Answer> {
    let shared = conn.shared;
    let refusal = if !session.greeted {
        Some((503, "5.5.1 Error: send HELO/EHLO first".to_owned()))
    } else if shared.config.auth.is_some() && !session.authenticated {
        Some((530, "5.7.0 Authentication required".to_owned()))
    } else if session.mail_from.is_some() {
        Some((503, "5.5.1 Error: nested MAIL command".to_owned()))
    } else {
        match parse_path(arg, "FROM") {
            None => Some((501, "5.5.4 Syntax: MAIL FROM:<address>".to_owned())),
            Some((_, params)) => mail_params_refusal(shared, &params),
        }
    };
    if let Some((code, text)) = refusal {
        conn.write_reply(code, &text).await?;
        return Ok(Answer::Sent(code));
    }
    let (path, _) = parse_path(arg, "FROM").unwrap_or_default();
    let answer = conn.answer(Phase::MailFrom, None, 250, "2.1.0 Ok").await?;
    if let Answer::Sent(code) = answer
        && code < 400
    {
        session.mail_from = Some(path);
        session.rcpt_to.clear();
    }
    Ok(answer)
}

fn mail_params_refusal(shared: &Shared, params: &[&str]) -> Option<(u16, String)> {
    for param in params {
        let (key, value) = param.split_once('=').unwrap_or((param, ""));
        match key.to_ascii_uppercase().as_str() {
            "SIZE" => {
                let Ok(size) = value.parse::<usize>() else {
                    return Some((501, "5.5.4 Bad SIZE parameter".to_owned()));
                };
                if shared.config.size_limit.is_some_and(|limit| size > limit) {
                    return Some((
                        552,
                        "5.3.4 Message size exceeds fixed maximum message size".to_owned(),
                    ));
                }
            }
            "BODY" if value.eq_ignore_ascii_case("7BIT") => {}
            "BODY"
                if value.eq_ignore_ascii_case("8BITMIME") && shared.config.advertise_8bitmime => {}
            "SMTPUTF8" if value.is_empty() => {}
            _ => return Some((555, format!("5.5.4 Unsupported option: {param}"))),
        }
    }
    None
}

async fn rcpt<S: Transport>(
    conn: &mut Conn<'_, S>,
    session: &mut Session,
    arg: &str,
) -> std::io::Result<Answer> {
    if session.mail_from.is_none() {
        conn.write_reply(503, "5.5.1 Error: need MAIL command")
            .await?;
        return Ok(Answer::Sent(503));
    }
    let path = match parse_path(arg, "TO") {
        Some((path, params)) if params.is_empty() && !path.is_empty() => path,
        Some((path, _)) if !path.is_empty() => {
            conn.write_reply(555, "5.5.4 Unsupported option").await?;
            return Ok(Answer::Sent(555));
        }
        _ => {
            conn.write_reply(501, "5.5.4 Syntax: RCPT TO:<address>")
                .await?;
            return Ok(Answer::Sent(501));
        }
    };
    let answer = conn
        .answer(Phase::RcptTo, Some(&path), 250, "2.1.5 Ok")
        .await?;
    if let Answer::Sent(code) = answer
        && code < 400
    {
        session.rcpt_to.push(path);
    }
    Ok(answer)
}

async fn data<S: Transport>(
    conn: &mut Conn<'_, S>,
    session: &mut Session,
    arg: &str,
) -> std::io::Result<Answer> {
    let refusal = if !arg.is_empty() {
        Some((501, "5.5.4 Syntax: DATA"))
    } else if session.mail_from.is_none() {
        Some((503, "5.5.1 Error: need MAIL command"))
    } else if session.rcpt_to.is_empty() {
        Some((503, "5.5.1 Error: need RCPT command"))
    } else {
        None
    };
    if let Some((code, text)) = refusal {
        conn.write_reply(code, text).await?;
        return Ok(Answer::Sent(code));
    }
    let answer = conn
        .answer(Phase::Data, None, 354, "End data with <CR><LF>.<CR><LF>")
        .await?;
    match answer {
        Answer::Sent(code) if code < 400 => {}
        other => return Ok(other),
    }
    if has_drop_during_data(conn.shared) {
        // A reset rather than a FIN, so that the client's write of the body
        // fails instead of landing in a buffer nobody reads.
        let _ = conn.io.get_ref().tcp().set_zero_linger();
        return Ok(Answer::Closed);
    }
    let Some(content) = conn.read_data().await? else {
        return Ok(Answer::Closed);
    };
    let message = Received {
        mail_from: session.mail_from.take().unwrap_or_default(),
        rcpt_to: std::mem::take(&mut session.rcpt_to),
        data: content,
    };
    conn.shared.record().transactions.push(message.clone());
    let too_big = conn
        .shared
        .config
        .size_limit
        .is_some_and(|limit| message.data.len() > limit);
    let answer = if too_big {
        conn.answer(
            Phase::EndOfData,
            None,
            552,
            "5.3.4 Message size exceeds fixed maximum message size",
        )
        .await?
    } else {
        conn.answer(Phase::EndOfData, None, 250, "2.0.0 Ok: queued")
            .await?
    };
    if let Answer::Sent(code) = answer
        && (200..300).contains(&code)
    {
        conn.shared.record().received.push(message);
    }
    Ok(answer)
}
