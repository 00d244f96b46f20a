//! The outbox against Postfix's smtp-sink and its fault flags: -r (4xx),
//! -f (5xx), -q (drop), -Q (421), -W (delay). Each fault ends in the state
//! the design promises; transient ones end in sent once the fault is gone.

#![cfg(unix)]

mod support;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use hudhud::compose::Outgoing;
use hudhud::config::{Account, AuthMethod, Security, Settings};
use hudhud::outbox::{DrainReport, Folder, PasswordSource, Spool, State, drain_account};
use hudhud::smtp::ErrorKind;
use support::peers::peer_missing;

struct Sink {
    child: Child,
    port: u16,
}

impl Sink {
    /// Starts smtp-sink on `port` (0 = a free one) with extra flags.
    fn start(port: u16, flags: &[&str]) -> Option<Sink> {
        let binary = ["/usr/sbin/smtp-sink", "/usr/bin/smtp-sink"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists());
        let Some(binary) = binary else {
            peer_missing("Postfix smtp-sink (package postfix)");
            return None;
        };
        let port = if port == 0 {
            TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port()
        } else {
            port
        };
        let mut command = Command::new(binary);
        // As root, smtp-sink must be told which user to become.
        if is_root() {
            command.args(["-u", "postfix"]);
        }
        let child = command
            .args(flags)
            .arg(format!("127.0.0.1:{port}"))
            .arg("100")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let deadline = Instant::now() + Duration::from_secs(5);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "smtp-sink did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(Sink { child, port })
    }
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Queue {
    _dir: tempfile::TempDir,
    spool: Spool,
    account: Account,
    settings: Settings,
}

impl Queue {
    fn new(port: u16) -> Queue {
        let dir = tempfile::tempdir().unwrap();
        Queue {
            spool: Spool::open(dir.path()).unwrap(),
            _dir: dir,
            account: Account {
                name: "sink".into(),
                email: "cron@example.com".into(),
                host: "127.0.0.1".into(),
                port: Some(port),
                security: Security::None,
                auth: AuthMethod::None,
                ..Default::default()
            },
            settings: Settings {
                timeout_secs: 3,
                ..Settings::default()
            },
        }
    }

    fn queue(&self) -> String {
        let outgoing = Outgoing {
            message_id: "<sink@example.com>".into(),
            envelope_from: "cron@example.com".into(),
            envelope_to: vec!["ops@example.com".into()],
            raw: b"From: cron@example.com\r\nSubject: disk full\r\n\r\n/var at 99%\r\n".to_vec(),
        };
        self.spool
            .enqueue("sink", &outgoing, "disk full", None, None)
            .unwrap()
            .id
    }

    async fn drain(&self) -> DrainReport {
        let passwords: PasswordSource = Arc::new(|_: &Account| Ok(None));
        drain_account(
            &self.spool,
            &self.account,
            &self.settings,
            &passwords,
            None,
            &AtomicBool::new(false),
        )
        .await
        .unwrap()
    }

    fn state(&self, id: &str) -> (State, Folder, Option<ErrorKind>) {
        let (e, folder) = self.spool.find(id).unwrap();
        (e.state, folder, e.last_error.map(|x| x.kind))
    }

    fn retry(&self, id: &str) {
        self.spool
            .lock("sink", Duration::from_secs(1))
            .unwrap()
            .unwrap()
            .retry(id)
            .unwrap();
    }
}

/// Runs one fault, checks its state, then (for transient ones) restarts the
/// sink without the fault and checks the retry sends it.
async fn fault_case(flags: &[&str], expected: State, kind: Option<ErrorKind>) {
    let Some(sink) = Sink::start(0, flags) else {
        return;
    };
    let q = Queue::new(sink.port);
    let id = q.queue();
    q.drain().await;
    let (state, _, error_kind) = q.state(&id);
    assert_eq!((state, error_kind), (expected, kind), "flags {flags:?}");
    if expected == State::Deferred {
        let port = sink.port;
        drop(sink);
        let _healthy = Sink::start(port, &[]).unwrap();
        q.retry(&id);
        assert_eq!(q.drain().await.sent, 1);
        assert_eq!(q.state(&id).1, Folder::Sent);
    }
}

#[tokio::test]
async fn sink_accepts_and_the_message_is_sent() {
    fault_case(&[], State::Sent, None).await;
}

#[tokio::test]
async fn soft_reject_at_rcpt_is_deferred_then_sent() {
    fault_case(&["-r", "rcpt"], State::Deferred, Some(ErrorKind::Transient)).await;
}

#[tokio::test]
async fn hard_reject_at_rcpt_is_failed() {
    fault_case(&["-f", "rcpt"], State::Failed, Some(ErrorKind::Permanent)).await;
}

#[tokio::test]
async fn hard_reject_after_data_is_failed() {
    fault_case(&["-f", "."], State::Failed, Some(ErrorKind::Permanent)).await;
}

#[tokio::test]
async fn drop_at_mail_is_deferred_then_sent() {
    fault_case(&["-q", "mail"], State::Deferred, Some(ErrorKind::Transient)).await;
}

#[tokio::test]
async fn drop_after_the_dot_is_unconfirmed() {
    fault_case(
        &["-q", "."],
        State::Unconfirmed,
        Some(ErrorKind::Unconfirmed),
    )
    .await;
}

#[tokio::test]
async fn service_unavailable_421_is_deferred_then_sent() {
    fault_case(&["-Q", "rcpt"], State::Deferred, Some(ErrorKind::Transient)).await;
}

#[tokio::test]
async fn slow_reply_beyond_the_timeout_is_deferred_then_sent() {
    fault_case(
        &["-W", "mail:5"],
        State::Deferred,
        Some(ErrorKind::Transient),
    )
    .await;
}

#[tokio::test]
async fn slow_reply_within_the_timeout_is_sent() {
    let Some(sink) = Sink::start(0, &["-W", "rcpt:1"]) else {
        return;
    };
    let q = Queue::new(sink.port);
    let id = q.queue();
    assert_eq!(q.drain().await.sent, 1);
    assert_eq!(q.state(&id).0, State::Sent);
}
