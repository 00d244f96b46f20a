//! The outbox worker against the test server: each fault ends in the state
//! the design promises, transient ones end in sent once the fault is gone,
//! and one connection carries a whole batch.

mod support;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use chrono::Utc;
use hudhud::compose::Outgoing;
use hudhud::config::{Account, AuthMethod, Security as AccountSecurity, Settings};
use hudhud::outbox::{DrainReport, Folder, PasswordSource, Spool, State, drain_account};
use hudhud::smtp::{Credentials, ErrorKind, Problem};
use support::smtp_server::{Fault, Phase, Security, ServerConfig, TestServer};

const USER: &str = "sender@example.com";
const PASS: &str = "s3cret";

struct Fixture {
    _dir: tempfile::TempDir,
    spool: Spool,
    account: Account,
    settings: Settings,
    passwords: PasswordSource,
}

impl Fixture {
    fn new(
        port: u16,
        security: AccountSecurity,
        ca: Option<std::path::PathBuf>,
        auth: bool,
    ) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let spool = Spool::open(dir.path()).unwrap();
        let account = Account {
            name: "work".into(),
            email: USER.into(),
            host: "localhost".into(),
            port: Some(port),
            security,
            auth: if auth {
                AuthMethod::Password
            } else {
                AuthMethod::None
            },
            ca_file: ca,
            ..Default::default()
        };
        let settings = Settings {
            timeout_secs: 5,
            ..Settings::default()
        };
        let passwords: PasswordSource = Arc::new(|account: &Account| {
            Ok(account.needs_password().then(|| Credentials {
                username: account.username().into(),
                password: PASS.into(),
            }))
        });
        Fixture {
            _dir: dir,
            spool,
            account,
            settings,
            passwords,
        }
    }

    fn plain(test: &TestServer) -> Fixture {
        Fixture::new(test.port(), AccountSecurity::None, None, false)
    }

    fn queue(&self, n: usize, to: &[&str]) -> String {
        let outgoing = Outgoing {
            message_id: format!("<q{n}.{}@example.com>", uuid()),
            envelope_from: USER.into(),
            envelope_to: to.iter().map(|s| s.to_string()).collect(),
            raw: format!("From: {USER}\r\nSubject: {n}\r\n\r\nbody {n}\r\n").into_bytes(),
        };
        self.spool
            .enqueue("work", &outgoing, &format!("message {n}"), None, None)
            .unwrap()
            .id
    }

    async fn drain(&self) -> DrainReport {
        let never = AtomicBool::new(false);
        drain_account(
            &self.spool,
            &self.account,
            &self.settings,
            &self.passwords,
            None,
            &never,
        )
        .await
        .unwrap()
    }

    fn state(&self, id: &str) -> (State, Folder) {
        let (entry, folder) = self.spool.find(id).expect("entry exists");
        (entry.state, folder)
    }

    /// Makes deferred messages due now, as time passing would.
    fn fast_forward(&self) {
        let mut lock = self
            .spool
            .lock("work", Duration::from_secs(1))
            .unwrap()
            .unwrap();
        for entry in self.spool.list(Folder::Outbox) {
            if entry.state == State::Deferred {
                lock.retry(&entry.id).unwrap();
            }
        }
    }
}

fn uuid() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

fn reply(phase: Phase, code: u16, text: &str) -> Fault {
    Fault::Reply {
        phase,
        code,
        text: text.into(),
        only_rcpt: None,
    }
}

#[tokio::test]
async fn temporary_failure_defers_then_sends_once_the_fault_is_gone() {
    let test = TestServer::start(ServerConfig {
        faults: vec![reply(Phase::RcptTo, 450, "4.2.0 mailbox busy")],
        ..ServerConfig::default()
    })
    .await;
    let f = Fixture::plain(&test);
    let id = f.queue(1, &["a@example.com"]);
    let report = f.drain().await;
    assert_eq!(report.deferred, 1);
    let (entry, _) = f.spool.find(&id).unwrap();
    assert_eq!(entry.state, State::Deferred);
    assert_eq!(entry.attempts, 1);
    let next = entry.next_attempt.unwrap();
    let wait = (next - Utc::now()).num_seconds();
    assert!(
        (40..=75).contains(&wait),
        "first retry after about a minute, got {wait}s"
    );
    assert_eq!(
        entry
            .last_error
            .as_ref()
            .unwrap()
            .reply
            .as_ref()
            .unwrap()
            .code,
        450
    );
    assert!(!entry.history[0].transcript.lines.is_empty());

    // Not due yet: a drain now does nothing.
    assert_eq!(f.drain().await, DrainReport::default());

    test.set_faults(vec![]);
    f.fast_forward();
    let report = f.drain().await;
    assert_eq!(report.sent, 1);
    let (entry, folder) = f.spool.find(&id).unwrap();
    assert_eq!((entry.state, folder), (State::Sent, Folder::Sent));
    assert_eq!(entry.final_reply.unwrap().code, 250);
    assert_eq!(test.received().len(), 1);
}

