//! The SMTP module against the scriptable test server: TLS modes, sign-in,
//! every kind of fault, the transcript, and connection reuse.

mod support;

use std::time::Duration;

use hudhud::config::Security as AccountSecurity;
use hudhud::smtp::{
    self, Credentials, ErrorKind, Problem, Server, Session, SmtpError, Speaker, Step, Transcript,
};
use support::smtp_server::{Fault, Phase, Security, ServerConfig, TestServer};

const USER: &str = "layla@example.com";
const PASS: &str = "correct horse";

fn creds(password: &str) -> Credentials {
    Credentials {
        username: USER.into(),
        password: password.into(),
    }
}

fn server_for(
    test: &TestServer,
    security: AccountSecurity,
    ca: Option<std::path::PathBuf>,
) -> Server {
    Server {
        host: "localhost".into(),
        port: test.port(),
        security,
        allow_insecure: false,
        ca_file: ca,
        timeout: Duration::from_secs(5),
    }
}

fn message(n: usize) -> Vec<u8> {
    format!(
        "From: {USER}\r\nTo: a@example.com\r\nSubject: test {n}\r\nMessage-ID: <m{n}@example.com>\r\n\r\nbody {n}\r\n.starts with a dot\r\n"
    )
    .into_bytes()
}

async fn send_once(
    server: &Server,
    credentials: Option<&Credentials>,
    to: &[&str],
) -> (Result<smtp::Reply, SmtpError>, Transcript) {
    let mut transcript = Transcript::default();
    let to: Vec<String> = to.iter().map(|s| s.to_string()).collect();
    let result =
        smtp::send_message(server, credentials, USER, &to, &message(1), &mut transcript).await;
    (result, transcript)
}

/// A plain server that answers one phase with the given reply.
async fn plain_replying(phase: Phase, code: u16, text: &str) -> TestServer {
    TestServer::start(ServerConfig {
        faults: vec![Fault::Reply {
            phase,
            code,
            text: text.into(),
            only_rcpt: None,
        }],
        ..ServerConfig::default()
    })
    .await
}

fn starttls_auth() -> ServerConfig {
    ServerConfig {
        security: Security::StartTls,
        auth: Some((USER.into(), PASS.into())),
        ..ServerConfig::default()
    }
}

#[tokio::test]
async fn starttls_with_auth_delivers_and_transcript_is_redacted() {
    let test = TestServer::start(starttls_auth()).await;
    let dir = tempfile::tempdir().unwrap();
    let ca = test.write_ca_file(dir.path());
    let server = server_for(&test, AccountSecurity::Starttls, Some(ca));
    let (result, transcript) = send_once(&server, Some(&creds(PASS)), &["a@example.com"]).await;
    let reply = result.unwrap();
    assert_eq!(reply.code, 250);
    let received = test.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].data, message(1), "dot-stuffing round-trips");
    assert_eq!(received[0].rcpt_to, vec!["a@example.com"]);

    let text = transcript.to_string();
    for expected in [
        "STARTTLS",
        "AUTH PLAIN [redacted]",
        "MAIL FROM:<layla@example.com>",
        "RCPT TO:<a@example.com>",
        "DATA",
        "QUIT",
    ] {
        assert!(
            text.contains(expected),
            "transcript lacks {expected}:\n{text}"
        );
    }
    assert!(!text.contains(PASS), "password in transcript:\n{text}");
    assert!(
        !text.contains("body 1"),
        "message content in transcript:\n{text}"
    );
    use base64::Engine;
    let plain = base64::engine::general_purpose::STANDARD.encode(format!("\0{USER}\0{PASS}"));
    assert!(!text.contains(&plain), "encoded credentials in transcript");
    // The server really saw an AUTH, after STARTTLS.
    let commands = test.commands();
    let starttls = commands
        .iter()
        .position(|c| c.starts_with("STARTTLS"))
        .unwrap();
    let auth = commands.iter().position(|c| c.starts_with("AUTH")).unwrap();
    assert!(starttls < auth);
}

