//! The conversation the window shows for a message (issue 16 §7, issue 10's
//! transcript item) is exactly what was said with the real Postfix: every
//! line a command we sent or a line of the server's reply, in order, EHLO
//! twice over STARTTLS, AUTH's argument redacted and no secret anywhere.
//!
//! What was said is recorded on the wire by a relay between the client and
//! Postfix's submission port (tests/peers/postfix_dovecot.sh), which ends
//! TLS on both sides at STARTTLS (the client trusts the relay's test CA,
//! the relay trusts Postfix's), so it reads the encrypted part too.

mod support;

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use hudhud::compose::Outgoing;
use hudhud::config::{Account, AuthMethod, Security, Settings};
use hudhud::outbox::{Folder, PasswordSource, Spool, drain_account};
use hudhud::smtp::Credentials;
use hudhud::ui::app::SentPage;
use hudhud::ui::outbox::CONVERSATION;
use iced::advanced::widget::{Id, Operation};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use support::peers::Postfix;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}
type Stream = BufReader<Box<dyn Io>>;

/// A line that crossed the relay.
#[derive(Debug, Clone, PartialEq)]
enum Said {
    Client(String),
    Server(String),
    /// The message content after a 354: its size in bytes, final dot
    /// included.
    Content(usize),
}

async fn line(stream: &mut Stream) -> String {
    let mut bytes = Vec::new();
    stream.read_until(b'\n', &mut bytes).await.unwrap();
    String::from_utf8(bytes).unwrap()
}

async fn send(stream: &mut Stream, text: &str) {
    stream.get_mut().write_all(text.as_bytes()).await.unwrap();
    stream.get_mut().flush().await.unwrap();
}

/// Relays one reply (all its lines) from Postfix to the client; its code.
async fn reply(server: &mut Stream, client: &mut Stream, log: &Mutex<Vec<Said>>) -> String {
    loop {
        let text = line(server).await;
        assert!(!text.is_empty(), "Postfix closed the connection");
        log.lock()
            .unwrap()
            .push(Said::Server(text.trim_end().to_string()));
        send(client, &text).await;
        if text.as_bytes().get(3) != Some(&b'-') {
            return text[..3].to_string();
        }
    }
}

/// Relays one SMTP session, ending TLS on both sides at STARTTLS.
async fn relay(client: TcpStream, log: Arc<Mutex<Vec<Said>>>, acceptor: tokio_rustls::TlsAcceptor) {
    let server = TcpStream::connect(("127.0.0.1", Postfix::SUBMISSION))
        .await
        .unwrap();
    let mut client: Stream = BufReader::new(Box::new(client));
    let mut server: Stream = BufReader::new(Box::new(server));
    reply(&mut server, &mut client, &log).await;
    loop {
        let command = line(&mut client).await;
        if command.is_empty() {
            return;
        }
        log.lock()
            .unwrap()
            .push(Said::Client(command.trim_end().to_string()));
        send(&mut server, &command).await;
        let code = reply(&mut server, &mut client, &log).await;
        let verb = command.trim_end().to_ascii_uppercase();
        if verb == "QUIT" {
            return;
        }
        if verb == "STARTTLS" && code == "220" {
            let plain = client.into_inner();
            client = BufReader::new(Box::new(acceptor.accept(plain).await.unwrap()));
            let mut roots = rustls::RootCertStore::empty();
            for cert in CertificateDer::pem_file_iter(Postfix::get().unwrap().ca_file()).unwrap() {
                roots.add(cert.unwrap()).unwrap();
            }
            let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
            let config = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_root_certificates(roots)
                .with_no_client_auth();
            let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
            let plain = server.into_inner();
            let name = ServerName::try_from("localhost").unwrap();
            server = BufReader::new(Box::new(connector.connect(name, plain).await.unwrap()));
        }
        if verb == "DATA" && code == "354" {
            let mut size = 0;
            loop {
                let text = line(&mut client).await;
                assert!(!text.is_empty(), "the client left during DATA");
                size += text.len();
                send(&mut server, &text).await;
                if text == ".\r\n" {
                    break;
                }
            }
            log.lock().unwrap().push(Said::Content(size));
            reply(&mut server, &mut client, &log).await;
        }
    }
}

/// Collects the texts inside the container with `id`.
struct Inside {
    id: Id,
    entering: bool,
    depth: usize,
    texts: Vec<String>,
}

impl Operation for Inside {
    fn container(&mut self, id: Option<&Id>, _bounds: iced::Rectangle) {
        self.entering = id == Some(&self.id);
    }
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        let entering = std::mem::take(&mut self.entering);
        self.depth += usize::from(entering);
        operate(self);
        self.depth -= usize::from(entering);
    }
    fn text(&mut self, _id: Option<&Id>, _bounds: iced::Rectangle, text: &str) {
        if self.depth > 0 {
            self.texts.push(text.to_string());
        }
    }
}