#[tokio::test]
async fn permanent_failure_goes_to_failed_with_the_reply() {
    let test = TestServer::start(ServerConfig {
        faults: vec![reply(Phase::MailFrom, 553, "5.7.1 sender not allowed")],
        ..ServerConfig::default()
    })
    .await;
    let f = Fixture::plain(&test);
    let id = f.queue(1, &["a@example.com"]);
    assert_eq!(f.drain().await.failed, 1);
    let (entry, folder) = f.spool.find(&id).unwrap();
    assert_eq!((entry.state, folder), (State::Failed, Folder::Failed));
    let error = entry.last_error.unwrap();
    assert_eq!(error.kind, ErrorKind::Permanent);
    assert_eq!(error.reply.unwrap().text, "5.7.1 sender not allowed");
}

#[tokio::test]
async fn refused_password_holds_the_account_until_fixed() {
    let test = TestServer::start(ServerConfig {
        security: Security::ImplicitTls,
        auth: Some((USER.into(), "other password".into())),
        ..ServerConfig::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let f = Fixture::new(
        test.port(),
        AccountSecurity::Tls,
        Some(test.write_ca_file(dir.path())),
        true,
    );
    let a = f.queue(1, &["a@example.com"]);
    let b = f.queue(2, &["b@example.com"]);
    let report = f.drain().await;
    assert_eq!(report.held, 2);
    assert_eq!(
        test.connections(),
        1,
        "a refused password is not retried per message"
    );
    assert_eq!(f.state(&a).0, State::Held);
    // Held messages are not retried by themselves.
    assert_eq!(f.drain().await, DrainReport::default());
    assert_eq!(test.connections(), 1);
    // The user fixes the password (here: the server now accepts it) and releases them.
    test.set_faults(vec![]);
    let fixed = TestServer::start(ServerConfig {
        security: Security::ImplicitTls,
        auth: Some((USER.into(), PASS.into())),
        ..ServerConfig::default()
    })
    .await;
    let mut f = f;
    f.account.port = Some(fixed.port());
    f.account.ca_file = Some(fixed.write_ca_file(dir.path()));
    f.spool
        .lock("work", Duration::from_secs(1))
        .unwrap()
        .unwrap()
        .release_held()
        .unwrap();
    assert_eq!(f.drain().await.sent, 2);
    assert_eq!(f.state(&b), (State::Sent, Folder::Sent));
}

#[tokio::test]
async fn drop_after_the_dot_is_unconfirmed_and_never_resent_by_itself() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Drop {
            phase: Phase::EndOfData,
        }],
        ..ServerConfig::default()
    })
    .await;
    let f = Fixture::plain(&test);
    let id = f.queue(1, &["a@example.com"]);
    assert_eq!(f.drain().await.unconfirmed, 1);
    assert_eq!(f.state(&id), (State::Unconfirmed, Folder::Outbox));
    test.set_faults(vec![]);
    f.fast_forward();
    f.drain().await;
    assert_eq!(test.transactions().len(), 1, "not sent a second time");
    // The user says: send it again.
    f.spool
        .lock("work", Duration::from_secs(1))
        .unwrap()
        .unwrap()
        .resend(&id)
        .unwrap();
    assert_eq!(f.drain().await.sent, 1);
    assert_eq!(test.transactions().len(), 2);
}

