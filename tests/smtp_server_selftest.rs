//! The scriptable SMTP test server, driven by hand over raw TCP (and TLS),
//! so the other tests can trust what it records.

mod support;

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use rustls::pki_types::{CertificateDer, ServerName, pem::PemObject};
use support::smtp_server::{Fault, Phase, Received, Security, ServerConfig, TestServer};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

const USER: &str = "layla@example.com";
const PASS: &str = "correct horse";

/// A hand-driven SMTP client on any transport.
struct Client<S> {
    io: BufReader<S>,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Client<S> {
    fn new(stream: S) -> Self {
        Client {
            io: BufReader::new(stream),
        }
    }

    /// Reads one (possibly multi-line) reply: the code and its lines' texts.
    async fn reply(&mut self) -> std::io::Result<(u16, Vec<String>)> {
        let mut texts = Vec::new();
        loop {
            let mut line = String::new();
            if self.io.read_line(&mut line).await? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            let line = line.trim_end_matches(['\r', '\n']);
            assert!(line.len() >= 3, "short reply line {line:?}");
            let code: u16 = line[..3].parse().unwrap();
            texts.push(line.get(4..).unwrap_or("").to_owned());
            if line.as_bytes().get(3) != Some(&b'-') {
                return Ok((code, texts));
            }
        }
    }

    async fn send(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.io.get_mut().write_all(bytes).await?;
        self.io.get_mut().flush().await
    }

    /// Sends a command line and returns the reply.
    async fn cmd(&mut self, line: &str) -> (u16, Vec<String>) {
        self.send(format!("{line}\r\n").as_bytes()).await.unwrap();
        self.reply().await.unwrap()
    }

    async fn code(&mut self, line: &str) -> u16 {
        self.cmd(line).await.0
    }

    fn into_inner(self) -> S {
        self.io.into_inner()
    }
}

async fn connect(test: &TestServer) -> Client<TcpStream> {
    let stream = TcpStream::connect(("127.0.0.1", test.port()))
        .await
        .unwrap();
    Client::new(stream)
}

fn connector(ca_pem: &str) -> TlsConnector {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(ca_pem.as_bytes()) {
        roots.add(cert.unwrap()).unwrap();
    }
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    TlsConnector::from(Arc::new(config))
}

fn localhost() -> ServerName<'static> {
    ServerName::try_from("localhost").unwrap()
}

/// Reads the greeting and upgrades with STARTTLS, trusting `ca_pem` only.
async fn starttls(
    test: &TestServer,
    ca_pem: &str,
) -> std::io::Result<Client<tokio_rustls::client::TlsStream<TcpStream>>> {
    let mut client = connect(test).await;
    assert_eq!(client.reply().await.unwrap().0, 220);
    let (code, ehlo) = client.cmd("EHLO client.example").await;
    assert_eq!(code, 250);
    assert!(ehlo.iter().any(|l| l == "STARTTLS"), "{ehlo:?}");
    assert!(
        !ehlo.iter().any(|l| l.starts_with("AUTH")),
        "AUTH before TLS: {ehlo:?}"
    );
    assert_eq!(client.code("STARTTLS").await, 220);
    let tls = connector(ca_pem)
        .connect(localhost(), client.into_inner())
        .await?;
    Ok(Client::new(tls))
}

fn plain_auth(user: &str, pass: &str) -> String {
    BASE64.encode(format!("\0{user}\0{pass}"))
}

/// MAIL, RCPT, DATA and a body with a dot-stuffed line; returns the final reply code.
async fn transaction<S: AsyncRead + AsyncWrite + Unpin>(
    client: &mut Client<S>,
    to: &[&str],
) -> u16 {
    assert_eq!(client.code(&format!("MAIL FROM:<{USER}>")).await, 250);
    for rcpt in to {
        assert_eq!(client.code(&format!("RCPT TO:<{rcpt}>")).await, 250);
    }
    assert_eq!(client.code("DATA").await, 354);
    client
        .send(b"Subject: hi\r\n\r\nbody\r\n..dot\r\n.\r\n")
        .await
        .unwrap();
    client.reply().await.unwrap().0
}

