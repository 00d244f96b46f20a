//! Proves the real-peer harness itself (tests/support/peers.rs and
//! tests/peers/*.py) with nothing of Hudhud in the way: raw SMTP over a tokio
//! TcpStream, TLS through tokio-rustls with the peer's throw-away CA.
//! Missing peers skip, or fail under HUDHUD_REQUIRE_PEERS=1 (.ci/run).

mod support;

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::{self, pki_types::CertificateDer, pki_types::ServerName};

use rustls::pki_types::pem::PemObject;
use support::peers::{Aiosmtpd, SecretService, peer_missing};

const USER: &str = "layla@example.com";
const PASSWORD: &str = "selftest-ليلى-password";

/// One SMTP reply: its code and the text of each line.
async fn reply<R: AsyncBufRead + Unpin>(reader: &mut R) -> (u16, Vec<String>) {
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        let n = tokio::time::timeout(Duration::from_secs(10), reader.read_line(&mut line))
            .await
            .expect("reply within 10 s")
            .expect("read reply");
        assert!(n > 0, "connection closed mid-reply after {lines:?}");
        let line = line.trim_end_matches(['\r', '\n']);
        assert!(line.len() >= 3, "short reply line {line:?}");
        let code: u16 = line[..3].parse().expect("reply code");
        let last = line.as_bytes().get(3) != Some(&b'-');
        lines.push(line.get(4..).unwrap_or("").to_owned());
        if last {
            return (code, lines);
        }
    }
}

async fn command<S: AsyncBufRead + AsyncWrite + Unpin>(
    stream: &mut S,
    line: &str,
) -> (u16, Vec<String>) {
    stream
        .write_all(format!("{line}\r\n").as_bytes())
        .await
        .unwrap();
    stream.flush().await.unwrap();
    reply(stream).await
}

fn has_extension(ehlo: &[String], name: &str) -> bool {
    ehlo.iter()
        .any(|line| line.split_whitespace().next() == Some(name))
}

fn tls_connector(peer: &Aiosmtpd) -> TlsConnector {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(&peer.ca_file).expect("read ca_file") {
        roots.add(cert.expect("CA PEM")).expect("add CA");
    }
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    TlsConnector::from(Arc::new(config))
}