#[tokio::test]
async fn implicit_tls_with_auth_delivers() {
    let test = TestServer::start(ServerConfig {
        security: Security::ImplicitTls,
        auth: Some((USER.into(), PASS.into())),
        ..ServerConfig::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let server = server_for(
        &test,
        AccountSecurity::Tls,
        Some(test.write_ca_file(dir.path())),
    );
    let (result, _) = send_once(&server, Some(&creds(PASS)), &["a@example.com"]).await;
    assert_eq!(result.unwrap().code, 250);
    assert_eq!(test.received().len(), 1);
}

#[tokio::test]
async fn wrong_password_is_auth_refused_with_the_servers_reply() {
    let test = TestServer::start(starttls_auth()).await;
    let dir = tempfile::tempdir().unwrap();
    let server = server_for(
        &test,
        AccountSecurity::Starttls,
        Some(test.write_ca_file(dir.path())),
    );
    let (result, _) = send_once(&server, Some(&creds("wrong")), &["a@example.com"]).await;
    let error = result.unwrap_err();
    assert_eq!(error.kind, ErrorKind::AuthRefused);
    assert_eq!(error.reply.as_ref().map(|r| r.code), Some(535));
    assert!(error.to_string().contains("535"), "{error}");
    assert!(test.commands().iter().all(|c| !c.starts_with("MAIL")));
}

#[tokio::test]
async fn starttls_required_but_not_offered_refuses_before_auth() {
    let test = TestServer::start(ServerConfig {
        advertise_starttls: false,
        ..starttls_auth()
    })
    .await;
    let server = server_for(&test, AccountSecurity::Starttls, None);
    let (result, transcript) = send_once(&server, Some(&creds(PASS)), &["a@example.com"]).await;
    let error = result.unwrap_err();
    assert_eq!(
        (error.kind, error.problem.clone()),
        (ErrorKind::Config, Problem::NoStartTls)
    );
    let commands = test.commands();
    assert!(
        commands
            .iter()
            .all(|c| !c.starts_with("AUTH") && !c.starts_with("MAIL")),
        "{commands:?}"
    );
    assert!(transcript.lines.iter().any(|l| l.speaker == Speaker::Note));
}

#[tokio::test]
async fn untrusted_certificate_is_a_config_error_and_sends_nothing() {
    let test = TestServer::start(ServerConfig {
        untrusted_cert: true,
        ..starttls_auth()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    // The file holds the trusted CA; the server's certificate comes from another.
    let server = server_for(
        &test,
        AccountSecurity::Starttls,
        Some(test.write_ca_file(dir.path())),
    );
    let (result, _) = send_once(&server, Some(&creds(PASS)), &["a@example.com"]).await;
    let error = result.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Config);
    assert!(
        matches!(error.problem, Problem::Certificate(_)),
        "{error:?}"
    );
    assert!(test.commands().iter().all(|c| !c.starts_with("AUTH")));
    // Without the CA file the platform verifier does not trust it either.
    let server = server_for(&test, AccountSecurity::Starttls, None);
    let (result, _) = send_once(&server, Some(&creds(PASS)), &["a@example.com"]).await;
    assert_eq!(result.unwrap_err().kind, ErrorKind::Config);
}

#[tokio::test]
async fn password_is_never_sent_over_plain_text() {
    let test = TestServer::start(ServerConfig {
        auth: Some((USER.into(), PASS.into())),
        ..ServerConfig::default()
    })
    .await;
    let server = server_for(&test, AccountSecurity::None, None);
    let (result, _) = send_once(&server, Some(&creds(PASS)), &["a@example.com"]).await;
    let error = result.unwrap_err();
    assert_eq!(error.problem, Problem::PasswordNeedsTls);
    assert!(test.commands().iter().all(|c| !c.starts_with("AUTH")));
}

#[tokio::test]
async fn no_common_auth_mechanism_is_a_config_error() {
    let test = TestServer::start(ServerConfig {
        advertise_auth_mechs: Some(vec!["CRAM-MD5".into()]),
        ..starttls_auth()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let server = server_for(
        &test,
        AccountSecurity::Starttls,
        Some(test.write_ca_file(dir.path())),
    );
    let (result, _) = send_once(&server, Some(&creds(PASS)), &["a@example.com"]).await;
    let error = result.unwrap_err();
    assert_eq!(
        (error.kind, error.problem),
        (ErrorKind::Config, Problem::NoAuthMechanism)
    );
}

#[tokio::test]
async fn one_refused_recipient_resets_before_data() {
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
    let server = server_for(&test, AccountSecurity::None, None);
    let (result, _) = send_once(&server, None, &["a@example.com", "nobody@example.com"]).await;
    let error = result.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Permanent);
    assert_eq!(
        error.problem,
        Problem::RecipientRefused("nobody@example.com".into())
    );
    assert!(error.to_string().contains("nobody@example.com"));
    assert!(
        error.to_string().contains("Recipient address rejected"),
        "{error}"
    );
    let commands = test.commands();
    assert!(
        commands.iter().any(|c| c.starts_with("RSET")),
        "{commands:?}"
    );
    assert!(
        commands.iter().all(|c| !c.starts_with("DATA")),
        "{commands:?}"
    );
    assert!(test.transactions().is_empty());
}

#[tokio::test]
async fn temporary_refusal_is_transient_with_reply() {
    let test = plain_replying(Phase::MailFrom, 451, "4.3.0 try again later").await;
    let server = server_for(&test, AccountSecurity::None, None);
    let (result, _) = send_once(&server, None, &["a@example.com"]).await;
    let error = result.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Transient);
    assert_eq!(error.reply.unwrap().code, 451);
}

#[tokio::test]
async fn permanent_refusal_after_data_is_permanent() {
    let test = plain_replying(Phase::EndOfData, 554, "5.7.1 message content rejected").await;
    let server = server_for(&test, AccountSecurity::None, None);
    let (result, _) = send_once(&server, None, &["a@example.com"]).await;
    let error = result.unwrap_err();
    assert_eq!(
        (error.kind, error.problem),
        (ErrorKind::Permanent, Problem::Rejected(Step::EndOfData))
    );
}

#[tokio::test]
async fn drop_after_final_dot_is_unconfirmed() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Drop {
            phase: Phase::EndOfData,
        }],
        ..ServerConfig::default()
    })
    .await;
    let server = server_for(&test, AccountSecurity::None, None);
    let (result, _) = send_once(&server, None, &["a@example.com"]).await;
    assert_eq!(result.unwrap_err().kind, ErrorKind::Unconfirmed);
    assert_eq!(
        test.transactions().len(),
        1,
        "the server did get the message"
    );
}

