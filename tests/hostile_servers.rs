//! Servers that misbehave on purpose: replies without end, TLS where plain
//! text is due and the other way round, a reset after the final dot. The
//! client must fail fast, with bounded memory, in the state the design
//! promises, and never send a message twice. The last tests go through the
//! real binary.

mod support;

use std::time::{Duration, Instant};

use hudhud::config::Security as AccountSecurity;
use hudhud::smtp::{self, ErrorKind, Problem, Server, SmtpError, Step, Transcript};
use support::smtp_server::{Fault, Phase, Security, ServerConfig, TestServer};

const FROM: &str = "cron@example.com";

fn server_for(test: &TestServer, security: AccountSecurity, timeout: Duration) -> Server {
    Server {
        host: "localhost".into(),
        port: test.port(),
        security,
        allow_insecure: false,
        ca_file: None,
        timeout,
    }
}

fn message() -> Vec<u8> {
    format!("From: {FROM}\r\nTo: a@example.com\r\nSubject: hostile\r\n\r\nbody\r\n").into_bytes()
}

async fn send(server: &Server) -> (Result<smtp::Reply, SmtpError>, Transcript, Duration) {
    let started = Instant::now();
    let mut transcript = Transcript::default();
    let to = vec!["a@example.com".to_owned()];
    let result = smtp::send_message(server, None, FROM, &to, &message(), &mut transcript).await;
    (result, transcript, started.elapsed())
}

/// Peak resident memory of this test process so far, in KiB.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn flood(phase: Phase, prefix: &str, repeat: &str) -> ServerConfig {
    ServerConfig {
        faults: vec![Fault::Flood {
            phase,
            prefix: prefix.into(),
            repeat: repeat.into(),
        }],
        ..ServerConfig::default()
    }
}

#[tokio::test]
async fn a_greeting_without_line_end_fails_fast_with_bounded_memory() {
    let test = TestServer::start(flood(Phase::Greeting, "220 ", &"x".repeat(4096))).await;
    let before = peak_rss_kib();
    let server = server_for(&test, AccountSecurity::None, Duration::from_secs(30));
    let (result, _, elapsed) = send(&server).await;
    let error = result.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Transient, "{error:?}");
    assert!(matches!(error.problem, Problem::Protocol(_)), "{error:?}");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    let grown = peak_rss_kib().saturating_sub(before);
    assert!(grown < 20 * 1024, "peak memory grew by {grown} KiB");
}

#[tokio::test]
async fn endless_continuation_lines_fail_fast() {
    let test = TestServer::start(flood(Phase::Ehlo, "250-localhost\r\n", "250-xxxxxxxx\r\n")).await;
    let server = server_for(&test, AccountSecurity::None, Duration::from_secs(30));
    let (result, transcript, elapsed) = send(&server).await;
    let error = result.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Transient, "{error:?}");
    assert!(matches!(error.problem, Problem::Protocol(_)), "{error:?}");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    assert!(
        transcript.lines.len() < 200,
        "the transcript is bounded too"
    );
}

#[tokio::test]
async fn an_endless_reply_after_the_final_dot_is_unconfirmed() {
    let test = TestServer::start(flood(Phase::EndOfData, "", "250-ok\r\n")).await;
    let server = server_for(&test, AccountSecurity::None, Duration::from_secs(30));
    let (result, _, elapsed) = send(&server).await;
    let error = result.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Unconfirmed, "{error:?}");
    assert!(matches!(error.problem, Problem::Protocol(_)), "{error:?}");
    assert!(!error.describe().contains("try again"), "{error}");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    assert_eq!(test.transactions().len(), 1);
}

#[tokio::test]
async fn a_long_but_finite_reply_line_is_accepted() {
    // Longer than RFC 5321's 512, as real servers' lines sometimes are.
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Reply {
            phase: Phase::Greeting,
            code: 220,
            text: format!("localhost ESMTP {}", "y".repeat(3000)),
            only_rcpt: None,
        }],
        ..ServerConfig::default()
    })
    .await;
    let server = server_for(&test, AccountSecurity::None, Duration::from_secs(5));
    let (result, _, _) = send(&server).await;
    assert_eq!(result.unwrap().code, 250);
}

#[tokio::test]
async fn starttls_on_an_implicit_tls_port_is_a_config_error_within_ten_seconds() {
    let test = TestServer::start(ServerConfig {
        security: Security::ImplicitTls,
        ..ServerConfig::default()
    })
    .await;
    // The command timeout is long; the silent greeting must not wait for it.
    let server = server_for(&test, AccountSecurity::Starttls, Duration::from_secs(60));
    let (result, _, elapsed) = send(&server).await;
    let error = result.unwrap_err();
    assert_eq!(
        (error.kind, error.problem.clone()),
        (ErrorKind::Config, Problem::NoGreeting { port: test.port() })
    );
    assert!(elapsed < Duration::from_secs(12), "took {elapsed:?}");
    let text = error.describe();
    assert!(text.contains("465") && text.contains("\"tls\""), "{text}");
    assert!(test.transactions().is_empty());
}