#[tokio::test]
async fn plain_transaction_is_recorded() {
    let test = TestServer::start(ServerConfig::default()).await;
    let mut c = connect(&test).await;
    assert_eq!(c.reply().await.unwrap().0, 220);
    // Sequencing errors before the greeting and inside the transaction.
    assert_eq!(c.code("MAIL FROM:<a@example.com>").await, 503);
    let (code, ehlo) = c.cmd("EHLO client.example").await;
    assert_eq!(code, 250);
    assert!(ehlo.contains(&"8BITMIME".to_owned()) && ehlo.contains(&"SMTPUTF8".to_owned()));
    assert!(
        !ehlo
            .iter()
            .any(|l| l == "PIPELINING" || l == "STARTTLS" || l.starts_with("AUTH"))
    );
    assert_eq!(c.code("RCPT TO:<b@example.com>").await, 503);
    assert_eq!(c.code("DATA").await, 503);
    assert_eq!(c.code("MAIL FROM:<a@example.com>").await, 250);
    assert_eq!(
        c.code("MAIL FROM:<a@example.com>").await,
        503,
        "nested MAIL"
    );
    assert_eq!(c.code("DATA").await, 503, "DATA before RCPT");
    assert_eq!(c.code("RCPT TO:<b@example.com>").await, 250);
    assert_eq!(c.code("RCPT TO:<c@example.com>").await, 250);
    assert_eq!(c.code("DATA").await, 354);
    c.send(b"Subject: one\r\n\r\nline\r\n..starts with a dot\r\n.\r\n")
        .await
        .unwrap();
    assert_eq!(c.reply().await.unwrap().0, 250);
    // The connection carries a second message after RSET; bare LF is fine too.
    assert_eq!(c.code("RSET").await, 250);
    assert_eq!(c.code("NOOP").await, 250);
    c.send(b"MAIL FROM:<>\nRCPT TO:<d@example.com>\n")
        .await
        .unwrap();
    assert_eq!(c.reply().await.unwrap().0, 250);
    assert_eq!(c.reply().await.unwrap().0, 250);
    assert_eq!(c.code("DATA").await, 354);
    c.send(b"two\n.\n").await.unwrap();
    assert_eq!(c.reply().await.unwrap().0, 250);
    assert_eq!(c.code("FROB").await, 500);
    assert_eq!(c.code("QUIT").await, 221);

    let received = test.received();
    assert_eq!(
        received,
        vec![
            Received {
                mail_from: "a@example.com".into(),
                rcpt_to: vec!["b@example.com".into(), "c@example.com".into()],
                data: b"Subject: one\r\n\r\nline\r\n.starts with a dot\r\n".to_vec(),
            },
            Received {
                mail_from: String::new(),
                rcpt_to: vec!["d@example.com".into()],
                data: b"two\n".to_vec(),
            },
        ]
    );
    assert_eq!(test.transactions(), received);
    let commands = test.commands();
    assert_eq!(commands.first().unwrap(), "MAIL FROM:<a@example.com>");
    assert_eq!(commands.last().unwrap(), "QUIT");
    assert!(commands.contains(&"MAIL FROM:<>".to_owned()));
    assert_eq!(test.connections(), 1);
    assert_eq!(test.auth_successes(), 0);
}