#[tokio::test]
async fn drop_before_final_dot_is_transient() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::DropDuringData],
        ..ServerConfig::default()
    })
    .await;
    let server = server_for(&test, AccountSecurity::None, None);
    let (result, _) = send_once(&server, None, &["a@example.com"]).await;
    let error = result.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Transient, "{error:?}");
    assert!(test.transactions().is_empty());
}

#[tokio::test]
async fn slow_server_times_out_as_transient() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Delay {
            phase: Phase::MailFrom,
            delay: Duration::from_secs(3),
        }],
        ..ServerConfig::default()
    })
    .await;
    let mut server = server_for(&test, AccountSecurity::None, None);
    server.timeout = Duration::from_millis(500);
    let started = std::time::Instant::now();
    let (result, _) = send_once(&server, None, &["a@example.com"]).await;
    let error = result.unwrap_err();
    assert_eq!(
        (error.kind, error.problem),
        (ErrorKind::Transient, Problem::Timeout(Step::MailFrom))
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn refused_connection_is_transient() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let server = Server {
        host: "127.0.0.1".into(),
        port,
        security: AccountSecurity::None,
        allow_insecure: false,
        ca_file: None,
        timeout: Duration::from_secs(2),
    };
    let (result, _) = send_once(&server, None, &["a@example.com"]).await;
    let error = result.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Transient);
    assert!(matches!(error.problem, Problem::Connect(_)), "{error:?}");
}