#[tokio::test]
async fn tls_on_a_plain_port_is_a_config_error_with_the_starttls_hint() {
    let test = TestServer::start(ServerConfig {
        security: Security::StartTls,
        ..ServerConfig::default()
    })
    .await;
    let server = server_for(&test, AccountSecurity::Tls, Duration::from_secs(5));
    let (result, transcript, _) = send(&server).await;
    let error = result.unwrap_err();
    assert_eq!(
        (error.kind, error.problem.clone()),
        (ErrorKind::Config, Problem::NotTls { port: test.port() }),
        "{transcript}"
    );
    assert!(error.describe().contains("\"starttls\""), "{error}");
}

#[tokio::test]
async fn a_reply_that_is_not_smtp_fails_as_a_protocol_error() {
    let test = TestServer::start(flood(
        Phase::Greeting,
        "HTTP/1.1 400 Bad Request\r\n",
        "\r\n",
    ))
    .await;
    let server = server_for(&test, AccountSecurity::None, Duration::from_secs(5));
    let (result, _, _) = send(&server).await;
    let error = result.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Transient);
    assert!(matches!(error.problem, Problem::Protocol(_)), "{error:?}");
}

#[tokio::test]
async fn a_421_mid_session_breaks_the_session_but_not_the_process() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Reply {
            phase: Phase::MailFrom,
            code: 421,
            text: "4.3.2 shutting down".into(),
            only_rcpt: None,
        }],
        ..ServerConfig::default()
    })
    .await;
    let server = server_for(&test, AccountSecurity::None, Duration::from_secs(5));
    let mut transcript = Transcript::default();
    let mut session = smtp::Session::connect(&server, None, &mut transcript)
        .await
        .unwrap();
    let to = vec!["a@example.com".to_owned()];
    let error = session
        .send(FROM, &to, &message(), &mut transcript)
        .await
        .unwrap_err();
    assert_eq!(
        (error.kind, error.problem),
        (ErrorKind::Transient, Problem::Rejected(Step::MailFrom))
    );
    assert!(session.is_broken());
    assert!(test.commands().iter().all(|c| c != "RSET"));
}

// --- through the real binary ---------------------------------------------

struct Hudhud {
    _dir: tempfile::TempDir,
    config_dir: std::path::PathBuf,
    data_dir: std::path::PathBuf,
}

impl Hudhud {
    fn new(port: u16) -> Hudhud {
        let dir = tempfile::tempdir().unwrap();
        let config_dir = dir.path().join("config");
        let data_dir = dir.path().join("data");
        std::fs::create_dir_all(&config_dir).unwrap();
        std::fs::write(
            config_dir.join("config.toml"),
            format!(
                "[[account]]\nname = \"local\"\nemail = \"{FROM}\"\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\nauth = \"none\"\n"
            ),
        )
        .unwrap();
        Hudhud {
            _dir: dir,
            config_dir,
            data_dir,
        }
    }

    /// Runs hudhud off the test's runtime thread (the test server needs it).
    async fn run(&self, args: &[&str]) -> std::process::Output {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_hudhud"));
        command
            .args(args)
            .env("HUDHUD_CONFIG_DIR", &self.config_dir)
            .env("HUDHUD_DATA_DIR", &self.data_dir)
            .env("HUDHUD_LANG", "en")
            .stdin(std::process::Stdio::null());
        tokio::task::spawn_blocking(move || command.output().unwrap())
            .await
            .unwrap()
    }