#[test]
fn the_window_shows_exactly_the_lines_said_with_postfix() {
    let Some(postfix) = Postfix::get() else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let (ca_pem, tls) = support::smtp_server::make_tls(false);
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(tls));
    let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
    let port = listener.local_addr().unwrap().port();
    let relay_log = log.clone();
    runtime.spawn(async move {
        let (client, _) = listener.accept().await.unwrap();
        relay(client, relay_log, acceptor).await;
    });

    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("relay-ca.pem");
    std::fs::write(&ca, ca_pem).unwrap();
    let spool = Spool::open(&dir.path().join("data")).unwrap();
    let account = Account {
        name: "work".into(),
        email: Postfix::USER.into(),
        host: "localhost".into(),
        port: Some(port),
        security: Security::Starttls,
        auth: AuthMethod::Password,
        ca_file: Some(ca),
        ..Default::default()
    };
    let to = format!("transcript-{}@example.test", std::process::id());
    let raw = format!(
        "From: {}\r\nTo: {to}\r\nSubject: Transcript\r\n\r\nHello\r\n",
        Postfix::USER
    )
    .into_bytes();
    let raw_len = raw.len();
    let id = spool
        .enqueue(
            "work",
            &Outgoing {
                message_id: format!("<transcript.{}@example.test>", std::process::id()),
                envelope_from: Postfix::USER.into(),
                envelope_to: vec![to.clone()],
                raw,
            },
            "Transcript",
            None,
            None,
        )
        .unwrap()
        .id;
    let passwords: PasswordSource = Arc::new(|account: &Account| {
        Ok(Some(Credentials {
            username: account.username().into(),
            password: Postfix::PASSWORD.into(),
        }))
    });
    let settings = Settings {
        timeout_secs: 20,
        ..Settings::default()
    };
    let never = AtomicBool::new(false);
    let report = runtime
        .block_on(drain_account(
            &spool, &account, &settings, &passwords, None, &never,
        ))
        .unwrap();
    assert_eq!(report.sent, 1, "{report:?}");
    postfix.wait_delivered(&to, 1, Duration::from_secs(20));
    let (entry, folder) = spool.find(&id).unwrap();
    assert_eq!(folder, Folder::Sent);

    // The message opened in the Sent view, as the window draws it.
    let page = SentPage {
        query: String::new(),
        offset: 0,
        rows: Vec::new(),
        matches: 0,
        total: 0,
    };
    let view =
        || hudhud::ui::outbox::view_sent(&page, 0..0, "", Some(&entry.id), Some((&entry, None)));
    // Loads the fonts into the shared font system.
    let _ = iced_test::Simulator::with_settings(hudhud::ui::settings(), view());
    let mut renderer = iced::Renderer::new(hudhud::ui::DEFAULT_FONT, iced::Pixels(16.0));
    let mut ui = iced_runtime::UserInterface::build(
        view(),
        iced::Size::new(1000.0, 4000.0),
        iced_runtime::user_interface::Cache::default(),
        &mut renderer,
    );
    let mut inside = Inside {
        id: Id::new(CONVERSATION),
        entering: false,
        depth: 0,
        texts: Vec::new(),
    };
    ui.operate(&renderer, &mut inside);
    let shown: Vec<String> = inside
        .texts
        .iter()
        .flat_map(|t| t.lines().map(str::to_string).collect::<Vec<_>>())
        .collect();
    assert!(!shown.is_empty(), "no conversation on screen");

    // Line for line what crossed the wire, AUTH's argument aside.
    // The session's QUIT comes after the attempt, which ends with the
    // server's answer to the message: it is the only thing left over.
    let said = log.lock().unwrap().clone();
    assert_eq!(
        shown.len() + 2,
        said.len(),
        "shown {shown:#?}\nsaid {said:#?}"
    );
    assert_eq!(said[shown.len()], Said::Client("QUIT".into()));
    assert!(matches!(&said[shown.len() + 1], Said::Server(l) if l.starts_with("221")));
    let plain = base64::engine::general_purpose::STANDARD.encode(format!(
        "\0{}\0{}",
        Postfix::USER,
        Postfix::PASSWORD
    ));
    for (shown, said) in shown.iter().zip(&said) {
        match said {
            Said::Client(line) if line.starts_with("AUTH ") => {
                let mechanism = line.split(' ').take(2).collect::<Vec<_>>().join(" ");
                assert_eq!(*shown, format!("C: {mechanism} [redacted]"));
                assert!(line.contains(&plain) || line == &mechanism, "{line}");
            }
            Said::Client(line) => assert_eq!(*shown, format!("C: {line}")),
            Said::Server(line) => assert_eq!(*shown, format!("S: {line}")),
            Said::Content(size) => {
                assert!(
                    !shown.starts_with("C:") && !shown.starts_with("S:"),
                    "{shown}"
                );
                // The size of the message as written, before dot-stuffing
                // and the final dot the relay counted.
                assert!(
                    shown.contains(&raw_len.to_string()),
                    "{shown}: not {raw_len} bytes"
                );
                assert!(*size >= raw_len + 3, "{size}");
            }
        }
    }
    let ehlo = shown.iter().filter(|l| l.starts_with("C: EHLO ")).count();
    assert_eq!(ehlo, 2, "EHLO before and after STARTTLS: {shown:#?}");
    assert!(shown.iter().any(|l| l == "C: STARTTLS"));
    let everything = format!("{shown:?} {:?}", entry.history);
    assert!(!everything.contains(&plain), "the credentials are shown");
    assert!(
        !everything.contains(Postfix::PASSWORD),
        "the password is shown"
    );
}