#[tokio::test]
async fn one_session_carries_many_messages_over_one_connection() {
    let test = TestServer::start(starttls_auth()).await;
    let dir = tempfile::tempdir().unwrap();
    let server = server_for(
        &test,
        AccountSecurity::Starttls,
        Some(test.write_ca_file(dir.path())),
    );
    let mut transcript = Transcript::default();
    let mut session = Session::connect(&server, Some(&creds(PASS)), &mut transcript)
        .await
        .unwrap();
    for n in 0..5 {
        let to = vec![format!("r{n}@example.com")];
        session
            .send(USER, &to, &message(n), &mut transcript)
            .await
            .unwrap();
    }
    session.quit(&mut transcript).await;
    assert_eq!(test.received().len(), 5);
    assert_eq!(test.connections(), 1);
    assert_eq!(test.auth_successes(), 1);
}

#[tokio::test]
async fn test_connection_runs_noop_and_quit() {
    let test = TestServer::start(starttls_auth()).await;
    let dir = tempfile::tempdir().unwrap();
    let server = server_for(
        &test,
        AccountSecurity::Starttls,
        Some(test.write_ca_file(dir.path())),
    );
    let mut transcript = Transcript::default();
    smtp::test_connection(&server, Some(&creds(PASS)), &mut transcript)
        .await
        .unwrap();
    let commands = test.commands();
    assert!(commands.iter().any(|c| c.starts_with("NOOP")));
    assert!(commands.last().unwrap().starts_with("QUIT"));
    assert!(test.received().is_empty());
}

#[tokio::test]
async fn a_message_over_the_servers_size_is_refused_before_anything_is_sent() {
    let test = TestServer::start(ServerConfig {
        size_limit: Some(300),
        ..ServerConfig::default()
    })
    .await;
    let server = server_for(&test, AccountSecurity::None, None);
    let mut transcript = Transcript::default();
    let mut session = Session::connect(&server, None, &mut transcript)
        .await
        .unwrap();
    assert_eq!(session.max_size(), Some(300), "read from EHLO");
    let to = vec!["a@example.com".to_owned()];
    let mut big = message(1);
    big.extend(std::iter::repeat_n(b'x', 400));
    big.extend(b"\r\n");
    let error = session
        .send(USER, &to, &big, &mut transcript)
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::Permanent);
    assert_eq!(
        error.problem,
        Problem::TooBig {
            size: big.len() as u64,
            limit: 300
        }
    );
    assert!(error.describe().contains("300 B"), "{}", error.describe());
    // The same connection then carries a small message, declared with SIZE=.
    let small = message(2);
    session
        .send(USER, &to, &small, &mut transcript)
        .await
        .unwrap();
    let mails: Vec<String> = test
        .commands()
        .into_iter()
        .filter(|c| c.starts_with("MAIL FROM"))
        .collect();
    assert_eq!(mails.len(), 1, "nothing of the big one: {mails:?}");
    assert!(
        mails[0].contains(&format!("SIZE={}", small.len())),
        "{mails:?}"
    );
    assert_eq!(test.received().len(), 1);
}

#[tokio::test]
async fn a_server_without_size_gets_no_size_parameter() {
    let test = TestServer::start(ServerConfig::default()).await;
    let server = server_for(&test, AccountSecurity::None, None);
    let mut transcript = Transcript::default();
    let mut session = Session::connect(&server, None, &mut transcript)
        .await
        .unwrap();
    assert_eq!(session.max_size(), None);
    let to = vec!["a@example.com".to_owned()];
    session
        .send(USER, &to, &message(1), &mut transcript)
        .await
        .unwrap();
    assert!(
        test.commands()
            .iter()
            .all(|c| !c.starts_with("MAIL FROM") || !c.contains("SIZE=")),
        "{:?}",
        test.commands()
    );
}