    /// Runs hudhud and watches its peak memory (KiB) until it exits.
    async fn run_measured(&self, args: &[&str]) -> (std::process::ExitStatus, u64) {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hudhud"))
            .args(args)
            .env("HUDHUD_CONFIG_DIR", &self.config_dir)
            .env("HUDHUD_DATA_DIR", &self.data_dir)
            .env("HUDHUD_LANG", "en")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id();
        let mut peak = 0;
        loop {
            if let Some(kib) = peak_rss_of(pid) {
                peak = peak.max(kib);
            }
            if let Some(status) = child.try_wait().unwrap() {
                return (status, peak);
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    async fn only_message(&self) -> serde_json::Value {
        let list = self.run(&["outbox", "list", "--json"]).await;
        let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
        let id = list[0]["id"].as_str().expect("one message in the outbox");
        let show = self.run(&["outbox", "show", id, "--json"]).await;
        serde_json::from_slice(&show.stdout).unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_reset_after_the_dot_is_unconfirmed_exit_75_and_never_resent() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Reset {
            phase: Phase::EndOfData,
        }],
        ..ServerConfig::default()
    })
    .await;
    let hudhud = Hudhud::new(test.port());
    let sent = hudhud
        .run(&["send", "--to", "a@example.com", "--subject", "once"])
        .await;
    let stderr = String::from_utf8_lossy(&sent.stderr);
    assert_eq!(sent.status.code(), Some(75), "{stderr}");
    assert!(stderr.contains("may have been delivered"), "{stderr}");
    assert!(!stderr.contains("try again"), "{stderr}");
    let entry = hudhud.only_message().await;
    assert_eq!(entry["state"], "unconfirmed", "{entry:#}");
    // The fault goes away; flushing (twice) must still not send it again.
    test.set_faults(vec![]);
    hudhud.run(&["outbox", "flush"]).await;
    hudhud.run(&["outbox", "flush"]).await;
    assert_eq!(test.transactions().len(), 1, "the server saw it once");
    assert_eq!(hudhud.only_message().await["state"], "unconfirmed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_endless_greeting_defers_fast_with_bounded_memory() {
    let test = TestServer::start(flood(Phase::Greeting, "220 ", &"z".repeat(4096))).await;
    let hudhud = Hudhud::new(test.port());
    let started = Instant::now();
    let (status, peak) = hudhud
        .run_measured(&["send", "--to", "a@example.com", "--subject", "flood"])
        .await;
    assert_eq!(status.code(), Some(75));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    // Unbounded, this read grew to gigabytes until the process aborted.
    assert!(peak < 100 * 1024, "peak {peak} KiB");
    assert_eq!(hudhud.only_message().await["state"], "deferred");
}

/// Peak resident memory of a running process, in KiB.
fn peak_rss_of(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_sending_a_big_message_does_not_copy_it() {
    const SIZE: usize = 64 * 1024 * 1024;
    // The reply after the dot comes late, so that the process is still
    // there to be measured once the whole message went out.
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Delay {
            phase: Phase::EndOfData,
            delay: Duration::from_secs(2),
        }],
        ..ServerConfig::default()
    })
    .await;
    let hudhud = Hudhud::new(test.port());
    let mut raw = format!("From: {FROM}\r\nTo: a@example.com\r\nSubject: big\r\n\r\n").into_bytes();
    let line = [b"x".repeat(76), b"\r\n".to_vec()].concat();
    while raw.len() < SIZE {
        raw.extend_from_slice(&line);
    }
    let spool = hudhud::outbox::Spool::open(&hudhud.data_dir).unwrap();
    let outgoing = hudhud::compose::Outgoing {
        message_id: "<big@example.com>".into(),
        envelope_from: FROM.into(),
        envelope_to: vec!["a@example.com".into()],
        raw,
    };
    spool
        .enqueue("local", &outgoing, "big", None, None)
        .unwrap();
    drop(outgoing);

    let (status, peak) = hudhud.run_measured(&["outbox", "flush"]).await;
    assert!(status.success(), "{status:?}");
    assert_eq!(test.received().len(), 1);
    // The message is read once (64 MB); sending it adds chunks of 64 KiB,
    // not copies. Before, dot-stuffing copied it whole and lettre once more.
    let limit = (SIZE / 1024) as u64 + 48 * 1024;
    assert!(
        peak > 0 && peak < limit,
        "peak {peak} KiB, limit {limit} KiB"
    );
}

#[tokio::test]
async fn a_421_to_a_recipient_is_about_the_server_not_the_address() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Reply {
            phase: Phase::RcptTo,
            code: 421,
            text: "4.3.2 going down".into(),
            only_rcpt: None,
        }],
        ..ServerConfig::default()
    })
    .await;
    let server = server_for(&test, AccountSecurity::None, Duration::from_secs(5));
    let mut transcript = Transcript::default();
    let to = vec!["a@example.com".to_owned(), "b@example.com".to_owned()];
    let error = smtp::send_message(&server, None, FROM, &to, &message(), &mut transcript)
        .await
        .unwrap_err();
    assert_eq!(
        (error.kind, error.problem),
        (ErrorKind::Transient, Problem::Rejected(Step::RcptTo))
    );
    let rcpts = test
        .commands()
        .iter()
        .filter(|c| c.starts_with("RCPT"))
        .count();
    assert_eq!(rcpts, 1, "nothing more on a closing connection");
}