#[tokio::test]
async fn one_bad_message_does_not_block_the_others() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Reply {
            phase: Phase::RcptTo,
            code: 550,
            text: "5.1.1 no such user".into(),
            only_rcpt: Some("nobody@example.com".into()),
        }],
        ..ServerConfig::default()
    })
    .await;
    let f = Fixture::plain(&test);
    let ids: Vec<String> = (0..5)
        .map(|n| {
            let to = if n == 2 {
                "nobody@example.com"
            } else {
                "a@example.com"
            };
            f.queue(n, &["ok@example.com", to])
        })
        .collect();
    let report = f.drain().await;
    assert_eq!((report.sent, report.failed), (4, 1));
    assert_eq!(f.state(&ids[2]), (State::Failed, Folder::Failed));
    assert_eq!(test.connections(), 1, "the batch shared one connection");
    assert_eq!(test.received().len(), 4);
}

#[tokio::test]
async fn dropped_connection_mid_batch_reconnects_for_the_rest() {
    let test = TestServer::start(ServerConfig::default()).await;
    let f = Fixture::plain(&test);
    let ids: Vec<String> = (0..3).map(|n| f.queue(n, &["a@example.com"])).collect();
    test.set_faults(vec![Fault::DropDuringData]);
    let report = f.drain().await;
    assert_eq!(report.deferred, 3, "{report:?}");
    test.set_faults(vec![]);
    f.fast_forward();
    assert_eq!(f.drain().await.sent, 3);
    for id in &ids {
        assert_eq!(f.state(id), (State::Sent, Folder::Sent));
    }
}

#[tokio::test]
async fn a_success_brings_the_accounts_deferred_messages_forward() {
    let test = TestServer::start(ServerConfig {
        faults: vec![reply(Phase::Greeting, 421, "4.3.2 too busy")],
        ..ServerConfig::default()
    })
    .await;
    let f = Fixture::plain(&test);
    let first = f.queue(1, &["a@example.com"]);
    assert_eq!(f.drain().await.deferred, 1);
    test.set_faults(vec![]);
    // A new message goes through; the deferred one follows at once.
    let second = f.queue(2, &["a@example.com"]);
    assert_eq!(f.drain().await.sent, 2);
    assert_eq!(f.state(&first).1, Folder::Sent);
    assert_eq!(f.state(&second).1, Folder::Sent);
}

#[tokio::test]
async fn fifty_messages_wait_for_a_server_that_is_down_then_go_once_each() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let f = Fixture::new(port, AccountSecurity::None, None, false);
    let ids: Vec<String> = (0..50).map(|n| f.queue(n, &["a@example.com"])).collect();
    let report = f.drain().await;
    assert_eq!(report.deferred, 50);
    for entry in f.spool.list(Folder::Outbox) {
        assert_eq!(entry.state, State::Deferred);
        assert!(entry.next_attempt.unwrap() > Utc::now());
    }
    let test = TestServer::start_on(port, ServerConfig::default()).await;
    f.fast_forward();
    let report = f.drain().await;
    assert_eq!(report.sent, 50);
    let received = test.received();
    assert_eq!(received.len(), 50);
    let mut subjects: Vec<String> = received
        .iter()
        .map(|r| {
            String::from_utf8_lossy(&r.data)
                .lines()
                .nth(1)
                .unwrap()
                .to_owned()
        })
        .collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 50, "each message exactly once");
    assert_eq!(test.connections(), 1);
    for id in &ids {
        assert_eq!(f.state(id).1, Folder::Sent);
    }
}

#[tokio::test]
async fn expired_lifetime_turns_a_transient_failure_into_failed() {
    let test = TestServer::start(ServerConfig {
        faults: vec![reply(Phase::MailFrom, 451, "4.3.0 later")],
        ..ServerConfig::default()
    })
    .await;
    let mut f = Fixture::plain(&test);
    f.settings.retry_lifetime_days = 0;
    let id = f.queue(1, &["a@example.com"]);
    assert_eq!(f.drain().await.failed, 1);
    assert_eq!(f.state(&id), (State::Failed, Folder::Failed));
}