#[tokio::test]
async fn reset_after_the_final_dot_is_unconfirmed_not_transient() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Reset {
            phase: Phase::EndOfData,
        }],
        ..ServerConfig::default()
    })
    .await;
    let server = server_for(&test, AccountSecurity::None, None);
    let (result, transcript) = send_once(&server, None, &["a@example.com"]).await;
    let error = result.unwrap_err();
    assert_eq!(
        (error.kind, error.problem.clone()),
        (
            ErrorKind::Unconfirmed,
            Problem::ConnectionLost(Step::EndOfData)
        ),
        "{transcript}"
    );
    let text = error.to_string();
    assert!(text.contains("may have been delivered"), "{text}");
    assert!(!text.contains("try again"), "{text}");
    assert_eq!(test.transactions().len(), 1, "the server got the message");
}

#[tokio::test]
async fn reset_after_the_final_dot_over_tls_is_unconfirmed() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Reset {
            phase: Phase::EndOfData,
        }],
        ..starttls_auth()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let server = server_for(
        &test,
        AccountSecurity::Starttls,
        Some(test.write_ca_file(dir.path())),
    );
    let (result, _) = send_once(&server, Some(&creds(PASS)), &["a@example.com"]).await;
    assert_eq!(result.unwrap_err().kind, ErrorKind::Unconfirmed);
    assert_eq!(test.transactions().len(), 1);
}

#[tokio::test]
async fn no_answer_after_the_final_dot_is_unconfirmed_and_says_so() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Delay {
            phase: Phase::EndOfData,
            delay: Duration::from_secs(3),
        }],
        ..ServerConfig::default()
    })
    .await;
    let mut server = server_for(&test, AccountSecurity::None, None);
    server.timeout = Duration::from_millis(500);
    let (result, _) = send_once(&server, None, &["a@example.com"]).await;
    let error = result.unwrap_err();
    assert_eq!(
        (error.kind, error.problem.clone()),
        (ErrorKind::Unconfirmed, Problem::Timeout(Step::EndOfData))
    );
    assert!(!error.describe().contains("try again"), "{error}");
}

#[tokio::test]
async fn a_big_message_lost_mid_body_is_transient() {
    // Far more than socket buffers hold, so the write fails before the dot.
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::DropDuringData],
        ..ServerConfig::default()
    })
    .await;
    let server = server_for(&test, AccountSecurity::None, None);
    let mut raw = message(1);
    for _ in 0..200_000 {
        raw.extend_from_slice(
            b"0123456789012345678901234567890123456789012345678901234567890123456789\r\n",
        );
    }
    let mut transcript = Transcript::default();
    let to = vec!["a@example.com".to_owned()];
    let result = smtp::send_message(&server, None, USER, &to, &raw, &mut transcript).await;
    let error = result.unwrap_err();
    assert_eq!(
        (error.kind, error.problem.clone()),
        (ErrorKind::Transient, Problem::ConnectionLost(Step::Content)),
        "{transcript}"
    );
    assert!(error.describe().contains("try again"), "{error}");
    assert!(test.transactions().is_empty());
}

#[tokio::test]
async fn a_big_message_with_dot_lines_and_bare_line_ends_arrives_exactly() {
    let test = TestServer::start(ServerConfig::default()).await;
    let server = server_for(&test, AccountSecurity::None, None);
    // Chunk boundaries (64 KiB) fall inside lines, before dots and between
    // CR and LF.
    let mut raw = b"Subject: big\r\n\r\n".to_vec();
    let mut expected = raw.clone();
    for n in 0..60_000u32 {
        let line = format!(".{n} line\r\n");
        raw.extend_from_slice(line.as_bytes());
        expected.extend_from_slice(line.as_bytes());
        if n % 7 == 0 {
            raw.extend_from_slice(b"bare\n.\n");
            expected.extend_from_slice(b"bare\r\n.\r\n");
        }
    }
    let mut transcript = Transcript::default();
    let to = vec!["a@example.com".to_owned()];
    smtp::send_message(&server, None, USER, &to, &raw, &mut transcript)
        .await
        .unwrap();
    let received = test.received();
    assert_eq!(received.len(), 1);
    assert!(received[0].data == expected, "content changed on the way");
}