#[tokio::test]
async fn reply_fault_on_one_recipient_only() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Reply {
            phase: Phase::RcptTo,
            code: 550,
            text: "5.1.1 <nobody@example.com>: Recipient address rejected".into(),
            only_rcpt: Some("nobody@example.com".into()),
        }],
        ..ServerConfig::default()
    })
    .await;
    let mut c = connect(&test).await;
    c.reply().await.unwrap();
    c.cmd("EHLO client.example").await;
    assert_eq!(c.code("MAIL FROM:<a@example.com>").await, 250);
    assert_eq!(c.code("RCPT TO:<ok@example.com>").await, 250);
    let (code, text) = c.cmd("RCPT TO:<Nobody@Example.com>").await;
    assert_eq!(code, 550);
    assert_eq!(
        text,
        vec!["5.1.1 <nobody@example.com>: Recipient address rejected"]
    );
    assert_eq!(c.code("DATA").await, 354);
    c.send(b"x\r\n.\r\n").await.unwrap();
    assert_eq!(c.reply().await.unwrap().0, 250);
    assert_eq!(
        test.received()[0].rcpt_to,
        vec!["ok@example.com"],
        "refused one not kept"
    );

    // Faults change at runtime: gone now, the same recipient is accepted.
    test.set_faults(vec![]);
    assert_eq!(c.code("MAIL FROM:<a@example.com>").await, 250);
    assert_eq!(c.code("RCPT TO:<nobody@example.com>").await, 250);
}

#[tokio::test]
async fn drop_at_end_of_data_is_a_transaction_but_not_received() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Drop {
            phase: Phase::EndOfData,
        }],
        ..ServerConfig::default()
    })
    .await;
    let mut c = connect(&test).await;
    c.reply().await.unwrap();
    c.cmd("EHLO client.example").await;
    assert_eq!(c.code("MAIL FROM:<a@example.com>").await, 250);
    assert_eq!(c.code("RCPT TO:<b@example.com>").await, 250);
    assert_eq!(c.code("DATA").await, 354);
    c.send(b"hello\r\n.\r\n").await.unwrap();
    assert!(c.reply().await.is_err(), "no reply after the dot");
    assert_eq!(test.transactions().len(), 1);
    assert_eq!(test.transactions()[0].data, b"hello\r\n");
    assert!(test.received().is_empty());
}

#[tokio::test]
async fn drop_during_data_loses_the_body() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::DropDuringData],
        ..ServerConfig::default()
    })
    .await;
    let mut c = connect(&test).await;
    c.reply().await.unwrap();
    c.cmd("EHLO client.example").await;
    c.cmd("MAIL FROM:<a@example.com>").await;
    c.cmd("RCPT TO:<b@example.com>").await;
    assert_eq!(c.code("DATA").await, 354);
    // The connection was reset right after the 354: writing the body fails.
    let error = c.send(b"hello\r\n.\r\n").await.unwrap_err();
    assert!(
        matches!(
            error.kind(),
            std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::BrokenPipe
        ),
        "{error:?}"
    );
    assert!(test.transactions().is_empty());
}

#[tokio::test]
async fn faults_on_greeting_delay_and_421() {
    let test = TestServer::start(ServerConfig {
        faults: vec![
            Fault::Delay {
                phase: Phase::MailFrom,
                delay: Duration::from_millis(300),
            },
            Fault::Reply {
                phase: Phase::Greeting,
                code: 421,
                text: "4.3.2 too busy".into(),
                only_rcpt: None,
            },
        ],
        ..ServerConfig::default()
    })
    .await;
    let mut c = connect(&test).await;
    assert_eq!(
        c.reply().await.unwrap(),
        (421, vec!["4.3.2 too busy".to_owned()])
    );
    assert!(c.reply().await.is_err(), "421 closes the connection");

    test.set_faults(vec![Fault::Delay {
        phase: Phase::MailFrom,
        delay: Duration::from_millis(300),
    }]);
    let mut c = connect(&test).await;
    assert_eq!(c.reply().await.unwrap().0, 220);
    c.cmd("HELO client.example").await;
    let started = std::time::Instant::now();
    assert_eq!(c.code("MAIL FROM:<a@example.com>").await, 250);
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(test.connections(), 2);
}