/// The log is written as the server reads; give it a moment after QUIT.
async fn commands_settled(peer: &Aiosmtpd, expected_len: usize) -> Vec<String> {
    for _ in 0..100 {
        let seen = peer.commands();
        if seen.len() >= expected_len {
            return seen;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    peer.commands()
}

#[tokio::test]
async fn starttls_peer_advertises_starttls_and_refuses_mail_before_it() {
    let Some(peer) = Aiosmtpd::start("starttls", Some((USER, PASSWORD))) else {
        return;
    };
    assert!(peer.commands().is_empty());
    let mut smtp = BufReader::new(TcpStream::connect(("127.0.0.1", peer.port)).await.unwrap());
    let (code, _) = reply(&mut smtp).await;
    assert_eq!(code, 220);

    let (code, ehlo) = command(&mut smtp, "EHLO selftest.example").await;
    assert_eq!(code, 250);
    assert!(has_extension(&ehlo, "STARTTLS"), "{ehlo:?}");
    assert!(
        !has_extension(&ehlo, "AUTH"),
        "no AUTH before TLS: {ehlo:?}"
    );

    let (code, _) = command(&mut smtp, "MAIL FROM:<layla@example.com>").await;
    assert_eq!(code, 530, "MAIL before STARTTLS is refused");
    let (code, _) = command(&mut smtp, "QUIT").await;
    assert_eq!(code, 221);

    assert_eq!(commands_settled(&peer, 3).await, ["EHLO", "MAIL", "QUIT"]);
    assert!(peer.messages().is_empty());
}

#[tokio::test]
async fn starttls_certificate_verifies_with_the_ca_file_and_auth_plain_works() {
    let Some(peer) = Aiosmtpd::start("starttls", Some((USER, PASSWORD))) else {
        return;
    };
    let mut smtp = BufReader::new(TcpStream::connect(("localhost", peer.port)).await.unwrap());
    assert_eq!(reply(&mut smtp).await.0, 220);
    assert_eq!(command(&mut smtp, "EHLO selftest.example").await.0, 250);
    assert_eq!(command(&mut smtp, "STARTTLS").await.0, 220);
    assert!(
        smtp.buffer().is_empty(),
        "nothing may come before the TLS handshake"
    );

    let server_name = ServerName::try_from("localhost").unwrap();
    let tls = tls_connector(&peer)
        .connect(server_name, smtp.into_inner())
        .await
        .expect("the peer's certificate verifies for localhost with ca_file");
    let mut smtp = BufReader::new(tls);
    let (code, ehlo) = command(&mut smtp, "EHLO selftest.example").await;
    assert_eq!(code, 250);
    let auth = ehlo
        .iter()
        .find(|l| l.starts_with("AUTH"))
        .expect("AUTH after TLS");
    assert!(auth.contains("PLAIN") && auth.contains("LOGIN"), "{auth}");

    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let wrong = b64.encode(format!("\0{USER}\0not-the-password"));
    assert_eq!(
        command(&mut smtp, &format!("AUTH PLAIN {wrong}")).await.0,
        535
    );
    // AUTH LOGIN: the continuation lines must not reach the command log.
    assert_eq!(command(&mut smtp, "AUTH LOGIN").await.0, 334);
    assert_eq!(command(&mut smtp, &b64.encode(USER)).await.0, 334);
    assert_eq!(command(&mut smtp, &b64.encode(PASSWORD)).await.0, 235);
    assert_eq!(command(&mut smtp, "QUIT").await.0, 221);

    let seen = commands_settled(&peer, 6).await;
    assert_eq!(seen, ["EHLO", "STARTTLS", "EHLO", "AUTH", "AUTH", "QUIT"]);
    let log = std::fs::read_to_string(&peer.log).unwrap();
    assert!(!log.contains(&b64.encode(PASSWORD)) && !log.contains(PASSWORD));
}

#[tokio::test]
async fn implicit_tls_peer_speaks_tls_from_the_first_byte() {
    let Some(peer) = Aiosmtpd::start("tls", Some((USER, PASSWORD))) else {
        return;
    };
    let tcp = TcpStream::connect(("localhost", peer.port)).await.unwrap();
    let tls = tls_connector(&peer)
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .expect("implicit TLS handshake");
    let mut smtp = BufReader::new(tls);
    assert_eq!(reply(&mut smtp).await.0, 220);
    let (code, ehlo) = command(&mut smtp, "EHLO selftest.example").await;
    assert_eq!(code, 250);
    assert!(!has_extension(&ehlo, "STARTTLS"), "{ehlo:?}");
    assert!(has_extension(&ehlo, "AUTH"), "{ehlo:?}");
    assert_eq!(command(&mut smtp, "QUIT").await.0, 221);
    assert_eq!(commands_settled(&peer, 2).await, ["EHLO", "QUIT"]);
}

#[tokio::test]
async fn plain_peer_stores_the_raw_message_and_parse_eml_decodes_it() {
    let Some(peer) = Aiosmtpd::start("plain", None) else {
        return;
    };
    let mut smtp = BufReader::new(TcpStream::connect(("127.0.0.1", peer.port)).await.unwrap());
    assert_eq!(reply(&mut smtp).await.0, 220);
    let (code, ehlo) = command(&mut smtp, "EHLO selftest.example").await;
    assert_eq!(code, 250);
    assert!(!has_extension(&ehlo, "STARTTLS"), "{ehlo:?}");
    assert_eq!(
        command(&mut smtp, "MAIL FROM:<layla@example.com>").await.0,
        250
    );
    assert_eq!(
        command(&mut smtp, "RCPT TO:<omar@example.com>").await.0,
        250
    );
    assert_eq!(
        command(&mut smtp, "RCPT TO:<hidden@example.com>").await.0,
        250
    );
    assert_eq!(command(&mut smtp, "DATA").await.0, 354);

    let message = [
        "From: =?utf-8?b?2YTZitmE2Yk=?= <layla@example.com>",
        "To: omar@example.com",
        "Cc: Sara <sara@example.com>",
        "Subject: =?utf-8?b?2KrZgtix2YrYsSDYp9mE2LHYqNi5?=",
        "Date: Wed, 26 Nov 2025 10:00:00 +0000",
        "Message-ID: <selftest.1@example.com>",
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"b1\"",
        "",
        "--b1",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        "مرحبا يا فريق",
        ".سطر يبدأ بنقطة",
        "--b1",
        "Content-Type: application/pdf",
        "Content-Transfer-Encoding: base64",
        "Content-Disposition: attachment; filename*=utf-8''%D8%AA%D9%82%D8%B1%D9%8A%D8%B1.pdf",
        "",
        "aGVsbG8gaHVkaHVkCg==",
        "--b1--",
        "",
    ]
    .join("\r\n");
    // Dot-stuffing on the wire; the peer must store the message unstuffed.
    let wire: String = message
        .split_inclusive("\r\n")
        .map(|line| {
            if line.starts_with('.') {
                format!(".{line}")
            } else {
                line.to_owned()
            }
        })
        .collect();
    smtp.write_all(wire.as_bytes()).await.unwrap();
    assert_eq!(command(&mut smtp, ".").await.0, 250);
    assert_eq!(command(&mut smtp, "QUIT").await.0, 221);

    let messages = peer.wait_for_messages(1, Duration::from_secs(10));
    assert_eq!(messages.len(), 1, "stderr: {}", peer.stderr());
    assert_eq!(messages[0].file_name().unwrap(), "1.eml");
    assert_eq!(std::fs::read(&messages[0]).unwrap(), message.as_bytes());

    let envelope = peer.envelope(&messages[0]);
    assert_eq!(envelope["mail_from"], "layla@example.com");
    assert_eq!(
        envelope["rcpt_tos"],
        serde_json::json!(["omar@example.com", "hidden@example.com"])
    );
    assert_eq!(envelope["auth_seen"], false);

    let parsed = peer.parse_eml(&messages[0]);
    assert_eq!(parsed["subject"], "تقرير الربع");
    // The CRLF before a boundary belongs to the boundary (RFC 2046).
    assert_eq!(
        parsed["body"].as_str().unwrap().replace("\r\n", "\n"),
        "مرحبا يا فريق\n.سطر يبدأ بنقطة"
    );
    assert_eq!(parsed["from"], "ليلى <layla@example.com>");
    assert_eq!(parsed["to"], "omar@example.com");
    assert_eq!(parsed["cc"], "Sara <sara@example.com>");
    assert_eq!(parsed["message_id"], "<selftest.1@example.com>");
    assert_eq!(parsed["date"], "Wed, 26 Nov 2025 10:00:00 +0000");
    assert_eq!(parsed["has_bcc_header"], false);
    assert_eq!(
        parsed["attachments"],
        serde_json::json!([{
            "filename": "تقرير.pdf",
            "content_type": "application/pdf",
            "sha256": "b1be690128b3456aa489574d7636a640c988c9a3e7b22d56104392bc6085217a",
            "charset": null,
            "transfer_encoding": "base64",
        }])
    );

    let seen = commands_settled(&peer, 6).await;
    assert_eq!(seen, ["EHLO", "MAIL", "RCPT", "RCPT", "DATA", "QUIT"]);
}

#[test]
fn secret_service_stores_and_looks_up_through_secret_tool() {
    if !SecretService::available() {
        peer_missing("Secret Service (DBUS_SESSION_BUS_ADDRESS and secret-tool)");
        return;
    }
    let service = "hudhud-selftest";
    let username = format!("selftest-{}", std::process::id());
    let secret = "سر selftest \u{1F511}";
    assert!(SecretService::secret_tool_store(service, &username, secret));
    assert_eq!(
        SecretService::secret_tool_lookup(service, &username).as_deref(),
        Some(secret)
    );
    assert!(SecretService::secret_tool_clear(service, &username));
    assert_eq!(SecretService::secret_tool_lookup(service, &username), None);
}