#[tokio::test]
async fn the_transcript_holds_the_servers_lines_as_sent_and_starttls_says_ehlo_twice() {
    let test = TestServer::start(ServerConfig {
        size_limit: Some(1_000_000),
        ..starttls_auth()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let server = server_for(
        &test,
        AccountSecurity::Starttls,
        Some(test.write_ca_file(dir.path())),
    );
    let mut transcript = Transcript::default();
    let session = Session::connect(&server, Some(&creds(PASS)), &mut transcript)
        .await
        .unwrap();
    // SIZE read from the EHLO after TLS, without asking again.
    assert_eq!(session.max_size(), Some(1_000_000));
    assert!(session.supports_8bitmime());
    let ehlos = test
        .commands()
        .iter()
        .filter(|c| c.starts_with("EHLO"))
        .count();
    assert_eq!(ehlos, 2, "{:?}", test.commands());
    let server_lines: Vec<&str> = transcript
        .lines
        .iter()
        .filter(|l| l.speaker == Speaker::Server)
        .map(|l| l.text.as_str())
        .collect();
    let text = transcript.to_string();
    assert_eq!(
        server_lines[0], "220 localhost ESMTP Hudhud test server",
        "{text}"
    );
    // The EHLO reply after TLS, line by line, as the server wrote it.
    let after_tls = server_lines
        .iter()
        .rposition(|l| l.starts_with("250-localhost greets"))
        .unwrap();
    assert_eq!(
        &server_lines[after_tls + 1..after_tls + 5],
        &[
            "250-8BITMIME",
            "250-SMTPUTF8",
            "250-SIZE 1000000",
            "250 AUTH PLAIN LOGIN"
        ],
        "{text}"
    );
    assert!(!text.contains("EightBitMime"), "no summary lines: {text}");
    // Every client line is what the server received (AUTH redacted).
    let client: Vec<&str> = transcript
        .lines
        .iter()
        .filter(|l| l.speaker == Speaker::Client)
        .map(|l| l.text.as_str())
        .collect();
    let commands = test.commands();
    assert_eq!(client.len(), commands.len(), "{text}\n{commands:?}");
    for (shown, sent) in client.iter().zip(&commands) {
        if sent.starts_with("AUTH") {
            assert_eq!(*shown, "AUTH PLAIN [redacted]");
        } else {
            assert_eq!(shown, sent);
        }
    }
}

#[tokio::test]
async fn the_ehlo_name_is_a_domain_or_an_address_literal() {
    let test = TestServer::start(ServerConfig::default()).await;
    let server = server_for(&test, AccountSecurity::None, None);
    let (result, _) = send_once(&server, None, &["a@example.com"]).await;
    result.unwrap();
    let ehlo = test
        .commands()
        .into_iter()
        .find(|c| c.starts_with("EHLO "))
        .unwrap();
    let name = &ehlo["EHLO ".len()..];
    let host = hostname_of_this_machine();
    if host.contains('.') {
        assert_eq!(name, host.trim_end_matches('.'));
    } else {
        // We connected to 127.0.0.1, so that is our end too.
        assert_eq!(name, "[127.0.0.1]", "bare host name {host:?} not used");
    }
}

fn hostname_of_this_machine() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_same_address_in_to_and_bcc_gets_one_rcpt() {
    let test = TestServer::start(ServerConfig::default()).await;
    let server = server_for(&test, AccountSecurity::None, None);
    let (result, _) = send_once(
        &server,
        None,
        &["a@example.com", "b@example.com", "A@Example.com"],
    )
    .await;
    result.unwrap();
    let rcpts: Vec<String> = test
        .commands()
        .into_iter()
        .filter(|c| c.starts_with("RCPT"))
        .collect();
    assert_eq!(
        rcpts,
        vec!["RCPT TO:<a@example.com>", "RCPT TO:<b@example.com>"]
    );
    assert_eq!(
        test.received()[0].rcpt_to,
        vec!["a@example.com", "b@example.com"]
    );
}

#[tokio::test]
async fn every_recipient_is_asked_and_the_refused_ones_are_listed() {
    let refuse = |address: &str, code: u16| Fault::Reply {
        phase: Phase::RcptTo,
        code,
        text: format!("{code} <{address}> not here"),
        only_rcpt: Some(address.into()),
    };
    let test = TestServer::start(ServerConfig {
        faults: vec![
            refuse("later@example.com", 450),
            refuse("gone@example.com", 550),
            refuse("lost@example.com", 551),
        ],
        ..ServerConfig::default()
    })
    .await;
    let server = server_for(&test, AccountSecurity::None, None);
    let to = [
        "ok@example.com",
        "later@example.com",
        "gone@example.com",
        "fine@example.com",
        "lost@example.com",
    ];
    let (result, _) = send_once(&server, None, &to).await;
    let error = result.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Permanent);
    assert_eq!(
        error.problem,
        Problem::RecipientRefused("gone@example.com".into())
    );
    assert_eq!(error.reply.as_ref().map(|r| r.code), Some(550));
    assert_eq!(
        error.refused_recipients,
        vec!["gone@example.com", "lost@example.com"]
    );
    let text = error.describe();
    assert!(
        text.contains("gone@example.com, lost@example.com"),
        "{text}"
    );
    let commands = test.commands();
    let rcpts = commands.iter().filter(|c| c.starts_with("RCPT")).count();
    assert_eq!(rcpts, 5, "every recipient asked: {commands:?}");
    assert!(commands.iter().any(|c| c == "RSET"), "{commands:?}");
    assert!(commands.iter().all(|c| c != "DATA"), "nobody gets it");
    assert!(test.transactions().is_empty());
}

#[tokio::test]
async fn only_temporary_recipient_refusals_are_transient() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Reply {
            phase: Phase::RcptTo,
            code: 451,
            text: "4.3.0 try later".into(),
            only_rcpt: Some("later@example.com".into()),
        }],
        ..ServerConfig::default()
    })
    .await;
    let server = server_for(&test, AccountSecurity::None, None);
    let (result, _) = send_once(&server, None, &["later@example.com", "ok@example.com"]).await;
    let error = result.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Transient);
    assert_eq!(
        error.problem,
        Problem::RecipientRefused("later@example.com".into())
    );
    assert!(error.refused_recipients.is_empty());
    assert_eq!(
        test.commands()
            .iter()
            .filter(|c| c.starts_with("RCPT"))
            .count(),
        2
    );
}