#[tokio::test]
async fn starttls_then_auth_plain_and_wrong_password() {
    let test = TestServer::start(ServerConfig {
        security: Security::StartTls,
        auth: Some((USER.into(), PASS.into())),
        size_limit: Some(1000),
        ..ServerConfig::default()
    })
    .await;
    let ca = test.ca_pem().to_owned();

    // Right password, inline initial response.
    let mut c = starttls(&test, &ca).await.unwrap();
    assert_eq!(
        c.code("MAIL FROM:<a@example.com>").await,
        503,
        "EHLO again after STARTTLS"
    );
    let (code, ehlo) = c.cmd("EHLO client.example").await;
    assert_eq!(code, 250);
    assert!(ehlo.contains(&"AUTH PLAIN LOGIN".to_owned()), "{ehlo:?}");
    assert!(ehlo.contains(&"SIZE 1000".to_owned()), "{ehlo:?}");
    assert!(!ehlo.contains(&"STARTTLS".to_owned()), "{ehlo:?}");
    assert_eq!(c.code("STARTTLS").await, 503);
    assert_eq!(
        c.code(&format!("MAIL FROM:<{USER}>")).await,
        530,
        "AUTH first"
    );
    let (code, text) = c
        .cmd(&format!("AUTH PLAIN {}", plain_auth(USER, PASS)))
        .await;
    assert_eq!(code, 235, "{text:?}");
    assert_eq!(c.code(&format!("MAIL FROM:<{USER}> SIZE=5000")).await, 552);
    assert_eq!(transaction(&mut c, &["a@example.com"]).await, 250);
    assert_eq!(c.code("QUIT").await, 221);

    // Wrong password, with the 334 continuation.
    let mut c = starttls(&test, &ca).await.unwrap();
    c.cmd("EHLO client.example").await;
    assert_eq!(c.code("AUTH PLAIN").await, 334);
    let (code, text) = c.cmd(&plain_auth(USER, "wrong")).await;
    assert_eq!(
        (code, text),
        (
            535,
            vec!["5.7.8 Authentication credentials invalid".to_owned()]
        )
    );
    // AUTH LOGIN with the right one on the same connection.
    let (code, text) = c.cmd("AUTH LOGIN").await;
    assert_eq!(
        (code, BASE64.decode(&text[0]).unwrap()),
        (334, b"Username:".to_vec())
    );
    let (code, text) = c.cmd(&BASE64.encode(USER)).await;
    assert_eq!(
        (code, BASE64.decode(&text[0]).unwrap()),
        (334, b"Password:".to_vec())
    );
    assert_eq!(c.code(&BASE64.encode(PASS)).await, 235);
    assert_eq!(c.code("AUTH LOGIN").await, 503, "already signed in");

    assert_eq!(test.auth_successes(), 2);
    assert_eq!(test.received().len(), 1);
    let commands = test.commands();
    assert!(
        commands
            .iter()
            .any(|c| c == &format!("AUTH PLAIN {}", plain_auth(USER, PASS)))
    );
    assert!(commands.iter().any(|c| c == "AUTH PLAIN"));
    assert!(
        !commands
            .iter()
            .any(|c| c.contains(&plain_auth(USER, "wrong"))),
        "continuations are not commands"
    );
}

#[tokio::test]
async fn no_starttls_offered_answers_502() {
    let test = TestServer::start(ServerConfig {
        security: Security::StartTls,
        advertise_starttls: false,
        auth: Some((USER.into(), PASS.into())),
        ..ServerConfig::default()
    })
    .await;
    let mut c = connect(&test).await;
    c.reply().await.unwrap();
    let (code, ehlo) = c.cmd("EHLO client.example").await;
    assert_eq!(code, 250);
    assert!(
        !ehlo
            .iter()
            .any(|l| l == "STARTTLS" || l.starts_with("AUTH")),
        "{ehlo:?}"
    );
    assert_eq!(c.code("STARTTLS").await, 502);
    assert_eq!(
        c.code(&format!("AUTH PLAIN {}", plain_auth(USER, PASS)))
            .await,
        530
    );
    assert_eq!(test.auth_successes(), 0);
}