#[tokio::test]
async fn a_message_too_big_for_the_server_fails_at_once_and_the_rest_go() {
    let test = TestServer::start(ServerConfig {
        size_limit: Some(200),
        ..ServerConfig::default()
    })
    .await;
    let f = Fixture::plain(&test);
    let big = f
        .spool
        .enqueue(
            "work",
            &Outgoing {
                message_id: format!("<big.{}@example.com>", uuid()),
                envelope_from: USER.into(),
                envelope_to: vec!["a@example.com".into()],
                raw: format!(
                    "From: {USER}\r\nSubject: big\r\n\r\n{}\r\n",
                    "x".repeat(500)
                )
                .into_bytes(),
            },
            "big",
            None,
            None,
        )
        .unwrap()
        .id;
    let small = f.queue(1, &["b@example.com"]);
    let report = f.drain().await;
    assert_eq!((report.failed, report.sent), (1, 1));
    let (entry, folder) = f.spool.find(&big).unwrap();
    assert_eq!((entry.state, folder), (State::Failed, Folder::Failed));
    let error = entry.last_error.unwrap();
    assert_eq!(error.kind, ErrorKind::Permanent);
    assert!(matches!(error.problem, Problem::TooBig { limit: 200, .. }));
    assert_eq!(f.state(&small).0, State::Sent);
    assert_eq!(test.received().len(), 1);
    assert_eq!(test.connections(), 1);
    // Remembered for the window's warning.
    assert_eq!(f.spool.size_limits().get("work"), Some(&200));
    assert_eq!(f.spool.size_limit("work"), Some(200));
}

/// The Date header of a message that waited for a chosen time.
fn date_of(raw: &[u8]) -> chrono::DateTime<chrono::FixedOffset> {
    let text = String::from_utf8_lossy(raw);
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("Date: "))
        .expect("a Date header");
    chrono::DateTime::parse_from_rfc2822(line).unwrap()
}

#[tokio::test]
async fn a_scheduled_message_is_dated_when_it_goes_and_sendmails_bytes_stay_as_given() {
    let test = TestServer::start(ServerConfig::default()).await;
    let f = Fixture::plain(&test);
    // Scheduled a little ahead, as the window and `hudhud send --at` do.
    let at = Utc::now() + chrono::Duration::seconds(2);
    let draft = hudhud::compose::Draft {
        to: vec!["a@example.com".into()],
        subject: "later".into(),
        body: "Hello".into(),
        ..Default::default()
    };
    let how = hudhud::services::outbox::Queue {
        at: Some(at),
        ..Default::default()
    };
    let scheduled = hudhud::services::outbox::queue(&f.spool, &f.account, &draft, &how)
        .unwrap()
        .entry;
    let queued_bytes = f.spool.raw(Folder::Outbox, &scheduled.id).unwrap();
    let queued_date = date_of(&queued_bytes);
    // Passed through from sendmail, dated long ago on purpose.
    let given = b"From: sender@example.com\r\nDate: Sun, 29 Nov 2026 14:00:00 +0000\r\nSubject: alert\r\n\r\nhi\r\n";
    let outgoing = Outgoing {
        message_id: format!("<sm.{}@example.com>", uuid()),
        envelope_from: USER.into(),
        envelope_to: vec!["b@example.com".into()],
        raw: given.to_vec(),
    };
    let passed = f
        .spool
        .enqueue("work", &outgoing, "alert", None, None)
        .unwrap();

    assert_eq!(
        f.drain().await.sent,
        1,
        "only sendmail's goes before its time"
    );
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(f.drain().await.sent, 1);

    let received = test.received();
    assert_eq!(received.len(), 2);
    assert_eq!(
        received[0].data,
        given.to_vec(),
        "sendmail's bytes untouched"
    );
    assert_eq!(
        f.spool.raw(Folder::Sent, &passed.id).unwrap(),
        given.to_vec()
    );

    let went = &received[1].data;
    let dated = date_of(went);
    assert!(
        dated > queued_date,
        "{dated} is not later than {queued_date}"
    );
    assert!(
        dated.timestamp() >= at.timestamp(),
        "dated {dated}, before its time {at}"
    );
    let kept = f.spool.raw(Folder::Sent, &scheduled.id).unwrap();
    assert_eq!(&kept, went, "the bytes kept are the bytes sent");
    // Only the Date changed.
    assert_eq!(
        String::from_utf8_lossy(&kept).replace(&dated.to_rfc2822(), ""),
        String::from_utf8_lossy(&queued_bytes).replace(&queued_date.to_rfc2822(), "")
    );
    let (entry, _) = f.spool.find(&scheduled.id).unwrap();
    assert!(!entry.scheduled, "dated once: a resend keeps these bytes");
}