#[tokio::test]
async fn body_8bitmime_only_for_8bit_content_and_only_where_offered() {
    let arabic = "From: a@example.com\r\nSubject: =?utf-8?b?2YXYsdit2KjYpw==?=\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nمرحبا\r\n"
        .as_bytes()
        .to_vec();
    for offered in [true, false] {
        let test = TestServer::start(ServerConfig {
            advertise_8bitmime: offered,
            ..ServerConfig::default()
        })
        .await;
        let server = server_for(&test, AccountSecurity::None, None);
        let mut transcript = Transcript::default();
        let mut session = Session::connect(&server, None, &mut transcript)
            .await
            .unwrap();
        assert_eq!(session.supports_8bitmime(), offered);
        let to = vec!["a@example.com".to_owned()];
        session
            .send(USER, &to, &message(1), &mut transcript)
            .await
            .unwrap();
        if offered {
            session
                .send(USER, &to, &arabic, &mut transcript)
                .await
                .unwrap();
        }
        session.quit(&mut transcript).await;
        let mails: Vec<String> = test
            .commands()
            .into_iter()
            .filter(|c| c.starts_with("MAIL"))
            .collect();
        assert!(
            !mails[0].contains("BODY="),
            "ASCII goes as it is: {mails:?}"
        );
        if offered {
            assert!(mails[1].ends_with(" BODY=8BITMIME"), "{mails:?}");
        }
    }
}