#[tokio::test]
async fn untrusted_certificate_fails_the_handshake() {
    let test = TestServer::start(ServerConfig {
        security: Security::StartTls,
        untrusted_cert: true,
        ..ServerConfig::default()
    })
    .await;
    let error = match starttls(&test, test.ca_pem()).await {
        Ok(_) => panic!("handshake succeeded with an untrusted certificate"),
        Err(e) => e,
    };
    let text = format!("{error:?}");
    assert!(text.contains("UnknownIssuer"), "{text}");

    // Implicit TLS with the trusted certificate, for contrast: works, and the
    // certificate holds for 127.0.0.1 too.
    let test = TestServer::start(ServerConfig {
        security: Security::ImplicitTls,
        ..ServerConfig::default()
    })
    .await;
    let tcp = TcpStream::connect(("127.0.0.1", test.port()))
        .await
        .unwrap();
    let ip = ServerName::try_from("127.0.0.1").unwrap();
    let tls = connector(test.ca_pem()).connect(ip, tcp).await.unwrap();
    let mut c = Client::new(tls);
    assert_eq!(c.reply().await.unwrap().0, 220);
    c.cmd("EHLO client.example").await;
    assert_eq!(transaction(&mut c, &["a@example.com"]).await, 250);
    assert_eq!(
        test.received()[0].data,
        b"Subject: hi\r\n\r\nbody\r\n.dot\r\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_connections_at_once() {
    let test = Arc::new(TestServer::start(ServerConfig::default()).await);
    let mut tasks = Vec::new();
    for n in 0..20 {
        let test = Arc::clone(&test);
        tasks.push(tokio::spawn(async move {
            let mut c = connect(&test).await;
            c.reply().await.unwrap();
            c.cmd("EHLO client.example").await;
            let to = format!("r{n}@example.com");
            assert_eq!(transaction(&mut c, &[&to]).await, 250);
            c.cmd("QUIT").await;
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(test.connections(), 20);
    assert_eq!(test.received().len(), 20);
}

#[tokio::test]
async fn reset_at_end_of_data_is_a_transaction_and_an_rst() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Reset {
            phase: Phase::EndOfData,
        }],
        ..ServerConfig::default()
    })
    .await;
    let mut c = connect(&test).await;
    c.reply().await.unwrap();
    c.cmd("EHLO client.example").await;
    assert_eq!(
        transaction_then_error(&mut c).await,
        std::io::ErrorKind::ConnectionReset
    );
    assert_eq!(test.transactions().len(), 1, "the dot arrived");
    assert!(test.received().is_empty());
}

/// A transaction whose final reply never comes; returns how the read failed.
async fn transaction_then_error(c: &mut Client<TcpStream>) -> std::io::ErrorKind {
    assert_eq!(c.code("MAIL FROM:<a@example.com>").await, 250);
    assert_eq!(c.code("RCPT TO:<b@example.com>").await, 250);
    assert_eq!(c.code("DATA").await, 354);
    c.send(b"hello\r\n.\r\n").await.unwrap();
    c.reply().await.unwrap_err().kind()
}

#[tokio::test]
async fn flood_writes_the_prefix_then_repeats_without_end() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Flood {
            phase: Phase::Greeting,
            prefix: "220 ".into(),
            repeat: "x".repeat(100),
        }],
        ..ServerConfig::default()
    })
    .await;
    let mut c = connect(&test).await;
    let mut head = vec![0u8; 1_000_000];
    use tokio::io::AsyncReadExt;
    c.io.read_exact(&mut head).await.unwrap();
    assert_eq!(&head[..4], b"220 ");
    assert!(head[4..].iter().all(|&b| b == b'x'), "no line end, ever");
    assert!(test.flooded() >= 1_000_000 - 4);
}