#[tokio::test]
async fn an_envelope_address_cannot_inject_a_command() {
    let test = TestServer::start(ServerConfig::default()).await;
    let server = server_for(&test, AccountSecurity::None, None);
    let (result, _) = send_once(
        &server,
        None,
        &["a@example.com>\r\nRCPT TO:<evil@example.com"],
    )
    .await;
    let error = result.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Permanent);
    assert!(
        matches!(error.problem, Problem::BadAddress { .. }),
        "{error:?}"
    );
    assert!(test.commands().iter().all(|c| !c.starts_with("RCPT")));
}

#[tokio::test]
async fn a_ca_file_that_is_not_a_regular_file_is_refused_without_reading_it() {
    let test = TestServer::start(starttls_auth()).await;
    let dir = tempfile::tempdir().unwrap();
    for path in [dir.path().to_path_buf(), "/dev/zero".into()] {
        let server = server_for(&test, AccountSecurity::Starttls, Some(path.clone()));
        let (result, _) = send_once(&server, Some(&creds(PASS)), &["a@example.com"]).await;
        let error = result.unwrap_err();
        assert_eq!(error.kind, ErrorKind::Config, "{path:?}");
        assert!(
            error.describe().contains("not a regular file"),
            "{}",
            error.describe()
        );
    }
    assert_eq!(test.connections(), 0);
}

#[tokio::test]
async fn auth_login_answers_both_challenges_and_redacts_them() {
    let test = TestServer::start(ServerConfig {
        advertise_auth_mechs: Some(vec!["LOGIN".into()]),
        ..starttls_auth()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let server = server_for(
        &test,
        AccountSecurity::Starttls,
        Some(test.write_ca_file(dir.path())),
    );
    let (result, transcript) = send_once(&server, Some(&creds(PASS)), &["a@example.com"]).await;
    assert_eq!(result.unwrap().code, 250);
    assert_eq!(test.auth_successes(), 1);
    let text = transcript.to_string();
    assert!(
        text.contains("C: AUTH LOGIN\nS: 334 VXNlcm5hbWU6\nC: [redacted]\nS: 334 UGFzc3dvcmQ6\nC: [redacted]\nS: 235"),
        "{text}"
    );
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(PASS);
    assert!(!text.contains(&encoded) && !text.contains(PASS), "{text}");
}

#[tokio::test]
async fn a_server_that_does_not_know_ehlo_is_asked_with_helo() {
    let test = plain_replying(Phase::Ehlo, 502, "5.5.1 command not implemented").await;
    let server = server_for(&test, AccountSecurity::None, None);
    let (result, _) = send_once(&server, None, &["a@example.com"]).await;
    // The fault answers HELO the same way, so the session ends there.
    let error = result.unwrap_err();
    assert_eq!(
        (error.kind, error.problem),
        (ErrorKind::Permanent, Problem::Rejected(Step::Ehlo))
    );
    let commands = test.commands();
    assert!(commands[0].starts_with("EHLO "), "{commands:?}");
    assert!(commands[1].starts_with("HELO "), "{commands:?}");
}

#[tokio::test]
async fn plain_text_after_the_starttls_reply_is_not_taken_as_encrypted() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Flood {
            phase: Phase::StartTls,
            prefix: "220 2.0.0 go ahead\r\n250-injected\r\n".into(),
            repeat: "250-x\r\n".into(),
        }],
        ..starttls_auth()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let server = server_for(
        &test,
        AccountSecurity::Starttls,
        Some(test.write_ca_file(dir.path())),
    );
    let (result, _) = send_once(&server, Some(&creds(PASS)), &["a@example.com"]).await;
    let error = result.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Transient);
    assert!(matches!(error.problem, Problem::Protocol(_)), "{error:?}");
    assert!(test.commands().iter().all(|c| !c.starts_with("AUTH")));
}
